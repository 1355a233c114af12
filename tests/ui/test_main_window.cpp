// The desktop app's window, offscreen: the map shows la-week's real geography and keeps its
// sensors clear of the legend, values carry their unit, selection drives the forecast plot,
// broken files and foreign checkpoints give errors and the app keeps running, and the item
// models pass QAbstractItemModelTester. Training in the window: test_training_panel; the
// executable's command line: test_studio_command_line.
#include "embedding_explorer.h"
#include "engine_controller.h"
#include "file_choice.h"
#include "forecast_plot.h"
#include "himnet/demo_city.h"
#include "himnet/model_file.h"
#include "himnet/training.h"
#include "map_legend.h"
#include "quick_training.h"
#include "metrics_panel.h"
#include "metrics_table_model.h"
#include "qcustomplot_include.h"
#include "sensor_item.h"
#include "sensor_map_view.h"
#include "studio_icon.h"
#include "studio_session.h"
#include "shared_path.h"
#include "window_test_support.h"
#include "data/text_table.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QStatusBar>
#include <QTableView>
#include <QtTest>

using namespace studio_testing;

namespace {

/// One epoch of two batches of the quick HimNet at hidden size 8: a checkpoint to open, in seconds.
himnet::TrainingOptions tinyTraining(const QString& checkpoint)
{
    himnet::TrainingOptions o = himnet::testing::quickOptions(checkpoint.toStdString(), 8);
    o.epochs = 1;
    o.maxBatchesPerEpoch = 2;
    return o;
}

/// A week of a 30-sensor demo city written as the dataset folder `folder`, and a tiny model
/// trained on it, as the app would read it, saved at `model`.
void writeDemoFolderAndModel(const QString& folder, const QString& model)
{
    himnet::DemoCityOptions city;
    city.sensors = 30;
    city.weeks = 1;
    himnet::writeDatasetFolder(himnet::generateDemoCity(city), folder.toStdString());
    himnet::train(std::make_shared<const himnet::Dataset>(himnet::loadDataset(folder.toStdString())), tinyTraining(model));
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { studio_testing::prepareStudioForTests(); }
    void cleanupTestCase() { studio_testing::removeStudioTestData(); }

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
        himnet::train(data, tinyTraining(checkpoint));

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

    // The latest hours of a feed (20 steps: too short for the training's splits) are enough to
    // forecast from: the model loads and forecasts, and the metrics panel says why there are no
    // metrics instead of an error.
    void latestHoursForecastWithoutMetrics()
    {
        QTemporaryDir dir;
        himnet::DemoCityOptions city;
        city.sensors = 30;
        city.weeks = 1;
        himnet::Dataset latest = himnet::generateDemoCity(city);
        const QString model = dir.path() + "/model.h5", folder = dir.path() + "/latest";
        himnet::train(std::make_shared<const himnet::Dataset>(latest), tinyTraining(model));
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
        QVERIFY(forecast.wait(60000));
        QVERIFY(window.session()->hasModel());
        QVERIFY(!window.session()->forecast().values.empty());
        QCOMPARE(window.session()->origin(), qint64(19)); // from the last step: the next hour
        QCOMPARE(window.session()->forecast().timestamps.front(), latest.timestamps.back() + latest.intervalSeconds);
        // The captions say why in a line: the files by their names, not their whole paths.
        const QString caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"))->text();
        QVERIFY2(caption.contains("No metrics on these data, only forecasts") && caption.contains("the series has 20 steps"), qPrintable(caption));
        QVERIFY2(!caption.contains(dir.path()), qPrintable(caption));
        QVERIFY(!pools.isEmpty() || pools.wait(60000));
        const QString poolNotes = pools.last().first().value<PoolMaps>().notes.join(QLatin1Char('\n'));
        QVERIFY2(poolNotes.contains("model.h5: the weights generated per forecast need longer data") && !poolNotes.contains(dir.path()),
                 qPrintable(poolNotes));
        // The plot begins where the data do, not hours before them.
        const QCustomPlot* plot = window.findChild<ForecastPlot*>(QStringLiteral("forecastPlot"))->findChild<QCustomPlot*>();
        QTRY_COMPARE(plot->xAxis->range().lower, double(latest.timestamps.front()));
        QTest::qWait(500); // whatever else the model's loading started (explorer, pools) has had its turn
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY2(window.statusBar()->currentMessage().contains("forecasts only"), qPrintable(window.statusBar()->currentMessage()));
    }

    // What a file manager drops on the window opens: a dataset folder and its model together
    // (the model once the dataset is shown), a model alone on the dataset shown. A web link is
    // not taken, and two datasets at once are refused with both named.
    void droppedFilesOpen()
    {
        QTemporaryDir dir;
        const QString folder = dir.path() + "/city", model = dir.path() + "/model.h5";
        writeDemoFolderAndModel(folder, model);
        QVERIFY(himnet::isModelFile(model.toStdString()));
        QVERIFY(!himnet::isModelFile(folder.toStdString()));
        QVERIFY(!himnet::isModelFile(himnet::testing::sharedPath("datasets/la-week/metr-la-week1.h5"))); // HDF5 data

        MainWindow window;
        window.show();
        auto drag = [&](const QList<QUrl>& urls) {
            QMimeData mime;
            mime.setUrls(urls);
            QDragEnterEvent enter(QPoint(40, 40), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            enter.ignore();
            QApplication::sendEvent(&window, &enter);
            if (!enter.isAccepted()) return false;
            QDropEvent drop(QPointF(40, 40), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            drop.ignore();
            QApplication::sendEvent(&window, &drop);
            return drop.isAccepted();
        };
        QSignalSpy shown(&window, &MainWindow::datasetShown);
        QVERIFY(drag({QUrl::fromLocalFile(model), QUrl::fromLocalFile(folder)})); // in any order
        QVERIFY(shown.wait(60000));
        QCOMPARE(window.datasetPath(), folder);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), 60000);
        QCOMPARE(window.session()->model().checkpointPath, model);

        QVERIFY(!drag({QUrl(QStringLiteral("https://example.org/speeds.csv"))}));
        window.openDroppedFiles({folder, dir.path()});
        QVERIFY2(window.statusBar()->currentMessage().contains("Drop one dataset (a file or a folder), one model, or one of each; got " + folder),
                 qPrintable(window.statusBar()->currentMessage()));
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

    // The Metrics panel exports what it shows, as the type chosen: the CSV has the table's
    // rows, the workbook is one (a zip); a name offered from the dataset. With nothing to
    // export, or a folder that is not there, it says so and writes nothing.
    void metricsAreExportedAsChosen_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QByteArray>("begins"); // empty: refused
        QTest::newRow("CSV") << "metrics" << "CSV (*.csv)" << QByteArray("horizon,");
        QTest::newRow("workbook") << "metrics" << "Excel workbook (*.xlsx)" << QByteArray("PK");
        QTest::newRow("a folder that is not there") << "gone/metrics.csv" << "CSV (*.csv)" << QByteArray();
    }

    void metricsAreExportedAsChosen()
    {
        QFETCH(QString, typed);
        QFETCH(QString, filter);
        QFETCH(QByteArray, begins);
        StudioSession session;
        MetricsPanel panel(&session);
        QSignalSpy written(&panel, &MetricsPanel::written);
        QSignalSpy failed(&panel, &MetricsPanel::failed);
        panel.exportMetrics();
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().first().toString().contains("No metrics to export"));
        himnet::EvaluationReport report;
        report.split = "test";
        report.unit = "km/h";
        report.all = {3.4, 4.7, 12.0};
        report.horizons.push_back({1, report.all, report.all, report.all});
        panel.showReport(report);
        QTemporaryDir dir;
        QString suggested;
        whenShown<QFileDialog>([&](QFileDialog* dialog) {
            suggested = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"))->text();
            dialog->selectNameFilter(filter);
            dialog->setDirectory(dir.path());
            dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"))->setText(typed);
            QMetaObject::invokeMethod(dialog, "accept");
        });
        panel.exportMetrics();
        QCOMPARE(suggested, QStringLiteral("himnet-metrics.csv")); // no dataset: the app's name
        const QString target = dir.filePath(withFilterSuffix(typed, filter));
        if (begins.isEmpty()) {
            QCOMPARE(failed.size(), 2);
            QVERIFY2(failed.last().first().toString().contains(target), qPrintable(failed.last().first().toString()));
            QVERIFY(written.isEmpty());
            return;
        }
        QCOMPARE(failed.size(), 1);
        QCOMPARE(written.size(), 1);
        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(bytes.startsWith(begins), bytes.left(40).constData());
        if (begins.startsWith("horizon")) QCOMPARE(bytes.count('\n'), 3); // the header, horizon 1, all
    }

