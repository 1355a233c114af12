// Masked metrics, the two baselines, the Adam update and the temporal-context plan, against
// values worked out by hand.
#include "data/temporal_context.h"
#include "train/adam.h"
#include "train/baselines.h"
#include "train/evaluation_internal.h"
#include "train/metrics.h"
#include "test_tensors.h"

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
        HimNetConfig config;
        config.numNodes = 1;
        config.hiddenDim = 4;
        config.stepsPerDay = 24;
        torch::manual_seed(0);
        HimNet untrained(config); // forecasts near the mean: far off, in per cent, at 0.001
        const EvaluationReport r = evaluateModel(*untrained, windows, Split::Test, torch::kCPU);
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
