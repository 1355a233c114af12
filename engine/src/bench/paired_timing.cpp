#include "bench/paired_timing.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace himnet {

double median(std::vector<double> values)
{
    if (values.empty()) return 0;
    const size_t middle = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
    const double upper = values[middle];
    if (values.size() % 2 == 1) return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
    return (lower + upper) / 2;
}

double medianRatio(const std::vector<double>& slower, const std::vector<double>& faster)
{
    if (slower.empty() || slower.size() != faster.size())
        throw std::invalid_argument("medianRatio: two series of the same, non-zero length expected");
    std::vector<double> ratios;
    ratios.reserve(slower.size());
    for (size_t i = 0; i < slower.size(); ++i) ratios.push_back(slower[i] / std::max(faster[i], 1e-9));
    return median(std::move(ratios));
}

AlternatingTimes timeAlternately(const std::function<void()>& first, const std::function<void()>& second,
                                 int64_t warmUp, int64_t repetitions, const std::function<void()>& finish)
{
    auto timed = [&](const std::function<void()>& work) {
        const auto start = std::chrono::steady_clock::now();
        work();
        if (finish) finish();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    for (int64_t i = 0; i < warmUp; ++i) {
        timed(first);
        if (second) timed(second);
    }
    AlternatingTimes times;
    for (int64_t i = 0; i < repetitions; ++i) {
        const bool secondLeads = second && i % 2 == 1;
        if (secondLeads) times.second.push_back(timed(second));
        times.first.push_back(timed(first));
        if (second && !secondLeads) times.second.push_back(timed(second));
    }
    return times;
}

} // namespace himnet
