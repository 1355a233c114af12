#pragma once
// Evaluation against the paper's protocol: masked MAE, RMSE and MAPE per horizon step and
// over all steps, beside two baselines computed on the same windows.
#include "himnet/cancel_token.h"
#include "himnet/dataset.h"
#include "himnet/runtime.h"

#include <memory>
#include <string>
#include <vector>

namespace himnet {

struct ErrorMetrics {
    double mae = 0;
    double rmse = 0;
    double mape = 0; ///< percent
};

struct HorizonMetrics {
    int64_t step = 0; ///< 1-based horizon step
    ErrorMetrics model, lastValue, historicalAverage;
};

struct EvaluationReport {
    std::string split;    ///< "val" or "test"
    int64_t windows = 0;
    /// The times its windows span (UTC seconds): the first window's first input to the last
    /// window's last target, as TrainingPlan's periods.
    int64_t firstTime = 0, lastTime = 0;
    int64_t intervalSeconds = 300;
    std::string unit; ///< of MAE and RMSE (the dataset's); empty when unknown
    ErrorMetrics all, lastValue, historicalAverage;
    std::vector<HorizonMetrics> horizons;
    std::vector<std::string> notes;
    /// Non-empty when targets near zero make most of HimNet's MAPE (Shenzhen's near-empty
    /// roads, say): what share, and that MAE and RMSE are the figures to read.
    std::string mapeCaveat;
};

/// The contract of `himnet evaluate --json` (ARCHITECTURE.md).
std::string toJson(const EvaluationReport& report);
/// A table: steps 3, 6, 12 (in minutes too) and all, model against both baselines.
std::string toTable(const EvaluationReport& report);

/// Stores `report` (as toJson) in the checkpoint's /metrics, atomically.
void storeMetrics(const std::string& checkpointPath, const EvaluationReport& report);

/// Evaluates the best weights of `checkpointPath` on `split` ("val" or "test") of `data`.
/// Throws InputError when the checkpoint does not belong to this dataset's network, and
/// Cancelled between batches once `cancel` is set.
EvaluationReport evaluateCheckpoint(std::shared_ptr<const Dataset> data, const std::string& checkpointPath,
                                    const std::string& split = "test", DeviceKind device = DeviceKind::Auto,
                                    const CancelToken* cancel = nullptr);

} // namespace himnet
