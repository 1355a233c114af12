#pragma once
// Readers of the files the field publishes (ARCHITECTURE.md, "Data formats to read").
// Each throws InputError naming the file and the problem.
#include "himnet/dataset.h"

#include <string>
#include <vector>

namespace himnet {

/// A time series as read from one file, before it becomes a Dataset.
struct SeriesData {
    std::string format;
    int64_t steps = 0, nodes = 0, channels = 1;
    std::vector<float> values;         ///< (steps, nodes, channels)
    std::vector<std::string> sensorIds; ///< empty when the file has none
    std::vector<int64_t> timestamps;   ///< UTC seconds; empty when the file has none
    std::vector<size_t> emptyCells;    ///< indices into `values` of cells the file left blank: missing readings
};

/// pandas HDF5, fixed format, as METR-LA's metr-la.h5 and PEMS-BAY's pems-bay.h5:
/// /<key>/axis0 ids, /<key>/axis1 int64 nanoseconds, /<key>/block0_values (T, N).
SeriesData readPandasHdf5(const std::string& path, const std::string& key = "df");

/// .npz with array `data` (T, N) or (T, N, C), or a bare .npy of that shape.
SeriesData readNumpySeries(const std::string& path);

/// Wide CSV: a header of sensor ids, one row per step, an optional first timestamp column.
/// Blank cells (what a spreadsheet saves for no reading) are listed in `emptyCells`.
SeriesData readWideCsv(const std::string& path);

/// Sensor locations: id, latitude, longitude, with or without header and index column.
std::vector<std::pair<std::string, LatLon>> readLocationsCsv(const std::string& path);

struct DistanceRecord {
    std::string from, to;
    double distance = 0; ///< or the weight itself when the edge list holds weights
};

struct EdgeList {
    std::vector<DistanceRecord> records;
    bool holdsWeights = false; ///< header "from,to,weight": use as given, no kernel
};

/// Edge list: from, to, cost/distance (or weight), with or without header.
EdgeList readEdgeListCsv(const std::string& path);

/// Dense N x N adjacency (no header), returned row-major; `nodes` receives N.
std::vector<double> readDenseAdjacencyCsv(const std::string& path, int64_t& nodes);

/// The reference's split file: keys train, val, test, int64 rows [start, start+T, start+T+Q].
struct SplitIndex {
    std::vector<int64_t> train, val, test; ///< window starts
    int64_t inSteps = 12, outSteps = 12;
};
SplitIndex readSplitIndex(const std::string& path);

} // namespace himnet
