// A text table of readings as the app reads a CSV series (gzipped too, for bytes that start as
// gzip does): wide, long, times across, or a PeMS station file, then put on a regular time axis.
// The first byte picks how dates with slashes are read where the file does not tell.
#include "data/series_readers.h"
#include "data/time_grid.h"
#include "fuzz_input.h"

namespace himnet::fuzzing {

void fuzzTable(const uint8_t* data, size_t size)
{
    if (size == 0) return;
    const auto order = static_cast<DateOrder>(data[0] % 3);
    ++data, --size;
    const bool gzipped = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    const std::string path = writeInput(data, size, gzipped ? "readings.csv.gz" : "readings.csv");
    readOrRefuse(path, [&] {
        SeriesData s = readTableSeries(path, {}, order);
        requireUtf8(s.sensorIds, path);
        placeOnRegularGrid(s, path, {}, Aggregation::Mean, 0.0f);
    });
}

} // namespace himnet::fuzzing
