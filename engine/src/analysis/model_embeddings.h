#pragma once
// A HimNet's embedding tables copied out of its parameters, and the named tensors a
// checkpoint keeps them as (its /start group: where training began).
#include "himnet/embedding_tables.h"
#include "model/himnet.h"
#include "train/state_dict.h"

#include <string>

namespace himnet {

/// Copies (float64, CPU) of `model`'s node, time-of-day and day-of-week embeddings.
EmbeddingTables embeddingTablesOf(const HimNetImpl& model);

/// Copies (CPU) of the same three embeddings under their state-dict names (node_embedding,
/// tod_embedding.weight, dow_embedding.weight).
NamedTensors embeddingTensorsOf(const HimNetImpl& model);

/// The tables held in `tensors`, named as embeddingTensorsOf names them. Throws InputError
/// naming `path` when one is missing, or its shape is not `config`'s, or it is not finite.
EmbeddingTables embeddingTablesFrom(const NamedTensors& tensors, const HimNetConfig& config, const std::string& path);

} // namespace himnet
