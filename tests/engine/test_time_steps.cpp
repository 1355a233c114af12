// Series put on their regular time grid: a time axis that skips steps (an outage of the export)
// or runs out of order, readings finer than the interval asked for averaged or totalled into
// steps, and the units and notes that follow. Built from la-week's real METR-LA readings. A
// period of the series read alone (sz-taxi's last three weeks). And the times and intervals
// themselves, as text: read, refused, written back.
#include "core/text.h"
#include "export_fixtures.h"
#include "npz_fixtures.h"
#include "refusals.h"
#include "shared_path.h"
#include "himnet/dataset.h"
#include "himnet/dataset_summary.h"
#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "test_tensors.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <set>

using namespace himnet;
using namespace himnet::testing;

namespace {

constexpr int64_t kSteps = 600; // two days of la-week: enough for every case, quick to write and read

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

/// The period from `from` until `until` (empty: unset), as the reading options give it.
LoadOptions period(const QString& from, const QString& until)
{
    LoadOptions o;
    if (!from.isEmpty()) o.from = parseTimestamp(from.toStdString());
    if (!until.isEmpty()) o.until = parseTimestamp(until.toStdString());
    return o;
}

bool anyNoteHas(const Dataset& d, const std::string& part)
{
    return std::any_of(d.notes.begin(), d.notes.end(), [&](const std::string& note) { return note.find(part) != std::string::npos; });
}

const std::string kSzTaxi = sharedPath("datasets/sz-taxi/SZ_taxi.npz"); // 2976 steps of 15 min from 2015-01-01

} // namespace

class TestTimeSteps : public QObject {
    Q_OBJECT
private Q_SLOTS:
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

    // Counts totalled into longer steps count per those steps: the unit says so, whether the
    // file, PeMS's layout or --unit gave it. Averaged, or a rate, or no count at all, it stays.
    void unitsOfCountsFollowTheirTotals_data()
    {
        QTest::addColumn<QString>("unit");      // --unit
        QTest::addColumn<int>("interval");      // --interval in minutes
        QTest::addColumn<QString>("aggregate"); // --aggregate
        QTest::addColumn<QString>("expected");
        QTest::newRow("veh/5 min into 15") << "veh/5 min" << 15 << "sum" << "veh/15 min";
        QTest::newRow("veh/5min into an hour") << "veh/5min" << 60 << "sum" << "veh/h";
        QTest::newRow("vehicles/5 minutes into 10") << "vehicles/5 minutes" << 10 << "sum" << "vehicles/10 min";
        QTest::newRow("trips/5-min into a day") << "trips/5-min" << 1440 << "sum" << "trips/day";
        QTest::newRow("averaged: per 5 min still") << "veh/5 min" << 15 << "mean" << "veh/5 min";
        QTest::newRow("a rate totalled") << "veh/h" << 15 << "sum" << "veh/h";
        QTest::newRow("no count") << "mph" << 15 << "sum" << "mph";
    }

