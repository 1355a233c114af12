// One large CSV file (a month of a district exported as one table, long or wide) read in
// blocks of whole lines, each parsed on a core of its own: it must read exactly as the file read
// in one piece, in every way a file is written (CRLF, a byte-order mark, blank lines, gzip, no
// last line break, quoted fields holding line breaks, UTF-16), and what it cannot read must be named by
// its row in the file. Built from la-week's real METR-LA readings.
#include "data/series_readers.h"
#include "data/text_table.h"
#include "export_fixtures.h"
#include "pems_fixtures.h"
#include "refusals.h"
#include "himnet/dataset.h"
#include "himnet/errors.h"

#include <QtTest>

#include <atomic>
#include <filesystem>
#include <limits>
#include <sstream>

using namespace himnet;
using namespace himnet::testing;

namespace {

constexpr size_t kInOnePiece = std::numeric_limits<size_t>::max();

/// la-week's first `steps` steps at its first `nodes` sensors as a long table, a missing
/// reading blank and one reading in 61 left out, as exports do; written as `variant` says: "plain", "crlf", "bom", "blank lines", "no last line break", "quoted" (a
/// comment column whose quoted text holds line breaks and commas).
std::string longTableText(const std::string& variant, int64_t steps = 96, int64_t nodes = 40)
{
    const Dataset& d = laWeek();
    const std::string eol = variant == "crlf" ? "\r\n" : "\n";
    const bool quoted = variant == "quoted";
    std::ostringstream out;
    if (variant == "bom") out << "\xEF\xBB\xBF";
    out << "timestamp,detector,speed" << (quoted ? ",comment" : "") << eol;
    for (int64_t t = 0; t < steps; ++t) {
        if (variant == "blank lines" && t % 7 == 3) out << eol << eol;
        for (int64_t n = 0; n < nodes; ++n) {
            if ((t * nodes + n) % 61 == 5) continue;
            out << formatTimestamp(d.timestamps[t]) << ',' << d.sensorIds[n] << ',';
            if (!d.isMissing(t, n)) out << d.value(t, n);
            if (quoted) out << (n % 3 == 0 ? ",\"checked,\nby hand\r\nat the cabinet\"" : ",\"\"");
            out << eol;
        }
    }
    std::string text = out.str();
    if (variant == "no last line break") text.pop_back();
    return text;
}

/// la-week's first `steps` steps at its first `nodes` sensors as a wide table, a missing reading
/// blank; written as `variant` says: "plain", "crlf", "blank lines", "no last line break",
/// "quoted" (every field), "empty columns" (two after the last sensor, as spreadsheets save).
std::string wideTableText(const std::string& variant, int64_t steps = 300, int64_t nodes = 20)
{
    const Dataset& d = laWeek();
    const std::string eol = variant == "crlf" ? "\r\n" : "\n";
    const std::string quote = variant == "quoted" ? "\"" : "";
    const std::string after = variant == "empty columns" ? ",," : "";
    std::ostringstream out;
    out << quote << "timestamp" << quote;
    for (int64_t n = 0; n < nodes; ++n) out << ',' << quote << d.sensorIds[n] << quote;
    out << after << eol;
    for (int64_t t = 0; t < steps; ++t) {
        if (variant == "blank lines" && t % 11 == 4) out << eol;
        out << quote << formatTimestamp(d.timestamps[t]) << quote;
        for (int64_t n = 0; n < nodes; ++n) {
            out << ',';
            if (!d.isMissing(t, n)) out << quote << d.value(t, n) << quote;
        }
        out << after << eol;
    }
    std::string text = out.str();
    if (variant == "no last line break") text.erase(text.size() - eol.size());
    return text;
}

std::string writeTable(const QTemporaryDir& dir, const std::string& name, const std::string& text)
{
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    writeFileMaybeGzipped(path, text);
    return path;
}

/// The long table at `path` read as readTableSeries reads it, in blocks of `blockBytes`.
SeriesData readLong(const std::string& path, size_t blockBytes, const std::function<bool(const std::vector<std::string>&, size_t)>& keepRow = {})
{
    const TextTable head = readTextTable(path, 2);
    const std::optional<LongTableLayout> layout = longTableLayout(head);
    if (!layout) throw std::logic_error("not a long table: " + path);
    LongTableFiles files;
    files.paths = {path};
    files.header = head.rows.front();
    files.headerRow = head.rowNumbers.front();
    files.firstRow = head.rows[1];
    files.blockBytes = blockBytes;
    files.keepRow = keepRow;
    SeriesData s;
    readLongTableFiles(files, *layout, std::string("speed"), DateOrder::Unstated, s);
    return s;
}

/// The wide table at `path` read as readTableSeries reads it, in blocks of `blockBytes`.
SeriesData readWide(const std::string& path, size_t blockBytes)
{
    return readWideTable(readTextTable(path, 2), DateOrder::Unstated, blockBytes);
}

/// What is wrong with `inBlocks` against `whole`, the same file read in one piece: empty when
/// both give the same series, with missing cells.
QString differenceFrom(const SeriesData& whole, const SeriesData& inBlocks)
{
    if (inBlocks.sensorIds != whole.sensorIds) return QStringLiteral("other sensors");
    if (inBlocks.timestamps != whole.timestamps) return QStringLiteral("other times");
    if (inBlocks.values != whole.values) return QStringLiteral("other values");
    if (inBlocks.emptyCells != whole.emptyCells) return QStringLiteral("other missing cells");
    if (whole.emptyCells.empty()) return QStringLiteral("no missing cells in one piece either (la-week's planted ones)");
    if (inBlocks.notes != whole.notes) return QStringLiteral("other notes");
    if (inBlocks.headerRows != whole.headerRows) return QStringLiteral("other header rows");
    return {};
}

/// The message of what `read` throws, or an empty text.
QString refusalOf(const std::function<void()>& read)
{
    const std::optional<InputError> error = thrownBy(read);
    return error ? QString::fromUtf8(error->what()) : QString();
}

} // namespace

