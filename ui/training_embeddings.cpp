#include "training_embeddings.h"

#include <QtGlobal>

void TrainingEmbeddings::setOptions(std::optional<himnet::EmbeddingMapOptions> options)
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_options = std::move(options);
}

std::optional<himnet::EmbeddingMapOptions> TrainingEmbeddings::options() const
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_options;
}

void TrainingEmbeddings::restart() { m_previous = himnet::Matrix(); }

std::optional<EmbeddingResult> TrainingEmbeddings::map(const himnet::TrainProgress& progress,
                                                       const std::shared_ptr<const himnet::Dataset>& data,
                                                       const himnet::CancelToken* cancel)
{
    if (progress.kind != himnet::TrainProgress::Kind::Epoch || !progress.nodeEmbeddings || !data) return std::nullopt;
    const std::optional<himnet::EmbeddingMapOptions> settings = options();
    if (!settings) return std::nullopt;
    try {
        EmbeddingResult result;
        result.request.data = data;
        result.request.kind = himnet::EmbeddingKind::Node;
        result.request.options = *settings;
        result.trainingEpoch = progress.epoch;
        result.trainingEpochs = progress.epochs;
        result.points = std::make_shared<const himnet::EmbeddingPoints>(himnet::nodeEmbeddingPoints(*progress.nodeEmbeddings, *data));
        result.map = himnet::mapEmbeddings(*result.points, *settings, {}, cancel);
        if (result.map.cancelled) return std::nullopt;
        if (m_previous.rows == result.map.layout.rows && m_previous.cols == result.map.layout.cols)
            result.map.layout = himnet::alignLayout(result.map.layout, m_previous);
        m_previous = result.map.layout;
        return result;
    } catch (const std::exception& e) {
        qWarning("the node embeddings of epoch %lld could not be projected: %s", static_cast<long long>(progress.epoch), e.what());
        return std::nullopt;
    }
}
