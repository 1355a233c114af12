// Wide CSV tables and sheets, as spreadsheets and pandas write them: a header of sensor ids, a
// row per step, the time in the first column (or a date and a time of day in the first two).
// Streamed: a cell becomes a float as it is read, so a year of a district (tens of millions of
// cells) is never held as text; a file of more than a block is parsed in blocks on every core
// (parseBlocksOnThreads). What the file gets wrong is found while streaming and refused once it
// is read, in the order of its rows, as a reader holding the whole table would.
#include "data/text_table.h"
#include "data/series_readers.h"
#include "data/blocks_on_threads.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>

namespace himnet {
namespace {

// A row whose fields do not match the header: refused once the width without the empty columns
// after the last sensor is known.
struct RowWidth {
    size_t row = 0, fields = 0; ///< `row`: an index among the data rows
};

// A cell that is no reading: refused once its row's width and time have been checked.
struct BadCell {
    size_t row = 0, column = 0;
    CellReading reading = CellReading::NotANumber;
    std::string field;
};

// How the table's columns are read, from its header and first data row.
struct WideLayout {
    bool timeColumn = false, clockColumn = false;
    size_t firstSensor = 0, headerWidth = 0;
    size_t headerRow = 0; ///< rows numbered up to this (a title, the header) are not data
    size_t stride() const { return headerWidth > firstSensor ? headerWidth - firstSensor : 0; }
};

// Data rows read into readings: the whole file's, or one block's (its rows numbered within it
// until the blocks are joined).
struct WideRows {
    std::vector<size_t> rowNumbers;
    std::vector<std::string> times;
    std::vector<float> values;      ///< `stride` to a row, the empty columns after the last sensor included
    std::vector<size_t> emptyCells; ///< indices into `values`
    std::vector<RowWidth> widths;
    std::optional<BadCell> firstBadCell;
    MarkerTally markers;
    size_t lastFilled = 0; ///< one past the last column with a reading in any row
    size_t blockRows = 0;  ///< a block's rows, header and title included, blank lines not

    void read(const WideLayout& layout, bool afterHeader, std::vector<std::string>& row, size_t number)
    {
        if (!afterHeader && number <= layout.headerRow) return;
        const size_t r = rowNumbers.size(), stride = layout.stride();
        rowNumbers.push_back(number);
        if (row.size() != layout.headerWidth) widths.push_back({r, row.size()});
        if (layout.timeColumn)
            times.push_back(layout.clockColumn ? (row.size() > 1 ? joinDateAndClock(row[0], row[1]) : std::string()) : row.front());
        for (size_t c = row.size(); c > lastFilled; --c)
            if (!isBlankField(row[c - 1])) {
                lastFilled = c;
                break;
            }
        values.resize(values.size() + stride, 0.0f);
        const size_t base = r * stride;
        for (size_t c = layout.firstSensor; c < std::min(row.size(), layout.headerWidth); ++c) {
            double v = 0;
            const CellReading reading = readCell(row[c], v, markers);
            if (reading == CellReading::Missing) emptyCells.push_back(base + c - layout.firstSensor);
            else if (reading == CellReading::Number) values[base + c - layout.firstSensor] = static_cast<float>(v);
            else if (!firstBadCell) firstBadCell = BadCell{r, c, reading, row[c]};
        }
    }

