#include "sensor_metrics_model.h"
#include "number_format.h"
#include "studio_session.h"

#include <QColor>

#include <cmath>
#include <limits>

SensorMetricsModel::SensorMetricsModel(StudioSession* session, QObject* parent) : QAbstractTableModel(parent), m_session(session)
{
    for (auto signal : {&StudioSession::metricsChanged, &StudioSession::modelChanged, &StudioSession::datasetChanged})
        connect(session, signal, this, &SensorMetricsModel::reset);
    reset();
}

void SensorMetricsModel::reset()
{
    beginResetModel();
    m_columns = {Sensor, Zone, Readings, Mae, Gain, Rmse, Mape, LastValueMae, HistoricalAverageMae, IntervalHeld, IntervalHalfWidth};
    if (!m_session->hasDataset() || !m_session->data().hasZones()) m_columns.removeOne(Zone);
    if (!m_session->hasMetrics() || m_session->metrics().intervals.empty()) {
        m_columns.removeOne(IntervalHeld);
        m_columns.removeOne(IntervalHalfWidth);
    }
    endResetModel();
}

int SensorMetricsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_session->hasMetrics() ? 0 : static_cast<int>(m_session->metrics().sensors.size());
}

int SensorMetricsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_columns.size()); }

QVariant SensorMetricsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
    const himnet::SensorMetrics& s = m_session->metrics().sensors[static_cast<size_t>(index.row())];
    const bool measured = s.targets > 0;
    const Column column = m_columns[index.column()];
    if (column == Zone) { // only shown with the dataset's zones
        const himnet::Dataset& d = m_session->data();
        const int zone = d.zoneLabels.at(static_cast<size_t>(index.row()));
        if (role == Qt::DisplayRole || role == Qt::UserRole) return QString::fromStdString(d.zoneNames.at(static_cast<size_t>(zone)));
        return {};
    }
    double figure = 0;
    switch (column) {
    case Mae: figure = s.model.mae; break;
    case Rmse: figure = s.model.rmse; break;
    case Mape: figure = s.model.mape; break;
    case LastValueMae: figure = s.lastValue.mae; break;
    case HistoricalAverageMae: figure = s.historicalAverage.mae; break;
    case Gain: figure = StudioSession::gainOverBaselines(s); break;
    case IntervalHeld: figure = 100 * s.interval.covered; break;
    case IntervalHalfWidth: figure = s.interval.meanHalfWidth; break;
    default: break;
    }
    const double level = m_session->metrics().intervals.level;
    switch (role) {
    case Qt::DisplayRole:
        if (column == Sensor) return QString::fromStdString(s.id);
        if (column == Readings) return QString::number(s.targets);
        if (!measured) return tr("no readings");
        if (column == Gain) return std::isnan(figure) ? QStringLiteral("–") : QString::number(figure, 'f', 0);
        if (column == IntervalHeld) return QString::number(figure, 'f', 1);
        return QString::number(figure, 'f', 2);
    case Qt::UserRole:
        if (column == Sensor) return QString::fromStdString(s.id);
        if (column == Readings) return static_cast<qlonglong>(s.targets);
        // Without readings there are no errors: such sensors sort with the worst (a detector
        // that sent nothing is the first thing to look at), by errors and by gain alike.
        if (column == Gain) return measured && !std::isnan(figure) ? figure : -std::numeric_limits<double>::infinity();
        return measured ? figure : std::numeric_limits<double>::infinity();
    case Qt::TextAlignmentRole:
        return column == Sensor ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == IntervalHeld && measured && StudioSession::heldShort(s.interval, level)) return QColor(0xa0, 0x1c, 0x1c);
        if (column != Mae || !measured) return {};
        return himnet::beatsBothBaselines(s) ? QColor(0x1b, 0x7a, 0x2e) : QColor(0xa0, 0x1c, 0x1c);
    default: return {};
    }
}

QVariant SensorMetricsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole) || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const QString level = m_session->hasMetrics() ? levelText(m_session->metrics().intervals.level) : QString();
    if (role == Qt::ToolTipRole) {
        switch (m_columns[section]) {
        case Gain: return tr("How far HimNet's MAE is below the better baseline's, per cent");
        case IntervalHeld:
            return tr("The share of the sensor's test targets inside HimNet's %1 % interval (red: more than 2 points short of %1 %: "
                      "its band reads narrower than it should)")
                .arg(level);
        case IntervalHalfWidth: return tr("The mean half-width of the sensor's %1 % intervals on the test split").arg(level);
        default: return {};
        }
    }
    switch (m_columns[section]) {
    case Sensor: return tr("Sensor");
    case Zone: return tr("Zone");
    case Readings: return tr("Readings");
    case Mae: return tr("HimNet MAE");
    case Rmse: return tr("HimNet RMSE");
    case Mape: return tr("HimNet MAPE %");
    case LastValueMae: return tr("Last value MAE");
    case HistoricalAverageMae: return tr("Hist. avg MAE");
    case Gain: return tr("Below naive %");
    case IntervalHeld: return tr("%1 % held %").arg(level);
    case IntervalHalfWidth: {
        const std::string& unit = m_session->metrics().unit;
        return unit.empty() ? tr("± (%1 %)").arg(level) : tr("± %1 (%2 %)").arg(QString::fromStdString(unit)).arg(level);
    }
    }
    return {};
}
