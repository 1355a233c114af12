#pragma once
// Readers of the files the field publishes (ARCHITECTURE.md, "Data formats to read").
// Each throws InputError naming the file and the problem.
#include "data/text_table.h"
#include "himnet/dataset.h"

#include <functional>
#include <optional>
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
    int64_t headerRows = 0;            ///< CSV: rows before the first step, so that messages name the file's rows
    std::string quantity, unit;        ///< what the file says its values measure (a long table's column header)
    std::string valueColumn;           ///< long tables: the column the values come from
    std::vector<std::string> valueColumns; ///< long tables: every column they could come from
    std::string sheet;                 ///< Excel workbooks: the worksheet read
    std::vector<std::string> sheets;   ///< Excel workbooks: every worksheet
    std::optional<Aggregation> aggregation; ///< how readings finer than the steps were combined (placeOnRegularGrid)
    int64_t combinedFromSeconds = 0;   ///< the file's own interval, when its readings were combined into longer steps
    std::vector<std::string> notes;    ///< what reading assumed or changed, for the user
};

/// pandas HDF5, fixed format, as METR-LA's metr-la.h5 and PEMS-BAY's pems-bay.h5:
/// /<key>/axis0 ids, /<key>/axis1 int64 nanoseconds, /<key>/block0_values (T, N).
SeriesData readPandasHdf5(const std::string& path, const std::string& key = "df");

/// .npz with array `data` (T, N) or (T, N, C), or a bare .npy of that shape.
SeriesData readNumpySeries(const std::string& path);

/// A CSV series, wide or long. Wide: a header of sensor ids, one row per step, an optional
/// first timestamp column. Long (as traffic databases export): a row per sensor and time,
/// with a time column, a sensor column and value columns (`timestamp,detector,flow,speed`);
/// `valueColumn` picks one, else the first named like a measurement. Blank cells (what a
/// spreadsheet saves for no reading) and, in a long table, a time and sensor that no row
/// gives, are listed in `emptyCells`.
/// A PeMS station file (headerless, known by its first row) is read as readPemsStationFiles
/// reads it, for `laneTypes` (all when empty).
/// `dateOrder`: how dates with slashes are read where the file's own dates do not tell.
SeriesData readTableSeries(const std::string& path, const std::optional<std::string>& valueColumn = {},
                           DateOrder dateOrder = DateOrder::Unstated, const std::vector<std::string>& laneTypes = {});

/// A wide table (a header of sensor ids, a row per step), streamed from the file `head` was read
/// from (readTextTable(path, 2): its header and first data row): its text is never held whole.
/// A file of more than `blockBytes` is read in blocks of about that size on every core.
SeriesData readWideTable(const TextTable& head, DateOrder statedDateOrder = DateOrder::Unstated, size_t blockBytes = kTableBlockBytes);

/// The columns of a long table, when `table`'s header names a time and a sensor column.
struct LongTableLayout {
    size_t time = 0, sensor = 0;
    std::vector<size_t> values; ///< every other column
    std::optional<size_t> clock; ///< the time of day, when the time column holds dates alone ("Date", "Time")
};
/// `head`: the file's header and first data row (readTextTable(path, 2)).
std::optional<LongTableLayout> longTableLayout(const TextTable& head);
/// Streams the file `head` was read from: its text is never held whole.
SeriesData readLongTable(const TextTable& head, const LongTableLayout& layout, const std::optional<std::string>& valueColumn,
                         DateOrder statedDateOrder = DateOrder::Unstated);

/// Files of one layout read in turn as one long table: a file with its header, or a
/// publisher's headerless files (a folder of PeMS daily files), whose columns are documented.
struct LongTableFiles {
    std::vector<std::string> paths;
    std::vector<std::string> header;   ///< the columns' names
    std::vector<std::string> firstRow; ///< the first file's first data row (a value column is chosen by it)
    size_t headerRow = 0;              ///< in every file, rows numbered up to this are not data (0: no header)
    bool raggedRows = false;           ///< rows may differ in length (per-lane fields), reaching at least the columns read
    /// Shown every data row, if set: false leaves the row out (a station of a lane type not asked
    /// for). Rows are read on tableReaderThreads() threads at once, each calling with its own
    /// `reader` index (below that count): what it keeps of the rows it sees must be kept per reader.
    /// A file read in blocks that is then read again in one piece (a block held a row it refuses,
    /// or was cut inside a quoted field) shows its rows again.
    std::function<bool(const std::vector<std::string>& row, size_t reader)> keepRow;
    /// If set, whether a local clock shows `time` twice (the hour repeated when it is put back
    /// in autumn): a sensor's second reading at such a time, in the same file, is left out with
    /// a note rather than refused.
    std::function<bool(int64_t time)> clockRepeats;
    /// Where there are fewer files than readers, each text file of more than this is read in
    /// blocks of about this size, parsed on every reader (a month exported as one CSV).
    size_t blockBytes = kTableBlockBytes;
};
/// How many threads read a table's rows (long or wide, and PeMS files): as many as there are cores.
size_t tableReaderThreads();
/// Streams `files` into `s`, whose format and notes the caller has begun, on every core: each
/// file on a thread, or, where there are fewer files than cores, each file's blocks. Two rows for one sensor and time, in one file or two,
/// are refused naming both (but see `clockRepeats`); of files that cannot be read, the first
/// one's error is thrown.
void readLongTableFiles(const LongTableFiles& files, const LongTableLayout& layout, const std::optional<std::string>& valueColumn,
                        DateOrder statedDateOrder, SeriesData& s);

