// Files in and out of the desktop app's window, offscreen: what a file manager drops on it
// opens, broken files and checkpoints of other networks give errors and the window lives on,
// Save Checkpoint As copies the model whole, the Metrics panel exports CSV or a workbook, a
// name typed without an extension gets the chosen type's, and the test period's forecasts are
// exported with a progress bar and a Stop button in the status bar.
#include "engine_controller.h"
#include "file_choice.h"
#include "himnet/demo_city.h"
#include "himnet/model_file.h"
#include "himnet/training.h"
#include "metrics_panel.h"
#include "quick_training.h"
#include "sensor_map_view.h"
#include "shared_path.h"
#include "studio_session.h"
#include "test_files.h"
#include "training_dashboard.h"
#include "window_test_support.h"
#include "patience.h"

#include <QAction>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolButton>
#include <QtTest>

using namespace studio_testing;

namespace {

/// `weeks` of a demo city of `sensors` written as the dataset folder `folder`, and a tiny
/// model trained on it, as the app would read it, saved at `model`.
void writeDemoFolderAndModel(const QString& folder, const QString& model, int sensors = 30, int weeks = 1)
{
    himnet::DemoCityOptions city;
    city.sensors = sensors;
    city.weeks = weeks;
    himnet::writeDatasetFolder(himnet::generateDemoCity(city), folder.toStdString());
    himnet::train(std::make_shared<const himnet::Dataset>(himnet::loadDataset(folder.toStdString())), himnet::testing::tinyOptions(model.toStdString()));
}

/// The next file dialog shown answered with `path`, as the user would type it, a file already
/// there replaced without asking.
void saveThroughDialog(const QString& path)
{
    whenShown<QFileDialog>([path](QFileDialog* dialog) {
        dialog->setOption(QFileDialog::DontConfirmOverwrite); // the user's "Replace it?" answered
        dialog->setDirectory(QFileInfo(path).absolutePath());
        dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"))->setText(QFileInfo(path).fileName());
        QMetaObject::invokeMethod(dialog, "accept"); // as the Save button does
    });
}

} // namespace

class TestStudioFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { studio_testing::prepareStudioForTests(); }
    void cleanupTestCase() { studio_testing::removeStudioTestData(); }

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
        QVERIFY(shown.wait(himnet::testing::patience(60000)));
        QCOMPARE(window.datasetPath(), folder);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), himnet::testing::patience(60000));
        QCOMPARE(window.session()->model().checkpointPath, model);

        QVERIFY(!drag({QUrl(QStringLiteral("https://example.org/speeds.csv"))}));
        window.openDroppedFiles({folder, dir.path()});
        QVERIFY2(window.statusBar()->currentMessage().contains("Drop one dataset (a file or a folder), one model, or one of each; got " + folder),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    // A dataset's name, which a manifest sets to anything, names the files written from it.
    void datasetNamesBecomeFileNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("stem");
        QTest::newRow("as it is") << "la-week" << "la-week";
        QTest::newRow("a slash") << "Downtown / Night shift" << "Downtown - Night shift";
        QTest::newRow("a way out of the folder") << "../../.config/autostart" << "-..-.config-autostart";
        QTest::newRow("what Windows refuses") << "A:B*C?\"D\"<E>|F\\G" << "A-B-C--D--E--F-G";
        QTest::newRow("a line break") << "city\nnorth" << "city-north";
        QTest::newRow("dots and spaces at the ends") << " . city. " << "city";
        QTest::newRow("nothing") << "" << "himnet";
        QTest::newRow("nothing left") << ".." << "himnet";
        QTest::newRow("letters of any script") << "Zürich Süd 渋谷" << "Zürich Süd 渋谷";
    }
    void datasetNamesBecomeFileNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, stem);
        QCOMPARE(StudioSession::fileNameStemOf(name), stem);
    }

    // Training writes its checkpoints into the app's folder, whatever the dataset's name holds.
    void trainingWritesIntoTheAppsFolderWhateverTheName()
    {
        QTemporaryDir dir;
        himnet::DemoCityOptions city;
        city.sensors = 30;
        city.weeks = 1;
        himnet::Dataset named = himnet::generateDemoCity(city);
        named.name = "Downtown / Night shift";
        himnet::writeDatasetFolder(named, (dir.path() + "/city").toStdString());
        MainWindow window;
        window.show();
        window.openDataset(dir.path() + "/city");
        waitForDataset(window);
        QCOMPARE(window.session()->data().name, named.name);
        configureTinyTraining(window.trainingDashboard(), 1, 2);
        QSignalSpy finished(window.engine(), &EngineController::trainingFinished);
        QSignalSpy failed(window.engine(), &EngineController::failed); // where the name made a path of folders that are not there
        QTest::mouseClick(window.trainingDashboard()->startButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), himnet::testing::patience(120000));
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), himnet::testing::patience(60000));
        const QFileInfo checkpoint(window.session()->model().checkpointPath);
        QVERIFY(checkpoint.exists());
        QCOMPARE(checkpoint.absolutePath(), QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/checkpoints");
        QVERIFY2(checkpoint.fileName().startsWith("Downtown - Night shift-"), qPrintable(checkpoint.fileName()));
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
        QVERIFY(failed.wait(himnet::testing::patience(20000)));
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
        QVERIFY(failed.wait(himnet::testing::patience(20000)));
        QVERIFY2(failed.first().first().toString().contains("himnet_small.h5"), qPrintable(failed.first().first().toString()));
        QVERIFY(!window.session()->hasModel());
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
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), himnet::testing::patience(60000));
        QAction* saveAs = nullptr;
        for (QAction* action : window.findChildren<QAction*>())
            if (action->text().startsWith(QStringLiteral("&Save Checkpoint As"))) saveAs = action;
        QVERIFY(saveAs);
        for (const QString& target : {dir.path() + "/copy.h5", model}) {
            saveThroughDialog(target);
            saveAs->trigger();
            QFile written(target);
            QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(target));
            QVERIFY2(written.readAll() == bytes, qPrintable(target));
        }
    }

    // File > Export Test-Period Forecasts writes the forecast from every test window, the
    // actual values beside it, on the engine thread: the forecasts the metrics measure.
    void testPeriodForecastsAreExported()
    {
        QTemporaryDir dir;
        const QString folder = dir.path() + "/city", model = dir.path() + "/model.h5", target = dir.path() + "/test.csv";
        writeDemoFolderAndModel(folder, model);
        MainWindow window;
        window.show();
        window.openDataset(folder, /*confirm=*/false);
        waitForDataset(window);
        QAction* exportTest = window.findChild<QAction*>(QStringLiteral("actionExportTestForecasts"));
        QVERIFY(exportTest);
        exportTest->trigger(); // no model yet: said, and no dialog
        QVERIFY2(window.statusBar()->currentMessage().startsWith(QStringLiteral("No model to forecast with")),
                 qPrintable(window.statusBar()->currentMessage()));
        window.openCheckpoint(model);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel() && window.session()->hasMetrics(), himnet::testing::patience(60000));
        saveThroughDialog(target);
        auto* progress = window.findChild<QWidget*>(QStringLiteral("exportProgress"));
        QVERIFY(progress && progress->isHidden());
        exportTest->trigger();
        QVERIFY(progress->isVisible()); // with its Stop button, from the request on
        const himnet::EvaluationReport& report = window.session()->metrics();
        QTRY_COMPARE_WITH_TIMEOUT(window.statusBar()->currentMessage(),
                                  QStringLiteral("%1 forecasts of the test period written to %2").arg(report.windows).arg(target),
                                  himnet::testing::patience(60000));
        QVERIFY(progress->isHidden());
        QFile written(target);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(written.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + report.windows * 12 * 30);
        const himnet::testing::ForecastCsvError lastStep = himnet::testing::forecastCsvError(lines, 12);
        const double lastStepMae = report.horizons.back().model.mae;
        QVERIFY2(lastStep.targets > 0 && std::abs(lastStep.mae - lastStepMae) < 2e-4,
                 qPrintable(QString("%1 against %2").arg(lastStep.mae).arg(lastStepMae)));
    }

    // The export's Stop button in the status bar stops it: the status bar says nothing was
    // written, the file there before is kept, the button goes; the next export runs whole. A
    // failure of other work leaves the bar; the export's own failure takes it away.
    void testPeriodExportStopsFromTheStatusBar()
    {
        QTemporaryDir dir;
        const QString folder = dir.path() + "/city", model = dir.path() + "/model.h5", target = dir.path() + "/test.csv";
        writeDemoFolderAndModel(folder, model, 120, 2); // about 800 test windows: 50 passes, a million rows
        const std::string earlier = "an earlier export, to be kept\n";
        himnet::testing::writeFileIn(dir, "test.csv", earlier);
        MainWindow window;
        window.show();
        window.openDataset(folder, /*confirm=*/false);
        waitForDataset(window);
        window.openCheckpoint(model);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel() && window.session()->hasMetrics() && !window.engine()->isBusy(),
                                 himnet::testing::patience(60000));
        QAction* exportTest = window.findChild<QAction*>(QStringLiteral("actionExportTestForecasts"));
        QSignalSpy exported(window.engine(), &EngineController::testForecastsExported);
        saveThroughDialog(target);
        exportTest->trigger();
        auto* stop = window.findChild<QToolButton*>(QStringLiteral("stopExportButton"));
        QVERIFY(stop && stop->isVisible() && stop->isEnabled());
        Q_EMIT window.engine()->failed(QStringLiteral("a forecast asked for meanwhile failed")); // not the export's failure
        QVERIFY(stop->isVisible() && stop->isEnabled());
        stop->click(); // long before its last pass
        QVERIFY(!stop->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(window.statusBar()->currentMessage(),
                                  QStringLiteral("Export of the test period's forecasts stopped: nothing written to %1").arg(target),
                                  himnet::testing::patience(30000));
        QVERIFY(!stop->isVisible());
        QCOMPARE(exported.count(), 0);
        QCOMPARE(himnet::testing::fileBytes(target.toStdString()), earlier);

        saveThroughDialog(target);
        exportTest->trigger();
        QVERIFY(exported.wait(himnet::testing::patience(60000)));
        QVERIFY(himnet::testing::fileBytes(target.toStdString()) != earlier);
        QVERIFY(!stop->isVisible());

        // One that fails (its folder removed while it runs) takes its bar away too, and says why.
        const QString gone = dir.path() + "/gone", lost = gone + "/test.csv";
        QVERIFY(QDir().mkpath(gone));
        saveThroughDialog(lost);
        QSignalSpy exportFailed(window.engine(), &EngineController::testForecastsFailed);
        exportTest->trigger();
        QVERIFY(stop->isVisible());
        QVERIFY(QDir(gone).removeRecursively());
        QVERIFY(exportFailed.wait(himnet::testing::patience(60000)));
        QCOMPARE(exportFailed.first().first().toString(), lost);
        QVERIFY(!stop->isVisible());
        QTRY_VERIFY2(window.statusBar()->currentMessage().contains(lost), qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(exported.count(), 1);

        // A training asked for during an export waits for it, and says so; the export's Stop
        // starts it.
        saveThroughDialog(dir.path() + "/again.csv");
        exportTest->trigger();
        QVERIFY(stop->isVisible());
        QVERIFY(window.engine()->isExporting());
        QSignalSpy trainingProgress(window.engine(), &EngineController::trainingProgress);
        QSignalSpy trainingFinished(window.engine(), &EngineController::trainingFinished);
        TrainingDashboard* dashboard = window.trainingDashboard();
        window.startTraining();
        const QString waiting = dashboard->statusLabel()->text();
        QVERIFY2(waiting.startsWith("Waiting for the export of the test period's forecasts to end"), qPrintable(waiting));
        QVERIFY2(window.statusBar()->currentMessage().startsWith("Training once the export of the test period's forecasts ends"),
                 qPrintable(window.statusBar()->currentMessage()));
        QTest::qWait(200);
        QCOMPARE(trainingProgress.count(), 0);
        stop->click();
        QVERIFY(trainingProgress.wait(himnet::testing::patience(60000))); // Started
        QVERIFY(!window.engine()->isExporting());
        QVERIFY2(dashboard->statusLabel()->text() != waiting, qPrintable(dashboard->statusLabel()->text()));
        window.engine()->stopTraining();
        QVERIFY(trainingFinished.wait(himnet::testing::patience(60000)));
    }
};

QTEST_MAIN(TestStudioFiles)
#include "test_studio_files.moc"
