#include "himnet/workbook_writer.h"
#include "data/xlsx_sheet.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <zip.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>

namespace himnet {
namespace {

std::string escaped(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') continue; // not allowed in XML 1.0
            out += c;
        }
    }
    return out;
}

// Cell styles (styles.xml's cellXfs): 0 plain, 1 bold (the header), 2 a date and time.
constexpr int kHeaderStyle = 1, kTimeStyle = 2;

const char* kStyles =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/></numFmts>"
    "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    "</styleSheet>";

/// Days since 1899-12-30 (Excel's 1900 date system), the time of day as the fraction.
double excelSerial(int64_t unixSeconds) { return static_cast<double>(unixSeconds + 2209161600LL) / 86400.0; }

} // namespace

void WorkbookWriter::addSheet(const std::string& name, const std::vector<std::string>& header)
{
    if (name.empty() || name.size() > 31 || name.find_first_of("[]:*?/\\") != std::string::npos)
        throw InputError("'" + name + "' cannot name an Excel sheet (1 to 31 characters, none of []:*?/\\)");
    Sheet sheet;
    sheet.name = name;
    sheet.columns = header.size();
    std::vector<SheetCell> cells(header.begin(), header.end());
    appendRow(sheet, cells, /*header=*/true);
    sheets_.push_back(std::move(sheet));
}

void WorkbookWriter::addRow(const std::vector<SheetCell>& row)
{
    if (sheets_.empty()) throw RuntimeFailure("WorkbookWriter::addRow before addSheet");
    Sheet& sheet = sheets_.back();
    if (sheet.rows >= kMaxRows)
        throw InputError("sheet '" + sheet.name + "' would have more than Excel's " + std::to_string(kMaxRows)
                         + " rows: write fewer (or write CSV or HDF5)");
    appendRow(sheet, row, /*header=*/false);
}

void WorkbookWriter::appendRow(Sheet& sheet, const std::vector<SheetCell>& row, bool header)
{
    const std::string number = std::to_string(++sheet.rows);
    sheet.columns = std::max(sheet.columns, row.size());
    std::string& xml = sheet.xml;
    xml += "<row r=\"" + number + "\">";
    for (size_t c = 0; c < row.size(); ++c) {
        const std::string ref = spreadsheetColumnName(c) + number;
        if (const auto* value = std::get_if<double>(&row[c])) {
            if (!std::isfinite(*value)) continue; // no reading: an empty cell
            xml += "<c r=\"" + ref + "\"><v>" + formatDecimal(*value, 9, false) + "</v></c>";
        } else if (const auto* words = std::get_if<std::string>(&row[c])) {
            xml += "<c r=\"" + ref + "\" t=\"inlineStr\"" + (header ? " s=\"" + std::to_string(kHeaderStyle) + "\"" : std::string())
                + "><is><t xml:space=\"preserve\">" + escaped(*words) + "</t></is></c>";
        } else if (const auto* time = std::get_if<SheetTime>(&row[c])) {
            xml += "<c r=\"" + ref + "\" s=\"" + std::to_string(kTimeStyle) + "\"><v>" + formatDecimal(excelSerial(time->seconds), 10, true) + "</v></c>";
        }
    }
    xml += "</row>";
}

void WorkbookWriter::save(const std::string& path) const
{
    std::map<std::string, std::string> parts;
    const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    const std::string relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    std::string types = head + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
    std::string book = head + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"" + relations + "\"><sheets>";
    std::string bookRelations = head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    for (size_t i = 0; i < sheets_.size(); ++i) {
        const Sheet& sheet = sheets_[i];
        const std::string n = std::to_string(i + 1);
        types += "<Override PartName=\"/xl/worksheets/sheet" + n
            + ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
        book += "<sheet name=\"" + escaped(sheet.name) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
        bookRelations += "<Relationship Id=\"rId" + n + "\" Type=\"" + relations + "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
        // The header stays in view while scrolling; columns wide enough for a date and time.
        parts["xl/worksheets/sheet" + n + ".xml"] = head
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
              "<sheetViews><sheetView workbookViewId=\"0\"" + (i == 0 ? " tabSelected=\"1\"" : "") + ">"
              "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
              "<cols><col min=\"1\" max=\"" + std::to_string(std::max<size_t>(sheet.columns, 1)) + "\" width=\"19\" customWidth=\"1\"/></cols>"
              "<sheetData>" + sheet.xml + "</sheetData></worksheet>";
    }
    types += "</Types>";
    parts["[Content_Types].xml"] = types;
    parts["_rels/.rels"] = head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" + relations + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    parts["xl/workbook.xml"] = book + "</sheets></workbook>";
    parts["xl/_rels/workbook.xml.rels"] = bookRelations + "<Relationship Id=\"rIdStyles\" Type=\"" + relations
        + "/styles\" Target=\"styles.xml\"/></Relationships>";
    parts["xl/styles.xml"] = kStyles;

    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!z) throw RuntimeFailure(describeProblem(path, "cannot be written"));
    for (const auto& [name, bytes] : parts) {
        zip_source_t* source = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
        if (!source || zip_file_add(z, name.c_str(), source, ZIP_FL_OVERWRITE) < 0) {
            if (source) zip_source_free(source);
            zip_discard(z);
            throw RuntimeFailure(describeProblem(path, "cannot be written (" + name + ")"));
        }
    }
    if (zip_close(z) != 0) { // the buffers are read here, while `parts` still holds them
        const std::string why = zip_strerror(z);
        zip_discard(z);
        throw RuntimeFailure(describeProblem(path, "cannot be written: " + why));
    }
}

} // namespace himnet
