#include "data/xlsx_sheet.h"
#include "data/zip_archive.h"
#include "core/text.h"
#include "himnet/dataset.h"
#include "himnet/errors.h"

#include <expat.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string_view>
#include <type_traits>

namespace himnet {
namespace {

constexpr const char* kWorkbookKind = "a readable Excel workbook (an .xlsx file is a zip archive; this one may be truncated)";

// ---- XML, streamed through expat, elements and attributes by their local names ----

struct XmlHandler {
    virtual ~XmlHandler() = default;
    virtual void start(std::string_view /*name*/, const char** /*attributes*/) {}
    virtual void end(std::string_view /*name*/) {}
    virtual void text(std::string_view /*text*/) {}
    bool stopped = false; ///< set by a handler to read no further
};

/// "http://…/main|row" → "row": names without their namespace, whatever prefix the file used.
std::string_view localName(const char* name)
{
    std::string_view n(name);
    const size_t bar = n.rfind('|');
    return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

/// The attribute's value, or null when the element has none of that local name.
const char* attribute(const char** attributes, std::string_view name)
{
    for (size_t i = 0; attributes[i]; i += 2)
        if (localName(attributes[i]) == name) return attributes[i + 1];
    return nullptr;
}

struct ParseState {
    XML_Parser parser;
    XmlHandler* handler;
    std::exception_ptr error; ///< a handler's, rethrown once expat has returned (never thrown through C)
};

template <typename Call>
void guarded(void* data, Call&& call)
{
    auto* state = static_cast<ParseState*>(data);
    if (state->error || state->handler->stopped) return;
    try {
        call(*state->handler);
    } catch (...) {
        state->error = std::current_exception();
    }
    if (state->error || state->handler->stopped) XML_StopParser(state->parser, XML_FALSE);
}

void onStart(void* data, const char* name, const char** attributes)
{
    guarded(data, [&](XmlHandler& h) { h.start(localName(name), attributes); });
}

void onEnd(void* data, const char* name)
{
    guarded(data, [&](XmlHandler& h) { h.end(localName(name)); });
}

void onText(void* data, const char* text, int length)
{
    guarded(data, [&](XmlHandler& h) { h.text(std::string_view(text, static_cast<size_t>(length))); });
}

void parseXml(const ZipArchive& archive, const std::string& member, XmlHandler& handler)
{
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> parser(XML_ParserCreateNS(nullptr, '|'), XML_ParserFree);
    if (!parser) throw RuntimeFailure("expat: cannot create an XML parser");
    ParseState state{parser.get(), &handler, nullptr};
    XML_SetUserData(parser.get(), &state);
    XML_SetElementHandler(parser.get(), onStart, onEnd);
    XML_SetCharacterDataHandler(parser.get(), onText);
    auto feed = [&](const char* bytes, size_t size, bool last) {
        if (XML_Parse(parser.get(), bytes, static_cast<int>(size), last ? XML_TRUE : XML_FALSE) == XML_STATUS_OK) return true;
        if (state.error) std::rethrow_exception(state.error);
        if (handler.stopped) return false;
        throw InputError(describeProblem(archive.path(), "'" + member + "' is not well-formed XML (line "
                                                             + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": "
                                                             + XML_ErrorString(XML_GetErrorCode(parser.get())) + ")"));
    };
    bool more = true;
    archive.stream(member, [&](const char* bytes, size_t size) { return more = feed(bytes, size, false); });
    if (more) feed(nullptr, 0, true);
}

// ---- the workbook's parts: where its sheets are, its shared strings, which styles are dates ----

struct Relationship {
    std::string type, target;
};

/// "xl/worksheets/../sharedStrings.xml" → "xl/sharedStrings.xml".
std::string memberName(const std::string& path)
{
    std::vector<std::string> parts;
    size_t begin = 0;
    for (size_t slash; begin <= path.size(); begin = slash + 1) {
        slash = path.find('/', begin);
        if (slash == std::string::npos) slash = path.size();
        const std::string part = path.substr(begin, slash - begin);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") parts.push_back(part);
    }
    std::string name;
    for (const auto& part : parts) name += (name.empty() ? "" : "/") + part;
    return name;
}

/// A part's relationships (its `_rels/<name>.rels`), by id; targets resolved to member names.
std::map<std::string, Relationship> readRelationships(const ZipArchive& archive, const std::string& part)
{
    const size_t slash = part.rfind('/');
    const std::string folder = slash == std::string::npos ? "" : part.substr(0, slash + 1);
    const std::string rels = folder + "_rels/" + part.substr(slash + 1) + ".rels";
    struct Handler : XmlHandler {
        std::map<std::string, Relationship> byId;
        std::string folder;
        void start(std::string_view name, const char** a) override
        {
            if (name != "Relationship") return;
            const char *id = attribute(a, "Id"), *type = attribute(a, "Type"), *target = attribute(a, "Target"), *mode = attribute(a, "TargetMode");
            if (!id || !type || !target || (mode && std::string_view(mode) == "External")) return;
            byId[id] = {type, memberName(target[0] == '/' ? std::string(target + 1) : folder + target)};
        }
    } handler;
    handler.folder = folder;
    if (archive.has(rels)) parseXml(archive, rels, handler);
    return handler.byId;
}

bool typeEndsWith(const Relationship& r, std::string_view suffix)
{
    return r.type.size() >= suffix.size() && std::string_view(r.type).substr(r.type.size() - suffix.size()) == suffix;
}

struct SheetEntry {
    std::string name, member;
};

struct Workbook {
    std::string part; ///< "xl/workbook.xml"
    std::vector<SheetEntry> worksheets;
    bool dates1904 = false;
    std::string sharedStrings, styles; ///< members, empty when the workbook has none
};

/// The OLE2 signature of .xls files and of password-protected (encrypted) workbooks.
bool isCompoundDocument(const std::string& path)
{
    char magic[8] = {};
    std::ifstream in(path, std::ios::binary);
    in.read(magic, sizeof magic);
    return in.gcount() == 8 && std::memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

Workbook readWorkbook(const ZipArchive& archive)
{
    const std::string& path = archive.path();
    Workbook book;
    for (const auto& [id, r] : readRelationships(archive, ""))
        if (typeEndsWith(r, "/officeDocument")) book.part = r.target;
    if (book.part.empty() || !archive.has(book.part)) {
        if (archive.has("mimetype") && archive.read("mimetype").find("opendocument.spreadsheet") != std::string::npos)
            throw InputError(describeProblem(path, "is an OpenDocument spreadsheet (.ods), not an Excel workbook: "
                                                   "save it as .xlsx or as CSV"));
        throw InputError(describeProblem(path, "is a zip archive but not an Excel workbook (it has no workbook part)"));
    }
    const auto relationships = readRelationships(archive, book.part);
    for (const auto& [id, r] : relationships) {
        if (typeEndsWith(r, "/sharedStrings")) book.sharedStrings = r.target;
        if (typeEndsWith(r, "/styles")) book.styles = r.target;
    }
    struct Handler : XmlHandler {
        const std::map<std::string, Relationship>* relationships = nullptr;
        Workbook* book = nullptr;
        void start(std::string_view name, const char** a) override
        {
            if (name == "workbookPr") {
                const char* flag = attribute(a, "date1904");
                book->dates1904 = flag && (std::string_view(flag) == "1" || std::string_view(flag) == "true");
            } else if (name == "sheet") {
                const char *sheetName = attribute(a, "name"), *id = attribute(a, "id");
                if (!sheetName || !id) return;
                const auto r = relationships->find(id);
                if (r != relationships->end() && typeEndsWith(r->second, "/worksheet")) // not a chart sheet
                    book->worksheets.push_back({sheetName, r->second.target});
            }
        }
    } handler;
    handler.relationships = &relationships;
    handler.book = &book;
    parseXml(archive, book.part, handler);
    if (book.worksheets.empty()) throw InputError(describeProblem(path, "the workbook has no worksheet"));
    return book;
}

std::vector<std::string> readSharedStrings(const ZipArchive& archive, const std::string& member)
{
    struct Handler : XmlHandler {
        std::vector<std::string> strings;
        std::string current;
        int phonetic = 0; ///< inside <rPh>: a reading aid for East Asian text, not part of it
        bool inText = false;
        void start(std::string_view name, const char**) override
        {
            if (name == "si") current.clear();
            else if (name == "rPh") ++phonetic;
            else if (name == "t") inText = phonetic == 0;
        }
        void end(std::string_view name) override
        {
            if (name == "si") strings.push_back(current);
            else if (name == "rPh") --phonetic;
            else if (name == "t") inText = false;
        }
        void text(std::string_view t) override
        {
            if (inText) current.append(t);
        }
    } handler;
    if (!member.empty() && archive.has(member)) parseXml(archive, member, handler);
    return handler.strings;
}

/// True for a number format that shows a date or a time: the built-in ones (ECMA-376 18.8.30)
/// and any code with date or time letters outside its quoted text, escapes and [colours].
bool isDateFormat(int id, const std::string& code)
{
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
    if (code.empty()) return false;
    bool quoted = false;
    for (size_t i = 0; i < code.size(); ++i) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
        if (c == '"') quoted = !quoted;
        else if (quoted) continue;
        else if (c == '\\' || c == '_' || c == '*') ++i; // an escaped character, a space or a fill
        else if (c == '[') {
            const size_t close = code.find(']', i);
            const std::string inside = lowerCase(code.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1));
            if (!inside.empty() && inside.find_first_not_of("hms") == std::string::npos) return true; // [h]:mm elapsed time
            if (close == std::string::npos) return false;
            i = close;
        } else if (c == 'y' || c == 'd' || c == 'h' || c == 's' || c == 'm') return true;
        else if (c == 'g' && lowerCase(code.substr(i, 7)) == "general") i += 6;
    }
    return false;
}

/// For each cell style (the `s` of a cell), whether it shows a date.
std::vector<bool> readDateStyles(const ZipArchive& archive, const std::string& member)
{
    struct Handler : XmlHandler {
        std::map<int, std::string> codes;
        std::vector<int> formatOfStyle;
        bool inCellStyles = false;
        void start(std::string_view name, const char** a) override
        {
            if (name == "numFmt") {
                const char *id = attribute(a, "numFmtId"), *code = attribute(a, "formatCode");
                if (id && code) codes[std::atoi(id)] = code;
            } else if (name == "cellXfs") inCellStyles = true;
            else if (name == "xf" && inCellStyles) {
                const char* id = attribute(a, "numFmtId");
                formatOfStyle.push_back(id ? std::atoi(id) : 0);
            }
        }
        void end(std::string_view name) override
        {
            if (name == "cellXfs") inCellStyles = false;
        }
    } handler;
    if (!member.empty() && archive.has(member)) parseXml(archive, member, handler);
    std::vector<bool> dates;
    for (int id : handler.formatOfStyle) {
        const auto code = handler.codes.find(id);
        dates.push_back(isDateFormat(id, code == handler.codes.end() ? std::string() : code->second));
    }
    return dates;
}

// ---- the worksheet ----

/// "BC12" → 54 (0-based column), or -1 when the reference names no column.
int64_t columnOfReference(const char* reference)
{
    int64_t column = 0;
    size_t letters = 0;
    for (; reference[letters] && std::isalpha(static_cast<unsigned char>(reference[letters])); ++letters) {
        if (letters == 3) return -1; // Excel's last column is XFD
        column = column * 26 + (std::toupper(static_cast<unsigned char>(reference[letters])) - 'A' + 1);
    }
    return letters == 0 ? -1 : column - 1;
}

/// A date cell's serial number (days since the workbook's epoch, the time of day as the
/// fraction) as "2012-03-01 08:05:00", to the nearest second.
std::string serialAsTimestamp(double serial, bool dates1904)
{
    // 1899-12-30 (Excel's 1900 system, its phantom 1900-02-29 included) or 1904-01-01, in Unix seconds.
    const int64_t epoch = dates1904 ? -2082844800LL : -2209161600LL;
    return formatTimestamp(epoch + static_cast<int64_t>(std::llround(serial * 86400.0)));
}

class SheetReader : public XmlHandler {
public:
    SheetReader(const std::string& path, const Workbook& book, std::vector<std::string> sharedStrings, std::vector<bool> dateStyles,
                const TableRowVisitor& visit)
        : path_(path), book_(book), sharedStrings_(std::move(sharedStrings)), dateStyles_(std::move(dateStyles)), visit_(visit)
    {
    }

