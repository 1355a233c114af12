// loadDataset(): a file, a folder with a manifest, or a folder understood by file names.
#include "data/dataset_attachments.h"
#include "data/dataset_manifest.h"
#include "data/text_table.h"
#include "data/xlsx_sheet.h"
#include "data/series_readers.h"
#include "data/pems_station_files.h"
#include "data/time_grid.h"
#include "core/text.h"
#include "core/utf8.h"
#include "himnet/errors.h"
#include "himnet/model_file.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <utility>

namespace himnet {
namespace fs = std::filesystem;
namespace {

// Published benchmark files: most carry no time axis, and none says what it measures; both
// are known. A file matches by its name in lower case without extension: exactly, or, for the
// files that carry timestamps (pandas HDF5), by its start ("metr-la-week1.h5").
struct KnownSeries {
    const char* fileStem;
    const char* start; ///< nullptr: the file has timestamps
    int64_t interval;
    const char* quantity;
    const char* unit;
};
constexpr KnownSeries kKnownSeries[] = {
    {"los_speed", "2012-03-01 00:00:00", 300, "speed", "mph"},
    {"metr-la", nullptr, 300, "speed", "mph"},
    {"pems-bay", nullptr, 300, "speed", "mph"},
    {"sz_taxi", "2015-01-01 00:00:00", 900, "speed", "km/h"},
    {"pems03", "2018-09-01 00:00:00", 300, "flow", "veh/5 min"},
    {"pems04", "2018-01-01 00:00:00", 300, "flow", "veh/5 min"},
    {"pems07", "2017-05-01 00:00:00", 300, "flow", "veh/5 min"},
    {"pems08", "2016-07-01 00:00:00", 300, "flow", "veh/5 min"},
};

const KnownSeries* knownSeries(const std::string& seriesPath)
{
    std::string stem = lowerCase(fs::path(seriesPath).stem().string());
    if (endsWith(lowerCase(seriesPath), ".gz")) stem = lowerCase(fs::path(stem).stem().string()); // pems08.csv.gz
    for (const auto& known : kKnownSeries)
        if (stem == known.fileStem || (!known.start && stem.rfind(known.fileStem, 0) == 0)) return &known;
    return nullptr;
}

// `parts`: the files of a series split by day (PeMS station files), when there are several.
SeriesData readSeriesFile(const std::string& path, const std::vector<std::string>& parts, const LoadOptions& options)
{
    const std::string name = lowerCase(fs::path(path).filename().string());
    SeriesData s;
    const DateOrder dateOrder = options.dateOrder.value_or(DateOrder::Unstated);
    if (parts.size() > 1) s = readPemsStationFiles(parts, options.valueColumn, dateOrder, options.laneTypes);
    else if (endsWith(name, ".h5") || endsWith(name, ".hdf5") || endsWith(name, ".hdf")) s = readPandasHdf5(path);
    else if (endsWith(name, ".npz") || endsWith(name, ".npy")) s = readNumpySeries(path);
    else if (isTextTablePath(name) || isWorkbookPath(name)) s = readTableSeries(path, options.valueColumn, dateOrder, options.laneTypes);
    else if (endsWith(name, ".xls") || endsWith(name, ".ods"))
        throw InputError(describeProblem(path, "is an older Excel or an OpenDocument spreadsheet, which cannot be read: save it as .xlsx or as CSV"));
    else throw InputError(describeProblem(path, "unknown series format (expected .h5, .npz, .npy, .csv (also gzipped, .csv.gz) or .xlsx)"));
    if (options.valueColumn && s.valueColumns.empty())
        throw InputError(describeProblem(path, "holds one value per sensor and step, so there is no value column '" + *options.valueColumn
                                                   + "' to choose (a value column applies to long tables: time, sensor, values)"));
    if (!options.laneTypes.empty() && s.format != "pems-station")
        throw InputError(describeProblem(path, "is no PeMS station file, so there are no lane types to choose (they apply to the "
                                               "clearinghouse's d07_text_station_5min_… files)"));
    placeOnRegularGrid(s, path, options.intervalSeconds, options.aggregation.value_or(Aggregation::Mean), options.missingValue.value_or(0.0f));
    if (options.aggregation == Aggregation::Sum && !s.aggregation)
        s.notes.push_back("nothing to total: each step is one reading of the file (readings are totalled into steps of an interval "
                          "that is a multiple of the file's)");
    return s;
}

// `known`: the published file `seriesPath` is, or nullptr.
void applyTime(Dataset& d, const SeriesData& s, const std::string& seriesPath, const KnownSeries* known, const LoadOptions& options)
{
    if (!s.timestamps.empty()) { // on their regular grid already (placeOnRegularGrid)
        d.timestamps = s.timestamps;
        d.intervalSeconds = options.intervalSeconds.value_or(s.steps > 1 ? s.timestamps[1] - s.timestamps[0] : 300);
        return;
    }
    d.timeAxisInFiles = false;
    std::optional<int64_t> start = options.startTime, interval = options.intervalSeconds;
    if (known && known->start) {
        if (!start) start = parseTimestamp(known->start);
        if (!interval) interval = known->interval;
    }
    if (!interval) {
        interval = 300;
        d.notes.push_back("no timestamps in the file: assumed 5-minute steps (set the interval: --interval, or Reading Options in the app)");
    }
    if (!start) {
        start = parseTimestamp("2018-01-01"); // a Monday, so days of week stay meaningful
        d.notes.push_back("no timestamps in the file: assumed the series starts on Monday 2018-01-01 00:00 UTC (set the start: --start, or Reading Options in the app)");
    }
    if (*interval <= 0) throw InputError(describeProblem(seriesPath, "the sampling interval must be positive"));
    d.intervalSeconds = *interval;
    d.timestamps.resize(static_cast<size_t>(s.steps));
    for (int64_t t = 0; t < s.steps; ++t) d.timestamps[static_cast<size_t>(t)] = *start + t * *interval;
}

/// True when `word` stands in `name` on its own: "los_adj.csv", "adj mx", not "adjusted".
bool namesWord(const std::string& name, const std::string& word)
{
    auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    for (size_t at = name.find(word); at != std::string::npos; at = name.find(word, at + 1))
        if ((at == 0 || !letter(name[at - 1])) && (at + word.size() == name.size() || !letter(name[at + word.size()]))) return true;
    return false;
}

/// What a table holds, by its file's or sheet's name (lower case).
enum class GraphPart { None, Locations, Adjacency, Edges };

GraphPart graphPartNamed(const std::string& name)
{
    if (name.find("location") != std::string::npos) return GraphPart::Locations;
    if (name.find("adjacency") != std::string::npos || namesWord(name, "adj")) return GraphPart::Adjacency; // not "adjusted"
    if (name.find("distance") != std::string::npos || name.find("edge") != std::string::npos) return GraphPart::Edges;
    return GraphPart::None;
}

/// A workbook's sheets as a folder's files: the series from the sheet the path names, else
/// the first sheet not named as a part of the graph; the sensors' locations, the edge list or
/// the adjacency from sheets named as those files would be ("Locations", "Distances"), where
/// no file gave them.
void readWorkbookSheets(DatasetFiles& f)
{
    if (!isWorkbookPath(f.series)) {
        if (f.options.sheet)
            throw InputError(describeProblem(f.series, "is not an Excel workbook, so there is no sheet '" + *f.options.sheet + "' to choose"));
        return;
    }
    const SheetPath series = splitSheetPath(f.series);
    const std::vector<std::string> sheets = workbookSheets(series.file);
    std::string seriesSheet = f.options.sheet.value_or(series.sheet);
    for (const auto& sheet : sheets) {
        const GraphPart part = graphPartNamed(lowerCase(sheet));
        if (part == GraphPart::None && seriesSheet.empty()) seriesSheet = sheet;
        std::string* file = part == GraphPart::Locations ? &f.locations : part == GraphPart::Adjacency ? &f.adjacency
                          : part == GraphPart::Edges     ? &f.edges
                                                         : nullptr;
        if (file && file->empty() && sheet != seriesSheet) *file = sheetPath(series.file, sheet);
    }
    f.series = seriesSheet.empty() || seriesSheet == sheets.front() ? series.file : sheetPath(series.file, seriesSheet);
}

/// A folder of PeMS station files (a month of days, say): the finest of them read as one
/// series, the district's latest station list (of `metas`, in name order) as the sensors'
/// locations. The files of two districts are two networks: refused.
void discoverPemsFiles(DatasetFiles& f, const std::map<std::string, std::vector<std::string>>& pemsByKind, const std::vector<std::string>& metas)
{
    for (const char* kind : {"5min", "hour", "day"}) {
        const auto files = pemsByKind.find(kind);
        if (files == pemsByKind.end()) continue;
        if (f.seriesParts.empty()) {
            f.seriesParts = files->second;
            f.series = files->second.front();
        } else {
            f.notes.push_back("PeMS " + std::string(kind) + " station files left out (" + countOf(static_cast<long long>(files->second.size()), "file")
                              + "): the finer ones were read");
        }
    }
    const auto district = [](const std::string& path) { return pemsDistrictOf(fs::path(path).filename().string()); };
    const std::string first = district(f.series);
    for (const auto& path : f.seriesParts)
        if (district(path) != first)
            throw InputError(describeProblem(fs::path(path).parent_path().string(),
                                             "holds the PeMS station files of two districts (" + fs::path(f.series).filename().string() + ", "
                                                 + fs::path(path).filename().string() + "), two networks: put each district's files in a folder of its own"));
    if (f.locations.empty())
        for (const auto& meta : metas)
            if (district(meta) == first) f.locations = meta; // the last is the latest
}

/// One PeMS station file opened alone: its district's latest station list beside it draws
/// the map, and a note says when other days lie beside it (read with it as the folder).
void lookBesidePemsFile(DatasetFiles& f, const fs::path& file)
{
    const std::string name = lowerCase(file.filename().string()), kind = pemsStationFileKind(name);
    if (kind.empty()) return;
    std::string meta;
    int64_t otherDays = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(file.has_parent_path() ? file.parent_path() : fs::path("."), ec)) {
        const std::string other = lowerCase(entry.path().filename().string());
        if (pemsDistrictOf(other) != pemsDistrictOf(name)) continue; // another district ("d04" beside "d07")
        if (isPemsMetaFileName(other) && entry.path().string() > meta) meta = entry.path().string();
        else if (other != name && pemsStationFileKind(other) == kind) ++otherDays;
    }
    if (!meta.empty()) f.locations = meta;
    if (otherDays > 0)
        f.notes.push_back(countOf(otherDays, "other PeMS " + kind + " station file") + " beside it: open the folder to read "
                          + (otherDays == 1 ? "it" : "them") + " with this one as one series");
}

std::vector<std::string> fileNames(const std::vector<std::string>& paths)
{
    std::vector<std::string> names;
    for (const auto& path : paths) names.push_back(fs::path(path).filename().string());
    return names;
}

// Without a manifest: the file names the field uses.
DatasetFiles discover(const fs::path& folder, const LoadOptions& options)
{
    DatasetFiles f;
    f.options = options;
    f.name = folder.filename().string();
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end()); // PeMS daily files by date
    std::string hdf5, numpy, csv;
    std::vector<std::string> pemsMetas;
    std::vector<std::string> checkpoints, splitFiles;
    std::string graphPickle;
    std::map<std::string, std::vector<std::string>> pemsByKind; // "5min", "hour", "day"
    for (const auto& p : files) {
        const std::string name = lowerCase(p.filename().string());
        if (const std::string kind = pemsStationFileKind(name); !kind.empty()) {
            pemsByKind[kind].push_back(p.string());
            continue;
        }
        if (isPemsMetaFileName(name)) {
            pemsMetas.push_back(p.string()); // lists of a district's stations, the latest last
            continue;
        }
        const bool table = endsWith(name, ".csv") || endsWith(name, ".csv.gz") || isWorkbookPath(name);
        if (name.rfind("~$", 0) == 0) continue; // the lock file Excel keeps beside an open workbook
        const GraphPart part = table ? graphPartNamed(name) : GraphPart::None;
        if (part == GraphPart::Locations) f.locations = p.string();
        else if (part == GraphPart::Adjacency) f.adjacency = p.string();
        else if (part == GraphPart::Edges) f.edges = p.string();
        else if (endsWith(name, ".pkl") && graphPartNamed(name) == GraphPart::Adjacency) {
            if (graphPickle.empty()) graphPickle = p.string(); // DCRNN's adj_mx.pkl
        }
        else if (endsWith(name, ".npz") && isSplitIndexFile(p.string()))
            splitFiles.push_back(p.string());
        else if ((endsWith(name, ".h5") || endsWith(name, ".hdf5")) && isModelFile(p.string())) // saved beside its data
            checkpoints.push_back(p.filename().string());
        else if ((endsWith(name, ".h5") || endsWith(name, ".hdf5")) && hdf5.empty()) hdf5 = p.string();
        else if ((endsWith(name, ".npz") || endsWith(name, ".npy")) && numpy.empty()) numpy = p.string();
        else if (table && csv.empty()) csv = p.string();
    }
    if (f.adjacency.empty()) f.adjacency = graphPickle; // a table of the weights first
    // PeMS station files are the data of their folder, whatever other tables lie beside them.
    f.series = !hdf5.empty() ? hdf5 : !numpy.empty() ? numpy : pemsByKind.empty() ? csv : std::string();
    if (f.series.empty() && !pemsByKind.empty()) discoverPemsFiles(f, pemsByKind, pemsMetas);
    const std::string models = checkpoints.empty()        ? ""
                             : checkpoints.size() == 1 ? checkpoints.front() + " is a HimNet Studio checkpoint (a trained model)"
                                                       : joined(checkpoints) + " are HimNet Studio checkpoints (trained models)";
    if (f.series.empty() && !checkpoints.empty())
        throw InputError(describeProblem(folder.string(), "no time series found: " + models + ", not data"));
    if (!checkpoints.empty()) f.notes.push_back(models + ", not data: left out");
    if (f.series.empty() && !splitFiles.empty())
        throw InputError(describeProblem(folder.string(), "no time series found: " + splitFilesAreNoSeries(fileNames(splitFiles))));
    if (splitFiles.size() == 1) f.splitFile = splitFiles.front(); // the windows of the series beside it
    else if (splitFiles.size() > 1)
        f.notes.push_back(splitFilesAreNoSeries(fileNames(splitFiles)) + ": left out, as it is not clear which one splits the series");
    if (f.series.empty())
        throw InputError(describeProblem(folder.string(), "no time series found (expected dataset.json, a .h5, .npz, .csv, .csv.gz or .xlsx file, or PeMS station files)"));
    // A PeMS-style folder: PEMS08.npz beside PEMS08.csv, the latter being the edge list.
    if (!csv.empty() && f.series != csv && fs::path(csv).stem() == fs::path(f.series).stem()) f.edges = csv;
    return f;
}

