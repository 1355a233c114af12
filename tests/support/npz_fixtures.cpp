#include "npz_fixtures.h"
#include "shared_path.h"
#include "stored_zip.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace himnet::testing {
namespace {

std::string le16(uint16_t v) { return {static_cast<char>(v & 0xff), static_cast<char>(v >> 8)}; }

} // namespace

std::string npyBytes(const std::string& descr, const std::vector<int64_t>& shape, const std::string& data, bool fortranOrder)
{
    std::string dims; // as Python writes a tuple: "()", "(3,)", "(3, 2)"
    for (size_t i = 0; i < shape.size(); ++i) dims += (i == 0 ? "" : ", ") + std::to_string(shape[i]);
    if (shape.size() == 1) dims += ",";
    std::string header = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': (" + dims + "), }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    return std::string("\x93NUMPY\x01\x00", 8) + le16(static_cast<uint16_t>(header.size())) + header + data;
}

std::string npyInt64(const std::vector<int64_t>& values, const std::vector<int64_t>& shape)
{
    std::string data;
    for (int64_t v : values)
        for (int byte = 0; byte < 8; ++byte) data += static_cast<char>((static_cast<uint64_t>(v) >> (8 * byte)) & 0xff);
    return npyBytes("<i8", shape, data);
}

void writeSplitFile(const std::string& path, const SplitStartsFixture& starts, int64_t inSteps, int64_t outSteps)
{
    std::vector<std::pair<std::string, std::string>> members;
    for (const auto& [name, part] : {std::pair{"train", &starts.train}, {"val", &starts.val}, {"test", &starts.test}}) {
        std::vector<int64_t> rows;
        for (int64_t s : *part) rows.insert(rows.end(), {s, s + inSteps, s + inSteps + outSteps});
        members.emplace_back(std::string(name) + ".npy", npyInt64(rows, {static_cast<int64_t>(part->size()), 3}));
    }
    std::ofstream out(path, std::ios::binary);
    out << storedZip(members);
    if (!out) throw std::runtime_error("cannot write " + path);
}

SplitStartsFixture chronologicalStarts(int64_t steps, int64_t train, int64_t val, int64_t gap, int64_t span)
{
    SplitStartsFixture starts;
    const int64_t windows = steps - span + 1;
    for (int64_t s = 0; s < windows; ++s) {
        if (s < train) starts.train.push_back(s);
        else if (s >= train + gap && s < train + gap + val) starts.val.push_back(s);
        else if (s >= train + 2 * gap + val) starts.test.push_back(s);
    }
    return starts;
}

SplitStartsFixture szTaxiSplit() { return chronologicalStarts(2976, 2000, 300, 50); }

void copySzTaxi(const std::string& folder, bool withSplitFile)
{
    namespace fs = std::filesystem;
    for (const char* name : {"SZ_taxi.npz", "sz_adj.csv"})
        fs::copy_file(sharedPath(std::string("datasets/sz-taxi/") + name), fs::path(folder) / name);
    if (withSplitFile) writeSplitFile((fs::path(folder) / "index.npz").string(), szTaxiSplit());
}

} // namespace himnet::testing
