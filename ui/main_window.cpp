#include "main_window.h"

#include "embedding_explorer.h"
#include "engine_controller.h"
#include "export_progress.h"
#include "dataset_confirmation.h"
#include "dataset_settings.h"
#include "forecast_plot.h"
#include "map_tool_bar.h"
#include "hourly_errors_view.h"
#include "metrics_panel.h"
#include "metrics_table_model.h"
#include "model_summary_view.h"
#include "number_format.h"
#include "pool_weights_view.h"
#include "reading_options.h"
#include "sensor_map_view.h"
#include "studio_icon.h"
#include "split_choice.h"
#include "studio_session.h"
#include "training_dashboard.h"

#include "himnet/model_file.h"
#include "himnet/reference_models.h"
#include "himnet/runtime.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QUrl>

#include <utility>

namespace {

constexpr int kMaxRecent = 8;

/// The local files and folders dragged, or none when anything else is among them (a web link).
QStringList droppedPaths(const QMimeData* mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls()) return paths;
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) return {};
        paths << url.toLocalFile();
    }
    return paths;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_engine(new EngineController(this)), m_session(new StudioSession(this))
{
    setWindowTitle(tr("HimNet Studio"));
    setWindowIcon(studioIcon()); // its dialogs (About, file choosers) take it from here
    setObjectName(QStringLiteral("MainWindow"));
    setDockNestingEnabled(true);
    setAcceptDrops(true); // a dataset or a model dropped from a file manager opens (openDroppedFiles)
    m_map = new SensorMapView(m_session, this);
    setCentralWidget(m_map);
    createDocks();
    createActions();
    m_exportProgress = new ExportProgress(this);
    statusBar()->addPermanentWidget(m_exportProgress);
    connect(m_exportProgress, &ExportProgress::stopRequested, m_engine, &EngineController::stopTestForecastsExports);
    wireEngine();

    m_statusRuntime = new QLabel(QString::fromStdString(himnet::runtimeBrief()), this);
    m_statusRuntime->setToolTip(QString::fromStdString(himnet::runtimeSummary())); // BLAS and OpenMP too: long
    statusBar()->addPermanentWidget(m_statusRuntime);
    statusBar()->showMessage(tr("Ready"));

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(firstWindowSize());
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // The panels take three fifths of the width and the forecast two fifths of the height,
        // whatever the screen: left to their size hints, the panels, which scroll, got little.
        // Once shown: until then the layout sizes the docks again.
        QTimer::singleShot(0, this, [this] {
            resizeDocks({findChild<QDockWidget*>(QStringLiteral("metricsDock"))}, {width() * 3 / 5}, Qt::Horizontal);
            resizeDocks({findChild<QDockWidget*>(QStringLiteral("forecastDock"))}, {height() * 2 / 5}, Qt::Vertical);
        });
    }
}

MainWindow::~MainWindow() = default;

QSize MainWindow::firstWindowSize() const
{
    const QSize full(1500, 950);
    // The offscreen platform (tests, --screenshot) has a nominal screen, no real one: its
    // windows keep the size the README's pictures show.
    if (QGuiApplication::platformName() == QLatin1String("offscreen") || !screen()) return full;
    return full.boundedTo(screen()->availableGeometry().size() * 0.95); // a laptop's 1366 x 768, say
}

bool MainWindow::dialogsAllowed() { return !qEnvironmentVariableIsSet("HIMNET_NO_DIALOGS"); }

MetricsTableModel* MainWindow::metricsModel() const { return m_metrics->model(); }

