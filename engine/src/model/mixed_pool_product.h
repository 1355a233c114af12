#pragma once
// The decoder's per-(sample, node) weights applied without ever building them:
//   out[m] = sum_d E[m, d] * (g[m] · W_d) = (E[m] ⊗ g[m]) · W
// with W the pool flattened to (D*K*C, O). The Kronecker rows E ⊗ g are one GEMM's input;
// this autograd function rebuilds them in the backward pass instead of keeping them, which
// drops the largest tensor a training step keeps alive (D times the size of g, at every
// decoder step).
#include "model/deferred_weight_gradient.h"

#include <torch/torch.h>

namespace himnet {

/// `embedding` (M, D), `input` (M, K*C), `pool` (D*K*C, O) -> (M, O), differentiable in all three.
/// With `deferred`, the pool's gradient over every step sharing it comes once, at the first
/// step (DeferredWeightGradient): sum_m E[m]ᵀ T[m] with T[m] = sum_q g_q[m]ᵀ dout_q[m] costs
/// (Q + D) / (Q * D) of the per-step Kronecker GEMMs, a seventh for Q = 12 and D = 16.
/// Every step must then use the same embedding.
/// With `bfloat16Pool` (toProductOperand of the pool, detached), the two Kronecker GEMMs,
/// forward and input gradient, take bfloat16 operands and accumulate in float32
/// (product_precision.h); the result, every gradient and the pool's gradient are float32.
torch::Tensor mixedPoolProduct(const torch::Tensor& embedding, const torch::Tensor& input, const torch::Tensor& pool,
                               const c10::intrusive_ptr<DeferredWeightGradient>& deferred = {},
                               const torch::Tensor& bfloat16Pool = {});

} // namespace himnet