    // `next`, the rows of the block after this one, appended.
    void append(WideRows&& next, size_t stride)
    {
        const size_t rowsBefore = rowNumbers.size();
        for (size_t number : next.rowNumbers) rowNumbers.push_back(number + blockRows);
        std::move(next.times.begin(), next.times.end(), std::back_inserter(times));
        values.insert(values.end(), next.values.begin(), next.values.end());
        for (size_t cell : next.emptyCells) emptyCells.push_back(cell + rowsBefore * stride);
        for (const RowWidth& width : next.widths) widths.push_back({width.row + rowsBefore, width.fields});
        if (!firstBadCell && next.firstBadCell) {
            firstBadCell = std::move(next.firstBadCell);
            firstBadCell->row += rowsBefore;
        }
        if (markers.first.empty()) markers.first = next.markers.first;
        markers.cells += next.markers.cells;
        lastFilled = std::max(lastFilled, next.lastFilled);
        blockRows += next.blockRows;
        next = WideRows();
    }
};

// The rows of the file, on every core where it is long enough to read in blocks.
WideRows readWideRows(const std::string& path, const WideLayout& layout, size_t blockBytes)
{
    const size_t threads = tableReaderThreads();
    if (threads > 1 && worthReadingInBlocks(path, blockBytes)) {
        std::optional<std::vector<WideRows>> parts = parseBlocksOnThreads<WideRows>(
            path, blockBytes, threads, [&](const TableBlock& block, size_t) -> std::optional<WideRows> {
                WideRows rows;
                const BlockRows read = forEachRowOfBlock(path, block.text, block.delimiter, block.last, [&](std::vector<std::string>& row, size_t number) {
                    rows.read(layout, block.index > 0, row, number);
                    return true;
                });
                if (read.endsInsideRow || (block.index == 0 && read.rows < layout.headerRow)) return std::nullopt;
                rows.blockRows = read.rows;
                return rows;
            });
        if (parts) {
            size_t rowCount = 0, emptyCount = 0;
            for (const auto& part : *parts) {
                rowCount += part.rowNumbers.size();
                emptyCount += part.emptyCells.size();
            }
            WideRows whole = std::move(parts->front());
            whole.values.reserve(rowCount * layout.stride()); // grown once, not doubled block by block
            whole.emptyCells.reserve(emptyCount);
            for (size_t p = 1; p < parts->size(); ++p) whole.append(std::move((*parts)[p]), layout.stride());
            return whole;
        }
    }
    WideRows whole;
    forEachTableRow(path, [&](std::vector<std::string>& row, size_t number) {
        whole.read(layout, false, row, number);
        return true;
    });
    return whole;
}

} // namespace

SeriesData readWideTable(const TextTable& head, DateOrder statedDateOrder, size_t blockBytes)
{
    const std::string& path = head.path;
    const std::vector<std::string>& header = head.rows.front();
    // Sensor ids are often numbers (METR-LA's 773869), so a numeric header is fine; a first
    // row with fractional values is data, and the header is missing.
    for (const auto& field : header) {
        double v = 0;
        if (parseNumber(field, v) && std::isfinite(v) && v != std::trunc(v))
            throw InputError(describeProblem(path, "the first row must be a header of sensor ids, found the value '" + field + "'"));
    }
    if (head.rows.size() < 2) throw InputError(describeProblem(path, "has a header but no data rows"));
    const std::vector<std::string>& firstRow = head.rows[1];
    WideLayout layout;
    // A first column headed as times (as a long table's time column is), left blank or named
    // "Unnamed: 0" (pandas' index), or holding dates, is the time axis; not a sensor.
    const std::string first = lowerCase(header.front());
    layout.timeColumn = isBlankField(first) || first == "unnamed: 0" || namesTimeColumn(header.front()) || looksLikeTimestamp(firstRow.front());
    // "date,time,…": the second column holds the time of day the first one's dates lack.
    layout.clockColumn = layout.timeColumn && header.size() > 1 && clockColumnBeside(header, firstRow, 0) == size_t(1);
    layout.firstSensor = layout.clockColumn ? 2 : layout.timeColumn ? 1 : 0;
    layout.headerWidth = header.size();
    layout.headerRow = head.rowNumbers.front();

    SeriesData s;
    s.format = "wide-" + head.source.kind;
    s.headerRows = static_cast<int64_t>(head.rowNumbers[1]) - 1;
    noteTheTableRead(head, s);
    WideRows rows = readWideRows(path, layout, blockBytes);

    const size_t width = widthWithoutEmptyColumns(header, layout.firstSensor, rows.lastFilled, "sensor", s.notes);
    s.sensorIds.assign(header.begin() + static_cast<std::ptrdiff_t>(layout.firstSensor), header.begin() + static_cast<std::ptrdiff_t>(width));
    s.nodes = static_cast<int64_t>(s.sensorIds.size());
    if (s.nodes == 0) throw InputError(describeProblem(path, "the header names no sensors"));
    for (size_t c = layout.firstSensor; c < width; ++c)
        if (isBlankField(header[c]))
            throw InputError(describeProblem(path, "column " + std::to_string(c + 1) + " has readings but no sensor id in the header"));

    // Refused in the order of the rows: a row's width, then its time, then its cells.
    DateOrder dateOrder = DateOrder::Unstated;
    if (layout.timeColumn) {
        std::vector<const std::string*> texts;
        for (const auto& time : rows.times) texts.push_back(&time);
        dateOrder = slashedDateOrder(texts, s.notes, statedDateOrder);
    }
    auto badWidth = rows.widths.begin();
    for (size_t r = 0; r < rows.rowNumbers.size(); ++r) {
        const std::string row = "row " + std::to_string(rows.rowNumbers[r]);
        for (; badWidth != rows.widths.end() && badWidth->row == r; ++badWidth)
            if (const std::string problem = rowWidthProblem(rows.rowNumbers[r], badWidth->fields, width, layout.headerWidth); !problem.empty())
                throw InputError(describeProblem(path, problem));
        if (layout.timeColumn)
            s.timestamps.push_back(parseTableTimeAt(rows.times[r], dateOrder, path, [&] { return row + ", column 1" + (layout.clockColumn ? " and 2" : ""); }));
        if (const auto& bad = rows.firstBadCell; bad && bad->row == r)
            throw InputError(describeProblem(path, row + ", column " + std::to_string(bad->column + 1) + ": " + cellProblem(bad->reading, bad->field)));
    }

    // The empty columns after the last sensor dropped from the readings.
    s.steps = static_cast<int64_t>(rows.rowNumbers.size());
    const size_t nodes = static_cast<size_t>(s.nodes), stride = layout.stride();
    std::vector<float>& values = rows.values;
    std::vector<size_t>& emptyCells = rows.emptyCells;
    if (nodes < stride) {
        for (size_t r = 0; r < rows.rowNumbers.size(); ++r)
            std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(r * stride), nodes, values.begin() + static_cast<std::ptrdiff_t>(r * nodes));
        values.resize(rows.rowNumbers.size() * nodes);
        size_t kept = 0;
        for (size_t cell : emptyCells)
            if (cell % stride < nodes) emptyCells[kept++] = cell / stride * nodes + cell % stride;
        emptyCells.resize(kept);
    }
    values.shrink_to_fit();
    s.values = std::move(values);
    s.emptyCells = std::move(emptyCells);
    noteMarkers(rows.markers, s);
    return s;
}

} // namespace himnet
