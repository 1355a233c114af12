// Training from the window, offscreen, on the demo city: progress arrives in order and grows
// the curves, the explorer draws the embeddings of every epoch while the model trains, Stop
// ends it within a batch and Pause holds it (also when clicked while it waits its turn),
// Continue picks it up at the next one, a reopened checkpoint shows its history (and the
// zones it found), a fine-tuning starts from the open model, and another dataset clears what
// the tab said of a training. The choices made before training starts: test_training_choices;
// what the views show of the model trained: test_trained_model_views.
#include "checkpoint_fixtures.h"
#include "embedding_explorer.h"
#include "engine_controller.h"
#include "himnet/evaluation.h"
#include "himnet/model_file.h"
#include "himnet/training.h"
#include "metrics_table_model.h"
#include "model_summary_view.h"
#include "studio_session.h"
#include "window_test_support.h"
#include "patience.h"
#include "quick_training.h"
#include "shared_path.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace studio_testing;

class TestTrainingPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { studio_testing::prepareStudioForTests(); }
    void cleanupTestCase() { studio_testing::removeStudioTestData(); }

    void tinyTrainingRunEmitsProgressInOrderAndGrowsCurves()
    {
        MainWindow window;
        TrainingDashboard* dashboard = demoReadyToTrain(window, 2, 3);
        // Before a model, the Model tab says how to get one rather than showing an empty table.
        QCOMPARE(window.modelSummaryView()->topLevelItemCount(), 1);
        QVERIFY(window.modelSummaryView()->topLevelItem(0)->text(0).startsWith(QStringLiteral("No trained model yet: train one (Training tab)")));
        QSignalSpy progress(window.engine(), &EngineController::trainingProgress);
        QSignalSpy finished(window.engine(), &EngineController::trainingFinished);
        QSignalSpy metrics(window.session(), &StudioSession::metricsChanged);
        // The explorer draws the sensors' embeddings at the end of every epoch, while training
        // goes on: what it shows then, and what the map's cluster colours are.
        EmbeddingExplorer* explorer = window.embeddingExplorer();
        QStringList statusWhileTraining;
        QList<int> clustersWhileTraining;
        connect(explorer, &EmbeddingExplorer::trainingMapShown, this, [&](qint64) {
            QVERIFY(window.engine()->isTraining());
            statusWhileTraining << explorer->statusLabel()->text();
            QCOMPARE(explorer->result().points->size(), int64_t(160));
            QCOMPARE(explorer->scatterPlot()->plottableCount() > 0, true);
            clustersWhileTraining << window.session()->clusterCount();
        });
        QSignalSpy pictures(explorer, &EmbeddingExplorer::trainingMapShown);
        // The time left, as the dashboard shows it after each event (it handles them first).
        QStringList timeShown;
        connect(window.engine(), &EngineController::trainingProgress, this,
                [&](const himnet::TrainProgress&) { timeShown << dashboard->timeLabel()->text(); });
        QVERIFY(dashboard->startButton()->isEnabled());
        // The training's own lines appear with it, not before (they would push the form and its
        // plan out of sight).
        QVERIFY(dashboard->statusLabel()->isHidden() && dashboard->timeLabel()->isHidden());
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        QVERIFY(!dashboard->statusLabel()->isHidden());
        QVERIFY(!dashboard->startButton()->isEnabled());
        QVERIFY(explorer->statusLabel()->text().contains("appear here at the end of every epoch"));
        QVERIFY(finished.wait(himnet::testing::patience(120000)));
        using Kind = himnet::TrainProgress::Kind;
        std::vector<Kind> kinds;
        for (const auto& args : progress) kinds.push_back(args.first().value<himnet::TrainProgress>().kind);
        const std::vector<Kind> expected{Kind::Started,    Kind::Batch, Kind::Batch, Kind::Batch, Kind::Validating,
                                         Kind::Epoch,      Kind::Batch, Kind::Batch, Kind::Batch, Kind::Validating,
                                         Kind::Epoch,      Kind::Finished};
        QVERIFY(kinds == expected);
        QVERIFY(!dashboard->timeLabel()->isHidden());
        // In epoch 1, the end of the epoch and of the training; in epoch 2, the training's end.
        QVERIFY2(timeShown.value(1).contains(QRegularExpression("^Elapsed .* · this epoch ends in about .*, the training in about ")),
                 qPrintable(timeShown.value(1)));
        QVERIFY2(timeShown.value(5).contains(QRegularExpression("^Elapsed .* · the training ends in about ")), qPrintable(timeShown.value(5)));
        QVERIFY2(timeShown.value(7).contains(QRegularExpression("^Elapsed .* · the training ends in about ")), qPrintable(timeShown.value(7)));
        QTRY_COMPARE(dashboard->lossPlot()->graph(0)->dataCount(), 6);
        QCOMPARE(dashboard->lossPlot()->graph(1)->dataCount(), 2);
        // Zones found, per epoch, beside the losses (the demo city's zones are known).
        QCOMPARE(dashboard->lossPlot()->graph(2)->dataCount(), 2);
        QVERIFY(dashboard->lossPlot()->graph(2)->visible());
        QTRY_COMPARE(dashboard->lossPlot()->yAxis2->range().upper, 1.05); // ARI's scale, whatever the losses
        QTRY_COMPARE(pictures.count(), 2);
        QCOMPARE(pictures.at(0).at(0).toLongLong(), qint64(1));
        QCOMPARE(pictures.at(1).at(0).toLongLong(), qint64(2));
        QVERIFY2(statusWhileTraining.value(0).startsWith("Training, epoch 1 of 2 (latest weights)"), qPrintable(statusWhileTraining.value(0)));
        QVERIFY2(statusWhileTraining.value(1).contains("agreement with the planted zones: ARI"), qPrintable(statusWhileTraining.value(1)));
        // And how far training has moved them from where it started.
        QVERIFY2(statusWhileTraining.value(1).contains("correlation with their random initial values"), qPrintable(statusWhileTraining.value(1)));
        QCOMPARE(clustersWhileTraining, QList<int>({5, 5})); // k = the five zones, painted on the map
        // The trained model is loaded: metrics for 12 horizons + all, forecasts on the map. The
        // engine says it is idle only once all of that has arrived (what --screenshot waits for).
        QSignalSpy idle(window.engine(), &EngineController::idle);
        QVERIFY(idle.wait(himnet::testing::patience(90000)));
        QVERIFY(!window.engine()->isBusy());
        QVERIFY(!metrics.isEmpty());
        QCOMPARE(window.metricsModel()->rowCount(), 13);
        // The app's own checkpoint keeps that evaluation: opened again, it is shown at once.
        const himnet::EvaluationReport kept = himnet::evaluateCheckpoint(window.session()->dataset().data,
                                                                         window.session()->model().checkpointPath.toStdString());
        QVERIFY(kept.fromCheckpoint);
        QCOMPARE(kept.all.mae, window.session()->metrics().all.mae);
        for (const double level : himnet::bandLevels()) // measured in the same pass: the Band switches at once
            QVERIFY2(himnet::storedReport(window.session()->model().checkpointPath.toStdString(), level), qPrintable(QString::number(level)));
        QVERIFY(window.session()->hasForecast());
        QVERIFY(dashboard->startButton()->isEnabled());
        // What the views show of the model trained: test_trained_model_views.
    }

    // While training, the explorer draws the embeddings it is set to: the times of day and the
    // days of the week too. The sensor × time ones come from runs of the model and wait for it.
    void memoryNoteStaysInSightWhileTraining()
    {
        MainWindow window;
        TrainingDashboard* dashboard = demoReadyToTrain(window, 1, 2);
        auto* memory = dashboard->findChild<QLabel*>(QStringLiteral("memoryWarning"));
        QVERIFY(memory);
        QVERIFY(!memory->isVisibleTo(dashboard));
        // A training whose step fits the least it needs but perhaps not its likely most (the
        // engine's words: train/memory_need), as the engine reports it.
        using Kind = himnet::TrainProgress::Kind;
        himnet::TrainProgress started;
        started.kind = Kind::Started;
        started.epochs = 1;
        started.batchesPerEpoch = 2;
        started.memoryNote = "a training step of 300 windows of 207 sensors with hidden size 64 needs 5.5 GiB to 25.7 GiB of memory, "
                             "and this machine has 23.0 GiB available: it may run out; a batch size of 267 or less fits";
        Q_EMIT window.engine()->trainingProgress(started);
        QVERIFY(memory->isVisibleTo(dashboard));
        QVERIFY2(memory->text().startsWith("Memory: a training step of 300 windows") && memory->text().contains("267 or less fits"),
                 qPrintable(memory->text()));
        himnet::TrainProgress batch = started;
        batch.kind = Kind::Batch;
        batch.epoch = batch.batch = 1;
        Q_EMIT window.engine()->trainingProgress(batch);
        QVERIFY(memory->isVisibleTo(dashboard)); // the status line moves on; the note stays
        // A real training of the demo city fits easily: its start takes the note away.
        QSignalSpy finished(window.engine(), &EngineController::trainingFinished);
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        QVERIFY(!memory->isVisibleTo(dashboard));
        QVERIFY(finished.wait(himnet::testing::patience(120000)));
        QVERIFY(!memory->isVisibleTo(dashboard));
    }

    void explorerDrawsTheChosenEmbeddingsWhileTraining_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("points"); // 0: no picture while training
        QTest::addColumn<QString>("status");
        QTest::newRow("time of day") << int(himnet::EmbeddingKind::TimeOfDay) << 288 << "Training, epoch 1 of 1 (latest weights)";
        QTest::newRow("day of week") << int(himnet::EmbeddingKind::DayOfWeek) << 7 << "Training, epoch 1 of 1 (latest weights)";
        QTest::newRow("sensor x time") << int(himnet::EmbeddingKind::SpatioTemporal) << 0
                                       << "appear when the trained model is loaded";
    }

    void explorerDrawsTheChosenEmbeddingsWhileTraining()
    {
        QFETCH(int, kind);
        QFETCH(int, points);
        QFETCH(QString, status);
        MainWindow window;
        TrainingDashboard* dashboard = demoReadyToTrain(window, 1, 2);
        EmbeddingExplorer* explorer = window.embeddingExplorer();
        explorer->kindBox()->setCurrentIndex(explorer->kindBox()->findData(kind));
        QString statusWhileTraining;
        qint64 pointsWhileTraining = 0;
        connect(explorer, &EmbeddingExplorer::trainingMapShown, this, [&](qint64) {
            QCOMPARE(int(explorer->result().request.kind), kind);
            pointsWhileTraining = explorer->result().points->size();
            statusWhileTraining = explorer->statusLabel()->text();
        });
        QSignalSpy finished(window.engine(), &EngineController::trainingFinished);
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        if (points == 0) statusWhileTraining = explorer->statusLabel()->text();
        QVERIFY(finished.wait(himnet::testing::patience(120000)));
        QCOMPARE(pointsWhileTraining, qint64(points));
        QVERIFY2(statusWhileTraining.contains(status), qPrintable(statusWhileTraining));
    }

    void stopEndsTrainingWithinOneBatch()
    {
        MainWindow window;
        TrainingDashboard* dashboard = demoReadyToTrain(window, 50, 0);
        int batchesAfterStop = -1;
        connect(window.engine(), &EngineController::trainingProgress, this, [&](const himnet::TrainProgress& p) {
            if (p.kind != himnet::TrainProgress::Kind::Batch) return;
            if (batchesAfterStop >= 0) ++batchesAfterStop;
            else if (p.batch == 2) {
                QTest::mouseClick(dashboard->stopButton(), Qt::LeftButton);
                batchesAfterStop = 0;
            }
        });
        QSignalSpy finished(window.engine(), &EngineController::trainingFinished);
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        QVERIFY(finished.wait(himnet::testing::patience(120000)));
        QVERIFY(finished.first().first().value<himnet::TrainResult>().cancelled);
        QVERIFY2(batchesAfterStop <= 1, qPrintable(QString::number(batchesAfterStop)));
    }

    // Stop clicked while the training still waits its turn (behind an export or a measuring,
    // say) is kept: the training ends as it begins, cancelled, with nothing trained or written.
    // It used to be lost, the training then running to its end. The next one runs.
    void stopBeforeTheTrainingsTurnIsKept()
    {
        QTemporaryDir dir;
        const auto data = himnet::testing::quickDemoCity(30, 1);
        const himnet::TrainingOptions options = himnet::testing::tinyOptions((dir.path() + "/model.h5").toStdString());
        EngineWorker worker; // driven on this thread, as EngineController's calls come from the GUI thread
        QSignalSpy progress(&worker, &EngineWorker::trainingProgress);
        QSignalSpy finished(&worker, &EngineWorker::trainingFinished);
        QSignalSpy failed(&worker, &EngineWorker::failed);
        worker.stopTrainingsThrough(1); // Stop, while training 1 is queued
        worker.train(1, options, data);
        QCOMPARE(finished.count(), 1);
        const auto stopped = finished.first().first().value<himnet::TrainResult>();
        QVERIFY(stopped.cancelled);
        QCOMPARE(stopped.epochsRun, int64_t(0));
        QCOMPARE(stopped.batchesIntoEpoch, int64_t(0));
        QCOMPARE(finished.first().at(1).toString(), QString::fromStdString(options.checkpointPath));
        QCOMPARE(progress.count(), 0);
        QVERIFY(!QFile::exists(QString::fromStdString(options.checkpointPath)));

        worker.train(2, options, data);
        QCOMPARE(finished.count(), 2);
        const auto trained = finished.last().first().value<himnet::TrainResult>();
        QVERIFY(!trained.cancelled);
        QCOMPARE(trained.epochsRun, int64_t(options.epochs));
        QVERIFY(progress.count() > 0);
        QVERIFY(QFile::exists(QString::fromStdString(options.checkpointPath)));
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    }

    // Pause clicked while a training still waits its turn holds it from its first progress
    // until Resume (it used to be lost when the training began); and a pause of a training
    // that has ended (clicked as it ended) holds no later one.
    void pauseBeforeTheTrainingsTurnIsKept()
    {
        QTemporaryDir dir;
        const auto data = himnet::testing::quickDemoCity(30, 1);
        himnet::TrainingOptions options = himnet::testing::tinyOptions((dir.path() + "/model.h5").toStdString());
        options.maxBatchesPerEpoch = 4;
        EngineWorker worker; // driven on this thread; Resume comes from another, as from the GUI's
        std::atomic<bool> resumed{false};
        std::thread resumer;
        QList<bool> resumedAtBatch;
        connect(&worker, &EngineWorker::trainingProgress, &worker, [&](const himnet::TrainProgress& p) {
            if (p.kind == himnet::TrainProgress::Kind::Batch) resumedAtBatch << resumed.load();
            if (!resumed && !resumer.joinable()) // training 1's first word, after which it waits while paused
                resumer = std::thread([&] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(300));
                    resumed = true;
                    worker.pauseTraining(1, false);
                });
        }, Qt::DirectConnection);
        QSignalSpy finished(&worker, &EngineWorker::trainingFinished);
        worker.pauseTraining(1, true); // Pause, while training 1 is queued
        worker.train(1, options, data);
        if (resumer.joinable()) resumer.join();
        QCOMPARE(resumedAtBatch.size(), 4);
        QCOMPARE(resumedAtBatch, (QList<bool>{true, true, true, true})); // held from its first word until Resume
        QCOMPARE(finished.count(), 1);

        worker.pauseTraining(1, true); // training 1 has ended: training 2 runs straight through
        resumedAtBatch.clear();
        worker.train(2, options, data);
        QCOMPARE(finished.count(), 2);
        QCOMPARE(resumedAtBatch.size(), 4);
    }

    // With a model open, Start can fine-tune it: its weights and shape, written to a new file,
    // with its validation loss plotted at epoch 0 as the mark to beat and named in the Model tab.
    void fineTuningStartsFromTheOpenModel()
    {
        MainWindow window;
        TrainingDashboard* dashboard = demoReadyToTrain(window, 1, 2);
        QCOMPARE(dashboard->startFromBox()->count(), 1); // no model yet: new weights only
        QSignalSpy finished(window.engine(), &EngineController::trainingFinished);
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        QVERIFY(finished.wait(himnet::testing::patience(120000)));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), himnet::testing::patience(60000));
        const QString base = window.session()->model().checkpointPath;
        QCOMPARE(dashboard->hiddenBox()->value(), 8); // the form keeps what was set

        QCOMPARE(dashboard->startFromBox()->count(), 2);
        dashboard->hiddenBox()->setValue(12);
        dashboard->startFromBox()->setCurrentIndex(1);
        QVERIFY(dashboard->startsFromOpenModel());
        QVERIFY(!dashboard->hiddenBox()->isEnabled());
        QCOMPARE(dashboard->hiddenBox()->value(), 8); // the model's shape
        QCOMPARE(QString::fromStdString(dashboard->options().initialWeights), base);
        dashboard->startFromBox()->setCurrentIndex(0);
        QCOMPARE(dashboard->hiddenBox()->value(), 12); // the form's again
        dashboard->startFromBox()->setCurrentIndex(1);

        // The live pictures measure how far fine-tuning moves the embeddings from the open
        // model's, and say so.
        EmbeddingExplorer* explorer = window.embeddingExplorer();
        QStringList statusWhileFineTuning;
        connect(explorer, &EmbeddingExplorer::trainingMapShown, this,
                [&](qint64) { statusWhileFineTuning << explorer->statusLabel()->text(); });
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        QVERIFY(finished.wait(himnet::testing::patience(120000)));
        const auto result = finished.last().first().value<himnet::TrainResult>();
        QVERIFY(!result.cancelled && result.startingValLoss);
        QTRY_VERIFY_WITH_TIMEOUT(!statusWhileFineTuning.isEmpty(), himnet::testing::patience(60000));
        QVERIFY2(statusWhileFineTuning.first().contains("correlation with those of " + QFileInfo(base).fileName()
                                                        + ", which the training started from"),
                 qPrintable(statusWhileFineTuning.first()));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel() && window.session()->model().checkpointPath != base, himnet::testing::patience(60000));
        const himnet::ModelFileSummary& tuned = window.session()->model().summary;
        QCOMPARE(QString::fromStdString(tuned.startedFrom), QFileInfo(base).absoluteFilePath());
        QCOMPARE(tuned.config.hiddenDim, int64_t(8));
        const QCPGraphDataContainer& validation = *dashboard->lossPlot()->graph(1)->data();
        QCOMPARE(validation.size(), 2);
        QCOMPARE(validation.at(0)->key, 0.0);
        QCOMPARE(validation.at(0)->value, *result.startingValLoss);
        const auto row = window.modelSummaryView()->findItems(QStringLiteral("Started from"), Qt::MatchExactly);
        QCOMPARE(row.size(), 1);
        QVERIFY2(row.first()->text(1).contains(QFileInfo(base).fileName()), qPrintable(row.first()->text(1)));
        // The choice stays with the open model, now the fine-tuned one.
        QCOMPARE(dashboard->startFromBox()->currentData().toString(), window.session()->model().checkpointPath);

        // Reopened, the checkpoint plots its starting point with its epochs.
        MainWindow other;
        openCheckpointOnDemoCity(other, window.session()->model().checkpointPath);
        if (QTest::currentTestFailed()) return;
        QTRY_COMPARE(other.trainingDashboard()->lossPlot()->graph(1)->dataCount(), 2);
        QCOMPARE(other.trainingDashboard()->lossPlot()->graph(1)->data()->at(0)->value, *result.startingValLoss);
    }

    // Another dataset opened after a training: the tab's lines and curves of that training go
    // with the data they were of.
    void anotherDatasetClearsWhatTheTrainingSaid()
    {
        MainWindow window;
        TrainingDashboard* dashboard = demoReadyToTrain(window, 1, 2);
        QSignalSpy finished(window.engine(), &EngineController::trainingFinished);
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        QVERIFY(finished.wait(himnet::testing::patience(120000)));
        QTRY_VERIFY_WITH_TIMEOUT(!window.engine()->isBusy(), himnet::testing::patience(60000));
        QVERIFY(!dashboard->statusLabel()->isHidden() && !dashboard->statusLabel()->text().isEmpty());
        QVERIFY(!dashboard->timeLabel()->isHidden());
        QVERIFY(dashboard->lossPlot()->graph(0)->dataCount() > 0);

        QSignalSpy opened(window.session(), &StudioSession::datasetChanged);
        window.openDataset(QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")), false);
        QVERIFY(opened.wait(himnet::testing::patience(30000)));
        QVERIFY(dashboard->statusLabel()->isHidden() && dashboard->statusLabel()->text().isEmpty());
        QVERIFY(dashboard->timeLabel()->isHidden());
        for (int graph = 0; graph < dashboard->lossPlot()->graphCount(); ++graph)
            QCOMPARE(dashboard->lossPlot()->graph(graph)->dataCount(), 0);
    }

    // Stop keeps the batches trained so far; Continue picks up at the next one and the
    // finished epoch becomes the loaded model.
    void stoppedTrainingContinuesWhereItStopped()
    {
        MainWindow window;
        TrainingDashboard* dashboard = demoReadyToTrain(window, 1, 4);
        QVERIFY(!dashboard->continueButton()->isEnabled());
        bool stopped = false;
        std::vector<int64_t> batches;
        connect(window.engine(), &EngineController::trainingProgress, this, [&](const himnet::TrainProgress& p) {
            if (p.kind != himnet::TrainProgress::Kind::Batch) return;
            batches.push_back(p.batch);
            if (p.batch == 2 && !stopped) {
                stopped = true;
                QTest::mouseClick(dashboard->stopButton(), Qt::LeftButton);
            }
        });
        QSignalSpy finished(window.engine(), &EngineController::trainingFinished);
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        QVERIFY(finished.wait(himnet::testing::patience(120000)));
        const auto interrupted = finished.takeFirst().first().value<himnet::TrainResult>();
        QVERIFY(interrupted.cancelled);
        QCOMPARE(interrupted.epochsRun, int64_t(0));
        // The stop reaches the engine within one batch of the click (progress is queued).
        QVERIFY2(interrupted.batchesIntoEpoch == 2 || interrupted.batchesIntoEpoch == 3,
                 qPrintable(QString::number(interrupted.batchesIntoEpoch)));
        QTRY_VERIFY(dashboard->continueButton()->isEnabled());
        const QString checkpoint = dashboard->resumableCheckpoint();
        QVERIFY(QFile::exists(checkpoint));
        QVERIFY(!window.session()->hasModel()); // no epoch finished: nothing to forecast with yet

        QTest::mouseClick(dashboard->continueButton(), Qt::LeftButton);
        QVERIFY(finished.wait(himnet::testing::patience(120000)));
        const auto completed = finished.takeFirst().first().value<himnet::TrainResult>();
        QVERIFY(!completed.cancelled);
        QCOMPARE(completed.epochsRun, int64_t(1));
        // The continued run trained exactly the batches the stopped one had not.
        QVERIFY(batches == (std::vector<int64_t>{1, 2, 3, 4}));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), himnet::testing::patience(60000));
        QCOMPARE(window.session()->model().checkpointPath, checkpoint);
        // The curves went on where they stopped: every batch once, one validation.
        QCOMPARE(dashboard->lossPlot()->graph(0)->dataCount(), 4);
        QCOMPARE(dashboard->lossPlot()->graph(1)->dataCount(), 1);

        // Opened in a fresh window, the checkpoint shows the epochs it holds, ready to continue.
        MainWindow other;
        openCheckpointOnDemoCity(other, checkpoint);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(other.trainingDashboard()->lossPlot()->graph(1)->dataCount(), 1);
        // With the zones it found, kept in the checkpoint's history (the demo city's are known).
        QCOMPARE(other.trainingDashboard()->lossPlot()->graph(2)->dataCount(), 1);
        QCOMPARE(other.trainingDashboard()->lossPlot()->graph(2)->data()->at(0)->value,
                 himnet::inspectModelFile(checkpoint.toStdString()).history.at(0).zones->ari);
        QCOMPARE(other.trainingDashboard()->resumableCheckpoint(), checkpoint);
        QVERIFY(other.trainingDashboard()->continueButton()->isEnabled());
        // Continue says it trains on the checkpoint's split, whatever the form now shows.
        const QString continueTip = other.trainingDashboard()->continueButton()->toolTip();
        QVERIFY2(continueTip.contains(QRegularExpression(QStringLiteral("Its split: by time, \\d+ / \\d+ / \\d+ % \\(training / validation / test\\)\\."))),
                 qPrintable(continueTip));
        QVERIFY(other.trainingDashboard()->lossPlot()->graph(2)->visible());

        // A checkpoint from before the zones were recorded shows its losses and no empty
        // zones curve.
        const QString olderPath = QFileInfo(checkpoint).dir().filePath("older.h5");
        himnet::testing::writeWithoutZoneHistory(checkpoint.toStdString(), olderPath.toStdString());
        MainWindow third;
        openCheckpointOnDemoCity(third, olderPath);
        if (QTest::currentTestFailed()) return;
        QTRY_COMPARE(third.trainingDashboard()->lossPlot()->graph(1)->dataCount(), 1);
        QVERIFY(!third.trainingDashboard()->lossPlot()->graph(2)->visible());
        QVERIFY(!third.trainingDashboard()->lossPlot()->yAxis2->visible());
    }
};

QTEST_MAIN(TestTrainingPanel)
#include "test_training_panel.moc"
