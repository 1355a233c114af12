#include "data/npy_array.h"
#include "core/text.h"
#include "himnet/errors.h"

#include "data/zip_archive.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace himnet {
namespace {

struct Descriptor {
    char kind = 'f'; // f float, i signed, u unsigned, b bool
    int bytes = 8;
    bool bigEndian = false;
};

std::string dictValue(const std::string& header, const std::string& key, const std::string& source)
{
    const std::string quoted = "'" + key + "'";
    const size_t at = header.find(quoted);
    if (at == std::string::npos) throw InputError(describeProblem(source, "npy header has no '" + key + "'"));
    size_t begin = header.find(':', at);
    if (begin == std::string::npos) throw InputError(describeProblem(source, "malformed npy header"));
    ++begin;
    while (begin < header.size() && header[begin] == ' ') ++begin;
    size_t end = begin;
    if (header[begin] == '(') {
        end = header.find(')', begin);
        if (end == std::string::npos) throw InputError(describeProblem(source, "malformed npy shape"));
        return header.substr(begin, end - begin + 1);
    }
    if (header[begin] == '\'') {
        end = header.find('\'', begin + 1);
        return header.substr(begin + 1, end - begin - 1);
    }
    while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
    return header.substr(begin, end - begin);
}

Descriptor parseDescriptor(const std::string& descr, const std::string& source)
{
    if (descr.size() < 3) throw InputError(describeProblem(source, "unsupported npy dtype '" + descr + "'"));
    Descriptor d;
    d.bigEndian = descr[0] == '>';
    d.kind = descr[1];
    d.bytes = std::atoi(descr.c_str() + 2);
    const bool ok = (d.kind == 'f' && (d.bytes == 2 || d.bytes == 4 || d.bytes == 8))
        || ((d.kind == 'i' || d.kind == 'u') && (d.bytes == 1 || d.bytes == 2 || d.bytes == 4 || d.bytes == 8))
        || (d.kind == 'b' && d.bytes == 1);
    if (!ok) throw InputError(describeProblem(source, "unsupported npy dtype '" + descr + "' (expected float, integer or bool)"));
    return d;
}

double halfToDouble(uint16_t h)
{
    const int sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    double value;
    if (exponent == 0) value = std::ldexp(mantissa, -24);
    else if (exponent == 31) value = mantissa ? std::nan("") : INFINITY;
    else value = std::ldexp(mantissa + 1024, exponent - 25);
    return sign ? -value : value;
}

template <typename T>
T load(const char* p, bool swap)
{
    char buffer[sizeof(T)];
    std::memcpy(buffer, p, sizeof(T));
    if (swap) std::reverse(buffer, buffer + sizeof(T));
    T value;
    std::memcpy(&value, buffer, sizeof(T));
    return value;
}

} // namespace

std::string formatShape(const std::vector<int64_t>& shape)
{
    std::vector<std::string> sizes;
    for (const int64_t size : shape) sizes.push_back(std::to_string(size));
    return "(" + joined(sizes) + ")";
}

int64_t NpyArray::size() const
{
    // An empty array's other sizes may be anything (decodeNumpyData checks only what it reads).
    if (std::find(shape.begin(), shape.end(), 0) != shape.end()) return 0;
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

NpyArray parseNpy(const std::string& bytes, const std::string& source)
{
    if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0)
        throw InputError(describeProblem(source, "not a NumPy .npy array (no \\x93NUMPY magic)"));
    const int major = static_cast<unsigned char>(bytes[6]);
    size_t headerLength, offset;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
        offset = 10;
    } else {
        if (bytes.size() < 12) throw InputError(describeProblem(source, "truncated npy header"));
        headerLength = 0;
        for (int i = 3; i >= 0; --i) headerLength = (headerLength << 8) | static_cast<unsigned char>(bytes[8 + i]);
        offset = 12;
    }
    if (bytes.size() < offset + headerLength) throw InputError(describeProblem(source, "truncated npy header"));
    const std::string header = bytes.substr(offset, headerLength);
    const bool fortran = dictValue(header, "fortran_order", source).find("True") != std::string::npos;
    std::vector<int64_t> shape;
    const std::string shapeText = dictValue(header, "shape", source);
    std::string sizes = shapeText;
    for (char& c : sizes)
        if (c == '(' || c == ')' || c == ',') c = ' ';
    std::istringstream sizeStream(sizes);
    for (std::string size; sizeStream >> size;) {
        int64_t dim = 0;
        if (!parseWholeNumber(size, dim) || dim < 0)
            throw InputError(describeProblem(source, "the npy header's shape " + shapeText + " is no tuple of sizes"));
        shape.push_back(dim);
    }
    const size_t dataOffset = offset + headerLength;
    return decodeNumpyData(std::string_view(bytes).substr(dataOffset), dictValue(header, "descr", source), shape, fortran, source);
}

