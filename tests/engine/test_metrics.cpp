// Masked metrics, the two baselines, the Adam update and the temporal-context plan, against
// values worked out by hand.
#include "data/temporal_context.h"
#include "train/adam.h"
#include "train/baselines.h"
#include "train/evaluation_internal.h"
#include "train/metrics.h"
#include "core/text.h"
#include "data/text_table.h"
#include "refusals.h"
#include "test_tensors.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>

#include <QtTest>

using namespace himnet;

namespace {

std::shared_ptr<Dataset> constantWeekDataset(int64_t days, int64_t interval = 3600)
{
    // One sensor whose value is 10 * day-of-week + hour: easy to reason about.
    auto d = std::make_shared<Dataset>();
    const int64_t P = 86400 / interval, start = parseTimestamp("2024-03-04"); // a Monday
    d->numSteps = days * P;
    d->numNodes = 1;
    d->intervalSeconds = interval;
    d->sensorIds = {"only"};
    for (int64_t t = 0; t < d->numSteps; ++t) {
        d->timestamps.push_back(start + t * interval);
        d->values.push_back(static_cast<float>(100 + 10 * ((t / P) % 7) + (t % P)));
    }
    d->validate();
    return d;
}

/// The test split's report of a small untrained HimNet (seed 0) on hourly data.
EvaluationReport untrainedModelsTestReport(const WindowedData& windows)
{
    HimNetConfig config;
    config.numNodes = windows.dataset().numNodes;
    config.hiddenDim = 4;
    config.stepsPerDay = 24;
    torch::manual_seed(0);
    HimNet untrained(config);
    return evaluateModel(*untrained, windows, Split::Test, torch::kCPU);
}

} // namespace

class TestMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void maskedMetricsSkipMissingTargets()
    {
        // Targets 0 are missing: only |2-1| and |6-4| count.
        const torch::Tensor prediction = torch::tensor({2.0, 5.0, 6.0, 9.0}).view({1, 2, 2, 1});
        const torch::Tensor target = torch::tensor({1.0, 0.0, 4.0, 0.0}).view({1, 2, 2, 1});
        QCOMPARE(maskedMae(prediction, target, 0.0).item<double>(), 1.5);
        MetricAccumulator m(2, 0.0);
        m.add(prediction, target);
        QCOMPARE(m.step(0).mae, 1.0);
        QCOMPARE(m.step(1).mae, 2.0);
        QCOMPARE(m.overall().mae, 1.5);
        QCOMPARE(m.overall().rmse, std::sqrt((1.0 + 4.0) / 2.0));
        QCOMPARE(m.overall().mape, 100.0 * (1.0 / 1.0 + 2.0 / 4.0) / 2.0);
        // Huber: 0.5 e^2 below 1, e - 0.5 above.
        QCOMPARE(maskedHuber(prediction, target, 0.0).item<double>(), (0.5 + 1.5) / 2.0);
    }

    // Per sensor, over every horizon step, present targets only; a sensor without any has no
    // errors and says so (0 targets).
    void errorsPerSensorCountPresentTargetsOnly()
    {
        // (B 1, Q 2, N 3): sensor 0 is off by 1 and 3; sensor 1 by 2, once (its other target
        // is missing); sensor 2 has no target at all.
        const torch::Tensor prediction = torch::tensor({2.0, 5.0, 7.0, 4.0, 3.0, 9.0}).view({1, 2, 3, 1});
        const torch::Tensor target = torch::tensor({1.0, 0.0, 0.0, 1.0, 5.0, 0.0}).view({1, 2, 3, 1});
        MetricAccumulator m(2, 0.0);
        m.add(prediction, target);
        m.add(prediction, target); // a second batch alike: the same means, twice the targets
        QCOMPARE(m.sensorTargets(0), int64_t(4));
        QCOMPARE(m.sensor(0).mae, 2.0);
        QCOMPARE(m.sensor(0).rmse, std::sqrt(5.0));
        QCOMPARE(m.sensor(0).mape, 200.0);
        QCOMPARE(m.sensorTargets(1), int64_t(2));
        QCOMPARE(m.sensor(1).mae, 2.0);
        QCOMPARE(m.sensor(1).mape, 40.0);
        QCOMPARE(m.sensorTargets(2), int64_t(0));
        QCOMPARE(m.sensor(2).mae, 0.0);
        // Weighted by their targets, the sensors' MAEs make the overall one.
        QCOMPARE((4 * m.sensor(0).mae + 2 * m.sensor(1).mae) / 6, m.overall().mae);
    }

    // An evaluation measures every sensor; the table names the worst and counts those where
    // HimNet beats both baselines; the JSON lists them, without errors where there were no readings.
    void evaluationMeasuresEverySensor()
    {
        auto one = constantWeekDataset(21);
        auto d = std::make_shared<Dataset>(*one);
        d->numNodes = 2;
        d->sensorIds = {"Main St, north", "quiet"};
        d->values.clear();
        for (int64_t t = 0; t < d->numSteps; ++t) {
            d->values.push_back(one->values[static_cast<size_t>(t)]);
            d->values.push_back(t < d->numSteps * 3 / 4 ? one->values[static_cast<size_t>(t)] : 0.0f); // silent in the test period
        }
        d->validate();
        const WindowedData windows(d);
        const EvaluationReport r = untrainedModelsTestReport(windows);
        QCOMPARE(r.sensors.size(), size_t(2));
        QCOMPARE(r.sensors[0].id, std::string("Main St, north"));
        QCOMPARE(r.sensors[0].targets, windows.count(Split::Test) * 12);
        QCOMPARE(r.sensors[1].targets, int64_t(0));
        QVERIFY(std::abs(r.sensors[0].model.mae - r.all.mae) < 1e-9); // the only sensor measured
        QVERIFY(std::abs(r.sensors[0].lastValue.mae - r.lastValue.mae) < 1e-9);
        const std::string table = toTable(r);
        QVERIFY2(table.find("sensors: HimNet's MAE is below both baselines' at " + std::to_string(sensorsBeatingBothBaselines(r))
                            + " of 1; highest: Main St, north (" + formatDecimal(r.sensors[0].model.mae, 2, true) + ")\n")
                     != std::string::npos,
                 table.c_str());
        const auto json = nlohmann::json::parse(toJson(r)).at("sensors");
        QCOMPARE(json.size(), size_t(2));
        QCOMPARE(json[0].at("mae").get<double>(), r.sensors[0].model.mae);
        QCOMPARE(json[0].at("last_value").at("mae").get<double>(), r.sensors[0].lastValue.mae);
        QVERIFY(!json[1].contains("mae"));
        QCOMPARE(json[1].at("targets").get<int64_t>(), int64_t(0));
        // By hour, of one sensor or another: the one measured alone gives the network's hours,
        // the silent one none.
        const std::vector<HourMetrics> network = errorsByHour(r), measured = errorsByHour(r, DaysOfWeek::All, {0}),
                                       silent = errorsByHour(r, DaysOfWeek::All, {1}), both = errorsByHour(r, DaysOfWeek::All, {0, 1});
        QCOMPARE(measured.size(), size_t(24));
        for (size_t h = 0; h < 24; ++h) {
            QCOMPARE(measured[h].targets, network[h].targets);
            QCOMPARE(both[h].targets, network[h].targets);
            QCOMPARE(silent[h].targets, int64_t(0));
            QVERIFY(std::abs(measured[h].model.mae - network[h].model.mae) < 1e-9);
            QVERIFY(std::abs(both[h].historicalAverage.rmse - network[h].historicalAverage.rmse) < 1e-9);
            QVERIFY(std::abs(both[h].lastValue.mape - network[h].lastValue.mape) < 1e-9);
        }
        QVERIFY(errorsByHour(r, DaysOfWeek::All, {7, -1})[12].targets == 0); // no such sensors
    }

    // Per cell of the caller's (here an hour of the week), over every sensor, present targets only.
    void errorsPerCellCountPresentTargetsOnly()
    {
        // (B 2, Q 2, N 2); the second window's second step falls in cell 1, the rest in cell 0.
        const torch::Tensor prediction = torch::tensor({2.0, 3.0, 5.0, 7.0, 1.0, 1.0, 4.0, 6.0}).view({2, 2, 2, 1});
        const torch::Tensor target = torch::tensor({1.0, 0.0, 4.0, 4.0, 2.0, 2.0, 0.0, 2.0}).view({2, 2, 2, 1});
        const torch::Tensor cells = torch::tensor({0, 0, 0, 1}, torch::kLong).view({2, 2});
        MetricAccumulator m(2, 0.0, 0.0, 3);
        m.add(prediction, target, cells);
        // Cell 0: |2-1|, |5-4|, |7-4|, |1-2|, |1-2| (the target 0 is missing); cell 1: |6-2|.
        QCOMPARE(m.cellTargets(0), int64_t(5));
        QCOMPARE(m.cell(0).mae, 7.0 / 5.0);
        QCOMPARE(m.cell(0).rmse, std::sqrt(13.0 / 5.0));
        QCOMPARE(m.cellTargets(1), int64_t(1));
        QCOMPARE(m.cell(1).mape, 200.0);
        QCOMPARE(m.cellTargets(2), int64_t(0));
        QCOMPARE(m.cell(2).mae, 0.0);
        QCOMPARE((5 * m.cell(0).mae + m.cell(1).mae) / 6, m.overall().mae);
        // Per sensor too: cell 0 holds 1 + 1 + 1 at sensor 0 (three targets), 3 + 1 at sensor 1 (two).
        const MetricAccumulator::CellSums sums = m.cellSums();
        QCOMPARE(sums.abs.sizes(), (c10::IntArrayRef{3, 2}));
        QCOMPARE(sums.abs[0][0].item<double>(), 3.0);
        QCOMPARE(sums.count[0][0].item<double>(), 3.0);
        QCOMPARE(sums.abs[0][1].item<double>(), 4.0);
        QCOMPARE(sums.count[0][1].item<double>(), 2.0);
        QCOMPARE(sums.abs[1][1].item<double>(), 4.0);
        QCOMPARE(sums.count[1][0].item<double>(), 0.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m.add(prediction, target));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m.add(prediction, target, cells.view({4})));
    }

    // An evaluation measures every hour of the week by the targets' clock, each cell worked out
    // again here by hand for the last value; the hours of the day combine them exactly over all
    // days, weekdays or weekends.
    void evaluationMeasuresEveryHourOfTheWeek_data()
    {
        QTest::addColumn<int>("days");
        QTest::addColumn<QList<int>>("daysCounted");
        QTest::newRow("all days") << int(DaysOfWeek::All) << QList<int>{0, 1, 2, 3, 4, 5, 6};
        QTest::newRow("weekdays") << int(DaysOfWeek::Weekdays) << QList<int>{0, 1, 2, 3, 4};
        QTest::newRow("weekends") << int(DaysOfWeek::Weekends) << QList<int>{5, 6};
    }

    void evaluationMeasuresEveryHourOfTheWeek()
    {
        QFETCH(int, days);
        QFETCH(QList<int>, daysCounted);
        auto d = constantWeekDataset(21); // hourly from a Monday 00:00: step t is hour t % 24 of day (t / 24) % 7
        const WindowedData windows(d);
        const EvaluationReport r = untrainedModelsTestReport(windows);
        QCOMPARE(r.hoursOfWeek.size(), size_t(168));
        QCOMPARE(r.hoursOfWeek[30].days, std::string("Tuesday"));
        QCOMPARE(r.hoursOfWeek[30].hour, 6);
        // The last value by hand: each target against the window's last input.
        std::vector<double> absSum(168, 0.0), count(168, 0.0);
        for (int64_t s : windows.starts(Split::Test))
            for (int64_t q = 0; q < 12; ++q) {
                const int64_t t = s + 12 + q, cell = ((t / 24) % 7) * 24 + t % 24;
                absSum[static_cast<size_t>(cell)] += std::abs(d->values[static_cast<size_t>(t)] - d->values[static_cast<size_t>(s + 11)]);
                count[static_cast<size_t>(cell)] += 1;
            }
        int64_t targets = 0;
        for (size_t c = 0; c < 168; ++c) {
            QCOMPARE(r.hoursOfWeek[c].targets, static_cast<int64_t>(count[c]));
            if (count[c] > 0) QVERIFY(std::abs(r.hoursOfWeek[c].lastValue.mae - absSum[c] / count[c]) < 1e-9);
            targets += r.hoursOfWeek[c].targets;
        }
        QCOMPARE(targets, windows.count(Split::Test) * 12);
        for (int day = 0; day < 7; ++day) QCOMPARE(daysInclude(static_cast<DaysOfWeek>(days), day), daysCounted.contains(day));
        const std::vector<HourMetrics> hours = errorsByHour(r, static_cast<DaysOfWeek>(days));
        QCOMPARE(hours.size(), size_t(24));
        int64_t won = 0;
        for (const HourMetrics& h : hours) won += beatsBothBaselines(h);
        QCOMPARE(hoursBeatingBothBaselines(hours), won);
        for (int h = 0; h < 24; ++h) {
            double sum = 0, n = 0;
            for (int day : daysCounted) {
                sum += absSum[static_cast<size_t>(day * 24 + h)];
                n += count[static_cast<size_t>(day * 24 + h)];
            }
            QCOMPARE(hours[static_cast<size_t>(h)].hour, h);
            QCOMPARE(hours[static_cast<size_t>(h)].targets, static_cast<int64_t>(n));
            if (n > 0) QVERIFY(std::abs(hours[static_cast<size_t>(h)].lastValue.mae - sum / n) < 1e-9);
        }
        if (days != int(DaysOfWeek::All)) return;
        double modelSum = 0, squares = 0;
        for (const HourMetrics& h : hours) {
            modelSum += h.model.mae * static_cast<double>(h.targets);
            squares += h.model.rmse * h.model.rmse * static_cast<double>(h.targets);
        }
        QVERIFY(std::abs(modelSum / static_cast<double>(targets) - r.all.mae) < 1e-9);
        QVERIFY(std::abs(std::sqrt(squares / static_cast<double>(targets)) - r.all.rmse) < 1e-9);
        const std::string table = toTable(r);
        QVERIFY2(table.find("hours: HimNet's MAE is below both baselines' in ") != std::string::npos, table.c_str());
        QVERIFY(table.find(" of 24 hours of the day; highest: ") != std::string::npos);
        const auto json = nlohmann::json::parse(toJson(r));
        QCOMPARE(json.at("hours").size(), size_t(24));
        QCOMPARE(json.at("hours")[7].at("last_value").at("mae").get<double>(), hours[7].lastValue.mae);
        QCOMPARE(json.at("hours_of_week").size(), size_t(168));
        QCOMPARE(json.at("hours_of_week")[30].at("day").get<std::string>(), std::string("Tuesday"));
        QCOMPARE(json.at("hours_of_week")[30].at("targets").get<int64_t>(), r.hoursOfWeek[30].targets);
    }

    // Each sensor's errors as a file: CSV (ids quoted where they need it, no figures where there
    // were no readings), or an Excel sheet; another extension is refused, naming the file.
    void sensorMetricsAreWrittenAsCsvOrWorkbook_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("written");
        QTest::newRow("csv") << "sensors.csv" << true;
        QTest::newRow("workbook") << "sensors.xlsx" << true;
        QTest::newRow("capitals") << "SENSORS.CSV" << true;
        QTest::newRow("text") << "sensors.txt" << false;
    }

    void sensorMetricsAreWrittenAsCsvOrWorkbook()
    {
        QFETCH(QString, name);
        QFETCH(bool, written);
        EvaluationReport r;
        r.unit = "km/h";
        r.sensors = {{"A1", 10, {1.5, 2.0, 3.0}, {2.0, 3.0, 4.0}, {2.5, 3.0, 5.0}}, {"Main St, north", 0, {}, {}, {}}};
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/" + name).toStdString();
        if (!written) {
            const QString wrong = testing::refusalMismatch([&] { writeSensorMetrics(r, path); }, {QString::fromStdString(path), ".csv or .xlsx"});
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
            QVERIFY(!QFile::exists(QString::fromStdString(path)));
            return;
        }
        writeSensorMetrics(r, path);
        const TextTable table = readTextTable(path);
        QCOMPARE(table.rows.size(), size_t(3));
        QCOMPARE(table.rows[0][0], std::string("sensor"));
        QCOMPARE(table.rows[0][2], std::string("HimNet MAE (km/h)"));
        QCOMPARE(table.rows[0][7], std::string("Last value MAPE %"));
        QCOMPARE(std::stod(table.rows[1][2]), 1.5);
        QCOMPARE(std::stod(table.rows[1][10]), 5.0);
        QCOMPARE(table.rows[2][0], std::string("Main St, north"));
        QCOMPARE(table.rows[2][1], std::string("0"));
        QVERIFY(table.rows[2].size() < 3 || table.rows[2][2].empty());
        if (name.endsWith(".csv"))
            QVERIFY(sensorMetricsCsv(r).find("\n\"Main St, north\",0,,,,,,,,,\n") != std::string::npos);
    }

    // The hours of the week as a file, as the sensors': CSV or a sheet, figures left empty where
    // there were no targets; another extension refused.
    void hourMetricsAreWrittenAsCsvOrWorkbook_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("written");
        QTest::newRow("csv") << "hours.csv" << true;
        QTest::newRow("workbook") << "hours.xlsx" << true;
        QTest::newRow("text") << "hours.tsv" << false;
    }

    void hourMetricsAreWrittenAsCsvOrWorkbook()
    {
        QFETCH(QString, name);
        QFETCH(bool, written);
        EvaluationReport r;
        r.unit = "mph";
        for (int c = 0; c < 168; ++c)
            r.hoursOfWeek.push_back({dayOfWeekName(c / 24), c % 24, c == 32 ? 12 : 0, {1.5, 2.0, 3.0}, {2.0, 3.0, 4.0}, {2.5, 3.0, 5.0}});
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/" + name).toStdString();
        if (!written) {
            const QString wrong = testing::refusalMismatch([&] { writeHourMetrics(r, path); }, {QString::fromStdString(path), ".csv or .xlsx"});
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
            QVERIFY(!QFile::exists(QString::fromStdString(path)));
            return;
        }
        writeHourMetrics(r, path);
        const TextTable table = readTextTable(path);
        QCOMPARE(table.rows.size(), size_t(169));
        QCOMPARE(table.rows[0][0], std::string("days"));
        QCOMPARE(table.rows[0][3], std::string("HimNet MAE (mph)"));
        QCOMPARE(table.rows[33][0], std::string("Tuesday"));
        QCOMPARE(table.rows[33][1], std::string("08:00"));
        QCOMPARE(table.rows[33][2], std::string("12"));
        QCOMPARE(std::stod(table.rows[33][3]), 1.5);
        QCOMPARE(std::stod(table.rows[33][11]), 5.0);
        QVERIFY(table.rows[34].size() < 4 || table.rows[34][3].empty());
    }

    void nearZeroTargetsAreCountedApartForMape()
    {
        // Targets 1, 0.001 and 4 (0 is missing); below 0.01 only 0.001, whose 4999 (×100 %)
        // dwarfs the others' 1 and 0.5.
        const torch::Tensor prediction = torch::tensor({2.0, 5.0, 6.0, 9.0}).view({1, 2, 2, 1});
        const torch::Tensor target = torch::tensor({1.0, 0.001, 4.0, 0.0}).view({1, 2, 2, 1});
        MetricAccumulator m(2, 0.0, 0.01);
        m.add(prediction, target);
        QCOMPARE(m.nearZeroTargetShare(), 1.0 / 3.0);
        QVERIFY(std::abs(m.nearZeroMapeShare() - 4999.0 / (1.0 + 4999.0 + 0.5)) < 1e-9);
        QVERIFY(std::abs(m.overall().mape / (100.0 * (1.0 + 4999.0 + 0.5) / 3.0) - 1) < 1e-6);
        MetricAccumulator plain(2, 0.0); // no floor: nothing kept apart
        plain.add(prediction, target);
        QCOMPARE(plain.nearZeroMapeShare(), 0.0);
    }

    // An evaluation says when MAPE is made by targets near zero, as on Shenzhen's empty roads.
    void evaluationWarnsWhenNearZeroTargetsMakeMape_data()
    {
        QTest::addColumn<bool>("nearZeroHours");
        QTest::addColumn<bool>("caveat");
        QTest::newRow("busy road") << false << false;
        QTest::newRow("road empty one hour in four") << true << true;
    }

    void evaluationWarnsWhenNearZeroTargetsMakeMape()
    {
        QFETCH(bool, nearZeroHours);
        QFETCH(bool, caveat);
        auto d = constantWeekDataset(21);
        d->unit = "km/h";
        d->quantity = "speed";
        if (nearZeroHours)
            for (size_t t = 0; t < d->values.size(); t += 4) d->values[t] = 0.001f;
        const WindowedData windows(d);
        const EvaluationReport r = untrainedModelsTestReport(windows); // forecasts near the mean: far off, in per cent, at 0.001
        QCOMPARE(!r.mapeCaveat.empty(), caveat);
        if (caveat) {
            QVERIFY2(r.mapeCaveat.find("25.0 % of targets below 1.1 km/h (1 % of the mean speed)") != std::string::npos,
                     r.mapeCaveat.c_str());
            QVERIFY(toTable(r).find("note: " + r.mapeCaveat) != std::string::npos);
            QVERIFY(toJson(r).find("\"mape_caveat\"") != std::string::npos);
        }
    }

    void accumulatingBatchesEqualsOnePass()
    {
        const torch::Tensor p = torch::rand({6, 3, 4, 1}) * 10, t = torch::rand({6, 3, 4, 1}) * 10 + 1;
        MetricAccumulator whole(3, 0.0), parts(3, 0.0);
        whole.add(p, t);
        parts.add(p.narrow(0, 0, 2), t.narrow(0, 0, 2));
        parts.add(p.narrow(0, 2, 4), t.narrow(0, 2, 4));
        QVERIFY(std::abs(whole.overall().rmse - parts.overall().rmse) < 1e-12);
        QVERIFY(std::abs(whole.step(2).mape - parts.step(2).mape) < 1e-12);
    }

    void lastValueRepeatsTheLastObservedValue()
    {
        auto d = constantWeekDataset(14);
        d->values[11] = 0.0f; // the last input step of window 0 is missing
        const WindowedData w(d);
        const torch::Tensor f = lastValueForecast(w, {0, 1});
        QCOMPARE(f.sizes().vec(), (std::vector<int64_t>{2, 12, 1, 1}));
        QCOMPARE(f[0][5][0][0].item<float>(), d->value(10, 0)); // falls back to step 10
        QCOMPARE(f[1][11][0][0].item<float>(), d->value(12, 0));
    }

    void historicalAverageUsesTheSameSlotOfTheWeek()
    {
        const auto d = constantWeekDataset(21); // three weeks; training covers the first ~70 %
        const WindowedData w(d);
        const HistoricalAverage average(w);
        const int64_t start = w.starts(Split::Test).front();
        const torch::Tensor f = average.forecast({start});
        for (int64_t q = 0; q < 12; ++q) QCOMPARE(f[0][q][0][0].item<float>(), d->value(start + 12 + q, 0));
        QCOMPARE(average.fallbackCells(), int64_t(0));
    }

    void historicalAverageFallsBackForUnseenDays()
    {
        const auto d = constantWeekDataset(7); // one week: the last days never occur in training
        const WindowedData w(d);
        const HistoricalAverage average(w);
        QVERIFY(average.fallbackCells() > 0);
        const int64_t start = w.starts(Split::Test).back();
        const int64_t t = start + 12;
        const float forecast = average.forecast({start})[0][0][0][0].item<float>();
        // The value of the same hour on a trained day of the same kind, not garbage.
        const int64_t hour = t % 24;
        QVERIFY(forecast >= 100 + hour && forecast <= 160 + hour);
    }

    void temporalContextNamesUnseenDays()
    {
        const auto d = constantWeekDataset(7);
        const WindowedData w(d);
        const TemporalContextMap automatic = planTemporalContext(w, TemporalContext::Auto);
        QVERIFY(automatic.mode == TemporalContext::WeekdayWeekend);
        QVERIFY(!automatic.unseenDays.empty());
        QVERIFY(QString::fromStdString(automatic.describe()).contains("Sunday"));
        for (int day = 0; day < 5; ++day) QCOMPARE(automatic.dayOfWeek[day], int64_t(0));
        const TemporalContextMap paper = planTemporalContext(w, TemporalContext::Paper);
        QVERIFY(paper.isIdentity());
        const TemporalContextMap fullWeeks = planTemporalContext(WindowedData(constantWeekDataset(35)), TemporalContext::Auto);
        QVERIFY(fullWeeks.mode == TemporalContext::Paper);
        QVERIFY(fullWeeks.unseenDays.empty());
    }

    // Nearest trained day: trained days stay themselves; an unseen one takes the nearest trained
    // day of its kind around the week, even where a day of the other kind is nearer.
    void nearestDayKeepsTrainedDaysApart()
    {
        // Training windows (of one step) on Monday, Tuesday, Wednesday, Saturday and Sunday.
        const std::vector<int64_t> days{0, 1, 2, 5, 6}, slots(5, 0), starts{0, 1, 2, 3, 4};
        const TemporalContextMap m = planTemporalContext(starts, slots, days, 1, 1, TemporalContext::NearestDay);
        QCOMPARE(m.unseenDays, (std::vector<int>{3, 4}));
        const std::array<int64_t, 7> expected{0, 1, 2, 2, 2, 5, 6}; // Friday: Wednesday, not the nearer Saturday
        QCOMPARE(m.dayOfWeek, expected);
        QVERIFY2(QString::fromStdString(m.describe()).contains("Thursday as Wednesday, Friday as Wednesday"), m.describe().c_str());
        QVERIFY(parseTemporalContext(toString(TemporalContext::NearestDay)) == TemporalContext::NearestDay);
        // A week from Monday: its weekend, of no trained day of its kind, takes the nearest of either.
        const TemporalContextMap week = planTemporalContext(WindowedData(constantWeekDataset(7)), TemporalContext::NearestDay);
        QCOMPARE(week.dayOfWeek[0], int64_t(0));
        QCOMPARE(week.dayOfWeek[6], int64_t(0)); // Sunday: Monday is one day on
    }

    void adamMatchesTorchsFormula()
    {
        // Two steps on f(p) = p^2 from p = 1, lr 0.1, eps 1e-3, weight decay 0.5, worked by hand.
        torch::Tensor p = torch::ones({1}, torch::kFloat64).requires_grad_(true);
        AdamOptimizer adam({{"p", p}}, 0.1, 1e-3, 0.5);
        double value = 1, m = 0, v = 0;
        for (int step = 1; step <= 2; ++step) {
            adam.zeroGrad();
            (p * p).sum().backward();
            adam.step();
            const double g = 2 * value + 0.5 * value;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            const double mHat = m / (1 - std::pow(0.9, step));
            const double denominator = std::sqrt(v) / std::sqrt(1 - std::pow(0.999, step)) + 1e-3;
            value -= 0.1 * mHat / denominator;
            QVERIFY2(std::abs(p.item<double>() - value) < 1e-12, qPrintable(QString::number(p.item<double>() - value)));
        }
        QCOMPARE(adam.stepCount(), int64_t(2));
    }
};

QTEST_MAIN(TestMetrics)
#include "test_metrics.moc"
