#include "studio_session.h"

#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <limits>
#include <vector>

StudioSession::StudioSession(QObject* parent) : QObject(parent) {}

QString StudioSession::valueLabel() const
{
    return hasDataset() ? QString::fromStdString(data().valueLabel()) : tr("value");
}

QString StudioSession::quantityName() const
{
    return hasDataset() ? QString::fromStdString(data().quantityName()) : tr("value");
}

QString StudioSession::fileNameStem() const
{
    return fileNameStemOf(hasDataset() ? QString::fromStdString(data().name) : QString());
}

QString StudioSession::fileNameStemOf(QString name)
{
    static const QRegularExpression unsafe(QStringLiteral("[\\\\/:*?\"<>|\\x00-\\x1f\\x7f]"));
    static const QRegularExpression ends(QStringLiteral("^[. ]+|[. ]+$"));
    name.replace(unsafe, QStringLiteral("-")).remove(ends);
    return name.isEmpty() ? QStringLiteral("himnet") : name;
}

QString StudioSession::unitSuffix() const
{
    return hasDataset() && !data().unit.empty() ? QLatin1Char(' ') + QString::fromStdString(data().unit) : QString();
}

QString StudioSession::unitInBrackets() const
{
    return hasDataset() && !data().unit.empty() ? QStringLiteral(" (%1)").arg(QString::fromStdString(data().unit)) : QString();
}

void StudioSession::setDataset(const LoadedDataset& dataset)
{
    m_dataset = dataset;
    m_model.reset();
    m_forecast.reset();
    m_metrics.reset();
    m_baselines.reset();
    m_selection.clear();
    m_clusters.clear();
    m_clusterCount = 0;
    m_origin = std::max<qint64>(firstOrigin(), data().numSteps * 8 / 10);
    if (m_colourMode != ColourMode::Zone || !data().hasZones()) m_colourMode = ColourMode::Observed;
    Q_EMIT clustersChanged();
    if (m_graphMode == GraphMode::Learned) m_graphMode = GraphMode::Road;
    Q_EMIT datasetChanged();
    Q_EMIT selectionChanged();
    Q_EMIT originChanged(m_origin);
}

const himnet::BaselineErrors* StudioSession::baselinesOf(const QString& plan) const
{
    return m_baselines && m_baselines->plan == plan ? latestBaselines() : nullptr;
}

void StudioSession::clearBaselines()
{
    if (!m_baselines) return;
    m_baselines.reset();
    Q_EMIT baselinesChanged();
}

void StudioSession::setBaselines(const PlanBaselines& baselines)
{
    if (!hasDataset() || baselines.data != m_dataset.data) return;
    m_baselines = baselines;
    Q_EMIT baselinesChanged();
}

void StudioSession::setModel(const LoadedModel& model)
{
    m_model = model;
    m_forecast.reset();
    m_metrics.reset();
    m_clusters.clear();
    m_clusterCount = 0;
    if (m_colourMode == ColourMode::Cluster) m_colourMode = ColourMode::Observed;
    Q_EMIT modelChanged();
    Q_EMIT clustersChanged();
    Q_EMIT colourModeChanged();
}

void StudioSession::setForecast(const himnet::Forecast& forecast)
{
    m_forecast = forecast;
    Q_EMIT forecastChanged();
}

void StudioSession::setMetrics(const himnet::EvaluationReport& report)
{
    m_metrics = report;
    Q_EMIT metricsChanged();
}

void StudioSession::setOrigin(qint64 origin)
{
    if (!hasDataset()) return;
    origin = std::clamp<qint64>(origin, firstOrigin(), data().numSteps - 1);
    if (origin == m_origin) return;
    m_origin = origin;
    Q_EMIT originChanged(origin);
}

void StudioSession::setHorizon(int horizon)
{
    if (horizon == m_horizon || horizon < 1) return;
    m_horizon = horizon;
    Q_EMIT horizonChanged(horizon);
}

double StudioSession::measuredIntervalLevel() const
{
    return hasMetrics() && m_metrics->intervals.level > 0 ? m_metrics->intervals.level : m_intervalLevel;
}

