#pragma once
// Excel workbooks (.xlsx, Office Open XML SpreadsheetML): a worksheet's rows as the text fields
// a CSV export of it would hold, so that every reader of tables (text_table.h) takes a workbook.
// The worksheet is streamed from the archive through expat: it is never held as text.
#include "data/text_table.h"

#include <string>
#include <vector>

namespace himnet {

/// A workbook's sheet, named as every reader of tables takes it: "book.xlsx#Locations"; the
/// workbook alone ("book.xlsx") stands for its first worksheet.
struct SheetPath {
    std::string file, sheet; ///< sheet empty: the first
};
SheetPath splitSheetPath(const std::string& path);
std::string sheetPath(const std::string& file, const std::string& sheet);

/// "A", "B", … "Z", "AA": a 0-based column as a spreadsheet names it.
std::string spreadsheetColumnName(size_t column);

/// True for the names Excel gives its workbooks (.xlsx, .xlsm), with or without "#sheet".
bool isWorkbookPath(const std::string& path);

/// The workbook's worksheets, in its order (chart sheets left out).
std::vector<std::string> workbookSheets(const std::string& path);

/// Reads the worksheet `path` names (splitSheetPath), by default the first, row by row, as forEachTableRow reads a CSV file. Each
/// row's cells as text, up to its last cell with a value, and at least as many as the first
/// row's (cells Excel leaves out are empty fields); rows with no value are skipped; `number` is
/// the row's number on the sheet. Numbers as the file stores them ("64.375"); cells formatted
/// as dates as "2012-03-01 08:05:00"; error cells (#N/A) and formulas without a stored result
/// as empty fields. Throws InputError naming the file and the problem (an .xls, an .ods or a
/// password-protected workbook included).
TableSource forEachSheetRow(const std::string& path, const TableRowVisitor& visit);

} // namespace himnet