/// Whether the series' names say it counts vehicles, trips or passengers (per reading, or as a rate).
bool namesCountsOrFlows(const Dataset& d)
{
    const std::string names = lowerCase(d.quantity + " " + d.valueColumn + " " + d.unit);
    for (const char* word : {"flow", "volume", "count", "veh", "trip", "pickup", "demand", "passenger", "entries", "exits"})
        if (names.find(word) != std::string::npos) return true;
    return false;
}

/// True when the values may be counts per reading (vehicles, trips) rather than a level or a
/// rate, by what they are called: a total, not a mean, would then combine them into steps.
bool mayBeCounts(const Dataset& d)
{
    const std::string unit = lowerCase(d.unit);
    if (unit.find("/h") != std::string::npos || unit.find("per hour") != std::string::npos) return false; // a rate
    return namesCountsOrFlows(d);
}

/// The unit of totals over steps of `step` seconds of readings counted per `fileStep`:
/// "veh/min" readings totalled into 5-minute steps count "veh/5 min". Nothing when the unit
/// counts per no such step (a rate, "veh/h", of 5-minute readings; "mph").
std::optional<std::string> unitOfTotals(const std::string& unit, int64_t fileStep, int64_t step)
{
    const size_t slash = unit.rfind('/');
    if (slash == std::string::npos) return std::nullopt;
    std::string per = unit.substr(slash + 1);
    std::replace(per.begin(), per.end(), '-', ' '); // "5-min"
    per.erase(0, per.find_first_not_of(' '));
    per.erase(per.find_last_not_of(' ') + 1);
    if (per.empty()) return std::nullopt;
    if (!std::isdigit(static_cast<unsigned char>(per.front()))) per = "1 " + per; // "veh/min"
    try {
        if (parseInterval(per) != fileStep) return std::nullopt;
    } catch (const InputError&) {
        return std::nullopt;
    }
    return unit.substr(0, slash + 1) + unitStep(step);
}

