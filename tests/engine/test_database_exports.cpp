// What traffic databases export: long tables (a row per time and sensor, in any order, readings
// left out) and series whose time axis skips the times nothing was recorded. Built from la-week's
// real METR-LA readings, each must read as the published wide file does, absent readings missing.
#include "refusals.h"
#include "himnet/dataset.h"
#include "himnet/dataset_summary.h"
#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "himnet/workbook_writer.h"
#include "test_tensors.h"

#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

using namespace himnet;

namespace {

constexpr int64_t kSteps = 600; // two days of la-week: enough for every case, quick to write and read

/// la-week, with missing readings planted (one in 53): the published week has none, and
/// exports must keep a missing reading missing.
const Dataset& laWeek()
{
    static const Dataset d = [] {
        Dataset week = loadDataset(testing::sharedPath("datasets/la-week/metr-la-week1.h5"));
        for (size_t i = 0; i < week.values.size(); i += 53) week.values[i] = week.missingValue;
        return week;
    }();
    return d;
}

struct LongRow {
    int64_t step, node;
};

/// la-week's first kSteps steps as a long table `timestamp,detector,speed,speed_kmh`, rows in
/// `order`; readings equal to `skip` are left out (an export that omits missing readings).
std::string writeLongTable(const QTemporaryDir& dir, const std::vector<LongRow>& order, const std::string& header = "timestamp,detector,speed,speed_kmh")
{
    const Dataset& d = laWeek();
    const std::string path = dir.filePath(QStringLiteral("detectors.csv")).toStdString();
    std::ofstream out(path);
    out << header << '\n';
    for (const auto& r : order) {
        const float v = d.value(r.step, r.node);
        out << formatTimestamp(d.timestamps[r.step]) << ',' << d.sensorIds[r.node] << ',' << v << ',' << v * 1.609344f << '\n';
    }
    return path;
}

std::vector<LongRow> everyReading()
{
    std::vector<LongRow> rows;
    for (int64_t t = 0; t < kSteps; ++t)
        for (int64_t n = 0; n < laWeek().numNodes; ++n) rows.push_back({t, n});
    return rows;
}

/// la-week's first kSteps steps as a wide CSV with timestamps, its rows `steps` in that order.
std::string writeWideTable(const QTemporaryDir& dir, const std::vector<int64_t>& steps)
{
    const Dataset& d = laWeek();
    const std::string path = dir.filePath(QStringLiteral("speeds.csv")).toStdString();
    std::ofstream out(path);
    out << "timestamp";
    for (const auto& id : d.sensorIds) out << ',' << id;
    out << '\n';
    for (int64_t t : steps) {
        out << formatTimestamp(d.timestamps[t]);
        for (int64_t n = 0; n < d.numNodes; ++n) out << ',' << d.value(t, n);
        out << '\n';
    }
    return path;
}

std::string writeText(const QTemporaryDir& dir, const std::string& text)
{
    const std::string path = dir.filePath(QStringLiteral("export.csv")).toStdString();
    std::ofstream(path) << text;
    return path;
}

bool anyNoteContains(const Dataset& d, const std::string& text)
{
    return std::any_of(d.notes.begin(), d.notes.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

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
        std::vector<LongRow> rows = everyReading();
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
        std::vector<LongRow> rows;
        for (int64_t t = 0; t < 30; ++t)
            for (int64_t n = 0; n < 5; ++n) rows.push_back({t, n});
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

    // A wide table's first column is its time axis when its header names times as a long
    // table's would, whatever the times look like (epoch seconds under "utc" are not a sensor),
    // or when it holds dates under any header: a German export's "Zeitstempel" of day-first
    // dates, with semicolons and decimal commas, as Excel saves in that locale.
    void wideTimeColumnIsKnownByItsHeaderOrDates_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("format"); // of the times: epoch, iso, dotted
        QTest::addColumn<QString>("separator");
        QTest::newRow("utc, epoch seconds") << "utc" << "epoch" << ",";
        QTest::newRow("epoch") << "Epoch" << "epoch" << ",";
        QTest::newRow("Timestamp (UTC)") << "Timestamp (UTC)" << "iso" << ",";
        QTest::newRow("interval_start, day first") << "interval_start" << "dotted" << ",";
        QTest::newRow("datetime_utc") << "datetime_utc" << "iso" << ",";
        QTest::newRow("unnamed dates") << "Messzeit" << "iso" << ",";
        QTest::newRow("Zeitstempel, day first, semicolons") << "Zeitstempel" << "dotted" << ";";
    }

    void wideTimeColumnIsKnownByItsHeaderOrDates()
    {
        QFETCH(QString, header);
        QFETCH(QString, format);
        QFETCH(QString, separator);
        const Dataset& week = laWeek();
        const char sep = separator.at(0).toLatin1();
        const auto number = [&](float v) {
            std::string text = std::to_string(v);
            if (sep == ';') std::replace(text.begin(), text.end(), '.', ',');
            return text;
        };
        std::ostringstream text;
        text << header.toStdString() << sep << 'A' << sep << 'B' << sep << "C\n";
        for (int64_t t = 0; t < 36; ++t) {
            const int64_t when = week.timestamps[t];
            std::string stamp = format == "epoch" ? std::to_string(when) : formatTimestamp(when);
            if (format == "dotted") stamp = stamp.substr(8, 2) + "." + stamp.substr(5, 2) + "." + stamp.substr(0, 4) + stamp.substr(10, 6);
            text << stamp << sep << number(week.value(t, 0)) << sep << number(week.value(t, 1)) << sep << number(week.value(t, 2)) << '\n';
        }
        QTemporaryDir dir;
        const Dataset d = loadDataset(writeText(dir, text.str()));
        QCOMPARE(d.sensorIds, (std::vector<std::string>{"A", "B", "C"}));
        QVERIFY(d.timeAxisInFiles);
        QVERIFY(std::equal(d.timestamps.begin(), d.timestamps.end(), week.timestamps.begin()));
        QCOMPARE(d.value(5, 1), week.value(5, 1));
    }

    // Dates and times of day in two columns ("Date,Time,…", as spreadsheets and some portals
    // export them) are one timestamp, in long and wide tables, in either order, under English or
    // German names, or any names when they stand side by side, with ISO or day-first dates.
    void dateAndTimeInTwoColumns_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<bool>("longTable");
        QTest::addColumn<bool>("dayFirst"); // 01.03.2012 rather than 2012-03-01
        QTest::newRow("long: Date, Time") << "Date,Time,Detector,speed" << true << false;
        QTest::newRow("long: Time, Date") << "Time,Date,Detector,speed" << true << false;
        QTest::newRow("wide: date, time") << "date,time,A,B,C,D" << false << false;
        QTest::newRow("long: Datum, Uhrzeit, day first") << "Datum,Uhrzeit,Detektor,speed" << true << true;
        QTest::newRow("wide: Datum, Uhrzeit, day first") << "Datum,Uhrzeit,A,B,C,D" << false << true;
        QTest::newRow("wide: other names side by side") << "Tag,Stunde,A,B,C,D" << false << true;
    }

