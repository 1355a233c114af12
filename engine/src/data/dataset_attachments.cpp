// What a dataset's other files add to its series: where the sensors are, the road graph,
// known zones, and the reference's split of its windows.
#include "data/dataset_attachments.h"
#include "data/graph_pickle.h"
#include "data/series_readers.h"
#include "data/text_table.h"
#include "core/text.h"
#include "himnet/errors.h"
#include "himnet/road_graph.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace himnet {
namespace fs = std::filesystem;
namespace {

/// A dense matrix must hold weights in [0, 1], as a kernel of distances or a 0/1 adjacency
/// does: the likeliest other matrix, one of distances, would read as links of weight in the
/// thousands, and the nearest sensors as the least linked.
void requireWeights(const std::vector<double>& weights, int64_t nodes, const std::string& path)
{
    const auto bad = std::find_if(weights.begin(), weights.end(), [](double w) { return !(w >= 0 && w <= 1); });
    if (bad == weights.end()) return;
    const auto cell = static_cast<int64_t>(bad - weights.begin());
    throw InputError(describeProblem(path, "weights must lie in [0, 1], found " + formatDecimal(*bad, 6, false) + " in row "
                                               + std::to_string(cell / nodes + 1) + ", column " + std::to_string(cell % nodes + 1)
                                               + ": is it a matrix of distances? Give distances as an edge list (from,to,distance), "
                                                 "which the Gaussian kernel weighs"));
}

/// A pickled graph (DCRNN's adj_mx.pkl). Its sensors are matched by id where it names them,
/// as an edge list's are: links of sensors outside the data are left out, and the data's
/// sensors it does not name have none, each with a note; a graph that names none of the data's
/// sensors is another network's.
void attachGraphPickle(Dataset& d, const std::string& path)
{
    const PickledGraph graph = readGraphPickle(path);
    requireWeights(graph.weights, graph.nodes, path);
    const auto n = static_cast<size_t>(graph.nodes);
    if (graph.sensorIds.empty()) {
        if (graph.nodes != d.numNodes)
            throw InputError(describeProblem(path, "weight matrix is " + std::to_string(n) + " x " + std::to_string(n) + " but the series has "
                                                       + std::to_string(d.numNodes) + " sensors, and the file names none of them"));
        d.edges = adjacencyEdges(graph.weights, graph.nodes);
        return;
    }
    std::vector<int64_t> inData(n);
    std::vector<bool> named(static_cast<size_t>(d.numNodes), false);
    size_t outside = 0;
    std::string firstOutside;
    for (size_t i = 0; i < n; ++i) {
        inData[i] = d.indexOf(graph.sensorIds[i]);
        if (inData[i] >= 0) named[static_cast<size_t>(inData[i])] = true;
        else if (outside++ == 0) firstOutside = graph.sensorIds[i];
    }
    if (outside == n)
        throw InputError(describeProblem(path, "names none of the data's sensors (first: '" + firstOutside + "'): is it the graph of another network?"));
    const std::string file = fs::path(path).filename().string();
    if (outside > 0)
        d.notes.push_back(file + ": the links of " + countOf(outside, "sensor") + " not in the data left out (first: '" + firstOutside + "')");
    if (const auto unnamed = static_cast<size_t>(std::count(named.begin(), named.end(), false)); unnamed > 0) {
        const auto first = static_cast<size_t>(std::find(named.begin(), named.end(), false) - named.begin());
        d.notes.push_back(file + ": " + countOf(unnamed, "sensor") + " of the data " + (unnamed == 1 ? "is" : "are")
                          + " not in the graph and " + (unnamed == 1 ? "has" : "have") + " no links (first: '" + d.sensorIds[first] + "')");
    }
    d.edges.clear();
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j)
            if (const double w = graph.weights[i * n + j]; i != j && w > 0 && inData[i] >= 0 && inData[j] >= 0)
                d.edges.push_back({inData[i], inData[j], w, 0.0});
}

} // namespace

void attachLocations(Dataset& d, const std::string& path)
{
    const auto rows = readLocationsCsv(path);
    std::vector<bool> seen(static_cast<size_t>(d.numNodes), false), listedBlank(static_cast<size_t>(d.numNodes), false);
    d.locations.assign(static_cast<size_t>(d.numNodes), LatLon{});
    std::vector<std::string> strangers;
    for (const auto& [id, where] : rows) {
        const int64_t n = d.indexOf(id);
        if (n < 0) {
            strangers.push_back(id);
            continue;
        }
        if (std::isnan(where.latitude)) {
            listedBlank[static_cast<size_t>(n)] = true;
            continue;
        }
        d.locations[static_cast<size_t>(n)] = where;
        seen[static_cast<size_t>(n)] = true;
    }
    const auto missing = static_cast<size_t>(std::count(seen.begin(), seen.end(), false));
    if (missing > 0) {
        const auto first = static_cast<size_t>(std::find(seen.begin(), seen.end(), false) - seen.begin());
        throw InputError(describeProblem(path, countOf(missing, "sensor") + (missing == 1 ? " of the data has" : " of the data have") + " no location (first: '"
                                                   + d.sensorIds[first] + "'" + (listedBlank[first] ? ", listed with its coordinates blank" : "") + ")"
                                                   + (strangers.empty() ? "" : ", and it locates unknown sensor '" + strangers.front() + "'"
                                                                                   + (strangers.size() > 1 ? " and " + countOf(strangers.size() - 1, "other") : "")
                                                                                   + ": is it the table of another network?")));
    }
    if (!strangers.empty())
        d.notes.push_back(fs::path(path).filename().string() + ": the locations of " + countOf(strangers.size(), "sensor")
                          + " not in the data left out (first: '" + strangers.front() + "')");
}

