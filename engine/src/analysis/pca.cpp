#include "himnet/projection.h"
#include "analysis/matrix_tensor.h"

namespace himnet {

PcaResult pca(const Matrix& points, int64_t components)
{
    requireFinite(points, 2, "PCA");
    torch::NoGradGuard noGrad;
    const torch::Tensor x = toTensor(points);
    const torch::Tensor centred = x - x.mean(0, true);
    const torch::Tensor covariance = centred.t().mm(centred) / static_cast<double>(points.rows - 1);
    auto [eigenvalues, eigenvectors] = torch::linalg_eigh(covariance, "L"); // ascending
    eigenvalues = eigenvalues.flip(0).clamp_min(0);
    eigenvectors = eigenvectors.flip(1);
    const int64_t m = std::min(components, points.cols);
    torch::Tensor axes = eigenvectors.slice(1, 0, m).t().contiguous(); // (m, d)
    // A sign convention, so that the same data always gives the same picture.
    const torch::Tensor largest = axes.abs().argmax(1, true);
    const torch::Tensor sign = torch::sign(axes.gather(1, largest));
    axes = axes * torch::where(sign == 0, torch::ones_like(sign), sign);

    PcaResult r;
    r.axes = toMatrix(axes);
    r.scores = toMatrix(centred.mm(axes.t()));
    const double total = eigenvalues.sum().item<double>();
    for (int64_t i = 0; i < m; ++i)
        r.explainedVarianceRatio.push_back(total > 0 ? eigenvalues[i].item<double>() / total : 0.0);
    return r;
}

} // namespace himnet
