#include "data/text_table.h"
#include "data/xlsx_sheet.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <csv.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <string_view>

namespace himnet {
namespace {

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
    if (!v->stopped) v->current.emplace_back(data ? static_cast<const char*>(data) : "", data ? length : 0);
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

TableSource forEachTableRow(const std::string& path, const TableRowVisitor& visit)
{
    if (isWorkbookPath(path)) return forEachSheetRow(path, visit);
    namespace fs = std::filesystem;
    if (!fs::exists(path)) throw InputError(describeProblem(path, "file not found"));
    if (fs::is_directory(path)) throw InputError(describeProblem(path, "is a folder, expected a CSV file"));
    // zlib reads a file that is not gzipped as it is, so one reader serves both.
    const std::unique_ptr<gzFile_s, int (*)(gzFile)> in(gzopen(path.c_str(), "rb"), gzclose);
    if (!in) throw InputError(describeProblem(path, "cannot be opened for reading"));
    gzbuffer(in.get(), 1 << 17);

    RowVisitor visitor;
    visitor.visit = &visit;
    csv_parser parser;
    if (csv_init(&parser, CSV_APPEND_NULL) != 0) throw RuntimeFailure("libcsv: cannot initialise the parser");
    std::vector<char> buffer(1 << 16);
    for (bool first = true; !visitor.stopped; first = false) {
        const int read = gzread(in.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
        if (read < 0) {
            int code = 0;
            const std::string error = gzerror(in.get(), &code);
            csv_free(&parser);
            throw InputError(describeProblem(path, "cannot be decompressed (" + error + "): is it a whole gzip file?"));
        }
        size_t got = static_cast<size_t>(read);
        if (got == 0) {
            int code = Z_OK;
            gzerror(in.get(), &code);
            if (code == Z_BUF_ERROR) { // the compressed stream stops before its end: a download cut short
                csv_free(&parser);
                throw InputError(describeProblem(path, "the gzip file ends before its data do (a download cut short?)"));
            }
            break;
        }
        const char* text = buffer.data();
        if (first) {
            if (got >= 3 && std::string_view(text, 3) == "\xEF\xBB\xBF") { // a UTF-8 byte-order mark
                text += 3;
                got -= 3;
            }
            visitor.delimiter = sniffDelimiter(text, got);
            csv_set_delim(&parser, visitor.delimiter);
        }
        if (csv_parse(&parser, text, got, onField, onRow, &visitor) != got) {
            const std::string error = csv_strerror(csv_error(&parser));
            csv_free(&parser);
            throw InputError(describeProblem(path, "malformed CSV: " + error));
        }
    }
    if (!visitor.stopped) csv_fini(&parser, onField, onRow, &visitor);
    csv_free(&parser);
    if (visitor.error) std::rethrow_exception(visitor.error);
    if (visitor.rows == 0) throw InputError(describeProblem(path, "file is empty (no CSV rows)"));
    return {};
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
    const std::string text = trimmed(field);
    if (text.empty()) return false;
    char* end = nullptr;
    errno = 0;
    value = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && errno != ERANGE;
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
