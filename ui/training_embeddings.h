#pragma once
// The explorer's picture of a model while it trains. After each epoch the node embeddings that
// came with the progress are projected and clustered with the explorer's settings, then turned
// to match the previous epoch's picture (himnet::alignLayout), so that the clusters stay where
// they were and the viewer sees them form. Runs on the engine thread, inside the training's
// progress callback (a projection of a few hundred sensors is short next to an epoch); the
// settings come from the GUI thread.
#include "engine_types.h"

#include <mutex>
#include <optional>

class TrainingEmbeddings {
public:
    /// The explorer's settings, or none: no picture while training. Thread-safe.
    void setOptions(std::optional<himnet::EmbeddingMapOptions> options);
    /// A new training starts: its first picture is not turned to match an older one.
    void restart();
    /// The picture of an Epoch progress's node embeddings; none for other progress, without
    /// settings, when cancelled, or when the projection fails (a failed picture never stops
    /// the training; the reason goes to the log).
    std::optional<EmbeddingResult> map(const himnet::TrainProgress& progress, const std::shared_ptr<const himnet::Dataset>& data,
                                       const himnet::CancelToken* cancel);

private:
    std::optional<himnet::EmbeddingMapOptions> options() const;

    mutable std::mutex m_mutex;
    std::optional<himnet::EmbeddingMapOptions> m_options;
    himnet::Matrix m_previous; ///< the last picture's layout; engine thread only
};
