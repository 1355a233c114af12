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
    std::optional<StoredEvaluation> described;
    std::vector<StoredEvaluation> otherLevels;
    try {
        readCheckpointEvaluations(checkpointPath, described, otherLevels);
    } catch (const InputError&) { // opened a moment ago, so hardly: none
        return std::nullopt;
    }
    for (double level : levels) {
        const StoredEvaluation* kept = storedEvaluationAtLevel(described, otherLevels, level);
        if (!kept) continue;
        try {
            EvaluationReport report = checkpointReport(*kept, checkpointPath);
            const ForecastIntervals& in = report.intervals;
            if (!in.empty() && in.sensors == forecaster.sensorCount() && in.horizon >= forecaster.horizon()) return report;
        } catch (const InputError&) { // kept by an earlier version, without intervals: the next level
        }
    }
    return std::nullopt;
}

} // namespace himnet
