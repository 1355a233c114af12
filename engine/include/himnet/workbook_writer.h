#pragma once
// Excel workbooks (.xlsx) written from tables: each sheet a header row (bold, frozen) and rows
// of numbers, text and date-times (date cells that Excel and Calc sort and filter as dates).
// The inverse of data/xlsx_sheet, for what planners take into their own spreadsheets.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace himnet {

/// A cell: empty, a number, text, or a time (UTC seconds, written as a date cell).
struct SheetTime {
    int64_t seconds = 0;
};
using SheetCell = std::variant<std::monostate, double, std::string, SheetTime>;

class WorkbookWriter {
public:
    /// Excel's limit of rows in a sheet, its header's included.
    static constexpr int64_t kMaxRows = 1048576;
    /// Adds a sheet; `name` at most 31 characters, none of []:*?/\ (Excel's rule).
    void addSheet(const std::string& name, const std::vector<std::string>& header);
    /// Appends a row to the last sheet added. Throws InputError past Excel's 1,048,576 rows.
    void addRow(const std::vector<SheetCell>& row);
    /// Writes the workbook; RuntimeFailure naming `path` when it cannot be written.
    void save(const std::string& path) const;

private:
    struct Sheet {
        std::string name, xml; ///< xml: the <row> elements so far
        int64_t rows = 0;
        size_t columns = 0;
    };
    std::vector<Sheet> sheets_;
    void appendRow(Sheet& sheet, const std::vector<SheetCell>& row, bool header);
};

} // namespace himnet
