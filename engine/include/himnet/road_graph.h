#pragma once
// Road graphs: DCRNN's Gaussian kernel for distances, statistics (components, degrees), and
// edge lists read on their own. Boost.Graph underneath; plain types here. How to draw a
// graph without coordinates: graph_layout.h.
#include "himnet/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace himnet {

struct GraphStatistics {
    int64_t nodes = 0;
    int64_t edges = 0;            ///< directed links, self-loops excluded
    int64_t components = 0;       ///< connected components of the undirected graph
    int64_t largestComponent = 0; ///< nodes in the largest component
    int64_t isolatedNodes = 0;
    double minDegree = 0, meanDegree = 0, maxDegree = 0; ///< undirected degree
};

/// Statistics of the undirected graph underlying `edges` over `numNodes` nodes.
GraphStatistics graphStatistics(int64_t numNodes, const std::vector<GraphEdge>& edges);

struct DistanceEdge {
    int64_t from = 0, to = 0;
    double distance = 0;
};

/// DCRNN's rule: w = exp(-(d / sigma)^2) with sigma the standard deviation of the given
/// distances; weights below `threshold` are dropped, self-loops too. With no threshold (a list
/// of neighbours, every link kept) a weight that rounds to 0 (a distance beyond 27 sigmas, as
/// near-equal distances leave sigma tiny: 500, 510, 520 m) is kept as the smallest positive
/// double, so that the link stays a link of the road graph.
std::vector<GraphEdge> gaussianKernelEdges(const std::vector<DistanceEdge>& distances, double threshold = 0.1);

/// The weight below which gaussianKernelEdges drops a listed link. A list of every pair
/// within reach (METR-LA's and PEMS-BAY's distance files: dozens of pairs per sensor) gets
/// DCRNN's 0.1. A list of neighbouring sensors (PEMS03/04/07/08: one or two links per sensor)
/// keeps every link, as the PeMS benchmarks read it: pruned, PEMS04's roads would fall apart
/// into 117 pieces instead of 12.
double kernelThresholdFor(int64_t listedLinks, int64_t numNodes);

/// Edges of a dense row-major N x N adjacency: every positive off-diagonal entry.
std::vector<GraphEdge> adjacencyEdges(const std::vector<double>& matrix, int64_t numNodes);

/// A graph read on its own (an edge-list CSV such as PEMS08.csv): node ids in first-seen
/// order, and Gaussian-kernel edges (pruned as kernelThresholdFor says).
struct RoadGraphFile {
    std::vector<std::string> nodeIds;
    std::vector<GraphEdge> edges;       ///< Gaussian-kernel weights, pruned below kernelThreshold
    double kernelThreshold = 0.1;
    std::vector<GraphEdge> listedLinks; ///< every listed link (self-loops excluded), weight 1
};
RoadGraphFile loadEdgeListGraph(const std::string& path);

/// True for a CSV that holds a graph rather than a series: a "from,to,..." header, or three
/// numeric columns in a file named like an edge list (distances*.csv, PEMS08.csv).
bool looksLikeEdgeList(const std::string& path);

} // namespace himnet
