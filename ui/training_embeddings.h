#pragma once
// The explorer's picture of a model while it trains. After each epoch the embeddings that came
// with the progress (the sensors', the times of day or the days of the week, as the explorer
// shows) are projected and clustered with the explorer's settings, then turned to match the
// previous epoch's picture of that kind (himnet::alignLayout), so that the clusters stay where
// they were and the viewer sees them form. Runs on the engine thread, inside the training's
// progress callback (a projection of a few hundred sensors is short next to an epoch); the
// settings come from the GUI thread.
#include "engine_types.h"

#include <map>
#include <mutex>
#include <optional>

/// What to draw after each epoch: which embeddings (node, time of day or day of week) and how.
struct TrainingPictureSettings {
    himnet::EmbeddingKind kind = himnet::EmbeddingKind::Node;
    himnet::EmbeddingMapOptions options;
};

class TrainingEmbeddings {
public:
    /// The explorer's settings, or none: no picture while training. Thread-safe.
    void setSettings(std::optional<TrainingPictureSettings> settings);
    /// A new training starts: its first pictures are not turned to match older ones.
    void restart();
    /// The picture of an Epoch progress's embeddings of the chosen kind; none for other
    /// progress, without settings, for spatiotemporal embeddings (they need a model run), when
    /// cancelled, or when the projection fails (a failed picture never stops the training; the
    /// reason goes to the log).
    std::optional<EmbeddingResult> map(const himnet::TrainProgress& progress, const std::shared_ptr<const himnet::Dataset>& data,
                                       const himnet::CancelToken* cancel);

private:
    std::optional<TrainingPictureSettings> settings() const;

    mutable std::mutex m_mutex;
    std::optional<TrainingPictureSettings> m_settings;
    std::map<himnet::EmbeddingKind, himnet::Matrix> m_previous; ///< each kind's last layout; engine thread only
};
