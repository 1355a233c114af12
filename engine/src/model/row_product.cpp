#include "model/row_product.h"
#include "model/batched_product.h"
#include "core/vector_clones.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>

#include <algorithm>

namespace himnet {
namespace {

template <typename Scalar>
inline void matrixProduct(const Scalar* __restrict a, const Scalar* __restrict w, Scalar* __restrict out, int64_t rows,
                          int64_t inner, int64_t cols)
{
    std::fill(out, out + rows * cols, Scalar(0));
    for (int64_t k = 0; k < inner; ++k) {
        const Scalar* wk = w + k * cols; // read once, used for every row
        for (int64_t m = 0; m < rows; ++m) {
            const Scalar s = a[m * inner + k];
            Scalar* om = out + m * cols;
            for (int64_t j = 0; j < cols; ++j) om[j] += s * wk[j];
        }
    }
}

HIMNET_VECTOR_CLONES void matrixProductVectorised(const float* a, const float* w, float* out, int64_t rows, int64_t inner,
                                                  int64_t cols)
{
    matrixProduct(a, w, out, rows, inner, cols);
}

HIMNET_VECTOR_CLONES void matrixProductVectorised(const double* a, const double* w, double* out, int64_t rows,
                                                  int64_t inner, int64_t cols)
{
    matrixProduct(a, w, out, rows, inner, cols);
}

template <typename Scalar>
void rowProductCpu(const Scalar* a, const Scalar* w, Scalar* out, int64_t matrices, int64_t rows, int64_t inner,
                   int64_t cols)
{
    at::parallel_for(0, matrices, 4, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
            matrixProductVectorised(a + i * rows * inner, w + i * inner * cols, out + i * rows * cols, rows, inner, cols);
    });
}

} // namespace

bool gradientWanted(const torch::Tensor& a, const torch::Tensor& b)
{
    return torch::GradMode::is_enabled() && (a.requires_grad() || b.requires_grad());
}

bool rowProductStreams(const torch::Tensor& a, const torch::Tensor& weights)
{
    return a.is_cpu() && weights.is_cpu() && !gradientWanted(a, weights) && a.size(1) <= kMaxStreamedRows
           && (a.scalar_type() == torch::kFloat32 || a.scalar_type() == torch::kFloat64)
           && a.scalar_type() == weights.scalar_type();
}

torch::Tensor rowProduct(const torch::Tensor& a, const torch::Tensor& weights)
{
    TORCH_CHECK(a.dim() == 3 && weights.dim() == 3 && a.size(0) == weights.size(0) && a.size(2) == weights.size(1),
                "rowProduct: shapes (I, M, K) and (I, K, O) expected");
    if (!rowProductStreams(a, weights)) return batchedProduct(a, weights);
    const torch::Tensor ac = a.contiguous(), wc = weights.contiguous();
    torch::Tensor out = torch::empty({a.size(0), a.size(1), weights.size(2)}, a.options());
    AT_DISPATCH_FLOATING_TYPES(a.scalar_type(), "rowProduct", [&] {
        rowProductCpu<scalar_t>(ac.data_ptr<scalar_t>(), wc.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), a.size(0),
                                a.size(1), a.size(2), weights.size(2));
    });
    return out;
}

} // namespace himnet
