#pragma once
// A sensor network's time series and everything known about it: values, time, sensor ids,
// coordinates, road graph, known zones. Plain C++ (no LibTorch, no Qt): built by the readers
// in loadDataset(), validated on construction, shared read-only by the views and the trainer.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace himnet {

struct LatLon {
    double latitude = 0;
    double longitude = 0;
};

/// A directed road link between sensor indices; `weight` in (0, 1] (Gaussian kernel of the
/// distance, or the given adjacency value), `distance` in the file's unit when known.
struct GraphEdge {
    int64_t from = 0;
    int64_t to = 0;
    double weight = 1;
    double distance = 0;
};

/// How readings finer than the steps are combined into each step (LoadOptions::intervalSeconds).
enum class Aggregation {
    Mean, ///< the mean of the step's readings: levels and rates (speed, occupancy, flow in veh/h)
    Sum,  ///< their total: counts per reading interval (vehicles, trips, pickups)
};

struct Dataset {
    std::string name;        ///< e.g. "la-week"
    std::string sourcePath;  ///< the file or folder it was read from
    std::string format;      ///< "pandas-hdf5", "npz", "npy", "wide-csv", "long-csv", "wide-xlsx", "long-xlsx", "demo-city"
    std::string sheet;       ///< an Excel workbook's worksheet the series comes from; empty for other formats
    std::vector<std::string> sheets; ///< every worksheet of that workbook (LoadOptions::sheet)
    std::string valueColumn; ///< a long table's column the values come from; empty for other formats
    std::vector<std::string> valueColumns; ///< a long table's columns they could come from (LoadOptions::valueColumn)
    std::vector<std::string> laneTypes; ///< PeMS station files: the lane types read, when not all (LoadOptions::laneTypes)

    int64_t numSteps = 0;    ///< T
    int64_t numNodes = 0;    ///< N
    int64_t numChannels = 1; ///< C; channel 0 is the forecast target
    std::vector<float> values; ///< (T, N, C), row-major
    float missingValue = 0;  ///< a target equal to this is missing (0 in every published set)
    std::string quantity;    ///< what channel 0 measures, e.g. "speed" or "flow"; empty when unknown
    std::string unit;        ///< its unit, e.g. "mph", "km/h", "veh/5 min"; empty when unknown

    std::vector<int64_t> timestamps; ///< UTC seconds since 1970, one per step, strictly regular
    int64_t intervalSeconds = 300;
    /// How readings finer than the steps were combined into them; empty when each step is one
    /// reading (or none), as the file gave it.
    std::optional<Aggregation> aggregation;
    /// False when the files carry no timestamps: the time axis then came from LoadOptions,
    /// the manifest, the table of published files or the defaults (`notes` say which were assumed).
    bool timeAxisInFiles = true;
    /// When a period of the series was read alone (LoadOptions::from, until): the first and
    /// last step of the whole series; unset otherwise.
    std::optional<int64_t> seriesFirstTime;
    std::optional<int64_t> seriesLastTime;

    std::vector<std::string> sensorIds;     ///< N ids, unique
    std::vector<LatLon> locations;          ///< empty, or N coordinates
    std::vector<GraphEdge> edges;           ///< road graph; may be empty
    std::vector<std::string> zoneNames;     ///< known zone names (demo city); may be empty
    std::vector<int> zoneLabels;            ///< empty, or N indices into zoneNames
    std::vector<std::string> notes;         ///< assumptions made while reading, for the user
    /// The reference's train/val/test windows for this series (an index.npz beside it, or the
    /// manifest's "split"): training uses them unless asked to split by time. Empty: none.
    std::string splitFile;

    /// Steps per day P = 86400 / interval.
    int64_t stepsPerDay() const { return 86400 / intervalSeconds; }
    float value(int64_t t, int64_t n, int64_t c = 0) const { return values[static_cast<size_t>((t * numNodes + n) * numChannels + c)]; }
    bool isMissing(int64_t t, int64_t n) const { return value(t, n) == missingValue; }
    bool hasLocations() const { return !locations.empty(); }
    bool hasZones() const { return !zoneLabels.empty(); }
    /// What the values measure: `quantity`, or "value" when the data does not say.
    std::string quantityName() const { return quantity.empty() ? "value" : quantity; }
    /// How axes and tables name the values: "speed (mph)", "speed", "value (mph)" or "value".
    std::string valueLabel() const;
    /// Index of `sensorId`, or -1.
    int64_t indexOf(const std::string& sensorId) const;

