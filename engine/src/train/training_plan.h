#pragma once
// The TrainingPlan of windows already built, as training reports it when it starts.
#include "data/temporal_context.h"
#include "data/windowed_data.h"
#include "himnet/training.h"

namespace himnet {

TrainingPlan trainingPlanOf(const WindowedData& windows, const TemporalContextMap& context, const TrainingOptions& options);

} // namespace himnet
