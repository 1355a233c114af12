#pragma once
// The Barnes-Hut quadtree of a 2-D t-SNE layout: cells summarise the points they hold by
// their count and centre of mass, so that far cells repel a point as one body.
#include <cstdint>
#include <vector>

namespace himnet {

class QuadTree {
public:
    /// Builds the tree of n points (x0, y0, x1, y1, ...).
    explicit QuadTree(const std::vector<double>& xy);

    /// Repulsive force on point i: adds sum_j q_ij^2 (y_i - y_j) to (fx, fy) and returns
    /// sum_j q_ij over j != i, where q_ij = 1 / (1 + |y_i - y_j|^2); cells whose width over
    /// distance is below theta count as one point at their centre of mass.
    double repulsion(int64_t i, double theta, double& fx, double& fy) const;

private:
    struct Cell {
        double cx = 0, cy = 0, half = 0;  ///< square bounds
        double mx = 0, my = 0;            ///< centre of mass
        int64_t count = 0;
        int64_t point = -1;               ///< the single point of a leaf, -1 otherwise
        int64_t child[4] = {-1, -1, -1, -1};
        int depth = 0;
    };

    void insert(int64_t cell, int64_t point);
    int64_t childFor(int64_t cell, int64_t point);

    const std::vector<double>& m_xy;
    std::vector<Cell> m_cells;
};

} // namespace himnet
