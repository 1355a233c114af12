// Split-conformal forecast intervals: the rank of the level among the calibration errors, a
// half-width per horizon step and sensor (the step's over every sensor where a sensor has too
// few targets), their coverage counted on other windows, and what an evaluation of real data
// reports of them.
#include "data/windowed_data.h"
#include "model/himnet.h"
#include "shared_path.h"
#include "train/evaluation_internal.h"
#include "train/forecast_intervals.h"
#include "train/trained_model.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <cmath>
#include <memory>
#include <numeric>
#include <tuple>

using namespace himnet;

namespace {

/// (B, Q, N, 1) of `values`, windows first.
torch::Tensor windowsOf(const std::vector<double>& values, int64_t steps, int64_t sensors)
{
    return torch::tensor(values, torch::kFloat64).view({-1, steps, sensors, 1});
}

/// (B, Q): the time of day in seconds of each window's targets.
torch::Tensor secondsOfTargets(const WindowedData& windows, const std::vector<int64_t>& starts)
{
    const int64_t T = windows.options().inSteps, Q = windows.options().outSteps;
    std::vector<int64_t> seconds;
    for (int64_t start : starts)
        for (int64_t q = 0; q < Q; ++q)
            seconds.push_back(windows.slots()[static_cast<size_t>(start + T + q)] * windows.dataset().intervalSeconds);
    return torch::tensor(seconds, torch::kLong).view({static_cast<int64_t>(starts.size()), Q});
}

/// Two weeks of one sensor at 5-minute steps that stray ten times as far from their usual level
/// from 08:00 to 08:59 as at any other hour.
std::shared_ptr<const Dataset> busyAtEight()
{
    auto d = std::make_shared<Dataset>();
    d->numSteps = 14 * 288;
    d->numNodes = 1;
    d->intervalSeconds = 300;
    d->sensorIds = {"only"};
    for (int64_t t = 0; t < d->numSteps; ++t) {
        d->timestamps.push_back(1709510400 + t * 300); // 2024-03-04, a Monday
        const double amplitude = (t % 288) / 12 == 8 ? 10.0 : 1.0;
        d->values.push_back(static_cast<float>(50.0 + amplitude * std::sin(1.7 * static_cast<double>(t))));
    }
    d->validate();
    return d;
}

/// A small untrained HimNet (seed 0) of `windows`' network: its errors are large and uneven,
/// which is all the intervals need.
HimNet untrainedModel(const WindowedData& windows)
{
    HimNetConfig config;
    config.numNodes = windows.dataset().numNodes;
    config.hiddenDim = 8;
    config.stepsPerDay = 288;
    torch::manual_seed(0);
    return HimNet(config);
}

} // namespace

class TestForecastIntervals : public QObject {
    Q_OBJECT

    std::shared_ptr<const Dataset> m_laWeek;

private Q_SLOTS:
    void initTestCase() { m_laWeek = std::make_shared<const Dataset>(loadDataset(testing::sharedPath("datasets/la-week"))); }

    void conformalRankOfLevel_data()
    {
        QTest::addColumn<qint64>("errors");
        QTest::addColumn<double>("level");
        QTest::addColumn<qint64>("rank");
        QTest::newRow("9 errors, 90 %: the largest") << qint64(9) << 0.9 << qint64(9);
        QTest::newRow("8 errors, 90 %: too few") << qint64(8) << 0.9 << qint64(9);
        QTest::newRow("99 errors, 90 %") << qint64(99) << 0.9 << qint64(90);
        QTest::newRow("100 errors, 90 %: rounded up") << qint64(100) << 0.9 << qint64(91);
        QTest::newRow("19 errors, 95 %") << qint64(19) << 0.95 << qint64(19);
        QTest::newRow("3 errors, 50 %") << qint64(3) << 0.5 << qint64(2);
    }
    void conformalRankOfLevel()
    {
        QFETCH(qint64, errors);
        QFETCH(double, level);
        QFETCH(qint64, rank);
        QCOMPARE(conformalRank(errors, level), rank);
    }

