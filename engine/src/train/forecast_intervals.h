#pragma once
// Split-conformal forecast intervals (himnet::ForecastIntervals): calibrated on the absolute
// errors of one split's windows, their coverage counted on another's.
#include "data/windowed_data.h"
#include "himnet/evaluation.h"

#include <torch/torch.h>

#include <vector>

namespace himnet {

/// ForecastIntervals::hourFactors of `windows`' training period: at each hour of the day, how
/// far the readings stray from their sensor's mean at that time of day (the day-to-day spread
/// no forecast foresees: large in the rush hours, small at night), every sensor together, over
/// its mean across the day; the same at every horizon step. Hours without readings get 1, and
/// no factor is below 0.2 (a quiet night is not certainty).
std::vector<float> hourFactorsOf(const WindowedData& windows);

/// Keeps every present target's absolute error, divided by its factor at its time of day
/// (hourFactorAt), per horizon step
/// and sensor, and gives the half-widths that `level` of them stay within.
class ConformalCalibration {
public:
    /// hourFactors: (horizon, 24), or empty for 1 at every hour.
    ConformalCalibration(int64_t horizon, int64_t sensors, double missingValue, std::vector<float> hourFactors = {});
    /// prediction, target: (B, Q, N, 1) de-scaled and raw; secondOfDay: (B, Q) int64, the time
    /// of day (0 … 86399) of each window's step.
    void add(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& secondOfDay);
    /// The intervals of `level` (0 < level < 1) over the `windows` added. None (`missing` says
    /// why) when a step has fewer present targets over every sensor than the level needs.
    ForecastIntervals intervals(double level, const std::string& split, int64_t windows) const;

private:
    int64_t m_horizon, m_sensors;
    double m_missing;
    std::vector<float> m_hourFactors;
    std::vector<std::vector<float>> m_errors; ///< per cell q * N + n, divided by their factor
};

/// Counts, over the batches added, the present targets inside their intervals, per horizon
/// step and per sensor and hour of the week.
class IntervalCoverageCount {
public:
    IntervalCoverageCount(const ForecastIntervals& intervals, double missingValue);
    /// prediction, target: (B, Q, N, 1) de-scaled and raw; hourOfWeek: (B, Q) int64, the hour
    /// of the week (day * 24 + hour, Monday 0:00 = 0) of each window's step, and secondOfDay
    /// its time of day (0 … 86399), which sizes its interval.
    void add(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& hourOfWeek,
             const torch::Tensor& secondOfDay);
    /// `intervals` with their steps', hours' of the day and overall coverage.
    void fill(ForecastIntervals& intervals) const;
    /// `sums` (of the same targets) with the targets covered and the half-widths per sensor and
    /// hour of the week.
    void fill(SensorHourSums& sums) const;

private:
    torch::Tensor m_halfWidths; ///< (1, Q, N) float64, at a factor of 1
    std::vector<float> m_hourFactors; ///< (Q, 24); empty: 1 at every hour
    double m_missing;
    torch::Tensor m_targets, m_covered, m_widths; ///< (Q,) float64
    torch::Tensor m_cellTargets, m_cellCovered, m_cellWidths; ///< (168 · N,) float64: hour of week * N + sensor
};

/// Sums over targets from which IntervalCoverage of several cells combines exactly: the targets,
/// those inside their interval, and the sum of their half-widths.
struct CoverageSums {
    double targets = 0, covered = 0, widths = 0;
    void add(double cellTargets, double cellCovered, double cellWidths)
    {
        targets += cellTargets;
        covered += cellCovered;
        widths += cellWidths;
    }
    void add(const IntervalCoverage& c)
    {
        const auto n = static_cast<double>(c.targets);
        add(n, c.covered * n, c.meanHalfWidth * n);
    }
    /// Of horizon step `step` (1-based; 0 over all); empty without targets.
    IntervalCoverage coverage(int64_t step = 0) const
    {
        return {step, static_cast<int64_t>(targets), targets > 0 ? covered / targets : 0.0, targets > 0 ? widths / targets : 0.0};
    }
};

/// Fills each sensor's and each hour of the week's IntervalCoverage in `report` from its
/// SensorHourSums; leaves them empty when those have no intervals' sums.
void addIntervalCoverageOfCells(EvaluationReport& report);

/// The 1-based rank, among n sorted errors, of the half-width of `level`: ⌈(n + 1) · level⌉.
/// Above n when n errors are too few for the level.
int64_t conformalRank(int64_t n, double level);

} // namespace himnet
