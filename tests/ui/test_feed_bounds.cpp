// The latest hours of a feed, in the window, offscreen, on a demo city trained for real: too
// short for a test period, they forecast without metrics, saying why, bounded by the intervals
// the checkpoint keeps, at the Band's level when it keeps that level, else at its usual one.
#include "engine_controller.h"
#include "forecast_plot.h"
#include "himnet/dataset.h"
#include "himnet/demo_city.h"
#include "himnet/evaluation.h"
#include "himnet/training.h"
#include "qcustomplot_include.h"
#include "quick_training.h"
#include "studio_session.h"
#include "window_test_support.h"
#include "patience.h"

#include <QLabel>
#include <QScopeGuard>
#include <QStatusBar>
#include <QtTest>

using namespace studio_testing;

class TestFeedBounds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { studio_testing::prepareStudioForTests(); }
    void cleanupTestCase() { studio_testing::removeStudioTestData(); }

    // The latest hours of a feed (20 steps: too short for the training's splits) are enough to
    // forecast from: the model loads and forecasts, and the metrics panel says why there are no
    // metrics instead of an error.
    void latestHoursForecastWithoutMetrics()
    {
        QTemporaryDir dir;
        himnet::Dataset latest = *himnet::testing::quickDemoCity(30, 1);
        const QString model = dir.path() + "/model.h5", folder = dir.path() + "/latest";
        const auto week = std::make_shared<const himnet::Dataset>(latest);
        himnet::train(week, himnet::testing::tinyOptions(model.toStdString()));
        // Its test report kept in the checkpoint at the usual level only, as earlier versions
        // kept it, with its intervals.
        const himnet::EvaluationReport tested = himnet::evaluateCheckpoint(week, model.toStdString(), "test", himnet::DeviceKind::Cpu);
        QVERIFY(!tested.intervals.empty());
        himnet::storeMetrics(model.toStdString(), tested);
        const int64_t keep = 20, width = latest.numNodes * latest.numChannels;
        latest.values.erase(latest.values.begin(), latest.values.end() - keep * width);
        latest.timestamps.erase(latest.timestamps.begin(), latest.timestamps.end() - keep);
        latest.numSteps = keep;
        himnet::writeDatasetFolder(latest, folder.toStdString());

        MainWindow window;
        window.show();
        window.openDataset(folder, /*confirm=*/false);
        waitForDataset(window);
        QSignalSpy failed(window.engine(), &EngineController::failed);
        QSignalSpy forecast(window.engine(), &EngineController::forecastReady);
        QSignalSpy pools(window.engine(), &EngineController::poolsSummarised);
        window.openCheckpoint(model);
        QVERIFY(forecast.wait(himnet::testing::patience(60000)));
        QVERIFY(window.session()->hasModel());
        QVERIFY(!window.session()->forecast().values.empty());
        QCOMPARE(window.session()->origin(), qint64(19)); // from the last step: the next hour
        QCOMPARE(window.session()->forecast().timestamps.front(), latest.timestamps.back() + latest.intervalSeconds);
        // The captions say why in a line: the files by their names, not their whole paths.
        const QString caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"))->text();
        QVERIFY2(caption.contains("No metrics on these data, only forecasts") && caption.contains("the series has 20 steps"), qPrintable(caption));
        QVERIFY2(!caption.contains(dir.path()), qPrintable(caption));
        QVERIFY(!pools.isEmpty() || pools.wait(himnet::testing::patience(60000)));
        const QString poolNotes = pools.last().first().value<PoolMaps>().notes.join(QLatin1Char('\n'));
        QVERIFY2(poolNotes.contains("model.h5: the weights generated per forecast need longer data") && !poolNotes.contains(dir.path()),
                 qPrintable(poolNotes));
        // The plot begins where the data do, not hours before them.
        const ForecastPlot* plotView = window.findChild<ForecastPlot*>(QStringLiteral("forecastPlot"));
        const QCustomPlot* plot = plotView->findChild<QCustomPlot*>();
        QTRY_COMPARE(plot->xAxis->range().lower, double(latest.timestamps.front()));
        // Nothing to measure here, but the intervals the checkpoint keeps still bound the
        // forecast, at each step's hour, drawn and in the tooltip.
        const himnet::Forecast& next = window.session()->forecast();
        QVERIFY(next.hasInterval());
        QCOMPARE(next.intervalLevel, 0.9);
        const int shown = window.session()->selection().value(0);
        QCOMPARE(next.upperValue(11, shown), next.value(11, shown) + tested.intervals.halfWidthAt(11, shown, next.timestamps[11]));
        int bands = 0;
        for (int g = 0; g < plot->graphCount(); ++g) bands += plot->graph(g)->objectName() == QStringLiteral("forecastInterval");
        QVERIFY(bands > 0);
        QVERIFY2(plotView->toolTipOfStep(11).contains(QStringLiteral("(90 %: ")), qPrintable(plotView->toolTipOfStep(11)));
        QTest::qWait(500); // whatever else the model's loading started (explorer, pools) has had its turn
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY2(window.statusBar()->currentMessage().contains("forecasts only"), qPrintable(window.statusBar()->currentMessage()));

        // With the Band at 95 %, which the checkpoint does not keep, the forecast keeps the
        // bounds it has, named by their level, rather than none.
        const auto usualLevel = qScopeGuard([&window] { window.session()->setIntervalLevel(0.9); });
        window.session()->setIntervalLevel(0.95);
        forecast.clear();
        window.openCheckpoint(model);
        QVERIFY(forecast.wait(himnet::testing::patience(60000)));
        QVERIFY(window.session()->forecast().hasInterval());
        QCOMPARE(window.session()->forecast().intervalLevel, 0.9);
        QTRY_VERIFY2(plotView->toolTipOfStep(11).contains(QStringLiteral("(90 %: ")), qPrintable(plotView->toolTipOfStep(11)));

        // Once the checkpoint keeps 95 % intervals too (`himnet evaluate --store
        // --interval-level 95`), the Band switches the open model's bounds between the levels it
        // keeps, without opening it again; at a level it does not keep, its usual ones stay.
        const himnet::EvaluationReport wide = himnet::evaluateCheckpoint(week, model.toStdString(), "test", himnet::DeviceKind::Cpu, nullptr,
                                                                         himnet::StoredReport::WhenCurrent, {}, {}, 0.95);
        himnet::storeMetrics(model.toStdString(), wide);
        QCOMPARE(himnet::storedReport(model.toStdString(), 0.95)->intervals.level, 0.95);
        QCOMPARE(himnet::storedReport(model.toStdString())->intervals.level, 0.9);
        for (const double level : {0.8, 0.95, 0.9, 0.95}) {
            window.session()->setIntervalLevel(level);
            QVERIFY(window.engine()->isBusy());
            QTRY_VERIFY_WITH_TIMEOUT(!window.engine()->isBusy(), himnet::testing::patience(60000));
            const himnet::Forecast& bounded = window.session()->forecast();
            const himnet::ForecastIntervals& by = level == 0.95 ? wide.intervals : tested.intervals;
            QCOMPARE(bounded.intervalLevel, by.level);
            QCOMPARE(bounded.upperValue(11, shown), bounded.value(11, shown) + by.halfWidthAt(11, shown, bounded.timestamps[11]));
        }
        QVERIFY(wide.intervals.halfWidthAt(11, shown, next.timestamps[11]) > tested.intervals.halfWidthAt(11, shown, next.timestamps[11]));
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    }
};

QTEST_MAIN(TestFeedBounds)
#include "test_feed_bounds.moc"
