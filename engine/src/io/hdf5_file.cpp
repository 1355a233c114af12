#include "io/hdf5_file.h"
#include "io/hdf5_seal.h"

#include <filesystem>
#include <fstream>

namespace himnet::h5 {
namespace {

struct SilenceHdf5 {
    // HDF5 prints its whole error stack to stderr by default; our messages say it better.
    SilenceHdf5() { H5::Exception::dontPrint(); }
};
const SilenceHdf5 kSilence;

torch::ScalarType torchTypeFor(const H5::DataSet& dataset, H5::PredType& memoryType)
{
    const H5T_class_t cls = dataset.getTypeClass();
    const size_t size = dataset.getDataType().getSize();
    if (cls == H5T_FLOAT) {
        if (size == 4) {
            memoryType = H5::PredType::NATIVE_FLOAT;
            return torch::kFloat32;
        }
        memoryType = H5::PredType::NATIVE_DOUBLE;
        return torch::kFloat64;
    }
    if (cls == H5T_INTEGER) {
        memoryType = H5::PredType::NATIVE_INT64;
        return torch::kInt64;
    }
    throw H5::DataTypeIException("readTensor", "dataset is not numeric");
}

} // namespace

std::string describe(const H5::Exception& e)
{
    std::string detail = e.getDetailMsg();
    // The error is handled, so its records leave this thread's HDF5 error stack: Debian's
    // thread-safe HDF5 frees a thread's stack when the thread ends, but not the records on it
    // (LeakSanitizer found them after the engine thread had refused a damaged file).
    H5::Exception::clearErrorStack();
    return detail.empty() ? std::string("HDF5 error") : detail;
}

H5::H5File openForReading(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(describeProblem(path, "file not found"));
    if (fs::is_directory(path, ec)) throw InputError(describeProblem(path, "is a folder, expected an HDF5 file"));
    if (!std::ifstream(path).good()) throw InputError(describeProblem(path, "cannot be opened for reading"));
    if (fs::file_size(path, ec) == 0) throw InputError(describeProblem(path, "file is empty"));
    verifySeal(path);
    try {
        if (!H5::H5File::isHdf5(path.c_str())) {
            H5::Exception::clearErrorStack(); // what HDF5 noted while looking for its signature
            throw InputError(describeProblem(path, "not an HDF5 file (no HDF5 signature)"));
        }
        return H5::H5File(path, H5F_ACC_RDONLY);
    } catch (const H5::Exception& e) {
        throw InputError(describeProblem(path, "cannot be read as HDF5 (truncated or corrupt?): " + describe(e)));
    }
}

bool exists(const H5::Group& group, const std::string& path)
{
    // H5Lexists requires every intermediate link to exist, so walk the path one level at a time.
    std::string prefix;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t slash = path.find('/', start);
        const std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (!part.empty()) {
            prefix += (prefix.empty() ? "" : "/") + part;
            if (H5Lexists(group.getId(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        }
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return true;
}

std::vector<std::string> childNames(const H5::Group& group)
{
    std::vector<std::string> names;
    const hsize_t count = group.getNumObjs();
    names.reserve(count);
    for (hsize_t i = 0; i < count; ++i) names.push_back(group.getObjnameByIdx(i));
    return names;
}

torch::Tensor readTensor(const H5::Group& group, const std::string& name, const std::string& file)
{
    if (!exists(group, name)) throw InputError(describeProblem(file, "has no dataset '" + name + "'"));
    return guarded(file, "reading '" + name + "'", [&] {
        H5::DataSet dataset = group.openDataSet(name);
        H5::DataSpace space = dataset.getSpace();
        const int rank = space.getSimpleExtentNdims();
        std::vector<hsize_t> dims(static_cast<size_t>(rank));
        if (rank > 0) space.getSimpleExtentDims(dims.data());
        std::vector<int64_t> shape(dims.begin(), dims.end());
        H5::PredType memoryType = H5::PredType::NATIVE_DOUBLE;
        const torch::ScalarType type = torchTypeFor(dataset, memoryType);
        torch::Tensor tensor = torch::empty(shape, torch::TensorOptions().dtype(type));
        if (tensor.numel() > 0) dataset.read(tensor.data_ptr(), memoryType);
        return tensor;
    });
}

void writeTensor(H5::Group& group, const std::string& name, const torch::Tensor& tensor)
{
    const torch::Tensor cpu = tensor.detach().to(torch::kCPU).contiguous();
    H5::PredType fileType = H5::PredType::IEEE_F64LE, memoryType = H5::PredType::NATIVE_DOUBLE;
    switch (cpu.scalar_type()) {
    case torch::kFloat64: break;
    case torch::kFloat32: fileType = H5::PredType::IEEE_F32LE; memoryType = H5::PredType::NATIVE_FLOAT; break;
    case torch::kInt64: fileType = H5::PredType::STD_I64LE; memoryType = H5::PredType::NATIVE_INT64; break;
    default: throw RuntimeFailure("cannot write tensor '" + name + "' of type " + std::string(c10::toString(cpu.scalar_type())) + " to HDF5");
    }
    std::vector<hsize_t> dims(cpu.sizes().begin(), cpu.sizes().end());
    H5::DataSpace space = dims.empty() ? H5::DataSpace(H5S_SCALAR) : H5::DataSpace(static_cast<int>(dims.size()), dims.data());
    H5::DataSet dataset = group.createDataSet(name, fileType, space);
    if (cpu.numel() > 0) dataset.write(cpu.data_ptr(), memoryType);
}

void writeStrings(H5::Group& group, const std::string& name, const std::vector<std::string>& values)
{
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    type.setCset(H5T_CSET_UTF8);
    const hsize_t count = values.size();
    H5::DataSet dataset = group.createDataSet(name, type, H5::DataSpace(1, &count));
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& v : values) pointers.push_back(v.c_str());
    if (count > 0) dataset.write(pointers.data(), type);
}

std::vector<std::string> readStrings(const H5::Group& group, const std::string& name, const std::string& file)
{
    if (!exists(group, name)) throw InputError(describeProblem(file, "has no dataset '" + name + "'"));
    return guarded(file, "reading '" + name + "'", [&] {
        H5::DataSet dataset = group.openDataSet(name);
        if (dataset.getTypeClass() != H5T_STRING)
            throw InputError(describeProblem(file, "'" + name + "' is not a string dataset"));
        H5::DataSpace space = dataset.getSpace();
        if (space.getSimpleExtentNdims() != 1)
            throw InputError(describeProblem(file, "'" + name + "' must be one-dimensional"));
        hsize_t count = 0;
        space.getSimpleExtentDims(&count);
        H5::StrType type = dataset.getStrType();
        std::vector<std::string> out;
        out.reserve(count);
        if (type.isVariableStr()) {
            std::vector<char*> pointers(count, nullptr);
            if (count > 0) dataset.read(pointers.data(), type);
            for (char* p : pointers) out.emplace_back(p ? p : "");
            H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, pointers.data());
        } else {
            const size_t width = type.getSize();
            std::vector<char> buffer(count * width);
            if (count > 0) dataset.read(buffer.data(), type);
            for (hsize_t i = 0; i < count; ++i) {
                const char* begin = buffer.data() + i * width;
                size_t length = 0;
                while (length < width && begin[length] != '\0') ++length;
                out.emplace_back(begin, length);
            }
        }
        return out;
    });
}

bool hasAttribute(const H5::H5Object& object, const std::string& name) { return object.attrExists(name); }

namespace {
H5::Attribute openAttribute(const H5::H5Object& object, const std::string& name, const std::string& file)
{
    if (!object.attrExists(name)) throw InputError(describeProblem(file, "missing attribute '" + name + "'"));
    return object.openAttribute(name);
}
} // namespace

std::string readStringAttribute(const H5::H5Object& object, const std::string& name, const std::string& file)
{
    return guarded(file, "reading attribute '" + name + "'", [&] {
        H5::Attribute attribute = openAttribute(object, name, file);
        if (attribute.getTypeClass() != H5T_STRING)
            throw InputError(describeProblem(file, "attribute '" + name + "' is not a string"));
        std::string value;
        attribute.read(attribute.getStrType(), value);
        return value;
    });
}

int64_t readIntAttribute(const H5::H5Object& object, const std::string& name, const std::string& file)
{
    return guarded(file, "reading attribute '" + name + "'", [&] {
        H5::Attribute attribute = openAttribute(object, name, file);
        if (attribute.getTypeClass() != H5T_INTEGER)
            throw InputError(describeProblem(file, "attribute '" + name + "' is not an integer"));
        int64_t value = 0;
        attribute.read(H5::PredType::NATIVE_INT64, &value);
        return value;
    });
}

double readDoubleAttribute(const H5::H5Object& object, const std::string& name, const std::string& file)
{
    return guarded(file, "reading attribute '" + name + "'", [&] {
        H5::Attribute attribute = openAttribute(object, name, file);
        double value = 0;
        attribute.read(H5::PredType::NATIVE_DOUBLE, &value);
        return value;
    });
}

bool readBoolAttribute(const H5::H5Object& object, const std::string& name, const std::string& file)
{
    return guarded(file, "reading attribute '" + name + "'", [&] {
        H5::Attribute attribute = openAttribute(object, name, file);
        const H5T_class_t cls = attribute.getTypeClass();
        if (cls == H5T_INTEGER) {
            int64_t value = 0;
            attribute.read(H5::PredType::NATIVE_INT64, &value);
            return value != 0;
        }
        if (cls == H5T_ENUM && attribute.getDataType().getSize() == 1) {
            int8_t value = 0; // h5py stores bools as an int8 enum {FALSE, TRUE}
            attribute.read(attribute.getDataType(), &value);
            return value != 0;
        }
        throw InputError(describeProblem(file, "attribute '" + name + "' is not a boolean"));
    });
}

void writeStringAttribute(H5::H5Object& object, const std::string& name, const std::string& value)
{
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    type.setCset(H5T_CSET_UTF8);
    H5::Attribute attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
    attribute.write(type, value);
}

void writeIntAttribute(H5::H5Object& object, const std::string& name, int64_t value)
{
    H5::Attribute attribute = object.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_INT64, &value);
}

void writeDoubleAttribute(H5::H5Object& object, const std::string& name, double value)
{
    H5::Attribute attribute = object.createAttribute(name, H5::PredType::IEEE_F64LE, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_DOUBLE, &value);
}

} // namespace himnet::h5
