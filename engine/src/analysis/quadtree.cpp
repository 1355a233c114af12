#include "analysis/quadtree.h"

#include <algorithm>
#include <cmath>

namespace himnet {
namespace {
constexpr int kMaxDepth = 48; // below this, coincident points share a cell
}

QuadTree::QuadTree(const std::vector<double>& xy) : m_xy(xy)
{
    const int64_t n = static_cast<int64_t>(xy.size() / 2);
    double minX = xy[0], maxX = xy[0], minY = xy[1], maxY = xy[1];
    for (int64_t i = 1; i < n; ++i) {
        minX = std::min(minX, xy[2 * i]);
        maxX = std::max(maxX, xy[2 * i]);
        minY = std::min(minY, xy[2 * i + 1]);
        maxY = std::max(maxY, xy[2 * i + 1]);
    }
    Cell root;
    root.cx = (minX + maxX) / 2;
    root.cy = (minY + maxY) / 2;
    root.half = std::max({maxX - minX, maxY - minY, 1e-12}) / 2 * (1 + 1e-9);
    m_cells.reserve(static_cast<size_t>(2 * n + 8));
    m_cells.push_back(root);
    for (int64_t i = 0; i < n; ++i) insert(0, i);
}

int64_t QuadTree::childFor(int64_t cell, int64_t point)
{
    const double x = m_xy[2 * point], y = m_xy[2 * point + 1];
    const int quadrant = (x >= m_cells[cell].cx ? 1 : 0) + (y >= m_cells[cell].cy ? 2 : 0);
    if (m_cells[cell].child[quadrant] < 0) {
        Cell c;
        c.half = m_cells[cell].half / 2;
        c.cx = m_cells[cell].cx + ((quadrant & 1) ? c.half : -c.half);
        c.cy = m_cells[cell].cy + ((quadrant & 2) ? c.half : -c.half);
        c.depth = m_cells[cell].depth + 1;
        m_cells.push_back(c); // may reallocate: index, never hold references across this
        m_cells[cell].child[quadrant] = static_cast<int64_t>(m_cells.size()) - 1;
    }
    return m_cells[cell].child[quadrant];
}

void QuadTree::insert(int64_t cell, int64_t point)
{
    const double x = m_xy[2 * point], y = m_xy[2 * point + 1];
    for (;;) {
        Cell& c = m_cells[cell];
        const double total = static_cast<double>(c.count + 1);
        c.mx += (x - c.mx) / total;
        c.my += (y - c.my) / total;
        ++c.count;
        if (c.count == 1) { // an empty leaf takes the point
            c.point = point;
            return;
        }
        if (c.depth >= kMaxDepth) return; // coincident points: the cell keeps their count
        if (c.point >= 0) { // a leaf with one point splits: push that point down
            const int64_t previous = c.point;
            m_cells[cell].point = -1;
            const int64_t child = childFor(cell, previous);
            Cell& pc = m_cells[child];
            pc.mx = m_xy[2 * previous];
            pc.my = m_xy[2 * previous + 1];
            pc.count = 1;
            pc.point = previous;
        }
        cell = childFor(cell, point);
    }
}

double QuadTree::repulsion(int64_t i, double theta, double& fx, double& fy) const
{
    const double x = m_xy[2 * i], y = m_xy[2 * i + 1];
    double sumQ = 0;
    int64_t stack[4 * kMaxDepth + 8];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const Cell& c = m_cells[static_cast<size_t>(stack[--top])];
        if (c.count == 0) continue;
        const double dx = x - c.mx, dy = y - c.my;
        const double d2 = dx * dx + dy * dy;
        const bool leaf = c.child[0] < 0 && c.child[1] < 0 && c.child[2] < 0 && c.child[3] < 0;
        if (leaf || (2 * c.half) * (2 * c.half) < theta * theta * d2) {
            double count = static_cast<double>(c.count);
            if (leaf && c.point == i) count -= 1; // not itself (coincident twins still count)
            else if (leaf && c.count > 1 && d2 == 0) count -= 1;
            if (count <= 0) continue;
            const double q = 1.0 / (1.0 + d2);
            sumQ += count * q;
            fx += count * q * q * dx;
            fy += count * q * q * dy;
            continue;
        }
        for (int64_t child : c.child)
            if (child >= 0) stack[top++] = child;
    }
    return sumQ;
}

} // namespace himnet