    void dateAndTimeInTwoColumns()
    {
        QFETCH(QString, header);
        QFETCH(bool, longTable);
        QFETCH(bool, dayFirst);
        const Dataset& week = laWeek();
        const bool timeFirst = header.startsWith("Time");
        std::ostringstream text;
        text << header.toStdString() << '\n';
        for (int64_t t = 280; t < 300; ++t) { // across midnight
            const std::string stamp = formatTimestamp(week.timestamps[t]), clock = stamp.substr(11, 5);
            const std::string day = dayFirst ? stamp.substr(8, 2) + "." + stamp.substr(5, 2) + "." + stamp.substr(0, 4) : stamp.substr(0, 10);
            const std::string when = timeFirst ? clock + "," + day : day + "," + clock;
            if (!longTable) text << when;
            for (int64_t n = 0; n < 4; ++n) {
                if (longTable) text << when << ',' << week.sensorIds[n] << ',' << week.value(t, n) << '\n';
                else text << ',' << week.value(t, n);
            }
            if (!longTable) text << '\n';
        }
        QTemporaryDir dir;
        const Dataset d = loadDataset(writeText(dir, text.str()));
        QCOMPARE(d.numNodes, int64_t(4));
        QCOMPARE(d.numSteps, int64_t(20));
        QVERIFY(std::equal(d.timestamps.begin(), d.timestamps.end(), week.timestamps.begin() + 280));
        for (int64_t n = 0; n < 4; ++n) {
            const int64_t w = longTable ? week.indexOf(d.sensorIds[n]) : n;
            QCOMPARE(d.value(13, n), week.value(293, w));
        }
        if (longTable) QCOMPARE(d.valueColumns, (std::vector<std::string>{"speed"})); // the time of day is no value column
    }

