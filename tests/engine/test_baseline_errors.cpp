// The baselines' errors known before any training (himnet/baseline_errors.h): on la-week, the
// very figures an evaluation of a model gives them on the same split, whatever the split; the
// line `himnet info` prints; its JSON; and a series too short to split, refused by name.
#include "himnet/baseline_errors.h"
#include "model/himnet.h"
#include "refusals.h"
#include "shared_path.h"
#include "train/evaluation_internal.h"
#include "train/trained_model.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <cmath>
#include <memory>

using namespace himnet;

namespace {

/// Empty when `a` and `b` agree to 1e-9 of their size (sums over batches of other sizes).
QString differenceOf(const char* what, const ErrorMetrics& a, const ErrorMetrics& b)
{
    const auto close = [](double x, double y) { return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(y)); };
    if (close(a.mae, b.mae) && close(a.rmse, b.rmse) && close(a.mape, b.mape)) return {};
    return QStringLiteral("%1: %2 / %3 / %4 against %5 / %6 / %7")
        .arg(what)
        .arg(a.mae, 0, 'g', 17)
        .arg(a.rmse, 0, 'g', 17)
        .arg(a.mape, 0, 'g', 17)
        .arg(b.mae, 0, 'g', 17)
        .arg(b.rmse, 0, 'g', 17)
        .arg(b.mape, 0, 'g', 17);
}

/// Twelve 5-minute steps, the last value's MAE 1, 2, … 12 and the historical average's 5 at each.
BaselineErrors handMade(int64_t horizon)
{
    BaselineErrors e;
    e.windows = 399;
    e.intervalSeconds = 300;
    e.unit = "mph";
    for (int64_t q = 1; q <= horizon; ++q) e.steps.push_back({q, {double(q), 2.0 * q, 3.0}, {5, 7, 9}});
    e.lastValue = {6.5, 13, 3};
    e.historicalAverage = {5, 7, 9};
    return e;
}

} // namespace

class TestBaselineErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_laWeek = std::make_shared<const Dataset>(loadDataset(testing::sharedPath("datasets/la-week"))); }

    // An evaluation sets a model beside the same two forecasts on the same windows: before any
    // model, their figures are already those, at each step and over all, with the historical
    // average from the split's own training period.
    void theFiguresAreThoseOfAnEvaluation_data()
    {
        QTest::addColumn<double>("trainRatio");
        QTest::addColumn<double>("valRatio");
        QTest::newRow("the usual split (70 / 10 / 20 %)") << 0.7 << 0.1;
        QTest::newRow("a shorter training period (50 / 20 / 30 %)") << 0.5 << 0.2;
    }
    void theFiguresAreThoseOfAnEvaluation()
    {
        QFETCH(double, trainRatio);
        QFETCH(double, valRatio);
        TrainingOptions options = trainingDefaults(*m_laWeek);
        options.trainRatio = trainRatio;
        options.valRatio = valRatio;
        const BaselineErrors before = baselineErrors(m_laWeek, options);

        HimNetConfig config = options.model;
        config.numNodes = m_laWeek->numNodes;
        config.stepsPerDay = m_laWeek->stepsPerDay();
        config.hiddenDim = 8;
        torch::manual_seed(0);
        HimNet untrained(config);
        const WindowedData windows(m_laWeek, windowOptionsFor(options, config));
        const EvaluationReport measured = evaluateModel(*untrained, windows, Split::Test, torch::kCPU);

        QCOMPARE(before.windows, measured.windows);
        QCOMPARE(before.windows, windows.count(Split::Test));
        QCOMPARE(before.intervalSeconds, int64_t(300));
        QCOMPARE(before.unit, std::string("mph"));
        QCOMPARE(before.steps.size(), measured.horizons.size());
        for (size_t q = 0; q < before.steps.size(); ++q) {
            QCOMPARE(before.steps[q].step, measured.horizons[q].step);
            for (const QString& wrong : {differenceOf("last value", before.steps[q].lastValue, measured.horizons[q].lastValue),
                                         differenceOf("historical average", before.steps[q].historicalAverage, measured.horizons[q].historicalAverage)})
                QVERIFY2(wrong.isEmpty(), qPrintable(QStringLiteral("step %1, ").arg(q + 1) + wrong));
        }
        for (const QString& wrong : {differenceOf("last value", before.lastValue, measured.lastValue),
                                     differenceOf("historical average", before.historicalAverage, measured.historicalAverage)})
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QVERIFY(before.lastValue.mae > 0 && before.historicalAverage.mae > 0);
    }

    // `himnet info`'s line: both forecasts at a quarter, half and whole hour and at the
    // horizon's last step, and the better one's MAE, what a model must beat.
    void theSummaryGivesTheStepsAndTheBetterForecast_data()
    {
        QTest::addColumn<int>("horizon");
        QTest::addColumn<QString>("expected");
        QTest::newRow("an hour") << 12
                                 << "last value MAE 6.50 mph (15 min 3.00, 30 min 6.00, 60 min 12.00); historical average MAE 5.00 mph "
                                    "(15 min 5.00, 30 min 5.00, 60 min 5.00) over 399 test windows: a model must beat 5.00 mph overall";
        QTest::newRow("two hours: and the last, as evaluate's table") << 24
                                  << "last value MAE 6.50 mph (15 min 3.00, 30 min 6.00, 60 min 12.00, 120 min 24.00); historical "
                                     "average MAE 5.00 mph (15 min 5.00, 30 min 5.00, 60 min 5.00, 120 min 5.00) over 399 test "
                                     "windows: a model must beat 5.00 mph overall";
        QTest::newRow("20 minutes") << 4
                                    << "last value MAE 6.50 mph (15 min 3.00, 20 min 4.00); historical average MAE 5.00 mph "
                                       "(15 min 5.00, 20 min 5.00) over 399 test windows: a model must beat 5.00 mph overall";
    }
    void theSummaryGivesTheStepsAndTheBetterForecast()
    {
        QFETCH(int, horizon);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(describeBaselineErrors(handMade(horizon))), expected);
    }

    void theJsonHoldsEveryStep()
    {
        const nlohmann::json j = nlohmann::json::parse(toJson(handMade(12)));
        QCOMPARE(j.at("windows").get<int64_t>(), int64_t(399));
        QCOMPARE(j.at("last_value").at("mae").get<double>(), 6.5);
        QCOMPARE(j.at("historical_average").at("rmse").get<double>(), 7.0);
        QCOMPARE(j.at("steps").size(), size_t(12));
        QCOMPARE(j.at("steps")[11].at("minutes").get<int64_t>(), int64_t(60));
        QCOMPARE(j.at("steps")[11].at("last_value").at("mae").get<double>(), 12.0);
    }

    // Too short for a window in each period: refused as training refuses it, naming the file.
    void aSeriesTooShortToSplitIsRefusedByName()
    {
        auto shortSeries = std::make_shared<Dataset>();
        shortSeries->sourcePath = "/data/two-hours.csv";
        shortSeries->numNodes = 2;
        shortSeries->numSteps = 24;
        shortSeries->intervalSeconds = 300;
        shortSeries->sensorIds = {"a", "b"};
        for (int64_t t = 0; t < 24; ++t) shortSeries->timestamps.push_back(1330560000 + 300 * t);
        shortSeries->values.assign(48, 50.0f);
        shortSeries->validate();
        const QString wrong = testing::refusalMismatch([&] { baselineErrors(shortSeries, trainingDefaults(*shortSeries)); },
                                                       {"/data/two-hours.csv", "too short"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

private:
    std::shared_ptr<const Dataset> m_laWeek;
};

QTEST_MAIN(TestBaselineErrors)
#include "test_baseline_errors.moc"
