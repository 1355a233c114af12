#include "forecast_plot.h"
#include "number_format.h"
#include "plot_layout.h"
#include "studio_session.h"

#include "qcustomplot_include.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace {

// One style per kind of line, shared by the sensors' lines and the legend's key.
QPen observedPen(const QColor& colour) { return QPen(colour, 2); }
QPen actualPen(const QColor& colour) { return QPen(colour.lighter(140), 1.5, Qt::DotLine); }
QPen forecastPen(const QColor& colour) { return QPen(colour.darker(130), 2, Qt::DashLine); }
QCPScatterStyle forecastMarker() { return QCPScatterStyle(QCPScatterStyle::ssCircle, 4); }
QBrush intervalBrush(const QColor& colour)
{
    QColor fill = colour.lighter(120);
    fill.setAlpha(45);
    return QBrush(fill);
}

} // namespace

ForecastPlot::ForecastPlot(StudioSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_plot(new QCustomPlot(this)), m_slider(new QSlider(Qt::Horizontal, this)),
      m_horizon(new QComboBox(this)), m_band(new QComboBox(this)), m_time(new QLabel(this))
{
    setObjectName(QStringLiteral("forecastPlot"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Forecast from"), this));
    controls->addWidget(m_slider, 1);
    controls->addWidget(m_time);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Map horizon"), this));
    controls->addWidget(m_horizon);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Band"), this));
    controls->addWidget(m_band);
    m_band->setObjectName(QStringLiteral("bandBox"));
    for (double level : himnet::bandLevels()) bandItemOf(level);
    m_band->setCurrentIndex(bandItemOf(m_session->intervalLevel()));
    m_band->setToolTip(tr("The forecast interval's level: the share of the validation period's targets the band is sized to "
                          "hold. A level not measured before measures the model again (the Metrics tab says how often the band "
                          "held on the test period)."));
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);
    m_time->setMinimumWidth(150);

    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("ddd HH:mm"));
    ticker->setDateTimeSpec(Qt::UTC);
    m_plot->xAxis->setTicker(ticker);
    m_plot->yAxis->setLabel(tr("value"));
    m_plot->legend->setFont(QFont(font().family(), 8));
    placeLegendBesidePlot(m_plot);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMinimumHeight(180);

    connect(m_plot, &QCustomPlot::mouseMove, this, &ForecastPlot::showToolTipAt);
    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        m_session->setOrigin(value);
        Q_EMIT forecastRequested(value);
    });
    connect(m_band, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        if (index >= 0) m_session->setIntervalLevel(m_band->itemData(index).toDouble());
    });
    connect(session, &StudioSession::intervalLevelChanged, this, [this](double level) {
        const QSignalBlocker block(m_band);
        m_band->setCurrentIndex(bandItemOf(level));
    });
    connect(m_horizon, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        if (index >= 0) m_session->setHorizon(index + 1);
    });
    connect(session, &StudioSession::datasetChanged, this, [this] {
        m_plot->yAxis->setLabel(m_session->valueLabel());
        updateSliderRange();
        updateHorizons();
        refill();
    });
    connect(session, &StudioSession::modelChanged, this, [this] {
        updateSliderRange();
        refill();
    });
    connect(session, &StudioSession::selectionChanged, this, &ForecastPlot::refill);
    connect(session, &StudioSession::forecastChanged, this, &ForecastPlot::refill);
    connect(session, &StudioSession::metricsChanged, this, &ForecastPlot::refill); // the intervals come with them
    connect(session, &StudioSession::originChanged, this, [this](qint64 origin) {
        if (m_slider->value() != origin) {
            const QSignalBlocker block(m_slider);
            m_slider->setValue(static_cast<int>(origin));
        }
        refill();
    });
    updateSliderRange();
    updateHorizons();
    refill();
}

const himnet::ForecastIntervals* ForecastPlot::intervalsFor(const himnet::Forecast& forecast) const
{
    if (!m_session->hasMetrics()) return nullptr;
    const himnet::ForecastIntervals& intervals = m_session->metrics().intervals;
    const bool fits = !intervals.empty() && intervals.sensors == forecast.sensors && intervals.horizon >= forecast.horizon;
    return fits ? &intervals : nullptr;
}

int ForecastPlot::bandItemOf(double level)
{
    if (const int found = m_band->findData(level); found >= 0) return found;
    m_band->addItem(tr("%1 %").arg(levelText(level)), level);
    return m_band->count() - 1;
}

double ForecastPlot::intervalLevelOf(const himnet::Forecast& forecast) const
{
    if (forecast.hasInterval()) return forecast.intervalLevel;
    const himnet::ForecastIntervals* intervals = intervalsFor(forecast);
    return intervals ? intervals->level : 0.0;
}

