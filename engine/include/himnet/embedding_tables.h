#pragma once
// The kinds of learned embedding the explorer shows, and a HimNet's three embedding tables
// (one row per sensor, per slot of the day, per day of week) as plain matrices.
#include "himnet/matrix.h"

#include <string>

namespace himnet {

enum class EmbeddingKind {
    Node,          ///< one point per sensor
    TimeOfDay,     ///< one point per slot of the day
    DayOfWeek,     ///< one point per day, Monday first
    SpatioTemporal ///< one point per sensor and forecast origin
};
/// "node", "tod", "dow", "st"; InputError otherwise.
EmbeddingKind parseEmbeddingKind(const std::string& text);
std::string embeddingKindName(EmbeddingKind kind);

/// The model's parameter tables. Spatiotemporal embeddings are not among them: they come from
/// a run of the model on a window of data.
struct EmbeddingTables {
    Matrix node;      ///< (N, d_node)
    Matrix timeOfDay; ///< (P, d_tod)
    Matrix dayOfWeek; ///< (7, d_dow), Monday first

    /// The table of `kind`; null for SpatioTemporal.
    const Matrix* of(EmbeddingKind kind) const;
};

} // namespace himnet
