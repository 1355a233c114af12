#include "data/text_table.h"
#include "data/xlsx_sheet.h"
#include "core/text.h"
#include "core/utf8.h"
#include "himnet/errors.h"

#include <csv.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <string_view>
#include <utility>

namespace himnet {
namespace {

/// What a text table's file should have been, as refusals of other files say.
const char* const kTextTableKind = "a CSV table";

void readDecimalCommas(std::vector<std::string>& row);

struct RowVisitor {
    const TableRowVisitor* visit = nullptr;
    unsigned char delimiter = ',';
    std::vector<std::string> current;
    size_t rows = 0;
    bool stopped = false;
    std::exception_ptr error; ///< the visitor's, rethrown once libcsv has returned (never thrown through C)
};

void onField(void* data, size_t length, void* context)
{
    auto* v = static_cast<RowVisitor*>(context);
    if (!v->stopped) v->current.push_back(asUtf8(std::string_view(data ? static_cast<const char*>(data) : "", data ? length : 0)));
}

void onRow(int, void* context)
{
    auto* v = static_cast<RowVisitor*>(context);
    const bool blank = v->current.empty() || (v->current.size() == 1 && v->current[0].empty());
    if (!blank && !v->stopped) {
        if (v->delimiter == ';') readDecimalCommas(v->current);
        try {
            v->stopped = !(*v->visit)(v->current, ++v->rows);
        } catch (...) {
            v->error = std::current_exception();
            v->stopped = true;
        }
    }
    v->current.clear();
}

std::string trimmed(const std::string& s)
{
    size_t begin = 0, end = s.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(s[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
    return s.substr(begin, end - begin);
}

/// The separator the first line uses most: ',' (the default and the tie-breaker), ';' (what
/// spreadsheets write where the decimal separator is a comma) or a tab. Lines with none (a title
/// above the table) are passed over, up to kMaxTitleRows of them.
unsigned char sniffDelimiter(const char* text, size_t size)
{
    size_t commas = 0, semicolons = 0, tabs = 0, lines = 0;
    bool quoted = false;
    for (size_t i = 0; i < size; ++i) {
        const char c = text[i];
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) {
            if (commas + semicolons + tabs > 0 || ++lines > kMaxTitleRows) break;
        } else if (!quoted) {
            commas += c == ',';
            semicolons += c == ';';
            tabs += c == '\t';
        }
    }
    if (semicolons > commas && semicolons >= tabs) return ';';
    if (tabs > commas && tabs > semicolons) return '\t';
    return ',';
}

/// "64,375" → "64.375" in every field that is a number written with a decimal comma.
void readDecimalCommas(std::vector<std::string>& row)
{
    for (auto& field : row) {
        const size_t comma = field.find(',');
        if (comma == std::string::npos || field.find(',', comma + 1) != std::string::npos || field.find('.') != std::string::npos)
            continue; // not one comma, or a point too ("1.234,5"): left for parseNumber to refuse
        std::string candidate = field;
        candidate[comma] = '.';
        double ignored;
        if (parseNumber(candidate, ignored)) field = std::move(candidate);
    }
}

} // namespace

bool isTextTablePath(const std::string& path)
{
    std::string name = lowerCase(std::filesystem::path(path).filename().string());
    if (endsWith(name, ".gz")) name.resize(name.size() - 3);
    return endsWith(name, ".csv") || endsWith(name, ".txt") || endsWith(name, ".tsv");
}

namespace {

/// libcsv set up for a table's rows, freed on every way out.
class CsvParser {
public:
    explicit CsvParser(unsigned char delimiter)
    {
        if (csv_init(&parser_, CSV_APPEND_NULL) != 0) throw RuntimeFailure("libcsv: cannot initialise the parser");
        csv_set_delim(&parser_, delimiter);
        visitor_.delimiter = delimiter;
    }
    CsvParser(const CsvParser&) = delete;
    CsvParser& operator=(const CsvParser&) = delete;
    ~CsvParser() { csv_free(&parser_); }