    // Each cell's half-width is the ⌈(n + 1) · level⌉-th smallest of its present errors;
    // missing targets count for nothing.
    void eachCellTakesTheRankOfItsOwnErrors()
    {
        // 19 windows, Q 2, N 2. Step 1: sensor 0 off by 1 … 19 (rank ⌈20 · 0.9⌉ = 18 → 18),
        // sensor 1 by 2, 4, … 38 (→ 36). Step 2: sensor 0 off by 0.5 everywhere; sensor 1's
        // target is missing (0) in the windows of odd index, its 10 others off by 3 … 12 (rank
        // ⌈11 · 0.9⌉ = 10 → 12).
        std::vector<double> prediction, target;
        for (int w = 0; w < 19; ++w) {
            const double t = 100.0 + w;
            prediction.insert(prediction.end(), {t + (w + 1), t - 2.0 * (w + 1), t + 0.5, w % 2 == 0 ? t + 3 + w / 2 : 50.0});
            target.insert(target.end(), {t, t, t, w % 2 == 0 ? t : 0.0});
        }
        ConformalCalibration calibration(2, 2, 0.0);
        calibration.add(windowsOf(prediction, 2, 2), windowsOf(target, 2, 2), torch::zeros({19, 2}, torch::kLong));
        const ForecastIntervals intervals = calibration.intervals(0.9, "val", 19);
        QVERIFY2(intervals.missing.empty(), intervals.missing.c_str());
        QCOMPARE(intervals.level, 0.9);
        QCOMPARE(intervals.calibrationWindows, qint64(19));
        QCOMPARE(intervals.pooledCells, qint64(0));
        QCOMPARE(intervals.halfWidth(0, 0, 0), 18.0f);
        QCOMPARE(intervals.halfWidth(0, 1, 0), 36.0f);
        QCOMPARE(intervals.halfWidth(1, 0, 0), 0.5f);
        QCOMPARE(intervals.halfWidth(1, 1, 0), 12.0f);
    }

    // A sensor with fewer targets than the level needs takes its step's half-width over every
    // sensor; a step with too few over every sensor leaves no intervals at all, and says why.
    void tooFewTargetsFallBackOrLeaveNone()
    {
        // 12 windows, Q 1, N 2: sensor 0 off by 1 … 12; sensor 1 has 4 targets, off by 100.
        std::vector<double> prediction, target;
        for (int w = 0; w < 12; ++w) {
            prediction.insert(prediction.end(), {10.0 + (w + 1), w < 4 ? 110.0 : 7.0});
            target.insert(target.end(), {10.0, w < 4 ? 10.0 : 0.0});
        }
        ConformalCalibration calibration(1, 2, 0.0);
        calibration.add(windowsOf(prediction, 1, 2), windowsOf(target, 1, 2), torch::zeros({12, 1}, torch::kLong));
        const ForecastIntervals intervals = calibration.intervals(0.9, "val", 12);
        QCOMPARE(intervals.pooledCells, qint64(1));
        QCOMPARE(intervals.halfWidth(0, 0, 0), 12.0f); // rank ⌈13 · 0.9⌉ = 12 of its 12
        // Over both: 1 … 12 and four of 100; rank ⌈17 · 0.9⌉ = 16 of 16: 100.
        QCOMPARE(intervals.halfWidth(0, 1, 0), 100.0f);

        ConformalCalibration few(1, 1, 0.0);
        few.add(windowsOf({11, 12, 13, 14, 15}, 1, 1), windowsOf({10, 10, 10, 10, 10}, 1, 1), torch::zeros({5, 1}, torch::kLong));
        const ForecastIntervals none = few.intervals(0.9, "val", 5);
        QVERIFY(none.empty());
        QCOMPARE(none.level, 0.0);
        QVERIFY2(QString::fromStdString(none.missing).contains("5 present targets at horizon step 1, too few for 90 % intervals"),
                 none.missing.c_str());
    }

