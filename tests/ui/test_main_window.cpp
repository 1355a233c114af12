// The desktop app, offscreen: the map shows la-week's real geography, selection drives the
// forecast plot, training runs live and stops within a batch, broken files give errors and
// the app keeps running, and the item models pass QAbstractItemModelTester.
#include "embedding_explorer.h"
#include "engine_controller.h"
#include "forecast_plot.h"
#include "himnet/demo_city.h"
#include "himnet/model_file.h"
#include "himnet/runtime.h"
#include "himnet/training.h"
#include "main_window.h"
#include "map_legend.h"
#include "metrics_table_model.h"
#include "model_summary_view.h"
#include "qcustomplot_include.h"
#include "sensor_item.h"
#include "sensor_map_view.h"
#include "studio_icon.h"
#include "studio_session.h"
#include "test_paths.h"
#include "test_tensors.h"
#include "train/checkpoint.h"
#include "training_dashboard.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QLabel>
#include <QProcess>
#include <QSettings>
#include <QPushButton>
#include <QSignalSpy>
#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QtTest>

namespace {

/// The name a legend row shows (rows name plottables).
QString legendText(QCustomPlot* plot, int row)
{
    auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(row));
    return item ? item->plottable()->name() : QString();
}

void waitForDataset(MainWindow& window)
{
    QSignalSpy shown(&window, &MainWindow::datasetShown);
    QVERIFY(shown.wait(60000));
}

void configureTinyTraining(TrainingDashboard* dashboard, int epochs, int batches)
{
    dashboard->epochsBox()->setValue(epochs);
    dashboard->hiddenBox()->setValue(8);
    dashboard->maxBatchesBox()->setValue(batches);
}

/// Shows `window` on the demo city with a tiny training configured; its dashboard.
TrainingDashboard* demoReadyToTrain(MainWindow& window, int epochs, int batches)
{
    window.show();
    window.openDemoCity();
    waitForDataset(window);
    TrainingDashboard* dashboard = window.trainingDashboard();
    configureTinyTraining(dashboard, epochs, batches);
    return dashboard;
}