    // Times across the columns and a sensor per row (a spreadsheet's pivot table) read as the
    // wide table they turn into: the same sensors, times and readings, a blank cell missing.
    void timesAcrossReadAsTheWideTable_data()
    {
        QTest::addColumn<QString>("corner"); // the header's first field
        QTest::addColumn<QString>("separator");
        QTest::newRow("detector, commas") << "detector" << ",";
        QTest::newRow("blank corner, semicolons") << "" << ";";
    }

    void timesAcrossReadAsTheWideTable()
    {
        QFETCH(QString, corner);
        QFETCH(QString, separator);
        const Dataset& week = laWeek();
        const char sep = separator.at(0).toLatin1();
        const int64_t steps = 48, nodes = 4;
        std::ostringstream text;
        text << corner.toStdString();
        for (int64_t t = 0; t < steps; ++t) text << sep << formatTimestamp(week.timestamps[t]);
        text << '\n';
        for (int64_t n = 0; n < nodes; ++n) {
            text << week.sensorIds[n];
            for (int64_t t = 0; t < steps; ++t) {
                std::string reading = n == 2 && t == 7 ? "" : std::to_string(week.value(t, n));
                if (sep == ';') std::replace(reading.begin(), reading.end(), '.', ',');
                text << sep << reading;
            }
            text << '\n';
        }
        QTemporaryDir dir;
        const Dataset d = loadDataset(writeText(dir, text.str()));
        QCOMPARE(d.sensorIds, std::vector<std::string>(week.sensorIds.begin(), week.sensorIds.begin() + nodes));
        QCOMPARE(d.numSteps, steps);
        QVERIFY(d.timeAxisInFiles);
        QVERIFY(std::equal(d.timestamps.begin(), d.timestamps.end(), week.timestamps.begin()));
        for (int64_t t = 0; t < steps; ++t)
            for (int64_t n = 0; n < nodes; ++n)
                if (n == 2 && t == 7) QVERIFY(d.isMissing(t, n));
                else QCOMPARE(d.value(t, n), week.value(t, n));
        QVERIFY(anyNoteContains(d, "times across the columns"));
    }

    // Dates with slashes are read in the order the file's own dates show: a number above 12
    // settles it, and over several days the number that changes is the day. US exports put
    // the month first, most others the day; wide, long and times-across tables alike, and a
    // note says which was read.
    void slashedDatesAreReadInTheOrderTheyShow_data()
    {
        QTest::addColumn<QString>("layout"); // wide, long, across
        QTest::addColumn<bool>("monthFirst");
        QTest::addColumn<int>("shiftDays"); // from la-week's March 1st: 12 brings days past the 12th
        QTest::addColumn<QString>("note");
        QTest::newRow("wide, US, a week") << "wide" << true << 0 << "month first, as in the US (the number that changes";
        QTest::newRow("wide, day first, a week") << "wide" << false << 0 << "day first (the number that changes";
        QTest::newRow("wide, US, past the 12th") << "wide" << true << 12 << "month first, as in the US (3/13/2012 has no other reading)";
        QTest::newRow("long, US, past the 12th") << "long" << true << 12 << "month first, as in the US (3/13/2012";
        QTest::newRow("long, day first, a week") << "long" << false << 0 << "day first";
        QTest::newRow("times across, US") << "across" << true << 0 << "month first";
    }

    void slashedDatesAreReadInTheOrderTheyShow()
    {
        QFETCH(QString, layout);
        QFETCH(bool, monthFirst);
        QFETCH(int, shiftDays);
        QFETCH(QString, note);
        const Dataset& week = laWeek();
        const int64_t steps = 4 * 288, nodes = 3, shift = int64_t(shiftDays) * 86400;
        const auto slashed = [&](int64_t t) {
            const std::string iso = formatTimestamp(week.timestamps[t] + shift); // 2012-03-01 00:00:00
            const std::string month = std::to_string(std::stoi(iso.substr(5, 2))), day = std::to_string(std::stoi(iso.substr(8, 2)));
            return (monthFirst ? month + "/" + day : day + "/" + month) + "/" + iso.substr(0, 4) + iso.substr(10, 6);
        };
        std::ostringstream text;
        if (layout == "wide") {
            text << "time,A,B,C\n";
            for (int64_t t = 0; t < steps; ++t)
                text << slashed(t) << ',' << week.value(t, 0) << ',' << week.value(t, 1) << ',' << week.value(t, 2) << '\n';
        } else if (layout == "long") {
            text << "time,sensor,speed\n";
            for (int64_t t = 0; t < steps; ++t)
                for (int64_t n = 0; n < nodes; ++n) text << slashed(t) << ',' << char('A' + n) << ',' << week.value(t, n) << '\n';
        } else {
            text << "sensor";
            for (int64_t t = 0; t < steps; ++t) text << ',' << slashed(t);
            text << '\n';
            for (int64_t n = 0; n < nodes; ++n) {
                text << char('A' + n);
                for (int64_t t = 0; t < steps; ++t) text << ',' << week.value(t, n);
                text << '\n';
            }
        }
        QTemporaryDir dir;
        const Dataset d = loadDataset(writeText(dir, text.str()));
        QCOMPARE(d.numSteps, steps);
        for (int64_t t = 0; t < steps; t += 97) QCOMPARE(d.timestamps[t], week.timestamps[t] + shift);
        QCOMPARE(d.value(500, 1), week.value(500, 1));
        QVERIFY2(anyNoteContains(d, "dates with slashes read " + note.toStdString()), qPrintable(QString::fromStdString(d.notes.empty() ? "no notes" : d.notes.back())));
    }

