#include "himnet/kept_intervals.h"
#include "himnet/errors.h"
#include "train/checkpoint.h"
#include "train/stored_evaluation.h"

namespace himnet {

std::optional<EvaluationReport> keptReportWithIntervals(const Forecaster& forecaster, const std::string& checkpointPath, double level)
{
    return keptReportWithIntervals(forecaster, checkpointPath, std::vector<double>{level});
}

std::optional<EvaluationReport> keptReportWithIntervals(const Forecaster& forecaster, const std::string& checkpointPath,
                                                        const std::vector<double>& levels)
{
    std::optional<Checkpoint> c;
    try {
        c = readCheckpoint(checkpointPath);
    } catch (const InputError&) { // opened a moment ago, so hardly: none
        return std::nullopt;
    }
    for (double level : levels) {
        const StoredEvaluation* kept = storedEvaluationAtLevel(*c, level);
        if (!kept) continue;
        try {
            EvaluationReport report = reportOf(*kept, checkpointPath);
            report.fromCheckpoint = true;
            const ForecastIntervals& in = report.intervals;
            if (!in.empty() && in.sensors == forecaster.sensorCount() && in.horizon >= forecaster.horizon()) return report;
        } catch (const InputError&) { // kept by an earlier version, without intervals: the next level
        }
    }
    return std::nullopt;
}

} // namespace himnet