    /// Parses `size` bytes, calling `visit` per row; false once the visitor has asked to stop.
    bool feed(const std::string& path, const char* text, size_t size, const TableRowVisitor& visit)
    {
        visitor_.visit = &visit;
        if (!visitor_.stopped && csv_parse(&parser_, text, size, onField, onRow, &visitor_) != size)
            throw InputError(describeProblem(path, "malformed CSV: " + std::string(csv_strerror(csv_error(&parser_)))));
        rethrowVisitorError();
        return !visitor_.stopped;
    }
    /// The row the text ended in, if it did not end with its line break.
    void finish(const TableRowVisitor& visit)
    {
        visitor_.visit = &visit;
        if (!visitor_.stopped) csv_fini(&parser_, onField, onRow, &visitor_);
        rethrowVisitorError();
    }
    /// Whether the text fed so far ended between rows, not within one (libcsv's state 0,
    /// ROW_NOT_BEGUN: no field begun, no quote open).
    bool betweenRows() const { return parser_.pstate == 0; }
    size_t rows() const { return visitor_.rows; }

private:
    void rethrowVisitorError()
    {
        if (visitor_.error) std::rethrow_exception(std::exchange(visitor_.error, nullptr));
    }
    csv_parser parser_{};
    RowVisitor visitor_;
};

/// Opens a CSV file, gzipped or not (zlib reads a file that is not gzipped as it is).
std::unique_ptr<gzFile_s, int (*)(gzFile)> openTextFile(const std::string& path)
{
    namespace fs = std::filesystem;
    if (!fs::exists(path)) throw InputError(describeProblem(path, "file not found"));
    if (fs::is_directory(path)) throw InputError(describeProblem(path, "is a folder, expected a CSV file"));
    std::unique_ptr<gzFile_s, int (*)(gzFile)> in(gzopen(path.c_str(), "rb"), gzclose);
    if (!in) throw InputError(describeProblem(path, "cannot be opened for reading"));
    gzbuffer(in.get(), 1 << 17);
    return in;
}

/// Up to `size` bytes of the file; 0 at its end. A gzip stream that is broken or cut short is refused.
size_t readSome(gzFile in, const std::string& path, char* buffer, size_t size)
{
    const int read = gzread(in, buffer, static_cast<unsigned>(size));
    if (read < 0) {
        int code = 0;
        const std::string error = gzerror(in, &code);
        throw InputError(describeProblem(path, "cannot be decompressed (" + error + "): is it a whole gzip file?"));
    }
    if (read == 0) {
        int code = Z_OK;
        gzerror(in, &code);
        if (code == Z_BUF_ERROR) // the compressed stream stops before its end: a download cut short
            throw InputError(describeProblem(path, "the gzip file ends before its data do (a download cut short?)"));
    }
    return static_cast<size_t>(read);
}

} // namespace

TableSource forEachTableRow(const std::string& path, const TableRowVisitor& visit)
{
    if (isWorkbookPath(path)) return forEachSheetRow(path, visit);
    const auto in = openTextFile(path);
    TextDecoder decoder(path, kTextTableKind);
    std::vector<char> buffer(1 << 16);
    std::string text;
    std::unique_ptr<CsvParser> parser;
    const auto parse = [&] { // what was decoded; false once the visitor has asked to stop
        if (text.empty()) return true;
        if (!parser) parser = std::make_unique<CsvParser>(sniffDelimiter(text.data(), text.size()));
        const bool more = parser->feed(path, text.data(), text.size(), visit);
        text.clear();
        return more;
    };
    for (;;) {
        const size_t got = readSome(in.get(), path, buffer.data(), buffer.size());
        if (got == 0) {
            decoder.finish(text);
            if (parse() && parser) parser->finish(visit);
            break;
        }
        decoder.decode(buffer.data(), got, text);
        if (!parse()) break;
    }
    if (!parser || parser->rows() == 0) throw InputError(describeProblem(path, "file is empty (no CSV rows)"));
    return {};
}

TableBlocks::TableBlocks(const std::string& path, size_t blockBytes)
    : path_(path), blockBytes_(std::clamp<size_t>(blockBytes, 1, size_t{1} << 30)), in_(openTextFile(path)), decoder_(path, kTextTableKind)
{
}

TableBlocks::~TableBlocks() = default;

bool TableBlocks::next(std::string& block)
{
    block.swap(carried_);
    carried_.clear();
    bytes_.resize(blockBytes_);
    while (!ended_) {
        const size_t got = readSome(in_.get(), path_, bytes_.data(), blockBytes_);
        if (got == 0) {
            decoder_.finish(block);
            ended_ = true;
            break;
        }
        decoder_.decode(bytes_.data(), got, block);
        if (!delimiter_ && !block.empty()) delimiter_ = sniffDelimiter(block.data(), block.size());
        if (block.size() < blockBytes_) continue;
        const size_t end = block.rfind('\n');
        if (end == std::string::npos) continue; // no line break yet: a longer block
        carried_.assign(block, end + 1);
        block.resize(end + 1);
        return true;
    }
    if (!delimiter_ && !block.empty()) delimiter_ = sniffDelimiter(block.data(), block.size());
    return !block.empty();
}

unsigned char TableBlocks::delimiter() const { return delimiter_ ? delimiter_ : ','; }

BlockRows forEachRowOfBlock(const std::string& path, const std::string& block, unsigned char delimiter, bool last,
                            const TableRowVisitor& visit)
{
    CsvParser parser(delimiter);
    if (parser.feed(path, block.data(), block.size(), visit) && last) parser.finish(visit);
    return {parser.rows(), !last && !parser.betweenRows()};
}

TextTable readTextTable(const std::string& path, size_t maxRows)
{
    TextTable table;
    table.path = path;
    const size_t wanted = maxRows > std::numeric_limits<size_t>::max() - kMaxTitleRows ? maxRows : maxRows + kMaxTitleRows;
    table.source = forEachTableRow(path, [&](std::vector<std::string>& row, size_t number) {
        table.rows.push_back(std::move(row));
        table.rowNumbers.push_back(number);
        return table.rows.size() < wanted;
    });
    auto filled = [](const std::vector<std::string>& row) {
        return std::count_if(row.begin(), row.end(), [](const std::string& field) { return !isBlankField(field); });
    };
    size_t title = 0;
    while (title < table.rows.size() && title < kMaxTitleRows && filled(table.rows[title]) <= 1) ++title;
    if (title > 0 && title < table.rows.size() && filled(table.rows[title]) > 1) {
        for (size_t r = 0; r < title; ++r)
            for (const auto& field : table.rows[r])
                if (!isBlankField(field)) table.titles.push_back(field);
        table.rows.erase(table.rows.begin(), table.rows.begin() + static_cast<std::ptrdiff_t>(title));
        table.rowNumbers.erase(table.rowNumbers.begin(), table.rowNumbers.begin() + static_cast<std::ptrdiff_t>(title));
    }
    if (table.rows.size() > maxRows) {
        table.rows.resize(maxRows);
        table.rowNumbers.resize(maxRows);
    }
    return table;
}

bool parseNumber(const std::string& field, double& value)
{
    // std::from_chars, not strtod: a point is the decimal separator whatever the C locale (the
    // desktop app's follows its user's, and strtod would read "64.5" as 64 under a German one).
    const char* begin = field.data();
    const char* end = begin + field.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(*begin))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(end[-1]))) --end;
    if (begin < end && *begin == '+' && end - begin > 1 && begin[1] != '-') ++begin; // "+5", as strtod takes it
    if (begin == end) return false;
    const auto [stop, error] = std::from_chars(begin, end, value);
    return error == std::errc() && stop == end;
}

bool isBlankField(const std::string& field) { return field.find_first_not_of(" \t") == std::string::npos; }

bool isMissingMarker(const std::string& field)
{
    const std::string text = lowerCase(trimmed(field));
    for (const char* marker : {"null", "\\n", "na", "n/a", "#n/a", "none", "-", "--"})
        if (text == marker) return true;
    return false;
}

bool isNumericRow(const std::vector<std::string>& row)
{
    double ignored;
    for (const auto& field : row)
        if (!parseNumber(field, ignored)) return false;
    return !row.empty();
}

} // namespace himnet