void MainWindow::createDocks()
{
    auto dock = [this](const QString& title, const QString& name, QWidget* widget, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        // A panel taller or wider than its dock scrolls, rather than make the window larger
        // than a laptop's screen (the training form and the explorer together need 1 023 px).
        auto* scroll = new QScrollArea(d);
        scroll->setWidget(widget);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        d->setWidget(scroll);
        addDockWidget(area, d);
        return d;
    };
    m_forecast = new ForecastPlot(m_session, this);
    QDockWidget* forecastDock = dock(tr("Forecast"), QStringLiteral("forecastDock"), m_forecast, Qt::BottomDockWidgetArea);

    m_training = new TrainingDashboard(m_session, m_engine, this);
    QDockWidget* trainingDock = dock(tr("Training"), QStringLiteral("trainingDock"), m_training, Qt::BottomDockWidgetArea);
    tabifyDockWidget(forecastDock, trainingDock);
    forecastDock->raise();

    m_metrics = new MetricsPanel(m_session, this);
    connect(m_metrics, &MetricsPanel::written, statusBar(), [this](const QString& message) { statusBar()->showMessage(message); });
    connect(m_metrics, &MetricsPanel::failed, this, &MainWindow::showError);
    QDockWidget* metricsDock = dock(tr("Metrics"), QStringLiteral("metricsDock"), m_metrics, Qt::RightDockWidgetArea);

    m_modelSummary = new ModelSummaryView(this);
    QDockWidget* modelDock = dock(tr("Model"), QStringLiteral("modelDock"), m_modelSummary, Qt::RightDockWidgetArea);
    tabifyDockWidget(metricsDock, modelDock);

    m_explorer = new EmbeddingExplorer(m_session, m_engine, this);
    QDockWidget* explorerDock = dock(tr("Explorer"), QStringLiteral("explorerDock"), m_explorer, Qt::RightDockWidgetArea);
    tabifyDockWidget(modelDock, explorerDock);
    m_pools = new PoolWeightsView(m_session, m_engine, this);
    QDockWidget* poolsDock = dock(tr("Pools"), QStringLiteral("poolsDock"), m_pools, Qt::RightDockWidgetArea);
    tabifyDockWidget(explorerDock, poolsDock);
    metricsDock->raise();
}

bool MainWindow::raiseDock(const QString& name)
{
    // "sensors" and "hours": the Metrics dock on its By sensor table or its By hour plot; "band":
    // on By hour, where the forecast intervals held.
    const bool band = name == QLatin1String("band");
    QWidget* metricsTab = name == QLatin1String("sensors")  ? static_cast<QWidget*>(m_metrics->sensorTable())
        : name == QLatin1String("hours") || band             ? static_cast<QWidget*>(m_metrics->hourlyErrors())
                                                             : nullptr;
    if (band) m_metrics->hourlyErrors()->figureBox()->setCurrentIndex(HourlyErrorsView::IntervalHeld);
    auto* d = findChild<QDockWidget*>((metricsTab ? QStringLiteral("metrics") : name) + QStringLiteral("Dock"));
    if (!d) return false;
    d->show();
    d->raise();
    if (metricsTab) m_metrics->tabs()->setCurrentWidget(metricsTab);
    return true;
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openFile = file->addAction(tr("Open Dataset &File…"), this, &MainWindow::chooseDatasetFile);
    openFile->setShortcut(QKeySequence::Open);
    openFile->setObjectName(QStringLiteral("actionOpenDatasetFile"));
    file->addAction(tr("Open Dataset F&older…"), this, &MainWindow::chooseDatasetFolder);
    file->addAction(tr("Open &Demo City"), this, &MainWindow::openDemoCity);
    m_recentMenu = file->addMenu(tr("&Recent Datasets"));
    rebuildRecentMenu();
    m_readingOptionsAction = file->addAction(tr("Reading &Options…"), this, &MainWindow::changeReadingOptions);
    m_readingOptionsAction->setObjectName(QStringLiteral("actionReadingOptions"));
    m_readingOptionsAction->setToolTip(tr("How to read what the dataset's files do not say: interval, start, missing value, unit"));
    m_readingOptionsAction->setEnabled(false);
    file->addSeparator();
    QAction* openModel = file->addAction(tr("Open &Checkpoint…"), this, &MainWindow::chooseCheckpoint);
    openModel->setObjectName(QStringLiteral("actionOpenModel"));
    openModel->setShortcut(QKeySequence(tr("Ctrl+M")));
    file->addAction(tr("&Save Checkpoint As…"), this, &MainWindow::saveCheckpointAs);
    file->addSeparator();
    file->addAction(tr("Export &Forecast…"), this, &MainWindow::exportForecast);
    QAction* testForecasts = file->addAction(tr("Export &Test-Period Forecasts…"), this, &MainWindow::exportTestForecasts);
    testForecasts->setObjectName(QStringLiteral("actionExportTestForecasts"));
    testForecasts->setToolTip(tr("The forecast from every window of the test period, the actual values beside: the forecasts the metrics measure"));
    file->addAction(tr("Export &Metrics…"), m_metrics, &MetricsPanel::exportMetrics);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>()) m_viewMenu->addAction(d->toggleViewAction());

    auto* bar = new MapToolBar(m_session, m_map, this);
    addToolBar(bar);
    connect(bar, &MapToolBar::trainRequested, this, &MainWindow::startTraining);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About HimNet Studio"), this, &MainWindow::showAbout);
}

