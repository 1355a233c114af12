#include "train/forecast_intervals.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace himnet {

int64_t conformalRank(int64_t n, double level)
{
    // Rounded up; 1e-9 keeps a whole product that floating point overshoots (100 · 0.55 =
    // 55.00000000000001) from being rounded up past it.
    return static_cast<int64_t>(std::ceil(static_cast<double>(n + 1) * level - 1e-9));
}

namespace {

/// The hours of the week coverage is counted in, Monday 0:00 first.
constexpr int64_t kHoursOfWeekCells = 7 * 24;

/// The half-width of `level` among `errors` (reordered); negative when they are too few.
float conformalHalfWidth(std::vector<float>& errors, double level)
{
    const int64_t rank = conformalRank(static_cast<int64_t>(errors.size()), level);
    if (rank > static_cast<int64_t>(errors.size()) || rank < 1) return -1.0f;
    const auto kth = errors.begin() + (rank - 1);
    std::nth_element(errors.begin(), kth, errors.end());
    return *kth;
}

/// (B, Q, N) float64 on the CPU of a (B, Q, N, 1) tensor.
torch::Tensor cpuDoubles(const torch::Tensor& t) { return t.detach().to(torch::kCPU, torch::kFloat64).squeeze(-1).contiguous(); }

} // namespace

std::vector<float> hourFactorsOf(const WindowedData& windows)
{
    torch::NoGradGuard noGrad;
    const Dataset& data = windows.dataset();
    const int64_t T = windows.options().inSteps, Q = windows.options().outSteps, N = data.numNodes;
    const std::vector<int64_t>& starts = windows.starts(Split::Train);
    std::vector<float> factors(static_cast<size_t>(Q * 24), 1.0f);
    if (starts.empty()) return factors;
    // The training period's steps, each sensor's mean at each slot of the day over them, and
    // how far the readings stray from it, hour by hour, every sensor together.
    const int64_t first = starts.front(), last = std::min(data.numSteps, starts.back() + T + Q);
    const int64_t slotsPerDay = 86400 / data.intervalSeconds;
    const torch::Tensor values = torch::from_blob(const_cast<float*>(data.values.data()), {data.numSteps, N, data.numChannels}, torch::kFloat32)
                                     .select(2, 0)
                                     .slice(0, first, last)
                                     .to(torch::kFloat64);
    const torch::Tensor present = (values != static_cast<double>(data.missingValue)).to(torch::kFloat64);
    const torch::Tensor slot = torch::tensor(std::vector<int64_t>(windows.slots().begin() + first, windows.slots().begin() + last), torch::kLong);
    const torch::Tensor sums = torch::zeros({slotsPerDay, N}, torch::kFloat64).index_add_(0, slot, values * present);
    const torch::Tensor counts = torch::zeros({slotsPerDay, N}, torch::kFloat64).index_add_(0, slot, present);
    const torch::Tensor deviation = (values - (sums / counts.clamp_min(1.0)).index_select(0, slot)).abs() * present;
    const torch::Tensor hour = torch::div(slot * data.intervalSeconds, 3600, "floor");
    const torch::Tensor hourSums = torch::zeros({24}, torch::kFloat64).index_add_(0, hour, deviation.sum(1));
    const torch::Tensor hourCounts = torch::zeros({24}, torch::kFloat64).index_add_(0, hour, present.sum(1));
    const double total = hourSums.sum().item<double>(), readings = hourCounts.sum().item<double>();
    if (total <= 0 || readings <= 0) return factors; // one reading per slot, or none: no day-to-day spread to tell
    const double mean = total / readings;
    for (int h = 0; h < 24; ++h) {
        const double n = hourCounts[h].item<double>();
        if (n <= 0) continue;
        const auto factor = static_cast<float>(std::max(0.2, hourSums[h].item<double>() / n / mean));
        for (int64_t q = 0; q < Q; ++q) factors[static_cast<size_t>(q * 24 + h)] = factor;
    }
    return factors;
}

ConformalCalibration::ConformalCalibration(int64_t horizon, int64_t sensors, double missingValue, std::vector<float> hourFactors)
    : m_horizon(horizon), m_sensors(sensors), m_missing(missingValue), m_hourFactors(std::move(hourFactors)),
      m_errors(static_cast<size_t>(horizon * sensors))
{
    if (!m_hourFactors.empty() && m_hourFactors.size() != static_cast<size_t>(horizon * 24))
        throw std::invalid_argument("ConformalCalibration: hourFactors must be (horizon, 24)");
}

