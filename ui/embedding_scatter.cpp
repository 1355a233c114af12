#include "embedding_scatter.h"
#include "studio_session.h"

#include "himnet/model_analysis.h"

#include "qcustomplot_include.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace {

using himnet::EmbeddingKind;

/// Hour of the day as a hue around the colour wheel: midnight and the next midnight meet.
QColor hourColour(double fractionOfDay) { return QColor::fromHsvF(std::fmod(fractionOfDay, 1.0) * 0.85, 0.85, 0.85); }

QCPGraph* addPoints(QCustomPlot* plot, const QVector<QPointF>& layout, const std::vector<int>& which, const QCPScatterStyle& style)
{
    QCPGraph* g = plot->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(style);
    QVector<double> x, y;
    for (int i : which) {
        x << layout[i].x();
        y << layout[i].y();
    }
    g->setData(x, y);
    return g;
}

/// The slots in clock order, closed at midnight: a ring where the embeddings learned the day,
/// a faint tangle where they did not (the status line gives the measure).
void drawClockOrder(QCustomPlot* plot, const EmbeddingScene& scene)
{
    auto* cycle = new QCPCurve(plot->xAxis, plot->yAxis);
    const int n = static_cast<int>(scene.layout.size());
    QVector<double> t, x, y;
    for (int i = 0; i <= n; ++i) {
        t << i;
        x << scene.layout[i % n].x();
        y << scene.layout[i % n].y();
    }
    cycle->setData(t, x, y);
    const auto& order = scene.map->dailyOrder;
    const bool ordered = order && himnet::readDailyOrder(*order) != himnet::DailyOrder::None;
    cycle->setPen(QPen(QColor(150, 150, 150, ordered ? 255 : 60), 1));
    cycle->setName(QObject::tr("slots in clock order"));
}

/// Every day, or every eighth time of day, named beside its point.
void labelTimes(QCustomPlot* plot, const EmbeddingScene& scene, const QFont& font)
{
    const int n = static_cast<int>(scene.layout.size());
    const int stride = scene.points->kind == EmbeddingKind::DayOfWeek ? 1 : std::max(1, n / 8);
    for (int i = 0; i < n; i += stride) {
        auto* label = new QCPItemText(plot);
        label->position->setCoords(scene.layout[i].x(), scene.layout[i].y());
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setText(QString::fromStdString(scene.points->names[static_cast<size_t>(i)]));
        label->setFont(font);
        label->setPadding(QMargins(4, 0, 0, 2));
    }
}

/// A continuous colour scale has no legend entries: a note in the corner says what it means.
void noteColourScale(QCustomPlot* plot, const EmbeddingScene& scene, const QFont& font)
{
    auto* note = new QCPItemText(plot);
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(0.99, 0.99);
    note->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    note->setText(scene.colouring == EmbeddingColouring::TimeOfDay
                      ? QObject::tr("colour: hour of day (red 00:00 → violet 23:00)")
                      : QObject::tr("colour: mean %1, red low → green high").arg(scene.valueLabel));
    note->setFont(font);
}

} // namespace

QColor embeddingPointColour(const EmbeddingScene& scene, int point, QString* group)
{
    const auto& p = *scene.points;
    const auto& map = *scene.map;
    const size_t i = static_cast<size_t>(point);
    switch (scene.colouring) {
    case EmbeddingColouring::Cluster:
        if (i < map.cluster.size()) {
            *group = QObject::tr("cluster %1").arg(map.cluster[i] + 1);
            return StudioSession::categoryColour(map.cluster[i]);
        }
        break;
    case EmbeddingColouring::Zone:
        if (p.zone[i] >= 0) {
            *group = QString::fromStdString(p.zoneNames[static_cast<size_t>(p.zone[i])]);
            return StudioSession::categoryColour(p.zone[i]);
        }
        break;
    case EmbeddingColouring::TimeOfDay:
        if (p.slot[i] >= 0) {
            const int hour = static_cast<int>(p.slot[i] * 24 / scene.stepsPerDay);
            *group = QStringLiteral("#hour %1").arg(hour, 2, 10, QLatin1Char('0'));
            return hourColour(static_cast<double>(hour) / 24.0);
        }
        break;
    case EmbeddingColouring::DayOfWeek:
        if (p.dayOfWeek[i] >= 0) {
            *group = QString::fromStdString(himnet::dayOfWeekName(p.dayOfWeek[i]));
            return StudioSession::categoryColour(p.dayOfWeek[i]);
        }
        break;
    case EmbeddingColouring::Value:
        if (std::isfinite(p.value[i]) && scene.valueRange) {
            const auto [lowest, highest] = *scene.valueRange;
            const double f = std::clamp((p.value[i] - lowest) / std::max(1e-9, highest - lowest), 0.0, 1.0);
            const int bucket = static_cast<int>(f * 9.999);
            *group = QStringLiteral("#value %1").arg(bucket, 2, 10, QLatin1Char('0'));
            return StudioSession::speedColour((bucket + 0.5) / 10.0);
        }
        break;
    }
    *group = QObject::tr("unknown");
    return QColor(170, 170, 170);
}

