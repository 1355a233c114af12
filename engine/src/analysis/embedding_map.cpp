#include "himnet/embedding_map.h"
#include "core/text.h"
#include "data/windowed_data.h"
#include "himnet/clustering.h"
#include "himnet/errors.h"

#include <cmath>
#include <fstream>
#include <limits>

namespace himnet {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void addPoint(EmbeddingPoints& p, std::string name, int64_t sensor, int64_t slot, int day, int zone, double value)
{
    p.names.push_back(std::move(name));
    p.sensor.push_back(sensor);
    p.slot.push_back(slot);
    p.dayOfWeek.push_back(day);
    p.zone.push_back(zone);
    p.value.push_back(value);
}

double meanReading(const Dataset& data, int64_t n)
{
    double sum = 0;
    int64_t count = 0;
    for (int64_t t = 0; t < data.numSteps; ++t)
        if (!data.isMissing(t, n)) {
            sum += data.value(t, n);
            ++count;
        }
    return count ? sum / static_cast<double>(count) : kNaN;
}

/// One point per row of p.vectors, a sensor: its id, zone and mean reading.
void addSensorPoints(EmbeddingPoints& p, const std::vector<std::string>& ids, const Dataset* data)
{
    const bool zones = data && data->hasZones();
    for (int64_t n = 0; n < p.vectors.rows; ++n)
        addPoint(p, ids[static_cast<size_t>(n)], n, -1, -1, zones ? data->zoneLabels[static_cast<size_t>(n)] : -1,
                 data ? meanReading(*data, n) : kNaN);
}

/// Names and what is known of the points of a node, time-of-day or day-of-week embedding
/// (p.vectors set): sensors from `ids` (zones and readings when `data` is given), slots of a
/// day of `stepsPerDay`, days from Monday.
void describeTableRows(EmbeddingPoints& p, const std::vector<std::string>& ids, int64_t stepsPerDay, const Dataset* data)
{
    switch (p.kind) {
    case EmbeddingKind::Node: addSensorPoints(p, ids, data); break;
    case EmbeddingKind::TimeOfDay:
        for (int64_t s = 0; s < p.vectors.rows; ++s) addPoint(p, formatTimeOfDay(s, stepsPerDay), -1, s, -1, -1, kNaN);
        break;
    case EmbeddingKind::DayOfWeek:
        for (int d = 0; d < p.vectors.rows; ++d) addPoint(p, dayOfWeekName(d), -1, -1, d, -1, kNaN);
        break;
    case EmbeddingKind::SpatioTemporal: break;
    }
}

} // namespace

ProjectionMethod parseProjectionMethod(const std::string& text)
{
    if (text == "tsne" || text == "t-sne") return ProjectionMethod::Tsne;
    if (text == "pca") return ProjectionMethod::Pca;
    throw InputError("unknown projection '" + text + "': expected tsne or pca");
}

bool EmbeddingPoints::hasZones() const
{
    if (zone.empty()) return false;
    for (int z : zone)
        if (z < 0) return false;
    return true;
}

EmbeddingPoints embeddingPoints(const ModelAnalysis& analysis, EmbeddingKind kind, const Dataset* data,
                                std::vector<int64_t> origins)
{
    EmbeddingPoints p;
    p.kind = kind;
    const auto& ids = analysis.sensorIds();
    const int64_t stepsPerDay = analysis.stepsPerDay();
    const bool zones = data && data->hasZones();
    if (zones) p.zoneNames = data->zoneNames;
    switch (kind) {
    case EmbeddingKind::Node: p.vectors = analysis.nodeEmbeddings(); break;
    case EmbeddingKind::TimeOfDay: p.vectors = analysis.timeOfDayEmbeddings(); break;
    case EmbeddingKind::DayOfWeek: p.vectors = analysis.dayOfWeekEmbeddings(); break;
    case EmbeddingKind::SpatioTemporal: {
        if (!data) // with data too short for windows, the analysis says why
            throw InputError("the spatiotemporal embeddings of " + analysis.checkpointPath() +
                             " need the dataset it was trained on (--data)");
        if (origins.empty()) origins = analysis.oneDayOrigins(24);
        p.vectors = analysis.spatioTemporalEmbeddings(origins);
        for (int64_t origin : origins) {
            const int64_t time = data->timestamps[static_cast<size_t>(origin)];
            const CalendarPosition at = calendarPosition(time, data->intervalSeconds);
            for (int64_t n = 0; n < data->numNodes; ++n)
                addPoint(p, ids[static_cast<size_t>(n)] + " @ " + formatTimestamp(time), n, at.slot,
                         static_cast<int>(at.dayOfWeek), zones ? data->zoneLabels[static_cast<size_t>(n)] : -1,
                         data->isMissing(origin, n) ? kNaN : data->value(origin, n));
        }
        return p;
    }
    }
    describeTableRows(p, ids, stepsPerDay, data);
    if (const auto start = analysis.startingEmbeddings()) {
        p.startVectors = *start->of(kind);
        p.startedFrom = analysis.startedFrom();
    }
    return p;
}

