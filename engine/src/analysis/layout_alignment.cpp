// Orthogonal Procrustes with scaling (Gower 1975): the rotation or reflection R and scale s
// that minimise |s (A - mean A) R + mean B - B|, from the SVD of (A - mean A)^T (B - mean B).
#include "himnet/errors.h"
#include "himnet/projection.h"
#include "analysis/matrix_tensor.h"

namespace himnet {

Matrix alignLayout(const Matrix& layout, const Matrix& reference)
{
    if (layout.rows != reference.rows || layout.cols != reference.cols)
        throw InputError("aligning layouts: one is " + std::to_string(layout.rows) + " x " + std::to_string(layout.cols) +
                         ", the other " + std::to_string(reference.rows) + " x " + std::to_string(reference.cols));
    requireFinite(layout, 1, "aligning layouts");
    requireFinite(reference, 1, "aligning layouts");
    torch::NoGradGuard noGrad;
    const torch::Tensor a = toTensor(layout), b = toTensor(reference);
    const torch::Tensor bMean = b.mean(0, true);
    const torch::Tensor ac = a - a.mean(0, true), bc = b - bMean;
    const double spread = ac.pow(2).sum().item<double>();
    if (spread == 0) return toMatrix(bMean.expand_as(b)); // every point in one place: nothing to turn
    const auto [u, s, vh] = torch::linalg_svd(ac.t().mm(bc), /*full_matrices=*/false);
    const torch::Tensor rotation = u.mm(vh);
    const double scale = s.sum().item<double>() / spread;
    return toMatrix(ac.mm(rotation) * scale + bMean);
}

} // namespace himnet
