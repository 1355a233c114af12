// Opening a model in the window, offscreen, on demo cities trained for real: the evaluation of
// a model replaced since is dropped; one that runs says how far it is and lets forecasts, and a
// training started meanwhile, go first; one that fails says why. An export of its test period
// stops between passes. The app's own checkpoints keep their evaluation and files from
// elsewhere are never written to (theirs is kept in the app's folder); a reference state dict
// opens imported. How the intervals show once measured: test_forecast_band; on a feed's latest
// hours: test_feed_bounds.
#include "engine_controller.h"
#include "forecast_plot.h"
#include "himnet/dataset.h"
#include "himnet/demo_city.h"
#include "himnet/evaluation.h"
#include "himnet/model_file.h"
#include "himnet/reference_models.h"
#include "himnet/training.h"
#include "metrics_panel.h"
#include "model_summary_view.h"
#include "quick_training.h"
#include "studio_session.h"
#include "test_files.h"
#include "training_dashboard.h"
#include "window_test_support.h"
#include "patience.h"

#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QScopeGuard>
#include <QtTest>

using namespace studio_testing;

namespace {

/// Two weeks of a 40-sensor demo city, and a tiny model trained on it saved as `checkpoint`.
std::shared_ptr<const himnet::Dataset> demoCityWithTinyModel(const QString& checkpoint)
{
    auto data = himnet::testing::quickDemoCity(40, 2);
    himnet::train(data, himnet::testing::tinyOptions(checkpoint.toStdString()));
    return data;
}

/// An EngineWorker driven on the test's thread, with a tiny model loaded on a demo city
/// (demoCityWithTinyModel) in a folder of its own.
struct WorkerWithTinyModel {
    QTemporaryDir dir;
    QString checkpoint = dir.path() + "/tiny.h5";
    std::shared_ptr<const himnet::Dataset> data = demoCityWithTinyModel(checkpoint);
    EngineWorker worker;
    LoadedModel model; ///< as modelLoaded sent it; no checkpointPath when it did not

    WorkerWithTinyModel()
    {
        QSignalSpy loaded(&worker, &EngineWorker::modelLoaded);
        worker.loadModel(checkpoint, data);
        if (loaded.count() == 1) model = loaded.first().first().value<LoadedModel>();
    }
    bool isLoaded() const { return model.checkpointPath == checkpoint; }
};

} // namespace

