#pragma once
// Meta-parameter graph convolution (HIMNET.md, "Meta-parameter graph convolution").
// The pools are mixed into concrete weights by an embedding along one of three axes. The
// efficient formulation lives here: Chebyshev terms on vectors (no N x N polynomials, no
// identity), and weight generation separated from application so that callers generate
// S and T weights once per forward pass instead of once per time step.
#include "himnet/runtime.h"
#include "model/deferred_weight_gradient.h"

#include <torch/torch.h>

namespace himnet {

/// Which embedding mixes the pool: one per node (S), one per sample (T), one per sample
/// and node (ST), or a single (1, D) row for all (Shared: plain weights, for ablations).
enum class MetaAxis { Spatial, Temporal, SpatioTemporal, Shared };

/// Concrete weights for one forward pass, produced by MetaGraphConvImpl::generate.
struct GeneratedWeights {
    MetaAxis axis = MetaAxis::Spatial;
    /// S: (N, K*C, O); T: (B, K*C, O); Shared: (K*C, O); ST: the pool as (D*K*C, O), or, for
    /// CPU inference where it fits, the materialised weights (B*N, K*C, O).
    torch::Tensor weight;
    torch::Tensor bias;      ///< S: (N, O); T: (B, 1, O); ST: (B, N, O); Shared: (O)
    torch::Tensor embedding; ///< ST with the pool only: (B, N, D), mixed into the input at each application
    /// In training, for S and for ST with the pool only: the gradient of `weight` over every
    /// step of the forward pass, computed once (see DeferredWeightGradient).
    c10::intrusive_ptr<DeferredWeightGradient> deferredGradient;
    /// With bfloat16 products (MetaGraphConvImpl::setPrecision), in training: true, and for S
    /// and for ST with the pool only, `weight` as a bfloat16 product's operand
    /// (toProductOperand, product_precision.h) and detached, cast once per pass
    /// (their autograd functions take the gradient through `weight`).
    bool bfloat16Products = false;
    torch::Tensor productWeight;
};

/// [y_0, ..., y_{K-1}] concatenated k-major along the last dimension: y_0 = u, y_1 = A u,
/// y_k = 2 A y_{k-1} - y_{k-2}. `u` is (B, N, C); `support` is (N, N) or (B, N, N).
torch::Tensor chebyshevTerms(const torch::Tensor& u, const torch::Tensor& support, int64_t chebK);

class MetaGraphConvImpl : public torch::nn::Module {
public:
    /// Pools for inputs of `inChannels` features: weights (D, K*C, O), biases (D, O), both
    /// Xavier-normal initialised as the reference does.
    MetaGraphConvImpl(int64_t poolSize, int64_t inChannels, int64_t outChannels, int64_t chebK);

    /// Mixes the pools with `embedding`: (N, D) for S, (B, D) for T, (B, N, D) for ST.
    GeneratedWeights generate(const torch::Tensor& embedding, MetaAxis axis) const;

    /// Graph convolution of `u` (B, N, C) over `support` with weights from generate().
    torch::Tensor forward(const torch::Tensor& u, const torch::Tensor& support, const GeneratedWeights& weights) const;

    int64_t chebK() const { return m_chebK; }

    /// BFloat16: in training (gradients on), the products of inputs and weights take bfloat16
    /// operands and accumulate in float32; everything else, and every product without
    /// gradients (forecasts, validation), stays in the pools' float32. Throws InputError for
    /// BFloat16 when the pools are not float32.
    void setPrecision(Precision precision);
    Precision precision() const { return m_precision; }

    torch::Tensor weights_pool;
    torch::Tensor bias_pool;

private:
    int64_t m_chebK;
    Precision m_precision = Precision::Float32;
};
TORCH_MODULE(MetaGraphConv);

} // namespace himnet