    void unitsOfCountsFollowTheirTotals()
    {
        QFETCH(QString, unit);
        QFETCH(int, interval);
        QFETCH(QString, aggregate);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::vector<LongRow> rows = firstReadings(2 * 288, 3);
        const std::string path = writeLongTable(dir, rows, "timestamp,detector,flow,flow_kmh");
        LoadOptions options;
        options.unit = unit.toStdString();
        options.intervalSeconds = interval * 60;
        options.aggregation = parseAggregation(aggregate.toStdString());
        const Dataset d = loadDataset(path, options);
        QCOMPARE(QString::fromStdString(d.unit), expected);
        QCOMPARE(anyNoteContains(d, "for their totals"), expected != unit);
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

    // Times and intervals as files and people write them, read to UTC seconds.
    void timestampsAndIntervals_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qlonglong>("seconds");
        QTest::newRow("date") << "2012-03-01" << qlonglong(1330560000);
        QTest::newRow("minutes") << "2012-03-01 08:05" << qlonglong(1330560000 + 8 * 3600 + 300);
        QTest::newRow("iso Z") << "2012-03-01T08:05:00Z" << qlonglong(1330560000 + 8 * 3600 + 300);
        QTest::newRow("fraction") << "2012-03-01 08:05:00.000" << qlonglong(1330560000 + 8 * 3600 + 300);
        QTest::newRow("epoch") << "1330560000" << qlonglong(1330560000);
        QTest::newRow("epoch milliseconds") << "1330560300000" << qlonglong(1330560300);
        QTest::newRow("epoch microseconds") << "1330560300000000" << qlonglong(1330560300);
        QTest::newRow("epoch nanoseconds, pandas") << "1330560300000000000" << qlonglong(1330560300);
        QTest::newRow("day first, dots") << "01.03.2012 08:05" << qlonglong(1330560000 + 8 * 3600 + 300);
        QTest::newRow("day first, dots, seconds") << " 1.3.2012 08:05:07 " << qlonglong(1330560000 + 8 * 3600 + 307);
        QTest::newRow("day first, date only") << "01.03.2012" << qlonglong(1330560000);
        QTest::newRow("single-digit hour") << "2012-03-01 8:05" << qlonglong(1330560000 + 8 * 3600 + 300);
        QTest::newRow("UTC offset, pandas") << "2012-03-01 08:05:00+00:00" << qlonglong(1330560000 + 8 * 3600 + 300);
        QTest::newRow("offset east") << "2012-03-01 09:05:00+01:00" << qlonglong(1330560000 + 8 * 3600 + 300);
        QTest::newRow("offset west, ISO") << "2012-03-01T03:05-0500" << qlonglong(1330560000 + 8 * 3600 + 300);
        QTest::newRow("offset across midnight") << "2012-03-01 01:35:00+05:30" << qlonglong(1330560000 - 4 * 3600 + 300);
    }

    void timestampsAndIntervals()
    {
        QFETCH(QString, text);
        QFETCH(qlonglong, seconds);
        QCOMPARE(parseTimestamp(text.toStdString()), seconds);
        QCOMPARE(parseInterval("5min"), int64_t(300));
        QCOMPARE(parseInterval("15m"), int64_t(900));
        QCOMPARE(parseInterval("1h"), int64_t(3600));
        QVERIFY_THROWS_EXCEPTION(InputError, parseInterval("0"));
        // Found by fuzzing: hours beyond int64's seconds overflowed when multiplied.
        QVERIFY_THROWS_EXCEPTION(InputError, parseInterval("9223372036854775807h"));
        // A day at most: steps divide a day, and a series' times are its first plus steps of it.
        QCOMPARE(parseInterval("1440min"), int64_t(86400));
        const QString longer = testing::refusalMismatch([] { parseInterval("25h"); }, {"'25h' is longer than a day"});
        QVERIFY2(longer.isEmpty(), qPrintable(longer));
        QVERIFY_THROWS_EXCEPTION(InputError, parseTimestamp("yesterday"));
    }

