#include "training_embeddings.h"

#include <QtGlobal>

void TrainingEmbeddings::setSettings(std::optional<TrainingPictureSettings> settings)
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_settings = std::move(settings);
}

std::optional<TrainingPictureSettings> TrainingEmbeddings::settings() const
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_settings;
}

void TrainingEmbeddings::restart() { m_previous.clear(); }

std::optional<EmbeddingResult> TrainingEmbeddings::map(const himnet::TrainProgress& progress,
                                                       const std::shared_ptr<const himnet::Dataset>& data,
                                                       const himnet::CancelToken* cancel)
{
    if (progress.kind != himnet::TrainProgress::Kind::Epoch || !data) return std::nullopt;
    const std::optional<TrainingPictureSettings> chosen = settings();
    if (!chosen) return std::nullopt;
    const himnet::Matrix* vectors = progress.embeddings ? progress.embeddings->of(chosen->kind) : nullptr;
    if (!vectors) return std::nullopt;
    try {
        EmbeddingResult result;
        result.request.data = data;
        result.request.kind = chosen->kind;
        result.request.options = chosen->options;
        result.trainingEpoch = progress.epoch;
        result.trainingEpochs = progress.epochs;
        himnet::EmbeddingPoints points = himnet::embeddingPoints(chosen->kind, *vectors, *data);
        if (progress.startEmbeddings) {
            points.startVectors = *progress.startEmbeddings->of(chosen->kind);
            points.startedFrom = progress.startedFrom;
        }
        result.points = std::make_shared<const himnet::EmbeddingPoints>(std::move(points));
        result.map = himnet::mapEmbeddings(*result.points, chosen->options, {}, cancel);
        if (result.map.cancelled) return std::nullopt;
        himnet::Matrix& previous = m_previous[chosen->kind];
        if (previous.rows == result.map.layout.rows && previous.cols == result.map.layout.cols)
            result.map.layout = himnet::alignLayout(result.map.layout, previous);
        previous = result.map.layout;
        return result;
    } catch (const std::exception& e) {
        qWarning("the %s embeddings of epoch %lld could not be projected: %s", himnet::embeddingKindName(chosen->kind).c_str(),
                 static_cast<long long>(progress.epoch), e.what());
        return std::nullopt;
    }
}
