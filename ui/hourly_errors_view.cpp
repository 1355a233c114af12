#include "hourly_errors_view.h"
#include "number_format.h"

#include "plot_layout.h"
#include "qcustomplot_include.h"
#include "studio_session.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

const himnet::ErrorMetrics& ofForecaster(const himnet::HourMetrics& hour, int forecaster)
{
    return forecaster == 0 ? hour.model : forecaster == 1 ? hour.lastValue : hour.historicalAverage;
}

double figureOf(const himnet::ErrorMetrics& m, HourlyErrorsView::Figure figure)
{
    return figure == HourlyErrorsView::Mae ? m.mae : figure == HourlyErrorsView::Rmse ? m.rmse : m.mape;
}

/// Whether HimNet's `figure` in the hour is below both baselines' (never, without targets):
/// what the plot shades and the summary counts follow the figure plotted.
bool beatsBothOn(const himnet::HourMetrics& h, HourlyErrorsView::Figure figure)
{
    return h.targets > 0
        && figureOf(h.model, figure) < std::min(figureOf(h.lastValue, figure), figureOf(h.historicalAverage, figure));
}

/// What the plot shows of `forecaster` (0 HimNet, 1 the last value, 2 the historical average)
/// in the hour: NaN, a gap, without targets, and for the baselines, which have no intervals,
/// when the intervals' share held is plotted.
double plotted(const himnet::HourMetrics& h, int forecaster, HourlyErrorsView::Figure figure)
{
    if (figure == HourlyErrorsView::IntervalHeld)
        return forecaster == 0 && h.interval.targets > 0 ? 100 * h.interval.covered : std::nan("");
    return h.targets > 0 ? figureOf(ofForecaster(h, forecaster), figure) : std::nan("");
}

QString hourText(int hour) { return QStringLiteral("%1:00").arg(hour, 2, 10, QLatin1Char('0')); }

} // namespace

HourlyErrorsView::HourlyErrorsView(StudioSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_days(new QComboBox(this)), m_figure(new QComboBox(this)), m_sensors(new QComboBox(this)),
      m_plot(new QCustomPlot(this)),
      m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("hourlyErrors"));
    m_days->setObjectName(QStringLiteral("hourlyErrorsDays"));
    m_days->addItem(tr("All days"), int(himnet::DaysOfWeek::All));
    m_days->addItem(tr("Weekdays"), int(himnet::DaysOfWeek::Weekdays));
    m_days->addItem(tr("Weekends"), int(himnet::DaysOfWeek::Weekends));
    m_days->setToolTip(tr("The test targets of which days each hour's errors are taken over (weekends: Saturday and Sunday)"));
    m_figure->setObjectName(QStringLiteral("hourlyErrorsFigure"));
    m_figure->addItems({tr("MAE"), tr("RMSE"), tr("MAPE"), QString()}); // the last named in redraw(), with its level
    m_figure->setToolTip(tr("HimNet's and the baselines' errors, or how often the true values fell inside HimNet's forecast "
                            "interval (the band around the forecast)"));
    m_sensors->setObjectName(QStringLiteral("hourlyErrorsSensors"));
    m_sensors->addItems({tr("All sensors"), tr("Sensors selected")});
    m_sensors->setToolTip(tr("Every sensor's errors, or those of the sensors selected on the map (or in the By sensor table), "
                             "beside HimNet's over every sensor"));
    m_plot->setObjectName(QStringLiteral("hourlyErrorsPlot"));
    m_plot->setMinimumHeight(180);
    m_plot->xAxis->setLabel(tr("hour of day (of the forecast targets)"));
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(3);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    m_plot->xAxis->setTicker(ticker);
    m_plot->legend->setFont(QFont(font().family(), 8));
    placeLegendBesidePlot(m_plot);
    // HimNet, the last value, the historical average; with sensors selected, HimNet over all;
    // and the intervals' level, when their share held is plotted.
    const QPen pens[] = {QPen(QColor(0x1f, 0x77, 0xb4), 2.4), QPen(QColor(110, 110, 110), 1.5, Qt::DashLine),
                         QPen(QColor(0xe6, 0x8a, 0x00), 1.5, Qt::DotLine), QPen(QColor(0x1f, 0x77, 0xb4, 110), 1.2),
                         QPen(QColor(60, 60, 60), 1.2, Qt::DashDotLine)};
    const QString names[] = {tr("HimNet"), tr("last value"), tr("historical average"), tr("HimNet, all sensors"), tr("level")};
    for (int forecaster = 0; forecaster < 5; ++forecaster) {
        QCPGraph* g = m_plot->addGraph();
        g->setName(names[forecaster]);
        g->setPen(pens[forecaster]);
        g->setLineStyle(QCPGraph::lsStepLeft); // each hour's figure holds from hh:00 to hh:59
    }
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &HourlyErrorsView::showToolTipAt);
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        if (const int hour = hourAt(event); hour >= 0) showForecastsAt(hour);
    });
    m_summary->setObjectName(QStringLiteral("hourlyErrorsSummary"));
    m_summary->setWordWrap(true);

    auto* choices = new QHBoxLayout;
    choices->addWidget(m_days);
    choices->addWidget(m_figure);
    choices->addWidget(m_sensors);
    choices->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(choices);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_summary);
    for (QComboBox* box : {m_days, m_figure, m_sensors}) connect(box, &QComboBox::currentIndexChanged, this, &HourlyErrorsView::redraw);
    for (auto signal : {&StudioSession::metricsChanged, &StudioSession::modelChanged, &StudioSession::datasetChanged,
                        &StudioSession::selectionChanged})
        connect(session, signal, this, &HourlyErrorsView::redraw);
    connect(session, &StudioSession::intervalLevelChanged, this, &HourlyErrorsView::redraw);
    redraw();
}

