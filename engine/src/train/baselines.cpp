#include "train/baselines.h"

namespace himnet {

torch::Tensor lastValueForecast(const WindowedData& w, const std::vector<int64_t>& windowStarts)
{
    const Dataset& d = w.dataset();
    const int64_t B = static_cast<int64_t>(windowStarts.size()), Q = w.options().outSteps, N = d.numNodes;
    torch::Tensor out = torch::empty({B, N}, torch::kFloat32);
    auto o = out.accessor<float, 2>();
    for (int64_t b = 0; b < B; ++b)
        for (int64_t n = 0; n < N; ++n) {
            float value = d.missingValue;
            for (int64_t t = windowStarts[b] + w.options().inSteps - 1; t >= windowStarts[b]; --t)
                if (!d.isMissing(t, n)) {
                    value = d.value(t, n);
                    break;
                }
            o[b][n] = value;
        }
    return out.view({B, 1, N, 1}).expand({B, Q, N, 1}).contiguous();
}

HistoricalAverage::HistoricalAverage(const WindowedData& w) : m_windows(w)
{
    const Dataset& d = w.dataset();
    const int64_t P = d.stepsPerDay(), N = d.numNodes, week = 7 * P;
    const auto& train = w.starts(Split::Train);
    const int64_t begin = train.front(), end = std::min(d.numSteps, train.back() + w.options().inSteps + w.options().outSteps);
    std::vector<double> sum(static_cast<size_t>(week * N), 0.0), count(sum.size(), 0.0);
    std::vector<double> nodeSum(static_cast<size_t>(N), 0.0), nodeCount(nodeSum.size(), 0.0);
    for (int64_t t = begin; t < end; ++t) {
        const int64_t cell = w.daysOfWeek()[t] * P + w.slots()[t];
        for (int64_t n = 0; n < N; ++n) {
            if (d.isMissing(t, n)) continue;
            sum[cell * N + n] += d.value(t, n);
            count[cell * N + n] += 1;
            nodeSum[n] += d.value(t, n);
            nodeCount[n] += 1;
        }
    }
    m_table = torch::empty({week, N}, torch::kFloat32);
    auto table = m_table.accessor<float, 2>();
    for (int64_t cell = 0; cell < week; ++cell) {
        const int64_t day = cell / P, slot = cell % P;
        for (int64_t n = 0; n < N; ++n) {
            if (count[cell * N + n] > 0) {
                table[cell][n] = static_cast<float>(sum[cell * N + n] / count[cell * N + n]);
                continue;
            }
            ++m_fallbacks;
            double s = 0, c = 0, anyS = 0, anyC = 0;
            for (int64_t other = 0; other < 7; ++other) {
                const int64_t k = (other * P + slot) * N + n;
                anyS += sum[k];
                anyC += count[k];
                if ((other >= 5) == (day >= 5)) {
                    s += sum[k];
                    c += count[k];
                }
            }
            table[cell][n] = static_cast<float>(c > 0 ? s / c : anyC > 0 ? anyS / anyC : nodeCount[n] > 0 ? nodeSum[n] / nodeCount[n] : 0.0);
        }
    }
}

torch::Tensor HistoricalAverage::forecast(const std::vector<int64_t>& windowStarts) const
{
    const int64_t B = static_cast<int64_t>(windowStarts.size()), Q = m_windows.options().outSteps;
    const int64_t P = m_windows.dataset().stepsPerDay(), N = m_windows.dataset().numNodes;
    std::vector<int64_t> cells;
    cells.reserve(static_cast<size_t>(B * Q));
    for (int64_t s : windowStarts)
        for (int64_t q = 0; q < Q; ++q) {
            const int64_t t = s + m_windows.options().inSteps + q;
            cells.push_back(m_windows.daysOfWeek()[t] * P + m_windows.slots()[t]);
        }
    return m_table.index_select(0, torch::tensor(cells, torch::kLong)).view({B, Q, N, 1});
}

} // namespace himnet
