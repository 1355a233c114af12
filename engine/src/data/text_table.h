#pragma once
// Tables as rows of text fields: CSV files, parsed with libcsv (quotes, CRLF, embedded commas),
// and Excel workbooks' sheets (xlsx_sheet.h: "book.xlsx" or "book.xlsx#Sheet"); plus the numeric
// conversions every reader of tables needs. A CSV file's separator is found from its first line
// that has one: commas, semicolons (then "64,375" reads as 64.375, as a spreadsheet set to a
// decimal comma writes it) or tabs. Its bytes are decoded as data/text_decoding.h says: a UTF-8
// byte-order mark skipped, UTF-16 (Excel's "Unicode Text") read, a file that is no text refused.
// A CSV file may be gzipped ("speeds.csv.gz", as portals ship large exports and pandas writes
// them): it is decompressed as it is read.
#include "data/text_decoding.h"

#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

struct gzFile_s;

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

/// How much of a long file a block holds, by default: enough to keep a core busy a while, few
/// enough that some wait for each core without holding much of the file.
inline constexpr size_t kTableBlockBytes = size_t{8} << 20;

/// A CSV file (gzipped or not) read in blocks of whole lines, in order, so that their rows can
/// be parsed on threads of their own (forEachRowOfBlock): a month exported as one file.
class TableBlocks {
public:
    /// Opens `path`; each block holds about `blockBytes` (more where a line is longer).
    TableBlocks(const std::string& path, size_t blockBytes);
    ~TableBlocks();
    TableBlocks(const TableBlocks&) = delete;
    TableBlocks& operator=(const TableBlocks&) = delete;
    /// The next block of text, ending with a line break (the last with the file); false after
    /// the last. A quoted field may hold a line break, so a
    /// block may end inside one: forEachRowOfBlock tells. A gzip file cut short is refused.
    bool next(std::string& block);
    /// The separator, found from the first block as forEachTableRow finds it.
    unsigned char delimiter() const;
    /// Whether the block `next` gave last was the file's last.
    bool atEnd() const { return ended_; }

private:
    std::string path_;
    size_t blockBytes_;
    std::unique_ptr<gzFile_s, int (*)(gzFile_s*)> in_;
    TextDecoder decoder_;
    std::vector<char> bytes_; ///< what was read, before decoding
    std::string carried_; ///< what followed the last line break of the block before
    unsigned char delimiter_ = 0;
    bool ended_ = false;
};

struct BlockRows {
    size_t rows = 0;           ///< rows read, blank lines not counted (as forEachTableRow numbers them)
    bool endsInsideRow = false; ///< a quoted field ran past the block's end: it was not cut between rows
};
/// Reads one block of TableBlocks' as forEachTableRow reads a file, its rows numbered from 1
/// within the block. `last`: the file's last block, which may end without a line break.
BlockRows forEachRowOfBlock(const std::string& path, const std::string& block, unsigned char delimiter, bool last,
                            const TableRowVisitor& visit);

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