void MainWindow::wireEngine()
{
    connect(m_engine, &EngineController::testForecastsProgress, this, [this](qint64 written, qint64 total) {
        m_exportProgress->advance(written, total);
        statusBar()->showMessage(tr("Writing the test period's forecasts: %1 of %2…").arg(written).arg(total));
    });
    connect(m_engine, &EngineController::testForecastsExported, this, [this](const QString& path, qint64 count) {
        m_exportProgress->end();
        statusBar()->showMessage(tr("%1 forecasts of the test period written to %2").arg(count).arg(path));
    });
    connect(m_engine, &EngineController::testForecastsStopped, this, [this](const QString& path) {
        m_exportProgress->end();
        statusBar()->showMessage(tr("Export of the test period's forecasts stopped: nothing written to %1").arg(path));
    });
    connect(m_engine, &EngineController::testForecastsFailed, m_exportProgress, &ExportProgress::end); // failed() says why
    connect(m_engine, &EngineController::datasetLoaded, this, [this](const LoadedDataset& dataset) {
        const QString path = m_pendingPath;
        const himnet::LoadOptions options = m_pendingOptions;
        const bool confirm = m_pendingConfirm;
        m_pendingPath.clear();
        m_pendingOptions = {};
        m_pendingConfirm = false;
        const DatasetChoice choice = confirm && dialogsAllowed() ? askToOpenDataset(dataset, this) : DatasetChoice::Open;
        if (choice == DatasetChoice::ChangeReadingOptions && rereadWithNewOptions(path, options, *dataset.data, true)) return;
        if (choice == DatasetChoice::ReadFromLevelChange) {
            himnet::LoadOptions laterLevel = options;
            laterLevel.from = himnet::parseTimestamp(dataset.summary.levelChangedOn);
            openDataset(path, laterLevel, true);
            return;
        }
        if (choice != DatasetChoice::Open) {
            statusBar()->showMessage(tr("Kept the current dataset"));
            return;
        }
        if (!path.isEmpty()) {
            rememberRecent(path);
            rememberReadingOptions(path, options);
        }
        m_datasetPath = path;
        m_datasetOptions = options;
        m_readingOptionsAction->setEnabled(!path.isEmpty());
        showDataset(dataset);
        if (!readingOptionsEmpty(options))
            statusBar()->showMessage(statusBar()->currentMessage()
                                     + tr(" Read %1 (File → Reading Options).").arg(describeReadingOptions(options)));
        if (const QString checkpoint = std::exchange(m_checkpointAfterReread, QString()); !checkpoint.isEmpty() && !path.isEmpty())
            openCheckpoint(checkpoint);
    });
    connect(m_engine, &EngineController::modelInspected, this, [this](const himnet::ModelFileSummary& summary) {
        m_modelSummary->showSummary(summary, m_session->unitSuffix());
        offerToContinue(summary);
    });
    connect(m_engine, &EngineController::modelLoaded, this, [this](const LoadedModel& model) {
        if (offerToReadTrainedPeriod(model)) return; // opened again once the data is read over its period
        m_session->setModel(model); // modelInspected has shown its summary and offered to continue it
        m_measuringStoppedForTraining = false; // another model: it is measured now, if at all
        m_metrics->clear(model.noTestPeriod);
        // Data with a test period open on it; the latest hours of a feed, on their last step: the next hour.
        m_session->setOrigin(model.noTestPeriod.isEmpty() ? std::max(m_session->origin(), model.firstTestOrigin) : model.lastOrigin);
        m_engine->forecast(m_session->origin()); // first: it is quick and fills the plot
        if (!model.noTestPeriod.isEmpty()) { // the latest hours of a feed: forecasts, nothing to measure
            statusBar()->showMessage(tr("Model %1 loaded: forecasts only, these data have no test period").arg(QFileInfo(model.checkpointPath).fileName()));
            return;
        }
        statusBar()->showMessage(tr("Model %1 loaded; computing metrics and forecasts…").arg(QFileInfo(model.checkpointPath).fileName()));
        measure(model);
    });
    connect(m_engine, &EngineController::modelImported, this, [this](const QString& stateDict, const QString& checkpoint, const QString& description) {
        statusBar()->showMessage(tr("Imported %1 as %2: %3. Loading it…").arg(QFileInfo(stateDict).fileName(), checkpoint, description));
    });
    connect(m_engine, &EngineController::forecastReady, m_session, &StudioSession::setForecast);
    connect(m_engine, &EngineController::baselinesMeasured, m_session, &StudioSession::setBaselines);
    wireMeasuring();
    connect(m_engine, &EngineController::trainingFinished, this, [this](const himnet::TrainResult& result, const QString& path) {
        const QString saved = QString::fromStdString(himnet::describeSavedProgress(result));
        if (result.epochsRun > 0 && QFile::exists(path)) {
            statusBar()->showMessage(result.cancelled ? tr("Training stopped; %1 holds %2 (Continue resumes it). Loading the best epoch so far")
                                                            .arg(QFileInfo(path).fileName(), saved)
                                                      : tr("Training finished"));
            openCheckpoint(path);
            return;
        }
        measureAgainAfterTraining();
        if (result.batchesIntoEpoch > 0 && QFile::exists(path)) {
            m_training->setResumable(path, 0, result.batchesIntoEpoch);
            statusBar()->showMessage(tr("Training stopped in its first epoch; %1 holds %2: Continue resumes it, a model comes "
                                        "with the first finished epoch")
                                         .arg(QFileInfo(path).fileName(), saved));
        } else {
            statusBar()->showMessage(tr("Training stopped before its first batch ended; nothing saved"));
        }
    });
    connect(m_engine, &EngineController::failed, this, [this](const QString& message) {
        m_checkpointAfterReread.clear(); // a reread that failed opens nothing later
        if (!m_engine->isTraining()) measureAgainAfterTraining(); // the failure may be the training's
        showError(message);
    });
    connect(m_engine, &EngineController::modelNeedsSteps, this, &MainWindow::offerToReadAsModelSteps);
    connect(m_engine, &EngineController::datasetNeedsDateOrder, this, &MainWindow::askDateOrderAndReread);
    const auto forecastAt = [this](qint64 origin) {
        if (m_session->hasModel()) m_engine->forecast(origin);
    };
    connect(m_forecast, &ForecastPlot::forecastRequested, this, forecastAt);
    connect(m_metrics->hourlyErrors(), &HourlyErrorsView::forecastRequested, this, forecastAt); // an hour clicked
    connect(m_training, &TrainingDashboard::startRequested, this, &MainWindow::startTraining);
    connect(m_training->splitChoice(), &SplitChoice::holidaysChanged, this, [this](const QString& choice) {
        if (!m_datasetPath.isEmpty()) rememberHolidays(m_datasetPath, choice);
    });
}

