// Wide CSV tables and sheets, as spreadsheets and pandas write them: a header of sensor ids, a
// row per step, the time in the first column (or a date and a time of day in the first two).
// Streamed: a cell becomes a float as it is read, so a year of a district (tens of millions of
// cells) is never held as text. What the file gets wrong is found while streaming and refused
// once it is read, in the order of its rows, as a reader holding the whole table would.
#include "data/text_table.h"
#include "data/series_readers.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <algorithm>
#include <optional>

namespace himnet {
namespace {

// The first problem found in a row's fields while streaming: thrown after the row's width and
// time, and the rows before it, have been checked.
struct CellProblem {
    size_t row = 0; ///< index among the data rows
    std::string message;
};

// A row whose fields do not match the header: refused once the width without the empty columns
// after the last sensor is known.
struct RowWidth {
    size_t row = 0, fields = 0;
};

} // namespace

SeriesData readWideTable(const TextTable& head, DateOrder statedDateOrder)
{
    const std::string& path = head.path;
    const std::vector<std::string>& header = head.rows.front();
    // Sensor ids are often numbers (METR-LA's 773869), so a numeric header is fine; a first
    // row with fractional values is data, and the header is missing.
    for (const auto& field : header) {
        double v = 0;
        if (parseNumber(field, v) && v != static_cast<double>(static_cast<int64_t>(v)))
            throw InputError(describeProblem(path, "the first row must be a header of sensor ids, found the value '" + field + "'"));
    }
    if (head.rows.size() < 2) throw InputError(describeProblem(path, "has a header but no data rows"));
    const std::vector<std::string>& firstRow = head.rows[1];
    // A first column headed as times (as a long table's time column is), left blank or named
    // "Unnamed: 0" (pandas' index), or holding dates, is the time axis; not a sensor.
    const std::string first = lowerCase(header.front());
    const bool timeColumn = isBlankField(first) || first == "unnamed: 0" || namesTimeColumn(header.front()) || looksLikeTimestamp(firstRow.front());
    // "date,time,…": the second column holds the time of day the first one's dates lack.
    const bool clockColumn = timeColumn && header.size() > 1 && clockColumnBeside(header, firstRow, 0) == size_t(1);
    const size_t firstSensor = clockColumn ? 2 : timeColumn ? 1 : 0;
    const size_t headerWidth = header.size();
    const size_t stride = headerWidth > firstSensor ? headerWidth - firstSensor : 0;

    SeriesData s;
    s.format = "wide-" + head.source.kind;
    s.headerRows = static_cast<int64_t>(head.rowNumbers[1]) - 1;
    noteTheTableRead(head, s);

    // The rows, streamed: their numbers and times as text, their cells as readings (`stride` to
    // a row, the empty columns after the last sensor included until the width is known).
    std::vector<size_t> rowNumbers;
    std::vector<std::string> times;
    std::vector<float> values;
    std::vector<size_t> emptyCells;
    std::vector<RowWidth> widths;
    std::optional<CellProblem> firstBadCell;
    MarkerTally markers;
    size_t lastFilled = 0; // one past the last column with a reading in any row
    const size_t headerRow = head.rowNumbers.front();
    forEachTableRow(path, [&](std::vector<std::string>& row, size_t number) {
        if (number <= headerRow) return true;
        const size_t r = rowNumbers.size();
        rowNumbers.push_back(number);
        if (row.size() != headerWidth) widths.push_back({r, row.size()});
        if (timeColumn) times.push_back(clockColumn ? (row.size() > 1 ? joinDateAndClock(row[0], row[1]) : std::string()) : row.front());
        for (size_t c = row.size(); c > lastFilled; --c)
            if (!isBlankField(row[c - 1])) {
                lastFilled = c;
                break;
            }
        values.resize(values.size() + stride, 0.0f);
        const size_t base = r * stride;
        for (size_t c = firstSensor; c < std::min(row.size(), headerWidth); ++c) {
            const std::string& field = row[c];
            double v = 0;
            const CellReading reading = readCell(field, v, markers);
            if (reading == CellReading::Missing) emptyCells.push_back(base + c - firstSensor);
            else if (reading == CellReading::Number) values[base + c - firstSensor] = static_cast<float>(v);
            else if (!firstBadCell)
                firstBadCell = CellProblem{r, "row " + std::to_string(number) + ", column " + std::to_string(c + 1) + ": " + cellProblem(reading, field)};
        }
        return true;
    });

    // The columns up to the last with a header or a reading: a spreadsheet saves the empty
    // columns of a sheet once formatted ("D3,," above "52,,").
    size_t width = headerWidth;
    while (width > firstSensor && width > lastFilled && isBlankField(header[width - 1])) --width;
    if (width < headerWidth)
        s.notes.push_back(countOf(static_cast<long long>(headerWidth - width), "empty column") + " after the last sensor left out");
    s.sensorIds.assign(header.begin() + static_cast<std::ptrdiff_t>(firstSensor), header.begin() + static_cast<std::ptrdiff_t>(width));
    s.nodes = static_cast<int64_t>(s.sensorIds.size());
    if (s.nodes == 0) throw InputError(describeProblem(path, "the header names no sensors"));
    for (size_t c = firstSensor; c < width; ++c)
        if (isBlankField(header[c]))
            throw InputError(describeProblem(path, "column " + std::to_string(c + 1) + " has readings but no sensor id in the header"));

    // Refused in the order of the rows: a row's width, then its time, then its cells.
    DateOrder dateOrder = DateOrder::Unstated;
    if (timeColumn) {
        std::vector<const std::string*> texts;
        for (const auto& time : times) texts.push_back(&time);
        dateOrder = slashedDateOrder(texts, s.notes, statedDateOrder);
    }
    auto badWidth = widths.begin();
    for (size_t r = 0; r < rowNumbers.size(); ++r) {
        for (; badWidth != widths.end() && badWidth->row == r; ++badWidth)
            if (badWidth->fields < width || badWidth->fields > headerWidth)
                throw InputError(describeProblem(path, "row " + std::to_string(rowNumbers[r]) + " has " + std::to_string(badWidth->fields)
                                                           + " fields, the header has " + std::to_string(width)));
        if (timeColumn)
            s.timestamps.push_back(parseTableTimeAt(times[r], dateOrder, path, [&] {
                return "row " + std::to_string(rowNumbers[r]) + ", column 1" + (clockColumn ? " and 2" : "");
            }));
        if (firstBadCell && firstBadCell->row == r) throw InputError(describeProblem(path, firstBadCell->message));
    }

    // The empty columns after the last sensor dropped from the readings.
    s.steps = static_cast<int64_t>(rowNumbers.size());
    const size_t nodes = static_cast<size_t>(s.nodes);
    if (nodes < stride) {
        for (size_t r = 0; r < rowNumbers.size(); ++r)
            std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(r * stride), nodes, values.begin() + static_cast<std::ptrdiff_t>(r * nodes));
        values.resize(rowNumbers.size() * nodes);
        size_t kept = 0;
        for (size_t cell : emptyCells)
            if (cell % stride < nodes) emptyCells[kept++] = cell / stride * nodes + cell % stride;
        emptyCells.resize(kept);
    }
    values.shrink_to_fit();
    s.values = std::move(values);
    s.emptyCells = std::move(emptyCells);
    noteMarkers(markers, s);
    return s;
}

} // namespace himnet
