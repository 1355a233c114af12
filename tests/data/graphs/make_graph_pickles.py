#!/usr/bin/env python3
"""Writes the pickled road graphs the reader tests open, from la-week's published weights
(los_adj.csv is METR-LA's adj_mx, DCRNN's Gaussian kernel of road distances).

Run from this folder: python3 make_graph_pickles.py ../../../../shared/datasets/la-week
It needs no NumPy: stand-ins with NumPy's module names pickle their arrays exactly as NumPy
does (ndarray.__reduce__ and, from protocol 5, __reduce_ex__), and the Python 2 file is
written opcode by opcode as Python 2's cPickle writes DCRNN's adj_mx.pkl (protocol 2), or as
its pickle.dump writes by default (protocol 0).

  adj_mx_py2.pkl        [ids, {id: position}, float32 matrix]  Python 2, protocol 2
  adj_mx_py2_protocol0.pkl  the same, Python 2, protocol 0 (its pickle.dump's default: text)
  adj_mx_py3.pkl        the same, Python 3, protocol 2          (bytes as _codecs.encode)
  adj_mx_protocol0.pkl  the same, Python 3, protocol 0; adj_mx_protocol1.pkl, protocol 1
  adj_mx_protocol4.pkl  the same, protocol 4, NumPy 2 names, float64 in Fortran order
  adj_mx_protocol5.pkl  (ids, matrix), protocol 5               (numpy's _frombuffer)
  adj_matrix_only.pkl   a 3 x 3 float32 matrix alone, protocol 4
The 40 sensors are la-week's 30th to 69th, in a shuffled order (seed 7).
"""
import csv
import pickle
import random
import struct
import sys
import types


def stand_in_numpy(core):
    """Modules named as NumPy's (core: 'core' for NumPy 1, '_core' for NumPy 2)."""
    for name in [n for n in sys.modules if n == "numpy" or n.startswith("numpy.")]:
        del sys.modules[name]
    numpy = types.ModuleType("numpy")
    core_module = types.ModuleType("numpy." + core)
    multiarray = types.ModuleType("numpy." + core + ".multiarray")
    numeric = types.ModuleType("numpy." + core + ".numeric")

    def _reconstruct(*args):
        raise NotImplementedError

    def _frombuffer(*args):
        raise NotImplementedError

    class ndarray:
        pass

    class dtype:
        def __init__(self, code, order):
            self.code, self.order = code, order

        def __reduce__(self):
            return (dtype, (self.code, False, True), (3, self.order, None, None, None, -1, -1, 0))

    for function, module in ((_reconstruct, multiarray), (_frombuffer, numeric)):
        function.__module__ = module.__name__
        function.__qualname__ = function.__name__
        setattr(module, function.__name__, function)
    for cls in (ndarray, dtype):
        cls.__module__, cls.__qualname__ = "numpy", cls.__name__
        setattr(numpy, cls.__name__, cls)
    numpy.__dict__[core] = core_module
    core_module.multiarray, core_module.numeric = multiarray, numeric
    for module in (numpy, core_module, multiarray, numeric):
        sys.modules[module.__name__] = module

    class Array:
        """A 2-D array as NumPy pickles one."""

        def __init__(self, rows, code, fortran=False):
            self.shape = (len(rows), len(rows[0]))
            self.code, self.fortran = code, fortran
            order = [rows[i][j] for j in range(self.shape[1]) for i in range(self.shape[0])] if fortran else [v for r in rows for v in r]
            self.data = struct.pack("<%d%s" % (len(order), "f" if code == "f4" else "d"), *order)
            self.dtype = dtype(code, "<")

        def __reduce_ex__(self, protocol):
            if protocol >= 5:
                return (_frombuffer, (pickle.PickleBuffer(self.data), self.dtype, self.shape, "F" if self.fortran else "C"))
            return (_reconstruct, (ndarray, (0,), b"b"), (1, self.shape, self.dtype, self.fortran, self.data))

    return Array


class Python2Pickler:
    """Opcodes as Python 2's cPickle.dump(obj, f, 2) writes them for DCRNN's list."""

    def __init__(self):
        self.out = bytearray(b"\x80\x02")
        self.memo = 0

    def put(self):
        self.out += b"q" + bytes([self.memo]) if self.memo < 256 else b"r" + struct.pack("<I", self.memo)
        self.memo += 1
        return self.memo - 1

    def string(self, text):
        raw = text.encode("latin1")
        self.out += (b"U" + bytes([len(raw)]) if len(raw) < 256 else b"T" + struct.pack("<i", len(raw))) + raw
        return self.put()

    def integer(self, n):
        self.out += b"K" + bytes([n]) if n < 256 else b"M" + struct.pack("<H", n)

    def dcrnn_list(self, ids, rows):
        self.out += b"]"
        self.put()
        self.out += b"("
        self.out += b"]"
        self.put()
        self.out += b"("
        memo_of = {i: self.string(i) for i in ids}
        self.out += b"e}"
        self.put()
        self.out += b"("
        for position, i in enumerate(ids):
            m = memo_of[i]
            self.out += b"h" + bytes([m]) if m < 256 else b"j" + struct.pack("<I", m)
            self.integer(position)
        self.out += b"u"
        self.out += b"cnumpy.core.multiarray\n_reconstruct\n"
        self.put()
        self.out += b"cnumpy\nndarray\n"
        self.put()
        self.out += b"K\x00\x85"
        self.put()
        self.string("b")
        self.out += b"\x87"
        self.put()
        self.out += b"R"
        self.put()
        self.out += b"(K\x01"
        self.integer(len(rows))
        self.integer(len(rows))
        self.out += b"\x86"
        self.put()
        self.out += b"cnumpy\ndtype\n"
        self.put()
        self.string("f4")
        self.out += b"K\x00K\x01\x87"
        self.put()
        self.out += b"R"
        self.put()
        self.out += b"(K\x03"
        self.string("<")
        self.out += b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00t"
        self.put()
        self.out += b"b\x89"
        self.string(struct.pack("<%df" % (len(rows) ** 2), *[v for r in rows for v in r]).decode("latin1"))
        self.out += b"t"
        self.put()
        self.out += b"b"
        self.out += b"e."
        return bytes(self.out)