bool HourlyErrorsView::showsSelection() const { return m_sensors->currentIndex() == 1 && !m_session->selection().isEmpty(); }

std::vector<himnet::HourMetrics> HourlyErrorsView::hoursShown() const
{
    if (!m_session->hasMetrics()) return {};
    const auto days = static_cast<himnet::DaysOfWeek>(m_days->currentData().toInt());
    const QList<int> selected = m_session->selection();
    if (!showsSelection()) return himnet::errorsByHour(m_session->metrics(), days);
    return himnet::errorsByHour(m_session->metrics(), days, std::vector<int64_t>(selected.begin(), selected.end()));
}

QString HourlyErrorsView::csvOfHoursShown() const
{
    return m_session->hasMetrics()
        ? QString::fromStdString(himnet::hourMetricsCsv(hoursShown(), m_session->metrics().unit, intervalLevel()))
        : QString();
}

double HourlyErrorsView::intervalLevel() const { return m_session->hasMetrics() ? m_session->metrics().intervals.level : 0.0; }

QString HourlyErrorsView::whoseHours() const
{
    const int selected = showsSelection() ? static_cast<int>(m_session->selection().size()) : 0;
    return selected == 0 ? (m_sensors->currentIndex() == 1 ? tr("No sensor selected; every sensor: ") : tr("Every sensor: "))
        : selected == 1
        ? tr("Sensor %1: ").arg(QString::fromStdString(m_session->data().sensorIds.at(static_cast<size_t>(m_session->selection().front()))))
        : tr("The %1 sensors selected: ").arg(selected);
}

QString HourlyErrorsView::summary() const { return summaryOf(hoursShown()); }

QString HourlyErrorsView::summaryOf(const std::vector<himnet::HourMetrics>& hours) const
{
    if (himnet::hoursMeasured(hours) == 0)
        return !m_session->hasMetrics()            ? tr("No metrics yet: train or open a model.")
            : !showsSelection()                ? tr("No test targets on these days.")
                                               : tr("No test targets at the sensors selected on these days.");
    const auto figure = static_cast<Figure>(m_figure->currentIndex());
    if (figure == IntervalHeld) return intervalSummaryOf(hours);
    const auto worst = std::max_element(hours.begin(), hours.end(), [figure](const himnet::HourMetrics& a, const himnet::HourMetrics& b) {
        return figureOf(a.model, figure) < figureOf(b.model, figure); // an hour without targets has 0
    });
    const auto won = std::count_if(hours.begin(), hours.end(), [figure](const himnet::HourMetrics& h) { return beatsBothOn(h, figure); });
    const QString unit = figure == Mape ? QStringLiteral("%") : QString::fromStdString(m_session->metrics().unit);
    return whoseHours()
        + tr("HimNet's %1 is below both baselines' in %2 of %3 hours (shaded: the others, where a naive forecast does as well); "
              "highest at %4 (%5%6).")
        .arg(m_figure->currentText())
        .arg(won)
        .arg(himnet::hoursMeasured(hours))
        .arg(hourText(worst->hour))
        .arg(figureOf(worst->model, figure), 0, 'f', 2)
        .arg(unit.isEmpty() ? QString() : QLatin1Char(' ') + unit);
}

