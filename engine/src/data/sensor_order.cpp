#include "data/sensor_order.h"

#include <unordered_map>

namespace himnet {

std::optional<Dataset> withSensorsInOrder(const Dataset& data, const std::vector<std::string>& ids)
{
    if (static_cast<int64_t>(ids.size()) != data.numNodes) return std::nullopt;
    std::unordered_map<std::string, int64_t> positionOf; // in `data`
    for (int64_t n = 0; n < data.numNodes; ++n) positionOf.emplace(data.sensorIds[static_cast<size_t>(n)], n);
    std::vector<int64_t> from;   // new position -> old
    std::vector<int64_t> to(static_cast<size_t>(data.numNodes), -1); // old -> new
    for (const auto& id : ids) {
        const auto it = positionOf.find(id);
        if (it == positionOf.end() || to[static_cast<size_t>(it->second)] >= 0) return std::nullopt; // another sensor, or one twice
        to[static_cast<size_t>(it->second)] = static_cast<int64_t>(from.size());
        from.push_back(it->second);
    }
    Dataset r = data;
    const int64_t n = data.numNodes, c = data.numChannels;
    for (int64_t t = 0; t < data.numSteps; ++t)
        for (int64_t i = 0; i < n; ++i)
            for (int64_t k = 0; k < c; ++k)
                r.values[static_cast<size_t>((t * n + i) * c + k)] = data.value(t, from[static_cast<size_t>(i)], k);
    for (int64_t i = 0; i < n; ++i) {
        const size_t was = static_cast<size_t>(from[static_cast<size_t>(i)]);
        r.sensorIds[static_cast<size_t>(i)] = data.sensorIds[was];
        if (data.hasLocations()) r.locations[static_cast<size_t>(i)] = data.locations[was];
        if (data.hasZones()) r.zoneLabels[static_cast<size_t>(i)] = data.zoneLabels[was];
    }
    for (auto& edge : r.edges) {
        edge.from = to[static_cast<size_t>(edge.from)];
        edge.to = to[static_cast<size_t>(edge.to)];
    }
    return r;
}

} // namespace himnet
