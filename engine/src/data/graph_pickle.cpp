#include "data/graph_pickle.h"
#include "data/python_pickle.h"
#include "core/utf8.h"
#include "himnet/errors.h"

#include <cmath>
#include <set>

namespace himnet {
namespace {

/// A list of sensor ids (text, or whole numbers), or nothing.
std::vector<std::string> idsIn(const PickleValue& v)
{
    std::vector<std::string> ids;
    if (!v.isSequence() || v.items.empty()) return ids;
    for (const auto& item : v.items) {
        if (item->isText()) ids.push_back(asUtf8(item->text)); // Python 2 pickled its str as bytes
        else if (item->kind == PickleValue::Kind::Int) ids.push_back(std::to_string(item->integer));
        else return {};
    }
    return ids;
}

} // namespace

PickledGraph readGraphPickle(const std::string& path)
{
    const PickleRef root = readPickle(path);
    const PickleValue* matrix = nullptr;
    std::vector<std::string> ids;
    if (root->kind == PickleValue::Kind::Array) {
        matrix = root.get();
    } else if (root->isSequence()) {
        for (const auto& item : root->items) {
            if (item->kind == PickleValue::Kind::Array && item->array.shape.size() == 2) matrix = item.get();
            else if (ids.empty()) ids = idsIn(*item);
        }
    }
    if (!matrix)
        throw InputError(describeProblem(path, "holds no weight matrix: expected DCRNN's [sensor ids, {id: position}, N x N array] "
                                               "or an N x N array"));
    const NpyArray& a = matrix->array;
    if (a.shape.size() != 2 || a.shape[0] != a.shape[1])
        throw InputError(describeProblem(path, "weight matrix is " + (a.shape.size() == 2 ? std::to_string(a.shape[0]) + " x " + std::to_string(a.shape[1])
                                                                                         : std::to_string(a.shape.size()) + "-dimensional")
                                                   + ", not square"));
    PickledGraph graph;
    graph.nodes = a.shape[0];
    graph.weights.resize(static_cast<size_t>(a.size()));
    for (size_t k = 0; k < graph.weights.size(); ++k) {
        const double w = a.isInteger ? static_cast<double>(a.integer[k]) : a.real[k];
        if (!std::isfinite(w) || w < 0)
            throw InputError(describeProblem(path, "weight matrix row " + std::to_string(k / static_cast<size_t>(graph.nodes) + 1) + ", column "
                                                       + std::to_string(k % static_cast<size_t>(graph.nodes) + 1) + ": "
                                                       + std::to_string(w) + " is not a non-negative number"));
        graph.weights[k] = w;
    }
    if (!ids.empty()) {
        if (static_cast<int64_t>(ids.size()) != graph.nodes)
            throw InputError(describeProblem(path, "names " + std::to_string(ids.size()) + " sensors for a " + std::to_string(graph.nodes)
                                                       + " x " + std::to_string(graph.nodes) + " weight matrix"));
        std::set<std::string> seen;
        for (const auto& id : ids)
            if (!seen.insert(id).second) throw InputError(describeProblem(path, "names sensor '" + id + "' twice"));
        graph.sensorIds = std::move(ids);
    }
    return graph;
}

} // namespace himnet
