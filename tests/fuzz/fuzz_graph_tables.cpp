// The tables that draw the map and the road graph: sensor locations, an edge list of road
// distances, a dense adjacency matrix.
#include "data/series_readers.h"
#include "fuzz_input.h"

namespace himnet::fuzzing {

void fuzzGraphTables(const uint8_t* data, size_t size)
{
    const std::string path = writeInput(data, size, "graph.csv");
    readOrRefuse(path, [&] {
        for (const auto& [id, location] : readLocationsCsv(path)) requireUtf8({id}, path);
    });
    readOrRefuse(path, [&] {
        for (const DistanceRecord& link : readEdgeListCsv(path).records) requireUtf8({link.from, link.to}, path);
    });
    readOrRefuse(path, [&] {
        int64_t nodes = 0;
        readDenseAdjacencyCsv(path, nodes);
    });
}

} // namespace himnet::fuzzing