QString HourlyErrorsView::intervalSummaryOf(const std::vector<himnet::HourMetrics>& hours) const
{
    const himnet::ForecastIntervals& intervals = m_session->metrics().intervals;
    if (intervals.empty())
        return intervals.missing.empty() ? tr("These metrics have no forecast intervals.")
                                         : tr("No forecast intervals: %1.").arg(QString::fromStdString(intervals.missing));
    const double level = intervals.level;
    double targets = 0, covered = 0;
    int measured = 0, held = 0, least = -1;
    for (const himnet::HourMetrics& h : hours) {
        if (h.interval.targets == 0) continue;
        targets += static_cast<double>(h.interval.targets);
        covered += h.interval.covered * static_cast<double>(h.interval.targets);
        ++measured;
        if (!StudioSession::heldShort(h.interval, level)) ++held;
        if (least < 0 || h.interval.covered < hours[static_cast<size_t>(least)].interval.covered) least = h.hour;
    }
    if (measured == 0) return whoseHours() + tr("no test targets on these days.");
    return whoseHours()
        + tr("the %1 % interval held %2 % of the targets, and %3 % or more in %4 of %5 hours (shaded: the others, where the band "
             "reads narrower than it should); least at %6 (%7 %).")
              .arg(levelText(level))
              .arg(100 * covered / targets, 0, 'f', 1)
              .arg(levelText(level - StudioSession::kIntervalShortfall))
              .arg(held)
              .arg(measured)
              .arg(hourText(least))
              .arg(100 * hours[static_cast<size_t>(least)].interval.covered, 0, 'f', 1);
}

QString HourlyErrorsView::toolTipOfHour(int hour) const
{
    const std::vector<himnet::HourMetrics> hours = hoursShown();
    if (hour < 0 || hour >= static_cast<int>(hours.size())) return {};
    const himnet::HourMetrics& h = hours[static_cast<size_t>(hour)];
    if (h.targets == 0) return tr("%1–%2: no test targets").arg(hourText(hour), hourText((hour + 1) % 24));
    const auto figure = static_cast<Figure>(m_figure->currentIndex());
    if (figure == IntervalHeld) {
        if (h.interval.targets == 0) return tr("%1–%2: no forecast intervals").arg(hourText(hour), hourText((hour + 1) % 24));
        const QString unit = m_session->metrics().unit.empty() ? QString() : QLatin1Char(' ') + QString::fromStdString(m_session->metrics().unit);
        return tr("%1–%2, %3 targets\n%4 % interval held %5 % (± %6%7 on average)\nClick: the forecasts at this hour")
            .arg(hourText(hour), hourText((hour + 1) % 24))
            .arg(h.interval.targets)
            .arg(levelText(intervalLevel()))
            .arg(100 * h.interval.covered, 0, 'f', 1)
            .arg(h.interval.meanHalfWidth, 0, 'f', 2)
            .arg(unit);
    }
    const QString unit = figure == Mape ? QStringLiteral(" %") : m_session->metrics().unit.empty()
        ? QString()
        : QLatin1Char(' ') + QString::fromStdString(m_session->metrics().unit);
    return tr("%1–%2, %3 targets\n%4 of HimNet: %5%8\nlast value: %6%8\nhistorical average: %7%8\nClick: the forecasts at this hour")
        .arg(hourText(hour), hourText((hour + 1) % 24))
        .arg(h.targets)
        .arg(m_figure->currentText())
        .arg(figureOf(h.model, figure), 0, 'f', 2)
        .arg(figureOf(h.lastValue, figure), 0, 'f', 2)
        .arg(figureOf(h.historicalAverage, figure), 0, 'f', 2)
        .arg(unit);
}

bool HourlyErrorsView::showForecastsAt(int hour)
{
    if (!m_session->hasModel() || !m_session->hasDataset() || hour < 0 || hour > 23) return false;
    const himnet::Dataset& d = m_session->data();
    const auto days = static_cast<himnet::DaysOfWeek>(m_days->currentData().toInt());
    const qint64 first = m_session->model().firstTestOrigin, last = d.numSteps - 2; // the last origin with a target
    const auto firstTargetFits = [&](qint64 origin) {
        const QDateTime target = QDateTime::fromSecsSinceEpoch(d.timestamps[static_cast<size_t>(origin + 1)], Qt::UTC);
        return target.time().hour() == hour && target.time().minute() * 60 + target.time().second() < d.intervalSeconds
            && himnet::daysInclude(days, target.date().dayOfWeek() - 1); // Qt's Monday is 1
    };
    for (qint64 span = last - first + 1, k = 1; k <= span; ++k) {
        const qint64 origin = first + (std::clamp(m_session->origin(), first, last) - first + k) % span;
        if (!firstTargetFits(origin)) continue;
        m_session->setOrigin(origin);
        Q_EMIT forecastRequested(origin);
        return true;
    }
    return false;
}