    // Coverage counts the present targets whose error is within their cell's half-width (an
    // error equal to it is inside), per step and over all, with their mean half-width.
    void coverageCountsPresentTargetsInside()
    {
        ForecastIntervals intervals;
        intervals.level = 0.9;
        intervals.horizon = 2;
        intervals.sensors = 2;
        intervals.halfWidths = {1.0f, 2.0f, 3.0f, 4.0f}; // step 1: 1, 2; step 2: 3, 4
        IntervalCoverageCount count(intervals, 0.0);
        // Two windows. Step 1 errors: 1 (in), 3 (out); 0.5 (in), missing. Step 2: 3 (in), 4 (in); 5 (out), 1 (in).
        const std::vector<double> prediction{11, 13, 13, 14, 10.5, 99, 15, 11};
        const std::vector<double> target{10, 10, 10, 10, 10, 0, 10, 10};
        // Window 0's steps fall on Monday at 07:00 and 08:00, window 1's on Tuesday at 08:00 and
        // 09:00 (hours of the week 32 and 33).
        const torch::Tensor hoursOfWeek = torch::tensor({7, 8, 32, 33}, torch::kLong).view({2, 2});
        count.add(windowsOf(prediction, 2, 2), windowsOf(target, 2, 2), hoursOfWeek, hoursOfWeek.remainder(24) * 3600);
        count.fill(intervals);
        QCOMPARE(intervals.steps.size(), size_t(2));
        QCOMPARE(intervals.steps[0].step, qint64(1));
        QCOMPARE(intervals.steps[0].targets, qint64(3));
        QCOMPARE(intervals.steps[0].covered, 2.0 / 3.0);
        QCOMPARE(intervals.steps[0].meanHalfWidth, (1.0 + 2.0 + 1.0) / 3.0);
        QCOMPARE(intervals.steps[1].targets, qint64(4));
        QCOMPARE(intervals.steps[1].covered, 0.75);
        QCOMPARE(intervals.all.step, qint64(0));
        QCOMPARE(intervals.all.targets, qint64(7));
        QCOMPARE(intervals.all.covered, 5.0 / 7.0);
        QCOMPARE(intervals.all.meanHalfWidth, (4.0 + 14.0) / 7.0);
        // By hour: 7 holds window 0's step 1 (1 in, 1 out), 8 its step 2 (both in) and window
        // 1's step 1 (in; the other missing), 9 window 1's step 2 (1 out, 1 in).
        QCOMPARE(intervals.hours.size(), size_t(24));
        QCOMPARE(intervals.hours[7].targets, qint64(2));
        QCOMPARE(intervals.hours[7].covered, 0.5);
        QCOMPARE(intervals.hours[8].targets, qint64(3));
        QCOMPARE(intervals.hours[8].covered, 1.0);
        QCOMPARE(intervals.hours[8].meanHalfWidth, (3.0 + 4.0 + 1.0) / 3.0);
        QCOMPARE(intervals.hours[9].targets, qint64(2));
        QCOMPARE(intervals.hours[9].covered, 0.5);
        QCOMPARE(intervals.hours[0].targets, qint64(0));
        QCOMPARE(hoursHeldLeast(intervals, 2), std::string("07:00 (50.0 %), 09:00 (50.0 %)"));

        // Per sensor and hour of the week (cell hour * 2 + sensor), whence each sensor's.
        EvaluationReport report;
        report.sensorHours.sensors = 2;
        report.sensorHours.targets.assign(168 * 2, 0.0);
        for (int f = 0; f < 3; ++f)
            for (auto* sums : {&report.sensorHours.abs[f], &report.sensorHours.squares[f], &report.sensorHours.fractions[f]})
                sums->assign(168 * 2, 0.0);
        for (int cell : {7 * 2, 7 * 2 + 1, 8 * 2, 8 * 2 + 1, 32 * 2, 33 * 2, 33 * 2 + 1}) report.sensorHours.targets[size_t(cell)] = 1;
        count.fill(report.sensorHours);
        QCOMPARE(report.sensorHours.covered.size(), size_t(168 * 2));
        QCOMPARE(report.sensorHours.covered[7 * 2], 1.0);     // error 1 within 1
        QCOMPARE(report.sensorHours.covered[7 * 2 + 1], 0.0); // error 3 beyond 2
        QCOMPARE(report.sensorHours.halfWidths[7 * 2 + 1], 2.0);
        QCOMPARE(report.sensorHours.covered[33 * 2], 0.0);    // error 5 beyond 3
        QCOMPARE(report.sensorHours.halfWidths[32 * 2 + 1], 0.0); // missing: no target, no width
        report.sensors = {SensorMetrics{"a"}, SensorMetrics{"b"}};
        report.hoursOfWeek.resize(168);
        addIntervalCoverageOfCells(report);
        // Sensor a: errors 1, 0.5 (in), 3 (in), 5 (out); b: 3 (out), 4 (in), 1 (in).
        QCOMPARE(report.sensors[0].interval.targets, qint64(4));
        QCOMPARE(report.sensors[0].interval.covered, 0.75);
        QCOMPARE(report.sensors[0].interval.meanHalfWidth, (1.0 + 1.0 + 3.0 + 3.0) / 4.0);
        QCOMPARE(report.sensors[1].interval.covered, 2.0 / 3.0);
        QCOMPARE(report.hoursOfWeek[33].interval.targets, qint64(2));
        QCOMPARE(report.hoursOfWeek[33].interval.covered, 0.5);
        QCOMPARE(report.hoursOfWeek[9].interval.targets, qint64(0));
        QCOMPARE(sensorsHeldLeast(report, 1), std::string("b (66.7 %)"));
        // The hours of the day over every day, and of sensor b alone, combine the cells.
        const std::vector<HourMetrics> hours = errorsByHour(report, DaysOfWeek::All, {1});
        QCOMPARE(hours[8].interval.targets, qint64(1));
        QCOMPARE(hours[8].interval.covered, 1.0);
        QCOMPARE(hours[7].interval.covered, 0.0);
        for (size_t c = 0; c < 168; ++c) { // as in a measured report
            report.hoursOfWeek[c].hour = static_cast<int>(c % 24);
            report.hoursOfWeek[c].targets = report.hoursOfWeek[c].interval.targets;
        }
        QCOMPARE(errorsByHour(report, DaysOfWeek::Weekdays)[8].interval.targets, qint64(3));
        QCOMPARE(errorsByHour(report, DaysOfWeek::Weekends)[8].interval.targets, qint64(0));
    }

