#pragma once
// Split-conformal forecast intervals (himnet::ForecastIntervals): calibrated on the absolute
// errors of one split's windows, their coverage counted on another's.
#include "himnet/evaluation.h"

#include <torch/torch.h>

#include <vector>

namespace himnet {

/// Keeps every present target's absolute error, per horizon step and sensor, and gives the
/// half-widths that `level` of them stay within.
class ConformalCalibration {
public:
    ConformalCalibration(int64_t horizon, int64_t sensors, double missingValue);
    /// prediction, target: (B, Q, N, 1) de-scaled and raw.
    void add(const torch::Tensor& prediction, const torch::Tensor& target);
    /// The intervals of `level` (0 < level < 1) over the `windows` added. None (`missing` says
    /// why) when a step has fewer present targets over every sensor than the level needs.
    ForecastIntervals intervals(double level, const std::string& split, int64_t windows) const;

private:
    int64_t m_horizon, m_sensors;
    double m_missing;
    std::vector<std::vector<float>> m_errors; ///< per cell q * N + n
};

/// Counts, over the batches added, the present targets inside their intervals.
class IntervalCoverageCount {
public:
    IntervalCoverageCount(const ForecastIntervals& intervals, double missingValue);
    /// prediction, target: (B, Q, N, 1) de-scaled and raw; hourOfDay: (B, Q) int64, the hour
    /// (0 … 23) of each window's step.
    void add(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& hourOfDay);
    /// `intervals` with their steps', hours' and overall coverage.
    void fill(ForecastIntervals& intervals) const;

private:
    torch::Tensor m_halfWidths; ///< (1, Q, N) float64
    double m_missing;
    torch::Tensor m_targets, m_covered, m_widths; ///< (Q,) float64
    torch::Tensor m_hourTargets, m_hourCovered, m_hourWidths; ///< (24,) float64
};

/// The 1-based rank, among n sorted errors, of the half-width of `level`: ⌈(n + 1) · level⌉.
/// Above n when n errors are too few for the level.
int64_t conformalRank(int64_t n, double level);

} // namespace himnet
