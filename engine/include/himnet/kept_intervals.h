#pragma once
// The forecast intervals a checkpoint keeps with its test report: they belong to the model
// (calibrated on its validation period), so they serve any data of its network, the latest
// hours of a live feed included, which have no test period to measure them on.
#include "himnet/evaluation.h"
#include "himnet/forecasting.h"

#include <optional>
#include <string>
#include <vector>

namespace himnet {

/// The report `checkpointPath` keeps (storeMetrics) when it has forecast intervals of
/// `forecaster`'s sensors and steps, of `level` (0: the report its /metrics describes); none
/// when it keeps none, or one that cannot be read back (of an earlier version, say).
std::optional<EvaluationReport> keptReportWithIntervals(const Forecaster& forecaster, const std::string& checkpointPath,
                                                        double level = kIntervalLevel);
/// The same of the first of `levels` it keeps such a report of, from one reading of the file:
/// {0.95, 0} gives its 95 % intervals, else the ones it describes.
std::optional<EvaluationReport> keptReportWithIntervals(const Forecaster& forecaster, const std::string& checkpointPath,
                                                        const std::vector<double>& levels);

} // namespace himnet