void StudioSession::setIntervalLevel(double level)
{
    if (level == m_intervalLevel || !himnet::isIntervalLevel(level)) return;
    m_intervalLevel = level;
    Q_EMIT intervalLevelChanged(level);
}

int StudioSession::horizonMinutes(int step) const
{
    const qint64 interval = hasDataset() ? data().intervalSeconds : 300;
    return static_cast<int>(step * interval / 60);
}

void StudioSession::setColourMode(ColourMode mode)
{
    if (mode == m_colourMode) return;
    m_colourMode = mode;
    Q_EMIT colourModeChanged();
}

void StudioSession::setGraphMode(GraphMode mode)
{
    if (mode == m_graphMode) return;
    m_graphMode = mode;
    Q_EMIT graphModeChanged();
}

void StudioSession::setSensorClusters(const QVector<int>& clusters, int count)
{
    m_clusters = hasDataset() && clusters.size() == data().numNodes ? clusters : QVector<int>();
    m_clusterCount = m_clusters.isEmpty() ? 0 : count;
    Q_EMIT clustersChanged();
    if (m_colourMode == ColourMode::Cluster) Q_EMIT colourModeChanged();
}

void StudioSession::setSelection(const QList<int>& sensors)
{
    QList<int> distinct; // in their order, each once: the plot draws a line per entry
    QSet<int> seen;
    for (int sensor : sensors)
        if (!seen.contains(sensor)) {
            seen.insert(sensor);
            distinct.push_back(sensor);
        }
    if (distinct == m_selection) return;
    m_selection = distinct;
    Q_EMIT selectionChanged();
}

double StudioSession::colourValue(int sensor) const
{
    constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
    if (!hasDataset() || sensor < 0 || sensor >= data().numNodes) return kUnknown;
    switch (m_colourMode) {
    case ColourMode::Observed:
        return data().isMissing(m_origin, sensor) ? kUnknown : data().value(m_origin, sensor);
    case ColourMode::Forecast:
        return hasForecast() && m_horizon <= m_forecast->horizon ? m_forecast->value(m_horizon - 1, sensor) : kUnknown;
    case ColourMode::Error: {
        if (!hasForecast() || m_horizon > m_forecast->horizon) return kUnknown;
        const double actual = m_forecast->actualValue(m_horizon - 1, sensor);
        return std::isnan(actual) ? kUnknown : std::abs(m_forecast->value(m_horizon - 1, sensor) - actual);
    }
    case ColourMode::SensorError: {
        const himnet::SensorMetrics* metrics = sensorMetrics(sensor);
        return metrics ? metrics->model.mae : kUnknown;
    }
    case ColourMode::SensorGain: {
        const himnet::SensorMetrics* metrics = sensorMetrics(sensor);
        return metrics ? gainOverBaselines(*metrics) : kUnknown;
    }
    case ColourMode::SensorIntervalHeld: {
        const himnet::SensorMetrics* metrics = sensorMetrics(sensor);
        return metrics && !m_metrics->intervals.empty() && metrics->interval.targets > 0 ? 100 * metrics->interval.covered : kUnknown;
    }
    case ColourMode::Zone:
        return data().hasZones() ? data().zoneLabels[static_cast<size_t>(sensor)] : kUnknown;
    case ColourMode::Cluster:
        return m_clusters.isEmpty() ? kUnknown : m_clusters[sensor];
    }
    return kUnknown;
}

double StudioSession::gainOverBaselines(const himnet::SensorMetrics& metrics)
{
    const double baseline = std::min(metrics.lastValue.mae, metrics.historicalAverage.mae);
    return baseline > 0 ? 100.0 * (1.0 - metrics.model.mae / baseline) : std::numeric_limits<double>::quiet_NaN();
}

const himnet::SensorMetrics* StudioSession::sensorMetrics(int sensor) const
{
    if (!hasMetrics() || sensor < 0 || sensor >= static_cast<int>(m_metrics->sensors.size())) return nullptr;
    const himnet::SensorMetrics& metrics = m_metrics->sensors[static_cast<size_t>(sensor)];
    return metrics.targets > 0 ? &metrics : nullptr;
}