def python2_repr(raw):
    """A Python 2 str's repr, as pickle protocol 0 writes it after S."""
    quote = '"' if b"'" in raw and b'"' not in raw else "'"
    out = quote
    for byte in raw:
        c = chr(byte)
        if c == quote or c == "\\":
            out += "\\" + c
        elif c == "\t":
            out += "\\t"
        elif c == "\n":
            out += "\\n"
        elif c == "\r":
            out += "\\r"
        elif 0x20 <= byte < 0x7F:
            out += c
        else:
            out += "\\x%02x" % byte
    return (out + quote).encode("ascii")


class Python2Protocol0Pickler:
    """Opcodes as Python 2's pickle.dump(obj, f) writes them by default (protocol 0, text)."""

    def __init__(self):
        self.out = bytearray()
        self.memo = 0

    def put(self):
        self.out += b"p%d\n" % self.memo
        self.memo += 1
        return self.memo - 1

    def string(self, raw):
        self.out += b"S" + python2_repr(raw) + b"\n"
        return self.put()

    def integer(self, n):
        self.out += b"I%d\n" % n

    def dcrnn_list(self, ids, rows):
        self.out += b"(l"
        self.put()
        self.out += b"(l"
        self.put()
        memo_of = {}
        for i in ids:
            memo_of[i] = self.string(i.encode("ascii"))
            self.out += b"a"
        self.out += b"a(d"
        self.put()
        for position, i in enumerate(ids):
            self.out += b"g%d\n" % memo_of[i]
            self.integer(position)
            self.out += b"s"
        self.out += b"a"
        self.out += b"cnumpy.core.multiarray\n_reconstruct\n"
        self.put()
        self.out += b"(cnumpy\nndarray\n"
        self.put()
        self.out += b"(I0\nt"
        self.put()
        self.string(b"b")
        self.out += b"t"
        self.put()
        self.out += b"R"
        self.put()
        self.out += b"(I1\n("
        self.integer(len(rows))
        self.integer(len(rows))
        self.out += b"t"
        self.put()
        self.out += b"cnumpy\ndtype\n"
        self.put()
        self.out += b"("
        self.string(b"f4")
        self.out += b"I0\nI1\nt"
        self.put()
        self.out += b"R"
        self.put()
        self.out += b"(I3\n"
        self.string(b"<")
        self.out += b"NNNI-1\nI-1\nI0\nt"
        self.put()
        self.out += b"bI00\n"
        self.string(struct.pack("<%df" % (len(rows) ** 2), *[v for r in rows for v in r]))
        self.out += b"t"
        self.put()
        self.out += b"ba."
        return bytes(self.out)


def main(la_week):
    with open(la_week + "/los_speed.csv") as f:
        all_ids = next(csv.reader(f))
    with open(la_week + "/los_adj.csv") as f:
        weights = [[float(v) for v in row] for row in csv.reader(f)]
    chosen = list(range(29, 69))
    random.Random(7).shuffle(chosen)
    ids = [all_ids[i] for i in chosen]
    rows = [[weights[i][j] for j in chosen] for i in chosen]
    position = {i: p for p, i in enumerate(ids)}

    with open("adj_mx_py2.pkl", "wb") as f:
        f.write(Python2Pickler().dcrnn_list(ids, rows))
    with open("adj_mx_py2_protocol0.pkl", "wb") as f:
        f.write(Python2Protocol0Pickler().dcrnn_list(ids, rows))
    Array = stand_in_numpy("core")
    with open("adj_mx_py3.pkl", "wb") as f:
        pickle.dump([ids, position, Array(rows, "f4")], f, protocol=2)
    for protocol in (0, 1):
        with open("adj_mx_protocol%d.pkl" % protocol, "wb") as f:
            pickle.dump([ids, position, Array(rows, "f4")], f, protocol=protocol)
    with open("adj_matrix_only.pkl", "wb") as f:
        pickle.dump(Array([[1.0, 0.5, 0.0], [0.5, 1.0, 0.25], [0.0, 0.25, 1.0]], "f4"), f, protocol=4)
    Array = stand_in_numpy("_core")
    with open("adj_mx_protocol4.pkl", "wb") as f:
        pickle.dump([ids, position, Array(rows, "f8", fortran=True)], f, protocol=4)
    with open("adj_mx_protocol5.pkl", "wb") as f:
        pickle.dump((ids, Array(rows, "f4")), f, protocol=5)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../../../../shared/datasets/la-week")
