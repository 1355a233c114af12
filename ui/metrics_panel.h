#pragma once
// The Metrics dock: the test split's errors against the baselines, by horizon, by sensor
// (sortable; rows and the map's selection follow each other) and by hour of the day, a caption that
// says what they measure (or why there are none), and their export as CSV or a workbook.
#include <QWidget>

namespace himnet {
struct EvaluationReport;
}
class HourlyErrorsView;
class MetricsTableModel;
class QLabel;
class QProgressBar;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class SensorMetricsModel;
class StudioSession;

class MetricsPanel : public QWidget {
    Q_OBJECT
public:
    explicit MetricsPanel(StudioSession* session, QWidget* parent = nullptr);

    MetricsTableModel* model() const { return m_model; }
    SensorMetricsModel* sensorModel() const { return m_sensorModel; }
    /// The sensors' table, sorted as the user sorts it.
    QTableView* sensorTable() const { return m_sensorTable; }
    /// The By hour tab.
    HourlyErrorsView* hourlyErrors() const { return m_hourlyErrors; }
    /// "By horizon", "By sensor" and "By hour".
    QTabWidget* tabs() const { return m_tabs; }
    void showReport(const himnet::EvaluationReport& report);
    /// No metrics: a dataset or a model was opened. `noTestPeriod` says why the model cannot
    /// be measured on these data (himnet::Forecaster::noTestPeriod); empty when it can.
    void clear(const QString& noTestPeriod = {});
    /// A model was opened and its metrics are being measured: the caption says so instead of
    /// "no model", and a bar shows how far it is (showMeasured), until showReport, clear or
    /// showNotMeasured.
    void startMeasuring();
    /// While measuring: `measured` of the test split's `windows`. Ignored otherwise (from an
    /// evaluation since dropped).
    void showMeasured(qint64 measured, qint64 windows);
    /// Not measured (it failed, or stopped): the caption says that there are no metrics, and
    /// `why` ("No metrics: " and a sentence).
    void showNotMeasured(const QString& why);
    bool isMeasuring() const { return m_measuring; }
    /// Asks where, and writes the metrics there, whole or not at all: as CSV the table shown
    /// (by horizon, by sensor, or the hours plotted), as a workbook (.xlsx) all of them.
    void exportMetrics();
    /// The CSV of the table shown.
    QString csvOfTableShown() const;

Q_SIGNALS:
    /// The metrics were written: a line for the status bar.
    void written(const QString& message);
    /// Nothing to export, or the file could not be written: the message names it.
    void failed(const QString& message);

private:
    /// A line of the caption on the forecast intervals' coverage; empty without intervals.
    static QString intervalCaption(const himnet::EvaluationReport& report);
    void updateCaption();
    /// No longer measuring: the bar goes, and so does the reason of a failed measuring.
    void endMeasuring();
    /// The sensors of the rows picked in the sensors' table become the session's selection.
    void selectPickedSensors();
    /// The session's selection (sensors picked on the map) picks their rows, the first in view.
    void pickSelectedSensors();

    StudioSession* m_session;
    MetricsTableModel* m_model;
    SensorMetricsModel* m_sensorModel;
    QSortFilterProxyModel* m_sortedSensors;
    QTableView* m_sensorTable;
    HourlyErrorsView* m_hourlyErrors;
    QTabWidget* m_tabs;
    QLabel* m_caption;
    QProgressBar* m_measuringBar; ///< shown while measuring, once the windows are counted
    QString m_noTestPeriod;
    bool m_measuring = false;
    QString m_notMeasured; ///< why the model opened has no metrics, when it was not measured
    bool m_syncingSelection = false; ///< while one side of the selection follows the other
};
