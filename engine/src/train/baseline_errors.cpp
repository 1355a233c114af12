#include "himnet/baseline_errors.h"
#include "train/baselines.h"
#include "train/evaluation_internal.h"
#include "train/metrics.h"
#include "train/metrics_json.h"
#include "train/trained_model.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace himnet {

namespace {

std::string baselineStepFigures(const BaselineErrors& e, ErrorMetrics BaselineErrors::Step::*forecast)
{
    std::string text;
    char part[64];
    const auto horizon = static_cast<int64_t>(e.steps.size());
    for (const BaselineErrors::Step& s : e.steps) {
        if (!isTableStep(s.step, horizon)) continue;
        std::snprintf(part, sizeof part, "%s%lld min %.2f", text.empty() ? "" : ", ", static_cast<long long>(s.step * e.intervalSeconds / 60),
                      (s.*forecast).mae);
        text += part;
    }
    return text;
}

} // namespace

BaselineErrors baselineErrors(std::shared_ptr<const Dataset> data, const TrainingOptions& options)
{
    const WindowedData windows(data, windowOptionsFor(options, options.model));
    const int64_t Q = windows.options().outSteps, count = windows.count(Split::Test);
    MetricAccumulator last(Q, data->missingValue), average(Q, data->missingValue);
    const HistoricalAverage historical(windows);
    for (int64_t first = 0; first < count; first += 256) {
        std::vector<int64_t> indices;
        for (int64_t i = first; i < std::min(count, first + 256); ++i) indices.push_back(i);
        const Batch batch = windows.batch(Split::Test, indices);
        last.add(lastValueForecast(windows, batch.starts), batch.target);
        average.add(historical.forecast(batch.starts), batch.target);
    }
    BaselineErrors e;
    e.windows = count;
    e.intervalSeconds = data->intervalSeconds;
    e.unit = data->unit;
    for (int64_t q = 0; q < Q; ++q) e.steps.push_back({q + 1, last.step(q), average.step(q)});
    e.lastValue = last.overall();
    e.historicalAverage = average.overall();
    return e;
}

std::string describeBaselineErrors(const BaselineErrors& e)
{
    const std::string unit = e.unit.empty() ? "" : " " + e.unit;
    char text[160];
    std::snprintf(text, sizeof text, "last value MAE %.2f%s (", e.lastValue.mae, unit.c_str());
    std::string out = text + baselineStepFigures(e, &BaselineErrors::Step::lastValue);
    std::snprintf(text, sizeof text, "); historical average MAE %.2f%s (", e.historicalAverage.mae, unit.c_str());
    out += text + baselineStepFigures(e, &BaselineErrors::Step::historicalAverage);
    std::snprintf(text, sizeof text, ") over %lld test windows: a model must beat %.2f%s overall", static_cast<long long>(e.windows),
                  std::min(e.lastValue.mae, e.historicalAverage.mae), unit.c_str());
    return out + text;
}

std::string toJson(const BaselineErrors& e)
{
    nlohmann::json steps = nlohmann::json::array();
    for (const BaselineErrors::Step& s : e.steps)
        steps.push_back({{"step", s.step},
                         {"minutes", s.step * e.intervalSeconds / 60},
                         {"last_value", metricsJson(s.lastValue)},
                         {"historical_average", metricsJson(s.historicalAverage)}});
    return nlohmann::json{{"windows", e.windows},
                          {"last_value", metricsJson(e.lastValue)},
                          {"historical_average", metricsJson(e.historicalAverage)},
                          {"steps", steps}}
        .dump();
}

} // namespace himnet