    /// Throws InputError naming sourcePath when sizes disagree, values are not finite,
    /// ids repeat, timestamps are irregular or edges name sensors out of range.
    void validate() const;
};

/// Dates with slashes ("3/1/2012") put the month first in one country and the day first in
/// another: which one a file uses.
enum class DateOrder { Unstated, DayFirst, MonthFirst };

/// How to read a dataset when the files do not say it themselves.
struct LoadOptions {
    std::optional<int64_t> startTime;       ///< UTC seconds of the first step, for files without timestamps
    std::optional<int64_t> intervalSeconds; ///< sampling interval, for files without timestamps; a multiple of the file's combines its readings
    std::optional<Aggregation> aggregation; ///< how: Mean when not given
    std::optional<float> missingValue;      ///< overrides the default 0
    std::optional<std::string> quantity;    ///< what the values measure, e.g. "speed"
    std::optional<std::string> unit;        ///< their unit, e.g. "mph"
    std::optional<std::string> valueColumn; ///< a long table's column to read, e.g. "speed"
    std::optional<std::string> sheet;       ///< an Excel workbook's worksheet to read the series from ("book.xlsx#Speeds" says it too)
    std::optional<DateOrder> dateOrder;     ///< dates with slashes, where the file's own dates do not tell (one day of them)
    std::vector<std::string> laneTypes;     ///< PeMS station files: the lane types of the stations to read (ML, HV…); empty: all
    /// The period to read, UTC seconds: the steps at or after `from` and before `until` (after
    /// readings are combined into steps); unset: from the first step, or to the last.
    std::optional<int64_t> from;
    std::optional<int64_t> until;
};

/// "ML,HV" or "ml hv" as PeMS lane types ({"ML", "HV"}); an unknown one is refused, naming
/// those there are (ML mainline, OR on-ramp, FR off-ramp, HV HOV lane, CD, CH, FF).
std::vector<std::string> parseLaneTypes(const std::string& text);

/// Reads a file or a dataset folder (manifest `dataset.json`, or discovery by file names;
/// see datasets/README.md). Throws InputError naming the file and the problem.
Dataset loadDataset(const std::string& path, const LoadOptions& options = {});

/// Parses "2012-03-01", "2012-03-01 08:05[:00]", "2012-03-01T08:05:00Z" (UTC), with an offset
/// ("…09:05:00+01:00"), day first ("01.03.2012 08:05"), or epoch seconds (up to 12 digits),
/// milliseconds (13), microseconds (16) or nanoseconds (19), cut to the second. Throws
/// InputError on anything else.
/// Dates with slashes ("3/1/2012") are read in `order`, and refused while it is unstated.
int64_t parseTimestamp(const std::string& text, DateOrder order = DateOrder::Unstated);
/// Parses "300", "300s", "5min", "15m", "1h": a positive interval of at most a day. Throws
/// InputError on anything else.
int64_t parseInterval(const std::string& text);
/// "2012-03-01 08:05:00" (UTC).
std::string formatTimestamp(int64_t seconds);
/// The times a dataset's steps may take, 1000-01-01 00:00:00 to 9999-12-31 23:59:59 UTC:
/// checkpoints keep the first and last with four-digit years, as formatTimestamp writes them
/// and parseTimestamp reads them back.
constexpr int64_t kEarliestTimestamp = -30610224000;
constexpr int64_t kLatestTimestamp = 253402300799;
/// "15 min", "1 h", "90 s": an interval as people write it; parseInterval reads it back.
std::string formatInterval(int64_t seconds);
/// "mean" or "sum": how the command line, manifests and checkpoints name an aggregation.
std::string aggregationName(Aggregation aggregation);
/// Reads "mean" (or "average") and "sum" (or "total"), in any case. Throws InputError on anything else.
Aggregation parseAggregation(const std::string& text);
/// Reads "mdy" (or "month-first", "us") and "dmy" (or "day-first"), in any case. Throws InputError on anything else.
DateOrder parseDateOrder(const std::string& text);
/// "08:30" for the time-of-day slot `slot` of a day of `stepsPerDay` slots.
std::string formatTimeOfDay(int64_t slot, int64_t stepsPerDay);
/// "Monday" for 0 .. "Sunday" for 6.
std::string dayOfWeekName(int64_t dayOfWeek);

} // namespace himnet