    // The guarantee that makes them intervals: on the very windows they were calibrated on,
    // every step holds at least the level (each cell's rank is at least level · n). Real
    // data, a real model's errors.
    void onTheirOwnWindowsTheyHoldAtLeastTheLevel()
    {
        const WindowedData windows(m_laWeek);
        HimNet model = untrainedModel(windows);
        ConformalCalibration calibration(12, m_laWeek->numNodes, m_laWeek->missingValue, hourFactorsOf(windows));
        std::vector<std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>> batches;
        forEachPrediction(*model, windows, Split::Val, 64, torch::kCPU, [&](const Batch& batch, const torch::Tensor& prediction) {
            const torch::Tensor seconds = secondsOfTargets(windows, batch.starts);
            calibration.add(prediction, batch.target, seconds);
            batches.emplace_back(prediction, batch.target, seconds);
        });
        ForecastIntervals intervals = calibration.intervals(0.9, "val", windows.count(Split::Val));
        QVERIFY2(!intervals.empty(), intervals.missing.c_str());
        IntervalCoverageCount count(intervals, m_laWeek->missingValue);
        for (const auto& [prediction, target, seconds] : batches) count.add(prediction, target, torch::div(seconds, 3600, "floor"), seconds);
        count.fill(intervals);
        for (const IntervalCoverage& step : intervals.steps) {
            QVERIFY2(step.covered >= 0.9, qPrintable(QStringLiteral("step %1: %2").arg(step.step).arg(step.covered)));
            QVERIFY(step.meanHalfWidth > 0);
        }
    }

    // The factors per hour follow how far the readings stray from their usual level then: over
    // the training period, ten times as far at 08:00 as at 03:00; their mean over the day is 1.
    void hourFactorsFollowHowMuchTheTrafficMoves()
    {
        const WindowedData windows(busyAtEight());
        const std::vector<float> factors = hourFactorsOf(windows);
        QCOMPARE(factors.size(), size_t(12 * 24));
        for (int q : {0, 5, 11}) {
            const float atEight = factors[size_t(q * 24 + 8)], atThree = factors[size_t(q * 24 + 3)];
            QVERIFY2(atEight > 5 * atThree && atThree < 1.0f && atThree >= 0.2f,
                     qPrintable(QStringLiteral("step %1: %2 at 08:00, %3 at 03:00").arg(q + 1).arg(atEight).arg(atThree)));
            double mean = 0;
            for (int h = 0; h < 24; ++h) mean += factors[size_t(q * 24 + h)] / 24.0; // the hours have about as many pairs
            QVERIFY2(std::abs(mean - 1.0) < 0.05, qPrintable(QString::number(mean)));
        }
        // Errors are calibrated divided by their factor at their time, and widths given back times it.
        ForecastIntervals intervals;
        std::vector<float> oneStep(24, 1.0f);
        oneStep[8] = 4.0f;
        ConformalCalibration calibration(1, 1, 0.0, oneStep);
        std::vector<double> prediction, target;
        std::vector<int64_t> seconds;
        for (int w = 0; w < 19; ++w) { // at 08:30 off by 4, 8, …; at 09:30 off by 1, 2, …
            prediction.push_back(100.0 + (w % 2 == 0 ? 4.0 : 1.0) * (w / 2 + 1));
            target.push_back(100.0);
            seconds.push_back((w % 2 == 0 ? 8 : 9) * 3600 + 1800);
        }
        calibration.add(windowsOf(prediction, 1, 1), windowsOf(target, 1, 1), torch::tensor(seconds, torch::kLong).view({19, 1}));
        intervals = calibration.intervals(0.9, "val", 19);
        QCOMPARE(intervals.halfWidth(0, 0, 9), 9.0f);  // scores 1, 1, 2, 2, …, 9, 10: the 18th of 19 is 9
        QCOMPARE(intervals.halfWidth(0, 0, 8), 36.0f);
        QCOMPARE(intervals.halfWidthAt(0, 0, 1709510400 + 8 * 3600 + 1800), 36.0f); // 08:30
        QCOMPARE(intervals.halfWidthAt(0, 0, 1709510400 + 9 * 3600), 22.5f);        // 09:00, half way to 09:30's
    }

