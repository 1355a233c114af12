#include "himnet/graph_layout.h"
#include "himnet/errors.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>
#include <string>

namespace himnet {
namespace {

struct Neighbour {
    int64_t node = 0;
    double length = 1;
};
using Adjacency = std::vector<std::vector<Neighbour>>;
using Point = std::pair<double, double>;

/// One connected component, its nodes renumbered 0..n-1.
struct Component {
    std::vector<int64_t> nodes; ///< global index of each local node
    Adjacency adjacency;        ///< local indices; lengths are road distances or hops
};

/// The undirected graph, each pair once, with its shorter listed distance (0 when none).
Adjacency undirectedAdjacency(int64_t numNodes, const std::vector<GraphEdge>& edges)
{
    Adjacency adjacency(static_cast<size_t>(numNodes));
    auto link = [&](int64_t a, int64_t b, double distance) {
        for (auto& n : adjacency[static_cast<size_t>(a)])
            if (n.node == b) {
                n.length = std::min(n.length, distance);
                return;
            }
        adjacency[static_cast<size_t>(a)].push_back({b, distance});
    };
    for (const auto& e : edges) {
        if (e.from < 0 || e.to < 0 || e.from >= numNodes || e.to >= numNodes)
            throw InputError("graph layout: edge " + std::to_string(e.from) + " -> " + std::to_string(e.to)
                               + " names a sensor outside 0.." + std::to_string(numNodes - 1));
        if (e.from == e.to) continue;
        const double distance = std::isfinite(e.distance) && e.distance > 0 ? e.distance : 0.0;
        link(e.from, e.to, distance);
        link(e.to, e.from, distance);
    }
    return adjacency;
}

/// Connected components in order of their first node. A component measures its paths along
/// road distances when every one of its edges has one, in hops otherwise.
std::vector<Component> connectedComponents(const Adjacency& adjacency)
{
    const auto numNodes = static_cast<int64_t>(adjacency.size());
    std::vector<int64_t> local(adjacency.size(), -1);
    std::vector<Component> out;
    for (int64_t start = 0; start < numNodes; ++start) {
        if (local[static_cast<size_t>(start)] >= 0) continue;
        Component c;
        local[static_cast<size_t>(start)] = 0;
        c.nodes.push_back(start);
        for (size_t next = 0; next < c.nodes.size(); ++next)
            for (const auto& n : adjacency[static_cast<size_t>(c.nodes[next])])
                if (local[static_cast<size_t>(n.node)] < 0) {
                    local[static_cast<size_t>(n.node)] = static_cast<int64_t>(c.nodes.size());
                    c.nodes.push_back(n.node);
                }
        bool everyEdgeHasADistance = true;
        c.adjacency.resize(c.nodes.size());
        for (size_t i = 0; i < c.nodes.size(); ++i)
            for (const auto& n : adjacency[static_cast<size_t>(c.nodes[i])]) {
                c.adjacency[i].push_back({local[static_cast<size_t>(n.node)], n.length});
                everyEdgeHasADistance = everyEdgeHasADistance && n.length > 0;
            }
        if (!everyEdgeHasADistance)
            for (auto& row : c.adjacency)
                for (auto& n : row) n.length = 1.0;
        out.push_back(std::move(c));
    }
    return out;
}

/// Shortest-path lengths from `source` to every node of the component (Dijkstra).
void shortestPaths(const Adjacency& adjacency, int64_t source, double* lengths)
{
    const size_t n = adjacency.size();
    std::fill(lengths, lengths + n, std::numeric_limits<double>::infinity());
    using Entry = std::pair<double, int64_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    lengths[source] = 0;
    queue.push({0.0, source});
    while (!queue.empty()) {
        const auto [length, node] = queue.top();
        queue.pop();
        if (length > lengths[node]) continue;
        for (const auto& n : adjacency[static_cast<size_t>(node)])
            if (length + n.length < lengths[n.node]) {
                lengths[n.node] = length + n.length;
                queue.push({lengths[n.node], n.node});
            }
    }
}

/// The eigenvectors of the two largest eigenvalues of the symmetric m x m matrix behind
/// `multiply` (y = M x), by power iteration with deflation, each scaled by the square root of
/// its eigenvalue (0 for a non-positive one). `shift`, at least the largest magnitude of a
/// negative eigenvalue, keeps those from winning. The start vector is fixed, so the result
/// is deterministic.
std::vector<std::vector<double>> leadingEigenvectors(size_t m,
                                                     const std::function<void(const double*, double*)>& multiply,
                                                     double shift = 0)
{
    std::vector<std::vector<double>> out;
    for (int which = 0; which < 2; ++which) {
        std::vector<double> v(m), next(m);
        uint64_t state = 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(which);
        for (auto& x : v) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            x = static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5;
        }
        auto deflate = [&] { // stay orthogonal to the ones found
            for (const auto& previous : out) {
                const double norm2 = std::inner_product(previous.begin(), previous.end(), previous.begin(), 0.0);
                if (norm2 <= 0) continue;
                const double along = std::inner_product(v.begin(), v.end(), previous.begin(), 0.0) / norm2;
                for (size_t i = 0; i < m; ++i) v[i] -= along * previous[i];
            }
        };
        double eigenvalue = 0;
        for (int iteration = 0; iteration < 1000; ++iteration) {
            deflate();
            const double norm = std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
            if (norm < 1e-300) break;
            for (auto& x : v) x /= norm;
            multiply(v.data(), next.data());
            for (size_t i = 0; i < m; ++i) next[i] += shift * v[i];
            const double rayleigh = std::inner_product(v.begin(), v.end(), next.begin(), 0.0);
            const bool settled = iteration > 10 && std::abs(rayleigh - eigenvalue) <= 1e-9 * std::abs(rayleigh);
            eigenvalue = rayleigh;
            v.swap(next);
            if (settled) break;
        }
        deflate();
        eigenvalue -= shift;
        const double norm = std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
        const double scale = norm > 0 && eigenvalue > 0 ? std::sqrt(eigenvalue) / norm : 0.0;
        for (auto& x : v) x *= scale;
        out.push_back(std::move(v));
    }
    return out;
}

/// Classical (Torgerson) MDS of an n x n matrix of path lengths: the start of the
/// majorization, close to its optimum on road networks.
std::vector<Point> classicalScaling(const std::vector<double>& lengths, size_t n)
{
    std::vector<double> squared(n * n), rowMean(n, 0.0);
    for (size_t i = 0; i < n * n; ++i) squared[i] = lengths[i] * lengths[i];
    for (size_t i = 0; i < n; ++i) rowMean[i] = std::accumulate(&squared[i * n], &squared[i * n] + n, 0.0) / n;
    const double mean = std::accumulate(rowMean.begin(), rowMean.end(), 0.0) / n;
    // B = -1/2 J D² J, applied without forming it. Path lengths are not Euclidean, so B has
    // negative eigenvalues too; the largest row sum of |B| bounds them (Gershgorin).
    double shift = 0;
    for (size_t i = 0; i < n; ++i) {
        double rowSum = 0;
        for (size_t j = 0; j < n; ++j) rowSum += std::abs(squared[i * n + j] - rowMean[i] - rowMean[j] + mean);
        shift = std::max(shift, 0.5 * rowSum);
    }
    const auto multiply = [&](const double* x, double* y) {
        const double sum = std::accumulate(x, x + n, 0.0);
        double weighted = 0;
        for (size_t j = 0; j < n; ++j) weighted += rowMean[j] * x[j];
        for (size_t i = 0; i < n; ++i) {
            const double* row = &squared[i * n];
            double dot = 0;
            for (size_t j = 0; j < n; ++j) dot += row[j] * x[j];
            y[i] = -0.5 * (dot - rowMean[i] * sum - weighted + mean * sum);
        }
    };
    const auto axes = leadingEigenvectors(n, multiply, shift);
    std::vector<Point> out(n);
    for (size_t i = 0; i < n; ++i) out[i] = {axes[0][i], axes[1][i]};
    return out;
}

/// Stress majorization with weights 1/d² and the localized update of Gansner et al.:
/// each sensor moves to where its distances to all others best match their path lengths.
/// Stops once a round of ten sweeps lowers the stress by less than 0.01 %.
void majorizeStress(const std::vector<double>& lengths, std::vector<Point>& xy)
{
    const size_t n = xy.size();
    std::vector<double> x(n), y(n), weights(n * n), weightSums(n, 0.0);
    for (size_t i = 0; i < n; ++i) {
        x[i] = xy[i].first, y[i] = xy[i].second;
        for (size_t j = 0; j < n; ++j) {
            weights[i * n + j] = i == j ? 0.0 : 1.0 / (lengths[i * n + j] * lengths[i * n + j]);
            weightSums[i] += weights[i * n + j];
        }
    }
    auto stress = [&] {
        double total = 0;
        for (size_t i = 0; i < n; ++i)
            for (size_t j = i + 1; j < n; ++j) {
                const double gap = std::hypot(x[i] - x[j], y[i] - y[j]) - lengths[i * n + j];
                total += weights[i * n + j] * gap * gap;
            }
        return total;
    };
    double previous = stress();
    for (int sweep = 1; sweep <= 300; ++sweep) {
        for (size_t i = 0; i < n; ++i) {
            const double* d = &lengths[i * n];
            const double* w = &weights[i * n];
            const double xi = x[i], yi = y[i];
            double sumX = 0, sumY = 0;
            for (size_t j = 0; j < n; ++j) { // w is 0 at j == i
                const double dx = xi - x[j], dy = yi - y[j];
                const double apart = std::sqrt(dx * dx + dy * dy);
                const double push = apart > 1e-12 ? d[j] / apart : 0.0;
                sumX += w[j] * (x[j] + push * dx);
                sumY += w[j] * (y[j] + push * dy);
            }
            x[i] = sumX / weightSums[i];
            y[i] = sumY / weightSums[i];
        }
        if (sweep % 10 == 0) {
            const double now = stress();
            if (previous - now <= 1e-4 * previous) break;
            previous = now;
        }
    }
    for (size_t i = 0; i < n; ++i) xy[i] = {x[i], y[i]};
}

/// Pivot MDS: path lengths from a few far-apart pivots stand in for the whole matrix.
std::vector<Point> pivotScaling(const Adjacency& adjacency)
{
    const size_t n = adjacency.size();
    const size_t k = std::min<size_t>(n, 50);
    std::vector<double> columns(n * k), fromPivot(n), nearestPivot(n, std::numeric_limits<double>::infinity());
    int64_t pivot = 0;
    for (size_t p = 0; p < k; ++p) {
        shortestPaths(adjacency, pivot, fromPivot.data());
        for (size_t i = 0; i < n; ++i) {
            columns[i * k + p] = fromPivot[i] * fromPivot[i];
            nearestPivot[i] = std::min(nearestPivot[i], fromPivot[i]);
        }
        pivot = std::max_element(nearestPivot.begin(), nearestPivot.end()) - nearestPivot.begin();
    }
    // Double-centre the n x k block of squared lengths, as classical MDS does the whole.
    std::vector<double> rowMean(n, 0.0), columnMean(k, 0.0);
    for (size_t i = 0; i < n; ++i)
        for (size_t p = 0; p < k; ++p) {
            rowMean[i] += columns[i * k + p] / k;
            columnMean[p] += columns[i * k + p] / n;
        }
    const double mean = std::accumulate(columnMean.begin(), columnMean.end(), 0.0) / k;
    for (size_t i = 0; i < n; ++i)
        for (size_t p = 0; p < k; ++p)
            columns[i * k + p] = -0.5 * (columns[i * k + p] - rowMean[i] - columnMean[p] + mean);
    // Right singular vectors of C (eigenvectors of CᵀC), then X = C v / sqrt(σ).
    std::vector<double> inner(n);
    const auto multiply = [&](const double* x, double* y) {
        for (size_t i = 0; i < n; ++i) {
            double dot = 0;
            for (size_t p = 0; p < k; ++p) dot += columns[i * k + p] * x[p];
            inner[i] = dot;
        }
        for (size_t p = 0; p < k; ++p) {
            double dot = 0;
            for (size_t i = 0; i < n; ++i) dot += columns[i * k + p] * inner[i];
            y[p] = dot;
        }
    };
    const auto axes = leadingEigenvectors(k, multiply); // v·σ (σ² the eigenvalue, scaled by its root)
    std::vector<Point> out(n, {0.0, 0.0});
    for (int a = 0; a < 2; ++a) {
        const double sigma = std::sqrt(std::inner_product(axes[a].begin(), axes[a].end(), axes[a].begin(), 0.0));
        if (sigma <= 0) continue;
        for (size_t i = 0; i < n; ++i) {
            double dot = 0;
            for (size_t p = 0; p < k; ++p) dot += columns[i * k + p] * axes[a][p];
            const double coordinate = dot / (sigma * std::sqrt(sigma)); // C (v σ) / σ^(3/2) = C v / sqrt(σ)
            (a == 0 ? out[i].first : out[i].second) = coordinate;
        }
    }
    return out;
}

std::vector<Point> drawComponent(const Component& c, int64_t exactLimit)
{
    const size_t n = c.nodes.size();
    if (n == 1) return {{0.0, 0.0}};
    if (static_cast<int64_t>(n) > exactLimit) return pivotScaling(c.adjacency);
    std::vector<double> lengths(n * n);
    for (size_t i = 0; i < n; ++i) shortestPaths(c.adjacency, static_cast<int64_t>(i), &lengths[i * n]);
    auto xy = classicalScaling(lengths, n);
    majorizeStress(lengths, xy);
    return xy;
}

/// Moves the lower-left corner of the points' bounding box to the origin, then divides them
/// by `scale`, or by the box's longer side when `scale` is 0. Returns the box's width and
/// height after the scaling.
Point moveToOriginAndScale(std::vector<Point>& xy, double scale = 0)
{
    double minX = std::numeric_limits<double>::infinity(), minY = minX, maxX = -minX, maxY = -minX;
    for (const auto& [x, y] : xy) {
        minX = std::min(minX, x), maxX = std::max(maxX, x);
        minY = std::min(minY, y), maxY = std::max(maxY, y);
    }
    if (scale <= 0) scale = std::max({maxX - minX, maxY - minY, 1e-12});
    for (auto& [x, y] : xy) x = (x - minX) / scale, y = (y - minY) / scale;
    return {(maxX - minX) / scale, (maxY - minY) / scale};
}

/// Scales a drawn component so that its median edge is one unit long, and moves its
/// lower-left corner to the origin. Returns its width and height.
Point normalizeComponent(const Component& c, std::vector<Point>& xy)
{
    std::vector<double> edgeLengths;
    for (size_t i = 0; i < c.adjacency.size(); ++i)
        for (const auto& n : c.adjacency[i])
            if (static_cast<size_t>(n.node) > i)
                edgeLengths.push_back(std::hypot(xy[i].first - xy[n.node].first, xy[i].second - xy[n.node].second));
    double unit = 1;
    if (!edgeLengths.empty()) {
        std::nth_element(edgeLengths.begin(), edgeLengths.begin() + edgeLengths.size() / 2, edgeLengths.end());
        unit = edgeLengths[edgeLengths.size() / 2] > 1e-12 ? edgeLengths[edgeLengths.size() / 2] : 1.0;
    }
    return moveToOriginAndScale(xy, unit);
}

} // namespace

