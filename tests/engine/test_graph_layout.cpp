// The drawing of a road graph without coordinates: it must read like the map. Checked on
// networks whose real coordinates we know (the layout sees only their graphs), on Shenzhen's
// taxi roads that have none, and on small graphs whose right drawing is plain.
#include "refusals.h"
#include "data/series_readers.h"
#include "himnet/dataset.h"
#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "himnet/graph_layout.h"
#include "himnet/road_graph.h"
#include "test_tensors.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <array>
#include <functional>
#include <map>

using namespace himnet;

namespace {

using Layout = std::vector<std::pair<double, double>>;

double drawnDistance(const Layout& xy, int64_t a, int64_t b)
{
    return std::hypot(xy[a].first - xy[b].first, xy[a].second - xy[b].second);
}

double kilometres(const LatLon& a, const LatLon& b)
{
    constexpr double radians = M_PI / 180.0;
    const double dLat = (b.latitude - a.latitude) * radians, dLon = (b.longitude - a.longitude) * radians;
    const double h = std::pow(std::sin(dLat / 2), 2)
        + std::cos(a.latitude * radians) * std::cos(b.latitude * radians) * std::pow(std::sin(dLon / 2), 2);
    return 2 * 6371.0 * std::asin(std::sqrt(h));
}

double pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    const double n = static_cast<double>(x.size());
    double mx = 0, my = 0;
    for (size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

/// Nodes of the largest connected component of the undirected graph.
std::vector<int64_t> largestComponent(int64_t numNodes, const std::vector<GraphEdge>& edges)
{
    std::vector<int64_t> parent(static_cast<size_t>(numNodes));
    for (int64_t i = 0; i < numNodes; ++i) parent[i] = i;
    std::function<int64_t(int64_t)> root = [&](int64_t i) { return parent[i] == i ? i : parent[i] = root(parent[i]); };
    for (const auto& e : edges) parent[root(e.from)] = root(e.to);
    std::map<int64_t, std::vector<int64_t>> groups;
    for (int64_t i = 0; i < numNodes; ++i) groups[root(i)].push_back(i);
    std::vector<int64_t> best;
    for (auto& [r, members] : groups)
        if (members.size() > best.size()) best = members;
    return best;
}

struct Network {
    int64_t numNodes = 0;
    std::vector<GraphEdge> edges;
    std::vector<LatLon> locations;
};

Network networkNamed(const QString& name)
{
    Network n;
    if (name == "PEMS-BAY") {
        const RoadGraphFile g = loadEdgeListGraph(testing::sharedPath("datasets/pems-graphs/distances_bay_2017.csv"));
        std::map<std::string, LatLon> where;
        for (const auto& [id, at] : readLocationsCsv(testing::sharedPath("datasets/pems-graphs/graph_sensor_locations_bay.csv")))
            where[id] = at;
        n.numNodes = static_cast<int64_t>(g.nodeIds.size());
        n.edges = g.edges;
        for (const auto& id : g.nodeIds) n.locations.push_back(where.at(id));
        return n;
    }
    const Dataset d = name == "demo city" ? generateDemoCity()
                                          : loadDataset(testing::sharedPath("datasets/la-week"));
    n.numNodes = d.numNodes;
    n.edges = d.edges;
    n.locations = d.locations;
    return n;
}

} // namespace

class TestGraphLayout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The layout sees only the graph; its distances must follow the real geography.
    void drawsARoadNetworkLikeItsMap_data()
    {
        QTest::addColumn<QString>("network");
        QTest::addColumn<qlonglong>("exactLimit");
        QTest::addColumn<double>("minimumCorrelation");
        QTest::newRow("la-week (METR-LA)") << "la-week" << 1000LL << 0.9;
        QTest::newRow("PEMS-BAY") << "PEMS-BAY" << 1000LL << 0.65;
        QTest::newRow("demo city") << "demo city" << 1000LL << 0.9;
        QTest::newRow("la-week, pivot MDS") << "la-week" << 50LL << 0.85;
        QTest::newRow("PEMS-BAY, pivot MDS") << "PEMS-BAY" << 50LL << 0.65;
    }

