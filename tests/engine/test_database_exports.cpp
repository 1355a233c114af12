// What traffic databases export: long tables (a row per time and sensor, in any order, readings
// left out), their value columns, missing markers and zeros, the detector locations beside
// them, and what cannot be read. Built from la-week's real METR-LA readings, each must read as
// the published wide file does, absent readings missing. Time grids: test_time_steps.
#include "export_fixtures.h"
#include "refusals.h"
#include "himnet/dataset.h"
#include "himnet/dataset_summary.h"
#include "himnet/errors.h"
#include "test_tensors.h"

#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

using namespace himnet;
using namespace himnet::testing;

namespace {

constexpr int64_t kSteps = 600; // two days of la-week: enough for every case, quick to write and read

} // namespace

class TestDatabaseExports : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A long table reads as the wide file: same sensors, same times, same values; rows in any
    // order; a reading the export leaves out is a missing reading, as a 0 in the wide file is.
    void longTableReadsAsTheWideFile_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::newRow("time by time") << "ordered";
        QTest::newRow("sensor by sensor") << "by sensor";
        QTest::newRow("rows shuffled") << "shuffled";
        QTest::newRow("missing readings left out") << "without missing";
    }

    void longTableReadsAsTheWideFile()
    {
        QFETCH(QString, variant);
        const Dataset& wide = laWeek();
        std::vector<LongRow> rows = firstReadings(kSteps, laWeek().numNodes);
        if (variant == "by sensor") std::stable_sort(rows.begin(), rows.end(), [](const LongRow& a, const LongRow& b) { return a.node < b.node; });
        if (variant == "shuffled") std::shuffle(rows.begin(), rows.end(), std::mt19937(7));
        if (variant == "without missing")
            rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const LongRow& r) { return wide.isMissing(r.step, r.node); }), rows.end());
        QTemporaryDir dir;
        const Dataset d = loadDataset(writeLongTable(dir, rows));
        QCOMPARE(d.format, std::string("long-csv"));
        QCOMPARE(d.numSteps, kSteps);
        QCOMPARE(d.numNodes, wide.numNodes);
        QCOMPARE(d.intervalSeconds, int64_t(300));
        QVERIFY(d.timeAxisInFiles);
        QVERIFY(std::equal(d.timestamps.begin(), d.timestamps.end(), wide.timestamps.begin()));
        // Sensors in the order of their ids, whatever the rows' order.
        QVERIFY(std::is_sorted(d.sensorIds.begin(), d.sensorIds.end(), [](const std::string& a, const std::string& b) { return std::stoll(a) < std::stoll(b); }));
        QCOMPARE(std::set<std::string>(d.sensorIds.begin(), d.sensorIds.end()), std::set<std::string>(wide.sensorIds.begin(), wide.sensorIds.end()));
        int64_t missing = 0;
        for (int64_t n = 0; n < d.numNodes; ++n) {
            const int64_t w = wide.indexOf(d.sensorIds[n]);
            for (int64_t t = 0; t < kSteps; ++t) {
                QCOMPARE(d.value(t, n), wide.value(t, w));
                missing += d.isMissing(t, n);
            }
        }
        QCOMPARE(missing, int64_t(kSteps * wide.numNodes + 52) / 53); // the planted ones
        QCOMPARE(d.valueColumn, std::string("speed"));
        QCOMPARE(d.valueColumns, (std::vector<std::string>{"speed", "speed_kmh"}));
        QCOMPARE(d.quantity, std::string("speed"));
        QVERIFY(anyNoteContains(d, "several value columns (speed, speed_kmh): read 'speed'"));
        QCOMPARE(anyNoteContains(d, "that no row gives count as missing readings"), variant == "without missing");
    }

    // Which column is forecast: the one asked for (in any case), else the first named like a
    // measurement; "Speed (km/h)" says its quantity and unit.
    void valueColumnIsChosen_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("asked");
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("quantity");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<double>("scale"); // of the la-week value
        QTest::newRow("the first measurement") << "timestamp,detector,speed,speed_kmh" << "" << "speed" << "speed" << "" << 1.0;
        QTest::newRow("asked for") << "timestamp,detector,speed,speed_kmh" << "speed_kmh" << "speed_kmh" << "speed_kmh" << "" << 1.609344;
        QTest::newRow("asked for, other case") << "timestamp,detector,speed,speed_kmh" << "SPEED_KMH" << "speed_kmh" << "speed_kmh" << "" << 1.609344;
        QTest::newRow("lane before the measurements") << "Time,Station ID,lane,Speed (km/h)" << "" << "Speed (km/h)" << "speed" << "km/h" << 1.609344;
        QTest::newRow("unit in brackets") << "date,sensor,Avg Speed [mph],flow" << "" << "Avg Speed [mph]" << "avg speed" << "mph" << 1.0;
    }

    void valueColumnIsChosen()
    {
        QFETCH(QString, header);
        QFETCH(QString, asked);
        QFETCH(QString, column);
        QFETCH(QString, quantity);
        QFETCH(QString, unit);
        QFETCH(double, scale);
        QTemporaryDir dir;
        const std::vector<LongRow> rows = firstReadings(30, 5);
        LoadOptions options;
        if (!asked.isEmpty()) options.valueColumn = asked.toStdString();
        const Dataset d = loadDataset(writeLongTable(dir, rows, header.toStdString()), options);
        QCOMPARE(QString::fromStdString(d.valueColumn), column);
        QCOMPARE(QString::fromStdString(d.quantity), quantity);
        QCOMPARE(QString::fromStdString(d.unit), unit);
        QCOMPARE(d.numNodes, int64_t(5));
        const int64_t n = d.indexOf(laWeek().sensorIds[2]);
        QVERIFY(n >= 0);
        QVERIFY(std::abs(d.value(10, n) - static_cast<float>(laWeek().value(10, 2) * scale)) < 1e-3f);
        // The summary names the column, and JSON lists the choices.
        const DatasetSummary summary = summarizeDataset(d);
        QVERIFY(toText(summary).find("column        " + column.toStdString() + " (of ") != std::string::npos);
        QVERIFY(toJson(summary).find("\"value_column\": \"" + column.toStdString() + "\"") != std::string::npos);
    }

    // What databases and statistics packages write for no reading (NULL, \\N, NA, None, -)
    // is a missing reading, in long and wide tables, and a note says how many there were; NaN
    // or infinity in a table is refused at its row and column, as any word that is no marker.
    void missingMarkersAreMissingReadings_data()
    {
        QTest::addColumn<QString>("marker");
        QTest::addColumn<bool>("longTable");
        QTest::addColumn<QString>("problem"); // empty: read, the marked cells missing
        for (const char* marker : {"NULL", "null", "\\N", "NA", "n/a", "#N/A", "None", "-", "--"}) {
            QTest::addRow("long, %s", marker) << marker << true << "";
            QTest::addRow("wide, %s", marker) << marker << false << "";
        }
        QTest::newRow("long, NaN") << "NaN" << true << "row 3, column 'speed': 'NaN' is no reading: leave the cell blank, or write NULL";
        QTest::newRow("wide, -inf") << "-inf" << false << "row 2, column 3: '-inf' is no reading";
        QTest::newRow("wide, a word") << "missing" << false << "row 2, column 3: 'missing' is not a number";
    }

    void missingMarkersAreMissingReadings()
    {
        QFETCH(QString, marker);
        QFETCH(bool, longTable);
        QFETCH(QString, problem);
        std::ostringstream text;
        text << (longTable ? "timestamp,detector,speed\n" : "timestamp,A,B\n");
        int marked = 0;
        for (int t = 0; t < 288; ++t) {
            const std::string when = formatTimestamp(parseTimestamp("2024-03-04") + 300 * t);
            const bool mark = t % 3 == 0;
            marked += mark;
            const std::string b = mark ? marker.toStdString() : std::to_string(60 + t % 5);
            if (longTable) text << when << ",A," << 50 + t % 7 << '\n' << when << ",B," << b << '\n';
            else text << when << ',' << 50 + t % 7 << ',' << b << '\n';
        }
        QTemporaryDir dir;
        const std::string path = writeText(dir, text.str());
        if (!problem.isEmpty()) {
            const QString wrong = testing::refusalMismatch([&] { loadDataset(path); }, {problem});
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
            return;
        }
        const Dataset d = loadDataset(path);
        QCOMPARE(d.numSteps, int64_t(288));
        for (int64_t t = 0; t < d.numSteps; ++t) {
            QCOMPARE(d.isMissing(t, 1), t % 3 == 0);
            QVERIFY(!d.isMissing(t, 0));
        }
        QVERIFY(anyNoteContains(d, "'" + marker.toStdString() + "' in " + std::to_string(marked) + " cells: missing readings"));
    }

    // An export's folder: the long table beside a table of detector locations, headed as the
    // database names them. The map gets la-week's real coordinates, whatever the rows' order.
    void exportFolderFindsItsDetectorLocations()
    {
        QTemporaryDir dir;
        writeLongTable(dir, firstReadings(40, 6));
        const Dataset& located = laWeekWithLocations();
        writeLaWeekLocations(dir.filePath(QStringLiteral("detector_locations.csv")).toStdString(), "Detector ID,Latitude,Longitude",
                             {5, 4, 3, 2, 1, 0});
        const Dataset d = loadDataset(dir.path().toStdString());
        QCOMPARE(d.format, std::string("long-csv"));
        QVERIFY(d.hasLocations());
        for (int64_t n = 0; n < 6; ++n) {
            const int64_t i = d.indexOf(located.sensorIds[n]);
            QVERIFY(i >= 0);
            QVERIFY(std::abs(d.locations[i].latitude - located.locations[n].latitude) < 1e-5);
            QVERIFY(std::abs(d.locations[i].longitude - located.locations[n].longitude) < 1e-5);
        }
    }

    // An agency's list of all its stations, and a published distance list of a larger network
    // (METR-LA's distances_la_2012.csv covers far more than its 207 sensors), serve a dataset
    // of some of them: the other stations' rows are left out, and notes say how many. The
    // links among the data's sensors make the road graph.
    void tablesOfALargerNetworkServeTheSensorsOfTheData()
    {
        QTemporaryDir dir;
        writeLongTable(dir, firstReadings(40, 6));
        const Dataset& located = laWeekWithLocations(); // 207 sensors
        std::vector<int64_t> every(static_cast<size_t>(located.numNodes));
        std::iota(every.begin(), every.end(), 0);
        writeLaWeekLocations(dir.filePath(QStringLiteral("station_locations.csv")).toStdString(), "ID,Latitude,Longitude", every);
        {
            std::ofstream edges(dir.filePath(QStringLiteral("distances.csv")).toStdString());
            edges << "from,to,distance\n";
            for (int64_t n = 0; n + 1 < 12; ++n) edges << located.sensorIds[n] << ',' << located.sensorIds[n + 1] << ',' << 500 + 10 * n << '\n';
        }
        const Dataset d = loadDataset(dir.path().toStdString());
        QCOMPARE(d.numNodes, int64_t(6));
        QVERIFY(d.hasLocations());
        QVERIFY(std::abs(d.locations[d.indexOf(located.sensorIds[3])].latitude - located.locations[3].latitude) < 1e-5);
        QVERIFY(anyNoteContains(d, "station_locations.csv: the locations of 201 sensors not in the data left out"));
        QVERIFY(anyNoteContains(d, "distances.csv: 6 links to sensors not in the data left out"));
        QVERIFY(!d.edges.empty());
        for (const auto& e : d.edges) QVERIFY(e.from < d.numNodes && e.to < d.numNodes);
    }

    // Flows of 0 (an empty road at night) count as missing by default, as the benchmarks count
    // them: a note says how many and how to keep them. A blank cell is no reading of 0; speeds
    // of 0 are the published sets' marker of a missing reading; a missing value said keeps the zeros.
    void zeroFlowsAreNamed_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("missingValue"); // --missing-value, or empty
        QTest::addColumn<QString>("note");         // empty: none
        QTest::addColumn<double>("missingPercent");
        QTest::newRow("flows") << "flow" << "" << "2 readings of 0 (16.67 %) count as missing, as the published benchmarks count them; "
                                                  "where 0 is a real reading here (an empty road at night), give another missing value "
                                                  "(--missing-value -1, or Reading Options in the app)" << 100.0 * 4 / 12;
        QTest::newRow("flows, missing value said") << "flow" << "-1" << "" << 100.0 * 2 / 12;
        QTest::newRow("speeds") << "speed" << "" << "" << 100.0 * 4 / 12;
    }

    void zeroFlowsAreNamed()
    {
        QFETCH(QString, column);
        QFETCH(QString, missingValue);
        QFETCH(QString, note);
        QFETCH(double, missingPercent);
        QTemporaryDir dir; // two sensors, six steps: two readings of 0, one blank and one absent cell in each column
        const std::string path = writeText(dir, "time,sensor,flow,speed\n"
                                                "2020-01-01 00:00,a,0,0\n2020-01-01 00:00,b,5,50\n"
                                                "2020-01-01 00:05,a,,\n2020-01-01 00:05,b,0,0\n"
                                                "2020-01-01 00:10,a,3,30\n2020-01-01 00:10,b,4,40\n"
                                                "2020-01-01 00:15,a,3,30\n"
                                                "2020-01-01 00:20,a,2,20\n2020-01-01 00:20,b,4,40\n"
                                                "2020-01-01 00:25,a,3,30\n2020-01-01 00:25,b,4,40\n");
        LoadOptions options;
        options.valueColumn = column.toStdString();
        if (!missingValue.isEmpty()) options.missingValue = missingValue.toFloat();
        const Dataset d = loadDataset(path, options);
        QCOMPARE(anyNoteContains(d, "count as missing, as the published benchmarks"), !note.isEmpty());
        if (!note.isEmpty()) QVERIFY2(anyNoteContains(d, note.toStdString()), qPrintable(QString::fromStdString(d.notes.back())));
        QCOMPARE(summarizeDataset(d).missingPercent, missingPercent);
    }

    // A sensor whose every reading is missing (out of service, or a station that measures no
    // speed) is named; a column with no reading at all is refused, naming it.
    void sensorsWithoutReadingsAreNamed_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("outcome"); // a note, or the refusal
        QTest::newRow("one sensor never read") << "flow" << "1 sensor has no reading at all ('c'): forecast like the others, but nothing trains or scores it";
        QTest::newRow("no reading in the column") << "occupancy" << "has no reading: every value is missing (blank, or equal to the missing value 0, in the column 'occupancy')";
    }

    void sensorsWithoutReadingsAreNamed()
    {
        QFETCH(QString, column);
        QFETCH(QString, outcome);
        QTemporaryDir dir;
        std::string text = "time,sensor,flow,occupancy\n";
        for (int m = 0; m < 60; m += 5)
            for (const char* sensor : {"a", "b", "c"})
                text += "2020-01-01 00:" + std::string(m < 10 ? "0" : "") + std::to_string(m) + "," + sensor + ","
                    + (std::string(sensor) == "c" ? "NULL" : std::to_string(m + 1)) + ",\n";
        const std::string path = writeText(dir, text);
        LoadOptions options;
        options.valueColumn = column.toStdString();
        if (column == "occupancy") {
            const QString wrong = testing::refusalMismatch([&] { loadDataset(path, options); }, {"export.csv", outcome});
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
            return;
        }
        const Dataset d = loadDataset(path, options);
        QVERIFY2(anyNoteContains(d, outcome.toStdString()), qPrintable(QString::fromStdString(d.notes.back())));
    }

    // What cannot be put on a grid, or pivoted, is refused with the file and the place named.
    void malformedExportsAreRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("column"); // --value-column, if any
        QTest::addColumn<QString>("problem");
        auto steps = [](const std::string& last) {
            std::string csv = "time,a,b\n";
            for (int m = 0; m < 60; m += 5) csv += "2020-01-01 00:" + std::string(m < 10 ? "0" : "") + std::to_string(m) + ",1,2\n";
            return QString::fromStdString(csv + last);
        };
        QTest::newRow("repeated time") << steps("2020-01-01 00:10,3,4\n") << "" << "the time 2020-01-01 00:10:00 appears twice (rows 4 and 14)";
        QTest::newRow("off the grid") << steps("2020-01-01 01:02,3,4\n") << "" << "2020-01-01 01:02:00 is not on the 5 min grid";
        QTest::newRow("a mistyped year") << steps("2021-01-01 01:00,3,4\n") << "" << "more are absent than present (the longest gap: 105408 steps after 2020-01-01 00:55:00)";
        QTest::newRow("long: one reading twice") << "time,sensor,flow\n2020-01-01 00:00,a,1\n2020-01-01 00:00,b,2\n2020-01-01 00:00,a,3\n" << ""
                                                 << "rows 2 and 4 both give sensor 'a' at 2020-01-01 00:00:00";
        QTest::newRow("long: one reading twice, written two ways")
            << "time,sensor,flow\n2020-01-01 00:00,a,1\n2020-01-01 00:05,a,2\n2020-01-01T00:05:00Z,a,3\n" << ""
            << "rows 3 and 4 both give sensor 'a' at 2020-01-01 00:05:00";
        QTest::newRow("long: no values") << "time,sensor\n2020-01-01 00:00,a\n" << "" << "no column of values";
        QTest::newRow("long: text as value") << "time,sensor,flow\n2020-01-01 00:00,a,high\n" << "" << "row 2, column 'flow': 'high' is not a number";
        QTest::newRow("long: unknown column") << "time,sensor,flow,speed\n2020-01-01 00:00,a,1,2\n" << "occupancy"
                                              << "has no value column 'occupancy' (its value columns: flow, speed)";
        QTest::newRow("long: no sensor id") << "time,sensor,flow\n2020-01-01 00:00,,1\n" << "" << "row 2, column 'sensor': no sensor id";
        QTest::newRow("a column of a wide file") << steps("") << "speed" << "no value column 'speed' to choose";
        QTest::newRow("dates with slashes") << "Datum,a,b\n3/1/2020 00:00,1,2\n3/1/2020 00:05,1,2\n" << ""
                                            << "row 2, column 1: cannot read '3/1/2020 00:00' as a time: a date with slashes may put the month or the day first";
        QTest::newRow("long: dates with slashes") << "when,sensor,flow\n3/1/2020 00:00,a,1\n" << "" << "a date with slashes may put the month or the day first";
    }

    void malformedExportsAreRefused()
    {
        QFETCH(QString, text);
        QFETCH(QString, column);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string path = writeText(dir, text.toStdString());
        LoadOptions options;
        if (!column.isEmpty()) options.valueColumn = column.toStdString();
        const QString wrong = testing::refusalMismatch([&] { loadDataset(path, options); }, {"export.csv", problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_MAIN(TestDatabaseExports)
#include "test_database_exports.moc"