class TestModelOpening : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { studio_testing::prepareStudioForTests(); }
    void cleanupTestCase() { studio_testing::removeStudioTestData(); }

    // An evaluation of a model the user has since replaced is dropped, not run to the end
    // before the new model's work (on METR-LA it takes minutes on a CPU); no error either.
    void evaluationOfAReplacedModelIsDropped()
    {
        QTemporaryDir dir;
        const QString checkpoint = dir.path() + "/tiny.h5";
        const auto data = demoCityWithTinyModel(checkpoint);

        EngineController engine;
        QSignalSpy loaded(&engine, &EngineController::modelLoaded);
        QSignalSpy evaluated(&engine, &EngineController::evaluated);
        QSignalSpy failed(&engine, &EngineController::failed);
        engine.loadModel(checkpoint, data);
        engine.evaluate();
        engine.loadModel(checkpoint, data); // replaces the model before the evaluation's turn
        engine.evaluate();
        QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 1, himnet::testing::patience(60000));
        QCOMPARE(loaded.count(), 2);
        // Work queued now runs after anything still pending: no second evaluation comes.
        QSignalSpy forecast(&engine, &EngineController::forecastReady);
        engine.forecast(loaded.last().first().value<LoadedModel>().firstOrigin);
        QVERIFY(forecast.wait(himnet::testing::patience(30000)));
        QCOMPARE(evaluated.count(), 1);
        QCOMPARE(failed.count(), 0);
    }

    // An export of the test period's forecasts stops at its next pass when the user stops it
    // or replaces its model (opens another dataset or checkpoint) while it runs: it says it
    // stopped, with no error, the earlier file at that path is kept as it was and no temporary
    // is left; one of those asked for before and still queued writes nothing and says so; the
    // next export runs to the end. The worker is driven on this thread so that the stop comes
    // between two passes for certain, from its progress signal, as EngineController's calls
    // come from the GUI thread.
    void exportStopsBetweenPasses_data()
    {
        QTest::addColumn<bool>("replaceModel"); // else the user's stop
        QTest::newRow("stopped by the user") << false;
        QTest::newRow("model replaced") << true;
    }

    void exportStopsBetweenPasses()
    {
        QFETCH(bool, replaceModel);
        WorkerWithTinyModel opened;
        QVERIFY(opened.isLoaded());
        EngineWorker& worker = opened.worker;
        const QTemporaryDir& dir = opened.dir;
        const QString target = dir.path() + "/test.csv";
        const std::string earlier = "an earlier export, to be kept\n";
        himnet::testing::writeFileIn(dir, "test.csv", earlier);
        const QStringList filesBefore = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden, QDir::Name);

        QSignalSpy progress(&worker, &EngineWorker::testForecastsProgress);
        QSignalSpy exported(&worker, &EngineWorker::testForecastsExported);
        QSignalSpy stopped(&worker, &EngineWorker::testForecastsStopped);
        QSignalSpy failed(&worker, &EngineWorker::failed);
        const quint64 generation = worker.modelGeneration();
        const auto stop = [&worker, replaceModel] {
            if (replaceModel) worker.supersedeModel();
            else worker.stopExportsThrough(1);
        };
        const QMetaObject::Connection stopAtFirstPass = connect(&worker, &EngineWorker::testForecastsProgress, &worker,
                                                                [&stop](qint64 written) {
                                                                    if (written == 16) stop();
                                                                }, Qt::DirectConnection);
        worker.exportTestForecasts(generation, 1, target);
        disconnect(stopAtFirstPass);
        QCOMPARE(progress.count(), 1);
        const qint64 windows = progress.first().at(1).toLongLong();
        QVERIFY2(windows > 3 * 16, qPrintable(QString::number(windows))); // passes were left when it stopped
        QCOMPARE(exported.count(), 0);
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(stopped.first().first().toString(), target);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(himnet::testing::fileBytes(target.toStdString()), earlier);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden, QDir::Name), filesBefore);

        worker.exportTestForecasts(generation, 1, dir.path() + "/queued.csv"); // asked for before the stop
        QCOMPARE(progress.count(), 1);
        QCOMPARE(stopped.count(), 2);
        QVERIFY(!QFile::exists(dir.path() + "/queued.csv"));

        worker.exportTestForecasts(worker.modelGeneration(), 2, target);
        QCOMPARE(exported.count(), 1);
        QCOMPARE(exported.first().at(1).toLongLong(), windows);
        QCOMPARE(progress.last().at(0).toLongLong(), windows);
        QCOMPARE(stopped.count(), 2);
        QFile written(target);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll().count('\n'), 1 + windows * 12 * 40);
        QVERIFY(failed.isEmpty());
    }

    // An export that fails (its folder is gone, say) says so for itself, so that its progress
    // bar goes, and failed() says why, naming the file; it is not taken for stopped.
    void aFailedExportSaysSo()
    {
        WorkerWithTinyModel opened;
        QVERIFY(opened.isLoaded());
        EngineWorker& worker = opened.worker;
        QSignalSpy exportFailed(&worker, &EngineWorker::testForecastsFailed);
        QSignalSpy failed(&worker, &EngineWorker::failed);
        QSignalSpy stopped(&worker, &EngineWorker::testForecastsStopped);
        QSignalSpy exported(&worker, &EngineWorker::testForecastsExported);
        const QString target = opened.dir.path() + "/gone/test.csv";
        worker.exportTestForecasts(worker.modelGeneration(), 1, target);
        QCOMPARE(exportFailed.count(), 1);
        QCOMPARE(exportFailed.first().first().toString(), target);
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.first().first().toString().contains(target), qPrintable(failed.first().first().toString()));
        QCOMPARE(stopped.count(), 0);
        QCOMPARE(exported.count(), 0);
    }

    // The forecast the user asks for while the test period is being exported (the slider
    // moved) comes between two passes, not minutes later at the export's end; the request's
    // own turn then sends nothing more, and a new request is answered again.
    void forecastsAskedForDuringAnExportComeBetweenPasses()
    {
        WorkerWithTinyModel opened;
        QVERIFY(opened.isLoaded());
        EngineWorker& worker = opened.worker;
        QStringList order; // of what the worker sent
        QList<qint64> forecastOrigins;
        connect(&worker, &EngineWorker::forecastReady, &worker, [&](const himnet::Forecast& f) {
            order << QStringLiteral("forecast");
            forecastOrigins << f.lastObserved;
        }, Qt::DirectConnection);
        connect(&worker, &EngineWorker::testForecastsExported, &worker, [&] { order << QStringLiteral("exported"); }, Qt::DirectConnection);
        const qint64 origin = opened.model.firstOrigin + 5;
        connect(&worker, &EngineWorker::testForecastsProgress, &worker, [&](qint64 written) {
            if (written == 16) worker.setLatestForecastOrigin(origin); // as EngineController::forecast does
            order << QStringLiteral("pass");
        }, Qt::DirectConnection);
        worker.exportTestForecasts(worker.modelGeneration(), 1, opened.dir.path() + "/test.h5");
        QVERIFY2(order.count(QStringLiteral("pass")) > 3, qPrintable(order.join(' ')));
        QCOMPARE(order.mid(0, 3), (QStringList{"pass", "forecast", "pass"})); // before the next pass
        QCOMPARE(order.last(), QStringLiteral("exported"));
        QCOMPARE(forecastOrigins, QList<qint64>{origin});

        worker.forecast(origin); // the request's turn, behind the export
        QCOMPARE(forecastOrigins.size(), 1);
        worker.setLatestForecastOrigin(origin); // asked again
        worker.forecast(origin);
        QCOMPARE(forecastOrigins, (QList<qint64>{origin, origin}));
    }

    // While a model is measured (minutes for METR-LA on a CPU), it says how far it is after
    // each batch, and the forecast the user asks for meanwhile (the slider moved) comes between
    // two batches, not at the evaluation's end; the request's own turn sends nothing more.
    void measuringSaysHowFarItIsAndForecastsComeBetweenBatches()
    {
        WorkerWithTinyModel opened;
        QVERIFY(opened.isLoaded());
        EngineWorker& worker = opened.worker;
        QSignalSpy evaluated(&worker, &EngineWorker::evaluated);
        QSignalSpy failed(&worker, &EngineWorker::failed);
        QStringList order; // of what the worker sent
        QList<qint64> measured, forecastOrigins;
        qint64 windows = 0;
        const qint64 origin = opened.model.firstOrigin + 5;
        connect(&worker, &EngineWorker::evaluationProgress, &worker, [&](qint64 done, qint64 all) {
            if (measured.isEmpty()) worker.setLatestForecastOrigin(origin); // as EngineController::forecast does
            measured << done;
            windows = all;
            order << QStringLiteral("batch");
        }, Qt::DirectConnection);
        connect(&worker, &EngineWorker::forecastReady, &worker, [&](const himnet::Forecast& f) {
            order << QStringLiteral("forecast");
            forecastOrigins << f.lastObserved;
        }, Qt::DirectConnection);
        connect(&worker, &EngineWorker::evaluated, &worker, [&] { order << QStringLiteral("evaluated"); }, Qt::DirectConnection);
        worker.evaluate(worker.modelGeneration(), 1, /*keepInCheckpoint=*/false, {});
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(evaluated.count(), 1);
        const auto report = evaluated.first().first().value<himnet::EvaluationReport>();
        // The validation windows first, on which the forecast intervals are calibrated, then the test windows.
        QVERIFY(report.intervals.calibrationWindows > 0);
        QCOMPARE(windows, report.windows + report.intervals.calibrationWindows);
        QVERIFY2(measured.size() > 3, qPrintable(order.join(' ')));
        QCOMPARE(measured.first(), qint64(64)); // a batch at a time, of each split in turn
        for (int b = 1; b < measured.size(); ++b) QVERIFY(measured[b] > measured[b - 1] && measured[b] - measured[b - 1] <= 64);
        QVERIFY(measured.contains(report.intervals.calibrationWindows));
        QCOMPARE(measured.last(), windows);
        QCOMPARE(order.mid(0, 3), (QStringList{"batch", "forecast", "batch"}));
        QCOMPARE(order.last(), QStringLiteral("evaluated"));
        QCOMPARE(forecastOrigins, QList<qint64>{origin});
        worker.forecast(origin); // the request's turn, behind the evaluation
        QCOMPARE(forecastOrigins.size(), 1);
    }

    // A model that opened but cannot be measured (its file spoiled since, say) says so: the
    // worker names the file and the problem, to the Metrics dock as well as in failed(); the
    // dock then says there are no metrics and why, not "no model", nor that it measures still.
    void aModelThatCannotBeMeasuredSaysWhy()
    {
        WorkerWithTinyModel opened;
        QVERIFY(opened.isLoaded());
        EngineWorker& worker = opened.worker;
        QSignalSpy evaluated(&worker, &EngineWorker::evaluated);
        QSignalSpy notMeasured(&worker, &EngineWorker::evaluationFailed);
        QSignalSpy failed(&worker, &EngineWorker::failed);
        const std::string whole = himnet::testing::fileBytes(opened.checkpoint.toStdString());
        himnet::testing::writeFileIn(opened.dir, "tiny.h5", whole.substr(0, whole.size() / 2)); // cut short since it opened
        worker.evaluate(worker.modelGeneration(), 1, /*keepInCheckpoint=*/false, {});
        QCOMPARE(evaluated.count(), 0);
        QCOMPARE(notMeasured.count(), 1);
        QCOMPARE(failed.count(), 1);
        const QString why = notMeasured.first().first().toString();
        QCOMPARE(failed.first().first().toString(), why);
        QVERIFY2(why.contains(opened.checkpoint), qPrintable(why));

        MainWindow window;
        window.show();
        auto* caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"));
        auto* panel = window.findChild<MetricsPanel*>();
        panel->startMeasuring(); // as an opened model's
        QVERIFY2(caption->text().startsWith("Measuring the model on the test split"), qPrintable(caption->text()));
        Q_EMIT window.engine()->evaluationFailed(why);
        QVERIFY(!panel->isMeasuring());
        QCOMPARE(caption->text(), "No metrics: the model could not be measured on the test split. " + why);
        QVERIFY(window.findChild<QProgressBar*>(QStringLiteral("measuringProgress"))->isHidden());
        panel->showMeasured(64, 640); // of an evaluation dropped since: nothing changes
        QVERIFY(window.findChild<QProgressBar*>(QStringLiteral("measuringProgress"))->isHidden());
        QCOMPARE(caption->text(), "No metrics: the model could not be measured on the test split. " + why);
    }

    // The evaluation of a checkpoint the app trained (in its own folder) is kept there, and the
    // next opening shows it at once; a file the user opened from elsewhere is never written to:
    // its evaluation is kept in the app's data folder instead, and shown at once the next time.
    void onlyTheAppsOwnCheckpointsKeepTheirEvaluation()
    {
        const QString keptReports = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/evaluations";
        QDir(keptReports).removeRecursively();
        QTemporaryDir dir;
        const auto data = himnet::testing::quickDemoCity(30, 2);
        const QString folder = dir.path() + "/city", elsewhere = dir.path() + "/model.h5";
        himnet::writeDatasetFolder(*data, folder.toStdString());
        himnet::train(data, himnet::testing::tinyOptions(elsewhere.toStdString()));
        const QString own = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/checkpoints/city-model.h5";
        QDir().mkpath(QFileInfo(own).path());
        QFile::remove(own);
        QVERIFY(QFile::copy(elsewhere, own));
        const std::string untouched = himnet::testing::fileBytes(elsewhere.toStdString());

        MainWindow window;
        window.show();
        window.openDataset(folder, /*confirm=*/false);
        waitForDataset(window);
        QSignalSpy evaluated(window.engine(), &EngineController::evaluated);
        QSignalSpy failed(window.engine(), &EngineController::failed);
        // Opens a checkpoint; its report once the engine is done with it (storing it included).
        const auto openAndWait = [&](const QString& checkpoint) {
            evaluated.clear();
            window.openCheckpoint(checkpoint);
        };
        const auto reportShown = [&] { return evaluated.value(0).value(0).value<himnet::EvaluationReport>(); };
        // While it is measured the Metrics dock says so, with a bar of the windows measured.
        auto* caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"));
        auto* bar = window.findChild<QProgressBar*>(QStringLiteral("measuringProgress"));
        QStringList seenWhileMeasuring;
        const QMetaObject::Connection watch = connect(window.engine(), &EngineController::evaluationProgress, &window,
                                                      [&](qint64 measured, qint64 windows) {
                                                          seenWhileMeasuring << QStringLiteral("%1 %2/%3 %4")
                                                                                    .arg(bar->isVisible())
                                                                                    .arg(bar->value())
                                                                                    .arg(bar->maximum())
                                                                                    .arg(measured == bar->value() && windows == bar->maximum());
                                                          QVERIFY2(caption->text().startsWith("Measuring the model on the test split"),
                                                                   qPrintable(caption->text()));
                                                      });
        openAndWait(elsewhere);
        QTRY_VERIFY_WITH_TIMEOUT(evaluated.count() == 1 && !window.engine()->isBusy(), himnet::testing::patience(60000));
        disconnect(watch);
        const himnet::EvaluationReport fromElsewhere = reportShown();
        QVERIFY2(seenWhileMeasuring.size() > 1, qPrintable(seenWhileMeasuring.join(", ")));
        const qint64 windowsRun = fromElsewhere.windows + fromElsewhere.intervals.calibrationWindows;
        QCOMPARE(seenWhileMeasuring.last(), QStringLiteral("1 %1/%1 1").arg(windowsRun));
        QCOMPARE(seenWhileMeasuring.first(), QStringLiteral("1 64/%1 1").arg(windowsRun));
        QVERIFY(bar->isHidden());
        QVERIFY2(caption->text().startsWith("Test split ("), qPrintable(caption->text()));
        QVERIFY(!fromElsewhere.fromCheckpoint && !fromElsewhere.fromKeptReports);
        QCOMPARE(himnet::testing::fileBytes(elsewhere.toStdString()), untouched);
        // Kept at each of the Band's levels, measured in the same pass, in one file of the model and data.
        QCOMPARE(QDir(keptReports).entryList({"*.h5"}, QDir::Files), QStringList{QString::fromStdString(fromElsewhere.fingerprint) + ".h5"});
        for (const double level : himnet::bandLevels())
            QVERIFY2(himnet::evaluateCheckpoint(window.session()->dataset().data, elsewhere.toStdString(), "test", himnet::DeviceKind::Cpu, nullptr,
                                                himnet::StoredReport::WhenCurrent, keptReports.toStdString(), {}, level)
                         .fromKeptReports,
                     qPrintable(QString::number(level)));
        QVERIFY(window.modelSummaryView()->findItems(QStringLiteral("Tested"), Qt::MatchExactly).isEmpty());
        openAndWait(own); // measured, then kept
        QTRY_VERIFY_WITH_TIMEOUT(evaluated.count() == 1 && !window.engine()->isBusy(), himnet::testing::patience(60000));
        const himnet::EvaluationReport measured = reportShown();
        QVERIFY(!measured.fromCheckpoint);
        QCOMPARE(measured.all.mae, fromElsewhere.all.mae);
        QVERIFY(himnet::testing::fileBytes(own.toStdString()) != untouched);
        // The Model tab says at once what the file now keeps.
        const auto keptAtOnce = window.modelSummaryView()->findItems(QStringLiteral("Tested"), Qt::MatchExactly);
        QCOMPARE(keptAtOnce.size(), 1);
        QVERIFY2(keptAtOnce[0]->text(1).startsWith(QStringLiteral("MAE %1 km/h").arg(measured.all.mae, 0, 'f', 2)), qPrintable(keptAtOnce[0]->text(1)));
        openAndWait(own);
        QTRY_VERIFY_WITH_TIMEOUT(evaluated.count() == 1 && !window.engine()->isBusy(), himnet::testing::patience(60000));
        const himnet::EvaluationReport kept = reportShown();
        QVERIFY(kept.fromCheckpoint);
        QCOMPARE(kept.all.mae, measured.all.mae);
        QCOMPARE(kept.sensorHours.abs[0], measured.sensorHours.abs[0]);
        QTRY_VERIFY2(window.statusBar()->currentMessage().endsWith("as the checkpoint keeps them"), qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(window.session()->metrics().all.mae, measured.all.mae);
        QVERIFY2(caption->text().contains("As the checkpoint keeps them, measured on the same weights and data."), qPrintable(caption->text()));
        // The Model tab says what the file keeps.
        const auto tested = window.modelSummaryView()->findItems(QStringLiteral("Tested"), Qt::MatchExactly);
        QCOMPARE(tested.size(), 1);
        QVERIFY2(tested[0]->text(1).startsWith(QStringLiteral("MAE %1 km/h (last value ").arg(measured.all.mae, 0, 'f', 2)), qPrintable(tested[0]->text(1)));
        // Its reports at the Band's other levels were measured with it and are kept beside: the
        // Band switched between them measures nothing.
        const auto usualLevel = qScopeGuard([&window] { window.session()->setIntervalLevel(0.9); }); // also when a check fails
        QComboBox* band = window.forecastPlot()->bandBox();
        QSignalSpy measuring(window.engine(), &EngineController::evaluationProgress);
        const auto levelAt = [&](double level) {
            evaluated.clear();
            window.session()->setIntervalLevel(level);
            return QTest::qWaitFor([&] { return evaluated.count() == 1 && !window.engine()->isBusy(); }, himnet::testing::patience(60000));
        };
        const auto bandAt = [&](double level) {
            if (band->findData(level) < 0) return false;
            band->setCurrentIndex(band->findData(level));
            return QTest::qWaitFor([&] { return evaluated.count() == 1 && !window.engine()->isBusy(); }, himnet::testing::patience(60000));
        };
        double widestHalfWidth = 0;
        for (const double level : {0.95, 0.8, 0.99, 0.9}) {
            evaluated.clear();
            QVERIFY(bandAt(level));
            QVERIFY2(reportShown().fromCheckpoint, qPrintable(QString::number(level)));
            QCOMPARE(reportShown().intervals.level, level);
            QCOMPARE(reportShown().all.mae, measured.all.mae);
            widestHalfWidth = std::max(widestHalfWidth, reportShown().intervals.all.meanHalfWidth);
        }
        QCOMPARE(measuring.count(), 0);
        QCOMPARE(window.session()->metrics().intervals.all.meanHalfWidth, measured.intervals.all.meanHalfWidth);
        QVERIFY(widestHalfWidth > measured.intervals.all.meanHalfWidth);
        // A level of its own is measured once, then kept beside them too.
        QVERIFY(levelAt(0.975));
        QVERIFY(!reportShown().fromCheckpoint);
        QVERIFY(measuring.count() > 0);
        QVERIFY(levelAt(0.9) && reportShown().fromCheckpoint);
        QVERIFY(levelAt(0.975) && reportShown().fromCheckpoint);
        QCOMPARE(reportShown().intervals.level, 0.975);
        QVERIFY(levelAt(0.9));
        QCOMPARE(himnet::inspectModelFile(own.toStdString()).metrics->intervalLevel, 0.9); // what the Model tab describes

        // Opened again, the file from elsewhere shows the report kept for it, untouched itself.
        openAndWait(elsewhere);
        QTRY_VERIFY_WITH_TIMEOUT(evaluated.count() == 1 && !window.engine()->isBusy(), himnet::testing::patience(60000));
        const himnet::EvaluationReport keptElsewhere = reportShown();
        QVERIFY(keptElsewhere.fromKeptReports && !keptElsewhere.fromCheckpoint);
        QCOMPARE(keptElsewhere.all.mae, fromElsewhere.all.mae);
        QCOMPARE(keptElsewhere.sensorHours.abs[0], fromElsewhere.sensorHours.abs[0]);
        QCOMPARE(himnet::testing::fileBytes(elsewhere.toStdString()), untouched);
        QTRY_VERIFY2(window.statusBar()->currentMessage().endsWith("as measured when it was last opened on these data"),
                     qPrintable(window.statusBar()->currentMessage()));
        QVERIFY2(caption->text().contains("As measured when this model was last opened on the same data"), qPrintable(caption->text()));
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QFile::remove(own);
    }

    // A training started (or continued) while the open model is being measured (minutes for
    // METR-LA on a CPU) does not wait behind the measuring: that stops, the Metrics dock says so, and the
    // model the training ends with is measured instead. A training stopped in its first epoch,
    // which opens no model, has the open model measured again.
    void aTrainingStartedWhileMeasuringGoesFirst_data()
    {
        QTest::addColumn<bool>("continueIt"); // else Start: a new model
        QTest::newRow("Start") << false;
        QTest::newRow("Continue") << true;
    }

    void aTrainingStartedWhileMeasuringGoesFirst()
    {
        QFETCH(bool, continueIt);
        const WindowOnTrainedCity city;
        MainWindow& window = *city.window;
        const QString& model = city.model;
        TrainingDashboard* dashboard = window.trainingDashboard();
        auto* caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"));
        QStringList order; // what the engine sent, the first progress of each training only
        connect(window.engine(), &EngineController::evaluated, &window, [&] {
            order << "evaluated " + QFileInfo(window.session()->model().checkpointPath).fileName();
        });
        connect(window.engine(), &EngineController::trainingProgress, &window, [&] {
            if (!order.contains(QStringLiteral("progress"))) order << QStringLiteral("progress");
        });
        connect(window.engine(), &EngineController::trainingFinished, &window, [&] { order << QStringLiteral("finished"); });
        // Start is clicked as soon as the model has opened, its measuring asked for.
        bool startWhenOpened = true;
        QString captionAtStart;
        connect(window.engine(), &EngineController::modelLoaded, &window, [&] {
            if (!std::exchange(startWhenOpened, false)) return;
            QTest::mouseClick(continueIt ? dashboard->continueButton() : dashboard->startButton(), Qt::LeftButton);
            captionAtStart = caption->text();
        });

        configureTinyTraining(dashboard, 2, 3); // Continue: the model's second epoch
        window.openCheckpoint(model);
        // What the end of the training asked for (opening its model, measuring) is done once idle.
        QTRY_VERIFY_WITH_TIMEOUT(order.contains(QStringLiteral("finished")) && !window.engine()->isBusy(), himnet::testing::patience(120000));
        QVERIFY2(captionAtStart.startsWith("No metrics: measuring stopped so that the training could start."), qPrintable(captionAtStart));
        const QString trained = QFileInfo(window.session()->model().checkpointPath).fileName();
        QCOMPARE(trained == QStringLiteral("model.h5"), continueIt); // Start trains a new file
        QCOMPARE(order, (QStringList{"progress", "finished", "evaluated " + trained}));
        QVERIFY2(caption->text().startsWith("Test split ("), qPrintable(caption->text()));
        if (continueIt) return;

        // Stopped in its first epoch, the training opens no model: the open one is measured again.
        order.clear();
        startWhenOpened = true;
        configureTinyTraining(dashboard, 1, 500);
        const QMetaObject::Connection stopAtFirstBatch = connect(window.engine(), &EngineController::trainingProgress, &window, [&] {
            if (dashboard->stopButton()->isEnabled()) QTest::mouseClick(dashboard->stopButton(), Qt::LeftButton);
        });
        window.openCheckpoint(model);
        QTRY_VERIFY_WITH_TIMEOUT(order.contains(QStringLiteral("finished")) && !window.engine()->isBusy(), himnet::testing::patience(120000));
        disconnect(stopAtFirstBatch);
        QCOMPARE(order, (QStringList{"progress", "finished", "evaluated model.h5"}));
        QCOMPARE(window.session()->model().checkpointPath, model);
        QVERIFY2(caption->text().startsWith("Test split ("), qPrintable(caption->text()));
    }

    // A model of the reference implementation (its state dict) opens as a checkpoint would: the
    // app imports it for the data open, into its own folder, where it keeps its evaluation, and
    // it forecasts as the model it came from.
    void aReferenceStateDictOpensImported()
    {
        QTemporaryDir dir;
        const auto data = himnet::testing::quickDemoCity(30, 2);
        const QString folder = dir.path() + "/town", trained = dir.path() + "/trained.h5", stateDict = dir.path() + "/reference model.pt";
        himnet::writeDatasetFolder(*data, folder.toStdString());
        himnet::train(data, himnet::testing::tinyOptions(trained.toStdString()));
        QVERIFY(himnet::exportStateDict(trained.toStdString(), stateDict.toStdString()).empty());
        const himnet::EvaluationReport original = himnet::evaluateCheckpoint(data, trained.toStdString(), "test", himnet::DeviceKind::Cpu);
        const QString own = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/checkpoints/"
            + QString::fromStdString(data->name) + "-imported-reference model.h5";
        QFile::remove(own);

        MainWindow window;
        window.show();
        window.openDataset(folder, /*confirm=*/false);
        waitForDataset(window);
        QSignalSpy imported(window.engine(), &EngineController::modelImported);
        QSignalSpy evaluated(window.engine(), &EngineController::evaluated);
        QSignalSpy failed(window.engine(), &EngineController::failed);
        window.openCheckpoint(stateDict);
        QTRY_VERIFY_WITH_TIMEOUT((evaluated.count() == 1 || !failed.isEmpty()) && !window.engine()->isBusy(), himnet::testing::patience(60000));
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(imported.count(), 1);
        QCOMPARE(imported.first().at(1).toString(), own);
        QVERIFY2(imported.first().at(2).toString().contains("scaler mean"), qPrintable(imported.first().at(2).toString()));
        const himnet::EvaluationReport shown = evaluated.first().first().value<himnet::EvaluationReport>();
        QCOMPARE(shown.all.mae, original.all.mae);
        QCOMPARE(window.session()->model().checkpointPath, own);
        QVERIFY(himnet::inspectModelFile(own.toStdString()).metrics); // its own folder: the evaluation is kept
        const auto row = window.modelSummaryView()->findItems(QStringLiteral("Imported"), Qt::MatchExactly);
        QCOMPARE(row.size(), 1);
        QVERIFY2(row[0]->text(1).contains("reference model.pt, a state dict of the reference implementation"), qPrintable(row[0]->text(1)));
        QFile::remove(own);
    }
};

QTEST_MAIN(TestModelOpening)
#include "test_model_opening.moc"
