// Numbers are read and written with a point whatever the C library's locale. The desktop app's
// follows its user's (Qt sets it from the environment), and under a German, French, Spanish or
// Dutch one C's strtod reads "64.5" as 64 and printf writes "64,5": the app could open no
// published file, and its CSV and Excel exports would be broken. Here the whole test runs under
// a German locale (german_locale.h).
#include "data/text_table.h"
#include "export_fixtures.h"
#include "german_locale.h"
#include "test_files.h"
#include "himnet/dataset.h"
#include "himnet/forecasting.h"
#include "himnet/workbook_writer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <clocale>
#include <cstdio>

using namespace himnet;
using namespace himnet::testing;

namespace {

/// A two-sensor forecast of three steps, its values with fractions.
Forecast smallForecast()
{
    Forecast f;
    f.datasetName = "numbers";
    f.quantity = "speed";
    f.unit = "km/h";
    f.lastObserved = 11;
    f.timestamps = {1577836800 + 300, 1577836800 + 600, 1577836800 + 900};
    f.sensorIds = {"A", "B"};
    f.horizon = 3;
    f.sensors = 2;
    f.values = {64.5f, 3.25f, 61.125f, 3.5f, 60.75f, 3.75f};
    f.actual = {64.25f, 3.0f, std::nanf(""), 3.5f, 60.5f, 4.0f};
    return f;
}

} // namespace

class TestNumbersInAnyLocale : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_locales.isValid());
        const QString why = buildGermanLocale(m_locales.path());
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(std::setlocale(LC_ALL, "de_DE.UTF-8"));
        char written[16];
        std::snprintf(written, sizeof written, "%.1f", 64.5);
        QCOMPARE(QString::fromLatin1(written), QStringLiteral("64,5")); // the locale is in force
    }

    void cleanupTestCase() { std::setlocale(LC_ALL, "C"); }

    // Tables read as everywhere: a point in a comma-separated file, a comma in a
    // semicolon-separated one (as a spreadsheet set to a decimal comma saves it).
    void tablesAreReadWithTheirDecimalSeparator_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("wide, points") << "time,A,B\n2020-01-01 00:00,64.5,3.25\n2020-01-01 00:05,61.125,3.5\n2020-01-01 00:10,60.75,3.75\n";
        QTest::newRow("wide, semicolons and decimal commas")
            << "time;A;B\n2020-01-01 00:00;64,5;3,25\n2020-01-01 00:05;61,125;3,5\n2020-01-01 00:10;60,75;3,75\n";
        QTest::newRow("long, points") << "time,sensor,speed\n2020-01-01 00:00,A,64.5\n2020-01-01 00:00,B,3.25\n2020-01-01 00:05,A,61.125\n"
                                         "2020-01-01 00:05,B,3.5\n2020-01-01 00:10,A,60.75\n2020-01-01 00:10,B,3.75\n";
        QTest::newRow("numbers with a sign and spaces") << "time,A,B\n2020-01-01 00:00, +64.5 ,3.25\n2020-01-01 00:05,61.125,3.5\n"
                                                           "2020-01-01 00:10,60.75,3.75\n";
    }

    void tablesAreReadWithTheirDecimalSeparator()
    {
        QFETCH(QString, text);
        QTemporaryDir dir;
        const Dataset d = loadDataset(writeText(dir, text.toStdString()));
        QCOMPARE(d.numNodes, int64_t{2});
        QCOMPARE(d.numSteps, int64_t{3});
        QCOMPARE(d.value(0, 0), 64.5f);
        QCOMPARE(d.value(1, 0), 61.125f);
        QCOMPARE(d.value(2, 1), 3.75f);
    }

    // A forecast exported as CSV holds points, its fractions whole.
    void forecastCsvIsWrittenWithPoints()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("forecast.csv")).toStdString();
        writeForecastFile({smallForecast()}, path);
        const std::string text = fileBytes(path);
        QCOMPARE(QString::fromStdString(text.substr(0, text.find('\n', text.find('\n') + 1) + 1)),
                 QStringLiteral("timestamp,sensor,horizon,forecast,actual\n2020-01-01 00:05:00,A,1,64.5000,64.2500\n"));
        QVERIFY(text.find("2020-01-01 00:10:00,A,2,61.1250,\n") != std::string::npos); // an unknown actual: empty
        QVERIFY(text.find("3,7500") == std::string::npos);
    }

    // A workbook's numbers and date cells are written, and read back, with points: Excel reads
    // the XML's numbers in no locale but its own.
    void workbooksAreWrittenAndReadWithPoints()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("forecast.xlsx")).toStdString();
        writeForecastFile({smallForecast()}, path);
        const TextTable sheet = readTextTable(path + "#Forecast");
        QCOMPARE(sheet.rows.size(), size_t{7}); // the header, 3 steps x 2 sensors
        QCOMPARE(QString::fromStdString(sheet.rows[1][0]), QStringLiteral("2020-01-01 00:05:00")); // a date cell
        double forecast = 0, minutes = 0;
        QVERIFY(parseNumber(sheet.rows[1][4], forecast));
        QCOMPARE(forecast, 64.5);
        QVERIFY(parseNumber(sheet.rows[6][3], minutes));
        QCOMPARE(minutes, 15.0);
    }

private:
    QTemporaryDir m_locales;
};

QTEST_MAIN(TestNumbersInAnyLocale)
#include "test_numbers_in_any_locale.moc"