void ConformalCalibration::add(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& secondOfDay)
{
    const torch::Tensor p = cpuDoubles(prediction), t = cpuDoubles(target);
    if (p.sizes() != t.sizes() || p.dim() != 3 || p.size(1) != m_horizon || p.size(2) != m_sensors)
        throw std::invalid_argument("ConformalCalibration::add: prediction and target must be (B, Q, N, 1) of its horizon and sensors");
    const torch::Tensor seconds = secondOfDay.to(torch::kCPU, torch::kLong).contiguous();
    if (seconds.numel() != p.size(0) * m_horizon)
        throw std::invalid_argument("ConformalCalibration::add: secondOfDay must be (B, Q), one per window and step");
    const double* pv = p.data_ptr<double>();
    const double* tv = t.data_ptr<double>();
    const int64_t* sv = seconds.data_ptr<int64_t>();
    for (int64_t b = 0; b < p.size(0); ++b)
        for (int64_t q = 0; q < m_horizon; ++q) {
            const float factor = hourFactorAt(m_hourFactors, q, sv[b * m_horizon + q]);
            for (int64_t n = 0; n < m_sensors; ++n) {
                const int64_t c = q * m_sensors + n, i = b * m_horizon * m_sensors + c;
                if (tv[i] == m_missing || std::isnan(tv[i])) continue;
                m_errors[static_cast<size_t>(c)].push_back(static_cast<float>(std::abs(pv[i] - tv[i])) / factor);
            }
        }
}

ForecastIntervals ConformalCalibration::intervals(double level, const std::string& split, int64_t windows) const
{
    ForecastIntervals r;
    r.calibrationSplit = split;
    r.calibrationWindows = windows;
    r.horizon = m_horizon;
    r.sensors = m_sensors;
    std::vector<float> halfWidths(m_errors.size());
    for (int64_t q = 0; q < m_horizon; ++q) {
        std::vector<float> step; // every sensor's errors at the step, for the cells with too few of their own
        for (int64_t n = 0; n < m_sensors; ++n) {
            const auto c = static_cast<size_t>(q * m_sensors + n);
            std::vector<float> errors = m_errors[c];
            step.insert(step.end(), errors.begin(), errors.end());
            halfWidths[c] = conformalHalfWidth(errors, level);
        }
        const size_t stepTargets = step.size();
        const float pooled = conformalHalfWidth(step, level);
        if (pooled < 0) {
            r.missing = "the " + split + " split has " + std::to_string(stepTargets) + " present targets at horizon step "
                        + std::to_string(q + 1) + ", too few for " + levelPercent(level)
                        + " % intervals";
            return r;
        }
        for (int64_t n = 0; n < m_sensors; ++n) {
            float& w = halfWidths[static_cast<size_t>(q * m_sensors + n)];
            if (w < 0) {
                w = pooled;
                ++r.pooledCells;
            }
        }
    }
    r.level = level;
    r.halfWidths = std::move(halfWidths);
    r.hourFactors = m_hourFactors;
    return r;
}

IntervalCoverageCount::IntervalCoverageCount(const ForecastIntervals& intervals, double missingValue)
    : m_halfWidths(torch::tensor(intervals.halfWidths, torch::kFloat32)
                       .to(torch::kFloat64)
                       .view({1, intervals.horizon, intervals.sensors})),
      m_hourFactors(intervals.hourFactors),
      m_missing(missingValue), m_targets(torch::zeros({intervals.horizon}, torch::kFloat64)),
      m_covered(torch::zeros({intervals.horizon}, torch::kFloat64)), m_widths(torch::zeros({intervals.horizon}, torch::kFloat64)),
      m_cellTargets(torch::zeros({kHoursOfWeekCells * intervals.sensors}, torch::kFloat64)),
      m_cellCovered(torch::zeros({kHoursOfWeekCells * intervals.sensors}, torch::kFloat64)),
      m_cellWidths(torch::zeros({kHoursOfWeekCells * intervals.sensors}, torch::kFloat64))
{
}

