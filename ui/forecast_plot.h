#pragma once
// History, actual future and the forecast for all horizons of the selected sensors
// (QCustomPlot), with a slider that moves the forecast origin through the data and a
// horizon selector in minutes. Around the forecast, its interval (the metrics'), when measured,
// of the level the Band choice asks for.
#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QSlider;
class StudioSession;
namespace himnet {
struct Forecast;
struct ForecastIntervals;
} // namespace himnet

class ForecastPlot : public QWidget {
    Q_OBJECT
public:
    explicit ForecastPlot(StudioSession* session, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return m_plot; }
    QSlider* originSlider() const { return m_slider; }
    QComboBox* horizonBox() const { return m_horizon; }
    /// The intervals' level: 80, 90, 95 or 99 % (StudioSession::setIntervalLevel).
    QComboBox* bandBox() const { return m_band; }
    /// Sensors currently drawn (at most kMaxSensors of the selection).
    const QList<int>& plottedSensors() const { return m_plotted; }
    static constexpr int kMaxSensors = 4;
    static constexpr int kHistorySteps = 36;

    /// What the tooltip says at the forecast's step `q` (0-based): its time and, for each
    /// sensor plotted, the forecast, its interval when measured, and the actual value; empty
    /// without a forecast from the origin shown.
    QString toolTipOfStep(int q) const;

Q_SIGNALS:
    /// The user moved the origin; the main window asks the engine for a forecast.
    void forecastRequested(qint64 origin);

private:
    void refill();
    /// The tooltip of the forecast step nearest the mouse, within half a step of it.
    void showToolTipAt(QMouseEvent* event);
    /// Legend entries for the three line styles (observed, actual, forecast) and the
    /// forecast's interval, drawn once in grey: the sensors' own entries name them by colour.
    void addLineStyleKey(bool withForecast, double intervalLevel);
    /// The metrics' forecast intervals when they are of `forecast`'s sensors and steps.
    const himnet::ForecastIntervals* intervalsFor(const himnet::Forecast& forecast) const;
    /// The Band box's item of `level`, added when it is not one of the box's own (a level
    /// remembered in the settings, say).
    int bandItemOf(double level);
    /// The level of `forecast`'s interval and its half-width at step q, sensor n: its own
    /// bounds' (a model whose checkpoint keeps its intervals, on data that cannot measure them),
    /// else the metrics'; level 0 without one.
    double intervalLevelOf(const himnet::Forecast& forecast) const;
    double halfWidthOf(const himnet::Forecast& forecast, int q, int n) const;
    void updateSliderRange();
    void updateHorizons();

    StudioSession* m_session;
    QCustomPlot* m_plot;
    QSlider* m_slider;
    QComboBox* m_horizon;
    QComboBox* m_band;
    QLabel* m_time;
    QList<int> m_plotted;
};
