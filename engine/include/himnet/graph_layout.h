#pragma once
// Where to draw the sensors of a network that has no coordinates (Shenzhen's taxi roads,
// PEMS04/08): a drawing of its road graph that reads like a map.
#include "himnet/dataset.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace himnet {

/// Positions in the unit square [0, 1]² (the longer side spans it; the aspect is kept) for
/// `numNodes` sensors joined by `edges`, by stress majorization (Gansner, Koren & North,
/// 2004): within each connected component, the distance between two drawn sensors follows
/// the shortest path between them — along the road distances when every edge of the
/// component carries one, else in hops. Roads become lines, not knots, and nothing is pushed
/// against a frame. Components are drawn on the same scale (their typical edge the same
/// length) and packed in rows, largest first; sensors without edges come last, in a grid.
/// Deterministic: the same graph gives the same positions. A component of up to
/// `exactLimit` sensors takes time and memory quadratic in its size (900 sensors: 1.5 s and
/// 20 MB on a 2-core VM); a larger one is drawn by pivot MDS alone (Brandes & Pich, 2006),
/// linear in its size (2000 sensors: 0.2 s) and only a little less faithful.
std::vector<std::pair<double, double>> roadGraphLayout(int64_t numNodes, const std::vector<GraphEdge>& edges,
                                                      int64_t exactLimit = 1000);

} // namespace himnet
