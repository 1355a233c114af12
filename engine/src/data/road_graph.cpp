#include "himnet/road_graph.h"
#include "data/text_table.h"
#include "data/series_readers.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <set>

namespace himnet {
namespace {

using UndirectedGraph = boost::adjacency_list<boost::setS, boost::vecS, boost::undirectedS>;

UndirectedGraph undirected(int64_t numNodes, const std::vector<GraphEdge>& edges)
{
    UndirectedGraph g(static_cast<size_t>(numNodes));
    for (const auto& e : edges)
        if (e.from != e.to) boost::add_edge(static_cast<size_t>(e.from), static_cast<size_t>(e.to), g);
    return g;
}

} // namespace

GraphStatistics graphStatistics(int64_t numNodes, const std::vector<GraphEdge>& edges)
{
    GraphStatistics s;
    s.nodes = numNodes;
    s.edges = std::count_if(edges.begin(), edges.end(), [](const GraphEdge& e) { return e.from != e.to; });
    if (numNodes == 0) return s;
    const UndirectedGraph g = undirected(numNodes, edges);
    std::vector<int> component(static_cast<size_t>(numNodes));
    s.components = boost::connected_components(g, component.data());
    std::vector<int64_t> sizes(static_cast<size_t>(s.components), 0);
    for (int c : component) ++sizes[static_cast<size_t>(c)];
    s.largestComponent = *std::max_element(sizes.begin(), sizes.end());
    s.minDegree = 1e300;
    double total = 0;
    for (size_t v = 0; v < boost::num_vertices(g); ++v) {
        const double d = static_cast<double>(boost::out_degree(v, g));
        s.minDegree = std::min(s.minDegree, d);
        s.maxDegree = std::max(s.maxDegree, d);
        if (d == 0) ++s.isolatedNodes;
        total += d;
    }
    s.meanDegree = total / static_cast<double>(numNodes);
    return s;
}

std::vector<GraphEdge> gaussianKernelEdges(const std::vector<DistanceEdge>& distances, double threshold)
{
    if (distances.empty()) return {};
    double mean = 0;
    for (const auto& d : distances) mean += d.distance;
    mean /= static_cast<double>(distances.size());
    double variance = 0;
    for (const auto& d : distances) variance += (d.distance - mean) * (d.distance - mean);
    const double sigma = std::sqrt(variance / static_cast<double>(distances.size())); // numpy's std (ddof 0)
    std::vector<GraphEdge> out;
    for (const auto& d : distances) {
        if (d.from == d.to) continue;
        const double w = sigma > 0 ? std::exp(-(d.distance / sigma) * (d.distance / sigma)) : 1.0;
        if (threshold <= 0) out.push_back({d.from, d.to, std::max(w, std::numeric_limits<double>::min()), d.distance});
        else if (w >= threshold) out.push_back({d.from, d.to, w, d.distance});
    }
    return out;
}

double kernelThresholdFor(int64_t listedLinks, int64_t numNodes)
{
    return listedLinks <= 2 * numNodes ? 0.0 : 0.1;
}

std::vector<GraphEdge> adjacencyEdges(const std::vector<double>& matrix, int64_t numNodes)
{
    std::vector<GraphEdge> out;
    for (int64_t i = 0; i < numNodes; ++i)
        for (int64_t j = 0; j < numNodes; ++j) {
            const double w = matrix[static_cast<size_t>(i * numNodes + j)];
            if (i != j && w > 0) out.push_back({i, j, w, 0.0});
        }
    return out;
}

RoadGraphFile loadEdgeListGraph(const std::string& path)
{
    const auto records = readEdgeListCsv(path).records;
    RoadGraphFile graph;
    std::map<std::string, int64_t> index;
    auto indexOf = [&](const std::string& id) {
        auto [it, inserted] = index.emplace(id, static_cast<int64_t>(graph.nodeIds.size()));
        if (inserted) graph.nodeIds.push_back(id);
        return it->second;
    };
    // Integer ids 0..N-1 (the PeMS benchmarks) are positions; keep them in numeric order.
    bool positional = true;
    std::set<int64_t> numeric;
    for (const auto& r : records) {
        for (const auto* id : {&r.from, &r.to}) {
            try {
                size_t used = 0;
                const long long v = std::stoll(*id, &used);
                if (used != id->size() || v < 0) positional = false;
                else numeric.insert(v);
            } catch (const std::exception&) {
                positional = false;
            }
        }
    }
    // Positions 0..N-1 are dense; sensor ids such as 400001 are not.
    positional = positional && !numeric.empty() && *numeric.rbegin() < 2 * static_cast<int64_t>(numeric.size());
    if (positional) {
        const int64_t count = numeric.empty() ? 0 : *numeric.rbegin() + 1;
        for (int64_t i = 0; i < count; ++i) indexOf(std::to_string(i));
    }
    std::vector<DistanceEdge> distances;
    for (const auto& r : records) distances.push_back({indexOf(r.from), indexOf(r.to), r.distance});
    for (const auto& d : distances)
        if (d.from != d.to) graph.listedLinks.push_back({d.from, d.to, 1.0, d.distance});
    graph.kernelThreshold = kernelThresholdFor(static_cast<int64_t>(graph.listedLinks.size()),
                                               static_cast<int64_t>(graph.nodeIds.size()));
    graph.edges = gaussianKernelEdges(distances, graph.kernelThreshold);
    return graph;
}

bool looksLikeEdgeList(const std::string& path)
{
    const std::string name = lowerCase(path.substr(path.find_last_of('/') + 1));
    if (!endsWith(name, ".csv") && !endsWith(name, ".csv.gz")) return false;
    std::vector<std::string> header;
    try {
        const TextTable head = readTextTable(path, 1);
        if (!head.rows.empty()) header = head.rows.front();
    } catch (const InputError&) {
        return false; // not an edge list; its own reader says what is wrong with it
    }
    if (header.size() >= 2 && lowerCase(header[0]) == "from" && lowerCase(header[1]) == "to") return true;
    const bool namedLikeGraph = name.find("distance") != std::string::npos || name.find("edge") != std::string::npos
        || (name.rfind("pems", 0) == 0 && name.find("adj") == std::string::npos);
    return namedLikeGraph && header.size() == 3;
}

} // namespace himnet