EmbeddingPoints embeddingPoints(EmbeddingKind kind, Matrix vectors, const Dataset& data)
{
    if (kind == EmbeddingKind::SpatioTemporal)
        throw InputError("spatiotemporal embeddings come from a run of the model, not from its parameters");
    const int64_t expected = kind == EmbeddingKind::Node ? data.numNodes : kind == EmbeddingKind::TimeOfDay ? data.stepsPerDay() : 7;
    const char* what = kind == EmbeddingKind::Node ? " sensors" : kind == EmbeddingKind::TimeOfDay ? " slots of the day" : " days";
    if (vectors.rows != expected)
        throw InputError(embeddingKindName(kind) + " embeddings of " + std::to_string(vectors.rows) + what + " do not fit " + data.name +
                         ", which has " + std::to_string(expected));
    EmbeddingPoints p;
    p.kind = kind;
    p.vectors = std::move(vectors);
    if (data.hasZones()) p.zoneNames = data.zoneNames;
    describeTableRows(p, data.sensorIds, data.stepsPerDay(), &data);
    return p;
}

EmbeddingMap mapEmbeddings(const EmbeddingPoints& points, const EmbeddingMapOptions& options, const TsneCallback& onProgress,
                           const CancelToken* cancel)
{
    EmbeddingMap map;
    if (points.kind == EmbeddingKind::TimeOfDay && points.size() >= 3) map.dailyOrder = cyclicNeighbourRatio(points.vectors);
    if (points.startVectors) map.startCorrelation = correlationWithStart(points.vectors, *points.startVectors);
    map.method = points.size() < kTsneMinimumPoints ? ProjectionMethod::Pca : options.method;
    if (map.method == ProjectionMethod::Pca) {
        const PcaResult p = pca(points.vectors, 2);
        map.layout = p.scores;
        map.explainedVariance = p.explainedVarianceRatio;
        if (map.layout.cols < 2) { // one-dimensional embeddings: a flat second axis
            Matrix flat(map.layout.rows, 2);
            for (int64_t i = 0; i < map.layout.rows; ++i) flat.at(i, 0) = map.layout.at(i, 0);
            map.layout = flat;
        }
    } else {
        const TsneResult t = tsne(points.vectors, options.tsne, onProgress, cancel);
        map.layout = t.layout;
        map.klDivergence = t.klDivergence;
        map.iterations = t.iterationsRun;
        map.cancelled = t.cancelled;
    }
    if (options.clusters >= 0 && !map.cancelled) {
        const KMeansResult k = options.clusters == 0 ? kmeansBySilhouette(points.vectors, 2, 10, options.seed)
                                                     : kmeans(points.vectors, options.clusters, options.seed);
        map.cluster = k.labels;
        map.k = k.k;
        map.silhouette = k.silhouette;
        if (points.hasZones()) {
            map.ari = adjustedRandIndex(map.cluster, points.zone);
            map.nmi = normalizedMutualInformation(map.cluster, points.zone);
        }
    }
    return map;
}

void writeEmbeddingCsv(const EmbeddingPoints& points, const EmbeddingMap& map, const std::string& path)
{
    std::ofstream out(path);
    if (!out) throw RuntimeFailure(describeProblem(path, "cannot be written"));
    out << "point,name,sensor,slot,day_of_week,zone,value,x,y,cluster";
    for (int64_t j = 0; j < points.vectors.cols; ++j) out << ",e" << j;
    out << '\n';
    out.precision(9);
    const auto optional = [](auto v) { return v < 0 ? std::string() : std::to_string(v); };
    for (int64_t i = 0; i < points.size(); ++i) {
        const size_t s = static_cast<size_t>(i);
        const int zone = points.zone[s];
        out << i << ',' << csvField(points.names[s]) << ',' << optional(points.sensor[s]) << ',' << optional(points.slot[s])
            << ',' << (points.dayOfWeek[s] < 0 ? std::string() : dayOfWeekName(points.dayOfWeek[s])) << ','
            << (zone < 0 ? std::string() : csvField(zone < static_cast<int>(points.zoneNames.size()) ? points.zoneNames[static_cast<size_t>(zone)] : std::to_string(zone)))
            << ',';
        if (std::isfinite(points.value[s])) out << points.value[s];
        out << ',';
        if (i < map.layout.rows) out << map.layout.at(i, 0) << ',' << map.layout.at(i, 1);
        else out << ',';
        out << ',';
        if (s < map.cluster.size()) out << map.cluster[s];
        for (int64_t j = 0; j < points.vectors.cols; ++j) out << ',' << points.vectors.at(i, j);
        out << '\n';
    }
    out.flush();
    if (!out) throw RuntimeFailure(describeProblem(path, "could not be written completely (disk full?)"));
}

} // namespace himnet
