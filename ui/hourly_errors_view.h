#pragma once
// The Metrics dock's By hour tab: HimNet's test error in each hour of the day (by the targets'
// clock) beside the two baselines', over all days, weekdays or weekends, as MAE, RMSE or MAPE,
// of every sensor or of those selected on the map (then beside HimNet's over every sensor);
// the hours where a naive forecast does as well (by the figure shown) are shaded. Or, as the
// figure "90 % interval held", how often HimNet's forecast intervals held in each hour, beside
// their level, the hours where they fell short shaded. Hovering an hour gives its figures, and
// clicking it moves the forecast to that hour of the test period. Reads the metrics from the
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
    /// IntervalHeld: the share of targets inside HimNet's forecast interval, per cent.
    enum Figure { Mae, Rmse, Mape, IntervalHeld };

    explicit HourlyErrorsView(StudioSession* session, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return m_plot; }
    /// All days, weekdays, weekends.
    QComboBox* daysBox() const { return m_days; }
    /// MAE, RMSE, MAPE, the intervals' share held.
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
    /// The line under the plot: in how many hours HimNet beats both, and where its error is
    /// highest; or, of the intervals, in how many hours they held and where least.
    QString summary() const;
    /// What hovering hour `hour` (0 … 23) shows: its three forecasters' figures, or its intervals'.
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
    /// The same of the intervals' share held.
    QString intervalSummaryOf(const std::vector<himnet::HourMetrics>& hours) const;
    /// "Every sensor: ", "Sensor 717446: ", "The 3 sensors selected: ": whose hours are shown.
    QString whoseHours() const;
    /// The level of the metrics' intervals (0.9); 0 without.
    double intervalLevel() const;
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
