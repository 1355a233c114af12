#pragma once
// The heterogeneity explorer's data, shared by `himnet embed` and the app: the points of one
// kind of learned embedding with what is known about each, their 2-D projection, their
// k-means clusters and the clusters' agreement with known zones.
#include "himnet/cancel_token.h"
#include "himnet/embedding_tables.h"
#include "himnet/model_analysis.h"
#include "himnet/projection.h"

#include <optional>
#include <string>
#include <vector>

namespace himnet {

struct EmbeddingPoints {
    EmbeddingKind kind = EmbeddingKind::Node;
    Matrix vectors;                 ///< (n, d) the learned embeddings
    std::vector<std::string> names; ///< sensor id, "08:05", "Monday", or "id @ timestamp"
    std::vector<int64_t> sensor;    ///< sensor index, -1 where none
    std::vector<int64_t> slot;      ///< time-of-day slot, -1 where none
    std::vector<int> dayOfWeek;     ///< 0 (Monday) .. 6, -1 where none
    std::vector<int> zone;          ///< known zone, -1 where unknown
    std::vector<double> value;      ///< mean reading (node), reading at the origin (st); NaN where none
    std::vector<std::string> zoneNames;
    /// Node, time of day, day of week: the same embeddings when the training started (its
    /// seed's initial weights, or the model it fine-tuned), when the checkpoint says how it
    /// was trained.
    std::optional<Matrix> startVectors;
    /// The model file a fine-tuning started from, whose embeddings startVectors are; empty
    /// when they are a seed's random draw.
    std::string startedFrom;

    int64_t size() const { return vectors.rows; }
    /// True when every point has a known zone.
    bool hasZones() const;
};

/// The points of `kind`. `data` (the network the model was trained on) adds zones and values;
/// spatiotemporal points need it and use `origins` (default: 24 spread over one test day).
EmbeddingPoints embeddingPoints(const ModelAnalysis& analysis, EmbeddingKind kind, const Dataset* data = nullptr,
                                std::vector<int64_t> origins = {});

/// The points of embeddings `vectors` that are not in a checkpoint yet (a model still training
/// on `data`): node (N, d), one per sensor, with names, zones and mean readings from the data;
/// time of day (P, d), one per slot of the data's day; day of week (7, d). InputError when the
/// rows do not fit the data, or for spatiotemporal embeddings (they come from a model run).
EmbeddingPoints embeddingPoints(EmbeddingKind kind, Matrix vectors, const Dataset& data);

enum class ProjectionMethod { Tsne, Pca };
/// "tsne" or "pca"; InputError otherwise.
ProjectionMethod parseProjectionMethod(const std::string& text);

struct EmbeddingMapOptions {
    ProjectionMethod method = ProjectionMethod::Tsne;
    TsneOptions tsne;
    int clusters = 0;   ///< k of k-means; 0 picks k in 2..10 by silhouette; -1: no clustering
    uint64_t seed = 1;  ///< k-means seeding
};

struct EmbeddingMap {
    Matrix layout;                     ///< (n, 2)
    /// What drew the layout: as asked, except PCA where t-SNE was asked for fewer than
    /// kTsneMinimumPoints points (a network of three sensors, say).
    ProjectionMethod method = ProjectionMethod::Tsne;
    std::vector<int> cluster;          ///< k-means of the embeddings themselves (not of the layout); empty when off
    int k = 0;
    double silhouette = 0;
    std::optional<double> ari, nmi;    ///< clusters against known zones, when every point has one
    std::vector<double> explainedVariance; ///< PCA: the two axes' shares
    std::optional<double> dailyOrder;  ///< time of day: cyclicNeighbourRatio of the embeddings themselves
    std::optional<double> startCorrelation; ///< correlationWithStart, when the starting values are known
    double klDivergence = -1;          ///< t-SNE
    int64_t iterations = 0;            ///< t-SNE iterations run
    bool cancelled = false;
};

/// How closely consecutive rows lie, the last row followed by the first: the mean distance
/// between neighbours over the mean distance between any two rows. Near 0 for rows along a
/// smooth closed curve (time-of-day embeddings that have learned the clock); about 1 when the
/// order means nothing, as for embeddings still near their random start, whose neighbours are
/// just any two rows. Nothing when every row is the same point; InputError for fewer than 3
/// rows or a value that is not finite.
std::optional<double> cyclicNeighbourRatio(const Matrix& rows);

/// What a cyclicNeighbourRatio says of time-of-day embeddings: a daily cycle (0.5 or less),
/// some daily order (up to 0.9), or none (random rows give 1 within a few hundredths).
enum class DailyOrder { Cycle, Partial, None };
DailyOrder readDailyOrder(double ratio);
/// "cycle", "partial", "none".
std::string dailyOrderName(DailyOrder order);
/// "neighbouring slots lie 0.99 times as far apart as any two: no daily order learned".
std::string describeDailyOrder(double ratio);

/// Pearson correlation of every value of trained embeddings with the same value when
/// training started. Near 1: they are still mostly their random initial values, however
/// their picture looks (weight decay shrinks them without turning them); lower: training
/// moved them. InputError when the shapes differ or a value is not finite.
double correlationWithStart(const Matrix& trained, const Matrix& start);
/// "correlation with their random initial values 0.999: still mostly where training started";
/// for a fine-tuning (`startedFrom`, the model file it started from), "correlation with those
/// of base.h5, which the training started from, 0.982: still mostly where training started".
std::string describeStartCorrelation(double correlation, const std::string& startedFrom = {});
/// Where describeStartCorrelation says "still mostly where training started".
inline bool mostlyAtStart(double correlation) { return correlation >= 0.95; }

/// Projects and clusters `points`, measures how far training moved them from their starting
/// values (when known) and, for time-of-day points, their daily order;
/// t-SNE progress goes to `onProgress`, cancel between iterations.
EmbeddingMap mapEmbeddings(const EmbeddingPoints& points, const EmbeddingMapOptions& options,
                           const TsneCallback& onProgress = {}, const CancelToken* cancel = nullptr);

/// CSV, one row per point: point,name,sensor,slot,day_of_week,zone,value,x,y,cluster,e0..e{d-1}.
/// Throws RuntimeFailure naming `path` when it cannot be written.
void writeEmbeddingCsv(const EmbeddingPoints& points, const EmbeddingMap& map, const std::string& path);

} // namespace himnet
