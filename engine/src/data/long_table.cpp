// Long ("tidy") CSV tables, as traffic databases and open-data portals export them: one row
// per sensor and time (`timestamp,detector,flow,speed`). Pivoted into (steps, sensors); a time
// and sensor that no row gives is a missing reading.
#include "data/text_table.h"
#include "data/series_readers.h"
#include "data/blocks_on_threads.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <iterator>
#include <limits>
#include <numeric>
#include <set>
#include <thread>
#include <unordered_map>

namespace himnet {
namespace {

// A header as a key: lower case, trimmed, spaces and hyphens as underscores ("Station ID" -> "station_id").
std::string headerKey(const std::string& name)
{
    std::string key = lowerCase(name);
    key.erase(0, key.find_first_not_of(" \t"));
    key.erase(key.find_last_not_of(" \t") + 1);
    std::replace_if(key.begin(), key.end(), [](char c) { return c == ' ' || c == '-'; }, '_');
    return key;
}


// Column headers that name what traffic sensors measure: the first such column is read by default.
bool namesMeasurement(const std::string& key)
{
    static const char* const words[] = {"speed",   "flow",        "volume",       "count", "occupancy", "density",
                                        "vehicle", "travel_time", "journey_time", "trip",  "pickup",    "demand",
                                        // German, French, Spanish, Dutch
                                        "geschwindigkeit", "verkehrsstärke", "belegung", "anzahl", "fahrzeuge", "vitesse",
                                        "débit", "debit", "velocidad", "intensidad", "snelheid", "intensiteit"};
    return std::any_of(std::begin(words), std::end(words), [&](const char* w) { return key.find(w) != std::string::npos; });
}

// "Speed (km/h)" -> quantity "speed", unit "km/h"; "Total Flow" -> "total flow", no unit. In
// lower case, as the window writes quantities ("observed speed").
void quantityFromHeader(const std::string& header, std::string& quantity, std::string& unit)
{
    quantity = lowerCase(header);
    unit.clear();
    const auto open = header.find_first_of("([");
    const auto close = header.find_last_of(")]");
    if (open == std::string::npos || close == std::string::npos || close <= open + 1) return;
    unit = header.substr(open + 1, close - open - 1);
    quantity = lowerCase(header.substr(0, open));
    quantity.erase(quantity.find_last_not_of(" \t_") + 1);
}

// Numeric ids by value ("9" before "10"), then the others as text.
bool sensorIdBefore(const std::string& a, const std::string& b)
{
    double x = 0, y = 0;
    const bool numericA = parseNumber(a, x), numericB = parseNumber(b, y);
    if (numericA && numericB) return x < y || (x == y && a < b);
    if (numericA != numericB) return numericA;
    return a < b;
}

size_t chooseValueColumn(const LongTableFiles& files, const LongTableLayout& layout, const std::optional<std::string>& wanted,
                         std::vector<std::string>& notes)
{
    const std::string& path = files.paths.front();
    const auto& header = files.header;
    std::vector<std::string> names;
    for (size_t c : layout.values) names.push_back(header[c]);
    if (layout.values.empty())
        throw InputError(describeProblem(path, "has a time column ('" + header[layout.time] + "') and a sensor column ('"
                                                   + header[layout.sensor] + "') but no column of values"));
    if (wanted) {
        for (size_t c : layout.values)
            if (headerKey(header[c]) == headerKey(*wanted)) return c;
        throw InputError(describeProblem(path, "has no value column '" + *wanted + "' (its value columns: " + joined(names) + ")"));
    }
    if (layout.values.size() == 1) return layout.values.front();
    auto chosen = std::find_if(layout.values.begin(), layout.values.end(), [&](size_t c) { return namesMeasurement(headerKey(header[c])); });
    if (chosen == layout.values.end()) {
        chosen = std::find_if(layout.values.begin(), layout.values.end(), [&](size_t c) {
            double v = 0;
            return c < files.firstRow.size() && parseNumber(files.firstRow[c], v);
        });
    }
    if (chosen == layout.values.end())
        throw InputError(describeProblem(path, "none of its value columns (" + joined(names) + ") holds numbers"));
    notes.push_back("several value columns (" + joined(names) + "): read '" + header[*chosen]
                    + "' (choose another: --value-column, or Reading Options in the app)");
    return *chosen;
}

} // namespace

bool namesSensorColumn(const std::string& header)
{
    static const char* const names[] = {"sensor", "sensor_id", "sensorid", "id", "station", "station_id", "detector",
                                        "detector_id", "detid", "site", "site_id", "segment", "segment_id", "link",
                                        "link_id", "road", "road_id", "location_id", "node", "node_id", "loop", "loop_id",
                                        // as exports in German, French, Spanish and Dutch head them
                                        "detektor", "detektor_id", "messstelle", "zählstelle", "zaehlstelle", "querschnitt",
                                        "capteur", "id_capteur", "boucle", "estacion", "estación", "meetpunt",
                                        "meetlocatie"};
    const std::string key = headerKey(header);
    return std::find(std::begin(names), std::end(names), key) != std::end(names);
}

bool namesTimeColumn(const std::string& header)
{
    static const char* const names[] = {"timestamp", "time", "date", "datetime", "date_time", "time_stamp", "utc", "epoch",
                                        "interval_start", "start_time", "period_start", "measurement_time", "measured_at",
                                        // as exports in German, French, Spanish and Dutch head them
                                        "zeit", "datum", "uhrzeit", "zeitstempel", "heure", "horodatage", "fecha", "hora",
                                        "tijd", "tijdstip"};
    std::string key = headerKey(header);
    // "Timestamp (UTC)", "time [utc]", "datetime_utc": the zone said beside the name.
    if (const size_t bracket = key.find_first_of("(["); bracket != std::string::npos && bracket > 0) key = key.substr(0, bracket);
    while (!key.empty() && key.back() == '_') key.pop_back();
    if (key.size() > 4 && endsWith(key, "_utc")) key.resize(key.size() - 4);
    return std::find(std::begin(names), std::end(names), key) != std::end(names);
}

std::optional<LongTableLayout> longTableLayout(const TextTable& table)
{
    const auto& header = table.rows.front();
    if (isNumericRow(header)) return std::nullopt;
    std::optional<size_t> time, sensor;
    for (size_t c = 0; c < header.size(); ++c) {
        if (!time && namesTimeColumn(header[c])) time = c;
        else if (!sensor && namesSensorColumn(header[c])) sensor = c;
    }
    if (!time && table.rows.size() > 1) {
        for (size_t c = 0; c < header.size() && c < table.rows[1].size() && !time; ++c)
            if (c != sensor && looksLikeTimestamp(table.rows[1][c])) time = c;
    }
    if (!time || !sensor) return std::nullopt;
    LongTableLayout layout{*time, *sensor, {}, {}};
    if (table.rows.size() > 1) {
        layout.clock = clockColumnBeside(header, table.rows[1], layout.time);
        for (size_t c = 0; c < header.size() && !layout.clock; ++c) // "Time,Date,…": the dates are in the other one
            if (c != layout.time && c != layout.sensor && clockColumnBeside(header, table.rows[1], c) == layout.time) {
                layout.clock = layout.time;
                layout.time = c;
            }
    }
    for (size_t c = 0; c < header.size(); ++c)
        if (c != layout.time && c != layout.sensor && c != layout.clock) layout.values.push_back(c);
    return layout;
}

SeriesData readLongTable(const TextTable& head, const LongTableLayout& layout, const std::optional<std::string>& valueColumn,
                         DateOrder statedDateOrder)
{
    SeriesData s;
    s.format = "long-" + head.source.kind;
    noteTheTableRead(head, s);
    LongTableFiles files;
    files.paths = {head.path};
    files.header = head.rows.front();
    files.headerRow = head.rowNumbers.front(); // below a title, if the file has one
    if (head.rows.size() > 1) files.firstRow = head.rows[1];
    readLongTableFiles(files, layout, valueColumn, statedDateOrder, s);
    return s;
}

namespace {

// A row's reading, 16 bytes: an export of a month of a district's detectors is tens of
// millions of them.
struct Reading {
    uint32_t timeText; ///< index into its file's time texts
    int32_t sensor;    ///< index into its file's sensor ids, then the series'
    uint32_t row : 31;
    uint32_t blank : 1;
    float value;
};
static_assert(sizeof(Reading) == 16);
constexpr size_t kMostRows = (size_t{1} << 31) - 1;

InputError tooManyRows(const std::string& path)
{
    return InputError(describeProblem(path, "has more than " + std::to_string(kMostRows) + " rows, too many to read as one file: split it"));
}

// Rows read into readings: a whole file's, or one block's of a file read on every core. Times
// and sensors are numbered within them, each distinct time text kept once with the row it first
// appears in.
struct FileReadings {
    size_t file = 0; ///< the index of its file
    size_t rows = 0; ///< a block's: its rows, as numbered in the file (blank lines not counted)
    std::vector<Reading> readings;
    std::vector<std::string> timeTexts;
    std::vector<size_t> timeRows;
    std::vector<std::string> sensorIds;
    MarkerTally markers;
    std::exception_ptr failure;
};

// Reads rows into FileReadings, as forEachTableRow and forEachRowOfBlock hand them on.
class RowReader {
public:
    RowReader(const LongTableFiles& files, size_t file, size_t reader, const LongTableLayout& layout, size_t column, size_t widthNeeded,
              bool afterHeader)
        : files_(files), reader_(reader), layout_(layout), column_(column), widthNeeded_(widthNeeded), afterHeader_(afterHeader)
    {
        out_.file = file;
    }

