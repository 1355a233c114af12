#pragma once
// Masked losses and metrics (HIMNET.md): a target equal to the missing value is excluded,
// the mask normalised by its mean — i.e. sums over present targets divided by their count.
#include "himnet/evaluation.h"

#include <torch/torch.h>

namespace himnet {

/// Masked mean absolute error of de-scaled `prediction` against raw `target`.
torch::Tensor maskedMae(const torch::Tensor& prediction, const torch::Tensor& target, double missingValue);
/// Masked Huber loss (delta 1).
torch::Tensor maskedHuber(const torch::Tensor& prediction, const torch::Tensor& target, double missingValue);
/// How many targets are present (not the missing value): what the masked losses divide by,
/// and so the weight of a batch's loss among others.
double presentTargets(const torch::Tensor& target, double missingValue);
/// "masked_mae" or "huber".
torch::Tensor trainingLoss(const std::string& name, const torch::Tensor& prediction, const torch::Tensor& target,
                           double missingValue);

/// Sums per horizon step, per sensor and per cell of the caller's (an hour of the week, say), so
/// that metrics over many batches equal metrics over all windows. It also keeps apart what
/// targets of magnitude below `nearZero` add to MAPE: a few of them can make it say nothing
/// about the rest.
class MetricAccumulator {
public:
    MetricAccumulator(int64_t horizon, double missingValue, double nearZero = 0, int64_t cellCount = 0);
    /// prediction, target: (B, Q, N, 1) de-scaled and raw. `cells`, when the accumulator has
    /// cells: (B, Q) int64, the cell in [0, cellCount) each window's step falls in.
    void add(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& cells = {});
    ErrorMetrics step(int64_t q) const; ///< 0-based
    ErrorMetrics overall() const;
    /// Over all steps, at sensor `n` (0-based, of the targets' N); zeros where it had no
    /// present target.
    ErrorMetrics sensor(int64_t n) const;
    /// The present targets at sensor `n`, over all steps.
    int64_t sensorTargets(int64_t n) const;
    /// Over every sensor, at the targets in cell `c`; zeros where it had no present target.
    ErrorMetrics cell(int64_t c) const;
    int64_t cellTargets(int64_t c) const;
    /// The sums behind them, per cell and sensor: (cellCount, N) float64 each; the percentages
    /// as fractions (|error| / |target|). Undefined before the first add.
    struct CellSums {
        torch::Tensor abs, sq, pct, count;
    };
    CellSums cellSums() const { return {m_cellAbs, m_cellSq, m_cellPct, m_cellCount}; }
    /// Over all steps: the share of the present targets below `nearZero`, and the share of
    /// the MAPE sum they make (0 when there is none).
    double nearZeroTargetShare() const;
    double nearZeroMapeShare() const;

private:
    ErrorMetrics from(double absSum, double sqSum, double pctSum, double count) const;
    double m_missing, m_nearZero;
    torch::Tensor m_abs, m_sq, m_pct, m_count; ///< (Q,) float64 on the CPU
    torch::Tensor m_sensorAbs, m_sensorSq, m_sensorPct, m_sensorCount; ///< (N,); undefined before the first add
    int64_t m_cells;
    torch::Tensor m_cellAbs, m_cellSq, m_cellPct, m_cellCount; ///< (cellCount, N); undefined before the first add
    double m_nearZeroPct = 0, m_nearZeroCount = 0;
};

} // namespace himnet