/// Opens `checkpoint` in `window` on the demo city, as a user reopening it would, and waits
/// until the model is loaded.
void openCheckpointOnDemoCity(MainWindow& window, const QString& checkpoint)
{
    window.openDemoCity();
    waitForDataset(window);
    window.openCheckpoint(checkpoint);
    QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), 60000);
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qputenv("HIMNET_NO_DIALOGS", "1");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("HimNet Studio Tests"));
    }

    // Test mode put the app's checkpoints under ~/.qttest: leave nothing behind.
    void cleanupTestCase() { QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively(); }

    void laWeekMapPreservesGeography()
    {
        MainWindow window;
        window.show();
        window.openDataset(QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")));
        waitForDataset(window);
        const auto& items = window.mapView()->sensorItems();
        QCOMPARE(items.size(), 207);
        const auto& d = window.session()->data();
        // East is right and north is up, for every pair of sensors.
        int pairs = 0;
        for (int i = 0; i < 207; i += 3)
            for (int j = i + 1; j < 207; j += 5) {
                const QPointF a = window.mapView()->mapFromScene(items[i]->pos()), b = window.mapView()->mapFromScene(items[j]->pos());
                const double dLon = d.locations[i].longitude - d.locations[j].longitude;
                const double dLat = d.locations[i].latitude - d.locations[j].latitude;
                if (std::abs(dLon) > 1e-3) QVERIFY((a.x() - b.x()) * dLon > 0);
                if (std::abs(dLat) > 1e-3) QVERIFY((a.y() - b.y()) * dLat < 0);
                ++pairs;
            }
        QVERIFY(pairs > 1000);
        // Every sensor is inside the visible viewport after fitting.
        for (SensorItem* item : items) QVERIFY(window.mapView()->viewport()->rect().contains(window.mapView()->mapFromScene(item->pos())));
    }

    // The legend sits over the bottom of the map: fitting keeps every sensor clear of it.
    void noSensorLiesUnderTheLegend_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::newRow("la-week (coordinates)") << "datasets/la-week";
        QTest::newRow("sz-taxi (graph drawing)") << "datasets/sz-taxi";
        QTest::newRow("demo city") << "";
    }

    void noSensorLiesUnderTheLegend()
    {
        QFETCH(QString, dataset);
        MainWindow window;
        window.resize(1500, 1000);
        window.show();
        if (dataset.isEmpty()) window.openDemoCity();
        else window.openDataset(QString::fromStdString(himnet::testing::sharedPath(dataset.toStdString())));
        waitForDataset(window);
        SensorMapView* map = window.mapView();
        const QRect legend = map->legend()->geometry();
        QVERIFY(legend.height() > 20);
        for (SensorItem* item : map->sensorItems()) {
            const QRect drawn = map->mapFromScene(item->sceneBoundingRect()).boundingRect();
            QVERIFY2(!drawn.intersects(legend), qPrintable(QString("sensor %1 at (%2, %3) under the legend (%4, %5, %6 x %7)")
                                                               .arg(item->sensor()).arg(drawn.x()).arg(drawn.y())
                                                               .arg(legend.x()).arg(legend.y()).arg(legend.width()).arg(legend.height())));
            QVERIFY(map->viewport()->rect().contains(drawn.center()));
        }
    }

    // The runtime's permanent label leaves the status bar room for the app's messages; the
    // details (BLAS kernels, OpenMP waits) are in its tooltip. It used to take 900 of 1500 px.
    void windowCarriesTheAppIcon()
    {
        MainWindow window;
        QCOMPARE(window.windowIcon().availableSizes().size(), int(studioIconSizes().size()));
    }

    void statusBarLeavesRoomForMessages()
    {
        MainWindow window;
        window.resize(1500, 950);
        window.show();
        QLabel* runtime = nullptr;
        for (QLabel* label : window.statusBar()->findChildren<QLabel*>())
            if (label->text().startsWith("LibTorch ")) runtime = label;
        QVERIFY(runtime);
        QVERIFY2(runtime->sizeHint().width() <= window.width() / 3, qPrintable(runtime->text()));
        QCOMPARE(runtime->toolTip(), QString::fromStdString(himnet::runtimeSummary()));
        QVERIFY(runtime->toolTip().contains(QString::fromStdString(himnet::blasSummary())));
    }

    // What the values measure, in their unit, on the plot's axis, the map's legend and
    // tooltips, and the loss plot (the published METR-LA week in mph, the demo city in km/h).
    void valuesAreLabelledWithTheirUnit_data()
    {
        QTest::addColumn<QString>("dataset"); // empty: the demo city
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("unit");
        QTest::newRow("la-week") << QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")) << "speed (mph)" << "mph";
        QTest::newRow("demo city") << QString() << "speed (km/h)" << "km/h";
    }

    void valuesAreLabelledWithTheirUnit()
    {
        QFETCH(QString, dataset);
        QFETCH(QString, label);
        QFETCH(QString, unit);
        MainWindow window;
        window.show();
        if (dataset.isEmpty()) window.openDemoCity();
        else window.openDataset(dataset);
        waitForDataset(window);
        QCOMPARE(window.forecastPlot()->plot()->yAxis->label(), label);
        QCOMPARE(window.trainingDashboard()->lossPlot()->yAxis->label(), "masked MAE (" + unit + ")");
        window.session()->setColourMode(StudioSession::ColourMode::Observed);
        QCOMPARE(window.mapView()->legend()->title(), "Observed " + label);
        window.session()->setColourMode(StudioSession::ColourMode::Error);
        QVERIFY2(window.mapView()->legend()->title().endsWith(" min (" + unit + ")"), qPrintable(window.mapView()->legend()->title()));
        const QString tip = window.mapView()->sensorItems()[0]->toolTip();
        QVERIFY2(tip.contains(QRegularExpression("now: (missing|[0-9.]+ " + QRegularExpression::escape(unit) + ")")), qPrintable(tip));
        // What the map and the explorer colour by.
        const QString quantity = label.section(QLatin1Char(' '), 0, 0);
        QCOMPARE(window.findChild<QComboBox*>(QStringLiteral("colourBox"))->itemText(0), "observed " + quantity);
        QVERIFY(window.embeddingExplorer()->findChild<QComboBox*>(QStringLiteral("explorerColourBy"))->findText(quantity) >= 0);
        // The explorer's daily profile of the selected sensors.
        window.session()->setSelection({3});
        QCustomPlot* profile = window.embeddingExplorer()->profilePlot();
        QCOMPARE(profile->yAxis->label(), "mean " + label);
        profile->replot(); // lays the plot out
        QVERIFY2(!profile->axisRect()->outerRect().intersects(profile->legend->outerRect()), "the legend hides the profile");
    }

    void selectingASensorChangesThePlot()
    {
        MainWindow window;
        window.show();
        window.openDataset(QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")));
        waitForDataset(window);
        const auto& d = window.session()->data();
        auto firstValue = [&] { return window.forecastPlot()->plot()->graph(0)->data()->begin()->value; };
        // Clicking a sensor on the map selects it.
        SensorItem* item = window.mapView()->sensorItems()[42];
        QTest::mouseClick(window.mapView()->viewport(), Qt::LeftButton, {}, window.mapView()->mapFromScene(item->pos()));
        QCOMPARE(window.session()->selection(), QList<int>{42});
        QCOMPARE(window.forecastPlot()->plottedSensors(), QList<int>{42});
        const qint64 first = window.session()->origin() - ForecastPlot::kHistorySteps;
        QCOMPARE(firstValue(), static_cast<double>(d.value(first, 42)));
        window.session()->setSelection({7});
        QCOMPARE(firstValue(), static_cast<double>(d.value(first, 7)));
        QVERIFY(window.forecastPlot()->plot()->graph(0)->name().contains(QString::fromStdString(d.sensorIds[7])));
        // A rubber band over the whole map selects every sensor; the plot shows the first four.
        window.mapView()->scene()->setSelectionArea([&] {
            QPainterPath all;
            all.addRect(window.mapView()->scene()->sceneRect());
            return all;
        }());
        QCOMPARE(window.session()->selection().size(), 207);
        QCOMPARE(window.forecastPlot()->plottedSensors().size(), ForecastPlot::kMaxSensors);
        // The legend names each sensor once (its colour), then the two line styles (no model,
        // no forecast), beside the curves rather than over them.
        QCustomPlot* plot = window.forecastPlot()->plot();
        plot->replot();
        QCOMPARE(plot->legend->itemCount(), ForecastPlot::kMaxSensors + 2);
        for (int k = 0; k < ForecastPlot::kMaxSensors; ++k) {
            const int sensor = window.forecastPlot()->plottedSensors()[k];
            QCOMPARE(legendText(plot, k), QString::fromStdString(d.sensorIds[static_cast<size_t>(sensor)]));
        }
        QCOMPARE(legendText(plot, ForecastPlot::kMaxSensors), QStringLiteral("observed"));
        QCOMPARE(legendText(plot, ForecastPlot::kMaxSensors + 1), QStringLiteral("actual"));
        QVERIFY2(!plot->axisRect()->outerRect().intersects(plot->legend->outerRect()), "the legend hides the forecast");
    }

    // An outage (the demo city has some) shows as a gap in the observed line, not as a
    // straight line across it.
    void missingReadingsAreGapsInTheForecastPlot()
    {
        MainWindow window;
        window.show();
        window.openDemoCity();
        waitForDataset(window);
        const auto& d = window.session()->data();
        // The first sensor and origin whose three hours of history miss some readings.
        int sensor = -1;
        qint64 origin = -1;
        for (qint64 o = 2 * ForecastPlot::kHistorySteps; o < d.numSteps && sensor < 0; o += ForecastPlot::kHistorySteps)
            for (int n = 0; n < d.numNodes && sensor < 0; ++n)
                for (qint64 t = o - ForecastPlot::kHistorySteps; t <= o; ++t)
                    if (d.isMissing(t, n) && !d.isMissing(o - ForecastPlot::kHistorySteps, n)) {
                        sensor = n;
                        origin = o;
                        break;
                    }
        QVERIFY2(sensor >= 0, "the demo city has outages");
        window.session()->setSelection({sensor});
        window.session()->setOrigin(origin);
        const QCPGraph* history = window.forecastPlot()->plot()->graph(0);
        QCOMPARE(history->dataCount(), ForecastPlot::kHistorySteps + 1);
        int gaps = 0;
        for (auto it = history->data()->constBegin(); it != history->data()->constEnd(); ++it) {
            const qint64 t = origin - ForecastPlot::kHistorySteps + (it - history->data()->constBegin());
            QCOMPARE(static_cast<double>(d.timestamps[static_cast<size_t>(t)]), it->key);
            QCOMPARE(std::isnan(it->value), d.isMissing(t, sensor));
            gaps += std::isnan(it->value);
        }
        QVERIFY(gaps > 0);
    }

    void tinyTrainingRunEmitsProgressInOrderAndGrowsCurves()
    {
        MainWindow window;
        TrainingDashboard* dashboard = demoReadyToTrain(window, 2, 3);
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
        QVERIFY(dashboard->startButton()->isEnabled());
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        QVERIFY(!dashboard->startButton()->isEnabled());
        QVERIFY(explorer->statusLabel()->text().contains("appear here at the end of every epoch"));
        QVERIFY(finished.wait(120000));
        using Kind = himnet::TrainProgress::Kind;
        std::vector<Kind> kinds;
        for (const auto& args : progress) kinds.push_back(args.first().value<himnet::TrainProgress>().kind);
        const std::vector<Kind> expected{Kind::Started,    Kind::Batch, Kind::Batch, Kind::Batch, Kind::Validating,
                                         Kind::Epoch,      Kind::Batch, Kind::Batch, Kind::Batch, Kind::Validating,
                                         Kind::Epoch,      Kind::Finished};
        QVERIFY(kinds == expected);
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
        QCOMPARE(clustersWhileTraining, QList<int>({5, 5})); // k = the five zones, painted on the map
        // The trained model is loaded: metrics for 12 horizons + all, forecasts on the map. The
        // engine says it is idle only once all of that has arrived (what --screenshot waits for).
        QSignalSpy idle(window.engine(), &EngineController::idle);
        QVERIFY(idle.wait(90000));
        QVERIFY(!window.engine()->isBusy());
        QVERIFY(!metrics.isEmpty());
        QCOMPARE(window.metricsModel()->rowCount(), 13);
        QVERIFY(window.session()->hasForecast());
        // The Model tab says what was trained, in the data's unit and in minutes.
        ModelSummaryView* summary = window.modelSummaryView();
        const auto trained = summary->findItems(QStringLiteral("Trained"), Qt::MatchExactly);
        QCOMPARE(trained.size(), 1);
        QVERIFY2(trained[0]->text(1).startsWith("2 epochs, best validation loss ") && trained[0]->text(1).endsWith(" km/h"),
                 qPrintable(trained[0]->text(1)));
        const auto zonesFound = summary->findItems(QStringLiteral("Zones found"), Qt::MatchExactly);
        QCOMPARE(zonesFound.size(), 1);
        QVERIFY2(zonesFound[0]->text(1).contains(QRegularExpression("^ARI -?[0-9.]+, NMI [0-9.]+ \\(k-means with k = 5 on the node embeddings of epoch [12], ")),
                 qPrintable(zonesFound[0]->text(1)));
        const auto window12 = summary->findItems(QStringLiteral("Window"), Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(window12.size(), 1);
        QCOMPARE(window12[0]->text(1), QStringLiteral("12 steps in (60 min), 12 out (60 min)"));
        QVERIFY(dashboard->startButton()->isEnabled());
        // With a forecast on screen the legend keys its line style too.
        window.session()->setSelection({0, 1});
        QCustomPlot* plot = window.forecastPlot()->plot();
        QCOMPARE(plot->legend->itemCount(), 2 + 3);
        QCOMPARE(legendText(plot, 4), QStringLiteral("forecast"));
    }

    // Float32 unless the user picks mixed precision; the choice says whether it is fast here.
    // While training, the explorer draws the embeddings it is set to: the times of day and the
    // days of the week too. The sensor × time ones come from runs of the model and wait for it.
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
        QVERIFY(finished.wait(120000));
        QCOMPARE(pointsWhileTraining, qint64(points));
        QVERIFY2(statusWhileTraining.contains(status), qPrintable(statusWhileTraining));
    }

    void precisionChoiceReachesTheTrainingOptions()
    {
        MainWindow window;
        TrainingDashboard* dashboard = window.trainingDashboard();
        QComboBox* precision = dashboard->precisionBox();
        QCOMPARE(precision->count(), 2);
        QVERIFY(dashboard->options().precision == himnet::Precision::Float32);
        precision->setCurrentIndex(1);
        QVERIFY(dashboard->options().precision == himnet::Precision::BFloat16);
        QCOMPARE(precision->currentText().contains(QStringLiteral("faster here")),
                 himnet::hasFastBFloat16(himnet::DeviceKind::Auto));
    }

    // CUDA graphs are offered where a GPU is visible; elsewhere the box is off, says why, and a
    // tick cannot reach the training options.
    void cudaGraphsAreOfferedOnlyWithAGpu()
    {
        MainWindow window;
        TrainingDashboard* dashboard = window.trainingDashboard();
        QCheckBox* graphs = dashboard->cudaGraphsBox();
        QVERIFY(!graphs->isChecked());
        QVERIFY(!dashboard->options().cudaGraphs);
        QCOMPARE(graphs->isEnabled(), himnet::cudaAvailable());
        graphs->setChecked(true);
        QCOMPARE(dashboard->options().cudaGraphs, himnet::cudaAvailable());
        if (!himnet::cudaAvailable()) QVERIFY2(graphs->toolTip().contains(QStringLiteral("need a GPU")), qPrintable(graphs->toolTip()));
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
        QVERIFY(finished.wait(120000));
        QVERIFY(finished.first().first().value<himnet::TrainResult>().cancelled);
        QVERIFY2(batchesAfterStop <= 1, qPrintable(QString::number(batchesAfterStop)));
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
        QVERIFY(finished.wait(120000));
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
        QVERIFY(finished.wait(120000));
        const auto completed = finished.takeFirst().first().value<himnet::TrainResult>();
        QVERIFY(!completed.cancelled);
        QCOMPARE(completed.epochsRun, int64_t(1));
        // The continued run trained exactly the batches the stopped one had not.
        QVERIFY(batches == (std::vector<int64_t>{1, 2, 3, 4}));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), 60000);
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
        QVERIFY(other.trainingDashboard()->lossPlot()->graph(2)->visible());

        // A checkpoint from before the zones were recorded shows its losses and no empty
        // zones curve.
        himnet::Checkpoint older = himnet::readCheckpoint(checkpoint.toStdString());
        for (auto& epoch : older.history) epoch.zones.reset();
        const QString olderPath = QFileInfo(checkpoint).dir().filePath("older.h5");
        himnet::writeCheckpoint(olderPath.toStdString(), older);
        MainWindow third;
        openCheckpointOnDemoCity(third, olderPath);
        if (QTest::currentTestFailed()) return;
        QTRY_COMPARE(third.trainingDashboard()->lossPlot()->graph(1)->dataCount(), 1);
        QVERIFY(!third.trainingDashboard()->lossPlot()->graph(2)->visible());
        QVERIFY(!third.trainingDashboard()->lossPlot()->yAxis2->visible());
    }

    // An evaluation of a model the user has since replaced is dropped, not run to the end
    // before the new model's work (on METR-LA it takes minutes on a CPU); no error either.
    void evaluationOfAReplacedModelIsDropped()
    {
        QTemporaryDir dir;
        const QString checkpoint = dir.path() + "/tiny.h5";
        himnet::DemoCityOptions city;
        city.sensors = 40;
        city.weeks = 2;
        const auto data = std::make_shared<const himnet::Dataset>(himnet::generateDemoCity(city));
        himnet::TrainingOptions o = himnet::presetOptions("default");
        o.model.hiddenDim = 8;
        o.epochs = 1;
        o.maxBatchesPerEpoch = 2;
        o.device = himnet::DeviceKind::Cpu;
        o.checkpointPath = checkpoint.toStdString();
        himnet::train(data, o);

        EngineController engine;
        QSignalSpy loaded(&engine, &EngineController::modelLoaded);
        QSignalSpy evaluated(&engine, &EngineController::evaluated);
        QSignalSpy failed(&engine, &EngineController::failed);
        engine.loadModel(checkpoint, data);
        engine.evaluate();
        engine.loadModel(checkpoint, data); // replaces the model before the evaluation's turn
        engine.evaluate();
        QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 1, 60000);
        QCOMPARE(loaded.count(), 2);
        // Work queued now runs after anything still pending: no second evaluation comes.
        QSignalSpy forecast(&engine, &EngineController::forecastReady);
        engine.forecast(loaded.last().first().value<LoadedModel>().firstOrigin);
        QVERIFY(forecast.wait(30000));
        QCOMPARE(evaluated.count(), 1);
        QCOMPARE(failed.count(), 0);
    }

    void brokenFileReportsAnErrorAndTheWindowLives()
    {
        MainWindow window;
        window.show();
        QTemporaryDir dir;
        const QString path = dir.path() + "/broken.h5";
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\x89HDF\r\n\x1a\ngarbage");
        file.close();
        QSignalSpy failed(window.engine(), &EngineController::failed);
        window.openDataset(path);
        QVERIFY(failed.wait(20000));
        QVERIFY(failed.first().first().toString().contains(path));
        // The engine thread still answers after the failure.
        window.openDemoCity();
        waitForDataset(window);
        QCOMPARE(window.mapView()->sensorItems().size(), 160);
    }

    void checkpointOfAnotherNetworkIsRefused()
    {
        MainWindow window;
        window.openDemoCity();
        waitForDataset(window);
        QSignalSpy failed(window.engine(), &EngineController::failed);
        window.openCheckpoint(QString::fromStdString(himnet::testing::sharedPath("golden/himnet_small.h5")));
        QVERIFY(failed.wait(20000));
        QVERIFY2(failed.first().first().toString().contains("himnet_small.h5"), qPrintable(failed.first().first().toString()));
        QVERIFY(!window.session()->hasModel());
    }

    // When targets near zero make MAPE (Shenzhen's empty roads), the caption under the
    // metrics says so; otherwise it does not.
    void mapeCaveatShowsUnderTheMetrics()
    {
        MainWindow window;
        auto* table = window.findChild<QTableView*>(QStringLiteral("metricsTable"));
        auto* caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"));
        QVERIFY(table && caption);
        auto* model = qobject_cast<MetricsTableModel*>(table->model());
        QVERIFY(model);
        himnet::EvaluationReport report;
        report.split = "test";
        report.unit = "km/h";
        report.all = {3.4, 4.7, 352.0};
        report.horizons.push_back({1, report.all, report.all, report.all});
        report.mapeCaveat = "MAPE: 83 % of HimNet's comes from the 1.0 % of targets below 0.16 km/h";
        model->setReport(report);
        QVERIFY2(caption->text().contains("MAE and RMSE in km/h"), qPrintable(caption->text()));
        QVERIFY2(caption->text().contains(QString::fromStdString(report.mapeCaveat)), qPrintable(caption->text()));
        report.mapeCaveat.clear();
        model->setReport(report);
        QVERIFY2(!caption->text().contains("MAPE"), qPrintable(caption->text()));
    }

    // On a server (no X11, no Wayland) help and version still print, and starting the app
    // says what to do instead of Qt's abort about its xcb plugin.
    void studioWithoutADisplay_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("output");
        QTest::newRow("--help") << QStringList{"--help"} << 0 << "--dataset <path>";
        QTest::newRow("--version") << QStringList{"--version"} << 0 << "HimNet Studio 0.";
        QTest::newRow("the app") << QStringList{"--demo"} << 2 << "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)";
    }

    void studioWithoutADisplay()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, output);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) environment.remove(name);
        QProcess studio;
        studio.setProcessEnvironment(environment);
        studio.start(QStringLiteral(HIMNET_STUDIO_PATH), arguments);
        QVERIFY(studio.waitForFinished(60000));
        const QString printed = QString::fromUtf8(studio.readAllStandardOutput() + studio.readAllStandardError());
        QCOMPARE(studio.exitStatus(), QProcess::NormalExit);
        QCOMPARE(studio.exitCode(), exitCode);
        QVERIFY2(printed.contains(output), qPrintable(printed));
        QVERIFY2(!printed.contains("xcb"), qPrintable(printed));
    }

    // A dataset named on the command line opens, as from a file manager (the desktop entry's
    // Exec=himnet-studio %f); the app records it among the recent datasets of its own settings.
    void studioOpensTheDatasetItIsGiven_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("output");
        const QString laWeek = QString::fromStdString(himnet::testing::sharedPath("datasets/la-week"));
        const QString szTaxi = QString::fromStdString(himnet::testing::sharedPath("datasets/sz-taxi"));
        QTest::newRow("a path") << QStringList{laWeek} << 0 << QString();
        QTest::newRow("a relative path") << QStringList{"sz-taxi"} << 0 << QString(); // started in the datasets folder
        QTest::newRow("two paths") << QStringList{laWeek, szTaxi} << 2 << "one dataset at a time";
        QTest::newRow("a path and --dataset") << QStringList{"--dataset", laWeek, szTaxi} << 2 << "one dataset at a time";
    }

    void studioOpensTheDatasetItIsGiven()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, output);
        QTemporaryDir home;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("QT_QPA_PLATFORM", "offscreen");
        environment.insert("XDG_CONFIG_HOME", home.filePath("config"));
        environment.insert("XDG_DATA_HOME", home.filePath("data"));
        QProcess studio;
        studio.setProcessEnvironment(environment);
        const QString datasets = QString::fromStdString(himnet::testing::sharedPath("datasets"));
        studio.setWorkingDirectory(datasets);
        studio.start(QStringLiteral(HIMNET_STUDIO_PATH),
                     arguments + QStringList{"--screenshot", home.filePath("window.png"), "--screenshot-delay", "0"});
        QVERIFY(studio.waitForFinished(120000));
        const QString printed = QString::fromUtf8(studio.readAllStandardOutput() + studio.readAllStandardError());
        QCOMPARE(studio.exitCode(), exitCode);
        QVERIFY2(printed.contains(output), qPrintable(printed));
        if (exitCode != 0) return;
        QVERIFY(QImage(home.filePath("window.png")).width() > 0);
        const QSettings settings(home.filePath("config/HimNet Studio/HimNet Studio.conf"), QSettings::IniFormat);
        QCOMPARE(settings.value("recentDatasets").toStringList().value(0), QDir(datasets).absoluteFilePath(arguments.front()));
    }

    void itemModelsPassTheTester()
    {
        MetricsTableModel model;
        QAbstractItemModelTester emptyTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        himnet::EvaluationReport report;
        report.split = "test";
        report.all = {3.0, 6.0, 8.0};
        report.lastValue = {4.0, 8.0, 11.0};
        report.historicalAverage = {4.5, 8.2, 13.0};
        for (int step = 1; step <= 12; ++step) report.horizons.push_back({step, {2.0 + step * 0.1, 5.0, 7.0}, {3.0, 7.0, 9.0}, {4.0, 8.0, 12.0}});
        model.setReport(report);
        QCOMPARE(model.rowCount(), 13);
        QCOMPARE(model.columnCount(), 9);
        QCOMPARE(model.headerData(12, Qt::Vertical).toString(), QString("all"));
        QCOMPARE(model.data(model.index(12, 0)).toString(), QString("3.00"));
        QVERIFY(model.toCsv().startsWith("horizon,HimNet MAE"));
        QCOMPARE(model.toCsv().count('\n'), 14);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