    bool read(std::vector<std::string>& row, size_t number)
    {
        const std::string& path = files_.paths[out_.file];
        const std::vector<std::string>& header = files_.header;
        if (!afterHeader_ && number <= files_.headerRow) return true;
        if (number > kMostRows)
            throw tooManyRows(path);
        auto where = [&](size_t c) { return "row " + std::to_string(number) + ", column '" + header[c] + "'"; };
        if (files_.raggedRows ? row.size() < widthNeeded_ : row.size() != header.size())
            throw InputError(describeProblem(path, "row " + std::to_string(number) + " has " + countOf(row.size(), "field")
                                                       + (files_.raggedRows ? ", fewer than the " + std::to_string(widthNeeded_) + " its layout needs"
                                                                            : ", the header has " + std::to_string(header.size()))));
        if (files_.keepRow && !files_.keepRow(row, reader_)) return true;
        Reading reading{};
        reading.row = static_cast<uint32_t>(number);
        const std::string timeText = layout_.clock ? joinDateAndClock(row[layout_.time], row[*layout_.clock]) : row[layout_.time];
        if (out_.timeTexts.empty() || timeText != lastTimeText_) { // rows of one time usually follow each other
            const auto [known, added] = timeIndex_.emplace(timeText, static_cast<uint32_t>(out_.timeTexts.size()));
            if (added) {
                out_.timeTexts.push_back(timeText);
                out_.timeRows.push_back(number);
            }
            lastTime_ = known->second;
            lastTimeText_ = timeText;
        }
        reading.timeText = lastTime_;
        std::string id = normalisedSensorId(row[layout_.sensor]);
        if (isBlankField(id)) throw InputError(describeProblem(path, where(layout_.sensor) + ": no sensor id"));
        const auto [it, added] = sensorIndex_.emplace(id, static_cast<int32_t>(out_.sensorIds.size()));
        if (added) out_.sensorIds.push_back(std::move(id));
        reading.sensor = it->second;
        const std::string& field = row[column_];
        double v = 0;
        const CellReading cell = readCell(field, v, out_.markers);
        reading.blank = cell == CellReading::Missing;
        if (cell != CellReading::Missing && cell != CellReading::Number) throw InputError(describeProblem(path, where(column_) + ": " + cellProblem(cell, field)));
        reading.value = static_cast<float>(v);
        out_.readings.push_back(reading);
        return true;
    }

