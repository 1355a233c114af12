#pragma once
// The Metrics dock's By hour tab: HimNet's test error in each hour of the day (by the targets'
// clock) beside the two baselines', over all days, weekdays or weekends, as MAE, RMSE or MAPE,
// of every sensor or of those selected on the map (then beside HimNet's over every sensor);
// the hours where a naive forecast does as well (by the figure shown) are shaded, hovering an
// hour gives its figures,
// and clicking it moves the forecast to that hour of the test period. Reads the metrics from the
// session; owns none.
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
    /// All sensors, the sensors selected.
    QComboBox* sensorsBox() const { return m_sensors; }
    /// Whether the hours shown are of the sensors selected: chosen so, with some selected.
    bool showsSelection() const;
    /// The 24 hours plotted, over the days chosen, of every sensor or of those selected;
    /// empty without metrics.
    std::vector<himnet::HourMetrics> hoursShown() const;
    /// The hours plotted as CSV (himnet::hourMetricsCsv).
    QString csvOfHoursShown() const;
    /// The line under the plot: in how many hours HimNet beats both, and where its error is highest.
    QString summary() const;
    /// What hovering hour `hour` (0 … 23) shows: its three forecasters' figures.
    QString toolTipOfHour(int hour) const;
    /// Moves the forecast origin to the next one in the test period (after the current one;
    /// after the last, the first again) whose first target is at `hour`:00 on the days chosen,
    /// and asks for its forecast. False, and nothing moved, when there is none.
    bool showForecastsAt(int hour);

Q_SIGNALS:
    /// The origin moved to `origin`: the main window asks the engine for its forecast.
    void forecastRequested(qint64 origin);

private:
    void redraw();
    /// summary() of `hours`, the rows hoursShown() gives (redraw has them at hand).
    QString summaryOf(const std::vector<himnet::HourMetrics>& hours) const;
    void showToolTipAt(QMouseEvent* event);
    /// The hour under `event` (0 … 23), or -1 outside the plot.
    int hourAt(QMouseEvent* event) const;

    StudioSession* m_session;
    QComboBox* m_days;
    QComboBox* m_figure;
    QComboBox* m_sensors;
    QCustomPlot* m_plot;
    QLabel* m_summary;
};