double ForecastPlot::halfWidthOf(const himnet::Forecast& forecast, int q, int n) const
{
    if (forecast.hasInterval()) return static_cast<double>(forecast.upperValue(q, n)) - forecast.value(q, n);
    const himnet::ForecastIntervals* intervals = intervalsFor(forecast);
    return intervals ? intervals->halfWidthAt(q, n, forecast.timestamps[static_cast<size_t>(q)]) : 0.0;
}

QString ForecastPlot::toolTipOfStep(int q) const
{
    if (!m_session->hasDataset() || !m_session->hasForecast() || m_session->forecast().lastObserved != m_session->origin()) return {};
    const himnet::Forecast& f = m_session->forecast();
    if (q < 0 || q >= f.horizon) return {};
    const double level = intervalLevelOf(f);
    const QString unit = m_session->unitSuffix();
    const auto number = [](double value) { return QString::number(value, 'f', 1); };
    QString text = tr("%1 UTC, %2 min ahead")
                       .arg(QString::fromStdString(himnet::formatTimestamp(f.timestamps[static_cast<size_t>(q)])).left(16))
                       .arg(m_session->horizonMinutes(q + 1));
    for (int n : m_plotted) {
        const double value = f.value(q, n);
        text += QLatin1Char('\n') + tr("%1: forecast %2%3").arg(QString::fromStdString(f.sensorIds[static_cast<size_t>(n)]), number(value), unit);
        if (level > 0) {
            const double w = halfWidthOf(f, q, n);
            text += tr(" (%1 %: %2 – %3)").arg(levelText(level)).arg(number(value - w), number(value + w));
        }
        const float actual = f.actualValue(q, n);
        text += std::isnan(actual) ? tr(", actual unknown") : tr(", actual %1").arg(number(actual));
    }
    return text;
}