void MainWindow::openDataset(const QString& path, bool confirm) { openDataset(path, rememberedReadingOptions(path), confirm); }

void MainWindow::openDataset(const QString& path, const himnet::LoadOptions& options, bool confirm)
{
    m_pendingPath = path;
    m_pendingOptions = options;
    m_pendingConfirm = confirm;
    statusBar()->showMessage(tr("Reading %1…").arg(path));
    m_engine->loadDataset(path, options);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QStringList paths = droppedPaths(event->mimeData());
    if (!paths.isEmpty() && paths.size() <= 2) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QStringList paths = droppedPaths(event->mimeData());
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    openDroppedFiles(paths);
}

void MainWindow::openDroppedFiles(const QStringList& paths)
{
    QStringList models, datasets;
    for (const QString& path : paths) (himnet::isModelFile(path.toStdString()) ? models : datasets) << path;
    if (models.size() > 1 || datasets.size() > 1 || paths.isEmpty())
        return showError(tr("Drop one dataset (a file or a folder), one model, or one of each; got %1").arg(paths.join(QStringLiteral(", "))));
    if (datasets.isEmpty()) return openCheckpoint(models.front());
    openDataset(datasets.front());
    m_checkpointAfterReread = models.value(0); // opened once the dataset is shown; none without a model
}

