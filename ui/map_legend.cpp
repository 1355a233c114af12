#include "map_legend.h"
#include "number_format.h"
#include "studio_session.h"

#include <QPainter>

MapLegend::MapLegend(StudioSession* session, QWidget* parent) : QWidget(parent), m_session(session)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
}

QSize MapLegend::sizeHint() const
{
    if (m_session->hasDataset() && (m_session->colourMode() == StudioSession::ColourMode::Zone ||
                                    m_session->colourMode() == StudioSession::ColourMode::Cluster))
        return QSize(190, 30 + 18 * std::max<int>(1, static_cast<int>(categoryNames().size())));
    QFont bold = font();
    bold.setBold(true);
    return QSize(std::max(230, QFontMetrics(bold).horizontalAdvance(title()) + 24), 62); // the title names a unit
}

QString MapLegend::title() const
{
    const int minutes = m_session->horizonMinutes(m_session->horizon());
    switch (m_session->colourMode()) {
    case StudioSession::ColourMode::Observed: return tr("Observed %1").arg(m_session->valueLabel());
    case StudioSession::ColourMode::Forecast: return tr("Forecast in %1 min%2").arg(minutes).arg(m_session->unitInBrackets());
    case StudioSession::ColourMode::Error: return tr("Absolute error in %1 min%2").arg(minutes).arg(m_session->unitInBrackets());
    case StudioSession::ColourMode::SensorError: return tr("Test MAE per sensor, all horizons%1").arg(m_session->unitInBrackets());
    case StudioSession::ColourMode::SensorGain: return tr("MAE below the better naive forecast's (%)");
    case StudioSession::ColourMode::SensorIntervalHeld:
        return tr("Test targets inside the %1 % interval (%)").arg(levelText(m_session->measuredIntervalLevel()));
    case StudioSession::ColourMode::Zone: return tr("Zone (planted)");
    case StudioSession::ColourMode::Cluster: return tr("Embedding cluster");
    }
    return {};
}

void MapLegend::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 255, 255, 225));
    p.drawRoundedRect(rect().adjusted(0, 0, -1, -1), 6, 6);
    p.setPen(QColor(30, 30, 30));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRect(10, 6, width() - 20, 16), Qt::AlignLeft | Qt::AlignVCenter, title());
    p.setFont(font());
    if (!m_session->hasDataset()) return;
    if (m_session->colourMode() == StudioSession::ColourMode::Zone ||
        m_session->colourMode() == StudioSession::ColourMode::Cluster) {
        const QStringList names = categoryNames();
        if (names.isEmpty())
            p.drawText(QRect(10, 26, width() - 20, 16), Qt::AlignLeft, tr("none yet: run the Explorer"));
        for (qsizetype z = 0; z < names.size(); ++z) {
            const int y = 28 + 18 * static_cast<int>(z);
            p.setBrush(StudioSession::categoryColour(static_cast<int>(z)));
            p.setPen(QColor(40, 40, 40));
            p.drawEllipse(QPointF(17, y + 6), 5, 5);
            p.drawText(QRect(28, y - 2, width() - 36, 16), Qt::AlignLeft | Qt::AlignVCenter, names[static_cast<int>(z)]);
        }
        return;
    }
    const auto [lo, hi] = m_session->colourRange();
    const QRect bar(10, 26, width() - 20, 12);
    const bool error = m_session->colourModeIsError();
    for (int x = 0; x < bar.width(); ++x) {
        const double f = static_cast<double>(x) / std::max(1, bar.width() - 1);
        p.setPen(StudioSession::speedColour(error ? 1.0 - f : f));
        p.drawLine(bar.left() + x, bar.top(), bar.left() + x, bar.bottom());
    }
    p.setPen(QColor(30, 30, 30));
    // Gains, and shares held (per cent, from the level's), beyond the scale take its end colours.
    QString low = QString::number(lo, 'f', 1), high = QString::number(hi, 'f', 1);
    if (m_session->colourMode() == StudioSession::ColourMode::SensorGain) {
        low = tr("≤ %1").arg(lo, 0, 'f', 0);
        high = tr("≥ +%1").arg(hi, 0, 'f', 0);
    } else if (m_session->colourMode() == StudioSession::ColourMode::SensorIntervalHeld) {
        low = tr("≤ %1").arg(levelText(lo / 100));
        high = tr("≥ %1").arg(levelText(hi / 100));
    }
    p.drawText(QRect(10, 40, 100, 16), Qt::AlignLeft, low);
    p.drawText(QRect(width() - 110, 40, 100, 16), Qt::AlignRight, high);
}

QStringList MapLegend::categoryNames() const
{
    QStringList names;
    if (m_session->colourMode() == StudioSession::ColourMode::Zone)
        for (const auto& name : m_session->data().zoneNames) names << QString::fromStdString(name);
    else
        for (int c = 0; c < m_session->clusterCount(); ++c) names << tr("cluster %1").arg(c + 1);
    return names;
}
