#pragma once
// What the window tests share: the app set up as in a test (no dialogs, Qt's test paths),
// and the steps a user takes before what a test checks (open the demo city, set up a tiny
// training, reopen a checkpoint, a window on a city with a model trained for it).
#include "himnet/dataset.h"
#include "himnet/training.h"
#include "main_window.h"
#include "qcustomplot_include.h"
#include "quick_training.h"
#include "studio_session.h"
#include "training_dashboard.h"
#include "patience.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTimer>
#include <QtTest>

#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace studio_testing {

/// For initTestCase: no modal dialogs, settings and checkpoints under Qt's test paths.
inline void prepareStudioForTests()
{
    qputenv("HIMNET_NO_DIALOGS", "1");
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HimNet Studio Tests"));
}

/// For cleanupTestCase: test mode put the app's checkpoints under ~/.qttest; leave nothing behind.
inline void removeStudioTestData() { QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively(); }

/// The name a legend row shows (rows name plottables).
inline QString legendText(QCustomPlot* plot, int row)
{
    auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(row));
    return item ? item->plottable()->name() : QString();
}

/// Runs `act` on the next modal dialog of type Dialog once it is up (dialogs run their own
/// event loop, so the test acts from a timer). The timer watching for it, which deletes itself
/// once it has acted: a test that expects no dialog deletes it.
template <typename Dialog>
QPointer<QTimer> whenShown(std::function<void(Dialog*)> act)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        auto* dialog = qobject_cast<Dialog*>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible()) return;
        timer->stop();
        timer->deleteLater();
        act(dialog);
    });
    timer->start();
    return timer;
}

/// Lets `window` ask its questions (tests run without dialogs) and, should a step fail, closes
/// the dialog it left open after a minute, so that the checks report it rather than hang.
inline void letWindowAsk(MainWindow& window)
{
    qunsetenv("HIMNET_NO_DIALOGS");
    QTimer::singleShot(himnet::testing::patience(60000), &window, [] {
        if (QWidget* stuck = QApplication::activeModalWidget()) stuck->close();
    });
}

inline void waitForDataset(MainWindow& window)
{
    QSignalSpy shown(&window, &MainWindow::datasetShown);
    QVERIFY(shown.wait(himnet::testing::patience(60000)));
}

inline void configureTinyTraining(TrainingDashboard* dashboard, int epochs, int batches)
{
    dashboard->epochsBox()->setValue(epochs);
    dashboard->hiddenBox()->setValue(8);
    dashboard->maxBatchesBox()->setValue(batches);
}

/// Shows `window` on the demo city with a tiny training configured; its dashboard.
inline TrainingDashboard* demoReadyToTrain(MainWindow& window, int epochs, int batches)
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
inline void openCheckpointOnDemoCity(MainWindow& window, const QString& checkpoint)
{
    window.openDemoCity();
    waitForDataset(window);
    window.openCheckpoint(checkpoint);
    QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), himnet::testing::patience(60000));
}

/// A two-week 30-sensor demo city written to a folder, a tiny model trained on it (not yet
/// opened), and a window showing the city.
struct WindowOnTrainedCity {
    QTemporaryDir dir;
    std::shared_ptr<const himnet::Dataset> data = himnet::testing::quickDemoCity(30, 2);
    QString folder = dir.path() + "/city", model = dir.path() + "/model.h5";
    std::unique_ptr<MainWindow> window;

    WindowOnTrainedCity()
    {
        himnet::writeDatasetFolder(*data, folder.toStdString());
        himnet::train(data, himnet::testing::tinyOptions(model.toStdString()));
        window = std::make_unique<MainWindow>();
        window->show();
        window->openDataset(folder, /*confirm=*/false);
        waitForDataset(*window);
    }
};

} // namespace studio_testing