std::vector<std::pair<double, double>> roadGraphLayout(int64_t numNodes, const std::vector<GraphEdge>& edges,
                                                      int64_t exactLimit)
{
    std::vector<Point> out(static_cast<size_t>(std::max<int64_t>(numNodes, 0)), {0.5, 0.5});
    if (numNodes <= 1) return out;
    auto components = connectedComponents(undirectedAdjacency(numNodes, edges));
    std::stable_sort(components.begin(), components.end(),
                     [](const Component& a, const Component& b) { return a.nodes.size() > b.nodes.size(); });

    // Draw each component, then pack them in rows (shelves), two edge lengths apart.
    constexpr double gap = 2.0;
    std::vector<std::vector<Point>> drawings;
    std::vector<Point> sizes;
    double area = 0, widest = 0;
    for (const auto& c : components) {
        drawings.push_back(drawComponent(c, exactLimit));
        sizes.push_back(normalizeComponent(c, drawings.back()));
        area += (sizes.back().first + gap) * (sizes.back().second + gap);
        widest = std::max(widest, sizes.back().first);
    }
    const double rowWidth = std::max(widest, 1.2 * std::sqrt(area));
    double x = 0, y = 0, rowHeight = 0;
    for (size_t c = 0; c < components.size(); ++c) {
        if (x > 0 && x + sizes[c].first > rowWidth) {
            x = 0;
            y += rowHeight + gap;
            rowHeight = 0;
        }
        for (size_t i = 0; i < components[c].nodes.size(); ++i)
            out[static_cast<size_t>(components[c].nodes[i])] = {x + drawings[c][i].first, y + drawings[c][i].second};
        x += sizes[c].first + gap;
        rowHeight = std::max(rowHeight, sizes[c].second);
    }
    moveToOriginAndScale(out); // into the unit square, the longer side spanning it
    return out;
}

} // namespace himnet
