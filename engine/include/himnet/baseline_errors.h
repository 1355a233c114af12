#pragma once
// What a trained model must beat, known before any training: the errors of the two naive
// forecasts every evaluation sets HimNet beside (the last value, and the historical average
// of the training period), on the test windows of a dataset as training would split it.
#include "himnet/evaluation.h"
#include "himnet/training.h"

#include <memory>
#include <string>
#include <vector>

namespace himnet {

struct BaselineErrors {
    struct Step {
        int64_t step = 0; ///< 1-based horizon step
        ErrorMetrics lastValue, historicalAverage;
    };
    int64_t windows = 0;         ///< of the test split
    int64_t intervalSeconds = 0; ///< of a step
    std::string unit;
    std::vector<Step> steps;
    ErrorMetrics lastValue, historicalAverage; ///< over all steps
};

/// The naive forecasts' errors on the test windows of `data` as `options` split it (masked as
/// evaluateModel's: the figures its report gives them). A pass over the test windows, no model
/// (0.2 s on la-week; `himnet info` on a demo city of METR-LA's size, 6850 test windows of 207
/// sensors, takes 1.6 s in all). InputError as planTraining when the data cannot be split.
BaselineErrors baselineErrors(std::shared_ptr<const Dataset> data, const TrainingOptions& options);

/// "last value MAE 4.39 mph (15 min 3.55, 30 min 4.35, 60 min 5.73); historical average MAE
/// 4.65 mph (…) over 399 test windows: a model must beat 4.39 mph overall": the steps
/// `himnet evaluate`'s table gives (3, 6 and 12 where the horizon has them, and its last).
std::string describeBaselineErrors(const BaselineErrors& errors);

/// {"windows", "last_value": {"mae", "rmse", "mape"}, "historical_average": {…},
/// "steps": [{"step", "minutes", "last_value", "historical_average"}]}.
std::string toJson(const BaselineErrors& errors);

} // namespace himnet
