#include "analysis/matrix_tensor.h"
#include "himnet/errors.h"

#include <cmath>
#include <limits>

namespace himnet {

torch::Tensor toTensor(const Matrix& m)
{
    return torch::from_blob(const_cast<double*>(m.values.data()), {m.rows, m.cols}, torch::kDouble).clone();
}

Matrix toMatrix(const torch::Tensor& t)
{
    const torch::Tensor c = t.detach().to(torch::kCPU, torch::kDouble).contiguous();
    Matrix m(c.size(0), c.dim() > 1 ? c.size(1) : 1);
    std::copy(c.data_ptr<double>(), c.data_ptr<double>() + c.numel(), m.values.begin());
    return m;
}

void requireFinite(const Matrix& m, int64_t minRows, const std::string& what)
{
    if (m.rows < minRows)
        throw InputError(what + ": needs at least " + std::to_string(minRows) + " points, got " + std::to_string(m.rows));
    if (m.cols < 1) throw InputError(what + ": the points have no coordinates");
    if (static_cast<int64_t>(m.values.size()) != m.rows * m.cols)
        throw InputError(what + ": " + std::to_string(m.values.size()) + " values do not fill " + std::to_string(m.rows) +
                         " x " + std::to_string(m.cols));
    for (size_t i = 0; i < m.values.size(); ++i)
        if (!std::isfinite(m.values[i]))
            throw InputError(what + ": value of point " + std::to_string(static_cast<int64_t>(i) / m.cols) +
                             " is not finite");
}

torch::Tensor squaredDistances(const torch::Tensor& a, const torch::Tensor& b)
{
    const torch::Tensor a2 = (a * a).sum(1, true);
    const torch::Tensor b2 = (b * b).sum(1, true);
    return (a2 + b2.t() - 2 * a.mm(b.t())).clamp_min(0);
}

torch::Tensor nearestNeighbours(const torch::Tensor& x, int64_t k, torch::Tensor* squaredDistancesOut)
{
    const int64_t n = x.size(0);
    constexpr int64_t chunk = 1024;
    std::vector<torch::Tensor> indices, distances;
    for (int64_t begin = 0; begin < n; begin += chunk) {
        const int64_t end = std::min(n, begin + chunk);
        torch::Tensor d = squaredDistances(x.slice(0, begin, end), x);
        const torch::Tensor self = torch::arange(begin, end, torch::kLong);
        d.index_put_({torch::arange(end - begin, torch::kLong), self}, std::numeric_limits<double>::infinity());
        const auto [values, idx] = d.topk(k, 1, /*largest=*/false, /*sorted=*/true);
        indices.push_back(idx);
        distances.push_back(values);
    }
    if (squaredDistancesOut) *squaredDistancesOut = torch::cat(distances, 0);
    return torch::cat(indices, 0);
}

} // namespace himnet
