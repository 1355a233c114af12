// Excel workbooks (.xlsx), as planners keep their counts and speeds. Two were made by real
// spreadsheet programs from la-week's METR-LA readings (tests/data/workbooks/make-workbooks.sh):
// each must read as the published file does. Workbooks written here, part by part, cover what
// other writers do (inline text, left-out cells, prefixed XML, formulas, chart sheets) and what
// breaks (truncated, an .xls, an .ods, damaged parts), each refused with the file and the problem.
#include "refusals.h"
#include "himnet/dataset.h"
#include "himnet/dataset_summary.h"
#include "himnet/errors.h"
#include "test_paths.h"
#include "test_tensors.h"

#include <QtTest>

#include <zip.h>

#include <fstream>
#include <functional>
#include <set>
#include <map>

using namespace himnet;

namespace {

std::string workbookPath(const char* name) { return std::string(HIMNET_TEST_DATA_DIR) + "/workbooks/" + name; }

const Dataset& laWeek()
{
    static const Dataset d = loadDataset(testing::sharedPath("datasets/la-week/metr-la-week1.h5"));
    return d;
}

bool anyNoteContains(const Dataset& d, const std::string& text)
{
    return std::any_of(d.notes.begin(), d.notes.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

/// Writes a zip archive of `members` (name → bytes) at `path`.
void writeZip(const std::string& path, const std::map<std::string, std::string>& members)
{
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    QVERIFY(z);
    for (const auto& [name, bytes] : members) {
        zip_source_t* source = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
        QVERIFY(source && zip_file_add(z, name.c_str(), source, ZIP_FL_OVERWRITE) >= 0);
    }
    QCOMPARE(zip_close(z), 0); // copies the buffers, which `members` still holds
}

constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

struct SheetSpec {
    std::string name, sheetData; ///< sheetData: the <row> elements
    bool chart = false;          ///< a chart sheet, which holds no cells
};

/// The parts of a workbook as Excel lays them out; `prefix` ("x:") writes its elements with a
/// namespace prefix, as some writers do.
std::map<std::string, std::string> workbookParts(const std::vector<SheetSpec>& sheets, const std::string& sharedStrings = {},
                                                 const std::string& styles = {}, const std::string& prefix = {})
{
    const std::string p = prefix, ns = prefix.empty() ? std::string("xmlns") : "xmlns:" + prefix.substr(0, prefix.size() - 1);
    std::map<std::string, std::string> parts;
    parts["[Content_Types].xml"] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
    parts["_rels/.rels"] = std::string("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        + "<Relationship Id=\"rId1\" Type=\"" + kRelations + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    std::string book = "<?xml version=\"1.0\"?><" + p + "workbook " + ns + "=\"" + kMain + "\" xmlns:r=\"" + kRelations + "\"><" + p + "sheets>";
    std::string rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    for (size_t i = 0; i < sheets.size(); ++i) {
        const std::string id = "rId" + std::to_string(i + 1), folder = sheets[i].chart ? "chartsheets" : "worksheets";
        const std::string file = folder + "/sheet" + std::to_string(i + 1) + ".xml";
        book += "<" + p + "sheet name=\"" + sheets[i].name + "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"" + id + "\"/>";
        rels += "<Relationship Id=\"" + id + "\" Type=\"" + kRelations + (sheets[i].chart ? "/chartsheet" : "/worksheet") + "\" Target=\"" + file + "\"/>";
        parts["xl/" + file] = sheets[i].chart
            ? "<?xml version=\"1.0\"?><chartsheet xmlns=\"" + std::string(kMain) + "\"/>"
            : "<?xml version=\"1.0\"?><" + p + "worksheet " + ns + "=\"" + kMain + "\"><" + p + "sheetData>" + sheets[i].sheetData + "</" + p
                + "sheetData></" + p + "worksheet>";
    }
    book += "</" + p + "sheets></" + p + "workbook>";
    if (!sharedStrings.empty()) {
        rels += std::string("<Relationship Id=\"rIdS\" Type=\"") + kRelations + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
        parts["xl/sharedStrings.xml"] = "<?xml version=\"1.0\"?><sst xmlns=\"" + std::string(kMain) + "\">" + sharedStrings + "</sst>";
    }
    if (!styles.empty()) {
        rels += std::string("<Relationship Id=\"rIdT\" Type=\"") + kRelations + "/styles\" Target=\"/xl/styles.xml\"/>"; // absolute
        parts["xl/styles.xml"] = "<?xml version=\"1.0\"?><styleSheet xmlns=\"" + std::string(kMain) + "\">" + styles + "</styleSheet>";
    }
    parts["xl/workbook.xml"] = book;
    parts["xl/_rels/workbook.xml.rels"] = rels + "</Relationships>";
    return parts;
}

std::string inlineText(const std::string& cell, const std::string& text) { return "<c r=\"" + cell + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>"; }
std::string number(const std::string& cell, const std::string& value, int style = 0)
{
    return "<c r=\"" + cell + "\"" + (style ? " s=\"" + std::to_string(style) + "\"" : "") + "><v>" + value + "</v></c>";
}

/// The XML of reading (t, n) at cell `ref`, or "" to leave the cell out.
using CellWriter = std::function<std::string(int t, int n, const std::string& ref)>;

/// Six 5-minute steps of three sensors, a timestamp column as text; reading (t, n) = 50 + 10 t
/// + n unless `cell` writes it otherwise; `blankRowAfter`: a step followed by a formatted row
/// with no value; `headerRow`: the sheet row of the header.
std::string smallSeriesRows(const std::string& prefix = {}, const CellWriter& cell = {}, int blankRowAfter = -1, int headerRow = 1)
{
    const std::string h = std::to_string(headerRow);
    std::string rows = "<" + prefix + "row r=\"" + h + "\">" + inlineText("A" + h, "timestamp") + inlineText("B" + h, "101")
        + inlineText("C" + h, "102") + inlineText("D" + h, "103") + "</" + prefix + "row>";
    int sheetRow = headerRow;
    for (int t = 0; t < 6; ++t) {
        const std::string r = std::to_string(++sheetRow);
        rows += "<" + prefix + "row r=\"" + r + "\">" + inlineText("A" + r, "2024-05-06 08:" + std::string(t < 2 ? "0" : "") + std::to_string(5 * t) + ":00");
        for (int n = 0; n < 3; ++n) {
            const std::string ref = std::string(1, char('B' + n)) + r;
            rows += cell ? cell(t, n, ref) : number(ref, std::to_string(50 + 10 * t + n));
        }
        rows += "</" + prefix + "row>";
        if (t == blankRowAfter) {
            const std::string blank = std::to_string(++sheetRow);
            rows += "<" + prefix + "row r=\"" + blank + "\" ht=\"20\"><" + prefix + "c r=\"A" + blank + "\" s=\"3\"/></" + prefix + "row>";
        }
    }
    return rows;
}

void checkSmallSeries(const Dataset& d)
{
    QCOMPARE(d.numNodes, int64_t(3));
    QCOMPARE(d.numSteps, int64_t(6));
    QCOMPARE(d.sensorIds, (std::vector<std::string>{"101", "102", "103"}));
    QCOMPARE(formatTimestamp(d.timestamps.front()), std::string("2024-05-06 08:00:00"));
    QCOMPARE(d.intervalSeconds, int64_t(300));
}

std::string writeWorkbook(const QTemporaryDir& dir, const std::map<std::string, std::string>& parts, const char* name = "book.xlsx")
{
    const std::string path = dir.filePath(QString::fromLatin1(name)).toStdString();
    writeZip(path, parts);
    return path;
}

} // namespace

class TestExcelWorkbooks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // LibreOffice Calc's workbook: one column per sensor, timestamps as date cells (a custom
    // date format), readings Calc left blank missing. It reads as the published HDF5 file.
    void calcWorkbookReadsAsThePublishedFile()
    {
        const Dataset d = loadDataset(workbookPath("la-day-wide.xlsx"));
        const Dataset& week = laWeek();
        QCOMPARE(d.format, std::string("wide-xlsx"));
        QCOMPARE(d.sheet, std::string("la-day-wide"));
        QCOMPARE(d.sensorIds, week.sensorIds);
        QCOMPARE(d.numSteps, int64_t(288));
        QVERIFY(d.timeAxisInFiles);
        QVERIFY(std::equal(d.timestamps.begin(), d.timestamps.end(), week.timestamps.begin()));
        int64_t missing = 0;
        for (int64_t t = 0; t < d.numSteps; ++t)
            for (int64_t n = 0; n < d.numNodes; ++n) {
                const bool planted = (t * d.numNodes + n) % 37 == 0;
                QCOMPARE(d.isMissing(t, n), planted);
                missing += planted;
                if (!planted) QCOMPARE(d.value(t, n), week.value(t, n));
            }
        QCOMPARE(missing, int64_t(288 * 207 + 36) / 37);
        QVERIFY(!anyNoteContains(d, "several sheets")); // a workbook of one sheet has no choice to mention
    }

    // openpyxl's workbook: a long table on a sheet "Speeds" with dates in the 1904 system and
    // #N/A error cells, the detectors' coordinates on a sheet "Locations". The series, its
    // missing readings and the map all come from the one file.
    void longTableWorkbookWithItsLocationsSheet()
    {
        const Dataset d = loadDataset(workbookPath("la-long-1904.xlsx"));
        const Dataset& week = laWeek();
        const Dataset located = loadDataset(testing::sharedPath("datasets/la-week"));
        QCOMPARE(d.format, std::string("long-xlsx"));
        QCOMPARE(d.sheet, std::string("Speeds"));
        QCOMPARE(d.sheets, (std::vector<std::string>{"Speeds", "Locations"}));
        QCOMPARE(d.valueColumn, std::string("Speed (mph)"));
        QCOMPARE(d.unit, std::string("mph"));
        QCOMPARE(d.numSteps, int64_t(24));
        QCOMPARE(formatTimestamp(d.timestamps.front()), std::string("2012-03-01 00:00:00")); // not 1904 + 4 years
        QVERIFY(std::equal(d.timestamps.begin(), d.timestamps.end(), week.timestamps.begin()));
        QVERIFY(d.hasLocations());
        for (int64_t n = 0; n < d.numNodes; ++n) {
            const int64_t w = week.indexOf(d.sensorIds[n]);
            QVERIFY(w >= 0);
            QCOMPARE(d.locations[n].latitude, located.locations[located.indexOf(d.sensorIds[n])].latitude);
            for (int64_t t = 0; t < d.numSteps; ++t) {
                const bool errorCell = (t * week.numNodes + w) % 41 == 0; // written as #N/A
                QCOMPARE(d.isMissing(t, n), errorCell);
                if (!errorCell) QCOMPARE(d.value(t, n), week.value(t, w));
            }
        }
        QVERIFY(anyNoteContains(d, "several sheets (Speeds, Locations): read 'Speeds'"));
        QVERIFY(anyNoteContains(d, "the sensors' coordinates from sheet 'Locations'"));
        const DatasetSummary summary = summarizeDataset(d);
        QVERIFY(toText(summary).find("sheet         Speeds (of 2)") != std::string::npos);
        QVERIFY(toJson(summary).find("\"sheet\": \"Speeds\"") != std::string::npos);

        // Another value column, and the other sheet read as a table of its own.
        LoadOptions volume;
        volume.valueColumn = "Volume";
        const Dataset volumes = loadDataset(workbookPath("la-long-1904.xlsx"), volume);
        QCOMPARE(volumes.value(3, 0), float(int(week.value(3, week.indexOf(volumes.sensorIds[0])) * 7)));
        LoadOptions locationsSheet;
        locationsSheet.sheet = "Locations";
        const Dataset asSeries = loadDataset(workbookPath("la-long-1904.xlsx"), locationsSheet);
        QCOMPARE(asSeries.sheet, std::string("Locations"));
        QCOMPARE(asSeries.numSteps, int64_t(207));
        QCOMPARE(loadDataset(workbookPath("la-long-1904.xlsx#Locations")).numSteps, int64_t(207));
    }

    // What other writers do, each read as the same six steps of three sensors.
    void writersVariantsRead_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::newRow("inline text, numbers") << "plain";
        QTest::newRow("elements with a namespace prefix") << "prefixed";
        QTest::newRow("a chart sheet first") << "chart first";
        QTest::newRow("shared strings, rich text, phonetic runs") << "shared";
        QTest::newRow("date cells, built-in format 22") << "dates";
        QTest::newRow("date cells, custom format with text") << "custom dates";
        QTest::newRow("rows and cells left out") << "sparse";
        QTest::newRow("formulas, errors") << "formulas";
        QTest::newRow("a title above the table") << "title";
        QTest::newRow("date cells and time cells in two columns") << "date and time";
    }

    void writersVariantsRead()
    {
        QFETCH(QString, variant);
        QTemporaryDir dir;
        std::map<std::string, std::string> parts;
        if (variant == "plain") parts = workbookParts({{"Readings", smallSeriesRows()}});
        if (variant == "prefixed") parts = workbookParts({{"Readings", smallSeriesRows("x:")}}, {}, {}, "x:");
        if (variant == "chart first") parts = workbookParts({{"Chart", {}, true}, {"Readings", smallSeriesRows()}});
        if (variant == "shared") {
            // "Time" in two runs, then the three ids, one with a phonetic reading that is not part of it.
            std::string rows = smallSeriesRows();
            rows.replace(rows.find(inlineText("A1", "timestamp")), inlineText("A1", "timestamp").size(), "<c r=\"A1\" t=\"s\"><v>0</v></c>");
            rows.replace(rows.find(inlineText("C1", "102")), inlineText("C1", "102").size(), "<c r=\"C1\" t=\"s\"><v>1</v></c>");
            parts = workbookParts({{"Readings", rows}}, "<si><r><t>time</t></r><r><t>stamp</t></r></si><si><t>102</t><rPh sb=\"0\" eb=\"1\"><t>ヒ</t></rPh></si>");
        }
        if (variant == "dates" || variant == "custom dates") {
            // Timestamps as serial numbers: 45418 is 2024-05-06, 08:00 is 1/3 of a day.
            std::string rows = "<row r=\"1\">" + inlineText("A1", "Time") + inlineText("B1", "101") + inlineText("C1", "102") + inlineText("D1", "103") + "</row>";
            for (int t = 0; t < 6; ++t) {
                const std::string r = std::to_string(t + 2);
                char serial[32];
                std::snprintf(serial, sizeof serial, "%.12g", 45418.0 + (8 * 60 + 5 * t) / 1440.0);
                rows += "<row r=\"" + r + "\">" + number("A" + r, serial, 1);
                for (int n = 0; n < 3; ++n) rows += number(std::string(1, char('B' + n)) + r, std::to_string(50 + 10 * t + n), 2);
                rows += "</row>";
            }
            const std::string styles = variant == "dates"
                ? "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"22\"/><xf numFmtId=\"2\"/></cellXfs>"
                : "<numFmts><numFmt numFmtId=\"164\" formatCode=\"[$-409]dd/mm/yyyy\\ h:mm&quot; UTC&quot;\"/>"
                  "<numFmt numFmtId=\"165\" formatCode=\"0.0&quot; mph&quot;\"/></numFmts>"
                  "<cellStyleXfs><xf numFmtId=\"164\"/></cellStyleXfs><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs>";
            parts = workbookParts({{"Readings", rows}}, {}, styles);
        }
        if (variant == "sparse") {
            // Excel leaves out empty cells and rows: the last sensor's reading at step 2 is left
            // out, the middle one's at step 4 is a cell with a style and no value, and a row
            // with no value falls between steps 2 and 3.
            parts = workbookParts({{"Readings", smallSeriesRows({}, [](int t, int n, const std::string& ref) {
                                        if (t == 2 && n == 2) return std::string();
                                        if (t == 4 && n == 1) return "<c r=\"" + ref + "\" s=\"0\"/>";
                                        return number(ref, std::to_string(50 + 10 * t + n));
                                    }, 2)}});
        }
        if (variant == "formulas") {
            // A formula with its stored result, one without (not calculated since), an #N/A.
            parts = workbookParts({{"Readings", smallSeriesRows({}, [](int t, int n, const std::string& ref) {
                                        const std::string value = std::to_string(50 + 10 * t + n);
                                        if (t == 1 && n == 0) return "<c r=\"" + ref + "\"><f>B2+10</f><v>" + value + "</v></c>";
                                        if (t == 2 && n == 1) return "<c r=\"" + ref + "\"><f>C3+10</f></c>";
                                        if (t == 3 && n == 2) return "<c r=\"" + ref + "\" t=\"e\"><v>#N/A</v></c>";
                                        return number(ref, value);
                                    })}});
        }
        if (variant == "title") // a title in A1 (bold, merged across in Excel), a blank row, then the table
            parts = workbookParts({{"Readings", "<row r=\"1\">" + inlineText("A1", "Loop speeds, corridor 7") + "</row>"
                                                    + smallSeriesRows({}, [](int t, int n, const std::string& ref) { // the last cell of a row left out
                                                          return t == 5 && n == 2 ? std::string() : number(ref, std::to_string(50 + 10 * t + n));
                                                      }, -1, 3)}});
        if (variant == "date and time") {
            // Column A: dates (built-in format 14, m/d/yyyy), column B: times of day (20, h:mm),
            // as Excel keeps them when a sheet has a Date and a Time column.
            std::string rows = "<row r=\"1\">" + inlineText("A1", "Date") + inlineText("B1", "Time") + inlineText("C1", "101")
                + inlineText("D1", "102") + inlineText("E1", "103") + "</row>";
            for (int t = 0; t < 6; ++t) {
                const std::string r = std::to_string(t + 2);
                char clock[32];
                std::snprintf(clock, sizeof clock, "%.12g", (8 * 60 + 5 * t) / 1440.0);
                rows += "<row r=\"" + r + "\">" + number("A" + r, "45418", 1) + number("B" + r, clock, 2);
                for (int n = 0; n < 3; ++n) rows += number(std::string(1, char('C' + n)) + r, std::to_string(50 + 10 * t + n));
                rows += "</row>";
            }
            parts = workbookParts({{"Readings", rows}}, {}, "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"20\"/></cellXfs>");
        }
        const Dataset d = loadDataset(writeWorkbook(dir, parts));
        checkSmallSeries(d);
        QCOMPARE(anyNoteContains(d, "the title above the table left out: \"Loop speeds, corridor 7\""), variant == "title");
        QCOMPARE(d.sheet, std::string("Readings"));
        std::set<std::pair<int, int>> missing;
        if (variant == "sparse") missing = {{2, 2}, {4, 1}};
        if (variant == "formulas") missing = {{2, 1}, {3, 2}};
        if (variant == "title") missing = {{5, 2}};
        for (int t = 0; t < 6; ++t)
            for (int n = 0; n < 3; ++n) {
                QCOMPARE(d.isMissing(t, n), missing.count({t, n}) == 1);
                if (!d.isMissing(t, n)) QCOMPARE(d.value(t, n), float(50 + 10 * t + n));
            }
    }

    // Broken or foreign files are refused with the file and the problem named.
    void badWorkbooksAreRefused_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << "truncated" << "la-day-wide.xlsx: not a readable Excel workbook (an .xlsx file is a zip archive; this one may be truncated)";
        QTest::newRow("an .xls renamed") << "xls" << "Excel 97-2003 workbook (.xls) or a password-protected one";
        QTest::newRow("an .ods renamed") << "ods" << "is an OpenDocument spreadsheet (.ods), not an Excel workbook";
        QTest::newRow("a zip of something else") << "zip" << "is a zip archive but not an Excel workbook";
        QTest::newRow("no worksheet") << "charts only" << "the workbook has no worksheet";
        QTest::newRow("empty sheet") << "empty" << "sheet 'Readings' is empty";
        QTest::newRow("malformed XML") << "malformed" << "'xl/worksheets/sheet1.xml' is not well-formed XML (line 1";
        QTest::newRow("damaged shared text") << "shared index" << "cell A1 refers to text 7 of the workbook's 1 (the file is damaged)";
        QTest::newRow("a sheet it does not have") << "unknown sheet" << "has no sheet 'Counts' (its sheets: Readings)";
        QTest::newRow("a sheet of a CSV file") << "sheet of csv" << "is not an Excel workbook, so there is no sheet 'Counts' to choose";
        QTest::newRow("an .xls by name") << "xls name" << "old.xls: is an older Excel or an OpenDocument spreadsheet";
    }

    void badWorkbooksAreRefused()
    {
        QFETCH(QString, variant);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        std::string path;
        LoadOptions options;
        if (variant == "truncated") {
            std::ifstream in(workbookPath("la-day-wide.xlsx"), std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            path = dir.filePath(QStringLiteral("la-day-wide.xlsx")).toStdString();
            std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        } else if (variant == "xls" || variant == "xls name") {
            path = dir.filePath(variant == "xls" ? QStringLiteral("book.xlsx") : QStringLiteral("old.xls")).toStdString();
            std::ofstream(path, std::ios::binary) << std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) << std::string(504, '\0');
        } else if (variant == "ods") {
            path = writeWorkbook(dir, {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", "<office:document-content/>"}});
        } else if (variant == "zip") {
            path = writeWorkbook(dir, {{"readme.txt", "not a workbook"}});
        } else if (variant == "charts only") {
            path = writeWorkbook(dir, workbookParts({{"Chart", {}, true}}));
        } else if (variant == "empty") {
            path = writeWorkbook(dir, workbookParts({{"Readings", "<row r=\"1\"><c r=\"A1\" s=\"2\"/></row>"}}));
        } else if (variant == "malformed") {
            path = writeWorkbook(dir, workbookParts({{"Readings", "<row r=\"1\"><c r=\"A1\"><v>1</c></row>"}}));
        } else if (variant == "shared index") {
            path = writeWorkbook(dir, workbookParts({{"Readings", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>"}}, "<si><t>time</t></si>"));
        } else if (variant == "unknown sheet" || variant == "sheet of csv") {
            path = variant == "unknown sheet" ? writeWorkbook(dir, workbookParts({{"Readings", smallSeriesRows()}}))
                                              : testing::sharedPath("datasets/la-week/los_speed.csv");
            options.sheet = "Counts";
        }
        const QString wrong = testing::refusalMismatch([&] { loadDataset(path, options); },
                                                       {expected, QFileInfo(QString::fromStdString(path)).fileName()});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // A workbook's sheets are told apart by name as a folder's files are: "Adjusted speeds" is
    // a series, not an adjacency matrix; "Detector locations" draws the map, wherever it stands.
    void sheetsAreToldApartByName()
    {
        QTemporaryDir dir;
        std::string locations = "<row r=\"1\">" + inlineText("A1", "Detector") + inlineText("B1", "Latitude") + inlineText("C1", "Longitude") + "</row>";
        for (int n = 0; n < 3; ++n) {
            const std::string r = std::to_string(n + 2);
            locations += "<row r=\"" + r + "\">" + number("A" + r, std::to_string(101 + n)) + number("B" + r, "34." + std::to_string(n))
                + number("C" + r, "-118." + std::to_string(n)) + "</row>";
        }
        const Dataset d = loadDataset(writeWorkbook(dir, workbookParts({{"Detector locations", locations}, {"Adjusted speeds", smallSeriesRows()}})));
        checkSmallSeries(d);
        QCOMPARE(d.sheet, std::string("Adjusted speeds"));
        QVERIFY(d.hasLocations());
        QCOMPARE(d.locations[2].latitude, 34.2);
        QVERIFY(d.edges.empty());
    }

    // A folder of exports: the workbook is the series, its "Locations" sheet the map, unless a
    // locations file is there too; Excel's lock file beside an open workbook is passed over.
    void folderWithAWorkbook()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(QString::fromStdString(workbookPath("la-long-1904.xlsx")), dir.filePath(QStringLiteral("speeds.xlsx"))));
        std::ofstream(dir.filePath(QStringLiteral("~$speeds.xlsx")).toStdString()) << "locked by someone";
        const Dataset d = loadDataset(dir.path().toStdString());
        QCOMPARE(d.format, std::string("long-xlsx"));
        QVERIFY(d.hasLocations());
        QVERIFY(anyNoteContains(d, "coordinates from sheet 'Locations'"));
        {
            std::ofstream out(dir.filePath(QStringLiteral("detector_locations.csv")).toStdString());
            out << "Detector ID,Latitude,Longitude\n";
            for (const auto& id : d.sensorIds) out << id << ",34.0,-118.0\n";
        }
        const Dataset withFile = loadDataset(dir.path().toStdString());
        QCOMPARE(withFile.locations.front().latitude, 34.0); // the file wins over the sheet
        QVERIFY(!anyNoteContains(withFile, "coordinates from sheet"));
    }
};

QTEST_MAIN(TestExcelWorkbooks)
#include "test_excel_workbooks.moc"
