#pragma once
// What `himnet info` and the app's "open dataset" preview show about a dataset.
#include "himnet/dataset.h"
#include "himnet/road_graph.h"

#include <string>

namespace himnet {

struct DatasetSummary {
    std::string name, path, format;
    int64_t sensors = 0, steps = 0, channels = 0;
    int64_t intervalSeconds = 0, stepsPerDay = 0;
    std::string aggregation;    ///< "mean" or "sum" when finer readings were combined into the steps (Dataset::aggregation)
    std::string start, end; ///< "YYYY-MM-DD HH:MM:SS" UTC
    double days = 0;
    double missingPercent = 0; ///< of the target channel
    double minValue = 0, meanValue = 0, maxValue = 0; ///< over present target values
    std::string quantity, unit; ///< empty when unknown (Dataset::quantity, Dataset::unit)
    std::string valueColumn;    ///< a long table's column read (Dataset::valueColumn)
    std::vector<std::string> valueColumns;
    std::string sheet;          ///< an Excel workbook's worksheet read (Dataset::sheet)
    std::vector<std::string> sheets;
    bool hasCoordinates = false;
    bool hasGraph = false;
    GraphStatistics graph;
    std::vector<std::string> zoneNames;
    std::vector<int64_t> zoneSizes;
    std::vector<std::string> notes;
    /// "2015-01-11": where the readings settle at another level part-way and stay there (a note
    /// says so), the first day of the later level; empty otherwise.
    std::string levelChangedOn;
};

DatasetSummary summarizeDataset(const Dataset& dataset);

/// Human-readable multi-line text.
std::string toText(const DatasetSummary& summary);
/// One JSON object.
std::string toJson(const DatasetSummary& summary);

/// Summary of a graph-only file (an edge list such as PEMS08.csv).
std::string describeGraphFile(const std::string& path, bool json);

} // namespace himnet
