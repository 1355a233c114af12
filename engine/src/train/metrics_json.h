#pragma once
// MAE, RMSE and MAPE as `himnet evaluate --json` writes them, {"mae", "rmse", "mape"}, and
// back: for the report's JSON and for what inspect reads of a checkpoint's /metrics.
#include "himnet/evaluation.h"

#include <nlohmann/json.hpp>

namespace himnet {

inline nlohmann::json metricsJson(const ErrorMetrics& m) { return {{"mae", m.mae}, {"rmse", m.rmse}, {"mape", m.mape}}; }

/// Throws nlohmann::json::exception when a figure is missing or no number.
inline ErrorMetrics metricsFromJson(const nlohmann::json& j)
{
    return {j.at("mae").get<double>(), j.at("rmse").get<double>(), j.at("mape").get<double>()};
}

} // namespace himnet