class TestTableBlocks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The blocks, put back together, are the file's text (less a byte-order mark, UTF-16 made
    // UTF-8); each but the last
    // ends with a line break, and they hold the rows the file does, numbered as forEachTableRow
    // numbers them.
    void blocksHoldTheWholeFile_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("blockBytes");
        for (const char* variant : {"plain", "crlf", "bom", "blank lines", "no last line break", "quoted", "utf-16"}) {
            QTest::addRow("%s, blocks of 1000 bytes", variant) << variant << "table.csv" << 1000;
            QTest::addRow("%s, gzipped, blocks of 777 bytes", variant) << variant << "table.csv.gz" << 777;
        }
        QTest::newRow("blocks shorter than a line") << "quoted" << "table.csv" << 10;
        QTest::newRow("utf-16, blocks of an odd number of bytes") << "utf-16" << "table.csv" << 333;
    }

    void blocksHoldTheWholeFile()
    {
        QFETCH(QString, variant);
        QFETCH(QString, name);
        QFETCH(int, blockBytes);
        QTemporaryDir dir;
        std::string text = longTableText(variant.toStdString());
        const std::string path = writeTable(dir, name.toStdString(), variant == "utf-16" ? utf16Of(text, true, true) : text);
        if (variant == "bom") text.erase(0, 3);
        size_t rowsInOnePiece = 0;
        forEachTableRow(path, [&](std::vector<std::string>&, size_t number) {
            rowsInOnePiece = number;
            return true;
        });

        TableBlocks blocks(path, static_cast<size_t>(blockBytes));
        std::string whole, block;
        size_t count = 0, rows = 0, insideRows = 0;
        bool lastSeen = false;
        while (blocks.next(block)) {
            QVERIFY2(!lastSeen, "a block after the last");
            lastSeen = blocks.atEnd();
            if (!blocks.atEnd()) QCOMPARE(block.back(), '\n');
            const BlockRows read = forEachRowOfBlock(path, block, blocks.delimiter(), blocks.atEnd(), [](std::vector<std::string>&, size_t) { return true; });
            rows += read.rows;
            insideRows += read.endsInsideRow;
            whole += block;
            ++count;
        }
        QCOMPARE(whole.size(), text.size());
        QVERIFY(whole == text);
        QVERIFY2(count > 10, qPrintable(QString::number(count)));
        QCOMPARE(blocks.delimiter(), static_cast<unsigned char>(','));
        if (variant == "quoted") QVERIFY(insideRows > 0); // some cuts fall inside the comments' line breaks
        else {
            QCOMPARE(insideRows, size_t{0});
            QCOMPARE(rows, rowsInOnePiece);
        }
    }

    // Read in blocks on every core, a long table gives the series it gives in one piece: the
    // same sensors, times, values, missing cells and notes. A quoted line break cut across is
    // found, and the file read again in one piece.
    void readingInBlocksChangesNothing_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("blockBytes");
        for (const char* variant : {"plain", "crlf", "bom", "blank lines", "no last line break", "quoted", "utf-16"})
            QTest::addRow("%s", variant) << variant << "table.csv" << 1500;
        QTest::newRow("gzipped") << "plain" << "table.csv.gz" << 1500;
        QTest::newRow("blocks of one line") << "plain" << "table.csv" << 1;
    }

    void readingInBlocksChangesNothing()
    {
        QFETCH(QString, variant);
        QFETCH(QString, name);
        QFETCH(int, blockBytes);
        QTemporaryDir dir;
        const std::string text = longTableText(variant.toStdString());
        const std::string path = writeTable(dir, name.toStdString(), variant == "utf-16" ? utf16Of(text, true, true) : text);
        const SeriesData whole = readLong(path, kInOnePiece);
        const SeriesData inBlocks = readLong(path, static_cast<size_t>(blockBytes));
        QCOMPARE(inBlocks.steps, int64_t{96});
        QCOMPARE(inBlocks.nodes, int64_t{40});
        const QString difference = differenceFrom(whole, inBlocks);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        const Dataset& d = laWeek();
        QCOMPARE(inBlocks.values[5 * 40 + 7], d.value(5, 7));
    }

    // A row that cannot be read, however far into the file, is named by its row in the file,
    // as the file read in one piece names it.
    void aBadRowIsNamedByItsRowInTheFile_data()
    {
        QTest::addColumn<QString>("bad");     // what replaces a row
        QTest::addColumn<int>("row");         // which, counted as the file's rows are (header: 1)
        QTest::addColumn<QString>("problem");
        QTest::newRow("text as a reading") << "2012-03-01 05:00:00,773869,fast" << 2500 << "row 2500, column 'speed': 'fast' is not a number";
        QTest::newRow("no sensor id") << "2012-03-01 05:00:00,,61" << 3001 << "row 3001, column 'detector': no sensor id";
        QTest::newRow("too few fields") << "2012-03-01 05:00:00" << 1999 << "row 1999 has 1 field, the header has 3";
        QTest::newRow("a reading given twice") << "" << 3500 << "rows 2 and 3500 both give sensor";
        QTest::newRow("a time that is none") << "yesterday,773869,61" << 3700 << "row 3700, column 'timestamp': cannot read 'yesterday' as a time";
    }

    void aBadRowIsNamedByItsRowInTheFile()
    {
        QFETCH(QString, bad);
        QFETCH(int, row);
        QFETCH(QString, problem);
        std::vector<std::string> lines; // blank ones too, which the file's row numbers do not count
        std::istringstream in(longTableText("blank lines"));
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        std::vector<size_t> lineOfRow; // rows numbered from 1: the header
        for (size_t i = 0; i < lines.size(); ++i)
            if (!lines[i].empty()) lineOfRow.push_back(i);
        lines[lineOfRow[static_cast<size_t>(row - 1)]] = bad.isEmpty() ? lines[lineOfRow[1]] : bad.toStdString();
        std::string edited;
        for (const auto& line : lines) edited += line + "\n";
        QTemporaryDir dir;
        const std::string path = writeTable(dir, "table.csv", edited);
        const QString inOnePiece = refusalOf([&] { readLong(path, kInOnePiece); });
        const QString inBlocks = refusalOf([&] { readLong(path, 2000); });
        QVERIFY2(inOnePiece.contains(problem), qPrintable(inOnePiece));
        QCOMPARE(inBlocks, inOnePiece);
    }

    // Every row kept or left out goes through keepRow once, each reader calling with its own
    // index; what it leaves out is not read.
    void everyRowIsShownToKeepRowOnce()
    {
        QTemporaryDir dir;
        const std::string path = writeTable(dir, "table.csv", longTableText("plain"));
        std::vector<std::atomic<int>> shownTo(tableReaderThreads());
        std::atomic<bool> readerOutOfRange{false};
        const SeriesData s = readLong(path, 1000, [&](const std::vector<std::string>& row, size_t reader) {
            if (reader >= shownTo.size()) readerOutOfRange = true;
            else ++shownTo[reader];
            return row[1] != "773869"; // la-week's first sensor
        });
        QVERIFY(!readerOutOfRange);
        int shown = 0;
        for (const auto& count : shownTo) shown += count;
        QCOMPARE(shown, 96 * 40 - 63); // less the readings left out
        QCOMPARE(s.nodes, int64_t{39});
        QVERIFY(std::find(s.sensorIds.begin(), s.sensorIds.end(), "773869") == s.sensorIds.end());
    }

    // A wide table read in blocks gives the series it gives in one piece.
    void wideTablesReadInBlocksAsInOnePiece_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("name");
        for (const char* variant : {"plain", "crlf", "blank lines", "no last line break", "quoted", "empty columns"})
            QTest::addRow("%s", variant) << variant << "wide.csv";
        QTest::newRow("gzipped") << "plain" << "wide.csv.gz";
    }

    void wideTablesReadInBlocksAsInOnePiece()
    {
        QFETCH(QString, variant);
        QFETCH(QString, name);
        QTemporaryDir dir;
        const std::string path = writeTable(dir, name.toStdString(), wideTableText(variant.toStdString()));
        const SeriesData whole = readWide(path, kInOnePiece);
        const SeriesData inBlocks = readWide(path, 1500);
        QCOMPARE(inBlocks.steps, int64_t{300});
        QCOMPARE(inBlocks.nodes, int64_t{20});
        const QString difference = differenceFrom(whole, inBlocks);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(inBlocks.values[250 * 20 + 13], laWeek().isMissing(250, 13) ? 0.0f : laWeek().value(250, 13));
    }

    // What is wrong with a wide table is refused, read in blocks, as in one piece: the first
    // in the order of its rows, named by its row in the file.
    void aBadWideRowIsNamedByItsRowInTheFile_data()
    {
        QTest::addColumn<QString>("rows");    // what replaces a row ("5=…") or a field ("5.3=…"), separated by '|'
        QTest::addColumn<QString>("problem");
        QTest::newRow("a word") << "250.3=fast" << "row 250, column 3: 'fast' is not a number";
        QTest::newRow("a time before a word") << "120.1=yesterday|250.3=fast" << "row 120, column 1: cannot read 'yesterday' as a time";
        QTest::newRow("a short row") << "200=2012-03-01 16:35:00,61" << "row 200 has 2 fields, the header has 21";
        QTest::newRow("a row of a time alone") << "210=2012-03-01 17:25:00" << "row 210 has 1 field, the header has 21";
        QTest::newRow("a word before a short row") << "150=2012-03-01 12:25:00,x|200=2012-03-01 16:35:00,61" << "row 150 has 2 fields";
        QTest::newRow("a long row") << "280=2012-03-01 23:15:00,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21" << "row 280 has 22 fields, the header has 21";
    }

    void aBadWideRowIsNamedByItsRowInTheFile()
    {
        QFETCH(QString, rows);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string path = writeTable(dir, "wide.csv", withRowsChanged(wideTableText("plain"), rows));
        const QString inOnePiece = refusalOf([&] { readWide(path, kInOnePiece); });
        QVERIFY2(inOnePiece.contains(problem), qPrintable(inOnePiece));
        QCOMPARE(refusalOf([&] { readWide(path, 1500); }), inOnePiece);
    }

    // A gzip file cut short is refused in blocks as in one piece.
    void aGzipFileCutShortIsRefused()
    {
        QTemporaryDir dir;
        const std::string path = writeTable(dir, "table.csv.gz", longTableText("plain"));
        std::filesystem::resize_file(path, std::filesystem::file_size(path) * 2 / 3);
        const QString inOnePiece = refusalOf([&] { readLong(path, kInOnePiece); });
        QVERIFY2(inOnePiece.contains("the gzip file ends before its data do"), qPrintable(inOnePiece));
        QCOMPARE(refusalOf([&] { readLong(path, 1000); }), inOnePiece);
    }
};

QTEST_MAIN(TestTableBlocks)
#include "test_table_blocks.moc"
