#pragma once
#include "data/windowed_data.h"
#include "himnet/evaluation.h"
#include "model/himnet.h"

namespace himnet {
/// Metrics of `model` and both baselines over every window of `split`.
EvaluationReport evaluateModel(HimNetImpl& model, const WindowedData& windows, Split split, const torch::Device& device);
} // namespace himnet
