#pragma once
// One step of graph propagation, A u, for the Chebyshev terms (meta_graph_conv.h).
#include <torch/torch.h>

namespace himnet {

/// A u for a shared support A (N, N) or one per sample (B, N, N), with u (B, N, C).
/// With `bfloat16Products` (mixed precision, in training): the product and u's gradient take
/// bfloat16 operands and accumulate in float32, while A's gradient, sum_b dy[b] u[b]ᵀ, stays
/// float32: it reaches the embeddings through the softmax of the adaptive graph, whose
/// backward pass subtracts nearly equal numbers (measured: 5 % error in the node embedding's
/// gradient when A's gradient too came from bfloat16, against under 1 % this way).
torch::Tensor propagate(const torch::Tensor& support, const torch::Tensor& u, bool bfloat16Products = false);

} // namespace himnet
