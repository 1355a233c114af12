#include "data/series_readers.h"
#include "data/pems_station_files.h"
#include "data/text_table.h"
#include "data/npy_array.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <algorithm>
#include <limits>
#include <set>
#include <cmath>
#include <cctype>
#include <cstdio>

namespace himnet {
namespace {

/// "row 12": the table's row `row` by its number in the file (a title, blank lines skipped).
std::string rowName(const TextTable& table, size_t row) { return "row " + std::to_string(table.rowNumbers[row]); }

/// "row 12, column 3".
std::string rowColumn(const TextTable& table, size_t row, size_t column) { return rowName(table, row) + ", column " + std::to_string(column + 1); }

} // namespace

bool looksLikeTimestamp(const std::string& field)
{
    // Written as a date (2012-03-01, 01.03.2012, 3/1/2012), not a number: epoch seconds or a
    // reading in a first column are a sensor's readings.
    const std::string date = field.substr(0, field.find_first_of(" T"));
    const auto count = [&](char c) { return std::count(date.begin(), date.end(), c); };
    if (count('/') == 2) return true; // refused when read, with why: the day may come first or second
    if (count('-') == 0 && count('.') != 2) return false;
    try {
        parseTimestamp(field);
        return true;
    } catch (const InputError&) {
        return false;
    }
}

std::string normalisedSensorId(const std::string& id)
{
    double v = 0;
    // Within int64's range (2^63), where the conversion is defined; longer ids stay as written.
    if (parseNumber(id, v) && std::abs(v) < 9.2e18 && v == std::trunc(v)) return std::to_string(static_cast<int64_t>(v));
    return id;
}

namespace {
constexpr const char* kWhatSplitFilesAre = "(the reference's train/val/test windows of a series, used from the series' folder or "
                                           "by `himnet train --split-file`)";
} // namespace

bool isSplitIndexFile(const std::string& path)
{
    if (!endsWith(lowerCase(path), ".npz")) return false;
    std::vector<std::string> keys;
    try {
        keys = listNpz(path);
    } catch (const InputError&) {
        return false; // no archive: whoever reads it says so
    }
    const auto holds = [&](const char* key) { return std::find(keys.begin(), keys.end(), key) != keys.end(); };
    return holds("train") && holds("val") && holds("test") && !holds("data");
}

std::string splitFilesAreNoSeries(const std::vector<std::string>& names)
{
    return names.size() == 1 ? names.front() + " is a split file " + kWhatSplitFilesAre + ", not a series"
                             : joined(names) + " are split files " + kWhatSplitFilesAre + ", not series";
}

SeriesData readNumpySeries(const std::string& path)
{
    const bool isNpz = endsWith(lowerCase(path), ".npz");
    NpyArray a;
    try {
        a = isNpz ? readNpz(path, "data") : readNpy(path);
    } catch (const InputError&) {
        if (isNpz && isSplitIndexFile(path)) // no array 'data': say what it holds instead
            throw InputError(describeProblem(path, std::string("is a split file ") + kWhatSplitFilesAre + ", not a series"));
        throw;
    }
    if (a.shape.size() != 2 && a.shape.size() != 3)
        throw InputError(describeProblem(path, "data has " + std::to_string(a.shape.size())
                                                   + " dimensions, expected 2 (steps, sensors) or 3 (steps, sensors, channels)"));
    if (a.size() == 0) // and its other sizes may be anything: nothing below may count on them
        throw InputError(describeProblem(path, "data holds no readings: its shape is " + formatShape(a.shape)));
    SeriesData s;
    s.format = isNpz ? "npz" : "npy";
    s.steps = a.shape[0];
    s.nodes = a.shape[1];
    s.channels = a.shape.size() == 3 ? a.shape[2] : 1;
    s.values.resize(static_cast<size_t>(a.size()));
    for (size_t i = 0; i < s.values.size(); ++i)
        s.values[i] = static_cast<float>(a.isInteger ? static_cast<double>(a.integer[i]) : a.real[i]);
    for (int64_t n = 0; n < s.nodes; ++n) s.sensorIds.push_back(std::to_string(n));
    return s;
}

namespace {

/// widthWithoutEmptyColumns for a table held whole.
size_t widthWithoutEmptyColumns(const TextTable& table, size_t first, const std::string& what, std::vector<std::string>& notes)
{
    size_t lastFilled = 0;
    for (auto row = table.rows.begin() + 1; row != table.rows.end(); ++row)
        for (size_t c = row->size(); c > lastFilled; --c)
            if (!isBlankField((*row)[c - 1])) {
                lastFilled = c;
                break;
            }
    return himnet::widthWithoutEmptyColumns(table.rows.front(), first, lastFilled, what, notes);
}

/// Refuses a row of fewer fields than the table's `width`, or more than its header's.
void requireRowWidth(const TextTable& table, size_t r, size_t width)
{
    if (const std::string problem = rowWidthProblem(table.rowNumbers[r], table.rows[r].size(), width, table.rows.front().size()); !problem.empty())
        throw InputError(describeProblem(table.path, problem));
}

/// Puts the reading in row `r`, column `c` into `s.values[cell]`; a missing one leaves 0 there
/// and is listed in `s.emptyCells`. Anything else is refused at its row and column.
void readTableCell(const TextTable& table, size_t r, size_t c, size_t cell, MarkerTally& markers, SeriesData& s)
{
    const std::string& field = table.rows[r][c];
    double v = 0;
    const CellReading reading = readCell(field, v, markers);
    if (reading == CellReading::Missing) {
        s.emptyCells.push_back(cell);
        return;
    }
    if (reading != CellReading::Number)
        throw InputError(describeProblem(table.path, rowColumn(table, r, c) + ": " + cellProblem(reading, field)));
    s.values[cell] = static_cast<float>(v);
}

/// Times across, sensors down (a spreadsheet's pivot table: "detector,2012-03-01 00:00,…" above
/// "D1,64.4,…"): true when the header's second and third fields are timestamps and the rows'
/// first is none.
bool hasTimesAcross(const TextTable& table)
{
    const auto& header = table.rows.front();
    return header.size() >= 3 && table.rows.size() > 1 && looksLikeTimestamp(header[1]) && looksLikeTimestamp(header[2])
        && !looksLikeTimestamp(table.rows[1].front());
}

SeriesData readTimesAcross(const TextTable& table, DateOrder statedDateOrder)
{
    const std::string& path = table.path;
    const auto& header = table.rows.front();
    SeriesData s;
    s.format = "times-across-" + table.source.kind;
    noteTheTableRead(table, s);
    s.notes.push_back("times across the columns and a sensor per row: read as a table of them turned");
    const size_t width = widthWithoutEmptyColumns(table, 1, "time", s.notes);
    std::vector<const std::string*> times;
    for (size_t c = 1; c < width; ++c) times.push_back(&header[c]);
    const DateOrder dateOrder = slashedDateOrder(times, s.notes, statedDateOrder);
    for (size_t c = 1; c < width; ++c) {
        s.timestamps.push_back(parseTableTimeAt(header[c], dateOrder, path, [&] { return rowColumn(table, 0, c); }));
    }
    s.steps = static_cast<int64_t>(s.timestamps.size());
    s.nodes = static_cast<int64_t>(table.rows.size()) - 1;
    s.values.assign(static_cast<size_t>(s.steps * s.nodes), 0.0f);
    MarkerTally markers;
    for (size_t r = 1; r < table.rows.size(); ++r) {
        requireRowWidth(table, r, width);
        const auto& row = table.rows[r];
        if (isBlankField(row[0])) throw InputError(describeProblem(path, rowColumn(table, r, 0) + ": no sensor id"));
        s.sensorIds.push_back(row[0]);
        for (size_t c = 1; c < width; ++c) readTableCell(table, r, c, (c - 1) * static_cast<size_t>(s.nodes) + (r - 1), markers, s);
    }
    noteMarkers(markers, s);
    return s;
}

} // namespace

namespace {

/// "08:05", "8:05:30", "08:05:00.000": a time of day alone.
bool isClockTime(const std::string& field)
{
    int hour = 0, minute = 0;
    char colon = 0;
    return std::sscanf(field.c_str(), "%d%c%d", &hour, &colon, &minute) == 3 && colon == ':' && hour >= 0 && hour <= 24
        && minute >= 0 && minute < 60 && field.find('-') == std::string::npos && field.find('.') != 2 && field.size() <= 12;
}

/// A workbook's cell as text: "2012-03-01 00:00:00" (a date cell) or "1899-12-30 08:05:00" (a
/// time cell, on Excel's day zero; 1904-01-01 in the 1904 system).
bool isSerialDayZero(const std::string& field) { return field.rfind("1899-12-30 ", 0) == 0 || field.rfind("1904-01-01 ", 0) == 0; }

} // namespace

size_t widthWithoutEmptyColumns(const std::vector<std::string>& header, size_t first, size_t lastFilled, const std::string& what,
                                std::vector<std::string>& notes)
{
    size_t width = header.size();
    while (width > first && width > lastFilled && isBlankField(header[width - 1])) --width;
    if (width < header.size())
        notes.push_back(countOf(static_cast<long long>(header.size() - width), "empty column") + " after the last " + what + " left out");
    return width;
}

std::string rowWidthProblem(size_t rowNumber, size_t fields, size_t width, size_t headerWidth)
{
    if (fields >= width && fields <= headerWidth) return {};
    return "row " + std::to_string(rowNumber) + " has " + countOf(static_cast<long long>(fields), "field") + ", the header has " + std::to_string(width);
}

CellReading readCell(const std::string& field, double& value, MarkerTally& tally)
{
    if (isBlankField(field)) return CellReading::Missing;
    if (parseNumber(field, value)) return std::isfinite(value) ? CellReading::Number : CellReading::NotFinite;
    if (!isMissingMarker(field)) return CellReading::NotANumber;
    if (tally.cells++ == 0) tally.first = field;
    return CellReading::Missing;
}

std::string cellProblem(CellReading reading, const std::string& field)
{
    if (reading == CellReading::NotFinite)
        return "'" + field + "' is no reading: leave the cell blank, or write NULL, for a missing one";
    return "'" + field + "' is not a number";
}

void noteMarkers(const MarkerTally& tally, SeriesData& s)
{
    if (tally.cells > 0)
        s.notes.push_back("'" + tally.first + "' in " + std::to_string(tally.cells) + " cell" + (tally.cells == 1 ? "" : "s") + ": missing readings");
}

int64_t parseTableTime(const std::string& field, DateOrder order)
{
    if (isClockTime(field) || isSerialDayZero(field))
        throw InputError("'" + (isSerialDayZero(field) ? field.substr(11) : field) + "' is a time of day without a date: give the dates "
                         "too (full timestamps, or a Date column beside the time)");
    return parseTimestamp(field, order);
}

int64_t parseTableTimeAt(const std::string& field, DateOrder order, const std::string& path, const std::function<std::string()>& where)
{
    try {
        return parseTableTime(field, order);
    } catch (const DateOrderUnsettled& e) {
        throw DateOrderUnsettled(describeProblem(path, where() + ": " + e.what()), e.date());
    } catch (const InputError& e) {
        throw InputError(describeProblem(path, where() + ": " + e.what()));
    }
}

DateOrder slashedDateOrder(const std::vector<const std::string*>& times, std::vector<std::string>& notes, DateOrder stated)
{
    std::set<int> firsts, seconds;
    std::string example; // a date that settles it, for the note
    DateOrder byRange = DateOrder::Unstated;
    for (const std::string* time : times) {
        const std::string date = time->substr(0, time->find_first_of(" T"));
        int first = 0, second = 0, year = 0;
        char slash1 = 0, slash2 = 0;
        if (std::count(date.begin(), date.end(), '/') != 2
            || std::sscanf(date.c_str(), "%d%c%d%c%d", &first, &slash1, &second, &slash2, &year) != 5)
            continue;
        firsts.insert(first);
        seconds.insert(second);
        if (byRange == DateOrder::Unstated && (first > 12) != (second > 12)) {
            byRange = first > 12 ? DateOrder::DayFirst : DateOrder::MonthFirst;
            example = date;
        }
    }
    DateOrder order = byRange;
    if (order == DateOrder::Unstated && firsts.size() == 1 && seconds.size() > 1) order = DateOrder::MonthFirst;
    if (order == DateOrder::Unstated && seconds.size() == 1 && firsts.size() > 1) order = DateOrder::DayFirst;
    if (order == DateOrder::Unstated) return stated; // the dates do not tell: as the user says, if they do
    const std::string which = order == DateOrder::MonthFirst ? "month first, as in the US" : "day first";
    notes.push_back("dates with slashes read " + which
                    + (example.empty() ? " (the number that changes from day to day is the day)" : " (" + example + " has no other reading)"));
    return order;
}

std::string joinDateAndClock(const std::string& date, const std::string& clock)
{
    std::string day = date, time = clock;
    if (const size_t space = day.find(' '); space != std::string::npos && day.compare(space + 1, std::string::npos, "00:00:00") == 0) day.resize(space);
    if (isSerialDayZero(time)) time = time.substr(11);
    return day + " " + time;
}

std::optional<size_t> clockColumnBeside(const std::vector<std::string>& header, const std::vector<std::string>& firstRow, size_t dateColumn)
{
    if (dateColumn >= firstRow.size()) return std::nullopt;
    const std::string& date = firstRow[dateColumn];
    double number = 0;
    if (parseNumber(date, number)) return std::nullopt; // a reading, not a date
    try {
        parseTimestamp(date);
    } catch (const InputError&) {
        return std::nullopt;
    }
    const bool dateAlone = date.find(':') == std::string::npos || date.find(" 00:00:00") != std::string::npos;
    if (!dateAlone) return std::nullopt;
    // Named as times anywhere, or right beside the dates under any name: a reading is no "08:05".
    for (size_t c = 0; c < header.size() && c < firstRow.size(); ++c)
        if (c != dateColumn && (namesTimeColumn(header[c]) || c + 1 == dateColumn || c == dateColumn + 1)
            && (isClockTime(firstRow[c]) || isSerialDayZero(firstRow[c])))
            return c;
    return std::nullopt;
}

void noteTheTableRead(const TextTable& table, SeriesData& s)
{
    if (!table.titles.empty()) {
        s.notes.push_back("the title above the table left out: \"" + joined(table.titles, " / ") + "\"");
    }
    const TableSource& source = table.source;
    if (source.kind != "xlsx") return;
    s.sheet = source.sheet;
    s.sheets = source.sheets;
    if (s.sheets.size() < 2) return;
    s.notes.push_back("several sheets (" + joined(s.sheets) + "): read '" + s.sheet + "' (choose another: --sheet, or Reading Options in the app)");
}

SeriesData readTableSeries(const std::string& path, const std::optional<std::string>& valueColumn, DateOrder dateOrder,
                           const std::vector<std::string>& laneTypes)
{
    const TextTable head = readTextTable(path, 2);
    if (isPemsStationRow(head.rows.front())) return readPemsStationFiles({path}, valueColumn, dateOrder, laneTypes);
    if (const auto layout = longTableLayout(head)) return readLongTable(head, *layout, valueColumn, dateOrder);
    if (hasTimesAcross(head)) return readTimesAcross(readTextTable(path), dateOrder);
    return readWideTable(head, dateOrder);
}

namespace {

/// True when `header` names a coordinate by one of `names`: alone ("lat"), with a unit or datum
/// after it ("Latitude (WGS84)", "lat_deg", "LONGITUDE_DD"), in any case.
bool namesCoordinate(const std::string& header, std::initializer_list<const char*> names)
{
    std::string key = lowerCase(header);
    key.erase(0, key.find_first_not_of(" \t"));
    for (const char* name : names) {
        const std::string n = name;
        if (key.rfind(n, 0) != 0) continue;
        if (key.size() == n.size() || !std::isalpha(static_cast<unsigned char>(key[n.size()]))) return true;
    }
    return false;
}

} // namespace

std::vector<std::pair<std::string, LatLon>> readLocationsCsv(const std::string& path)
{
    const TextTable table = readTextTable(path);
    const bool hasHeader = !isNumericRow(table.rows.front());
    const size_t width = table.rows.front().size();
    int idColumn = -1, latColumn = -1, lonColumn = -1;
    if (hasHeader) {
        for (size_t c = 0; c < width; ++c) {
            const std::string name = lowerCase(table.rows.front()[c]);
            if (idColumn < 0 && namesSensorColumn(name)) idColumn = static_cast<int>(c);
            else if (latColumn < 0 && (name == "y" || namesCoordinate(name, {"latitude", "lat"}))) latColumn = static_cast<int>(c);
            else if (lonColumn < 0 && (name == "x" || namesCoordinate(name, {"longitude", "long", "lon", "lng"}))) lonColumn = static_cast<int>(c);
        }
        if (idColumn < 0 && width >= 3) idColumn = static_cast<int>(width) - 3;
        if (latColumn < 0 || lonColumn < 0)
            throw InputError(describeProblem(path, "the header names no latitude and longitude columns"));
    } else if (width == 3 || width == 4) {
        idColumn = static_cast<int>(width) - 3;
        latColumn = idColumn + 1;
        lonColumn = idColumn + 2;
    } else {
        throw InputError(describeProblem(path, "expected columns id, latitude, longitude (optionally after an index), found "
                                                   + std::to_string(width)));
    }
    std::vector<std::pair<std::string, LatLon>> out;
    for (size_t r = hasHeader ? 1 : 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        if (row.size() != width)
            throw InputError(describeProblem(path, rowName(table, r) + " has " + std::to_string(row.size())
                                                       + " fields, expected " + std::to_string(width)));
        LatLon p;
        if (isBlankField(row[latColumn]) && isBlankField(row[lonColumn])) { // listed, not yet surveyed (PeMS lists some so)
            p.latitude = p.longitude = std::numeric_limits<double>::quiet_NaN();
            out.emplace_back(normalisedSensorId(row[idColumn]), p);
            continue;
        }
        if (!parseNumber(row[latColumn], p.latitude) || !parseNumber(row[lonColumn], p.longitude))
            throw InputError(describeProblem(path, rowName(table, r) + ": latitude and longitude must be numbers"));
        if (std::abs(p.latitude) > 90 || std::abs(p.longitude) > 180)
            throw InputError(describeProblem(path, rowName(table, r) + ": (" + row[latColumn] + ", " + row[lonColumn]
                                                       + ") is not a latitude/longitude"
                                                       + (std::abs(p.longitude) <= 90 && std::abs(p.latitude) <= 180
                                                              ? " (are the latitude and longitude columns swapped?)"
                                                              : " (projected coordinates, metres of a national grid, need converting to WGS84 degrees)")));
        out.emplace_back(normalisedSensorId(row[idColumn]), p);
    }
    if (out.empty()) throw InputError(describeProblem(path, "has a header but no locations"));
    return out;
}

EdgeList readEdgeListCsv(const std::string& path)
{
    const TextTable table = readTextTable(path);
    const bool hasHeader = !isNumericRow(table.rows.front());
    EdgeList list;
    list.holdsWeights = hasHeader && table.rows.front().size() == 3 && lowerCase(table.rows.front()[2]) == "weight";
    auto& out = list.records;
    for (size_t r = hasHeader ? 1 : 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        if (row.size() != 3)
            throw InputError(describeProblem(path, rowName(table, r) + " has " + std::to_string(row.size())
                                                       + " fields, expected from, to, distance"));
        DistanceRecord e;
        if (!parseNumber(row[2], e.distance) || e.distance < 0 || !std::isfinite(e.distance))
            throw InputError(describeProblem(path, rowName(table, r) + ": distance '" + row[2]
                                                       + "' is not a non-negative number"));
        e.from = normalisedSensorId(row[0]);
        e.to = normalisedSensorId(row[1]);
        out.push_back(e);
    }
    if (out.empty()) throw InputError(describeProblem(path, "has a header but no edges"));
    return list;
}

std::vector<double> readDenseAdjacencyCsv(const std::string& path, int64_t& nodes)
{
    const TextTable table = readTextTable(path);
    nodes = static_cast<int64_t>(table.rows.size());
    std::vector<double> matrix;
    matrix.reserve(static_cast<size_t>(nodes * nodes));
    for (size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        if (static_cast<int64_t>(row.size()) != nodes)
            throw InputError(describeProblem(path, "adjacency must be square: " + rowName(table, r) + " has "
                                                       + std::to_string(row.size()) + " values for " + std::to_string(nodes) + " rows"));
        for (size_t c = 0; c < row.size(); ++c) {
            double v = 0;
            if (!parseNumber(row[c], v) || !std::isfinite(v) || v < 0)
                throw InputError(describeProblem(path, rowColumn(table, r, c) + ": '" + row[c] + "' is not a non-negative number"));
            matrix.push_back(v);
        }
    }
    return matrix;
}

int64_t stepsNeeded(const SplitIndex& index)
{
    int64_t reach = 0;
    for (const auto* part : {&index.train, &index.val, &index.test})
        for (int64_t start : *part) reach = std::max(reach, start + index.inSteps + index.outSteps);
    return reach;
}

SplitIndex readSplitIndex(const std::string& path)
{
    SplitIndex index;
    bool first = true;
    for (auto [key, target] : {std::pair<const char*, std::vector<int64_t>*>{"train", &index.train}, {"val", &index.val},
                               {"test", &index.test}}) {
        const NpyArray a = readNpz(path, key);
        if (!a.isInteger || a.shape.size() != 2 || a.shape[1] != 3)
            throw InputError(describeProblem(path, std::string(key) + " must be an integer array of shape (S, 3)"));
        for (int64_t s = 0; s < a.shape[0]; ++s) {
            const int64_t start = a.integer[s * 3], mid = a.integer[s * 3 + 1], end = a.integer[s * 3 + 2];
            if (start < 0 || mid <= start || end <= mid) // also keeps the differences below from overflowing
                throw InputError(describeProblem(path, std::string(key) + " row " + std::to_string(s) + " is [" + std::to_string(start) + ", "
                                                           + std::to_string(mid) + ", " + std::to_string(end)
                                                           + "], not [start, start+T, start+T+Q] with start >= 0 and T, Q > 0"));
            if (first) {
                index.inSteps = mid - start;
                index.outSteps = end - mid;
                first = false;
            }
            if (mid - start != index.inSteps || end - mid != index.outSteps)
                throw InputError(describeProblem(path, std::string(key) + " row " + std::to_string(s)
                                                           + " is not [start, start+T, start+T+Q] like the others"));
            target->push_back(start);
        }
    }
    return index;
}

} // namespace himnet
