#pragma once
// Thin helpers over HDF5's C++ API that turn its failures into InputError messages naming
// the file and the object, and move tensors in and out of datasets.
#include "himnet/errors.h"

#include <H5Cpp.h>
#include <torch/torch.h>

#include <string>
#include <vector>

namespace himnet::h5 {

/// Opens an existing file read-only. Missing, unreadable, non-HDF5 or truncated files, and
/// sealed ones (hdf5_seal.h) changed since, give an InputError naming `path`.
H5::H5File openForReading(const std::string& path);

/// True when `path` (may contain '/') names a link below `group`.
bool exists(const H5::Group& group, const std::string& path);

/// Names of the direct children of `group`, in HDF5's (alphabetical) order.
std::vector<std::string> childNames(const H5::Group& group);

/// Reads a numeric dataset as a CPU tensor: float64, float32 or int64 (other integer and
/// float widths are converted to the nearest of those). `file` names the file in errors.
torch::Tensor readTensor(const H5::Group& group, const std::string& name, const std::string& file);

/// Writes `tensor` (float32, float64 or int64; moved to the CPU) as dataset `name`.
void writeTensor(H5::Group& group, const std::string& name, const torch::Tensor& tensor);

/// Writes a 1-D dataset of variable-length UTF-8 strings.
void writeStrings(H5::Group& group, const std::string& name, const std::vector<std::string>& values);
/// Reads a 1-D dataset of fixed- or variable-length strings (pandas writes fixed-length bytes).
std::vector<std::string> readStrings(const H5::Group& group, const std::string& name, const std::string& file);

bool hasAttribute(const H5::H5Object& object, const std::string& name);
std::string readStringAttribute(const H5::H5Object& object, const std::string& name, const std::string& file);
int64_t readIntAttribute(const H5::H5Object& object, const std::string& name, const std::string& file);
double readDoubleAttribute(const H5::H5Object& object, const std::string& name, const std::string& file);
/// Reads h5py's boolean (an 8-bit enum) or any integer attribute as a bool.
bool readBoolAttribute(const H5::H5Object& object, const std::string& name, const std::string& file);

void writeStringAttribute(H5::H5Object& object, const std::string& name, const std::string& value);
void writeIntAttribute(H5::H5Object& object, const std::string& name, int64_t value);
void writeDoubleAttribute(H5::H5Object& object, const std::string& name, double value);

/// Runs `body`, rethrowing HDF5 exceptions as InputError("file: what: detail").
template <typename Body>
auto guarded(const std::string& file, const std::string& what, Body&& body) -> decltype(body());

/// The text of an HDF5 exception, without HDF5's error stack noise.
std::string describe(const H5::Exception& e);

template <typename Body>
auto guarded(const std::string& file, const std::string& what, Body&& body) -> decltype(body())
{
    try {
        return body();
    } catch (const H5::Exception& e) {
        throw InputError(describeProblem(file, what + ": " + describe(e)));
    }
}

} // namespace himnet::h5
