// PeMS station files as the Caltrans clearinghouse serves them: headerless, a day per file,
// rows of varying length (fields per lane), month-first times, gzipped, beside the district's
// tab-separated station list. METR-LA's sensors are PeMS District 7 stations, so la-week's
// real readings written in that layout must read back as the published week, and a folder of
// the days as one series; broken files are refused naming the file and the row.
#include "export_fixtures.h"
#include "pems_fixtures.h"
#include "refusals.h"
#include "shared_path.h"
#include "himnet/dataset.h"
#include "himnet/errors.h"
#include "data/pems_station_files.h"

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace himnet;
using namespace himnet::testing;

namespace {

constexpr int64_t kStepsPerDay = kPemsStepsPerDay;

bool isMissing(float v) { return v == laWeek().missingValue; }

// Node `n` of la-week in `d`, whose sensors are in the order of their ids.
int64_t nodeOf(const Dataset& d, int64_t n) { return d.indexOf(laWeek().sensorIds[n]); }

} // namespace

class TestPemsStationFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A month of a district is a folder of daily files: all read, in date order, as one
    // series, whichever of the station's measurements is chosen, and the district's station
    // list draws the map, its stations outside the data (one not even surveyed) left out. A
    // table of another kind beside them is not taken for the data.
    void aFolderOfDailyFilesReadsAsOneSeries_data()
    {
        QTest::addColumn<QString>("valueColumn"); // empty: the default
        QTest::addColumn<QString>("quantity");
        QTest::addColumn<QString>("unit");
        QTest::newRow("default: flow, as the PEMS benchmarks") << "" << "flow" << "veh/5 min";
        QTest::newRow("Avg Speed") << "Avg Speed" << "speed" << "mph";
        QTest::newRow("avg_speed, as typed") << "avg_speed" << "speed" << "mph";
        QTest::newRow("Avg Occupancy") << "Avg Occupancy" << "occupancy" << "";
    }

    void aFolderOfDailyFilesReadsAsOneSeries()
    {
        QFETCH(QString, valueColumn);
        QFETCH(QString, quantity);
        QFETCH(QString, unit);
        const Dataset& week = laWeek();
        QTemporaryDir dir;
        for (int day = 6; day >= 0; --day) writePemsDay(dir, day); // written out of order: read by date
        writePemsStationList(dir);
        std::ofstream(dir.filePath(QStringLiteral("district-summary.csv")).toStdString()) << "month,vmt\n2012-03,5\n"; // not the data
        LoadOptions options;
        if (!valueColumn.isEmpty()) options.valueColumn = valueColumn.toStdString();
        const Dataset d = loadDataset(dir.path().toStdString(), options);

        QCOMPARE(d.format, std::string("pems-station"));
        QCOMPARE(d.numSteps, week.numSteps);
        QCOMPARE(d.numNodes, week.numNodes);
        QCOMPARE(d.timestamps.front(), week.timestamps.front());
        QCOMPARE(d.timestamps.back(), week.timestamps.back());
        QCOMPARE(d.quantity, quantity.toStdString());
        QCOMPARE(d.unit, unit.toStdString());
        QVERIFY(anyNoteContains(d, "7 PeMS station files read as one series"));
        QVERIFY(anyNoteContains(d, "stations by lane type: 165 mainline (ML), 42 on-ramp (OR)"));
        QVERIFY(anyNoteContains(d, "PeMS observed 86% of these lane readings and imputed the rest"));
        QVERIFY(anyNoteContains(d, "the locations of 1 sensor not in the data left out (first: '999001')"));
        for (int64_t n = 0; n < week.numNodes; ++n) {
            const int64_t m = nodeOf(d, n);
            QVERIFY2(m >= 0, week.sensorIds[n].c_str());
            QCOMPARE(d.locations[m].latitude, laWeekWithLocations().locations[n].latitude);
            for (int64_t t = 0; t < week.numSteps; t += 7) {
                const float v = week.value(t, n);
                const float expected = isMissing(v) ? d.missingValue : quantity == "flow" ? float(pemsFlowOf(v)) : quantity == "speed" ? v : 0.0296f;
                if (d.value(t, m) != expected)
                    QFAIL(qPrintable(QStringLiteral("step %1, sensor %2: %3, expected %4").arg(t).arg(QString::fromStdString(week.sensorIds[n])).arg(d.value(t, m)).arg(expected)));
            }
        }
    }

    // One day's file opens on its own, plain or gzipped. 03/01/2012 is no less a date in
    // January: PeMS writes the month first, and that is how its files are read. The
    // district's station list beside it draws the map, and a note says another day lies
    // beside it, to be read with it as the folder.
    void oneDayOpensAlone_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("gzipped") << ".txt.gz";
        QTest::newRow("plain") << ".txt";
    }

    void oneDayOpensAlone()
    {
        QFETCH(QString, suffix);
        const Dataset& week = laWeek();
        QTemporaryDir dir;
        const std::string path = writePemsDay(dir, 0, suffix.toStdString());
        LoadOptions options;
        options.valueColumn = "Avg Speed";
        const Dataset alone = loadDataset(path, options);
        QVERIFY(alone.locations.empty());
        QVERIFY(!anyNoteContains(alone, "beside it"));
        writePemsDay(dir, 1);
        writePemsStationList(dir);
        const Dataset d = loadDataset(path, options);
        QVERIFY(anyNoteContains(d, "1 other PeMS 5min station file beside it: open the folder to read it with this one as one series"));
        QCOMPARE(d.locations.size(), size_t(week.numNodes));
        QCOMPARE(d.locations[nodeOf(d, 7)].longitude, laWeekWithLocations().locations[7].longitude);
        QCOMPARE(d.format, std::string("pems-station"));
        QCOMPARE(d.numSteps, kStepsPerDay);
        QCOMPARE(d.timestamps.front(), parseTimestamp("2012-03-01 00:00"));
        QCOMPARE(d.name, std::string("d07_text_station_5min_2012_03_01"));
        const int64_t n = 3, m = nodeOf(d, n);
        for (int64_t t = 0; t < kStepsPerDay; ++t) QCOMPARE(d.value(t, m), isMissing(week.value(t, n)) ? d.missingValue : week.value(t, n));
    }

    // Hourly files give vehicles per hour; where a folder holds 5-minute and hourly files of
    // the same days, the 5-minute ones are read and the hourly left out, saying so.
    void finerFilesAreReadFirst()
    {
        QTemporaryDir dir;
        const std::string hourly = dir.filePath(QStringLiteral("d07_text_station_hour_2012_03.txt.gz")).toStdString();
        writeFileMaybeGzipped(hourly, pemsStationRows(0, 2 * kStepsPerDay, [](int64_t t) { return t % 12 == 0; }));
        const Dataset hours = loadDataset(hourly);
        QCOMPARE(hours.numSteps, int64_t(48));
        QCOMPARE(hours.intervalSeconds, int64_t(3600));
        QCOMPARE(hours.unit, std::string("veh/h"));

        writePemsDay(dir, 0);
        writePemsDay(dir, 1);
        const Dataset d = loadDataset(dir.path().toStdString());
        QCOMPARE(d.numSteps, 2 * kStepsPerDay);
        QCOMPARE(d.unit, std::string("veh/5 min"));
        QVERIFY(anyNoteContains(d, "PeMS hour station files left out (1 file): the finer ones were read"));
    }

    // 5-minute flows totalled into hours are vehicles per hour: each hour the sum of its twelve.
    void flowsTotalledIntoHoursCountPerHour()
    {
        const Dataset& week = laWeek();
        QTemporaryDir dir;
        const std::string path = writePemsDay(dir, 0);
        LoadOptions options;
        options.intervalSeconds = 3600;
        options.aggregation = Aggregation::Sum;
        const Dataset d = loadDataset(path, options);
        QCOMPARE(d.numSteps, int64_t(24));
        QCOMPARE(d.unit, std::string("veh/h"));
        const int64_t n = 20, m = nodeOf(d, n);
        float total = 0;
        for (int64_t t = 36; t < 48; ++t) { // 03:00 to 04:00, no reading missing
            QVERIFY(!isMissing(week.value(t, n)));
            total += float(pemsFlowOf(week.value(t, n)));
        }
        QCOMPARE(d.value(3, m), total);
    }

    // A district's file holds every station: mainline, ramps, HOV lanes. Lane types choose
    // among them (the PEMS benchmarks read the mainline), said as people type them, from the
    // command line or the manifest; the stations left out are named by kind in a note. Lane
    // types no station has, or no lane type at all, are refused saying which there are.
    void laneTypesChooseTheStations_data()
    {
        QTest::addColumn<QString>("laneTypes");
        QTest::addColumn<bool>("inManifest");
        QTest::addColumn<int>("stations"); // 0: refused
        QTest::addColumn<QString>("said");  // the note, or the refusal
        QTest::newRow("mainline") << "ML" << false << 165 << "stations by lane type: 165 mainline (ML) read; 42 on-ramp (OR) left out";
        QTest::newRow("mainline, manifest") << "ML" << true << 165 << "165 mainline (ML) read; 42 on-ramp (OR) left out";
        QTest::newRow("as typed: ml or") << "ml or" << false << 207 << "stations by lane type: 165 mainline (ML), 42 on-ramp (OR)";
        QTest::newRow("none of them") << "HV,FR" << false << 0 << "has no station of lane type HV, FR (165 mainline (ML), 42 on-ramp (OR))";
        QTest::newRow("no lane type") << "XX" << false << 0 << "'XX' is no PeMS lane type (they are CD (collector/distributor)";
    }

    void laneTypesChooseTheStations()
    {
        QFETCH(QString, laneTypes);
        QFETCH(bool, inManifest);
        QFETCH(int, stations);
        QFETCH(QString, said);
        QTemporaryDir dir;
        writePemsDay(dir, 0);
        writePemsDay(dir, 1);
        LoadOptions options;
        std::string path = dir.path().toStdString();
        const auto load = [&] {
            if (inManifest) {
                std::ofstream(path + "/dataset.json") << "{\"series\": \"d07_text_station_5min_2012_03_01.txt.gz\", \"lane_types\": [\""
                                                      << laneTypes.toStdString() << "\"]}";
                return loadDataset(path);
            }
            options.laneTypes = parseLaneTypes(laneTypes.toStdString());
            return loadDataset(path, options);
        };
        if (stations == 0) {
            const QString wrong = refusalMismatch(load, {said});
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
            return;
        }
        const Dataset d = load();
        QCOMPARE(d.numNodes, int64_t(stations));
        QVERIFY(anyNoteContains(d, said.toStdString()));
        QCOMPARE(d.indexOf(laWeek().sensorIds[5]) >= 0, stations == 207); // node 5 is an on-ramp
        QVERIFY(d.indexOf(laWeek().sensorIds[6]) >= 0);
    }

    // Lane types are PeMS's: asked of another file, they are refused rather than ignored.
    void laneTypesOfOtherFilesAreRefused()
    {
        LoadOptions options;
        options.laneTypes = {"ML"};
        const std::string path = sharedPath("datasets/la-week/los_speed.csv");
        const QString wrong = refusalMismatch([&] { loadDataset(path, options); }, {"los_speed.csv: is no PeMS station file, so there are no lane types to choose"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // The station list of another district in the folder (a later download, say) is not the
    // map of this one's stations.
    void anotherDistrictsStationListIsLeftAlone()
    {
        namespace fs = std::filesystem;
        QTemporaryDir dir;
        writePemsDay(dir, 0);
        const std::string list = writePemsStationList(dir, 4); // it lists sensor 4 without coordinates
        fs::rename(list, dir.filePath(QStringLiteral("d08_text_meta_2012_06_01.txt")).toStdString());
        writePemsStationList(dir);
        const Dataset d = loadDataset(dir.path().toStdString());
        QCOMPARE(d.locations.size(), size_t(laWeek().numNodes));
        QCOMPARE(d.locations[nodeOf(d, 4)].latitude, laWeekWithLocations().locations[4].latitude);
    }

    // A day absent from the folder (a download that failed) is a day of missing steps, said in
    // a note, not a series that silently jumps a day.
    void anAbsentDayIsMissingReadings()
    {
        const Dataset& week = laWeek();
        QTemporaryDir dir;
        for (int day : {0, 1, 3}) writePemsDay(dir, day);
        const Dataset d = loadDataset(dir.path().toStdString(), LoadOptions{});
        QCOMPARE(d.numSteps, 4 * kStepsPerDay);
        QVERIFY(anyNoteContains(d, "288 of 1152 steps (25.0 %) are absent from the file"));
        const int64_t n = 10, m = nodeOf(d, n);
        QCOMPARE(d.value(2 * kStepsPerDay + 5, m), d.missingValue);
        QCOMPARE(d.value(3 * kStepsPerDay + 5, m), float(pemsFlowOf(week.value(3 * kStepsPerDay + 5, n))));
    }

    // PeMS writes California's local time: the night daylight saving time ends, the clock shows
    // 01:00-01:55 twice. A day file that repeats that hour is read, keeping the first showing,
    // with a note; the same repeat on another night is refused as any repeated reading is.
    void theHourAClockRepeatsIsReadOnce_data()
    {
        QTest::addColumn<QString>("date"); // month first, as PeMS writes it
        QTest::addColumn<bool>("read");
        QTest::newRow("first Sunday of November 2012") << "11/04/2012" << true;
        QTest::newRow("last Sunday of October 2005") << "10/30/2005" << true;
        QTest::newRow("second Sunday of November 2012") << "11/11/2012" << false;
        QTest::newRow("first Sunday of November 2005") << "11/06/2005" << false;
    }

    void theHourAClockRepeatsIsReadOnce()
    {
        QFETCH(QString, date);
        QFETCH(bool, read);
        const Dataset& week = laWeek();
        const auto dated = [&](std::string rows) { // la-week's day as the day `date`
            for (size_t at = 0; (at = rows.find('/', at)) != std::string::npos; at = rows.find('\n', at))
                rows.replace(at - 2, 10, date.toStdString());
            return rows;
        };
        constexpr int64_t hour = 12; // steps
        // Its day 0, with day 1's 01:00-01:55 as the hour's second showing.
        const std::string rows = dated(pemsStationRows(0, 2 * hour)) + dated(pemsStationRows(kStepsPerDay + hour, kStepsPerDay + 2 * hour))
            + dated(pemsStationRows(2 * hour, kStepsPerDay));
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("d07_text_station_5min_day.txt")).toStdString();
        writeFileMaybeGzipped(path, rows);
        LoadOptions options;
        options.valueColumn = "Avg Speed";
        if (!read) {
            const QString wrong = testing::refusalMismatch([&] { loadDataset(path, options); },
                                                           {"d07_text_station_5min_day.txt: rows ", " both give sensor '773869' at "});
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
            return;
        }
        const Dataset d = loadDataset(path, options);
        QCOMPARE(d.numSteps, kStepsPerDay);
        const int64_t n = 4, m = nodeOf(d, n);
        for (int64_t t = 0; t < kStepsPerDay; ++t) QCOMPARE(d.value(t, m), isMissing(week.value(t, n)) ? d.missingValue : week.value(t, n));
        const std::string day = formatTimestamp(d.timestamps.front()).substr(0, 10);
        QVERIFY2(anyNoteContains(d, "12 times from " + day + " 01:00:00 to " + day + " 01:55:00 shown twice, as the clock was put back an hour: "
                                        "read once, " + std::to_string(hour * week.numNodes) + " readings of the second showing left out"),
                 qPrintable(QString::fromStdString(d.notes.back())));
    }

    // The night daylight saving time begins, California's clocks skip 02:00-02:55: a day file
    // without that hour says why its steps are missing, which an hour absent on another night
    // (an outage) does not.
    void theHourAClockSkipsIsNamed_data()
    {
        QTest::addColumn<QString>("date"); // month first, as PeMS writes it
        QTest::addColumn<bool>("named");
        QTest::newRow("second Sunday of March 2012") << "03/11/2012" << true;
        QTest::newRow("first Sunday of April 2005") << "04/03/2005" << true;
        QTest::newRow("first Sunday of March 2012") << "03/04/2012" << false;
    }

    void theHourAClockSkipsIsNamed()
    {
        QFETCH(QString, date);
        QFETCH(bool, named);
        std::string rows = pemsStationRows(0, 2 * 12) + pemsStationRows(3 * 12, kStepsPerDay); // la-week's first day without 02:00-02:55
        for (size_t at = 0; (at = rows.find('/', at)) != std::string::npos; at = rows.find('\n', at)) rows.replace(at - 2, 10, date.toStdString());
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("d07_text_station_5min_day.txt")).toStdString();
        writeFileMaybeGzipped(path, rows);
        const Dataset d = loadDataset(path, LoadOptions{});
        QCOMPARE(d.numSteps, kStepsPerDay);
        QVERIFY(anyNoteContains(d, "12 of 288 steps (4.2 %) are absent from the file"));
        const std::string day = formatTimestamp(d.timestamps.front()).substr(0, 10);
        QCOMPARE(anyNoteContains(d, "the hour from " + day + " 02:00 has no readings: California's clocks skip it when daylight saving time "
                                    "begins, so its steps are missing readings"),
                 named);
    }

    // What goes wrong with downloads and folders, refused naming the file and what is wrong.
    void brokenFilesAreRefused_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("file"); // the file the message names
        QTest::addColumn<QStringList>("problem");
        QTest::newRow("a row cut short") << "short row" << "d07_text_station_5min_2012_03_02.txt"
                                         << QStringList{"row 3 has 8 fields, fewer than the 10 its layout needs"};
        QTest::newRow("a day copied") << "copied day" << "d07_text_station_5min_2012_03_02.txt.gz"
                                      << QStringList{"row 1 gives sensor '773869' at 2012-03-02 00:00:00, as row 1 of",
                                                     "d07_text_station_5min_2012_03_02 (1).txt.gz does: are the same readings in two files?"};
        QTest::newRow("a stray file named as a day") << "stray" << "d07_text_station_5min_2012_03_03.txt"
                                                     << QStringList{"is not a PeMS station file as the others are"};
        QTest::newRow("text for a flow") << "text flow" << "d07_text_station_5min_2012_03_02.txt"
                                         << QStringList{"row 2, column 'Total Flow': 'lots' is not a number"};
        QTest::newRow("a download cut short") << "truncated" << "d07_text_station_5min_2012_03_02.txt.gz"
                                              << QStringList{"the gzip file ends before its data do"};
        QTest::newRow("another district's day") << "other district" << ""
                                                << QStringList{"holds the PeMS station files of two districts (d04_text_station_5min_2012_03_02.txt, "
                                                               "d07_text_station_5min_2012_03_01.txt.gz), two networks: put each district's "
                                                               "files in a folder of its own"};
        QTest::newRow("a data station not surveyed") << "blank location" << "d07_text_meta_2012_03_01.txt"
                                                     << QStringList{"1 sensor of the data has no location", "listed with its coordinates blank"};
    }

    void brokenFilesAreRefused()
    {
        QFETCH(QString, damage);
        QFETCH(QString, file);
        QFETCH(QStringList, problem);
        namespace fs = std::filesystem;
        QTemporaryDir dir;
        writePemsDay(dir, 0);
        writePemsStationList(dir, damage == "blank location" ? 4 : -1);
        const std::string day2 = dir.filePath(QStringLiteral("d07_text_station_5min_2012_03_02.txt")).toStdString();
        std::string text = pemsStationRows(kStepsPerDay, 2 * kStepsPerDay);
        const size_t row2 = text.find('\n') + 1, row3 = text.find('\n', row2) + 1;
        if (damage == "short row") text.replace(row3, text.find('\n', row3) - row3, "03/02/2012 00:00:00,716331,7,5,S,ML,.439,30");
        if (damage == "text flow") {
            size_t comma = row2;
            for (int c = 0; c < 9; ++c) comma = text.find(',', comma) + 1;
            text.replace(comma, text.find(',', comma) - comma, "lots");
        }
        if (damage == "copied day" || damage == "truncated") {
            writeFileMaybeGzipped(day2 + ".gz", text);
            if (damage == "copied day") fs::copy_file(day2 + ".gz", dir.filePath(QStringLiteral("d07_text_station_5min_2012_03_02 (1).txt.gz")).toStdString());
            else fs::resize_file(day2 + ".gz", fs::file_size(day2 + ".gz") * 2 / 3);
        } else {
            writeFileMaybeGzipped(day2, text);
        }
        if (damage == "other district") fs::rename(day2, dir.filePath(QStringLiteral("d04_text_station_5min_2012_03_02.txt")).toStdString());
        if (damage == "stray") writeFileMaybeGzipped(dir.filePath(QStringLiteral("d07_text_station_5min_2012_03_03.txt")).toStdString(), "time,D1\n2012-03-03 00:00,5\n");
        problem.prepend(file);
        const QString wrong = refusalMismatch([&] { loadDataset(dir.path().toStdString()); }, problem);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // The days are read on threads of their own; of two broken days, the error is the first
    // day's, as when they are read in turn, however the threads finish.
    void ofTwoBrokenDaysTheFirstIsNamed()
    {
        QTemporaryDir dir;
        for (int day = 0; day < 4; ++day) {
            std::string text = pemsStationRows(day * kStepsPerDay, (day + 1) * kStepsPerDay);
            if (day == 1 || day == 3) text += "03/0" + std::to_string(day + 1) + "/2012 23:55:00,716331,7,5,S,ML\n"; // its last row cut short
            writeFileMaybeGzipped(dir.filePath(QStringLiteral("d07_text_station_5min_2012_03_0%1.txt").arg(day + 1)).toStdString(), text);
        }
        for (int attempt = 0; attempt < 3; ++attempt) {
            const QString wrong = refusalMismatch([&] { loadDataset(dir.path().toStdString()); },
                                                  {"d07_text_station_5min_2012_03_02.txt: row " + QString::number(207 * kStepsPerDay + 1) + " has 6 fields"});
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        }
    }

    // A station file is known by its rows, not by a slashed date alone: a direction and a lane
    // type must follow the station, district and freeway numbers. And by the names the
    // clearinghouse gives its files, for a folder's discovery.
    void stationFilesAreKnownByRowsAndNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("isStation");
        QTest::newRow("5-minute row") << "03/13/2012 08:05:00,773869,7,5,S,ML,.439,30,100,5,.03,60,10,5,.03,60,1" << true;
        QTest::newRow("no lanes, blank readings") << "03/13/2012 08:05:00,773869,7,5,E,OR,,0,0,,," << true;
        QTest::newRow("direction X") << "03/13/2012 08:05:00,773869,7,5,X,ML,.439,30,100,5,.03,60" << false;
        QTest::newRow("lane type ZZ") << "03/13/2012 08:05:00,773869,7,5,N,ZZ,.439,30,100,5,.03,60" << false;
        QTest::newRow("station id with letters") << "03/13/2012 08:05:00,D773869,7,5,N,ML,.439,30,100,5,.03,60" << false;
        QTest::newRow("ISO date") << "2012-03-13 08:05:00,773869,7,5,N,ML,.439,30,100,5,.03,60" << false;
        QTest::newRow("too few fields") << "03/13/2012 08:05:00,773869,7,5,N,ML,.439,30,100,5" << false;
    }

    void stationFilesAreKnownByRowsAndNames()
    {
        QFETCH(QString, text);
        QFETCH(bool, isStation);
        std::vector<std::string> row;
        std::istringstream fields(text.toStdString());
        for (std::string field; std::getline(fields, field, ',');) row.push_back(field);
        if (text.endsWith(',')) row.push_back("");
        QCOMPARE(isPemsStationRow(row), isStation);
    }

    void clearinghouseFileNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("kind"); // of station file; "meta" for a station list, "" for neither
        QTest::newRow("5-minute day") << "d07_text_station_5min_2019_01_15.txt.gz" << "5min";
        QTest::newRow("unzipped") << "d07_text_station_5min_2019_01_15.txt" << "5min";
        QTest::newRow("hourly month") << "d04_text_station_hour_2019_01.txt.gz" << "hour";
        QTest::newRow("daily month") << "D12_TEXT_STATION_DAY_2019_01.TXT.GZ" << "day";
        QTest::newRow("raw 30-second") << "d07_text_station_raw_2019_01_15.txt.gz" << "";
        QTest::newRow("station list") << "d07_text_meta_2019_01_10.txt" << "meta";
        QTest::newRow("a zip") << "d07_text_station_5min_2019_01_15.zip" << "";
        QTest::newRow("other csv") << "detectors.csv" << "";
    }

    void clearinghouseFileNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, kind);
        const std::string file = name.toStdString();
        QCOMPARE(QString::fromStdString(pemsStationFileKind(file)), kind == "meta" ? QString() : kind);
        QCOMPARE(isPemsMetaFileName(file), kind == "meta");
    }
};

QTEST_MAIN(TestPemsStationFiles)
#include "test_pems_station_files.moc"
