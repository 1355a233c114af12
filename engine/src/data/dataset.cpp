#include "himnet/dataset.h"
#include "himnet/errors.h"

#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace himnet {

int64_t Dataset::indexOf(const std::string& sensorId) const
{
    for (size_t i = 0; i < sensorIds.size(); ++i)
        if (sensorIds[i] == sensorId) return static_cast<int64_t>(i);
    return -1;
}

std::string Dataset::valueLabel() const
{
    return unit.empty() ? quantityName() : quantityName() + " (" + unit + ")";
}

void Dataset::validate() const
{
    auto fail = [&](const std::string& problem) { throw InputError(describeProblem(sourcePath, problem)); };
    if (numSteps <= 0 || numNodes <= 0 || numChannels <= 0) fail("the series is empty (no steps or no sensors)");
    if (values.size() != static_cast<size_t>(numSteps * numNodes * numChannels))
        fail("value count does not match " + std::to_string(numSteps) + " steps x " + std::to_string(numNodes)
             + " sensors x " + std::to_string(numChannels) + " channels");
    for (size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) {
            const int64_t t = static_cast<int64_t>(i) / (numNodes * numChannels);
            const int64_t n = (static_cast<int64_t>(i) / numChannels) % numNodes;
            char missing[32];
            std::snprintf(missing, sizeof missing, "%g", static_cast<double>(missingValue));
            fail(std::string(std::isnan(values[i]) ? "NaN" : "infinite") + " value at step " + std::to_string(t)
                 + ", sensor " + (n < static_cast<int64_t>(sensorIds.size()) ? sensorIds[n] : std::to_string(n))
                 + " (mark missing readings with " + missing + " instead)");
        }
    }
    if (static_cast<int64_t>(sensorIds.size()) != numNodes)
        fail(std::to_string(sensorIds.size()) + " sensor ids for " + std::to_string(numNodes) + " sensors");
    std::unordered_set<std::string> seen;
    for (const auto& id : sensorIds)
        if (!seen.insert(id).second) fail("sensor id '" + id + "' appears twice");
    if (intervalSeconds <= 0) fail("the sampling interval must be positive, got " + std::to_string(intervalSeconds) + " s");
    if (86400 % intervalSeconds != 0)
        fail("the sampling interval " + std::to_string(intervalSeconds) + " s does not divide a day");
    if (static_cast<int64_t>(timestamps.size()) != numSteps)
        fail(std::to_string(timestamps.size()) + " timestamps for " + std::to_string(numSteps) + " steps");
    if (!timestamps.empty() && (timestamps.front() < kEarliestTimestamp || timestamps.back() > kLatestTimestamp))
        fail("its steps run from " + formatTimestamp(timestamps.front()) + " to " + formatTimestamp(timestamps.back())
             + ": times must lie between the years 1000 and 9999 (checkpoints keep them with four-digit years)");
    for (int64_t t = 1; t < numSteps; ++t) {
        const int64_t gap = timestamps[t] - timestamps[t - 1];
        if (gap != intervalSeconds)
            fail("irregular time axis: step " + std::to_string(t) + " (" + formatTimestamp(timestamps[t]) + ") comes "
                 + std::to_string(gap) + " s after the previous one, expected " + std::to_string(intervalSeconds) + " s");
    }
    if (!locations.empty() && static_cast<int64_t>(locations.size()) != numNodes)
        fail(std::to_string(locations.size()) + " locations for " + std::to_string(numNodes) + " sensors");
    for (const auto& e : edges)
        if (e.from < 0 || e.to < 0 || e.from >= numNodes || e.to >= numNodes || !(e.weight > 0))
            fail("road graph edge " + std::to_string(e.from) + " -> " + std::to_string(e.to) + " is out of range");
    if (!zoneLabels.empty()) {
        if (static_cast<int64_t>(zoneLabels.size()) != numNodes) fail("zone labels do not cover every sensor");
        for (int z : zoneLabels)
            if (z < 0 || z >= static_cast<int>(zoneNames.size())) fail("zone label " + std::to_string(z) + " has no name");
    }
}

} // namespace himnet