int HourlyErrorsView::hourAt(QMouseEvent* event) const
{
    if (!m_plot->axisRect()->rect().contains(event->position().toPoint())) return -1;
    return std::clamp(static_cast<int>(std::floor(m_plot->xAxis->pixelToCoord(event->position().x()))), 0, 23);
}

void HourlyErrorsView::showToolTipAt(QMouseEvent* event)
{
    const int hour = hourAt(event);
    const QString text = hour >= 0 ? toolTipOfHour(hour) : QString();
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

void HourlyErrorsView::redraw()
{
    m_figure->setItemText(IntervalHeld, tr("%1 % interval held").arg(levelText(m_session->measuredIntervalLevel())));
    const std::vector<himnet::HourMetrics> hours = hoursShown();
    const auto figure = static_cast<Figure>(m_figure->currentIndex());
    const bool selection = m_session->hasMetrics() && showsSelection();
    const std::vector<himnet::HourMetrics> everySensor =
        selection ? himnet::errorsByHour(m_session->metrics(), static_cast<himnet::DaysOfWeek>(m_days->currentData().toInt()))
                  : std::vector<himnet::HourMetrics>();
    m_plot->clearItems();
    const bool intervals = figure == IntervalHeld;
    const double level = intervalLevel();
    const auto plot = [&](QCPGraph* graph, const std::vector<himnet::HourMetrics>& rows, int forecaster) {
        QVector<double> x, y;
        for (const himnet::HourMetrics& h : rows) {
            x << h.hour;
            y << (intervals && level <= 0 ? std::nan("") : plotted(h, forecaster, figure));
        }
        if (!rows.empty()) { // the last hour's step reaches 24:00
            x << 24;
            y << y.last();
        }
        graph->setData(x, y, true);
    };
    for (int forecaster = 0; forecaster < 3; ++forecaster) plot(m_plot->graph(forecaster), hours, forecaster);
    m_plot->graph(0)->setName(selection ? tr("HimNet, selected") : tr("HimNet"));
    plot(m_plot->graph(3), everySensor, 0);
    QCPGraph* levelLine = m_plot->graph(4);
    levelLine->setName(tr("level (%1 %)").arg(levelText(level)));
    if (intervals && level > 0) levelLine->setData(QVector<double>{0, 24}, QVector<double>{100 * level, 100 * level}, true);
    else levelLine->data()->clear();
    const auto showInLegend = [](QCPGraph* graph, bool shown) { shown ? graph->addToLegend() : graph->removeFromLegend(); };
    showInLegend(m_plot->graph(1), !intervals); // the baselines have no intervals
    showInLegend(m_plot->graph(2), !intervals);
    showInLegend(m_plot->graph(3), selection);
    showInLegend(levelLine, intervals && level > 0);
    for (const himnet::HourMetrics& h : hours) {
        if (intervals ? !StudioSession::heldShort(h.interval, level) : h.targets == 0 || beatsBothOn(h, figure)) continue;
        auto* shade = new QCPItemRect(m_plot);
        shade->setLayer(QStringLiteral("background"));
        shade->setPen(Qt::NoPen);
        shade->setBrush(QColor(214, 39, 40, 38));
        shade->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
        shade->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        shade->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
        shade->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        shade->topLeft->setCoords(h.hour, 0);
        shade->bottomRight->setCoords(h.hour + 1, 1);
    }
    const QString unit = m_session->hasMetrics() ? QString::fromStdString(m_session->metrics().unit) : QString();
    m_plot->yAxis->setLabel(intervals       ? tr("targets inside (%)") // the figure box and the legend name the interval
                            : figure == Mape ? tr("MAPE (%)")
                            : unit.isEmpty() ? m_figure->currentText()
                                             : tr("%1 (%2)").arg(m_figure->currentText(), unit));
    m_plot->rescaleAxes();
    m_plot->xAxis->setRange(0, 24);
    if (intervals) // from a little below the lowest share to all of them
        m_plot->yAxis->setRange(std::max(0.0, std::floor(std::min(m_plot->yAxis->range().lower, 100 * level) / 5) * 5 - 5), 101);
    else if (!hours.empty())
        m_plot->yAxis->setRange(0, m_plot->yAxis->range().upper * 1.08); // room above the highest step
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    m_summary->setText(summaryOf(hours));
}