/// Notes a title left out above the table, and keeps which worksheet of a workbook it is, with a
/// note when there were others to choose.
void noteTheTableRead(const TextTable& table, SeriesData& s);

/// The header's columns up to the last with a name or a reading (`lastFilled`: one past the last
/// column any row fills), at least `first`: a spreadsheet saves the empty columns of a sheet once
/// formatted ("D3,," above "52,,"). A note says how many were left out after the last `what`.
size_t widthWithoutEmptyColumns(const std::vector<std::string>& header, size_t first, size_t lastFilled, const std::string& what,
                                std::vector<std::string>& notes);
/// Why a row of `fields` fields does not fit a table `width` wide (its header `headerWidth`,
/// empty columns after the last sensor included): "row 12 has 2 fields, the header has 3";
/// empty when it fits.
std::string rowWidthProblem(size_t rowNumber, size_t fields, size_t width, size_t headerWidth);

/// A table's cell of readings: a number, a missing reading (a blank cell, or a marker such as
/// NULL or NA: isMissingMarker), or neither.
enum class CellReading { Number, Missing, NotANumber, NotFinite };
/// The missing-reading markers a table's cells held, for a note.
struct MarkerTally {
    std::string first; ///< as the file wrote it, e.g. "NULL"
    int64_t cells = 0;
};
/// Reads `field` into `value`, counting markers in `tally`.
CellReading readCell(const std::string& field, double& value, MarkerTally& tally);
/// Why `field` is no reading, for a message after its row and column: "'fast' is not a number",
/// or, for NaN and infinities, what to write instead.
std::string cellProblem(CellReading reading, const std::string& field);
/// Notes "'NULL' in 12 cells: missing readings", when there were any.
void noteMarkers(const MarkerTally& tally, SeriesData& s);

/// Ends a message about a time given twice: local clock times repeat an hour each autumn.
inline constexpr const char* kRepeatedTimeHint = "; times must be UTC or carry their offset (a local clock put back for daylight saving repeats an hour)";

/// True for a field written as a date and time ("2012-03-01 08:05", "01.03.2012 08:05"), not as a
/// bare number; also for a date with slashes ("3/1/2012"), which parseTimestamp refuses with why.
bool looksLikeTimestamp(const std::string& field);
/// The column after `dateColumn` that holds the time of day its dates lack ("Date,Time,…",
/// as spreadsheets and some portals export), if any: a column named as times, or right beside
/// `dateColumn` under any name, whose first value is a clock time, where the first value of
/// `dateColumn` is a date alone.
std::optional<size_t> clockColumnBeside(const std::vector<std::string>& header, const std::vector<std::string>& firstRow, size_t dateColumn);
/// A table's time field as UTC seconds (parseTimestamp), refusing a time of day alone ("08:05",
/// or a workbook's time cell on Excel's day zero) in words: without dates, the days repeat.
int64_t parseTableTime(const std::string& field, DateOrder order = DateOrder::Unstated);
/// parseTableTime for the field at `where` ("row 5, column 'time'") of `path`: its errors name
/// both, a DateOrderUnsettled staying one, so that the app can ask for the order.
int64_t parseTableTimeAt(const std::string& field, DateOrder order, const std::string& path, const std::function<std::string()>& where);
/// Which comes first in the slashed dates among `times` ("3/13/2012": the month), found from
/// the dates themselves: a first or second number above 12, or, over several days, the one
/// that changes while the other stays (a week of "3/1/2012" … "3/7/2012"). Unstated when
/// there are no slashed dates or they do not tell (a single day); a note says what was found.
/// `stated`, when not Unstated, is the answer where the dates themselves do not give one.
DateOrder slashedDateOrder(const std::vector<const std::string*>& times, std::vector<std::string>& notes,
                           DateOrder stated = DateOrder::Unstated);
/// "2012-03-01" and "08:05" as "2012-03-01 08:05". A workbook's date cell (midnight) and time
/// cell (on Excel's day zero) are joined the same way.
std::string joinDateAndClock(const std::string& date, const std::string& clock);

/// True for a column header that names times: "timestamp", "Time (UTC)", "interval_start", "epoch"…
bool namesTimeColumn(const std::string& header);
/// True for a column header that names sensors: "sensor_id", "Station ID", "detector", "link"…
bool namesSensorColumn(const std::string& header);
/// A sensor id as every file of a dataset must match it: "773869.0" and "773869" are one sensor.
std::string normalisedSensorId(const std::string& id);

/// Sensor locations: id, latitude, longitude, with or without header and index column. A row
/// whose coordinates are both blank (a station listed before it was surveyed) gives NaN.
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
/// The steps a split's windows need: the last step any of them reads, plus one.
int64_t stepsNeeded(const SplitIndex& index);

/// Whether `path` is such a split file (a readable .npz of train, val and test, without data).
bool isSplitIndexFile(const std::string& path);
/// What split files are, where a series was looked for: "index.npz is a split file (…), not a
/// series"; "a.npz, b.npz are split files (…), not series".
std::string splitFilesAreNoSeries(const std::vector<std::string>& names);

} // namespace himnet
