// Text in users' files: UTF-8 kept as it is, UTF-16 (Excel's "Unicode Text", PowerShell's
// Out-File) made UTF-8, anything else read as Windows-1252 (what Excel on Windows saves CSV in),
// so that sensor ids and names reach the app, its JSON reports and its checkpoints as UTF-8.
// Files that are no text are refused for what they are.
#include "export_fixtures.h"
#include "pems_fixtures.h"
#include "refusals.h"
#include "core/utf8.h"
#include "data/text_decoding.h"
#include "himnet/dataset.h"
#include "himnet/dataset_summary.h"
#include "himnet/holidays.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>

using namespace himnet;
using namespace himnet::testing;

Q_DECLARE_METATYPE(std::string)

namespace {

/// A detector table with ids in three scripts, one beyond the Basic Multilingual Plane (a
/// surrogate pair in UTF-16), and enough rows to be read in several blocks.
QString detectorTable(QChar separator)
{
    QString table = QStringLiteral("time%1Zählstelle Nord%1東門 3%1Ramp 🚗 7\r\n").arg(separator);
    for (int step = 0; step < 3000; ++step)
        table += QString("%1%2%3%2%4%2%5\r\n")
                     .arg(QDateTime::fromSecsSinceEpoch(1709510400 + step * 300, Qt::UTC).toString("yyyy-MM-dd HH:mm"))
                     .arg(separator)
                     .arg(50 + step % 7)
                     .arg(40.5 + step % 5)
                     .arg(step % 11);
    return table;
}

} // namespace

