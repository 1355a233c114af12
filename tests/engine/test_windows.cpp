// Windows, splits, the scaler and lazily cut batches.
#include "data/windowed_data.h"
#include "himnet/errors.h"
#include "test_tensors.h"

#include <QtTest>

using namespace himnet;

namespace {

std::shared_ptr<Dataset> rampDataset(int64_t steps, int64_t nodes, int64_t interval = 300, int64_t start = 1330560000)
{
    auto d = std::make_shared<Dataset>();
    d->numSteps = steps;
    d->numNodes = nodes;
    d->intervalSeconds = interval;
    for (int64_t t = 0; t < steps; ++t) {
        d->timestamps.push_back(start + t * interval);
        for (int64_t n = 0; n < nodes; ++n) d->values.push_back(static_cast<float>(10 + (t * 7 + n * 3) % 23));
    }
    for (int64_t n = 0; n < nodes; ++n) d->sensorIds.push_back("s" + std::to_string(n));
    d->validate();
    return d;
}

} // namespace

class TestWindows : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scalerIsTheReferencesOverTrainingInputWindows()
    {
        const auto d = rampDataset(200, 3);
        const WindowedData w(d);
        // Brute force: stack every training input window, as the reference does.
        double sum = 0, sumSquares = 0, count = 0;
        for (int64_t s : w.starts(Split::Train))
            for (int64_t t = s; t < s + 12; ++t)
                for (int64_t n = 0; n < 3; ++n) {
                    const double v = d->value(t, n);
                    sum += v;
                    sumSquares += v * v;
                    ++count;
                }
        const double mean = sum / count;
        QVERIFY(std::abs(w.scaler().mean - mean) < 1e-9);
        QVERIFY(std::abs(w.scaler().std - std::sqrt(sumSquares / count - mean * mean)) < 1e-9);
    }

    void batchHoldsScaledInputsTimeFeaturesAndRawTargets()
    {
        const auto d = rampDataset(400, 4);
        const WindowedData w(d);
        const Batch b = w.batch(Split::Val, {0, 5});
        QCOMPARE(b.x.sizes().vec(), (std::vector<int64_t>{2, 12, 4, 3}));
        QCOMPARE(b.yCov.sizes().vec(), (std::vector<int64_t>{2, 12, 4, 2}));
        QCOMPARE(b.target.sizes().vec(), (std::vector<int64_t>{2, 12, 4, 1}));
        const int64_t start = w.starts(Split::Val)[5];
        QCOMPARE(b.starts[1], start);
        for (int64_t t = 0; t < 12; ++t)
            for (int64_t n = 0; n < 4; ++n) {
                const double scaled = (d->value(start + t, n) - w.scaler().mean) / w.scaler().std;
                QVERIFY(std::abs(b.x[1][t][n][0].item<double>() - scaled) < 1e-5);
                QCOMPARE(b.target[1][t][n][0].item<float>(), d->value(start + 12 + t, n));
                QVERIFY(std::abs(b.labels[1][t][n][0].item<double>() - (d->value(start + 12 + t, n) - w.scaler().mean) / w.scaler().std) < 1e-5);
            }
        // 2012-03-01 was a Thursday (Monday = 0), so day of week 3; slot = minutes / 5.
        const int64_t slot = start % 288;
        QCOMPARE(static_cast<int64_t>(b.x[1][0][2][1].item<float>() * 288.0f), slot);
        QCOMPARE(b.x[1][0][2][2].item<float>(), float((3 + start / 288) % 7));
    }

    void timeOfDayFractionsTruncateToTheirSlot_data()
    {
        QTest::addColumn<int>("stepsPerDay");
        for (int p : {24, 48, 96, 144, 288, 1440}) QTest::newRow(qPrintable(QString::number(p))) << p;
    }

    void timeOfDayFractionsTruncateToTheirSlot()
    {
        QFETCH(int, stepsPerDay);
        // The model computes (fraction * P).long() in float32: every slot must map to itself.
        const torch::Tensor slots = torch::arange(stepsPerDay, torch::kLong);
        std::vector<float> fractions;
        for (int s = 0; s < stepsPerDay; ++s) fractions.push_back(timeOfDayFraction(s, stepsPerDay));
        const torch::Tensor f = torch::tensor(fractions);
        QVERIFY(torch::equal((f * static_cast<double>(stepsPerDay)).to(torch::kLong), slots));
        QVERIFY((f >= 0).all().item<bool>() && (f < 1).all().item<bool>());
    }

    void splitFileMustFitTheSeries()
    {
        const auto d = rampDataset(100, 2);
        WindowOptions o;
        o.index = SplitIndex{{0, 1}, {50}, {90}};
        QVERIFY_THROWS_EXCEPTION(InputError, WindowedData(d, o)); // 90 + 24 > 100
        o.index = SplitIndex{{0, 1, 2}, {50}, {70}};
        const WindowedData w(d, o);
        QCOMPARE(w.count(Split::Train), int64_t(3));
        QCOMPARE(w.starts(Split::Test).front(), int64_t(70));
    }

    void tooShortSeriesIsRejected()
    {
        QVERIFY_THROWS_EXCEPTION(InputError, WindowedData(rampDataset(25, 2)));
    }

    void windowsAreCutLazilyFromTheSeries()
    {
        // The view shares the dataset's memory: changing a value shows up in the next batch.
        auto d = rampDataset(200, 2);
        const WindowedData w(d);
        d->values[static_cast<size_t>((0 + 12) * 2 + 1)] = 99.0f; // step 12, node 1
        QCOMPARE(w.batchAt({0}).target[0][0][1][0].item<float>(), 99.0f);
    }
};

QTEST_MAIN(TestWindows)
#include "test_windows.moc"
