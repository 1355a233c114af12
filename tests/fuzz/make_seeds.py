#!/usr/bin/env python3
"""Writes the fuzz targets' seed inputs (corpus/TARGET/seed-*), small files of every layout the
readers know, from the shared datasets (../shared/datasets beside the checkout) and
tests/data/graphs. Python's standard library alone. Run again after changing it:

    tests/fuzz/make_seeds.py [SHARED_DATASETS_DIR]
"""
import gzip
import io
import os
import struct
import sys
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))
datasets = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "datasets")


def lines(path, count):
    with open(os.path.join(datasets, path)) as f:
        return [next(f).rstrip("\n") for _ in range(count)]


def write(target, name, data):
    folder = os.path.join(here, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


def stored_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2012, 3, 1, 0, 0, 0))
            z.writestr(info, data)
    return buffer.getvalue()


# ---- la-week's first readings: 6 sensors, 12 steps of 5 minutes from 2012-03-01 00:00 ----
speed = [row.split(",")[:6] for row in lines("la-week/los_speed.csv", 13)]
sensors, readings = speed[0], speed[1:]
times = ["2012-03-01 %02d:%02d:00" % (t // 12, t % 12 * 5) for t in range(12)]

# ---- tables (the first byte picks the date order: 0 unstated, 1 day first, 2 month first) ----
def table(name, text, order=0):
    write("table", name, bytes([order]) + text.encode())

table("wide.csv", "\n".join([",".join(["timestamp"] + sensors)] + [",".join([t] + r) for t, r in zip(times, readings)]) + "\n")
table("wide-no-times.csv", "\n".join([",".join(sensors)] + [",".join(r) for r in readings]) + "\n")
table("wide-titled-blanks.csv", "\"Detector export, March 2012\"\n\n" + ",".join(["time"] + sensors) + ",,\n"
      + "\n".join(",".join([t] + ["" if (i + j) % 5 == 0 else v for j, v in enumerate(r)]) + ",," for i, (t, r) in enumerate(zip(times, readings))) + "\n")
table("long.csv", "timestamp,detector,flow,speed\n" + "".join(
    "%s,%s,%d,%s\n" % (t, s, 400 + i, v) for i, (t, r) in enumerate(zip(times, readings)) for s, v in zip(sensors, r) if (i + len(s)) % 7))
table("long-german.csv", "Zeit;Detektor;Geschwindigkeit\n" + "".join(
    "01.03.2012 %02d:%02d;%s;%s\n" % (i // 12, i % 12 * 5, s, v.replace(".", ",")) for i, r in enumerate(readings) for s, v in zip(sensors, r)))
table("long-date-and-clock.csv", "Date,Time,Station ID,Speed (mph)\n" + "".join(
    "2012-03-01,%02d:%02d,%s,%s\n" % (i // 12, i % 12 * 5, s, v) for i, r in enumerate(readings) for s, v in zip(sensors, r)))
table("slashed-month-first.csv", "time,S1,S2\n" + "".join("3/13/2012 0:%02d,%s,%s\n" % (i * 5, *readings[i][:2]) for i in range(9)), 2)
table("slashed-unsettled.csv", "time,S1,S2\n" + "".join("12/4/2026 0:%02d,%s,%s\n" % (i * 5, *readings[i][:2]) for i in range(6)), 1)
table("times-across.csv", "sensor," + ",".join(times[:6]) + "\n" + "".join(s + "," + ",".join(r[k] for r in readings[:6]) + "\n" for k, s in enumerate(sensors)))
table("markers.csv", "timestamp,A,B,C\n" + "".join("%s,%s,NULL,%s\n" % (t, r[0], "NA" if i % 2 else r[2]) for i, (t, r) in enumerate(zip(times, readings))))
table("counts-minutes.csv", "time,loop1,loop2\n" + "".join("2012-03-01 00:%02d,%d,%d\n" % (m, m % 7, 0 if m % 5 == 0 else 3) for m in range(20)))
table("iso-offsets.csv", "time,A\n" + "".join("2012-03-11T0%d:%02d:00-08:00,%s\n" % (1 + i // 12, i % 12 * 5, r[0]) for i, r in enumerate(readings)))
pems = "".join("03/01/2012 00:%02d:00,%s,7,5,S,%s,.439,30,100,%d,.0296,%s,10,%d,.03,%s,1,10,%d,.03,%s,1\n"
               % (i * 5, s, "OR" if k == 0 else "ML", 300 + k, r[k], 150 + k, r[k], 150 + k, r[k])
               for i, r in enumerate(readings[:4]) for k, s in enumerate(sensors[:3]))
table("pems-station.txt", pems)
write("table", "gzipped.csv.gz", bytes([0]) + gzip.compress(
    ("\n".join([",".join(["timestamp"] + sensors)] + [",".join([t] + r) for t, r in zip(times, readings)]) + "\n").encode(), mtime=0))
write("table", "unicode-text.txt", bytes([0]) + ("\n".join(["\t".join(["time"] + sensors)] + ["\t".join([t] + r) for t, r in
                                                   zip(times, readings)]) + "\n").encode("utf-16"))  # Excel's Unicode Text: a BOM, UTF-16LE

# ---- graph tables ----
write("graph_tables", "locations-indexed.csv", "\n".join(lines("la-week/graph_sensor_locations.csv", 8)) + "\n")
write("graph_tables", "locations-bare.csv", "\n".join(lines("pems-graphs/graph_sensor_locations_bay.csv", 6)) + "\n")
write("graph_tables", "locations-named.csv", "Station ID,Latitude (WGS84),Longitude (WGS84)\nA,34.1,-118.3\nB,,\nC,34.2,-118.2\n")
write("graph_tables", "edges-costs.csv", "\n".join(lines("pems-graphs/PEMS08.csv", 10)) + "\n")
write("graph_tables", "edges-bare.csv", "\n".join(lines("pems-graphs/distances_bay_2017.csv", 10)) + "\n")
write("graph_tables", "edges-weights.csv", "from,to,weight\nA,B,0.5\nB,C,1\nC,A,0.25\n")
write("graph_tables", "dense.csv", "\n".join(",".join(row.split(",")[:5]) for row in lines("la-week/los_adj.csv", 5)) + "\n")

# ---- NumPy ----
def npy(descr, shape, data, fortran=False):
    dims = "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, "True" if fortran else "False", dims)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data

values = [float(v) for r in readings[:4] for v in r[:3]]
write("numpy", "f4.npy", npy("<f4", (4, 3), struct.pack("<12f", *values)))
write("numpy", "f8-channels.npy", npy("<f8", (2, 3, 2), struct.pack("<12d", *values)))
write("numpy", "f4-big-endian-fortran.npy", npy(">f4", (4, 3), struct.pack(">12f", *values), fortran=True))
write("numpy", "i8.npy", npy("<i8", (4, 3), struct.pack("<12q", *[int(v) for v in values])))
write("numpy", "u1.npy", npy("|u1", (4, 3), bytes(int(v) for v in values)))
write("numpy", "f2.npy", npy("<f2", (4, 3), struct.pack("<12e", *values)))
write("numpy", "b1.npy", npy("|b1", (4, 3), bytes(int(v) % 2 for v in values)))
write("numpy", "series.npz", stored_zip([("data.npy", npy("<f4", (4, 3, 1), struct.pack("<12f", *values)))]))
rows = lambda starts: npy("<i8", (len(starts), 3), struct.pack("<%dq" % (3 * len(starts)), *[x for s in starts for x in (s, s + 12, s + 24)]))
write("numpy", "index.npz", stored_zip([("train.npy", rows([0, 1, 2])), ("val.npy", rows([3])), ("test.npy", rows([4, 5]))]))
write("numpy", "split-rows.npy", rows([0, 1, 2]))

# ---- pickled road graphs: the tests' own (tests/data/graphs) ----
graphs = os.path.join(root, "tests", "data", "graphs")
for name in sorted(os.listdir(graphs)):
    if name.endswith(".pkl"):
        with open(os.path.join(graphs, name), "rb") as f:
            write("pickle", name, f.read())

# ---- workbooks: XML parts separated by NUL (fuzz_workbook.cpp), and one whole workbook ----
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
def cell(ref, value, style=None):
    if isinstance(value, str):
        return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, value)
    return '<c r="%s"%s><v>%s</v></c>' % (ref, ' s="1"' if style else "", value)
def sheet(rows):
    body = "".join('<row r="%d">%s</row>' % (i + 1, "".join(cell("%s%d" % ("ABCDEFGH"[j], i + 1), v, j == 0 and i > 0 and not isinstance(v, str))
                                                        for j, v in enumerate(row))) for i, row in enumerate(rows))
    return '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (MAIN, body)
styles = ('<styleSheet %s><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
          '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>' % MAIN)
serial = lambda step: 40969 + step * 5 / 1440  # 2012-03-01 00:00 in Excel's 1900 system
wide = [["time"] + sensors[:3]] + [[serial(i)] + [float(v) for v in r[:3]] for i, r in enumerate(readings)]
write("workbook", "wide.parts", sheet(wide) + "\0\0" + styles)
long_rows = [["Time", "Detector ID", "Speed (mph)"]] + [[serial(i), int(s), float(v)] for i, r in enumerate(readings[:4]) for s, v in zip(sensors[:3], r)]
write("workbook", "long.parts", sheet(long_rows) + "\0\0" + styles)
shared = '<sst %s><si><t>time</t></si><si><r><t>S</t></r><r><t>1</t></r></si><si><t>NA</t><rPh><t>x</t></rPh></si></sst>' % MAIN
write("workbook", "shared-strings.parts", '<worksheet %s><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
      '<row r="2"><c r="A2" s="1"><v>40969</v></c><c r="B2"><v>61.5</v></c></row><row r="3"><c r="A3" s="1"><v>40969.00347222</v></c>'
      '<c r="B3" t="e"><v>#N/A</v></c></row><row r="4"><c r="A4" s="1"><v>40969.00694444</v></c><c r="B4" t="s"><v>2</v></c></row></sheetData></worksheet>'
      % MAIN + "\0" + shared + "\0" + styles)
write("workbook", "dates-1904.parts", sheet([["time", "A"]] + [[serial(i) - 1462, float(r[0])] for i, r in enumerate(readings)]) + "\0\0" + styles + "\0"
      '<workbook %s xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/>'
      '<sheets><sheet name="Speeds" sheetId="1" r:id="rId1"/></sheets></workbook>' % MAIN)
rels = lambda items: ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % "".join(
    '<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" Target="%s"/>' % i for i in items))
write("workbook", "whole.xlsx", stored_zip([
    ("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")])),
    ("xl/workbook.xml", '<workbook %s xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                        '<sheet name="Readings" sheetId="1" r:id="rId1"/></sheets></workbook>' % MAIN),
    ("xl/_rels/workbook.xml.rels", rels([("rId1", "worksheet", "worksheets/sheet1.xml"), ("rId3", "styles", "styles.xml")])),
    ("xl/worksheets/sheet1.xml", sheet(wide)),
    ("xl/styles.xml", styles)]))

# ---- times, as files and users write them ----
for i, text in enumerate(["2012-03-01 08:05:00", "2012-03-01T08:05:00Z", "2012-03-01T08:05:00+01:00", "01.03.2012 08:05",
                          "3/13/2012 8:05 AM", "12/4/2026", "2012-03-01", "1330589100", "08:05", "1899-12-30 08:05",
                          "5min", "15 min", "1h", "1 day", "mean", "sum", "day-first", "month-first", "ML,OR", "ML"]):
    write("times", "%02d" % i, text)

# ---- dataset manifests (dataset.json), as datasets/README.md and the dataset writer show them ----
write("manifest", "readme.json", """{
  "name": "my-city",
  "series": "speeds.h5",
  "locations": "sensor_locations.csv",
  "edges": "road_distances.csv",
  "adjacency": "adjacency.csv",
  "zones": "zones.csv",
  "split": "index.npz",
  "start": "2024-03-04 00:00:00",
  "interval": "5min",
  "aggregate": "mean",
  "missing_value": 0,
  "quantity": "speed",
  "unit": "mph",
  "value_column": "speed",
  "sheet": "Speeds",
  "date_order": "mdy"
}
""")
write("manifest", "written.json", '{\n  "interval": 900,\n  "locations": "graph_sensor_locations.csv",\n  "name": "sz-taxi",\n'
      '  "quantity": "speed",\n  "series": "series.h5",\n  "unit": "km/h"\n}\n')
write("manifest", "pems-lanes.json", '{"series": "d07_text_station_5min_2024_01_01.txt.gz", "lane_types": ["ML", "HV"], "aggregate": "sum", '
      '"interval": "15min", "start": 1704067200}')
write("manifest", "comments.json", '// exported by hand\n{"series": "counts.xlsx#Counts", /* vehicles */ "missing_value": -1, '
      '"date_order": "dmy", "start": "04/03/2024 06:00", "unknown": [1, 2.5, null, true, {"a": "b"}]}')
write("manifest", "minimal.json", '{"series":"s.csv"}')

# ---- holiday files ----
write("holidays", "us-2012.csv", "date,name\n2012-01-02,New Year's Day\n2012-01-16,Martin Luther King Jr. Day\n2012-05-28,Memorial Day\n"
      "2012-07-04,Independence Day\n2012-09-03,Labor Day\n2012-11-22,Thanksgiving Day\n2012-12-25,Christmas Day\n")
write("holidays", "moved-working-days.csv", "# Shenzhen 2015\n\n2015-01-01,Sunday,New Year's Day\r\n2015-01-04,Fri,Make-up working day\r\n"
      "2015-02-15,Saturday,Make-up working day  # Spring Festival\n")
write("holidays", "day-first.csv", "\ufeff25.12.2024,\"Christmas, the day\"\n26.12.2024,Boxing Day\n1735689600\n")
write("holidays", "windows-1252.csv", b"2024-07-14,F\xeate nationale\n2024-08-15,Assomption \x96 \x84Mari\xe4\x93\n")
write("holidays", "dates-alone.csv", "2015-01-02\n2015-01-01\n")

# ---- what attaches to a series of six sensors (fuzz_attachments.cpp; the first byte picks the file) ----
six = ["773013", "764424", "769388", "716328", "717819", "769941"]
def attachment(kind, name, data):
    write("attachments", name, bytes([kind]) + (data.encode() if isinstance(data, str) else data))

attachment(0, "locations.csv", "\n".join(lines("la-week/graph_sensor_locations.csv", 1) + [l for l in lines("la-week/graph_sensor_locations.csv", 38)[30:38]]) + "\n")
attachment(0, "locations-bare.csv", "".join("%s,%.5f,%.5f\n" % (s, 34.1 + k / 100, -118.3 + k / 50) for k, s in enumerate(six)))
attachment(1, "distances.csv", "from,to,cost\n" + "".join("%s,%s,%d.0\n" % (a, b, 400 + 37 * i) for i, (a, b) in enumerate(zip(six, six[1:] + six[:1])))
           + "773013,999999,120.5\n773013,773013,0.0\n")
attachment(1, "weights.csv", "from,to,weight\n" + "".join("%s,%s,%.3f\n" % (a, b, 0.2 + 0.1 * i) for i, (a, b) in enumerate(zip(six, six[1:]))))
attachment(2, "adjacency.csv", "".join(",".join("1" if i == j else "%.4f" % (0.9 - 0.15 * abs(i - j)) if abs(i - j) < 3 else "0" for j in range(6)) + "\n" for i in range(6)))
for name in ["adj_mx_py2.pkl", "adj_mx_py3.pkl", "adj_mx_protocol5.pkl", "adj_mx_protocol0.pkl"]:
    with open(os.path.join(graphs, name), "rb") as f:
        attachment(3, name, f.read())
attachment(4, "zones.csv", "sensor_id,zone\n" + "".join("%s,%s\n" % (s, "Downtown" if k < 3 else "Valley") for k, s in enumerate(six)))