    size_t rowsRead() const { return rowsRead_; }

    void start(std::string_view name, const char** a) override
    {
        if (name == "row") {
            const char* r = attribute(a, "r");
            rowNumber_ = r ? static_cast<size_t>(std::strtoull(r, nullptr, 10)) : rowNumber_ + 1;
            fields_.clear();
            column_ = -1;
        } else if (name == "c") {
            const char* r = attribute(a, "r");
            const int64_t column = r ? columnOfReference(r) : -1;
            column_ = column >= 0 ? column : column_ + 1;
            const char *type = attribute(a, "t"), *style = attribute(a, "s");
            type_ = type ? type : "n";
            style_ = style ? std::atoi(style) : 0;
            value_.clear();
            hasValue_ = false;
        } else if (name == "v" || (name == "t" && inInline_)) {
            inValue_ = true;
            hasValue_ = true;
        } else if (name == "is") inInline_ = true;
        else if (name == "rPh") inValue_ = false, ++phonetic_;
    }

    void end(std::string_view name) override
    {
        if (name == "v" || name == "t") inValue_ = false;
        else if (name == "rPh") --phonetic_;
        else if (name == "is") inInline_ = false;
        else if (name == "c") keepCell();
        else if (name == "row") passRow();
    }

    void text(std::string_view t) override
    {
        if (inValue_ && phonetic_ == 0) value_.append(t);
    }

private:
    void keepCell()
    {
        if (!hasValue_) return;
        std::string field = cellText();
        if (field.empty()) return;
        if (static_cast<size_t>(column_) >= fields_.size()) fields_.resize(static_cast<size_t>(column_) + 1);
        fields_[static_cast<size_t>(column_)] = std::move(field);
    }