std::pair<double, double> StudioSession::colourRange() const
{
    if (!hasDataset()) return {0, 1};
    if (m_colourMode == ColourMode::Observed || m_colourMode == ColourMode::Forecast) {
        // One fixed scale for observed and forecast values, so that the two compare.
        return {std::max(0.0, m_dataset.summary.minValue), std::max(m_dataset.summary.maxValue, m_dataset.summary.minValue + 1)};
    }
    double hi = 0;
    for (int n = 0; n < data().numNodes; ++n) {
        const double v = colourValue(n);
        if (!std::isnan(v)) hi = std::max(hi, v);
    }
    if (m_colourMode == ColourMode::Zone) return {0, static_cast<double>(data().zoneNames.size())};
    if (m_colourMode == ColourMode::SensorGain) {
        // Around 0 (as good as the better baseline: amber), as wide as nine sensors in ten
        // reach, in steps of 5 %: a few far out (on la-week, steady sensors a naive forecast
        // gets within 2 mph, at -80 to -91 %) would otherwise wash out the rest; they take the
        // end colours.
        std::vector<double> sizes;
        for (int n = 0; n < data().numNodes; ++n)
            if (const double v = colourValue(n); !std::isnan(v)) sizes.push_back(std::abs(v));
        if (sizes.empty()) return {-5, 5};
        auto ninetieth = sizes.begin() + static_cast<std::ptrdiff_t>(0.9 * static_cast<double>(sizes.size() - 1));
        std::nth_element(sizes.begin(), ninetieth, sizes.end());
        const double widest = std::max(5.0, 5.0 * std::ceil(*ninetieth / 5.0));
        return {-widest, widest};
    }
    if (m_colourMode == ColourMode::Cluster) return {0, static_cast<double>(std::max(1, m_clusterCount))};
    if (m_colourMode == ColourMode::SensorIntervalHeld) {
        // Green from the level up (a wider band than needed is no fault of trust), amber 15
        // points short, red 30 short and below.
        const double level = 100 * measuredIntervalLevel();
        return {level - 30, level};
    }
    return {0, std::max(hi, 1.0)};
}

QColor StudioSession::categoryColour(int index)
{
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0x94, 0x67, 0xbd), QColor(0xff, 0x7f, 0x0e), QColor(0x8c, 0x56, 0x4b),
                                     QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf), QColor(0xbc, 0xbd, 0x22),
                                     QColor(0x7f, 0x7f, 0x7f)};
    return palette[static_cast<size_t>(index) % (sizeof palette / sizeof palette[0])];
}

QColor StudioSession::speedColour(double fraction)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    // red (slow) -> amber -> green (free flow)
    const QColor stops[] = {QColor(0xc0, 0x1c, 0x28), QColor(0xf5, 0xa6, 0x23), QColor(0x2e, 0xa0, 0x43)};
    const double scaled = fraction * 2.0;
    const int i = std::min(1, static_cast<int>(scaled));
    const double t = scaled - i;
    auto mix = [&](int a, int b) { return static_cast<int>(a + (b - a) * t); };
    return QColor(mix(stops[i].red(), stops[i + 1].red()), mix(stops[i].green(), stops[i + 1].green()),
                  mix(stops[i].blue(), stops[i + 1].blue()));
}

QColor StudioSession::colourOf(int sensor, const std::pair<double, double>& range) const
{
    const double v = colourValue(sensor);
    if (std::isnan(v)) return QColor(0xa0, 0xa0, 0xa0);
    if (m_colourMode == ColourMode::Zone || m_colourMode == ColourMode::Cluster) return categoryColour(static_cast<int>(v));
    const auto [lo, hi] = range;
    const double fraction = (v - lo) / std::max(hi - lo, 1e-9);
    // Errors: small is good (green), large bad (red).
    return speedColour(colourModeIsError() ? 1.0 - fraction : fraction);
}