/// The steps the reading options ask for, [first, end): all when they name no period.
struct StepRange {
    int64_t first = 0;
    int64_t end = 0;
};

std::string periodText(const LoadOptions& o)
{
    if (o.from && o.until) return "from " + formatTimestamp(*o.from) + " until " + formatTimestamp(*o.until);
    return o.from ? "from " + formatTimestamp(*o.from) + " on" : "before " + formatTimestamp(*o.until);
}

/// Throws InputError naming `seriesPath` when the period is empty, or holds none of its steps.
StepRange stepsToRead(const Dataset& d, const LoadOptions& o, const std::string& seriesPath)
{
    StepRange range{0, d.numSteps};
    if (!o.from && !o.until) return range;
    if (o.from && o.until && *o.from >= *o.until)
        throw InputError(describeProblem(seriesPath, "nothing to read " + periodText(o) + ": the period to read must end after it begins"));
    if (d.timestamps.empty()) return range; // an empty series, refused as such
    const auto at = [&](std::optional<int64_t> time, int64_t otherwise) {
        return time ? std::lower_bound(d.timestamps.begin(), d.timestamps.end(), *time) - d.timestamps.begin() : otherwise;
    };
    range = {at(o.from, 0), at(o.until, d.numSteps)};
    if (range.first >= range.end)
        throw InputError(describeProblem(seriesPath, "has no step " + periodText(o) + ": its steps run from " + formatTimestamp(d.timestamps.front())
                                                         + " to " + formatTimestamp(d.timestamps.back())));
    return range;
}

