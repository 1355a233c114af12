#pragma once
// The explorer's scatter drawn from what it is given: one projected embedding map on a
// QCustomPlot, its points coloured by cluster, zone, hour, day or value (one legend entry per
// named group), time-of-day points joined in clock order (faintly when they have no daily
// order), day and hour labels, the selected points ringed, and a note for continuous colour
// scales. It owns nothing and keeps nothing between two drawings.
#include "engine_types.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QVector>

#include <optional>
#include <utility>

class QCustomPlot;

enum class EmbeddingColouring { Cluster, Zone, TimeOfDay, DayOfWeek, Value };

struct EmbeddingScene {
    const himnet::EmbeddingPoints* points = nullptr;
    const himnet::EmbeddingMap* map = nullptr;
    himnet::ProjectionMethod method = himnet::ProjectionMethod::Tsne;
    QVector<QPointF> layout;         ///< one position per point: the map's layout or a live one
    EmbeddingColouring colouring = EmbeddingColouring::Cluster;
    QList<int> highlighted;          ///< points drawn as selected
    int64_t stepsPerDay = 288;
    std::optional<std::pair<double, double>> valueRange; ///< lowest and highest reading, for ColourBy value
    QString valueLabel;              ///< what the values are, with their unit: "speed (mph)"
};

/// The colour of `point` and the group it is counted in for the legend; groups whose name
/// starts with '#' (hours, value buckets) stay out of the legend.
QColor embeddingPointColour(const EmbeddingScene& scene, int point, QString* group);

/// Clears `plot` and draws `scene`; `rescale` fits the axes to its points.
void drawEmbeddingScene(QCustomPlot* plot, const EmbeddingScene& scene, bool rescale);

/// Clears `plot` and draws a t-SNE layout still in progress, in one colour (its clusters come
/// with the finished map).
void drawLiveLayout(QCustomPlot* plot, const QVector<QPointF>& layout, int iteration);
