#pragma once
// The Metrics dock: the test split's errors per horizon against the baselines, a caption that
// says what they measure (or why there are none), and their export as CSV or a workbook.
#include <QWidget>

namespace himnet {
struct EvaluationReport;
}
class MetricsTableModel;
class QLabel;
class StudioSession;

class MetricsPanel : public QWidget {
    Q_OBJECT
public:
    explicit MetricsPanel(StudioSession* session, QWidget* parent = nullptr);

    MetricsTableModel* model() const { return m_model; }
    void showReport(const himnet::EvaluationReport& report);
    /// No metrics: a dataset or a model was opened. `noTestPeriod` says why the model cannot
    /// be measured on these data (himnet::Forecaster::noTestPeriod); empty when it can.
    void clear(const QString& noTestPeriod = {});
    /// Asks where, and writes the metrics there (CSV, or a workbook for .xlsx), whole or not at all.
    void exportMetrics();

Q_SIGNALS:
    /// The metrics were written: a line for the status bar.
    void written(const QString& message);
    /// Nothing to export, or the file could not be written: the message names it.
    void failed(const QString& message);

private:
    void updateCaption();

    StudioSession* m_session;
    MetricsTableModel* m_model;
    QLabel* m_caption;
    QString m_noTestPeriod;
};