    // Each hour's factor holds at the middle of its hour; between two middles the factor goes
    // linearly from one to the next, across midnight too: no step on the hour.
    void hourFactorsGoLinearlyFromOneHoursMiddleToTheNext_data()
    {
        QTest::addColumn<qint64>("secondOfDay");
        QTest::addColumn<float>("factor");
        // Step 2's factors: 2 at 23:00, 4 at 08:00, 1 elsewhere.
        QTest::newRow("08:30, the middle of 08:00") << qint64(8 * 3600 + 1800) << 4.0f;
        QTest::newRow("08:00, half way from 07:30's") << qint64(8 * 3600) << 2.5f;
        QTest::newRow("08:45, a quarter of the way to 09:30's") << qint64(8 * 3600 + 2700) << 3.25f;
        QTest::newRow("09:00, half way to 09:30's") << qint64(9 * 3600) << 2.5f;
        QTest::newRow("09:30") << qint64(9 * 3600 + 1800) << 1.0f;
        QTest::newRow("00:00, half way from 23:30's") << qint64(0) << 1.5f;
        QTest::newRow("23:45, a quarter of the way to 00:30's") << qint64(23 * 3600 + 2700) << 1.75f;
        QTest::newRow("a day later, as a timestamp") << qint64(1709510400 + 86400 + 8 * 3600) << 2.5f;
        QTest::newRow("before 1970") << qint64(-86400 + 8 * 3600 + 1800) << 4.0f;
    }

    void hourFactorsGoLinearlyFromOneHoursMiddleToTheNext()
    {
        QFETCH(qint64, secondOfDay);
        QFETCH(float, factor);
        std::vector<float> factors(2 * 24, 1.0f);
        factors[24 + 23] = 2.0f;
        factors[24 + 8] = 4.0f;
        QCOMPARE(hourFactorAt(factors, 1, secondOfDay), factor);
        QCOMPARE(hourFactorAt(factors, 0, secondOfDay), 1.0f); // step 1's are 1 throughout
        QCOMPARE(hourFactorAt({}, 1, secondOfDay), 1.0f);      // none: 1
    }

