#pragma once
#include "data/windowed_data.h"
#include "himnet/evaluation.h"
#include "model/himnet.h"

#include <vector>

namespace himnet {
/// The horizon steps the text tables give (toTable, and the baselines' line of `himnet info`):
/// 3, 6 and 12 (a quarter, half and whole hour of 5-minute steps, as the paper reports), and
/// the horizon's last.
inline bool isTableStep(int64_t step, int64_t horizon) { return step == 3 || step == 6 || step == 12 || step == horizon; }

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
