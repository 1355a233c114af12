#pragma once
// A small HimNet's checkpoint as training writes one (la-week's first six sensors, 15-minute
// steps, two epochs), for the tests of the file and of what opens it.
#include "analysis/model_embeddings.h"
#include "model/himnet.h"
#include "train/checkpoint.h"

namespace himnet::testing {

/// Six sensors (or `nodes`), hidden size 8, 96 steps per day.
inline HimNetConfig smallConfig(int64_t nodes = 6)
{
    HimNetConfig c;
    c.numNodes = nodes;
    c.hiddenDim = 8;
    c.stepsPerDay = 96;
    return c;
}

/// The checkpoint of `model` with a scaler, la-week's first six sensors, two epochs of
/// history, metrics, Adam's state and where its embeddings started.
inline Checkpoint checkpointOf(HimNet& model)
{
    Checkpoint c;
    c.config = model->config();
    c.params = stateDictOf(*model);
    c.scaler = ScalerState{54.2, 19.7};
    c.dataset = DatasetStamp{"la-week", {"773869", "767541", "767542", "717447", "717446", "717445"}, 96, {}, {}, {}};
    c.history = {{1, 3.5, 3.9, 1e-3, 12.5}, {2, 3.1, 3.4, 1e-3, 12.1}};
    c.metrics = R"({"all": {"mae": 3.1}})";
    c.optimizerState = R"({"step": 2})";
    c.optimizerTensors = {{"exp_avg.node_embedding", torch::ones({6, 16})}};
    c.start = embeddingTensorsOf(*model);
    return c;
}

} // namespace himnet::testing
