#include "himnet/projection.h"
#include "analysis/matrix_tensor.h"
#include "himnet/errors.h"

#include <algorithm>

namespace himnet {

double neighbourhoodPreservation(const Matrix& high, const Matrix& low, int64_t k)
{
    requireFinite(high, 2, "neighbourhood preservation");
    requireFinite(low, 2, "neighbourhood preservation");
    if (high.rows != low.rows) throw InputError("neighbourhood preservation: the two point sets differ in size");
    k = std::min(k, high.rows - 1);
    if (k < 1) throw InputError("neighbourhood preservation: k must be at least 1");
    torch::NoGradGuard noGrad;
    const torch::Tensor a = std::get<0>(nearestNeighbours(toTensor(high), k).sort(1));
    const torch::Tensor b = std::get<0>(nearestNeighbours(toTensor(low), k).sort(1));
    const auto ra = a.accessor<int64_t, 2>();
    const auto rb = b.accessor<int64_t, 2>();
    int64_t shared = 0;
    for (int64_t i = 0; i < high.rows; ++i) {
        int64_t x = 0, y = 0;
        while (x < k && y < k) {
            if (ra[i][x] == rb[i][y]) { ++shared; ++x; ++y; }
            else if (ra[i][x] < rb[i][y]) ++x;
            else ++y;
        }
    }
    return static_cast<double>(shared) / static_cast<double>(high.rows * k);
}

double neighbourLabelAgreement(const Matrix& points, const std::vector<int>& labels, int64_t k)
{
    requireFinite(points, 2, "neighbour label agreement");
    if (static_cast<int64_t>(labels.size()) != points.rows)
        throw InputError("neighbour label agreement: " + std::to_string(labels.size()) + " labels for " +
                         std::to_string(points.rows) + " points");
    k = std::min(k, points.rows - 1);
    torch::NoGradGuard noGrad;
    const torch::Tensor nb = nearestNeighbours(toTensor(points), k);
    const auto r = nb.accessor<int64_t, 2>();
    int64_t same = 0;
    for (int64_t i = 0; i < points.rows; ++i)
        for (int64_t j = 0; j < k; ++j) same += labels[static_cast<size_t>(r[i][j])] == labels[static_cast<size_t>(i)];
    return static_cast<double>(same) / static_cast<double>(points.rows * k);
}

} // namespace himnet
