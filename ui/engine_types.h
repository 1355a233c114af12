#pragma once
// Values that travel between the engine thread and the GUI thread in queued signals.
#include "himnet/baseline_errors.h"
#include "himnet/dataset.h"
#include "himnet/dataset_summary.h"
#include "himnet/embedding_map.h"
#include "himnet/evaluation.h"
#include "himnet/forecasting.h"
#include "himnet/model_file.h"
#include "himnet/training.h"

#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>
#include <optional>

/// A dataset ready for the views: the data (shared, read-only), its summary, and map
/// positions — Web Mercator of the coordinates, or a drawing of the road graph (roadGraphLayout).
struct LoadedDataset {
    std::shared_ptr<const himnet::Dataset> data;
    himnet::DatasetSummary summary;
    QVector<QPointF> positions; ///< one per sensor, in map units (y grows downwards)
    bool geographic = false;    ///< positions come from latitude/longitude
};

/// A trained model ready for forecasts.
struct LoadedModel {
    QString checkpointPath;
    himnet::ModelFileSummary summary;
    qint64 firstOrigin = 0, lastOrigin = 0, firstTestOrigin = 0;
    QString noTestPeriod; ///< why the data cannot measure the model (himnet::Forecaster::noTestPeriod); empty when it can
    /// Why the data, read over another period than the model's training, measures it badly
    /// (himnet::Forecaster::otherPeriodNote), and that period; empty when read over it.
    QString otherPeriodNote;
    std::optional<himnet::TrainedPeriod> trainedPeriod;
    std::vector<himnet::GraphEdge> learnedEdges;
};

/// What the heterogeneity explorer asks the engine for.
struct EmbeddingRequest {
    QString checkpointPath;
    std::shared_ptr<const himnet::Dataset> data;
    himnet::EmbeddingKind kind = himnet::EmbeddingKind::Node;
    himnet::EmbeddingMapOptions options;
    int samples = 24; ///< spatiotemporal points: forecast origins over one day
};

/// Its answer: the points (shared, read-only) and their projection and clusters.
struct EmbeddingResult {
    EmbeddingRequest request;
    std::shared_ptr<const himnet::EmbeddingPoints> points;
    himnet::EmbeddingMap map;
    /// > 0: the embeddings of a training still running, at the end of this epoch (no
    /// checkpoint path: the latest weights, not the best).
    qint64 trainingEpoch = 0;
    qint64 trainingEpochs = 0;
};

/// What a model trained on `data` split as `plan` describes must beat: the naive forecasts'
/// errors on the test windows (himnet::baselineErrors).
struct PlanBaselines {
    std::shared_ptr<const himnet::Dataset> data;
    QString plan; ///< himnet::TrainingPlan::toJson of the split measured
    himnet::BaselineErrors errors;
};

/// The meta-parameter pools of a model, summarised for heatmaps.
struct PoolMaps {
    QString checkpointPath;
    himnet::Matrix nodeMixing;          ///< (N, d_node): the spatial encoder's mixing coefficients
    himnet::Matrix timeOfDayMixing;     ///< (P, d_tod): the time-of-day part of the temporal encoder's
    himnet::Matrix temporalNorms;       ///< (7, P): temporal encoder's generated-weight norms
    himnet::Matrix spatioTemporalNorms; ///< (origins, N): decoder's generated-weight norms over one day
    std::vector<qint64> origins;        ///< the origins of spatioTemporalNorms
    std::vector<qint64> originSlots;    ///< the time-of-day slot of each origin
    QStringList notes;                  ///< what could not be computed, and why
};

Q_DECLARE_METATYPE(LoadedDataset)
Q_DECLARE_METATYPE(EmbeddingRequest)
Q_DECLARE_METATYPE(EmbeddingResult)
Q_DECLARE_METATYPE(PoolMaps)
Q_DECLARE_METATYPE(PlanBaselines)
Q_DECLARE_METATYPE(LoadedModel)
Q_DECLARE_METATYPE(himnet::Forecast)
Q_DECLARE_METATYPE(himnet::EvaluationReport)
Q_DECLARE_METATYPE(himnet::TrainProgress)
Q_DECLARE_METATYPE(himnet::TrainResult)
Q_DECLARE_METATYPE(himnet::TrainingOptions)
Q_DECLARE_METATYPE(himnet::ModelFileSummary)
Q_DECLARE_METATYPE(std::shared_ptr<const himnet::Dataset>)

/// Web Mercator of a coordinate, in metres on the equator's scale, y growing downwards
/// (screen convention).
QPointF webMercator(const himnet::LatLon& where);

/// Registers every type above with Qt's meta-type system; idempotent.
void registerEngineTypes();
