#pragma once
// The TrainingPlan of windows already built, as training reports it when it starts, and the
// periods of splits as plans and evaluation reports give them.
#include "data/temporal_context.h"
#include "data/windowed_data.h"
#include "himnet/training.h"

namespace himnet {

/// The period windows starting at `starts` cover, each `span` steps long (inputs and targets).
SplitPeriod periodOf(const Dataset& data, const std::vector<int64_t>& starts, int64_t span);
/// "2012-03-06 12:50": a time to the minute, as plans and evaluation tables print periods.
std::string minuteText(int64_t time);

/// "70 / 10 / 20 %": the shares of training, validation and test when split by time.
std::string sharesText(double trainRatio, double valRatio);

TrainingPlan trainingPlanOf(const WindowedData& windows, const TemporalContextMap& context, const TrainingOptions& options);

} // namespace himnet