void attachEdgeList(Dataset& d, const std::string& path)
{
    // Links to sensors outside the data are left out, as the reference's graph builder leaves them.
    const EdgeList list = readEdgeListCsv(path);
    std::vector<DistanceEdge> distances;
    size_t outside = 0;
    std::string firstOutside;
    for (const auto& r : list.records) {
        const int64_t from = d.indexOf(r.from), to = d.indexOf(r.to);
        if (from < 0 || to < 0) {
            if (outside++ == 0) firstOutside = from < 0 ? r.from : r.to;
            continue;
        }
        distances.push_back({from, to, r.distance});
    }
    if (distances.empty() && outside > 0)
        throw InputError(describeProblem(path, "links none of the data's sensors (it names unknown sensor '" + firstOutside
                                                   + "'): is it the graph of another network?"));
    if (outside > 0)
        d.notes.push_back(fs::path(path).filename().string() + ": " + countOf(outside, "link") + " to sensors not in the data left out (first: '"
                          + firstOutside + "')");
    if (!list.holdsWeights) {
        const auto links = std::count_if(distances.begin(), distances.end(), [](const DistanceEdge& e) { return e.from != e.to; });
        d.edges = gaussianKernelEdges(distances, kernelThresholdFor(links, d.numNodes));
        return;
    }
    d.edges.clear();
    for (const auto& e : distances) {
        if (!(e.distance > 0) || e.distance > 1)
            throw InputError(describeProblem(path, "edge weights must lie in (0, 1], found " + std::to_string(e.distance)));
        if (e.from != e.to) d.edges.push_back({e.from, e.to, e.distance, 0.0});
    }
}

void attachAdjacency(Dataset& d, const std::string& path)
{
    if (endsWith(lowerCase(path), ".pkl")) return attachGraphPickle(d, path);
    int64_t n = 0;
    const auto matrix = readDenseAdjacencyCsv(path, n);
    if (n != d.numNodes)
        throw InputError(describeProblem(path, "adjacency is " + std::to_string(n) + " x " + std::to_string(n) + " but the series has "
                                                   + std::to_string(d.numNodes) + " sensors"));
    requireWeights(matrix, n, path);
    d.edges = adjacencyEdges(matrix, n);
}

void attachZones(Dataset& d, const std::string& path)
{
    const TextTable table = readTextTable(path);
    d.zoneLabels.assign(static_cast<size_t>(d.numNodes), -1);
    for (size_t r = 1; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        if (row.size() != 2) throw InputError(describeProblem(path, "row " + std::to_string(table.rowNumbers[r]) + " must be sensor_id,zone"));
        const int64_t n = d.indexOf(row[0]);
        if (n < 0) throw InputError(describeProblem(path, "zone for unknown sensor '" + row[0] + "'"));
        auto it = std::find(d.zoneNames.begin(), d.zoneNames.end(), row[1]);
        if (it == d.zoneNames.end()) it = d.zoneNames.insert(d.zoneNames.end(), row[1]);
        d.zoneLabels[static_cast<size_t>(n)] = static_cast<int>(it - d.zoneNames.begin());
    }
    if (std::count(d.zoneLabels.begin(), d.zoneLabels.end(), -1) > 0)
        throw InputError(describeProblem(path, "some sensors have no zone"));
}

void attachSplitFile(Dataset& d, const std::string& path, bool named)
{
    const std::string file = fs::path(path).filename().string();
    // One found beside the series that cannot serve is left out, with a note: the data is
    // still the data, and training splits it by time.
    const auto leaveOut = [&](const std::string& why) { leaveOutSplitFile(d, path, why); };
    SplitIndex index;
    try {
        index = readSplitIndex(path);
    } catch (const InputError& e) {
        if (named) throw;
        return leaveOut(e.what());
    }
    for (const auto& [name, part] : {std::pair{"training", &index.train}, {"validation", &index.val}, {"test", &index.test}})
        if (part->empty()) {
            const std::string problem = std::string("it has no ") + name + " windows";
            if (named) throw InputError(describeProblem(path, problem));
            return leaveOut(problem);
        }
    if (const int64_t reach = stepsNeeded(index); reach > d.numSteps) {
        const std::string problem = "its windows need " + std::to_string(reach) + " steps, and the series has " + std::to_string(d.numSteps)
            + ": is it the split file of another dataset?";
        if (named) throw InputError(describeProblem(path, problem));
        return leaveOut(problem);
    }
    d.splitFile = fs::absolute(path).string(); // kept in checkpoints, which are evaluated from anywhere
    d.notes.push_back(file + ": the reference's train/val/test windows (" + std::to_string(index.train.size()) + " / " + std::to_string(index.val.size())
                      + " / " + std::to_string(index.test.size()) + "), used for training unless a split by time is chosen (--split-ratios, or "
                      "Split in the app's Training panel)");
}

void leaveOutSplitFile(Dataset& d, const std::string& path, const std::string& why)
{
    d.notes.push_back(fs::path(path).filename().string() + ": a split file, left out (" + why + "); training splits the series by time");
}

} // namespace himnet
