#pragma once
#include "data/windowed_data.h"
#include "himnet/evaluation.h"
#include "model/himnet.h"

#include <vector>

namespace himnet {
/// Metrics of `model` and both baselines over every window of `split`, and of the test split
/// its forecast intervals of `intervalLevel`.
/// `onProgress` hears of each batch measured. Throws Cancelled between batches once `cancel` is set.
EvaluationReport evaluateModel(HimNetImpl& model, const WindowedData& windows, Split split, const torch::Device& device,
                               const CancelToken* cancel = nullptr, const EvaluationProgress& onProgress = {},
                               double intervalLevel = kIntervalLevel);
/// The same from one pass over the data, with intervals of each of `intervalLevels` (not
/// empty): one report per level, in their order, that differ only in their intervals. Of the
/// validation split, one report.
std::vector<EvaluationReport> evaluateModel(HimNetImpl& model, const WindowedData& windows, Split split, const torch::Device& device,
                                           const CancelToken* cancel, const EvaluationProgress& onProgress,
                                           const std::vector<double>& intervalLevels);
} // namespace himnet