    // Columns after the last sensor with neither a header nor a reading are no sensors (a
    // spreadsheet saves the empty columns of a sheet once formatted), and info says they were
    // left out; a column of readings without a sensor id is refused, naming the column.
    void emptyColumnsAfterTheSensorsAreLeftOut()
    {
        QTemporaryDir dir;
        std::string text = "time,A,B,,\n";
        for (int m = 0; m < 60; m += 5) text += "2020-01-01 00:" + std::string(m < 10 ? "0" : "") + std::to_string(m) + ",1,2" + (m % 10 ? ",," : ",") + "\n";
        const Dataset d = loadDataset(writeText(dir, text));
        QCOMPARE(d.sensorIds, (std::vector<std::string>{"A", "B"}));
        QCOMPARE(d.numSteps, int64_t(12));
        QVERIFY(anyNoteContains(d, "2 empty columns after the last sensor left out"));
        text.replace(text.find(",1,2,"), 5, ",1,2,7");
        const QString wrong = testing::refusalMismatch([&] { loadDataset(writeText(dir, text)); },
                                                       {"export.csv", "column 4 has readings but no sensor id in the header"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // Times of day without dates (a "Time" column of 08:05, a workbook's time cells) would
    // repeat every day: refused, saying so, instead of a reading column taken for dates or a
    // clock "put back for daylight saving".
    void timesOfDayAloneAreRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("where");
        QTest::newRow("long table") << "long" << "row 2, column 'time': '00:00' is a time of day without a date";
        QTest::newRow("wide table") << "wide" << "row 2, column 1: '00:00' is a time of day without a date";
        QTest::newRow("workbook of time cells") << "xlsx" << "row 2, column 1: '00:00:00' is a time of day without a date";
    }

    void timesOfDayAloneAreRefused()
    {
        QFETCH(QString, kind);
        QFETCH(QString, where);
        QTemporaryDir dir;
        std::string path;
        if (kind == "xlsx") {
            WorkbookWriter book;
            book.addSheet("Speeds", {"Time", "D0", "D1"});
            const int64_t excelDayZero = -2209161600; // 1899-12-30 00:00 UTC: where a time cell without a date lies
            for (int day = 0; day < 2; ++day)
                for (int64_t t = 0; t < 288; ++t) book.addRow({SheetTime{excelDayZero + 300 * t}, 50.0, 51.0});
            path = dir.filePath(QStringLiteral("times.xlsx")).toStdString();
            book.save(path);
        } else {
            std::ostringstream text;
            text << (kind == "long" ? "time,detector,speed\n" : "time,D0,D1\n");
            for (int day = 0; day < 2; ++day)
                for (int t = 0; t < 288; ++t) {
                    char clock[8];
                    std::snprintf(clock, sizeof clock, "%02d:%02d", t / 12, t % 12 * 5);
                    if (kind == "long") text << clock << ",D0,50\n" << clock << ",D1,51\n";
                    else text << clock << ",50,51\n";
                }
            path = writeText(dir, text.str());
        }
        const QString wrong = testing::refusalMismatch([&] { loadDataset(path); }, {where, "give the dates too"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
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

    // A title above the table ("Detector export" and a quoted line, as spreadsheets head what
    // they save) is left out and noted; messages still name the file's own row numbers.
    void titleAboveTheTableIsLeftOut_data()
    {
        QTest::addColumn<bool>("longTable");
        QTest::addColumn<bool>("semicolons"); // and decimal commas, as a spreadsheet in a European locale saves
        QTest::newRow("long table") << true << false;
        QTest::newRow("wide table") << false << false;
        QTest::newRow("long table, semicolons") << true << true;
        QTest::newRow("wide table, semicolons") << false << true;
    }

    void titleAboveTheTableIsLeftOut()
    {
        QFETCH(bool, longTable);
        QFETCH(bool, semicolons);
        const Dataset& week = laWeek();
        auto write = [&](const QTemporaryDir& dir, bool spoiled) {
            std::ostringstream text;
            text << "Detector export\n\"District 7, March 2012\"\n";
            text << (longTable ? "timestamp,detector,speed\n" : "timestamp,A,B,C,D\n");
            for (int64_t t = 0; t < 40; ++t) {
                const std::string when = formatTimestamp(week.timestamps[t]);
                if (!longTable) text << when;
                for (int64_t n = 0; n < 4; ++n) {
                    const std::string value = spoiled && t == 7 && n == 2 ? "err" : std::to_string(week.value(t, n));
                    if (longTable) text << when << ',' << week.sensorIds[n] << ',' << value << '\n';
                    else text << ',' << value;
                }
                if (!longTable) text << '\n';
            }
            std::string saved = text.str();
            bool quoted = false;
            if (semicolons) // separators, then "64.375" → "64,375"; the quoted title keeps its comma
                for (char& c : saved) {
                    if (c == '"') quoted = !quoted;
                    else if (c == ',' && !quoted) c = ';';
                    else if (c == '.') c = ',';
                }
            return writeText(dir, saved);
        };
        QTemporaryDir dir;
        const Dataset d = loadDataset(write(dir, false));
        QCOMPARE(d.numSteps, int64_t(40));
        QCOMPARE(d.numNodes, int64_t(4));
        QCOMPARE(d.value(7, 2), week.value(7, longTable ? d.indexOf(week.sensorIds[2]) : 2));
        QVERIFY(anyNoteContains(d, "the title above the table left out: \"Detector export / District 7, March 2012\""));
        // The spoiled reading is on the file's line 3 + 7 * 4 + 3 (long) or 3 + 7 + 1 (wide).
        const std::string row = longTable ? "row 34, column 'speed'" : "row 11, column 4";
        const QString wrong = testing::refusalMismatch([&] { loadDataset(write(dir, true)); },
                                                       {QString::fromStdString(row + ": 'err' is not a number")});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // An export's folder: the long table beside a table of detector locations, headed as the
    // database names them. The map gets la-week's real coordinates, whatever the rows' order.
    void exportFolderFindsItsDetectorLocations()
    {
        QTemporaryDir dir;
        std::vector<LongRow> rows;
        for (int64_t t = 0; t < 40; ++t)
            for (int64_t n = 0; n < 6; ++n) rows.push_back({t, n});
        writeLongTable(dir, rows);
        const Dataset located = loadDataset(testing::sharedPath("datasets/la-week"));
        {
            std::ofstream out(dir.filePath(QStringLiteral("detector_locations.csv")).toStdString());
            out << std::setprecision(10) << "Detector ID,Latitude,Longitude\n";
            for (int64_t n = 5; n >= 0; --n)
                out << located.sensorIds[n] << ',' << located.locations[n].latitude << ',' << located.locations[n].longitude << '\n';
        }
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

    // A gzipped export (as portals ship large ones and pandas writes them) reads as its text:
    // la-week's CSV alike, and a folder of a long table with its locations beside it, both
    // gzipped; a gzip file cut short is refused, saying so, rather than read as fewer steps.
    void gzippedExportsReadAsTheirText()
    {
        const auto gzip = [](const QString& from, const QString& to) {
            QProcess process;
            process.setStandardOutputFile(to);
            process.start(QStringLiteral("gzip"), {QStringLiteral("-c"), from});
            return process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
        };
        QTemporaryDir dir;
        const std::string plainPath = testing::sharedPath("datasets/la-week/los_speed.csv");
        const QString wide = dir.filePath(QStringLiteral("los_speed.csv.gz"));
        QVERIFY(gzip(QString::fromStdString(plainPath), wide));
        const Dataset plain = loadDataset(plainPath), zipped = loadDataset(wide.toStdString());
        QCOMPARE(zipped.sensorIds, plain.sensorIds);
        QCOMPARE(zipped.numSteps, plain.numSteps);
        QVERIFY(zipped.values == plain.values);

        QTemporaryDir folder;
        std::vector<LongRow> rows;
        for (int64_t t = 0; t < 40; ++t)
            for (int64_t n = 0; n < 6; ++n) rows.push_back({t, n});
        const QString table = QString::fromStdString(writeLongTable(folder, rows));
        QVERIFY(gzip(table, table + ".gz"));
        QVERIFY(QFile::remove(table));
        const Dataset located = loadDataset(testing::sharedPath("datasets/la-week")); // with its locations
        const QString locations = folder.filePath(QStringLiteral("detector_locations.csv"));
        {
            std::ofstream out(locations.toStdString());
            out << std::setprecision(10) << "Detector ID,Latitude,Longitude\n";
            for (int64_t n = 0; n < 6; ++n) out << located.sensorIds[n] << ',' << located.locations[n].latitude << ',' << located.locations[n].longitude << '\n';
        }
        QVERIFY(gzip(locations, locations + ".gz"));
        QVERIFY(QFile::remove(locations));
        const Dataset d = loadDataset(folder.path().toStdString());
        QCOMPARE(d.format, std::string("long-csv"));
        QCOMPARE(d.numNodes, int64_t(6));
        QCOMPARE(d.numSteps, int64_t(40));
        QVERIFY(d.hasLocations());

        const QString cut = dir.filePath(QStringLiteral("cut.csv.gz"));
        QVERIFY(QFile::copy(wide, cut));
        QVERIFY(QFile(cut).resize(QFileInfo(wide).size() / 2));
        const QString wrong = testing::refusalMismatch([&] { loadDataset(cut.toStdString()); }, {"cut.csv.gz", "ends before its data do"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // A wide file whose time axis skips steps (an outage), or whose rows are out of order, is
    // put on its regular grid: the skipped steps are missing readings, the others as in la-week.
    void gapsInTheTimeAxisAreMissingReadings_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<int>("absent");
        QTest::newRow("one step absent") << "one" << 1;
        QTest::newRow("two hours absent") << "block" << 24;
        QTest::newRow("rows out of order") << "shuffled" << 0;
        QTest::newRow("out of order, with gaps") << "shuffled with gaps" << 35;
    }

    void gapsInTheTimeAxisAreMissingReadings()
    {
        QFETCH(QString, variant);
        QFETCH(int, absent);
        std::vector<int64_t> steps;
        for (int64_t t = 0; t < kSteps; ++t) {
            const bool dropped = (variant == "one" && t == 100) || (variant == "block" && t >= 200 && t < 224)
                || (variant == "shuffled with gaps" && t % 17 == 5);
            if (!dropped) steps.push_back(t);
        }
        if (variant.startsWith("shuffled")) std::shuffle(steps.begin(), steps.end(), std::mt19937(3));
        QTemporaryDir dir;
        const Dataset d = loadDataset(writeWideTable(dir, steps));
        const Dataset& full = laWeek();
        QCOMPARE(d.numSteps, kSteps);
        QCOMPARE(static_cast<int>(kSteps - static_cast<int64_t>(steps.size())), absent);
        QVERIFY(std::equal(d.timestamps.begin(), d.timestamps.end(), full.timestamps.begin()));
        const std::set<int64_t> present(steps.begin(), steps.end());
        for (int64_t t = 0; t < kSteps; ++t)
            for (int64_t n = 0; n < d.numNodes; ++n) {
                if (present.count(t)) QCOMPARE(d.value(t, n), full.value(t, n));
                else QVERIFY(d.isMissing(t, n));
            }
        QCOMPARE(anyNoteContains(d, std::to_string(absent) + " of 600 steps"), absent > 0);
        QCOMPARE(anyNoteContains(d, "not in time order"), variant.startsWith("shuffled"));
        if (variant == "block") QVERIFY(anyNoteContains(d, "the longest gap: 24 steps after 2012-03-01 16:35:00"));
    }

    // Readings finer than the interval asked for are combined per step: the mean of each
    // sensor's readings from the step's start to the next, missing readings left out; or, for
    // counts (--aggregate sum), their total, a missing reading counted at the others' mean.
    void finerReadingsAreCombinedIntoSteps_data()
    {
        QTest::addColumn<int>("minutes");
        QTest::addColumn<bool>("withGapsAndShuffled");
        QTest::addColumn<bool>("totalled");
        QTest::newRow("5-minute readings averaged into 15-minute steps") << 15 << false << false;
        QTest::newRow("averaged into hours") << 60 << false << false;
        QTest::newRow("averaged into 15-minute steps, rows absent and out of order") << 15 << true << false;
        QTest::newRow("totalled into 15-minute steps") << 15 << false << true;
        QTest::newRow("totalled into hours, rows absent and out of order") << 60 << true << true;
    }

    void finerReadingsAreCombinedIntoSteps()
    {
        QFETCH(int, minutes);
        QFETCH(bool, withGapsAndShuffled);
        QFETCH(bool, totalled);
        std::vector<int64_t> steps;
        for (int64_t t = 0; t < kSteps; ++t)
            if (!withGapsAndShuffled || (t % 7 != 3 && (t < 300 || t >= 336))) steps.push_back(t); // 336 - 300: whole 15-min and 1-h steps
        if (withGapsAndShuffled) std::shuffle(steps.begin(), steps.end(), std::mt19937(5));
        QTemporaryDir dir;
        LoadOptions options;
        options.intervalSeconds = minutes * 60;
        if (totalled) options.aggregation = Aggregation::Sum;
        const Dataset d = loadDataset(writeWideTable(dir, steps), options);
        const Dataset& fine = laWeek();
        const int64_t per = minutes / 5;
        QCOMPARE(d.intervalSeconds, int64_t(minutes * 60));
        QCOMPARE(d.numSteps, kSteps / per);
        QCOMPARE(d.timestamps.front(), fine.timestamps.front());
        QCOMPARE(d.aggregation, std::optional<Aggregation>(totalled ? Aggregation::Sum : Aggregation::Mean));
        const std::set<int64_t> present(steps.begin(), steps.end());
        for (int64_t g = 0; g < d.numSteps; ++g)
            for (int64_t n = 0; n < d.numNodes; ++n) {
                double sum = 0;
                int count = 0;
                for (int64_t t = g * per; t < (g + 1) * per; ++t)
                    if (present.count(t) && !fine.isMissing(t, n)) {
                        sum += fine.value(t, n);
                        ++count;
                    }
                const double expected = count == 0 ? 0 : totalled ? sum / count * static_cast<double>(per) : sum / count;
                if (count == 0) QVERIFY(d.isMissing(g, n));
                else QVERIFY2(std::abs(d.value(g, n) - expected) < 1e-4 * std::max(1.0, expected),
                              qPrintable(QStringLiteral("step %1, sensor %2: %3, expected %4").arg(g).arg(n).arg(d.value(g, n)).arg(expected)));
            }
        QVERIFY(anyNoteContains(d, "readings every 5 min " + std::string(totalled ? "totalled" : "averaged") + " into steps of "
                                       + formatInterval(minutes * 60)));
        if (totalled) QVERIFY(anyNoteContains(d, "a missing one counted at the mean of the others"));
        QCOMPARE(anyNoteContains(d, std::to_string(36 / per) + " of " + std::to_string(kSteps / per) + " steps"), withGapsAndShuffled);
        QCOMPARE(summarizeDataset(d).aggregation, std::string(totalled ? "sum" : "mean"));
    }

    // Readings that look like counts (a flow column, vehicles) but were averaged: a note says how
    // to total them. A rate (veh/h), speeds, or counts already totalled get no such note; asking
    // for totals where each step is one reading says there was nothing to total.
    void countsAveragedIntoStepsAreNoted_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("unit");       // --unit, or empty
        QTest::addColumn<int>("interval");       // --interval in minutes, or 0
        QTest::addColumn<QString>("aggregate");  // --aggregate, or empty
        QTest::addColumn<QString>("note");       // a note expected, or empty
        const QString hint = "if they are counts per reading (vehicles, not a rate), total them instead (--aggregate sum";
        QTest::newRow("flow averaged") << "flow" << "" << 15 << "" << hint;
        QTest::newRow("vehicle counts averaged") << "vehicles" << "" << 15 << "" << hint;
        QTest::newRow("flow in veh/h averaged: a rate") << "flow" << "veh/h" << 15 << "" << "";
        QTest::newRow("speed averaged") << "speed" << "" << 15 << "" << "";
        QTest::newRow("flow averaged as asked") << "flow" << "" << 15 << "mean" << "";
        QTest::newRow("flow totalled") << "flow" << "" << 15 << "sum" << "";
        QTest::newRow("flow read as it is") << "flow" << "" << 0 << "" << "";
        QTest::newRow("nothing to total") << "flow" << "" << 0 << "sum" << "nothing to total: each step is one reading of the file";
    }

    void countsAveragedIntoStepsAreNoted()
    {
        QFETCH(QString, column);
        QFETCH(QString, unit);
        QFETCH(int, interval);
        QFETCH(QString, aggregate);
        QFETCH(QString, note);
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("detectors.csv")).toStdString();
        {
            std::ofstream out(path);
            out << "timestamp,detector," << column.toStdString() << '\n';
            for (int t = 0; t < 2 * 288; ++t)
                for (int n = 0; n < 3; ++n) out << formatTimestamp(parseTimestamp("2024-03-04") + 300 * t) << ",D" << n << ',' << 10 + (t + n) % 17 << '\n';
        }
        LoadOptions options;
        if (interval) options.intervalSeconds = interval * 60;
        if (!unit.isEmpty()) options.unit = unit.toStdString();
        if (!aggregate.isEmpty()) options.aggregation = parseAggregation(aggregate.toStdString());
        const Dataset d = loadDataset(path, options);
        QString notes;
        for (const auto& n : d.notes) notes += QString::fromStdString(n) + " | ";
        const bool noted = anyNoteContains(d, "total them instead") || anyNoteContains(d, "nothing to total");
        QVERIFY2(noted == !note.isEmpty(), qPrintable(notes));
        if (!note.isEmpty()) QVERIFY2(anyNoteContains(d, note.toStdString()), qPrintable(notes));
        QCOMPARE(d.aggregation.has_value(), interval > 0);
    }

    // The words people use, in any case; anything else is refused, saying what is meant.
    void aggregationIsReadByName_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected"); // -1: refused
        QTest::newRow("sum") << "sum" << int(Aggregation::Sum);
        QTest::newRow("Total") << "Total" << int(Aggregation::Sum);
        QTest::newRow("MEAN") << "MEAN" << int(Aggregation::Mean);
        QTest::newRow("average") << "average" << int(Aggregation::Mean);
        QTest::newRow("median") << "median" << -1;
        QTest::newRow("empty") << "" << -1;
    }

    void aggregationIsReadByName()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        if (expected >= 0) {
            QCOMPARE(int(parseAggregation(text.toStdString())), expected);
            QCOMPARE(parseAggregation(aggregationName(Aggregation(expected))), Aggregation(expected));
            return;
        }
        const QString wrong = testing::refusalMismatch([&] { parseAggregation(text.toStdString()); }, {"expected mean", "or sum"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // A manifest says how its readings are combined, as --aggregate does; the option given wins.
    void manifestSaysHowReadingsAreCombined()
    {
        QTemporaryDir dir;
        std::vector<int64_t> steps(static_cast<size_t>(kSteps));
        std::iota(steps.begin(), steps.end(), 0);
        const std::string series = writeWideTable(dir, steps);
        const std::string folder = std::filesystem::path(series).parent_path().string();
        std::ofstream(folder + "/dataset.json") << "{\"series\": \"" << std::filesystem::path(series).filename().string()
                                                 << "\", \"interval\": \"15min\", \"aggregate\": \"sum\"}";
        const Dataset totalled = loadDataset(folder);
        QCOMPARE(totalled.aggregation, std::optional<Aggregation>(Aggregation::Sum));
        QVERIFY(std::abs(totalled.value(0, 1) - (laWeek().value(0, 1) + laWeek().value(1, 1) + laWeek().value(2, 1))) < 1e-3);
        LoadOptions averaged;
        averaged.aggregation = Aggregation::Mean;
        QCOMPARE(loadDataset(folder, averaged).aggregation, std::optional<Aggregation>(Aggregation::Mean));
        std::ofstream(folder + "/dataset.json") << "{\"series\": \"" << std::filesystem::path(series).filename().string()
                                                 << "\", \"interval\": \"15min\", \"aggregate\": \"median\"}";
        const QString wrong = testing::refusalMismatch(
            [&] { loadDataset(folder); },
            {QString::fromStdString(folder + "/dataset.json"), "cannot read 'median' as a way to combine readings"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // The same la-week readings as a pandas HDF5 with a day cut out read the same way.
    void gapsInPandasHdf5AreMissingReadings()
    {
        QTemporaryDir dir;
        Dataset cut = laWeek();
        const int64_t day = 288, from = 2 * day, width = cut.numNodes;
        cut.values.erase(cut.values.begin() + from * width, cut.values.begin() + (from + day) * width);
        cut.timestamps.erase(cut.timestamps.begin() + from, cut.timestamps.begin() + from + day);
        cut.numSteps -= day;
        const std::string folder = dir.filePath(QStringLiteral("cut")).toStdString();
        writeDatasetFolder(cut, folder); // series.h5, as pandas writes it
        const Dataset d = loadDataset(folder + "/series.h5");
        QCOMPARE(d.numSteps, laWeek().numSteps);
        for (int64_t t = 0; t < d.numSteps; ++t)
            for (int64_t n = 0; n < width; n += 17) {
                if (t >= from && t < from + day) QVERIFY(d.isMissing(t, n));
                else QCOMPARE(d.value(t, n), laWeek().value(t, n));
            }
        QVERIFY(anyNoteContains(d, "288 of 2016 steps"));
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