    std::string cellText() const
    {
        if (type_ == "s") {
            char* end = nullptr;
            const unsigned long long index = std::strtoull(value_.c_str(), &end, 10);
            if (end == value_.c_str() || index >= sharedStrings_.size())
                throw InputError(describeProblem(path_, "cell " + spreadsheetColumnName(static_cast<size_t>(column_)) + std::to_string(rowNumber_) + " refers to text " + value_ + " of the workbook's "
                                                            + std::to_string(sharedStrings_.size()) + " (the file is damaged)"));
            return sharedStrings_[index];
        }
        if (type_ == "b") return value_ == "1" ? "TRUE" : "FALSE";
        if (type_ == "e") return {}; // #N/A, #DIV/0!…: no reading
        if (type_ == "n" && style_ >= 0 && static_cast<size_t>(style_) < dateStyles_.size() && dateStyles_[static_cast<size_t>(style_)]) {
            double serial = 0; // a point whatever the C locale, as the file format has it
            // Excel's dates end with 9999-12-31 (serial 2958465); beyond, the number is left as it is.
            if (parseNumber(value_, serial) && serial >= 0 && serial < 2958466) return serialAsTimestamp(serial, book_.dates1904);
        }
        return value_; // a number as stored, text ("str", "inlineStr") or an ISO date ("d")
    }