/// Keeps the steps of `range` alone, with a note when that leaves some out.
void keepSteps(Dataset& d, const StepRange& range, const LoadOptions& o)
{
    if (range.first == 0 && range.end == d.numSteps) return;
    d.seriesFirstTime = d.timestamps.front();
    d.seriesLastTime = d.timestamps.back();
    const auto width = static_cast<std::ptrdiff_t>(d.numNodes * d.numChannels);
    d.values.erase(d.values.begin() + range.end * width, d.values.end());
    d.values.erase(d.values.begin(), d.values.begin() + range.first * width);
    d.timestamps.erase(d.timestamps.begin() + range.end, d.timestamps.end());
    d.timestamps.erase(d.timestamps.begin(), d.timestamps.begin() + range.first);
    d.notes.push_back("read " + std::to_string(range.end - range.first) + " of the series' " + std::to_string(d.numSteps) + " steps, those "
                      + periodText(o) + " (the period to read: --from and --until, or Reading Options in the app)");
    d.numSteps = range.end - range.first;
}

/// Values that differ from the missing value by less than the series' own float precision
/// (float32's epsilon times its largest magnitude) are the missing value, written through
/// some arithmetic: Shenzhen's zeros include a few of 1e-17 km/h. Left as they are, they
/// would count as readings and put a near-zero divisor into MAPE (10^15 %). The whole series
/// sets the precision, so that a period of it reads as the series does; the note counts the
/// values of `cells` (those of the period read).
void snapRoundingNoiseToMissing(Dataset& d, std::pair<size_t, size_t> cells)
{
    float largest = 0;
    for (float v : d.values)
        if (std::isfinite(v)) largest = std::max(largest, std::abs(v));
    const float tolerance = std::numeric_limits<float>::epsilon() * largest;
    int64_t snapped = 0;
    for (size_t i = 0; i < d.values.size(); ++i)
        if (float& v = d.values[i]; v != d.missingValue && std::abs(v - d.missingValue) <= tolerance) {
            v = d.missingValue;
            snapped += i >= cells.first && i < cells.second;
        }
    if (snapped == 0) return;
    char note[240];
    std::snprintf(note, sizeof note, "%lld values within %.1e of the missing value %g (below the series' precision) count as missing",
                  static_cast<long long>(snapped), static_cast<double>(tolerance), static_cast<double>(d.missingValue));
    d.notes.push_back(note);
}

