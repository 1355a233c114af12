#pragma once
// NumPy arrays: the .npy format (header + raw data) and .npz archives (zip of .npy files,
// read with libzip). Values come back as float64 or int64 in C order.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace himnet {

struct NpyArray {
    std::vector<int64_t> shape;
    bool isInteger = false;
    std::vector<double> real;    ///< filled for float and bool arrays
    std::vector<int64_t> integer; ///< filled for integer arrays
    int64_t size() const;
};

/// "(2, 3)": a shape, for messages.
std::string formatShape(const std::vector<int64_t>& shape);

/// Parses the bytes of one .npy file: little- or big-endian float16/32/64, (u)int8..64,
/// bool; C or Fortran order (returned in C order). `source` names it in errors.
NpyArray parseNpy(const std::string& bytes, const std::string& source);

/// Decodes an array's raw data (as a .npy file or a pickled ndarray holds it) of dtype `descr`
/// ("<f4", ">i8", "|b1") and `shape`, in C or Fortran order. `source` names it in errors.
NpyArray decodeNumpyData(std::string_view data, const std::string& descr, const std::vector<int64_t>& shape, bool fortran,
                         const std::string& source);

/// Reads a .npy file.
NpyArray readNpy(const std::string& path);

/// Names of the arrays in an .npz archive ("data", "train", …, without ".npy").
std::vector<std::string> listNpz(const std::string& path);

/// Reads array `key` of an .npz archive; throws InputError listing the keys when absent.
NpyArray readNpz(const std::string& path, const std::string& key);

} // namespace himnet
