// Text in users' files: UTF-8 kept as it is, anything else read as Windows-1252 (what Excel on
// Windows saves CSV in), so that sensor ids and names reach the app, its JSON reports and its
// checkpoints as UTF-8.
#include "core/utf8.h"
#include "himnet/dataset.h"
#include "himnet/dataset_summary.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace himnet;

Q_DECLARE_METATYPE(std::string)

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
};

QTEST_MAIN(TestTextEncodings)
#include "test_text_encodings.moc"
