// himnet-studio: the desktop application.
#include "embedding_explorer.h"
#include "engine_controller.h"
#include "main_window.h"
#include "number_format.h"
#include "pool_weights_view.h"
#include "reading_options.h"
#include "studio_folders.h"
#include "studio_session.h"

#include "himnet/runtime.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QMap>
#include <QTimer>

#include <cstdio>
#include <string>

namespace {

/// On Linux without X11 or Wayland (a server, an SSH session) Qt would abort with a message
/// about its xcb plugin. Help and version need no window: they get the offscreen platform.
/// Anything else gets told what to do instead. Returns false when the app cannot start.
bool prepareDisplay(int argc, char** argv)
{
#ifdef Q_OS_LINUX
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY")
        || qEnvironmentVariableIsSet("WAYLAND_DISPLAY"))
        return true;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--help" || argument == "-h" || argument == "--help-all" || argument == "--version" || argument == "-v") {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return true;
        }
    }
    std::fprintf(stderr,
                 "himnet-studio: no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                 "  On a desktop, start it from the desktop session; on a server, ./scripts/run-studio.sh starts it inside\n"
                 "  Xvfb, QT_QPA_PLATFORM=offscreen himnet-studio --screenshot F.png saves a picture, and `himnet` does\n"
                 "  the same work (train, evaluate, forecast, embed) on the command line.\n");
    return false;
#else
    (void)argc;
    (void)argv;
    return true;
#endif
}

} // namespace