/// Readings of 0 in a series of counts or flows: by default they are missing, as the published
/// benchmarks count them, yet an empty on-ramp at night reads 0 vehicles. Say how many, and
/// how to keep them, unless the missing value was chosen.
void noteZeroCounts(Dataset& d, int64_t zeroReadings, const LoadOptions& options)
{
    if (zeroReadings == 0 || options.missingValue || !namesCountsOrFlows(d)) return;
    char share[32];
    std::snprintf(share, sizeof share, "%.2f", 100.0 * static_cast<double>(zeroReadings) / static_cast<double>(d.numSteps * d.numNodes));
    d.notes.push_back(countOf(zeroReadings, "reading") + " of 0 (" + share + " %) count as missing, as the published benchmarks count "
                      "them; where 0 is a real reading here (an empty road at night), give another missing value (--missing-value -1, "
                      "or Reading Options in the app): blank cells stay missing");
}

/// A series with no reading at all is refused (a wrong value column or missing value, more
/// likely than a network that measured nothing). Sensors with none (out of service; a PeMS
/// station that measures no speed) are forecast like the others, but nothing trains or
/// scores them: named in a note, so a planner knows.
void requireReadings(Dataset& d)
{
    std::vector<bool> read(static_cast<size_t>(d.numNodes), false);
    for (int64_t t = 0; t < d.numSteps; ++t)
        for (int64_t n = 0; n < d.numNodes; ++n)
            if (!d.isMissing(t, n)) read[static_cast<size_t>(n)] = true;
    std::vector<std::string> never;
    for (int64_t n = 0; n < d.numNodes; ++n)
        if (!read[static_cast<size_t>(n)]) never.push_back("'" + d.sensorIds[static_cast<size_t>(n)] + "'");
    if (never.empty()) return;
    if (never.size() == read.size()) {
        char missing[32];
        std::snprintf(missing, sizeof missing, "%g", static_cast<double>(d.missingValue));
        throw InputError(describeProblem(d.sourcePath, std::string("has no reading: every value is missing (blank, or equal to the missing value ")
                                                           + missing + (d.valueColumn.empty() ? "" : ", in the column '" + d.valueColumn + "'")
                                                           + ")"));
    }
    const size_t named = std::min<size_t>(never.size(), 5);
    std::string ids = joined(std::vector<std::string>(never.begin(), never.begin() + static_cast<std::ptrdiff_t>(named)));
    if (never.size() > named) ids += " and " + countOf(static_cast<long long>(never.size() - named), "other");
    d.notes.push_back(countOf(static_cast<long long>(never.size()), "sensor") + (never.size() == 1 ? " has" : " have")
                      + " no reading at all (" + ids + "): forecast like the others, but nothing trains or scores "
                      + (never.size() == 1 ? "it" : "them"));
}