void MainWindow::openDemoCity()
{
    m_checkpointAfterReread.clear();
    m_pendingPath.clear();
    m_pendingOptions = {};
    m_pendingConfirm = false;
    statusBar()->showMessage(tr("Generating the demo city…"));
    m_engine->loadDemoCity();
}

void MainWindow::openStartupDataset()
{
    QSettings settings;
    const QStringList recent = settings.value(QStringLiteral("recentDatasets")).toStringList();
    if (!recent.isEmpty() && QFileInfo::exists(recent.first())) {
        openDataset(recent.first(), /*confirm=*/false); // the user chose it last time
        return;
    }
    openDemoCity();
}

void MainWindow::showDataset(const LoadedDataset& dataset)
{
    m_session->setDataset(dataset);
    // Holidays belong to the place the data comes from: those chosen for it last time.
    m_training->splitChoice()->chooseHolidays(m_datasetPath.isEmpty() ? QString() : rememberedHolidays(m_datasetPath));
    m_metrics->clear();
    m_measuringStoppedForTraining = false; // no model now
    m_modelSummary->showNoModel();
    m_training->setResumable({}, 0, 0); // a checkpoint of the previous network does not continue here
    // Start with something to look at: one sensor per zone (demo city) or the first few.
    QList<int> selection;
    const auto& d = m_session->data();
    if (d.hasZones()) {
        for (int zone = 0; zone < static_cast<int>(d.zoneNames.size()) && selection.size() < ForecastPlot::kMaxSensors; ++zone)
            for (int n = 0; n < d.numNodes; ++n)
                if (d.zoneLabels[static_cast<size_t>(n)] == zone) {
                    selection.push_back(n);
                    break;
                }
        m_session->setColourMode(StudioSession::ColourMode::Zone);
    } else {
        const int count = static_cast<int>(std::min<int64_t>(3, d.numNodes));
        for (int k = 0; k < count; ++k) selection.push_back(static_cast<int>(k * d.numNodes / count));
    }
    m_session->setSelection(selection);
    setWindowTitle(tr("%1 — HimNet Studio").arg(QString::fromStdString(d.name)));
    statusBar()->showMessage(tr("%1: %2 sensors, %3 steps. Train a model (Training tab) or open a checkpoint.")
                                 .arg(QString::fromStdString(d.name))
                                 .arg(d.numNodes)
                                 .arg(d.numSteps));
    Q_EMIT datasetShown();
}

