#pragma once
// CSV files as rows of text fields, parsed with libcsv (quotes, CRLF, embedded commas),
// plus the numeric conversions every CSV reader here needs. The separator is found from the
// first line: commas, semicolons (then "64,375" reads as 64.375, as a spreadsheet set to a
// decimal comma writes it) or tabs; a UTF-8 byte-order mark is skipped.
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace himnet {

struct CsvTable {
    std::string path;
    std::vector<std::vector<std::string>> rows; ///< every row, header included, blank lines dropped
};

/// Reads the file's first `maxRows` rows (all by default). Throws InputError naming `path`
/// when missing, empty or malformed.
CsvTable readCsvTable(const std::string& path, size_t maxRows = std::numeric_limits<size_t>::max());

/// Gets a row (its fields, which it may take) and its number among the file's rows (1-based,
/// blank lines not counted); returns false to read no further.
using CsvRowVisitor = std::function<bool(std::vector<std::string>& row, size_t number)>;
/// Reads the file row by row, as readCsvTable does, keeping none: for files too large to hold
/// as text. Errors as readCsvTable's; the visitor's own propagate.
void forEachCsvRow(const std::string& path, const CsvRowVisitor& visit);

/// Parses a whole field as a number; false when it is not one (empty, text, trailing junk).
bool parseNumber(const std::string& field, double& value);

/// True for a field of nothing but spaces and tabs: what a spreadsheet saves for no reading.
bool isBlankField(const std::string& field);

/// True when every field of `row` is a number.
bool isNumericRow(const std::vector<std::string>& row);

} // namespace himnet
