#include "train/metrics.h"
#include "himnet/errors.h"

#include <cmath>
#include <stdexcept>

namespace himnet {

torch::Tensor maskedMae(const torch::Tensor& prediction, const torch::Tensor& target, double missingValue)
{
    const torch::Tensor mask = (target != missingValue).to(prediction.scalar_type());
    return ((prediction - target).abs() * mask).sum() / mask.sum().clamp_min(1.0);
}

torch::Tensor maskedHuber(const torch::Tensor& prediction, const torch::Tensor& target, double missingValue)
{
    const torch::Tensor mask = (target != missingValue).to(prediction.scalar_type());
    const torch::Tensor error = (prediction - target).abs();
    const torch::Tensor huber = torch::where(error < 1.0, 0.5 * error * error, error - 0.5);
    return (huber * mask).sum() / mask.sum().clamp_min(1.0);
}

double presentTargets(const torch::Tensor& target, double missingValue) { return (target != missingValue).sum().item<double>(); }

torch::Tensor trainingLoss(const std::string& name, const torch::Tensor& prediction, const torch::Tensor& target,
                           double missingValue)
{
    if (name == "masked_mae" || name == "mae") return maskedMae(prediction, target, missingValue);
    if (name == "huber") return maskedHuber(prediction, target, missingValue);
    throw InputError("unknown loss '" + name + "': expected masked_mae or huber");
}

MetricAccumulator::MetricAccumulator(int64_t horizon, double missingValue, double nearZero, int64_t cellCount)
    : m_missing(missingValue), m_nearZero(nearZero), m_cells(cellCount)
{
    const auto options = torch::TensorOptions().dtype(torch::kFloat64);
    m_abs = torch::zeros({horizon}, options);
    m_sq = torch::zeros({horizon}, options);
    m_pct = torch::zeros({horizon}, options);
    m_count = torch::zeros({horizon}, options);
}

void MetricAccumulator::add(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& cells)
{
    torch::NoGradGuard noGrad;
    const torch::Tensor p = prediction.detach().to(torch::kCPU, torch::kFloat64);
    const torch::Tensor t = target.detach().to(torch::kCPU, torch::kFloat64);
    const torch::Tensor mask = (t != m_missing).to(torch::kFloat64);
    const torch::Tensor error = (p - t) * mask;
    const std::vector<int64_t> reduce{0, 2, 3};
    m_abs += error.abs().sum(reduce);
    m_sq += (error * error).sum(reduce);
    const torch::Tensor percent = error.abs() / torch::where(mask > 0, t.abs(), torch::ones_like(t));
    m_pct += percent.sum(reduce);
    m_count += mask.sum(reduce);
    const std::vector<int64_t> overSensors{0, 1, 3};
    if (!m_sensorAbs.defined()) {
        const auto sensors = torch::zeros({t.size(2)}, torch::TensorOptions().dtype(torch::kFloat64));
        m_sensorAbs = sensors.clone();
        m_sensorSq = sensors.clone();
        m_sensorPct = sensors.clone();
        m_sensorCount = sensors.clone();
    }
    m_sensorAbs += error.abs().sum(overSensors);
    m_sensorSq += (error * error).sum(overSensors);
    m_sensorPct += percent.sum(overSensors);
    m_sensorCount += mask.sum(overSensors);
    if (m_cells > 0) {
        if (!cells.defined() || cells.sizes() != t.sizes().slice(0, 2))
            throw std::invalid_argument("MetricAccumulator::add: cells must be (B, Q), one per window and step");
        const int64_t N = t.size(2);
        if (!m_cellAbs.defined()) {
            const auto zeros = torch::zeros({m_cells, N}, torch::TensorOptions().dtype(torch::kFloat64));
            m_cellAbs = zeros.clone();
            m_cellSq = zeros.clone();
            m_cellPct = zeros.clone();
            m_cellCount = zeros.clone();
        }
        const torch::Tensor index = cells.to(torch::kCPU, torch::kLong).reshape({-1});
        const auto perWindowStep = [N](const torch::Tensor& x) { return x.sum(3).reshape({-1, N}); }; // (B·Q, N)
        m_cellAbs.index_add_(0, index, perWindowStep(error.abs()));
        m_cellSq.index_add_(0, index, perWindowStep(error * error));
        m_cellPct.index_add_(0, index, perWindowStep(percent));
        m_cellCount.index_add_(0, index, perWindowStep(mask));
    }
    if (m_nearZero > 0) {
        const torch::Tensor nearZero = mask * (t.abs() < m_nearZero).to(torch::kFloat64);
        m_nearZeroPct += (percent * nearZero).sum().item<double>();
        m_nearZeroCount += nearZero.sum().item<double>();
    }
}

ErrorMetrics MetricAccumulator::from(double absSum, double sqSum, double pctSum, double count) const
{
    if (count <= 0) return {};
    return {absSum / count, std::sqrt(sqSum / count), 100.0 * pctSum / count};
}

ErrorMetrics MetricAccumulator::step(int64_t q) const
{
    return from(m_abs[q].item<double>(), m_sq[q].item<double>(), m_pct[q].item<double>(), m_count[q].item<double>());
}

ErrorMetrics MetricAccumulator::overall() const
{
    return from(m_abs.sum().item<double>(), m_sq.sum().item<double>(), m_pct.sum().item<double>(), m_count.sum().item<double>());
}

ErrorMetrics MetricAccumulator::sensor(int64_t n) const
{
    if (!m_sensorAbs.defined()) return {};
    return from(m_sensorAbs[n].item<double>(), m_sensorSq[n].item<double>(), m_sensorPct[n].item<double>(), m_sensorCount[n].item<double>());
}

int64_t MetricAccumulator::sensorTargets(int64_t n) const
{
    return m_sensorAbs.defined() ? static_cast<int64_t>(m_sensorCount[n].item<double>()) : 0;
}

ErrorMetrics MetricAccumulator::cell(int64_t c) const
{
    if (!m_cellAbs.defined()) return {};
    return from(m_cellAbs[c].sum().item<double>(), m_cellSq[c].sum().item<double>(), m_cellPct[c].sum().item<double>(),
                m_cellCount[c].sum().item<double>());
}

int64_t MetricAccumulator::cellTargets(int64_t c) const
{
    return m_cellAbs.defined() ? static_cast<int64_t>(m_cellCount[c].sum().item<double>()) : 0;
}

double MetricAccumulator::nearZeroTargetShare() const
{
    const double count = m_count.sum().item<double>();
    return count > 0 ? m_nearZeroCount / count : 0.0;
}

double MetricAccumulator::nearZeroMapeShare() const
{
    const double pct = m_pct.sum().item<double>();
    return pct > 0 ? m_nearZeroPct / pct : 0.0;
}

} // namespace himnet