    void drawsARoadNetworkLikeItsMap()
    {
        QFETCH(QString, network);
        QFETCH(qlonglong, exactLimit);
        QFETCH(double, minimumCorrelation);
        const Network n = networkNamed(network);
        QVERIFY(n.locations.size() == static_cast<size_t>(n.numNodes));
        const Layout xy = roadGraphLayout(n.numNodes, n.edges, exactLimit);
        QCOMPARE(static_cast<int64_t>(xy.size()), n.numNodes);
        const auto nodes = largestComponent(n.numNodes, n.edges);
        std::vector<double> drawn, real;
        for (size_t i = 0; i < nodes.size(); ++i)
            for (size_t j = i + 1; j < nodes.size(); ++j) {
                drawn.push_back(drawnDistance(xy, nodes[i], nodes[j]));
                real.push_back(kilometres(n.locations[nodes[i]], n.locations[nodes[j]]));
            }
        const double r = pearson(drawn, real);
        qInfo("%s: %zu of %lld sensors in the largest component, correlation of drawn and real distances %.3f",
              qPrintable(network), nodes.size(), static_cast<long long>(n.numNodes), r);
        QVERIFY2(r >= minimumCorrelation, qPrintable(QString::number(r)));
    }

    // Shenzhen has no coordinates. Its drawing must fill the frame, not line its edges.
    void shenzhenIsSpreadOutNotPushedToTheFrame()
    {
        const Dataset d = loadDataset(testing::sharedPath("datasets/sz-taxi"));
        QVERIFY(!d.hasLocations());
        const Layout xy = roadGraphLayout(d.numNodes, d.edges);
        QVERIFY(xy == roadGraphLayout(d.numNodes, d.edges));
        double maxX = 0, maxY = 0;
        for (const auto& [x, y] : xy) {
            QVERIFY(x >= 0 && x <= 1 && y >= 0 && y <= 1);
            maxX = std::max(maxX, x), maxY = std::max(maxY, y);
        }
        QVERIFY(std::max(maxX, maxY) > 0.999);
        int onTheFrame = 0;
        for (const auto& [x, y] : xy)
            if (x < 0.01 || y < 0.01 || x > maxX - 0.01 || y > maxY - 0.01) ++onTheFrame;
        qInfo("sz-taxi: %d of %lld sensors within 1 %% of the frame", onTheFrame, static_cast<long long>(d.numNodes));
        QVERIFY2(onTheFrame <= d.numNodes / 10, qPrintable(QString::number(onTheFrame)));
        // Neighbours are drawn close together.
        double neighbours = 0, all = 0;
        for (const auto& e : d.edges) neighbours += drawnDistance(xy, e.from, e.to) / static_cast<double>(d.edges.size());
        for (int64_t i = 0; i < d.numNodes; ++i)
            for (int64_t j = 0; j < d.numNodes; ++j) all += drawnDistance(xy, i, j) / static_cast<double>(d.numNodes * d.numNodes);
        QVERIFY2(neighbours < 0.2 * all, qPrintable(QString("%1 vs %2").arg(neighbours).arg(all)));
    }

    // Plain graphs have a plain right drawing: a street is a straight line with its blocks
    // in proportion, a grid of streets a grid.
    void aStreetIsAStraightLineInProportion()
    {
        // 0 -1- 1 -1- 2 -1- 3 -4- 4: the last block four times as long.
        const std::vector<GraphEdge> street = {{0, 1, 1, 1}, {1, 2, 1, 1}, {2, 3, 1, 1}, {3, 4, 1, 4}};
        const Layout xy = roadGraphLayout(5, street);
        QVERIFY(std::abs(drawnDistance(xy, 0, 4) - 7 * drawnDistance(xy, 0, 1)) < 1e-3);
        QVERIFY(std::abs(drawnDistance(xy, 3, 4) - 4 * drawnDistance(xy, 2, 3)) < 1e-3);
        QVERIFY(std::abs(drawnDistance(xy, 0, 4) - 1.0) < 1e-9); // the longer side spans the square
    }

