// What spreadsheets and portals save: times under any header and in two columns, dates day
// first or with slashes in either order, headers in other languages, empty columns after the
// data, times across the columns as a pivot table lays them out, a title above the table,
// times of day without dates, and gzipped files. Built from la-week's real METR-LA readings,
// each must read as the published file does, or be refused saying why.
#include "export_fixtures.h"
#include "refusals.h"
#include "himnet/dataset.h"
#include "himnet/errors.h"
#include "himnet/workbook_writer.h"
#include "shared_path.h"
#include "patience.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

using namespace himnet;
using namespace himnet::testing;

class TestSpreadsheetExports : public QObject {
    Q_OBJECT
private Q_SLOTS:
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
        QTest::addColumn<bool>("emptyColumnsAfter"); // as a spreadsheet saves formatted empty columns
        QTest::newRow("detector, commas") << "detector" << "," << false;
        QTest::newRow("blank corner, semicolons") << "" << ";" << false;
        QTest::newRow("empty columns after the times") << "detector" << "," << true;
    }

    void timesAcrossReadAsTheWideTable()
    {
        QFETCH(QString, corner);
        QFETCH(QString, separator);
        QFETCH(bool, emptyColumnsAfter);
        const Dataset& week = laWeek();
        const char sep = separator.at(0).toLatin1();
        const int64_t steps = 48, nodes = 4;
        const std::string after = emptyColumnsAfter ? std::string(2, sep) : std::string();
        std::ostringstream text;
        text << corner.toStdString();
        for (int64_t t = 0; t < steps; ++t) text << sep << formatTimestamp(week.timestamps[t]);
        text << after << '\n';
        for (int64_t n = 0; n < nodes; ++n) {
            text << week.sensorIds[n];
            for (int64_t t = 0; t < steps; ++t) {
                std::string reading = n == 2 && t == 7 ? "" : std::to_string(week.value(t, n));
                if (sep == ';') std::replace(reading.begin(), reading.end(), '.', ',');
                text << sep << reading;
            }
            text << after << '\n';
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
        QCOMPARE(anyNoteContains(d, "2 empty columns after the last time left out"), emptyColumnsAfter);
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
        QTest::addColumn<QString>("note"); // empty: none expected
        QTest::addColumn<int>("days");
        QTest::addColumn<QString>("stated"); // --date-order, for dates that do not tell
        QTest::newRow("wide, US, days") << "wide" << true << 0 << "month first, as in the US (the number that changes" << 4 << "";
        QTest::newRow("wide, day first, days") << "wide" << false << 0 << "day first (the number that changes" << 4 << "";
        QTest::newRow("wide, US, past the 12th") << "wide" << true << 12 << "month first, as in the US (3/13/2012 has no other reading)" << 4 << "";
        QTest::newRow("long, US, past the 12th") << "long" << true << 12 << "month first, as in the US (3/13/2012" << 4 << "";
        QTest::newRow("long, day first, days") << "long" << false << 0 << "day first" << 4 << "";
        QTest::newRow("times across, US") << "across" << true << 0 << "month first" << 4 << "";
        QTest::newRow("wide, one US day, stated") << "wide" << true << 0 << "" << 1 << "mdy";
        QTest::newRow("long, one day first, stated") << "long" << false << 0 << "" << 1 << "dmy";
        QTest::newRow("across, one US day, stated") << "across" << true << 0 << "" << 1 << "us";
    }

    void slashedDatesAreReadInTheOrderTheyShow()
    {
        QFETCH(QString, layout);
        QFETCH(bool, monthFirst);
        QFETCH(int, shiftDays);
        QFETCH(QString, note);
        QFETCH(int, days);
        QFETCH(QString, stated);
        const Dataset& week = laWeek();
        const int64_t steps = days * 288, nodes = 3, shift = int64_t(shiftDays) * 86400;
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
        const std::string path = writeText(dir, text.str());
        LoadOptions options;
        if (!stated.isEmpty()) {
            // Unsaid, one day of slashed dates is refused, saying how to say it.
            const QString wrong = testing::refusalMismatch([&] { loadDataset(path); }, {"export.csv", "--date-order mdy or dmy"});
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
            // As a DateOrderUnsettled, with a date of the file, which the app asks about.
            const auto unsettled = testing::thrownBy<DateOrderUnsettled>([&] { loadDataset(path); });
            QVERIFY(unsettled);
            QVERIFY2(unsettled->date().find('/') != std::string::npos, unsettled->date().c_str());
            QVERIFY2(std::string(unsettled->what()).find(unsettled->date()) != std::string::npos, unsettled->what());
            options.dateOrder = parseDateOrder(stated.toStdString());
        }
        const Dataset d = loadDataset(path, options);
        QCOMPARE(d.numSteps, steps);
        for (int64_t t = 0; t < steps; t += 97) QCOMPARE(d.timestamps[t], week.timestamps[t] + shift);
        QCOMPARE(d.value(200, 1), week.value(200, 1));
        if (!note.isEmpty())
            QVERIFY2(anyNoteContains(d, "dates with slashes read " + note.toStdString()), qPrintable(QString::fromStdString(d.notes.empty() ? "no notes" : d.notes.back())));
    }

    // A manifest says the date order as --date-order does; an unknown one is refused, naming it.
    void manifestSaysTheDateOrder()
    {
        QTemporaryDir dir;
        std::string text = "time,D1,D2\n";
        for (int t = 0; t < 288; ++t) {
            char row[48];
            std::snprintf(row, sizeof row, "3/4/2012 %02d:%02d,%d,%d\n", t / 12, t % 12 * 5, 50 + t % 7, 40 + t % 5);
            text += row;
        }
        writeText(dir, text);
        const std::string folder = dir.path().toStdString();
        std::ofstream(folder + "/dataset.json") << "{\"series\": \"export.csv\", \"date_order\": \"dmy\"}";
        QCOMPARE(formatTimestamp(loadDataset(folder).timestamps.front()), std::string("2012-04-03 00:00:00"));
        std::ofstream(folder + "/dataset.json") << "{\"series\": \"export.csv\", \"date_order\": \"ymd\"}";
        const QString wrong = testing::refusalMismatch([&] { loadDataset(folder); },
                                                       {QString::fromStdString(folder + "/dataset.json"), "cannot read 'ymd' as a date order"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
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

    // A wide table is read as it streams in, but what is wrong with it is refused in the order
    // of its rows, as if it were held whole: a row's width, then its time, then its cells; a
    // row without the empty columns after the last sensor is no short row.
    void wideTablesAreRefusedInTheOrderOfTheirRows_data()
    {
        QTest::addColumn<QString>("rows");    // what replaces a row ("5=…"; the header is row 1), separated by '|'
        QTest::addColumn<QString>("problem"); // empty: read
        QTest::newRow("a time before a cell") << "3=yesterday,1,2|5=2020-01-01 00:15,x,2" << "row 3, column 1: cannot read 'yesterday' as a time";
        QTest::newRow("a cell before a time") << "3=2020-01-01 00:05,1,x|5=yesterday,1,2" << "row 3, column 3: 'x' is not a number";
        QTest::newRow("a short row before a cell") << "4=2020-01-01 00:10,1|6=2020-01-01 00:20,x,2" << "row 4 has 2 fields, the header has 3";
        QTest::newRow("a cell before a short row") << "4=2020-01-01 00:10,x,2|6=2020-01-01 00:20,1" << "row 4, column 2: 'x' is not a number";
        QTest::newRow("a cell in a short row") << "4=2020-01-01 00:10,x" << "row 4 has 2 fields, the header has 3";
        QTest::newRow("a long row") << "7=2020-01-01 00:25,1,2,3" << "row 7 has 4 fields, the header has 3";
        QTest::newRow("rows without the empty columns") << "1=time,A,B,,|4=2020-01-01 00:10,1,2,," << "";
    }

    void wideTablesAreRefusedInTheOrderOfTheirRows()
    {
        QFETCH(QString, rows);
        QFETCH(QString, problem);
        std::string text = "time,A,B\n";
        for (int m = 0; m < 60; m += 5) text += "2020-01-01 00:" + std::string(m < 10 ? "0" : "") + std::to_string(m) + ",1,2\n";
        QTemporaryDir dir;
        const std::string path = writeText(dir, withRowsChanged(text, rows));
        if (problem.isEmpty()) {
            const Dataset d = loadDataset(path);
            QCOMPARE(d.sensorIds, (std::vector<std::string>{"A", "B"}));
            QCOMPARE(d.numSteps, int64_t(12));
            QCOMPARE(d.value(11, 1), 2.0f);
            QVERIFY(anyNoteContains(d, "2 empty columns after the last sensor left out"));
            return;
        }
        const QString wrong = testing::refusalMismatch([&] { loadDataset(path); }, {"export.csv", problem});
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

    // A gzipped export (as portals ship large ones and pandas writes them) reads as its text:
    // la-week's CSV alike, and a folder of a long table with its locations beside it, both
    // gzipped; a gzip file cut short is refused, saying so, rather than read as fewer steps.
    void gzippedExportsReadAsTheirText()
    {
        const auto gzip = [](const QString& from, const QString& to) {
            QProcess process;
            process.setStandardOutputFile(to);
            process.start(QStringLiteral("gzip"), {QStringLiteral("-c"), from});
            return process.waitForFinished(himnet::testing::patience(60000)) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
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
        const QString table = QString::fromStdString(writeLongTable(folder, firstReadings(40, 6)));
        QVERIFY(gzip(table, table + ".gz"));
        QVERIFY(QFile::remove(table));
        const QString locations = folder.filePath(QStringLiteral("detector_locations.csv"));
        writeLaWeekLocations(locations.toStdString(), "Detector ID,Latitude,Longitude", {0, 1, 2, 3, 4, 5});
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
};

QTEST_MAIN(TestSpreadsheetExports)
#include "test_spreadsheet_exports.moc"
