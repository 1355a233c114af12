#include "engine_types.h"

#include <cmath>

QPointF webMercator(const himnet::LatLon& where)
{
    constexpr double kRadius = 6378137.0, kPi = 3.14159265358979323846;
    const double x = kRadius * where.longitude * kPi / 180.0;
    const double y = kRadius * std::log(std::tan(kPi / 4.0 + where.latitude * kPi / 360.0));
    return {x, -y};
}

void registerEngineTypes()
{
    qRegisterMetaType<LoadedDataset>();
    qRegisterMetaType<LoadedModel>();
    qRegisterMetaType<EmbeddingRequest>();
    qRegisterMetaType<EmbeddingResult>();
    qRegisterMetaType<PoolMaps>();
    qRegisterMetaType<PlanBaselines>();
    qRegisterMetaType<QVector<QPointF>>();
    qRegisterMetaType<himnet::Forecast>();
    qRegisterMetaType<himnet::EvaluationReport>();
    qRegisterMetaType<himnet::TrainProgress>();
    qRegisterMetaType<himnet::TrainResult>();
    qRegisterMetaType<himnet::TrainingOptions>();
    qRegisterMetaType<himnet::ModelFileSummary>();
    qRegisterMetaType<std::shared_ptr<const himnet::Dataset>>();
}
