#include "data/csv_table.h"
#include "himnet/errors.h"

#include <csv.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace himnet {
namespace {

struct Collector {
    std::vector<std::vector<std::string>>* rows;
    std::vector<std::string> current;
};

void onField(void* data, size_t length, void* context)
{
    auto* c = static_cast<Collector*>(context);
    c->current.emplace_back(data ? static_cast<const char*>(data) : "", data ? length : 0);
}

void onRow(int, void* context)
{
    auto* c = static_cast<Collector*>(context);
    const bool blank = c->current.empty() || (c->current.size() == 1 && c->current[0].empty());
    if (!blank) c->rows->push_back(std::move(c->current));
    c->current.clear();
}

std::string trimmed(const std::string& s)
{
    size_t begin = 0, end = s.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(s[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
    return s.substr(begin, end - begin);
}

/// The separator the first line uses most: ',' (the default and the tie-breaker), ';' (what
/// spreadsheets write where the decimal separator is a comma) or a tab.
unsigned char sniffDelimiter(const char* text, size_t size)
{
    size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (size_t i = 0; i < size && (quoted || (text[i] != '\n' && text[i] != '\r')); ++i) {
        if (text[i] == '"') quoted = !quoted;
        else if (!quoted) {
            commas += text[i] == ',';
            semicolons += text[i] == ';';
            tabs += text[i] == '\t';
        }
    }
    if (semicolons > commas && semicolons >= tabs) return ';';
    if (tabs > commas && tabs > semicolons) return '\t';
    return ',';
}

/// "64,375" → "64.375" in every field that is a number written with a decimal comma.
void readDecimalCommas(std::vector<std::vector<std::string>>& rows)
{
    for (auto& row : rows)
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

CsvTable readCsvTable(const std::string& path)
{
    namespace fs = std::filesystem;
    if (!fs::exists(path)) throw InputError(describeProblem(path, "file not found"));
    if (fs::is_directory(path)) throw InputError(describeProblem(path, "is a folder, expected a CSV file"));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(describeProblem(path, "cannot be opened for reading"));

    CsvTable table;
    table.path = path;
    Collector collector{&table.rows, {}};
    csv_parser parser;
    if (csv_init(&parser, CSV_APPEND_NULL) != 0) throw RuntimeFailure("libcsv: cannot initialise the parser");
    std::vector<char> buffer(1 << 16);
    unsigned char delimiter = ',';
    for (bool first = true; in; first = false) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        size_t got = static_cast<size_t>(in.gcount());
        if (got == 0) break;
        const char* text = buffer.data();
        if (first) {
            if (got >= 3 && std::string_view(text, 3) == "\xEF\xBB\xBF") { // a UTF-8 byte-order mark
                text += 3;
                got -= 3;
            }
            delimiter = sniffDelimiter(text, got);
            csv_set_delim(&parser, delimiter);
        }
        if (csv_parse(&parser, text, got, onField, onRow, &collector) != got) {
            const std::string error = csv_strerror(csv_error(&parser));
            csv_free(&parser);
            throw InputError(describeProblem(path, "malformed CSV: " + error));
        }
    }
    csv_fini(&parser, onField, onRow, &collector);
    csv_free(&parser);
    if (table.rows.empty()) throw InputError(describeProblem(path, "file is empty (no CSV rows)"));
    if (delimiter == ';') readDecimalCommas(table.rows);
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

bool isNumericRow(const std::vector<std::string>& row)
{
    double ignored;
    for (const auto& field : row)
        if (!parseNumber(field, ignored)) return false;
    return !row.empty();
}

} // namespace himnet