void ForecastPlot::showToolTipAt(QMouseEvent* event)
{
    QString text;
    if (m_session->hasForecast() && m_plot->axisRect()->rect().contains(event->position().toPoint())) {
        const himnet::Forecast& f = m_session->forecast();
        const double key = m_plot->xAxis->pixelToCoord(event->position().x());
        const double step = static_cast<double>(m_session->data().intervalSeconds);
        for (int q = 0; q < f.horizon && text.isEmpty(); ++q)
            if (std::abs(key - static_cast<double>(f.timestamps[static_cast<size_t>(q)])) <= step / 2) text = toolTipOfStep(q);
    }
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

void ForecastPlot::addLineStyleKey(bool withForecast, double intervalLevel)
{
    // Legend entries only: graphs without data draw nothing.
    const QColor neutral(90, 90, 90);
    const auto addKey = [this](const QString& name, const QPen& pen, const QCPScatterStyle& marker = QCPScatterStyle()) {
        QCPGraph* key = m_plot->addGraph();
        key->setName(name);
        key->setPen(pen);
        key->setScatterStyle(marker);
    };
    addKey(tr("observed"), observedPen(neutral));
    addKey(tr("actual"), actualPen(neutral));
    if (withForecast) addKey(tr("forecast"), forecastPen(neutral), forecastMarker());
    if (withForecast && intervalLevel > 0) {
        QCPGraph* key = m_plot->addGraph();
        key->setName(tr("%1 % interval").arg(levelText(intervalLevel)));
        key->setPen(Qt::NoPen);
        key->setBrush(intervalBrush(neutral));
    }
}

void ForecastPlot::updateHorizons()
{
    const QSignalBlocker block(m_horizon);
    m_horizon->clear();
    for (int step = 1; step <= 12; ++step) m_horizon->addItem(tr("%1 min").arg(m_session->horizonMinutes(step)));
    m_horizon->setCurrentIndex(m_session->horizon() - 1);
}

void ForecastPlot::updateSliderRange()
{
    const QSignalBlocker block(m_slider);
    if (!m_session->hasDataset()) {
        m_slider->setEnabled(false);
        return;
    }
    // With a model the slider walks the test period; without one, the whole series.
    const qint64 last = m_session->data().numSteps - 1;
    const qint64 first = std::min(m_session->hasModel() ? m_session->model().firstTestOrigin : m_session->firstOrigin(), last);
    m_slider->setRange(static_cast<int>(first), static_cast<int>(last));
    m_slider->setValue(static_cast<int>(std::clamp(m_session->origin(), first, last)));
    m_slider->setEnabled(first < last);
}

void ForecastPlot::refill()
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_plotted.clear();
    if (!m_session->hasDataset()) {
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const auto& d = m_session->data();
    const qint64 origin = m_session->origin();
    m_time->setText(QString::fromStdString(himnet::formatTimestamp(d.timestamps[static_cast<size_t>(origin)])) + " UTC");
    m_plotted = m_session->selection().mid(0, kMaxSensors);
    const bool forecastHere = m_session->hasForecast() && m_session->forecast().lastObserved == origin;
    const double intervalLevel = forecastHere ? intervalLevelOf(m_session->forecast()) : 0.0;
    double lo = 1e300, hi = -1e300;
    for (int k = 0; k < m_plotted.size(); ++k) {
        const int n = m_plotted[k];
        const QColor colour = StudioSession::categoryColour(k);
        const QString id = QString::fromStdString(d.sensorIds[static_cast<size_t>(n)]);
        QCPGraph* history = m_plot->addGraph();
        history->setName(id); // the legend keys sensors by colour and the lines by style
        history->setPen(observedPen(colour));
        QCPGraph* future = m_plot->addGraph();
        future->setPen(actualPen(colour));
        future->removeFromLegend();
        const qint64 end = std::min<qint64>(d.numSteps - 1, origin + 12);
        for (qint64 t = std::max<qint64>(0, origin - kHistorySteps); t <= end; ++t) {
            // A missing reading is a gap in the line (NaN), not a straight line across the outage.
            const bool missing = d.isMissing(t, n);
            const double v = missing ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(d.value(t, n));
            (t <= origin ? history : future)->addData(static_cast<double>(d.timestamps[static_cast<size_t>(t)]), v);
            if (t == origin) future->addData(static_cast<double>(d.timestamps[static_cast<size_t>(t)]), v);
            if (missing) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        if (forecastHere && intervalLevel > 0) {
            // Beneath the forecast's line: the band the validation period's errors stayed within.
            const himnet::Forecast& f = m_session->forecast();
            QCPGraph* lower = m_plot->addGraph();
            lower->setPen(Qt::NoPen);
            lower->removeFromLegend();
            QCPGraph* upper = m_plot->addGraph();
            upper->setObjectName(QStringLiteral("forecastInterval"));
            upper->setPen(Qt::NoPen);
            upper->setBrush(intervalBrush(colour));
            upper->setChannelFillGraph(lower);
            upper->removeFromLegend();
            for (int q = 0; q < f.horizon; ++q) {
                const double x = static_cast<double>(f.timestamps[static_cast<size_t>(q)]), v = f.value(q, n);
                const double w = halfWidthOf(f, q, n);
                lower->addData(x, v - w);
                upper->addData(x, v + w);
                lo = std::min(lo, v - w);
                hi = std::max(hi, v + w);
            }
        }
        if (forecastHere) {
            const himnet::Forecast& f = m_session->forecast();
            QCPGraph* predicted = m_plot->addGraph();
            predicted->setPen(forecastPen(colour));
            predicted->setScatterStyle(forecastMarker());
            predicted->removeFromLegend();
            if (!d.isMissing(origin, n)) predicted->addData(static_cast<double>(d.timestamps[static_cast<size_t>(origin)]), d.value(origin, n));
            for (int q = 0; q < f.horizon; ++q) {
                predicted->addData(static_cast<double>(f.timestamps[static_cast<size_t>(q)]), f.value(q, n));
                lo = std::min(lo, static_cast<double>(f.value(q, n)));
                hi = std::max(hi, static_cast<double>(f.value(q, n)));
            }
        }
    }
    if (!m_plotted.isEmpty()) addLineStyleKey(forecastHere, intervalLevel);
    if (d.numSteps < StudioSession::kInputSteps) { // a few readings: shown, but nothing to forecast from
        auto* tooShort = new QCPItemText(m_plot);
        tooShort->setObjectName(QStringLiteral("tooShortToForecast"));
        tooShort->position->setType(QCPItemPosition::ptAxisRectRatio);
        tooShort->position->setCoords(0.5, 0.1);
        tooShort->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
        tooShort->setText(tr("No forecast: one reads the %1 steps before it, and these data have %2")
                              .arg(StudioSession::kInputSteps)
                              .arg(d.numSteps));
    }
    auto* now = new QCPItemStraightLine(m_plot);
    const double x = static_cast<double>(d.timestamps[static_cast<size_t>(origin)]);
    now->point1->setCoords(x, 0);
    now->point2->setCoords(x, 1);
    now->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashDotLine));
    // The hours before the origin, but not before the data begin (the latest hours of a feed).
    const double from = std::max(x - kHistorySteps * static_cast<double>(d.intervalSeconds), static_cast<double>(d.timestamps.front()));
    m_plot->xAxis->setRange(from, x + 13 * static_cast<double>(d.intervalSeconds));
    if (lo <= hi) m_plot->yAxis->setRange(lo - 0.08 * (hi - lo + 1), hi + 0.08 * (hi - lo + 1));
    m_plot->legend->setVisible(!m_plotted.isEmpty());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}