void IntervalCoverageCount::add(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& hourOfWeek,
                                const torch::Tensor& secondOfDay)
{
    torch::NoGradGuard noGrad;
    const torch::Tensor p = cpuDoubles(prediction), t = cpuDoubles(target);
    const int64_t B = p.size(0), Q = p.size(1), N = p.size(2);
    const torch::Tensor hoursOfWeek = hourOfWeek.to(torch::kCPU, torch::kLong);
    const torch::Tensor seconds = secondOfDay.to(torch::kCPU, torch::kLong).contiguous();
    if (hoursOfWeek.numel() != B * Q || seconds.numel() != B * Q)
        throw std::invalid_argument("IntervalCoverageCount::add: hourOfWeek and secondOfDay must be (B, Q), one per window and step");
    // Each target's half-width: its step's and sensor's, times its step's factor at its time of day.
    std::vector<double> factors(static_cast<size_t>(B * Q));
    const int64_t* sv = seconds.data_ptr<int64_t>();
    for (int64_t i = 0; i < B * Q; ++i) factors[static_cast<size_t>(i)] = hourFactorAt(m_hourFactors, i % Q, sv[i]);
    const torch::Tensor widths = m_halfWidths * torch::tensor(factors, torch::kFloat64).view({B, Q, 1});
    const torch::Tensor present = (t != m_missing).logical_and(t.isnan().logical_not()).to(torch::kFloat64).view({B, Q, N});
    const torch::Tensor inside = ((p - t).abs().view({B, Q, N}) <= widths).to(torch::kFloat64) * present;
    const torch::Tensor presentWidths = present * widths;
    const std::vector<int64_t> overWindowsAndSensors{0, 2};
    m_targets += present.sum(overWindowsAndSensors);
    m_covered += inside.sum(overWindowsAndSensors);
    m_widths += presentWidths.sum(overWindowsAndSensors);
    const torch::Tensor cell = (hoursOfWeek.view({B, Q, 1}) * N + torch::arange(N, torch::kLong).view({1, 1, N})).reshape({-1});
    m_cellTargets.index_add_(0, cell, present.reshape({-1}));
    m_cellCovered.index_add_(0, cell, inside.reshape({-1}));
    m_cellWidths.index_add_(0, cell, presentWidths.reshape({-1}));
}

namespace {

IntervalCoverage coverageOf(int64_t step, double targets, double covered, double widths)
{
    CoverageSums sums;
    sums.add(targets, covered, widths);
    return sums.coverage(step);
}

std::vector<double> doublesOf(const torch::Tensor& t)
{
    const torch::Tensor c = t.contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

} // namespace

void IntervalCoverageCount::fill(ForecastIntervals& intervals) const
{
    intervals.steps.clear();
    for (int64_t q = 0; q < m_targets.size(0); ++q)
        intervals.steps.push_back(coverageOf(q + 1, m_targets[q].item<double>(), m_covered[q].item<double>(), m_widths[q].item<double>()));
    intervals.all = coverageOf(0, m_targets.sum().item<double>(), m_covered.sum().item<double>(), m_widths.sum().item<double>());
    // (168 · N) → (7, 24, N) → the 24 hours of the day.
    const auto perHour = [](const torch::Tensor& cells) { return cells.view({7, 24, -1}).sum(std::vector<int64_t>{0, 2}); };
    const torch::Tensor targets = perHour(m_cellTargets), covered = perHour(m_cellCovered), widths = perHour(m_cellWidths);
    intervals.hours.clear();
    for (int h = 0; h < 24; ++h)
        intervals.hours.push_back(coverageOf(0, targets[h].item<double>(), covered[h].item<double>(), widths[h].item<double>()));
}

void IntervalCoverageCount::fill(SensorHourSums& sums) const
{
    sums.covered = doublesOf(m_cellCovered);
    sums.halfWidths = doublesOf(m_cellWidths);
}

void addIntervalCoverageOfCells(EvaluationReport& r)
{
    const SensorHourSums& sums = r.sensorHours;
    const auto sensors = static_cast<size_t>(std::max<int64_t>(sums.sensors, 0));
    const size_t cells = kHoursOfWeekCells * sensors;
    if (sums.targets.size() != cells || sums.covered.size() != cells || sums.halfWidths.size() != cells
        || r.sensors.size() != sensors || r.hoursOfWeek.size() != static_cast<size_t>(kHoursOfWeekCells))
        return;
    std::vector<CoverageSums> ofSensor(sensors);
    for (size_t c = 0; c < static_cast<size_t>(kHoursOfWeekCells); ++c) {
        CoverageSums ofHour;
        for (size_t n = 0; n < sensors; ++n) {
            const size_t i = c * sensors + n;
            ofHour.add(sums.targets[i], sums.covered[i], sums.halfWidths[i]);
            ofSensor[n].add(sums.targets[i], sums.covered[i], sums.halfWidths[i]);
        }
        r.hoursOfWeek[c].interval = ofHour.coverage();
    }
    for (size_t n = 0; n < sensors; ++n) r.sensors[n].interval = ofSensor[n].coverage();
}

} // namespace himnet
