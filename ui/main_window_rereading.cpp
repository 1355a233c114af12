// The main window's offers to read the dataset shown again: with other reading options, at a
// model's steps, over the period a model was trained on, in the date order the user names.
#include "main_window.h"

#include "dataset_confirmation.h"
#include "engine_types.h"
#include "reading_options.h"
#include "reading_options_dialog.h"
#include "studio_session.h"

#include "himnet/forecasting.h"

#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

#include <optional>

bool MainWindow::rereadWithNewOptions(const QString& path, const himnet::LoadOptions& current, const himnet::Dataset& read, bool confirm)
{
    ReadingOptionsDialog dialog(current, read, this);
    if (dialog.exec() != QDialog::Accepted) return false;
    openDataset(path, dialog.options(), confirm);
    return true;
}

void MainWindow::changeReadingOptions()
{
    if (m_datasetPath.isEmpty() || !m_session->hasDataset()) return;
    rereadWithNewOptions(m_datasetPath, m_datasetOptions, m_session->data(), /*confirm=*/false);
}

void MainWindow::offerToReadAsModelSteps(const QString& checkpoint, qint64 modelIntervalSeconds, const QString& modelAggregation,
                                         bool readableAsModelSteps, const QString& message)
{
    // The engine says whether the dataset can be read into the model's steps (himnet::StepMismatch).
    if (!readableAsModelSteps || m_datasetPath.isEmpty() || !m_session->hasDataset()) {
        showError(message);
        return;
    }
    const himnet::Dataset& data = m_session->data();
    const bool totalled = modelAggregation == QLatin1String("sum");
    // Its timestamps are finer than the model's steps, or were combined into them another way.
    const bool combined = data.timeAxisInFiles;
    const QString interval = intervalText(modelIntervalSeconds);
    const QString fineReadings = data.aggregation ? tr("readings") : tr("%1 readings").arg(intervalText(data.intervalSeconds));
    const QString question = !combined ? tr("Read %1 at %2 steps and open the model?").arg(QString::fromStdString(data.name), interval)
        : totalled ? tr("Total the %1 of %2 into %3 steps and open the model?").arg(fineReadings, QString::fromStdString(data.name), interval)
                   : tr("Average the %1 of %2 into %3 steps and open the model?").arg(fineReadings, QString::fromStdString(data.name), interval);
    if (dialogsAllowed() && QMessageBox::question(this, tr("Open checkpoint"), message + QStringLiteral("\n\n") + question) != QMessageBox::Yes) {
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0));
        return;
    }
    himnet::LoadOptions options = m_datasetOptions;
    options.intervalSeconds = modelIntervalSeconds;
    if (combined && !modelAggregation.isEmpty()) options.aggregation = himnet::parseAggregation(modelAggregation.toStdString());
    m_checkpointAfterReread = checkpoint;
    statusBar()->showMessage(tr("Reading %1 at %2 steps for the model…").arg(m_datasetPath, interval));
    openDataset(m_datasetPath, options, /*confirm=*/false);
}

void MainWindow::askDateOrderAndReread(const QString& date, const QString& message)
{
    const QString path = m_pendingPath;
    const std::optional<himnet::DateOrder> order = !path.isEmpty() && dialogsAllowed() ? askDateOrder(path, date, this) : std::nullopt;
    if (!order) {
        m_checkpointAfterReread.clear();
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0));
        return;
    }
    himnet::LoadOptions options = m_pendingOptions;
    options.dateOrder = *order;
    openDataset(path, options, m_pendingConfirm);
}

bool MainWindow::offerToReadTrainedPeriod(const LoadedModel& model)
{
    if (!model.trainedPeriod || model.otherPeriodNote.isEmpty()) return false;
    if (m_datasetPath.isEmpty() || !m_session->hasDataset() || !dialogsAllowed()) return false;
    const himnet::TrainedPeriod& period = *model.trainedPeriod;
    const himnet::Dataset& data = m_session->data();
    // The whole series is read without a period: nothing to remember for the file.
    himnet::LoadOptions options = m_datasetOptions;
    options.from = period.from > data.seriesFirstTime.value_or(data.timestamps.front()) ? std::optional<int64_t>(period.from) : std::nullopt;
    options.until = period.until <= data.seriesLastTime.value_or(data.timestamps.back()) ? std::optional<int64_t>(period.until) : std::nullopt;
    if (options.from == m_datasetOptions.from && options.until == m_datasetOptions.until) return false; // read so already: nothing to offer
    himnet::LoadOptions periodAlone;
    periodAlone.from = options.from;
    periodAlone.until = options.until;
    const QString name = QString::fromStdString(data.name);
    const QString how = readingOptionsEmpty(periodAlone) ? tr("the whole series") : describeReadingOptions(periodAlone);
    const auto timeText = [](int64_t time) { return QString::fromStdString(himnet::formatTimestamp(time)); };
    const QString periods = tr("%1 was trained on %2 from %3 to %4 UTC; it is read from %5 to %6 UTC.")
                                .arg(QFileInfo(model.checkpointPath).fileName(), name, QString::fromStdString(model.summary.dataFrom),
                                     QString::fromStdString(model.summary.dataTo), timeText(data.timestamps.front()), timeText(data.timestamps.back()));
    const QString why = model.noTestPeriod.isEmpty() ? tr("Some of the model's test windows there forecast steps it trained on: their scores would flatter it.")
                                                     : tr("The model has no test period there to measure it on.");
    QMessageBox box(QMessageBox::Question, tr("Open checkpoint"),
                    periods + QLatin1Char(' ') + why + QStringLiteral("\n\n")
                        + tr("Read %1 as for the model's training (%2) and open the model there?").arg(name, how),
                    QMessageBox::NoButton, this);
    box.setDetailedText(model.otherPeriodNote);
    QPushButton* readPeriod = box.addButton(tr("Read Its Period"), QMessageBox::AcceptRole);
    box.addButton(tr("Open on the Data as Read"), QMessageBox::RejectRole);
    box.setDefaultButton(readPeriod);
    box.exec();
    if (box.clickedButton() != readPeriod) return false;
    m_checkpointAfterReread = model.checkpointPath;
    statusBar()->showMessage(tr("Reading %1 as for the model's training (%2)…").arg(m_datasetPath, how));
    openDataset(m_datasetPath, options, /*confirm=*/false);
    return true;
}