    // An evaluation of the test split calibrates on the validation windows, says so in its
    // progress, table and JSON, and measures the coverage on the test windows.
    void theTestSplitsReportCarriesThem()
    {
        const WindowedData windows(m_laWeek);
        HimNet model = untrainedModel(windows);
        int64_t lastMeasured = 0, lastTotal = 0;
        const EvaluationReport report = evaluateModel(*model, windows, Split::Test, torch::kCPU, nullptr,
                                                      [&](int64_t measured, int64_t total) {
                                                          lastMeasured = measured;
                                                          lastTotal = total;
                                                      });
        const ForecastIntervals& intervals = report.intervals;
        QVERIFY2(!intervals.empty(), intervals.missing.c_str());
        QCOMPARE(intervals.calibrationSplit, std::string("val"));
        QCOMPARE(intervals.calibrationWindows, windows.count(Split::Val));
        QCOMPARE(lastTotal, windows.count(Split::Val) + windows.count(Split::Test)); // both splits' windows run
        QCOMPARE(lastMeasured, lastTotal);
        QCOMPARE(intervals.horizon, qint64(12));
        QCOMPARE(intervals.sensors, m_laWeek->numNodes);
        QCOMPARE(intervals.steps.size(), size_t(12));
        int64_t targets = 0;
        for (const auto& step : intervals.steps) targets += step.targets;
        QCOMPARE(intervals.all.targets, targets);
        int64_t sensorTargets = 0;
        for (const auto& sensor : report.sensors) sensorTargets += sensor.targets;
        QCOMPARE(targets, sensorTargets); // the metrics' present targets, every one
        int64_t hourTargets = 0;
        for (const auto& hour : intervals.hours) hourTargets += hour.targets;
        QCOMPARE(hourTargets, targets);
        QVERIFY(intervals.all.covered > 0.3 && intervals.all.covered < 1.0);
        // Per sensor, per hour of the week, and per hour of the day over any sensors: the same
        // targets, the same share held.
        const auto combined = [](const auto& rows, const auto& coverageOf) {
            double targets = 0, covered = 0;
            for (const auto& row : rows) {
                targets += static_cast<double>(coverageOf(row).targets);
                covered += coverageOf(row).covered * static_cast<double>(coverageOf(row).targets);
            }
            return std::make_pair(targets, covered / targets);
        };
        for (const auto& [targetsOf, heldOf] : {combined(report.sensors, [](const SensorMetrics& s) { return s.interval; }),
                                                combined(report.hoursOfWeek, [](const HourMetrics& h) { return h.interval; }),
                                                combined(errorsByHour(report), [](const HourMetrics& h) { return h.interval; })}) {
            QCOMPARE(targetsOf, static_cast<double>(targets));
            QVERIFY(std::abs(heldOf - intervals.all.covered) < 1e-9);
        }
        std::vector<int64_t> everySensor(207);
        std::iota(everySensor.begin(), everySensor.end(), 0);
        const std::vector<HourMetrics> ofAll = errorsByHour(report, DaysOfWeek::All, everySensor);
        for (int h = 0; h < 24; ++h) {
            QCOMPARE(ofAll[size_t(h)].interval.targets, intervals.hours[size_t(h)].targets);
            QVERIFY(std::abs(ofAll[size_t(h)].interval.covered - intervals.hours[size_t(h)].covered) < 1e-9);
        }

        const QString table = QString::fromStdString(toTable(report));
        QVERIFY2(table.contains(QStringLiteral("intervals: 90 % (calibrated on %1 validation windows) held %2 % of test targets")
                                    .arg(intervals.calibrationWindows)
                                    .arg(100 * intervals.all.covered, 0, 'f', 1)),
                 qPrintable(table));
        const nlohmann::json json = nlohmann::json::parse(toJson(report));
        QCOMPARE(json.at("intervals").at("level").get<double>(), 0.9);
        QCOMPARE(json.at("intervals").at("coverage").get<double>(), intervals.all.covered);
        QCOMPARE(json.at("intervals").at("horizons").size(), size_t(12));
        const auto& widths = json.at("sensors").at(5).at("interval_half_widths");
        QCOMPARE(widths.size(), size_t(12));
        QCOMPARE(widths.at(11).get<double>(), static_cast<double>(intervals.halfWidths[11 * 207 + 5]));
        QCOMPARE(json.at("sensors").at(5).at("interval").at("coverage").get<double>(), report.sensors[5].interval.covered);
        QCOMPARE(json.at("hours").at(8).at("interval").at("coverage").get<double>(), errorsByHour(report)[8].interval.covered);
        QVERIFY2(table.contains(QStringLiteral("intervals held least at sensors ")), qPrintable(table));
        // The tables of sensors and hours gain the intervals' two columns.
        const QString sensorsCsv = QString::fromStdString(sensorMetricsCsv(report));
        QVERIFY2(sensorsCsv.section('\n', 0, 0).endsWith(QStringLiteral("90 % interval held %,90 % interval half-width (mph)")),
                 qPrintable(sensorsCsv.section('\n', 0, 0)));
        QVERIFY(std::abs(sensorsCsv.section('\n', 6, 6).section(',', 11, 11).toDouble() - 100 * report.sensors[5].interval.covered) < 1e-3);
        const QString hoursCsv = QString::fromStdString(hourMetricsCsv(errorsByHour(report), report.unit, 0.9));
        QVERIFY(hoursCsv.section('\n', 0, 0).endsWith(QStringLiteral("90 % interval held %,90 % interval half-width (mph)")));
        QVERIFY(!QString::fromStdString(hourMetricsCsv(errorsByHour(report), report.unit)).contains(QStringLiteral("interval")));

        // The validation split's report has none: it would measure them on their own windows.
        const EvaluationReport validation = evaluateModel(*model, windows, Split::Val, torch::kCPU);
        QVERIFY(validation.intervals.empty());
        QVERIFY(nlohmann::json::parse(toJson(validation)).at("intervals").is_null());
    }
};

QTEST_MAIN(TestForecastIntervals)
#include "test_forecast_intervals.moc"