int main(int argc, char** argv)
{
    if (!prepareDisplay(argc, argv)) return 2;
    himnet::restartWithTunedRuntime();
    himnet::configureAllocator();
    QApplication app(argc, argv);
    useOneNumberFormat(); // 64.5 everywhere, as the engine and its files write it, whatever the user's locale
    for (const QString& line : useStudioFolders()) std::fprintf(stderr, "himnet-studio: %s\n", qPrintable(line));
    QApplication::setApplicationVersion(QString::fromStdString(himnet::versionString()));
    QGuiApplication::setDesktopFileName(QStringLiteral("himnet-studio")); // the desktop entry, and through it the icon

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Spatiotemporal traffic forecasting with HimNet"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("CPU threads for LibTorch (0: one per core)."),
                                     QStringLiteral("count"), QStringLiteral("0"));
    const QCommandLineOption dataset(QStringLiteral("dataset"), QStringLiteral("Dataset file or folder to open."), QStringLiteral("path"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open the built-in demo city."));
    const QCommandLineOption checkpoint(QStringLiteral("checkpoint"), QStringLiteral("Checkpoint to load for the dataset."),
                                        QStringLiteral("file"));
    const QCommandLineOption trainNow(QStringLiteral("train"), QStringLiteral("Start training as soon as the dataset is shown."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a PNG of the window once the data is shown, then exit."), QStringLiteral("file"));
    const QCommandLineOption delay(QStringLiteral("screenshot-delay"),
                                   QStringLiteral("Milliseconds to wait before the screenshot; then, unless training, until the "
                                                  "engine has finished its work."),
                                   QStringLiteral("ms"), QStringLiteral("2500"));
    const QCommandLineOption show(QStringLiteral("show"),
                                  QStringLiteral("Bring a panel to the front: forecast, training, metrics, sensors (the metrics by sensor), hours (by hour of the day), band "
                                                 "(where the forecast intervals held, by hour), model, explorer, pools; "
                                                 "or open the dataset's reading options (reading-options)."),
                                  QStringLiteral("panel"));
    const QCommandLineOption embedding(QStringLiteral("embedding"),
                                       QStringLiteral("What the explorer projects first: node, tod, dow or st."), QStringLiteral("kind"),
                                       QStringLiteral("node"));
    const QCommandLineOption heatmap(QStringLiteral("heatmap"),
                                     QStringLiteral("Pool heatmap to show: 0 sensor mixing, 1 time-of-day mixing, 2 day x time norms, "
                                                    "3 sensor x time norms."),
                                     QStringLiteral("index"), QStringLiteral("0"));
    const QCommandLineOption selectCluster(QStringLiteral("select-cluster"),
                                           QStringLiteral("Once the explorer has clustered the embeddings, select cluster K (1-based) "
                                                          "and colour the map by cluster."),
                                           QStringLiteral("K"));
    const QCommandLineOption colourBy(QStringLiteral("colour-by"),
                                      QStringLiteral("What the map is coloured by: observed, forecast, error, sensor-error (each "
                                                     "sensor's test MAE), sensor-gain (how far below the better "
                                                     "baseline's), sensor-band (where its forecast intervals held), zone or cluster."),
                                      QStringLiteral("mode"));
    // How to read what the dataset's files do not say, as `himnet` takes it (Reading Options in the app).
    const QCommandLineOption interval(QStringLiteral("interval"),
                                      QStringLiteral("Sampling interval of a file without timestamps, or a multiple of a file's to combine "
                                                     "its readings into longer steps, e.g. 5min, 900."),
                                      QStringLiteral("interval"));
    const QCommandLineOption aggregate(QStringLiteral("aggregate"),
                                       QStringLiteral("How readings are combined into longer steps: mean (default; speeds, rates) or sum "
                                                      "(counts, e.g. vehicles per reading)."),
                                       QStringLiteral("how"));
    const QCommandLineOption start(QStringLiteral("start"), QStringLiteral("First timestamp of a file without timestamps, e.g. 2012-03-01 (UTC)."),
                                   QStringLiteral("time"));
    const QCommandLineOption missingValue(QStringLiteral("missing-value"), QStringLiteral("Value that marks a missing reading (default 0)."),
                                          QStringLiteral("value"));
    const QCommandLineOption quantity(QStringLiteral("quantity"), QStringLiteral("What the values measure, e.g. speed or flow."),
                                      QStringLiteral("name"));
    const QCommandLineOption unit(QStringLiteral("unit"), QStringLiteral("Their unit, e.g. mph, km/h or veh/h."), QStringLiteral("unit"));
    const QCommandLineOption valueColumn(QStringLiteral("value-column"),
                                         QStringLiteral("A long table's column to forecast (time, sensor, values), e.g. speed."),
                                         QStringLiteral("column"));
    const QCommandLineOption sheet(QStringLiteral("sheet"),
                                   QStringLiteral("An Excel workbook's sheet to read the series from (default: the first)."),
                                   QStringLiteral("name"));
    const QCommandLineOption dateOrder(QStringLiteral("date-order"),
                                       QStringLiteral("Dates with slashes, where the file's own dates do not tell (one day of them): mdy "
                                                      "(month first, as in the US) or dmy (day first)."),
                                       QStringLiteral("order"));
    const QCommandLineOption laneTypes(QStringLiteral("lane-types"),
                                       QStringLiteral("PeMS station files: the lane types of the stations to read, e.g. ML (mainline) or "
                                                      "ML,HV (and HOV lanes); default: all."),
                                       QStringLiteral("types"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("Read the steps from this time on (UTC), e.g. 2015-01-11."),
                                  QStringLiteral("time"));
    const QCommandLineOption until(QStringLiteral("until"), QStringLiteral("Read the steps before this time (UTC, not including it), e.g. 2015-02-01."),
                                   QStringLiteral("time"));
    for (const auto& option : {threads, dataset, demo, checkpoint, trainNow, screenshot, delay, show, embedding, heatmap, selectCluster, colourBy,
                               interval, aggregate, start, missingValue, quantity, unit, valueColumn, sheet, dateOrder, laneTypes, from, until})
        parser.addOption(option);
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("Dataset file or folder to open (as --dataset)."),
                                 QStringLiteral("[path]"));
    parser.process(app);
    const QStringList paths = parser.positionalArguments();
    if (paths.size() > 1 || (paths.size() == 1 && parser.isSet(dataset))) {
        std::fprintf(stderr, "himnet-studio: one dataset at a time (got %s)\n",
                     qPrintable((parser.isSet(dataset) ? QStringList{parser.value(dataset)} + paths : paths).join(QStringLiteral(", "))));
        return 2;
    }

    const ParsedReadingEntries reading = parseReadingEntries(
        {parser.value(interval), parser.value(start), parser.value(missingValue), parser.value(quantity), parser.value(unit),
         parser.value(valueColumn), parser.value(sheet), parser.value(aggregate), parser.value(dateOrder), parser.value(laneTypes),
         parser.value(from), parser.value(until)});
    if (!reading.problem.isEmpty()) {
        std::fprintf(stderr, "himnet-studio: %s\n", qPrintable(reading.problem));
        return 2;
    }
    const bool datasetGiven = parser.isSet(dataset) || !paths.isEmpty();
    if (!readingOptionsEmpty(reading.options) && !datasetGiven) {
        std::fprintf(stderr, "himnet-studio: --interval, --aggregate, --start, --missing-value, --quantity, --unit, --value-column, "
                             "--sheet, --date-order, --lane-types, --from and --until say how to read a dataset: name one (--dataset or a path)\n");
        return 2;
    }

    using ColourMode = StudioSession::ColourMode;
    const QMap<QString, ColourMode> colourModes{{QStringLiteral("observed"), ColourMode::Observed},
                                                {QStringLiteral("forecast"), ColourMode::Forecast},
                                                {QStringLiteral("error"), ColourMode::Error},
                                                {QStringLiteral("sensor-error"), ColourMode::SensorError},
                                                {QStringLiteral("sensor-gain"), ColourMode::SensorGain},
                                                {QStringLiteral("sensor-band"), ColourMode::SensorIntervalHeld},
                                                {QStringLiteral("zone"), ColourMode::Zone},
                                                {QStringLiteral("cluster"), ColourMode::Cluster}};
    if (parser.isSet(colourBy) && !colourModes.contains(parser.value(colourBy))) {
        std::fprintf(stderr, "himnet-studio: --colour-by %s: expected one of %s\n", qPrintable(parser.value(colourBy)),
                     qPrintable(colourModes.keys().join(QStringLiteral(", "))));
        return 2;
    }

    himnet::configureThreads(parser.value(threads).toInt());
    MainWindow window;
    window.show();
    try {
        const int kindIndex = window.embeddingExplorer()->kindBox()->findData(
            static_cast<int>(himnet::parseEmbeddingKind(parser.value(embedding).toStdString())));
        window.embeddingExplorer()->kindBox()->setCurrentIndex(std::max(0, kindIndex));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "himnet-studio: --embedding: %s\n", e.what());
        return 2;
    }
    window.poolWeightsView()->showHeatmap(static_cast<PoolWeightsView::Heatmap>(std::clamp(parser.value(heatmap).toInt(), 0, 3)));
    if (parser.isSet(selectCluster)) {
        const int cluster = parser.value(selectCluster).toInt() - 1;
        QObject::connect(window.embeddingExplorer(), &EmbeddingExplorer::mapShown, &window, [&window, cluster] {
            window.session()->setColourMode(StudioSession::ColourMode::Cluster);
            window.embeddingExplorer()->selectCluster(cluster);
        }, Qt::SingleShotConnection);
    }
    if (parser.isSet(colourBy)) {
        const ColourMode mode = colourModes.value(parser.value(colourBy));
        QObject::connect(&window, &MainWindow::datasetShown, &window, [&window, mode] { window.session()->setColourMode(mode); },
                         Qt::SingleShotConnection);
    }
    if (parser.isSet(show)) {
        const QString panel = parser.value(show);
        QObject::connect(&window, &MainWindow::datasetShown, &window, [&window, panel] {
            if (panel != QStringLiteral("reading-options")) {
                window.raiseDock(panel);
                return;
            }
            QAction* readingOptions = window.findChild<QAction*>(QStringLiteral("actionReadingOptions"));
            QTimer::singleShot(0, readingOptions, &QAction::trigger); // a modal dialog: after this handler returns
        }, Qt::SingleShotConnection);
    }
    if (parser.isSet(checkpoint)) {
        const QString path = parser.value(checkpoint);
        QObject::connect(&window, &MainWindow::datasetShown, &window, [&window, path] { window.openCheckpoint(path); },
                         Qt::SingleShotConnection);
    }
    if (parser.isSet(trainNow))
        QObject::connect(&window, &MainWindow::datasetShown, &window, [&window] { window.startTraining(); }, Qt::SingleShotConnection);
    if (parser.isSet(screenshot)) {
        const QString target = parser.value(screenshot);
        const int wait = parser.value(delay).toInt();
        QObject::connect(&window, &MainWindow::datasetShown, &window, [&window, target, wait] {
            QTimer::singleShot(wait, &window, [&window, target] {
                const auto grab = [&window, target] {
                    QTimer::singleShot(300, &window, [&window, target] { // lets the last queued replots run
                        QWidget* dialog = QApplication::activeModalWidget(); // --show reading-options
                        (dialog ? dialog : static_cast<QWidget*>(&window))->grab().save(target);
                        QApplication::quit();
                    });
                };
                // Metrics, forecasts and projections still being computed would show half-drawn;
                // a training in progress is what the picture is for.
                EngineController* engine = window.engine();
                if (engine->isBusy() && !engine->isTraining())
                    QObject::connect(engine, &EngineController::idle, &window, grab, Qt::SingleShotConnection);
                else
                    grab();
            });
        }, Qt::SingleShotConnection);
    }
    if (datasetGiven) {
        const QString path = paths.isEmpty() ? parser.value(dataset) : paths.front();
        // Options given here replace those remembered for the file; none given: the remembered ones.
        if (readingOptionsEmpty(reading.options)) window.openDataset(path, /*confirm=*/false);
        else window.openDataset(path, reading.options, /*confirm=*/false);
    }
    else if (parser.isSet(demo)) window.openDemoCity();
    else window.openStartupDataset();
    return QApplication::exec();
}