NpyArray decodeNumpyData(std::string_view data, const std::string& descr, const std::vector<int64_t>& shape, bool fortran,
                         const std::string& source)
{
    const Descriptor d = parseDescriptor(descr, source);
    NpyArray array;
    array.shape = shape;
    // The values the shape holds, multiplied out against what the data can hold, so that the
    // sizes of a damaged header cannot overflow.
    const auto truncated = [&] {
        return InputError(describeProblem(source, "truncated array data: an array of shape " + formatShape(shape) + " needs more than the "
                                                      + std::to_string(data.size()) + " bytes found"));
    };
    const bool empty = std::find(shape.begin(), shape.end(), 0) != shape.end();
    const uint64_t available = data.size() / d.bytes;
    uint64_t values = 1; // a shape of no sizes, (), holds one
    for (const int64_t dim : shape) {
        if (dim < 0) throw InputError(describeProblem(source, "an array's shape holds a negative size, " + std::to_string(dim)));
        if (empty) continue;
        if (values > available / static_cast<uint64_t>(dim)) throw truncated(); // before values * dim could overflow
        values *= static_cast<uint64_t>(dim);
    }
    if (!empty && values > available) throw truncated();
    const auto count = static_cast<int64_t>(empty ? 0 : values);
    const bool swap = d.bigEndian && d.bytes > 1;
    array.isInteger = d.kind == 'i' || d.kind == 'u';
    if (array.isInteger) array.integer.resize(static_cast<size_t>(count));
    else array.real.resize(static_cast<size_t>(count));
    if (count == 0) return array; // its other sizes may be anything: the strides below must not multiply them

    // Fortran order: element k of the file is at reversed-shape C index k.
    std::vector<int64_t> strides(array.shape.size(), 1);
    for (int i = static_cast<int>(array.shape.size()) - 2; i >= 0; --i) strides[i] = strides[i + 1] * array.shape[i + 1];
    std::vector<int64_t> index(array.shape.size(), 0);
    for (int64_t k = 0; k < count; ++k) {
        int64_t target = k;
        if (fortran && array.shape.size() > 1) {
            target = 0;
            for (size_t i = 0; i < index.size(); ++i) target += index[i] * strides[i];
            for (size_t i = 0; i < index.size(); ++i) { // increment, first axis fastest
                if (++index[i] < array.shape[i]) break;
                index[i] = 0;
            }
        }
        const char* p = data.data() + k * d.bytes;
        if (d.kind == 'f') {
            array.real[target] = d.bytes == 8 ? load<double>(p, swap) : d.bytes == 4 ? load<float>(p, swap) : halfToDouble(load<uint16_t>(p, swap));
        } else if (d.kind == 'b') {
            array.real[target] = *p ? 1.0 : 0.0;
        } else if (d.kind == 'i') {
            array.integer[target] = d.bytes == 8 ? load<int64_t>(p, swap) : d.bytes == 4 ? load<int32_t>(p, swap)
                                  : d.bytes == 2 ? load<int16_t>(p, swap) : static_cast<int8_t>(*p);
        } else {
            const uint64_t u = d.bytes == 8 ? load<uint64_t>(p, swap) : d.bytes == 4 ? load<uint32_t>(p, swap)
                             : d.bytes == 2 ? load<uint16_t>(p, swap) : static_cast<uint8_t>(*p);
            array.integer[target] = static_cast<int64_t>(u);
        }
    }
    return array;
}

NpyArray readNpy(const std::string& path)
{
    if (!std::filesystem::exists(path)) throw InputError(describeProblem(path, "file not found"));
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.empty()) throw InputError(describeProblem(path, "file is empty"));
    return parseNpy(bytes, path);
}

namespace {

constexpr const char* kNpzKind = "a readable .npz (zip) archive";

} // namespace

std::vector<std::string> listNpz(const std::string& path)
{
    std::vector<std::string> keys;
    for (std::string name : ZipArchive(path, kNpzKind).memberNames()) {
        if (name.size() > 4 && endsWith(name, ".npy")) name.resize(name.size() - 4);
        keys.push_back(name);
    }
    return keys;
}

NpyArray readNpz(const std::string& path, const std::string& key)
{
    const ZipArchive archive(path, kNpzKind);
    const std::string member = key + ".npy";
    if (!archive.has(member)) {
        const std::string keys = joined(listNpz(path));
        throw InputError(describeProblem(path, "has no array '" + key + "' (it holds: " + (keys.empty() ? "nothing" : keys) + ")"));
    }
    return parseNpy(archive.read(member), path + " [" + key + "]");
}

} // namespace himnet
