// NumPy files. Bytes that start as a zip archive does are an .npz, read as a series and as the
// reference's split windows. Any other bytes are a .npy, read as a series, parsed from memory,
// and stored in .npz archives (whose checksums mutated bytes would otherwise break before the
// array is reached): as a series' `data` and as each part of a split file.
#include "data/npy_array.h"
#include "data/series_readers.h"
#include "data/time_grid.h"
#include "fuzz_input.h"
#include "stored_zip.h"

#include <cstring>

namespace himnet::fuzzing {
namespace {

void readSeries(const std::string& path)
{
    readOrRefuse(path, [&] {
        SeriesData s = readNumpySeries(path);
        placeOnRegularGrid(s, path, {}, Aggregation::Mean, 0.0f);
    });
}

void readSplits(const std::string& path)
{
    readOrRefuse(path, [&] { isSplitIndexFile(path); });
    readOrRefuse(path, [&] { readSplitIndex(path); });
}

} // namespace

void fuzzNumpy(const uint8_t* data, size_t size)
{
    if (size >= 4 && std::memcmp(data, "PK\x03\x04", 4) == 0) {
        const std::string path = writeInput(data, size, "data.npz");
        readSeries(path);
        readSplits(path);
        return;
    }
    const std::string path = writeInput(data, size, "data.npy");
    readSeries(path);
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    readOrRefuse(path, [&] { parseNpy(bytes, path); });

    const std::string series = testing::storedZip({{"data.npy", bytes}});
    readSeries(writeInput(reinterpret_cast<const uint8_t*>(series.data()), series.size(), "series.npz"));
    const std::string splits = testing::storedZip({{"train.npy", bytes}, {"val.npy", bytes}, {"test.npy", bytes}});
    readSplits(writeInput(reinterpret_cast<const uint8_t*>(splits.data()), splits.size(), "index.npz"));
}

} // namespace himnet::fuzzing