    // A file name typed without an extension gets the chosen type's, since the type written
    // follows the extension; a name with one keeps it. Through the dialog itself, and the
    // folder written to is offered next time.
    void savedFilesGetTheChosenTypesExtension_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none typed, Excel chosen") << "forecast" << "Excel workbook (*.xlsx)" << "forecast.xlsx";
        QTest::newRow("none typed, HDF5 chosen") << "forecast" << "HDF5 (*.h5)" << "forecast.h5";
        QTest::newRow("csv typed, Excel chosen") << "forecast.csv" << "Excel workbook (*.xlsx)" << "forecast.csv";
        QTest::newRow("a dot in the folder's name") << "run.3/forecast" << "CSV (*.csv)" << "run.3/forecast.csv";
    }

    void savedFilesGetTheChosenTypesExtension()
    {
        QFETCH(QString, typed);
        QFETCH(QString, filter);
        QFETCH(QString, expected);
        QCOMPARE(withFilterSuffix(typed, filter), expected);
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("run.3")));
        whenShown<QFileDialog>([&](QFileDialog* dialog) {
            dialog->selectNameFilter(filter);
            const QFileInfo target(dir.filePath(typed));
            dialog->setDirectory(target.absolutePath());
            dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"))->setText(target.fileName()); // as typed
            QMetaObject::invokeMethod(dialog, "accept"); // as the Save button does
        });
        const QString chosen = chooseFileToWrite(nullptr, QStringLiteral("Export forecast"), QStringLiteral("la-week-forecast.csv"),
                                                 QStringLiteral("CSV (*.csv);;Excel workbook (*.xlsx);;HDF5 (*.h5)"));
        QCOMPARE(chosen, dir.filePath(expected));
        QCOMPARE(QSettings().value(QStringLiteral("paths/lastExportDir")).toString(), QFileInfo(chosen).absolutePath());
    }

    // Save Checkpoint As writes the loaded model's file whole, byte for byte; saved onto the
    // file itself, it leaves it as it was.
    void checkpointIsSavedAsACopy()
    {
        QTemporaryDir dir;
        const QString folder = dir.path() + "/city", model = dir.path() + "/model.h5";
        writeDemoFolderAndModel(folder, model);
        QFile original(model);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray bytes = original.readAll();
        original.close();
        MainWindow window;
        window.show();
        window.openDataset(folder, /*confirm=*/false);
        waitForDataset(window);
        window.openCheckpoint(model);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), 60000);
        QAction* saveAs = nullptr;
        for (QAction* action : window.findChildren<QAction*>())
            if (action->text().startsWith(QStringLiteral("&Save Checkpoint As"))) saveAs = action;
        QVERIFY(saveAs);
        for (const QString& target : {dir.path() + "/copy.h5", model}) {
            whenShown<QFileDialog>([&](QFileDialog* dialog) {
                dialog->setOption(QFileDialog::DontConfirmOverwrite);
                dialog->setDirectory(dir.path());
                dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"))->setText(QFileInfo(target).fileName());
                QMetaObject::invokeMethod(dialog, "accept");
            });
            saveAs->trigger();
            QFile written(target);
            QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(target));
            QVERIFY2(written.readAll() == bytes, qPrintable(target));
        }
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
        // The Excel export: the same figures, MAE and RMSE headed with their unit, read back as
        // every reader of tables reads a sheet.
        report.unit = "mph";
        report.intervalSeconds = 300;
        report.mapeCaveat = "targets near zero make most of it";
        model.setReport(report);
        QTemporaryDir dir;
        const std::string path = dir.filePath("metrics.xlsx").toStdString();
        model.writeWorkbook(path);
        const himnet::TextTable sheet = himnet::readTextTable(path);
        QCOMPARE(sheet.source.sheets, (std::vector<std::string>{"Metrics", "About"}));
        QCOMPARE(sheet.rows.size(), size_t(14));
        QCOMPARE(sheet.rows[0][0], std::string("horizon"));
        QCOMPARE(sheet.rows[0][2], std::string("HimNet MAE (mph)"));
        QCOMPARE(sheet.rows[0][4], std::string("HimNet MAPE %"));
        QCOMPARE(sheet.rows[12][1], std::string("60")); // step 12 is an hour ahead
        QCOMPARE(std::stod(sheet.rows[12][2]), 2.0 + 12 * 0.1);
        QCOMPARE(sheet.rows[13][0], std::string("all"));
        QCOMPARE(std::stod(sheet.rows[13][10]), 13.0);
        const himnet::TextTable about = himnet::readTextTable(path + "#About");
        QCOMPARE(about.rows.back(), (std::vector<std::string>{"MAPE", "targets near zero make most of it"}));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
