#include "himnet/kept_intervals.h"
#include "himnet/errors.h"

namespace himnet {

std::optional<EvaluationReport> keptReportWithIntervals(const Forecaster& forecaster, const std::string& checkpointPath, double level)
{
    std::optional<EvaluationReport> report;
    try {
        report = storedReport(checkpointPath, level);
    } catch (const InputError&) { // kept by an earlier version, without intervals: none
        return std::nullopt;
    }
    if (!report || report->intervals.empty() || report->intervals.sensors != forecaster.sensorCount()
        || report->intervals.horizon < forecaster.horizon() || (level > 0 && !sameIntervalLevel(report->intervals.level, level)))
        return std::nullopt;
    return report;
}

} // namespace himnet