    // What cannot be a time says so, and why when the reason is not obvious.
    void malformedTimesAreRejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("word") << "yesterday" << "expected e.g.";
        QTest::newRow("month 13") << "2012-13-01" << "expected e.g.";
        QTest::newRow("minute 60") << "2012-03-01 08:60" << "expected e.g.";
        QTest::newRow("trailing text") << "2012-03-01 08:05 CET" << "expected e.g.";
        QTest::newRow("fraction without seconds") << "2012-03-01 08:05.5" << "expected e.g.";
        QTest::newRow("two-digit year") << "01.03.12 08:05" << "expected e.g.";
        QTest::newRow("14 digits: no unit of epoch time") << "13305600000000" << "epoch seconds or milliseconds";
        QTest::newRow("slashes") << "3/1/2012 08:05" << "month or the day first";
        QTest::newRow("offset of 25 hours") << "2012-03-01 08:05+25:00" << "expected e.g.";
        QTest::newRow("offset in words") << "2012-03-01 08:05+one" << "expected e.g.";
        QTest::newRow("empty") << "" << "expected e.g.";
        // Found by fuzzing (tests/fuzz): 19 digits beyond int64 threw std::out_of_range.
        QTest::newRow("19 digits beyond 64 bits") << "9330133053013300500" << "epoch seconds or milliseconds";
    }

    void malformedTimesAreRejected()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        const QString wrong = testing::refusalMismatch([&] { parseTimestamp(text.toStdString()); }, {reason, "'" + text + "'"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // A period of the series read alone: its steps exactly as in the whole series, from the
    // first at or after its beginning to the last before its end, and a note when it leaves
    // steps out.
    void aPeriodIsReadAlone_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("until");
        QTest::addColumn<qlonglong>("firstStep"); // of the whole series
        QTest::addColumn<qlonglong>("steps");
        QTest::addColumn<QString>("note");        // empty: none
        QTest::newRow("from a day on") << "2015-01-11" << "" << qlonglong(960) << qlonglong(2016)
                                       << "read 2016 of the series' 2976 steps, those from 2015-01-11 00:00:00 on";
        QTest::newRow("the first week") << "" << "2015-01-08" << qlonglong(0) << qlonglong(672)
                                        << "read 672 of the series' 2976 steps, those before 2015-01-08 00:00:00";
        QTest::newRow("six hours of a day") << "2015-01-05 06:00" << "2015-01-05 12:00" << qlonglong(4 * 96 + 24) << qlonglong(24)
                                            << "those from 2015-01-05 06:00:00 until 2015-01-05 12:00:00";
        QTest::newRow("times between steps") << "2015-01-11 00:07" << "2015-01-12 00:01" << qlonglong(961) << qlonglong(96) << "read 96 of";
        QTest::newRow("a period around the whole series") << "2014-12-01" << "2015-03-01" << qlonglong(0) << qlonglong(2976) << "";
    }

    void aPeriodIsReadAlone()
    {
        QFETCH(QString, from);
        QFETCH(QString, until);
        QFETCH(qlonglong, firstStep);
        QFETCH(qlonglong, steps);
        QFETCH(QString, note);
        const Dataset whole = loadDataset(kSzTaxi);
        const Dataset read = loadDataset(kSzTaxi, period(from, until));
        QCOMPARE(read.numSteps, int64_t(steps));
        QCOMPARE(read.timestamps.front(), whole.timestamps[firstStep]);
        QCOMPARE(read.timestamps.back(), whole.timestamps[firstStep + steps - 1]);
        const auto width = static_cast<std::ptrdiff_t>(whole.numNodes * whole.numChannels);
        QVERIFY(std::equal(read.values.begin(), read.values.end(), whole.values.begin() + firstStep * width,
                           whole.values.begin() + (firstStep + steps) * width));
        QCOMPARE(read.sensorIds, whole.sensorIds);
        // Where the whole series begins and ends, when a period of it is read.
        const bool cut = !note.isEmpty();
        QCOMPARE(read.seriesFirstTime, cut ? std::optional<int64_t>(whole.timestamps.front()) : std::nullopt);
        QCOMPARE(read.seriesLastTime, cut ? std::optional<int64_t>(whole.timestamps.back()) : std::nullopt);
        QCOMPARE(read.edges.size(), whole.edges.size());
        if (note.isEmpty()) QVERIFY(!anyNoteHas(read, "of the series'"));
        else QVERIFY2(anyNoteHas(read, note.toStdString()), qPrintable(QString::fromStdString(joined(read.notes, " | "))));
    }

    // A period that holds no step, or ends before it begins, is refused, naming the file and
    // the steps it has.
    void periodsWithoutStepsAreRefused_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("until");
        QTest::addColumn<QString>("problem");
        const QString span = QStringLiteral(": its steps run from 2015-01-01 00:00:00 to 2015-01-31 23:45:00");
        QTest::newRow("after the series") << "2016-01-01" << "" << "has no step from 2016-01-01 00:00:00 on" + span;
        QTest::newRow("before the series") << "" << "2015-01-01" << "has no step before 2015-01-01 00:00:00" + span;
        QTest::newRow("between two steps") << "2015-01-05 06:01" << "2015-01-05 06:14"
                                           << "has no step from 2015-01-05 06:01:00 until 2015-01-05 06:14:00" + span;
        QTest::newRow("ending before it begins")
            << "2015-01-20" << "2015-01-11"
            << "nothing to read from 2015-01-20 00:00:00 until 2015-01-11 00:00:00: the period to read must end after it begins";
    }

    void periodsWithoutStepsAreRefused()
    {
        QFETCH(QString, from);
        QFETCH(QString, until);
        QFETCH(QString, problem);
        const QString wrong = refusalMismatch([&] { loadDataset(kSzTaxi, period(from, until)); }, {QString::fromStdString(kSzTaxi), problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // The reference's windows number the steps of the whole series, as its file gives them: a
    // period, or readings combined into longer steps, leave the split file out, saying why.
    // sz-taxi's file has no timestamps: an interval says how long its steps are, combining none.
    void aSplitFileServesTheWholeSeriesOnly_data()
    {
        QTest::addColumn<bool>("laWeek");        // la-week's 5-minute speeds, else sz-taxi
        QTest::addColumn<QString>("from");
        QTest::addColumn<qlonglong>("interval"); // 0: the file's own
        QTest::addColumn<QString>("why");        // empty: the split file is used
        QTest::newRow("the whole series") << false << "" << qlonglong(0) << "";
        QTest::newRow("a period") << false << "2015-01-11" << qlonglong(0)
                                  << "index.npz: a split file, left out (its windows number the steps of the whole series, and those from "
                                     "2015-01-11 00:00:00 on are read); training splits the series by time";
        QTest::newRow("steps of half an hour, without timestamps") << false << "" << qlonglong(1800) << "";
        QTest::newRow("5-minute readings") << true << "" << qlonglong(0) << "";
        QTest::newRow("5-minute readings averaged into half hours")
            << true << "" << qlonglong(1800)
            << "index.npz: a split file, left out (its windows number the file's own steps, and those were combined into 30 min steps)";
    }

    void aSplitFileServesTheWholeSeriesOnly()
    {
        QFETCH(bool, laWeek);
        QFETCH(QString, from);
        QFETCH(qlonglong, interval);
        QFETCH(QString, why);
        QTemporaryDir dir;
        if (laWeek) {
            QVERIFY(QFile::copy(QString::fromStdString(sharedPath("datasets/la-week/metr-la-week1.h5")), dir.filePath("metr-la-week1.h5")));
            writeSplitFile(dir.filePath("index.npz").toStdString(), chronologicalStarts(2016, 1300, 200));
        } else {
            copySzTaxi(dir.path().toStdString(), true);
        }
        LoadOptions options = period(from, {});
        if (interval > 0) options.intervalSeconds = interval;
        const Dataset d = loadDataset(dir.path().toStdString(), options);
        QCOMPARE(d.splitFile.empty(), !why.isEmpty());
        if (!why.isEmpty()) QVERIFY2(anyNoteHas(d, why.toStdString()), qPrintable(QString::fromStdString(joined(d.notes, " | "))));
    }

    // How the app and the messages write an interval, and parseInterval reads it back.
    void intervalsReadBackAsWritten_data()
    {
        QTest::addColumn<qlonglong>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("5 minutes") << qlonglong(300) << "5 min";
        QTest::newRow("15 minutes") << qlonglong(900) << "15 min";
        QTest::newRow("an hour") << qlonglong(3600) << "1 h";
        QTest::newRow("90 seconds") << qlonglong(90) << "90 s";
    }

    void intervalsReadBackAsWritten()
    {
        QFETCH(qlonglong, seconds);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatInterval(seconds)), text);
        QCOMPARE(parseInterval(formatInterval(seconds)), int64_t(seconds));
    }
};

QTEST_MAIN(TestTimeSteps)
#include "test_time_steps.moc"
