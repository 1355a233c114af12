// The files that add to a series in a dataset folder, attached to a series of six of la-week's
// sensors (six of those tests/data/graphs' pickles name) as the loader attaches them: sensor locations, an edge list, a dense adjacency (a CSV
// table or DCRNN's pickle), known zones. The first byte picks which. What a file adds must keep
// the dataset whole: it validates, every weight lies in (0, 1], every location on the globe,
// every name and note is UTF-8.
#include "data/dataset_attachments.h"
#include "fuzz_input.h"
#include "himnet/dataset.h"

#include <cmath>

namespace himnet::fuzzing {
namespace {

/// Six sensors of METR-LA (la-week's 31st to 36th), an hour of 5-minute readings.
Dataset sixSensors()
{
    Dataset d;
    d.name = "six";
    d.numSteps = 12;
    d.numNodes = 6;
    d.numChannels = 1;
    d.intervalSeconds = 300;
    d.sensorIds = {"773013", "764424", "769388", "716328", "717819", "769941"};
    d.values.assign(72, 60.0f);
    for (int64_t t = 0; t < d.numSteps; ++t) d.timestamps.push_back(1330560000 + t * 300);
    return d;
}

void requireWhole(const Dataset& d, const std::string& path)
{
    try {
        d.validate();
    } catch (const std::exception& e) {
        throw Finding("what " + path + " added leaves a dataset that does not validate: " + e.what());
    }
    for (const GraphEdge& e : d.edges)
        if (!(e.weight > 0 && e.weight <= 1) || !std::isfinite(e.distance))
            throw Finding("an edge from " + path + " of weight " + std::to_string(e.weight) + " and distance " + std::to_string(e.distance));
    for (const LatLon& where : d.locations)
        if (!(std::abs(where.latitude) <= 90 && std::abs(where.longitude) <= 180))
            throw Finding("a location from " + path + " off the globe: " + std::to_string(where.latitude) + ", " + std::to_string(where.longitude));
    requireUtf8(d.zoneNames, path);
    requireUtf8(d.notes, path);
}

} // namespace

void fuzzAttachments(const uint8_t* data, size_t size)
{
    if (size == 0) return;
    const int kind = data[0] % 5;
    ++data, --size;
    static const char* const kNames[] = {"graph_sensor_locations.csv", "distances.csv", "adj.csv", "adj_mx.pkl", "zones.csv"};
    const std::string path = writeInput(data, size, kNames[kind]);
    Dataset d = sixSensors();
    bool attached = false;
    readOrRefuse(path, [&] {
        if (kind == 0) attachLocations(d, path);
        else if (kind == 1) attachEdgeList(d, path);
        else if (kind == 4) attachZones(d, path);
        else attachAdjacency(d, path);
        attached = true;
    });
    if (attached) requireWhole(d, path);
}

} // namespace himnet::fuzzing
