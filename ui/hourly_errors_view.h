#pragma once
// The Metrics dock's By hour tab: HimNet's test error in each hour of the day (by the targets'
// clock) beside the two baselines', over all days, weekdays or weekends, as MAE, RMSE or MAPE;
// the hours where a naive forecast does as well are shaded, and hovering an hour gives its
// figures. Reads the metrics from the session; owns none.
#include "himnet/evaluation.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class StudioSession;

class HourlyErrorsView : public QWidget {
    Q_OBJECT
public:
    enum Figure { Mae, Rmse, Mape };

    explicit HourlyErrorsView(StudioSession* session, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return m_plot; }
    /// All days, weekdays, weekends.
    QComboBox* daysBox() const { return m_days; }
    /// MAE, RMSE, MAPE.
    QComboBox* figureBox() const { return m_figure; }
    /// The 24 hours plotted, over the days chosen; empty without metrics.
    std::vector<himnet::HourMetrics> hoursShown() const;
    /// The hours plotted as CSV (himnet::hourMetricsCsv).
    QString csvOfHoursShown() const;
    /// The line under the plot: in how many hours HimNet beats both, and where its error is highest.
    QString summary() const;
    /// What hovering hour `hour` (0 … 23) shows: its three forecasters' figures.
    QString toolTipOfHour(int hour) const;

private:
    void redraw();
    void showToolTipAt(QMouseEvent* event);

    StudioSession* m_session;
    QComboBox* m_days;
    QComboBox* m_figure;
    QCustomPlot* m_plot;
    QLabel* m_summary;
};
