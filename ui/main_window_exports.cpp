// What the main window writes where the user says: a copy of the model's checkpoint (or its
// weights as a state dict of the reference implementation), the forecast shown, and the
// forecasts of the whole test period.
#include "main_window.h"

#include "engine_controller.h"
#include "export_progress.h"
#include "file_choice.h"
#include "studio_session.h"

#include "himnet/failure_text.h"
#include "himnet/forecasting.h"
#include "himnet/reference_models.h"

#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>
#include <QStatusBar>

void MainWindow::saveCheckpointAs()
{
    if (!m_session->hasModel()) return showError(tr("No model to save: train one first."));
    const QString target = chooseFileToWrite(this, tr("Save checkpoint"), QStringLiteral("%1.h5").arg(m_session->fileNameStem()),
                                             tr("Checkpoints (*.h5);;Reference implementation state dict (*.pt)"));
    const QString source = m_session->model().checkpointPath;
    if (target.isEmpty() || QFileInfo(target).absoluteFilePath() == QFileInfo(source).absoluteFilePath()) return; // already there
    if (target.endsWith(QLatin1String(".pt"), Qt::CaseInsensitive) || target.endsWith(QLatin1String(".pth"), Qt::CaseInsensitive))
        return exportStateDict(source, target);
    // Whole or not at all, as the metrics export: a copy that fails leaves the file there as it was.
    QFile in(source);
    QSaveFile out(target);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly)) return showError(tr("%1: cannot be written").arg(target));
    while (!in.atEnd()) out.write(in.read(1 << 20));
    if (!out.commit()) return showError(tr("%1: cannot be written (%2)").arg(target, out.errorString()));
    statusBar()->showMessage(tr("Checkpoint saved as %1").arg(target));
}

void MainWindow::exportStateDict(const QString& checkpoint, const QString& target)
{
    try {
        const QString caveat = QString::fromStdString(himnet::exportStateDict(checkpoint.toStdString(), target.toStdString()));
        statusBar()->showMessage(tr("Weights saved as %1, a state dict of the reference implementation").arg(target));
        if (!caveat.isEmpty() && dialogsAllowed())
            QMessageBox::information(this, tr("Save checkpoint"), tr("%1 holds the weights; note: %2.").arg(target, caveat));
    } catch (const std::exception& e) {
        showError(QString::fromStdString(himnet::describeFailure(e)));
    }
}

void MainWindow::exportForecast()
{
    if (!m_session->hasForecast()) return showError(tr("No forecast to export: train or open a model first."));
    const QString target = chooseFileToWrite(this, tr("Export forecast"), QStringLiteral("%1-forecast.csv").arg(m_session->fileNameStem()),
                                             tr("CSV (*.csv);;Excel workbook (*.xlsx);;HDF5 (*.h5)"));
    if (target.isEmpty()) return;
    try {
        himnet::writeForecastFile({m_session->forecast()}, target.toStdString());
        statusBar()->showMessage(tr("Forecast written to %1").arg(target));
    } catch (const std::exception& e) {
        showError(QString::fromStdString(e.what()));
    }
}

void MainWindow::exportTestForecasts()
{
    if (!m_session->hasModel()) return showError(tr("No model to forecast with: train or open a model first."));
    if (!m_session->model().noTestPeriod.isEmpty()) return showError(m_session->model().noTestPeriod);
    // A request queued behind a training would be dropped when its model replaces this one.
    if (m_engine->isTraining()) return showError(tr("A training is running: export the test period's forecasts once it ends."));
    if (m_exportProgress->isRunning())
        return showError(tr("The test period's forecasts are being written: stop that export (in the status bar) or let it end first."));
    const QString target = chooseFileToWrite(this, tr("Export test-period forecasts"),
                                             QStringLiteral("%1-test-forecasts.csv").arg(m_session->fileNameStem()),
                                             tr("CSV (*.csv);;HDF5 (*.h5);;Excel workbook (*.xlsx)"));
    if (target.isEmpty()) return;
    statusBar()->showMessage(tr("Writing the test period's forecasts to %1…").arg(target));
    m_exportProgress->begin();
    m_engine->exportTestForecasts(target);
}