class TestTextEncodings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void utf8IsTold_data()
    {
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<bool>("utf8");
        QTest::newRow("ASCII") << std::string("detector 7") << true;
        QTest::newRow("empty") << std::string() << true;
        QTest::newRow("two bytes") << std::string("Stra\xC3\x9F" "e") << true;
        QTest::newRow("three bytes") << std::string("\xE2\x82\xAC") << true;
        QTest::newRow("four bytes") << std::string("\xF0\x9F\x9A\x97") << true;
        QTest::newRow("the last code point") << std::string("\xF4\x8F\xBF\xBF") << true;
        QTest::newRow("a NUL byte") << std::string("a\0b", 3) << true;
        QTest::newRow("Windows-1252") << std::string("Stra\xDF" "e") << false;
        QTest::newRow("a stray continuation byte") << std::string("\x80") << false;
        QTest::newRow("cut short") << std::string("\xE2\x82") << false;
        QTest::newRow("cut short before ASCII") << std::string("\xC3" "a") << false;
        QTest::newRow("overlong slash") << std::string("\xC0\xAF") << false;
        QTest::newRow("overlong in three bytes") << std::string("\xE0\x80\xAF") << false;
        QTest::newRow("overlong in four bytes") << std::string("\xF0\x80\x80\xAF") << false;
        QTest::newRow("a UTF-16 surrogate") << std::string("\xED\xA0\x80") << false;
        QTest::newRow("beyond U+10FFFF") << std::string("\xF4\x90\x80\x80") << false;
        QTest::newRow("no such lead byte") << std::string("\xFF") << false;
    }

    void utf8IsTold()
    {
        QFETCH(std::string, bytes);
        QFETCH(bool, utf8);
        QCOMPARE(isUtf8(bytes), utf8);
        QCOMPARE(asUtf8(bytes) == bytes, utf8);
        QVERIFY(isUtf8(asUtf8(bytes)));
    }

    void windows1252IsReadAsSuch_data()
    {
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<QString>("text");
        QTest::newRow("German") << std::string("Z\xE4hlstelle Stra\xDF" "e") << QStringLiteral("Zählstelle Straße");
        QTest::newRow("French") << std::string("Caf\xE9 \x96 p\xE9" "age") << QStringLiteral("Café – péage");
        QTest::newRow("the euro and quotes") << std::string("\x80 \x84" "a\x93") << QStringLiteral("€ „a“");
        QTest::newRow("Czech from the 0x80 row") << std::string("\x8A" "koda \x9E" "el.") << QStringLiteral("Škoda žel.");
        QTest::newRow("an unassigned byte as its C1 control") << std::string("a\x81" "b\xE9") << QString::fromUtf8("a\xC2\x81" "b\xC3\xA9");
        QTest::newRow("Latin-1's upper half") << std::string("\xA0\xFF") << QString::fromUtf8("\xC2\xA0\xC3\xBF");
    }

    void windows1252IsReadAsSuch()
    {
        QFETCH(std::string, bytes);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(asUtf8(bytes)), text);
    }

    // A detector export saved by a German Excel: semicolons, decimal commas, Windows-1252 ids,
    // one detector without readings, which a note names (and the JSON report carries).
    void windows1252TableReadsAsUtf8()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("z\xC3\xA4hlungen.csv").toStdString();
        std::ofstream(path, std::ios::binary) << "Zeit;Z\xE4hlstelle Nord;Stra\xDF" "e 2;Z\xE4hlstelle S\xFC" "d\n"
                                                 "2024-03-04 00:00;51,5;;40\n2024-03-04 00:05;52;;41,5\n2024-03-04 00:10;50;;42\n";
        const Dataset d = loadDataset(path);
        QCOMPARE(d.sensorIds, (std::vector<std::string>{"Z\xC3\xA4hlstelle Nord", "Stra\xC3\x9F" "e 2", "Z\xC3\xA4hlstelle S\xC3\xBC" "d"}));
        QCOMPARE(d.values[5], 41.5f);
        const auto report = nlohmann::json::parse(toJson(summarizeDataset(d))); // threw on bytes that are not UTF-8
        QCOMPARE(report.at("name").get<std::string>(), std::string("z\xC3\xA4hlungen"));
        const std::string notes = report.at("notes").dump();
        QVERIFY2(notes.find("no reading at all ('Stra\xC3\x9F" "e 2')") != std::string::npos, notes.c_str());
    }

    // UTF-16 tables read as their UTF-8 copies do: the same ids, the same readings. The
    // decoder turns them into UTF-8 whatever the size of the pieces they arrive in (a character
    // cut in two, a surrogate pair cut between its halves).
    void utf16TablesReadAsTheirUtf8Copies_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("littleEndian");
        QTest::addColumn<bool>("byteOrderMark");
        QTest::addColumn<QChar>("separator");
        QTest::newRow("Excel's Unicode Text (UTF-16LE, tabs)") << "unicode.txt" << true << true << QChar('\t');
        QTest::newRow("big-endian") << "big.csv" << false << true << QChar(',');
        QTest::newRow("no byte-order mark (PowerShell)") << "out-file.csv" << true << false << QChar(',');
        QTest::newRow("big-endian without a mark") << "big-no-mark.csv" << false << false << QChar(';');
        QTest::newRow("gzipped") << "unicode.csv.gz" << true << true << QChar(',');
    }

    void utf16TablesReadAsTheirUtf8Copies()
    {
        QFETCH(QString, name);
        QFETCH(bool, littleEndian);
        QFETCH(bool, byteOrderMark);
        QFETCH(QChar, separator);
        QTemporaryDir dir;
        const QString table = detectorTable(separator);
        const std::string utf8 = dir.filePath("utf8.csv").toStdString(), utf16 = dir.filePath(name).toStdString();
        writeFileMaybeGzipped(utf8, table.toStdString());
        writeFileMaybeGzipped(utf16, utf16Of(table.toStdString(), littleEndian, byteOrderMark));
        const Dataset expected = loadDataset(utf8), read = loadDataset(utf16);
        QCOMPARE(read.sensorIds, expected.sensorIds);
        QCOMPARE(read.sensorIds[2], std::string("Ramp \xF0\x9F\x9A\x97 7"));
        QCOMPARE(read.timestamps, expected.timestamps);
        QVERIFY(read.values == expected.values);

        for (const size_t piece : {size_t{1}, size_t{3}, size_t{4096}}) {
            const std::string bytes = utf16Of(table.toStdString(), littleEndian, byteOrderMark);
            TextDecoder decoder(utf16, "a CSV table");
            std::string text;
            for (size_t at = 0; at < bytes.size(); at += piece) decoder.decode(bytes.data() + at, std::min(piece, bytes.size() - at), text);
            decoder.finish(text);
            QVERIFY2(text == table.toStdString(), qPrintable(QString("in pieces of %1 bytes").arg(piece)));
        }
    }

    // UTF-16 without a byte-order mark is told by its zero bytes even where a fair share of
    // the characters is of another script: a long table from a Shenzhen database whose detectors
    // are named in Chinese (not nine characters in ten ASCII) reads as its UTF-8 copy, in either
    // byte order, where it was refused as binary data.
    void utf16WithoutAMarkInAnotherScriptReads_data()
    {
        QTest::addColumn<bool>("littleEndian");
        QTest::newRow("little-endian") << true;
        QTest::newRow("big-endian") << false;
    }

    void utf16WithoutAMarkInAnotherScriptReads()
    {
        QFETCH(bool, littleEndian);
        QString table = QStringLiteral("time,detector,speed\n");
        for (int step = 0; step < 40; ++step)
            for (int road = 1; road <= 24; ++road)
                table += QStringLiteral("%1,深南大道东行第%2段,%3\n")
                             .arg(QDateTime::fromSecsSinceEpoch(1709510400 + step * 300, Qt::UTC).toString("yyyy-MM-dd HH:mm"))
                             .arg(road)
                             .arg(30 + (step * road) % 41);
        const auto ascii = std::count_if(table.begin(), table.end(), [](QChar c) { return c.unicode() < 0x80; });
        QVERIFY2(ascii * 10 < table.size() * 9, qPrintable(QString("%1 of %2").arg(ascii).arg(table.size())));
        QTemporaryDir dir;
        const std::string utf8 = dir.filePath("utf8.csv").toStdString(), utf16 = dir.filePath("shenzhen.csv").toStdString();
        writeFileMaybeGzipped(utf8, table.toStdString());
        writeFileMaybeGzipped(utf16, utf16Of(table.toStdString(), littleEndian, /*byteOrderMark=*/false));
        const Dataset expected = loadDataset(utf8), read = loadDataset(utf16);
        QCOMPARE(read.numNodes, int64_t(24));
        QCOMPARE(read.sensorIds, expected.sensorIds);
        QVERIFY(std::find(read.sensorIds.begin(), read.sensorIds.end(), std::string("深南大道东行第24段")) != read.sensorIds.end());
        QCOMPARE(read.timestamps, expected.timestamps);
        QVERIFY(read.values == expected.values);
    }

    // A holiday file and a manifest written by Notepad as "Unicode" read too.
    void utf16HolidayFilesAndManifestsRead()
    {
        QTemporaryDir dir;
        const std::string holidays = dir.filePath("feiertage.csv").toStdString();
        writeFileMaybeGzipped(holidays, utf16Of(std::string("date,name\r\n2024-05-01,Tag der Arbeit\r\n"), true, true));
        const HolidayCalendar calendar = HolidayCalendar::fromFile(holidays);
        QCOMPARE(calendar.dayOfWeek(19844), 6); // 2024-05-01, read as a Sunday
        QCOMPARE(calendar.on(19844)->name, std::string("Tag der Arbeit"));

        const std::string manifest = dir.filePath("dataset.json").toStdString();
        writeFileMaybeGzipped(dir.filePath("speeds.csv").toStdString(), detectorTable(',').toStdString());
        writeFileMaybeGzipped(manifest, utf16Of(std::string("{\"name\": \"Zählstellen\", \"series\": \"speeds.csv\"}"), true, true));
        const Dataset d = loadDataset(dir.path().toStdString());
        QCOMPARE(d.name, std::string("Z\xC3\xA4hlstellen"));
        QCOMPARE(d.numNodes, int64_t(3));
    }

    // Files that are no text are refused for what they are, naming the file, where they were
    // read as rows of garbage whose messages quoted bytes a terminal cannot show (a NUL ended
    // the message).
    void filesThatAreNoTextAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<QString>("problem");
        const std::string table = detectorTable(',').toStdString();
        QTest::newRow("a PNG image") << "speeds.csv" << std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) << "is a PNG image, not a CSV table";
        QTest::newRow("a workbook named .csv") << "speeds.csv" << std::string("PK\x03\x04\x14\0\x06\0", 8)
                                               << "is a ZIP archive (an Excel workbook is one: name it .xlsx";
        QTest::newRow("an Excel 97 workbook") << "speeds.csv" << std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10)
                                              << "is an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV";
        QTest::newRow("an HDF5 file named .csv") << "speeds.csv" << std::string("\x89HDF\r\n\x1A\n\0\0", 10) << "is an HDF5 file (name it .h5)";
        QTest::newRow("a gzipped image") << "speeds.csv.gz" << std::string("\x89PNG\r\n\x1A\n\0\0", 10) << "is a PNG image";
        QTest::newRow("binary data") << "speeds.csv" << std::string("time,a\n\x01\x02\0\x03", 11)
                                     << "holds binary data (a NUL byte at byte 10), not a CSV table";
        std::string smallNumbers; // 16 bits each, little-endian: zero bytes where UTF-16's ASCII has them
        for (int i = 0; i < 600; ++i) smallNumbers += std::string{char(1 + i % 20), '\0'};
        QTest::newRow("numbers of 16 bits") << "speeds.csv" << smallNumbers << "holds binary data (a NUL byte at byte 2), not a CSV table";
        QTest::newRow("NUL bytes after the text") << "speeds.csv" << table + std::string(64, '\0')
                                                  << "holds a NUL byte at byte " + QString::number(table.size() + 1)
                                                         + ", which no text holds: is it a CSV table whose writing was cut short";
        QTest::newRow("UTF-16 cut short") << "speeds.csv" << utf16Of(std::string("time,a\n"), true, true).substr(0, 15)
                                          << "its UTF-16 text ends inside a character (a copy cut short?)";
        QTest::newRow("a lone surrogate") << "speeds.csv" << utf16Of(std::string("time,a\n"), true, true) + std::string("\x00\xDC", 2)
                                          << "is not valid UTF-16: a surrogate without its pair at byte 17";
        QTest::newRow("a holiday file that is an image") << "holidays.csv" << std::string("\x89PNG\r\n\x1A\n\0\0", 10)
                                                         << "is a PNG image, not a holiday file";
        QTest::newRow("a manifest that is a pickle") << "dataset.json" << std::string("\x80\x04\x95\x10\0", 5)
                                                     << "is a Python pickle (name it .pkl), not a dataset manifest (JSON)";
    }

    void filesThatAreNoTextAreRefused()
    {
        QFETCH(QString, name);
        QFETCH(std::string, bytes);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string path = dir.filePath(name).toStdString();
        writeFileMaybeGzipped(path, bytes);
        const QString wrong = refusalMismatch(
            [&] {
                if (name == "holidays.csv") HolidayCalendar::fromFile(path);
                else if (name == "dataset.json") loadDataset(dir.path().toStdString());
                else loadDataset(path);
            },
            {QString::fromStdString(path) + ": " + problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_MAIN(TestTextEncodings)
#include "test_text_encodings.moc"