    void aGridOfStreetsIsAGrid()
    {
        constexpr int columns = 6, rows = 4;
        std::vector<GraphEdge> grid; // no distances: hops
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < columns; ++c) {
                const int64_t at = r * columns + c;
                if (c + 1 < columns) grid.push_back({at, at + 1, 1, 0});
                if (r + 1 < rows) grid.push_back({at, at + columns, 1, 0});
            }
        const Layout xy = roadGraphLayout(rows * columns, grid);
        double shortest = 1e9, longest = 0;
        for (const auto& e : grid) {
            shortest = std::min(shortest, drawnDistance(xy, e.from, e.to));
            longest = std::max(longest, drawnDistance(xy, e.from, e.to));
        }
        QVERIFY2(longest < 1.25 * shortest, qPrintable(QString("%1 .. %2").arg(shortest).arg(longest)));
        // Opposite corners are the farthest apart.
        double farthest = 0;
        for (int64_t i = 0; i < rows * columns; ++i)
            for (int64_t j = 0; j < rows * columns; ++j) farthest = std::max(farthest, drawnDistance(xy, i, j));
        QVERIFY(drawnDistance(xy, 0, rows * columns - 1) > 0.99 * farthest);
    }

    // Separate networks are drawn apart, each on the same scale; lone sensors after them.
    void componentsAreDrawnApart()
    {
        std::vector<GraphEdge> edges;
        auto ring = [&](int64_t first, int64_t size) {
            for (int64_t i = 0; i < size; ++i) edges.push_back({first + i, first + (i + 1) % size, 1, 0});
        };
        ring(0, 12);
        ring(12, 6);
        edges.push_back({18, 19, 1, 0});
        const int64_t numNodes = 23; // 20, 21 and 22 have no edges
        const Layout xy = roadGraphLayout(numNodes, edges);
        const std::vector<std::vector<int64_t>> groups = {
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {12, 13, 14, 15, 16, 17}, {18, 19}, {20}, {21}, {22}};
        std::vector<std::array<double, 4>> boxes;
        for (const auto& g : groups) {
            std::array<double, 4> box = {1e9, 1e9, -1e9, -1e9};
            for (int64_t i : g) {
                box[0] = std::min(box[0], xy[i].first), box[1] = std::min(box[1], xy[i].second);
                box[2] = std::max(box[2], xy[i].first), box[3] = std::max(box[3], xy[i].second);
            }
            boxes.push_back(box);
        }
        for (size_t a = 0; a < boxes.size(); ++a)
            for (size_t b = a + 1; b < boxes.size(); ++b) {
                const bool apart = boxes[a][2] < boxes[b][0] || boxes[b][2] < boxes[a][0]
                    || boxes[a][3] < boxes[b][1] || boxes[b][3] < boxes[a][1];
                QVERIFY2(apart, qPrintable(QString("groups %1 and %2 overlap").arg(a).arg(b)));
            }
        // One scale: a hop is as long in the big ring as in the small one and the pair.
        const double big = drawnDistance(xy, 0, 1), small = drawnDistance(xy, 12, 13), pair = drawnDistance(xy, 18, 19);
        QVERIFY2(std::abs(small / big - 1) < 0.05 && std::abs(pair / big - 1) < 0.05,
                 qPrintable(QString("%1 %2 %3").arg(big).arg(small).arg(pair)));
        // The rings are round: every sensor equally far from the ring's centre.
        double cx = 0, cy = 0;
        for (int64_t i = 0; i < 12; ++i) cx += xy[i].first / 12, cy += xy[i].second / 12;
        for (int64_t i = 0; i < 12; ++i) {
            const double radius = std::hypot(xy[i].first - cx, xy[i].second - cy);
            QVERIFY2(std::abs(radius / std::hypot(xy[0].first - cx, xy[0].second - cy) - 1) < 0.05, qPrintable(QString::number(i)));
        }
    }

    void degenerateGraphs()
    {
        QVERIFY(roadGraphLayout(0, {}).empty());
        QCOMPARE(roadGraphLayout(1, {}), Layout({{0.5, 0.5}}));
        const Layout lone = roadGraphLayout(4, {}); // no edges at all: a row or grid of sensors
        for (int64_t i = 0; i < 4; ++i)
            for (int64_t j = i + 1; j < 4; ++j) QVERIFY(drawnDistance(lone, i, j) > 0.1);
        const Layout loops = roadGraphLayout(2, {{0, 0, 1, 0}, {1, 1, 1, 0}}); // self-loops only
        QVERIFY(drawnDistance(loops, 0, 1) > 0.5);
    }

    void anEdgeToAMissingSensorIsAnError()
    {
        const QString wrong = testing::refusalMismatch([] { roadGraphLayout(3, {{0, 1, 1, 0}, {1, 7, 1, 0}}); }, {"1 -> 7"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_MAIN(TestGraphLayout)
#include "test_graph_layout.moc"
