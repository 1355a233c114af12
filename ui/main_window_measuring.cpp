// How the open model is measured on its test split: where its reports are kept (the app's own
// checkpoints, or a folder for files it was given), the Band's level, and a training that goes
// first, the model it ends with measured instead.
#include "main_window.h"

#include "engine_controller.h"
#include "metrics_panel.h"
#include "model_summary_view.h"
#include "number_format.h"
#include "studio_session.h"

#include "himnet/evaluation.h"
#include "himnet/model_file.h"

#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

#include <utility>

void MainWindow::wireMeasuring()
{
    connect(m_engine, &EngineController::evaluated, this, [this](const himnet::EvaluationReport& report) {
        m_session->setMetrics(report);
        m_metrics->showReport(report);
        // Measured at another level than the forecast shown was bounded at: its bounds anew.
        if (m_session->hasForecast() && m_session->forecast().hasInterval() && m_session->forecast().intervalLevel != report.intervals.level)
            m_engine->forecast(m_session->origin());
        statusBar()->showMessage(tr("Test MAE %1%2 (last value %3, historical average %4)")
                                     .arg(report.all.mae, 0, 'f', 3)
                                     .arg(QString::fromStdString(report.unit.empty() ? std::string() : " " + report.unit))
                                     .arg(report.lastValue.mae, 0, 'f', 3)
                                     .arg(report.historicalAverage.mae, 0, 'f', 3)
                                 + (report.fromCheckpoint ? tr(", as the checkpoint keeps them")
                                    : report.fromKeptReports ? tr(", as measured when it was last opened on these data")
                                                             : QString()));
    });
    connect(m_engine, &EngineController::evaluationProgress, m_metrics, &MetricsPanel::showMeasured);
    // The Band level: remembered, and the open model measured again at it (a training running
    // meanwhile: the model it ends with is measured at it); on a feed's latest hours, the
    // intervals its checkpoint keeps of that level bound its forecasts.
    connect(m_session, &StudioSession::intervalLevelChanged, this, [this](double level) {
        QSettings().setValue(QStringLiteral("forecast/intervalLevel"), level);
        m_engine->setIntervalLevel(level);
        if (!m_session->hasModel()) return;
        if (!m_session->model().noTestPeriod.isEmpty()) {
            m_engine->boundByKeptIntervals();
            m_engine->forecast(m_session->origin());
            return;
        }
        if (m_engine->isTraining()) return;
        m_engine->stopEvaluations(); // one of the level before would only delay this one
        statusBar()->showMessage(tr("Measuring the model's %1 % intervals…").arg(levelText(level)));
        measure(m_session->model());
    });
    m_session->setIntervalLevel(QSettings().value(QStringLiteral("forecast/intervalLevel"), himnet::kIntervalLevel).toDouble());
    connect(m_engine, &EngineController::evaluationFailed, this, [this](const QString& message) {
        m_metrics->showNotMeasured(tr("the model could not be measured on the test split. %1").arg(message));
    });
    connect(m_engine, &EngineController::evaluationKept, this, [this](const himnet::ModelFileSummary& summary) {
        // The Model tab says what the file keeps from now on: its Tested line appears.
        if (m_session->hasModel() && QString::fromStdString(summary.path) == m_session->model().checkpointPath)
            m_modelSummary->showSummary(summary, m_session->unitSuffix());
    });
    connect(m_engine, &EngineController::trainingStateChanged, this, [this](bool training) {
        // A training (Start or Continue) would otherwise wait until the open model's measuring
        // ended (minutes for METR-LA on a CPU): that stops, and the model the training opens
        // when it ends is measured.
        if (!training || !m_metrics->isMeasuring()) return;
        m_engine->stopEvaluations();
        m_metrics->showNotMeasured(tr("measuring stopped so that the training could start. The model it ends with is measured "
                                      "then (this one again, should it end without one)."));
        m_measuringStoppedForTraining = true;
    });
}

QString MainWindow::keptReportsFolder() const
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/evaluations");
}

bool MainWindow::isOwnCheckpoint(const QString& path) const
{
    return QFileInfo(path).canonicalPath() == QFileInfo(checkpointFolder()).canonicalFilePath();
}

void MainWindow::measure(const LoadedModel& model)
{
    // The app's own checkpoints keep their evaluations (one per interval level) for the next
    // opening; files it was given are not written to, and theirs are kept in its data folder
    // instead.
    const bool own = isOwnCheckpoint(model.checkpointPath);
    m_metrics->startMeasuring();
    m_engine->evaluate(own, own ? QString() : keptReportsFolder());
}

void MainWindow::measureAgainAfterTraining()
{
    if (std::exchange(m_measuringStoppedForTraining, false) && m_session->hasModel() && !m_session->hasMetrics())
        measure(m_session->model());
}