void drawEmbeddingScene(QCustomPlot* plot, const EmbeddingScene& scene, bool rescale)
{
    plot->clearPlottables();
    plot->clearItems();
    if (!scene.points || !scene.map || scene.layout.isEmpty()) {
        plot->legend->setVisible(false);
        plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const int n = static_cast<int>(scene.layout.size());
    const double size = n > 3000 ? 3 : n > 800 ? 5 : 7;
    const EmbeddingKind kind = scene.points->kind;
    const QFont small(plot->font().family(), 8);
    if (kind == EmbeddingKind::TimeOfDay) drawClockOrder(plot, scene);
    // One graph per colour group, named for the legend (continuous scales stay out of it).
    std::map<QString, std::pair<QColor, std::vector<int>>> groups;
    for (int i = 0; i < n; ++i) {
        QString group;
        const QColor c = embeddingPointColour(scene, i, &group);
        auto& entry = groups[group];
        entry.first = c;
        entry.second.push_back(i);
    }
    for (const auto& [name, entry] : groups) {
        QCPGraph* g = addPoints(plot, scene.layout, entry.second, QCPScatterStyle(QCPScatterStyle::ssDisc, entry.first, entry.first, size));
        if (name.startsWith(QLatin1Char('#'))) g->removeFromLegend();
        else g->setName(name);
    }
    if (kind == EmbeddingKind::DayOfWeek || kind == EmbeddingKind::TimeOfDay) labelTimes(plot, scene, small);
    if (!scene.highlighted.isEmpty()) {
        const std::vector<int> selected(scene.highlighted.begin(), scene.highlighted.end());
        QCPGraph* g = addPoints(plot, scene.layout, selected,
                                QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1.8), Qt::NoBrush, size + 6));
        g->setName(QObject::tr("selected (%1)").arg(scene.highlighted.size()));
    }
    if (scene.colouring == EmbeddingColouring::TimeOfDay || scene.colouring == EmbeddingColouring::Value)
        noteColourScale(plot, scene, small);
    const bool tsne = scene.method == himnet::ProjectionMethod::Tsne;
    plot->xAxis->setLabel(tsne ? QStringLiteral("t-SNE 1") : QStringLiteral("PC 1"));
    plot->yAxis->setLabel(tsne ? QStringLiteral("t-SNE 2") : QStringLiteral("PC 2"));
    if (rescale) {
        plot->rescaleAxes();
        plot->xAxis->scaleRange(1.08);
        plot->yAxis->scaleRange(1.08);
    }
    plot->legend->setVisible(plot->legend->itemCount() > 0); // no empty box for a continuous scale
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void drawLiveLayout(QCustomPlot* plot, const QVector<QPointF>& layout, int iteration)
{
    plot->clearPlottables();
    plot->clearItems();
    std::vector<int> every(static_cast<size_t>(layout.size()));
    for (size_t i = 0; i < every.size(); ++i) every[i] = static_cast<int>(i);
    const QColor colour(90, 110, 140);
    addPoints(plot, layout, every, QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 5))
        ->setName(QObject::tr("iteration %1").arg(iteration));
    plot->rescaleAxes();
    plot->replot(QCustomPlot::rpQueuedReplot);
}