Dataset assemble(DatasetFiles f, const std::string& sourcePath)
{
    readWorkbookSheets(f);
    SeriesData s = readSeriesFile(f.series, f.seriesParts, f.options);
    s.notes.insert(s.notes.begin(), f.notes.begin(), f.notes.end());
    Dataset d;
    d.name = asUtf8(f.name); // a file's or folder's name, in whatever bytes its file system holds
    d.sourcePath = sourcePath;
    d.format = s.format;
    d.valueColumn = s.valueColumn;
    d.valueColumns = s.valueColumns;
    if (s.format == "pems-station") d.laneTypes = f.options.laneTypes;
    d.sheet = s.sheet;
    d.sheets = s.sheets;
    d.notes = s.notes;
    d.numSteps = s.steps;
    d.numNodes = s.nodes;
    d.numChannels = s.channels;
    d.values = std::move(s.values);
    d.sensorIds = s.sensorIds;
    d.missingValue = f.options.missingValue.value_or(0.0f);
    const KnownSeries* known = knownSeries(f.series);
    applyTime(d, s, f.series, known, f.options);
    const StepRange read = stepsToRead(d, f.options, f.series);
    const auto channels = static_cast<size_t>(std::max<int64_t>(d.numChannels, 1));
    const size_t stepWidth = static_cast<size_t>(d.numNodes) * channels;
    const size_t firstCell = static_cast<size_t>(read.first) * stepWidth, endCell = static_cast<size_t>(read.end) * stepWidth;
    int64_t zeroReadings = 0; // of the forecast channel (0), in the period read
    for (size_t i = firstCell; i < endCell; i += channels) zeroReadings += d.values[i] == 0.0f;
    for (size_t cell : s.emptyCells) {
        if (cell % channels == 0 && cell >= firstCell && cell < endCell && d.values[cell] == 0.0f) --zeroReadings; // a blank, not a reading of 0
        d.values[cell] = d.missingValue;
    }
    snapRoundingNoiseToMissing(d, {firstCell, endCell});
    const bool periodCut = read.first > 0 || read.end < d.numSteps;
    keepSteps(d, read, f.options);
    d.quantity = f.options.quantity.value_or(!s.quantity.empty() ? s.quantity : known ? known->quantity : "");
    d.unit = f.options.unit.value_or(!s.unit.empty() ? s.unit : known ? known->unit : "");
    d.aggregation = s.aggregation;
    if (d.aggregation == Aggregation::Sum)
        if (const auto totals = unitOfTotals(d.unit, s.combinedFromSeconds, d.intervalSeconds)) {
            d.notes.push_back("the unit of the readings, " + d.unit + ", is " + *totals + " for their totals");
            d.unit = *totals;
        }
    noteZeroCounts(d, zeroReadings, f.options);
    if (d.aggregation == Aggregation::Mean && !f.options.aggregation && mayBeCounts(d))
        d.notes.push_back("the " + d.quantityName() + " readings were averaged into steps: if they are counts per reading "
                          "(vehicles, not a rate), total them instead (--aggregate sum, or Reading Options in the app)");
    if (d.numSteps == 0 || d.numNodes == 0) throw InputError(describeProblem(f.series, "the series is empty"));
    d.sourcePath = f.series; // the series alone first, so that its errors name the series file
    d.validate();
    requireReadings(d);
    if (!f.locations.empty()) attachLocations(d, f.locations);
    if (!f.edges.empty()) attachEdgeList(d, f.edges);
    else if (!f.adjacency.empty()) attachAdjacency(d, f.adjacency);
    if (!f.zones.empty()) attachZones(d, f.zones);
    // The reference's windows number the file's own steps, from its first.
    if (!f.splitFile.empty()) {
        if (periodCut)
            leaveOutSplitFile(d, f.splitFile, "its windows number the steps of the whole series, and those " + periodText(f.options) + " are read");
        else if (d.aggregation)
            leaveOutSplitFile(d, f.splitFile, "its windows number the file's own steps, and those were combined into " + formatInterval(d.intervalSeconds) + " steps");
        else
            attachSplitFile(d, f.splitFile, f.splitFileNamed);
    }
    for (const auto& [table, what] : {std::pair{&f.locations, "the sensors' coordinates"}, {&f.edges, "the road graph"}, {&f.adjacency, "the road graph"}})
        if (const SheetPath sheet = splitSheetPath(*table); !sheet.sheet.empty() && (table != &f.adjacency || f.edges.empty()))
            d.notes.push_back(std::string(what) + " from sheet '" + sheet.sheet + "'");
    d.sourcePath = sourcePath;
    return d;
}

} // namespace

Dataset loadDataset(const std::string& path, const LoadOptions& options)
{
    const fs::path p(splitSheetPath(path).file);
    std::error_code ec;
    if (!fs::exists(p, ec)) throw InputError(describeProblem(p.string(), "file or folder not found"));
    if (fs::is_directory(p, ec)) {
        const fs::path manifest = p / "dataset.json";
        const DatasetFiles files = fs::exists(manifest) ? readManifest(manifest.string(), options) : discover(p, options);
        return assemble(files, path);
    }
    if (lowerCase(p.extension().string()) == ".json") return assemble(readManifest(path, options), path);
    DatasetFiles f;
    f.series = path;
    f.name = p.stem().string();
    if (lowerCase(p.extension().string()) == ".gz") f.name = fs::path(f.name).stem().string(); // speeds.csv.gz: "speeds"
    f.options = options;
    lookBesidePemsFile(f, p);
    return assemble(f, path);
}

} // namespace himnet
