#pragma once
// Python pickles of plain data, as research code saves a road graph (DCRNN's adj_mx.pkl: the
// sensor ids, their positions, and the weight matrix as a NumPy array). A restricted unpickler:
// it builds lists, tuples, dicts, strings, numbers and NumPy arrays, and refuses any other
// Python object (a pickle may name any callable; this one calls none). Protocols 0 to 5, as
// Python 2 and 3 write them (0, text, is Python 2's pickle.dump default).
#include "data/npy_array.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace himnet {

struct PickleValue;
using PickleRef = std::shared_ptr<PickleValue>;

struct PickleValue {
    enum class Kind {
        None, Bool, Int, Float, Text, Bytes, List, Tuple, Dict, Array,
        Callable, DType, NewArray ///< only while reading (a NumPy constructor, dtype, array): never in a result
    };
    Kind kind = Kind::None;
    int64_t integer = 0;          ///< Int, Bool
    double real = 0;              ///< Float
    std::string text;             ///< Text (UTF-8) or Bytes; a Callable's "module.name"; a DType's "<f4"
    std::vector<PickleRef> items; ///< List and Tuple; Dict: key, value, key, value…
    NpyArray array;               ///< Array

    /// Text, or Bytes (Python 2's str, in which its pickles keep names).
    bool isText() const { return kind == Kind::Text || kind == Kind::Bytes; }
    bool isSequence() const { return kind == Kind::List || kind == Kind::Tuple; }
};

/// Reads the pickle in `path`. Throws InputError naming the file for a truncated or damaged
/// pickle, and for one that holds anything but plain data.
PickleRef readPickle(const std::string& path);

} // namespace himnet