    void passRow()
    {
        if (fields_.empty()) return; // no value: a formatted or empty row
        width_ = std::max(width_, fields_.size()); // the header's, past a title above it
        if (fields_.size() < width_) fields_.resize(width_);
        ++rowsRead_;
        stopped = !visit_(fields_, rowNumber_);
    }

    const std::string& path_;
    const Workbook& book_;
    const std::vector<std::string> sharedStrings_;
    const std::vector<bool> dateStyles_;
    const TableRowVisitor& visit_;
    std::vector<std::string> fields_;
    size_t rowNumber_ = 0, width_ = 0, rowsRead_ = 0;
    int64_t column_ = -1;
    std::string type_, value_;
    int style_ = 0, phonetic_ = 0;
    bool hasValue_ = false, inValue_ = false, inInline_ = false;
};

} // namespace

SheetPath splitSheetPath(const std::string& path)
{
    const std::string lower = lowerCase(path);
    for (const char* extension : {".xlsx#", ".xlsm#"})
        if (const size_t at = lower.rfind(extension); at != std::string::npos)
            return {path.substr(0, at + 5), path.substr(at + 6)};
    return {path, {}};
}

std::string sheetPath(const std::string& file, const std::string& sheet) { return sheet.empty() ? file : file + "#" + sheet; }

std::string spreadsheetColumnName(size_t column)
{
    std::string name;
    for (size_t c = column + 1; c > 0; c = (c - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (c - 1) % 26));
    return name;
}

bool isWorkbookPath(const std::string& path)
{
    const std::string file = lowerCase(splitSheetPath(path).file);
    return endsWith(file, ".xlsx") || endsWith(file, ".xlsm");
}

namespace {

ZipArchive openWorkbook(const std::string& file)
{
    if (std::filesystem::is_regular_file(file) && isCompoundDocument(file))
        throw InputError(describeProblem(file, "is an Excel 97-2003 workbook (.xls) or a password-protected one, which cannot be read: "
                                               "save it as an .xlsx workbook without a password, or as CSV"));
    return ZipArchive(file, kWorkbookKind);
}

std::vector<std::string> sheetNames(const Workbook& book)
{
    std::vector<std::string> names;
    for (const auto& sheet : book.worksheets) names.push_back(sheet.name);
    return names;
}

} // namespace

std::vector<std::string> workbookSheets(const std::string& path)
{
    return sheetNames(readWorkbook(openWorkbook(splitSheetPath(path).file)));
}

TableSource forEachSheetRow(const std::string& path, const TableRowVisitor& visit)
{
    const SheetPath wanted = splitSheetPath(path);
    const ZipArchive archive = openWorkbook(wanted.file);
    const Workbook book = readWorkbook(archive);
    auto sheet = book.worksheets.begin();
    if (!wanted.sheet.empty()) {
        sheet = std::find_if(book.worksheets.begin(), book.worksheets.end(), [&](const SheetEntry& s) { return s.name == wanted.sheet; });
        if (sheet == book.worksheets.end())
            throw InputError(describeProblem(wanted.file, "has no sheet '" + wanted.sheet + "' (its sheets: " + joined(sheetNames(book)) + ")"));
    }
    TableSource source;
    source.kind = "xlsx";
    source.sheet = sheet->name;
    source.sheets = sheetNames(book);
    if (!archive.has(sheet->member))
        throw InputError(describeProblem(wanted.file, "the workbook lists sheet '" + sheet->name + "' but has no '" + sheet->member + "'"));
    SheetReader reader(path, book, readSharedStrings(archive, book.sharedStrings), readDateStyles(archive, book.styles), visit);
    parseXml(archive, sheet->member, reader);
    if (reader.rowsRead() == 0) throw InputError(describeProblem(path, "sheet '" + sheet->name + "' is empty"));
    return source;
}

} // namespace himnet