void MainWindow::openCheckpoint(const QString& path)
{
    if (!m_session->hasDataset()) {
        showError(tr("Open a dataset before a checkpoint: a model forecasts the network it was trained on."));
        return;
    }
    if (himnet::isReferenceStateDict(path.toStdString())) {
        // Weights alone: the scaler and split come from the data open, and the checkpoint made
        // of them goes to the app's folder, where it keeps its evaluation too.
        const QString name = QString::fromStdString(m_session->data().name);
        const QString target = checkpointFolder() + '/' + m_session->fileNameStem() + QStringLiteral("-imported-")
            + StudioSession::fileNameStemOf(QFileInfo(path).completeBaseName()) + ".h5";
        statusBar()->showMessage(tr("Importing %1, a model of the reference implementation, for %2…").arg(QFileInfo(path).fileName(), name));
        m_engine->importModel(path, m_session->dataset().data, target);
        return;
    }
    statusBar()->showMessage(tr("Loading %1…").arg(path));
    m_engine->loadModel(path, m_session->dataset().data);
}

QString MainWindow::checkpointFolder() const
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/checkpoints");
    QDir().mkpath(folder);
    return folder;
}

void MainWindow::startTraining()
{
    if (!m_session->hasDataset() || m_engine->isTraining()) return;
    const QString path = checkpointFolder() + '/' + m_session->fileNameStem() + '-'
        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")) + ".h5";
    for (QDockWidget* d : findChildren<QDockWidget*>())
        if (d->objectName() == QLatin1String("trainingDock")) d->raise();
    const QString when = m_engine->isExporting() ? tr(" once the export of the test period's forecasts ends") : QString();
    statusBar()->showMessage(m_training->startsFromOpenModel()
                                 ? tr("Fine-tuning %1%2; checkpoints go to %3").arg(QFileInfo(m_session->model().checkpointPath).fileName(), when, path)
                                 : tr("Training%1; checkpoints go to %2").arg(when, path));
    m_training->start(path);
}

void MainWindow::offerToContinue(const himnet::ModelFileSummary& summary)
{
    m_training->setResumable(summary.resumable ? QString::fromStdString(summary.path) : QString(), summary.epochsTrained,
                             summary.batchesIntoEpoch, summary.split ? splitText(*summary.split) : QString());
    m_training->showHistory(QString::fromStdString(summary.path), summary.history, summary.startingValLoss);
}

void MainWindow::rememberRecent(const QString& opened)
{
    const QString path = QFileInfo(opened).absoluteFilePath(); // a path given relative to where the app started
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentDatasets")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(QStringLiteral("recentDatasets"), recent);
    keepDatasetSettingsOnlyFor(recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentDatasets")).toStringList();
    for (const QString& path : recent) m_recentMenu->addAction(path, this, [this, path] { openDataset(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::chooseDatasetFile()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open dataset"), settings.value(QStringLiteral("paths/lastDataDir")).toString(),
                                                      tr("Traffic data (*.h5 *.hdf5 *.npz *.npy *.csv *.csv.gz *.txt *.txt.gz *.tsv *.xlsx *.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("paths/lastDataDir"), QFileInfo(path).absolutePath());
    openDataset(path);
}

void MainWindow::chooseDatasetFolder()
{
    QSettings settings;
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open dataset folder"), settings.value(QStringLiteral("paths/lastDataDir")).toString());
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("paths/lastDataDir"), path);
    openDataset(path);
}

void MainWindow::chooseCheckpoint()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open checkpoint"), checkpointFolder(),
        tr("Models (*.h5 *.pt *.pth);;Checkpoints (*.h5);;Reference implementation state dicts (*.pt *.pth);;All files (*)"));
    if (!path.isEmpty()) openCheckpoint(path);
}

void MainWindow::showError(const QString& message)
{
    statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0));
    if (dialogsAllowed()) QMessageBox::warning(this, tr("HimNet Studio"), message);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About HimNet Studio"),
                       tr("<h3>HimNet Studio %1</h3><p>Spatiotemporal traffic forecasting with HimNet, the "
                          "heterogeneity-informed meta-network (KDD 2024).</p><p>%2</p>")
                           .arg(QString::fromStdString(himnet::versionString()),
                                QString::fromStdString(himnet::runtimeSummary()).toHtmlEscaped()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_engine->isTraining()) m_engine->stopTraining();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}
