#pragma once
// A HimNet's embedding tables copied out of its parameters.
#include "himnet/embedding_tables.h"
#include "model/himnet.h"

namespace himnet {

/// Copies (float64, CPU) of `model`'s node, time-of-day and day-of-week embeddings.
EmbeddingTables embeddingTablesOf(const HimNetImpl& model);

} // namespace himnet
