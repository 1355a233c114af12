#pragma once
// Tables as rows of text fields: CSV files, parsed with libcsv (quotes, CRLF, embedded commas),
// and Excel workbooks' sheets (xlsx_sheet.h: "book.xlsx" or "book.xlsx#Sheet"); plus the numeric
// conversions every reader of tables needs. A CSV file's separator is found from its first line
// that has one: commas, semicolons (then "64,375" reads as 64.375, as a spreadsheet set to a
// decimal comma writes it) or tabs; a UTF-8 byte-order mark is skipped. A CSV file may be
// gzipped ("speeds.csv.gz", as portals ship large exports and pandas writes them): it is
// decompressed as it is read.
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace himnet {

/// Where a table's rows came from.
struct TableSource {
    std::string kind = "csv";        ///< "csv", or "xlsx" for an Excel workbook
    std::string sheet;               ///< xlsx: the worksheet read
    std::vector<std::string> sheets; ///< xlsx: every worksheet of the workbook, in its order
};

struct TextTable {
    std::string path;
    TableSource source;
    std::vector<std::vector<std::string>> rows; ///< every row, header included, blank lines dropped
    std::vector<size_t> rowNumbers;             ///< each row's number in the file, as messages name it
    std::vector<std::string> titles;            ///< lines of a title above the table, left out of `rows`
};

/// True for the names of text tables: .csv, .txt and .tsv, each also gzipped (.csv.gz).
bool isTextTablePath(const std::string& path);

/// Reads the file's first `maxRows` rows (all by default). Up to kMaxTitleRows rows of one
/// field above a wider first row are a title ("Loop counts, District 7", as spreadsheets are
/// headed): they go to `titles`, and `rows` starts at the table's own first row. Throws
/// InputError naming `path` when missing, empty or malformed.
inline constexpr size_t kMaxTitleRows = 5;
TextTable readTextTable(const std::string& path, size_t maxRows = std::numeric_limits<size_t>::max());

/// Gets a row (its fields, which it may take) and its number in the file (1-based: a CSV file's
/// rows with blank lines not counted, a sheet's row number); returns false to read no further.
using TableRowVisitor = std::function<bool(std::vector<std::string>& row, size_t number)>;
/// Reads the file row by row, as readTextTable does, keeping none: for files too large to hold
/// as text. Errors as readTextTable's; the visitor's own propagate.
TableSource forEachTableRow(const std::string& path, const TableRowVisitor& visit);

/// Parses a whole field as a number; false when it is not one (empty, text, trailing junk).
bool parseNumber(const std::string& field, double& value);

/// True for a field of nothing but spaces and tabs: what a spreadsheet saves for no reading.
bool isBlankField(const std::string& field);

/// True for a word that databases and statistics packages write for no reading: NULL, \N
/// (MySQL, PostgreSQL), NA (R), N/A, #N/A, None, - or --, in any case.
bool isMissingMarker(const std::string& field);

/// True when every field of `row` is a number.
bool isNumericRow(const std::vector<std::string>& row);

} // namespace himnet
