#include "main_window.h"

#include "engine_controller.h"
#include "model_summary_view.h"

#include "himnet/runtime.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

namespace {

QString welcomeText()
{
    return QObject::tr(
        "<h1>HimNet Studio</h1>"
        "<p>Spatiotemporal traffic forecasting with HimNet, the heterogeneity-informed meta-network (KDD 2024).</p>"
        "<p><b>File &rarr; Open Model</b> reads a HimNet Studio checkpoint (<tt>.h5</tt>) or a reference "
        "PyTorch state dict (<tt>.pt</tt>) and shows its configuration.</p>");
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_engine(new EngineController(this))
{
    setWindowTitle(tr("HimNet Studio"));
    setObjectName(QStringLiteral("MainWindow"));

    m_centre = new QStackedWidget(this);
    auto* welcome = new QLabel(welcomeText(), m_centre);
    welcome->setObjectName(QStringLiteral("welcome"));
    welcome->setAlignment(Qt::AlignCenter);
    welcome->setWordWrap(true);
    welcome->setMargin(32);
    m_centre->addWidget(welcome);
    setCentralWidget(m_centre);

    auto* modelDock = new QDockWidget(tr("Model"), this);
    modelDock->setObjectName(QStringLiteral("modelDock"));
    m_modelSummary = new ModelSummaryView(modelDock);
    modelDock->setWidget(m_modelSummary);
    addDockWidget(Qt::RightDockWidgetArea, modelDock);

    m_statusRuntime = new QLabel(QString::fromStdString(himnet::runtimeSummary()), this);
    statusBar()->addPermanentWidget(m_statusRuntime);
    statusBar()->showMessage(tr("Ready"));

    createActions();

    connect(m_engine, &EngineController::modelInspected, this, [this](const himnet::ModelFileSummary& summary) {
        m_modelSummary->showSummary(summary);
        statusBar()->showMessage(tr("Model %1: %2 parameters")
                                     .arg(QFileInfo(QString::fromStdString(summary.path)).fileName())
                                     .arg(summary.parameterCount));
    });
    connect(m_engine, &EngineController::failed, this, &MainWindow::showError);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry"))) resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("Open &Model…"), this, &MainWindow::chooseModelFile);
    open->setObjectName(QStringLiteral("actionOpenModel"));
    open->setShortcut(QKeySequence(tr("Ctrl+M")));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About HimNet Studio"), this, &MainWindow::showAbout);
}

void MainWindow::chooseModelFile()
{
    QSettings settings;
    const QString start = settings.value(QStringLiteral("paths/lastModelDir")).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), start,
                                                      tr("Models (*.h5 *.pt *.pth);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("paths/lastModelDir"), QFileInfo(path).absolutePath());
    openModelFile(path);
}

void MainWindow::openModelFile(const QString& path)
{
    statusBar()->showMessage(tr("Reading %1…").arg(path));
    m_engine->inspectModel(path);
}

void MainWindow::showError(const QString& message)
{
    statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0));
    if (!qEnvironmentVariableIsSet("HIMNET_NO_DIALOGS")) QMessageBox::warning(this, tr("HimNet Studio"), message);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About HimNet Studio"),
                       tr("<h3>HimNet Studio %1</h3><p>%2</p>")
                           .arg(QString::fromStdString(himnet::versionString()),
                                QString::fromStdString(himnet::runtimeSummary()).toHtmlEscaped()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}