    FileReadings done()
    {
        out_.readings.shrink_to_fit();
        return std::move(out_);
    }

private:
    const LongTableFiles& files_;
    size_t reader_;
    const LongTableLayout& layout_;
    size_t column_, widthNeeded_;
    bool afterHeader_; ///< a block after a file's first: its rows, numbered within it, are all data
    FileReadings out_;
    std::unordered_map<std::string, uint32_t> timeIndex_;
    std::unordered_map<std::string, int32_t> sensorIndex_;
    std::string lastTimeText_;
    uint32_t lastTime_ = 0;
};

FileReadings readFileRows(const LongTableFiles& files, size_t file, size_t reader, const LongTableLayout& layout, size_t column,
                          size_t widthNeeded)
{
    RowReader rows(files, file, reader, layout, column, widthNeeded, false);
    forEachTableRow(files.paths[file], [&](std::vector<std::string>& row, size_t number) { return rows.read(row, number); });
    return rows.done();
}

// One file's rows, its blocks parsed on every core: one long file (a month exported as one CSV)
// reads as fast as a folder of days. Each block's rows are numbered within it, then in the file
// once every block is read. Where a block fails, or a quoted field held the line break it was
// cut at, the file is read again in one piece: its error names its row as it would.
std::vector<FileReadings> readFileInBlocks(const LongTableFiles& files, size_t file, size_t threads, const LongTableLayout& layout,
                                           size_t column, size_t widthNeeded)
{
    const std::string& path = files.paths[file];
    std::optional<std::vector<FileReadings>> parts = parseBlocksOnThreads<FileReadings>(
        path, files.blockBytes, threads, [&](const TableBlock& block, size_t reader) -> std::optional<FileReadings> {
            RowReader rows(files, file, reader, layout, column, widthNeeded, block.index > 0);
            const BlockRows read = forEachRowOfBlock(path, block.text, block.delimiter, block.last,
                                                     [&](std::vector<std::string>& row, size_t number) { return rows.read(row, number); });
            if (read.endsInsideRow) return std::nullopt;
            FileReadings part = rows.done();
            part.rows = read.rows;
            return part;
        });
    if (!parts) return {readFileRows(files, file, 0, layout, column, widthNeeded)};
    size_t before = 0; // rows of the blocks before
    for (auto& part : *parts) {
        if (before + part.rows > kMostRows)
            throw tooManyRows(path);
        for (auto& reading : part.readings) reading.row += static_cast<uint32_t>(before);
        for (auto& row : part.timeRows) row += before;
        before += part.rows;
    }
    return std::move(*parts);
}

// Every file's rows: files on as many threads as there are cores, or, where there are fewer
// files than cores, each file's blocks on every core. A file that cannot be read fails the
// whole, as it would read in turn: the first such file's error.
std::vector<FileReadings> readAllFileRows(const LongTableFiles& files, const LongTableLayout& layout, size_t column, size_t widthNeeded)
{
    const size_t threads = tableReaderThreads();
    if (files.paths.size() < threads) {
        std::vector<FileReadings> parts;
        for (size_t f = 0; f < files.paths.size(); ++f) {
            if (!worthReadingInBlocks(files.paths[f], files.blockBytes)) {
                parts.push_back(readFileRows(files, f, 0, layout, column, widthNeeded));
                continue;
            }
            std::vector<FileReadings> ofFile = readFileInBlocks(files, f, threads, layout, column, widthNeeded);
            std::move(ofFile.begin(), ofFile.end(), std::back_inserter(parts));
        }
        return parts;
    }
    std::vector<FileReadings> parsed(files.paths.size());
    std::atomic<size_t> next{0};
    onThreads(threads, [&](size_t reader) {
        for (size_t f = next++; f < parsed.size(); f = next++) try {
                parsed[f] = readFileRows(files, f, reader, layout, column, widthNeeded);
            } catch (...) {
                parsed[f].failure = std::current_exception();
            }
    });
    for (const auto& file : parsed)
        if (file.failure) std::rethrow_exception(file.failure);
    return parsed;
}

} // namespace

size_t tableReaderThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

void readLongTableFiles(const LongTableFiles& files, const LongTableLayout& layout, const std::optional<std::string>& valueColumn,
                        DateOrder statedDateOrder, SeriesData& s)
{
    const std::vector<std::string>& header = files.header;
    const size_t column = chooseValueColumn(files, layout, valueColumn, s.notes);
    s.valueColumn = header[column];
    for (size_t c : layout.values) s.valueColumns.push_back(header[c]);
    quantityFromHeader(s.valueColumn, s.quantity, s.unit);
    if (files.firstRow.empty()) throw InputError(describeProblem(files.paths.front(), "has a header but no data rows"));
    // A ragged row must still reach every column read.
    const size_t widthNeeded = std::max({layout.time, layout.sensor, layout.clock.value_or(0), column}) + 1;

    // Streamed, on every core (readAllFileRows): a month of daily files is gigabytes of text.
    // Readings stay in their part's vector (a file's, or a block's of it); the parts' own
    // numbers of times and sensors are mapped to the series' below, once per distinct text and
    // id rather than per reading.
    std::vector<FileReadings> parts = readAllFileRows(files, layout, column, widthNeeded);
    size_t readingCount = 0;
    for (const auto& part : parts) readingCount += part.readings.size();
    if (readingCount == 0) throw InputError(describeProblem(files.paths.front(), "has no data rows"));
    if (readingCount >= std::numeric_limits<uint32_t>::max())
        throw InputError(describeProblem(files.paths.front(), "and the files read with it give " + std::to_string(readingCount)
                                                                + " readings, too many to read as one series"));

    // Times are read once the files are: whether "3/4/2012" is March or April follows from the
    // dates of every row (slashedDateOrder). Each distinct text is kept once, with its first
    // file and row, in the order of the files.
    std::unordered_map<std::string, uint32_t> timeIndex;
    std::vector<const std::string*> timeTexts;
    std::vector<std::pair<size_t, size_t>> timeRows; // file, row
    std::vector<std::vector<uint32_t>> timeOfPartText(parts.size());
    std::unordered_map<std::string, int32_t> sensorIndex;
    std::vector<std::vector<int32_t>> sensorOfPartSensor(parts.size());
    MarkerTally markers;
    for (size_t p = 0; p < parts.size(); ++p) {
        const FileReadings& part = parts[p];
        for (size_t i = 0; i < part.timeTexts.size(); ++i) {
            const auto [known, added] = timeIndex.emplace(part.timeTexts[i], static_cast<uint32_t>(timeTexts.size()));
            if (added) {
                timeTexts.push_back(&part.timeTexts[i]);
                timeRows.emplace_back(part.file, part.timeRows[i]);
            }
            timeOfPartText[p].push_back(known->second);
        }
        for (const auto& id : part.sensorIds) {
            const auto [known, added] = sensorIndex.emplace(id, static_cast<int32_t>(s.sensorIds.size()));
            if (added) s.sensorIds.push_back(id);
            sensorOfPartSensor[p].push_back(known->second);
        }
        if (markers.first.empty()) markers.first = part.markers.first;
        markers.cells += part.markers.cells;
    }
    const DateOrder dateOrder = slashedDateOrder(timeTexts, s.notes, statedDateOrder);
    std::vector<int64_t> timeOfText(timeTexts.size());
    for (size_t i = 0; i < timeTexts.size(); ++i) {
        const auto [file, row] = timeRows[i];
        timeOfText[i] = parseTableTimeAt(*timeTexts[i], dateOrder, files.paths[file], [&, row = row] {
            return "row " + std::to_string(row) + ", column '" + header[layout.time] + "'" + (layout.clock ? " and '" + header[*layout.clock] + "'" : "");
        });
    }
    s.timestamps = timeOfText;
    std::sort(s.timestamps.begin(), s.timestamps.end());
    s.timestamps.erase(std::unique(s.timestamps.begin(), s.timestamps.end()), s.timestamps.end());
    s.timestamps.shrink_to_fit();
    std::vector<uint32_t> stepOfText(timeTexts.size()); // texts such as "8:05" and "08:05:00" are one step
    for (size_t i = 0; i < timeTexts.size(); ++i)
        stepOfText[i] = static_cast<uint32_t>(std::lower_bound(s.timestamps.begin(), s.timestamps.end(), timeOfText[i]) - s.timestamps.begin());

    // Sensors in the order of their ids (numbers by value), not of the rows: another export of
    // the same network, with its rows in another order, gives the same network for a checkpoint.
    std::vector<int32_t> byId(s.sensorIds.size());
    std::iota(byId.begin(), byId.end(), 0);
    std::sort(byId.begin(), byId.end(), [&](int32_t a, int32_t b) { return sensorIdBefore(s.sensorIds[a], s.sensorIds[b]); });
    std::vector<int32_t> position(byId.size());
    std::vector<std::string> ids;
    for (size_t i = 0; i < byId.size(); ++i) {
        position[byId[i]] = static_cast<int32_t>(i);
        ids.push_back(s.sensorIds[byId[i]]);
    }
    s.sensorIds = std::move(ids);
    for (auto& sensors : sensorOfPartSensor)
        for (int32_t& sensor : sensors) sensor = position[sensor];

    s.steps = static_cast<int64_t>(s.timestamps.size());
    s.nodes = static_cast<int64_t>(s.sensorIds.size());
    s.values.assign(static_cast<size_t>(s.steps * s.nodes), 0.0f);
    // The reading that gave each cell, numbered across the parts in order (0: none yet).
    std::vector<uint32_t> readingOfCell(s.values.size(), 0);
    std::vector<size_t> firstReadingOfPart(parts.size());
    for (size_t p = 1; p < parts.size(); ++p) firstReadingOfPart[p] = firstReadingOfPart[p - 1] + parts[p - 1].readings.size();
    const auto partOf = [&](size_t reading) {
        return static_cast<size_t>(std::upper_bound(firstReadingOfPart.begin(), firstReadingOfPart.end(), reading) - firstReadingOfPart.begin()) - 1;
    };
    int64_t repeatsLeftOut = 0;
    std::set<int64_t> repeatedTimes;
    for (size_t p = 0; p < parts.size(); ++p) {
        const std::vector<Reading>& readings = parts[p].readings;
        const size_t file = parts[p].file;
        for (size_t i = 0; i < readings.size(); ++i) {
            const Reading& reading = readings[i];
            const int64_t step = stepOfText[timeOfPartText[p][reading.timeText]];
            const int32_t sensor = sensorOfPartSensor[p][static_cast<size_t>(reading.sensor)];
            const size_t cell = static_cast<size_t>(step * s.nodes + sensor);
            if (readingOfCell[cell] != 0) {
                const size_t earlier = readingOfCell[cell] - 1, earlierPart = partOf(earlier), earlierFile = parts[earlierPart].file;
                if (earlierFile == file && files.clockRepeats && files.clockRepeats(s.timestamps[step])) {
                    ++repeatsLeftOut;
                    repeatedTimes.insert(s.timestamps[step]);
                    continue;
                }
                const std::string what = "sensor '" + s.sensorIds[static_cast<size_t>(sensor)] + "' at " + formatTimestamp(s.timestamps[step]);
                const std::string earlierRow = std::to_string(parts[earlierPart].readings[earlier - firstReadingOfPart[earlierPart]].row);
                const std::string row = std::to_string(reading.row);
                if (earlierFile != file)
                    throw InputError(describeProblem(files.paths[file], "row " + row + " gives " + what + ", as row " + earlierRow + " of "
                                                                         + files.paths[earlierFile] + " does: are the same readings in two files?"));
                throw InputError(describeProblem(files.paths[file], "rows " + earlierRow + " and " + row + " both give " + what + kRepeatedTimeHint));
            }
            readingOfCell[cell] = static_cast<uint32_t>(firstReadingOfPart[p] + i + 1);
            s.values[cell] = reading.value;
            if (reading.blank) s.emptyCells.push_back(cell);
        }
    }
    if (repeatsLeftOut > 0)
        s.notes.push_back(countOf(static_cast<long long>(repeatedTimes.size()), "time") + " from " + formatTimestamp(*repeatedTimes.begin())
                          + " to " + formatTimestamp(*repeatedTimes.rbegin()) + " shown twice, as the clock was put back an hour: read once, "
                          + countOf(repeatsLeftOut, "reading") + " of the second showing left out");
    int64_t unreported = 0;
    for (size_t cell = 0; cell < readingOfCell.size(); ++cell)
        if (readingOfCell[cell] == 0) {
            s.emptyCells.push_back(cell);
            ++unreported;
        }
    if (unreported > 0)
        s.notes.push_back(std::to_string(unreported) + " (time, sensor) cells that no row gives count as missing readings");
    noteMarkers(markers, s);
    std::sort(s.emptyCells.begin(), s.emptyCells.end());
}

} // namespace himnet
