#pragma once
// A batch of matrix products, a[i] · b[i], spread over the threads a matrix at a time.
//
// LibTorch 1.13's CPU `bmm` runs the products one after another, each on all threads. For
// the engine's batches of small products (per node: 207 products of 16 x 134 by 134 x 128)
// OpenBLAS takes its single-threaded small-matrix kernels, so the other cores wait. Here each
// thread runs whole products on its own share of the batch: encoder S's products 1.3 against
// 1.8 ms, the deferred weight gradient's 10.7 against 14.5 ms; per sample, encoder T's 0.5-0.7
// against 0.8-1.0 ms and the decoder's graph propagation 0.5-0.7 against 0.8-0.9 ms (2-core
// Emerald Rapids VM).
#include <torch/torch.h>

namespace himnet {

/// a (I, M, K) x b (I, K, O) -> (I, M, O); the same numbers as torch::bmm(a, b), and
/// differentiable (its backward spreads its products the same way, or, with create_graph,
/// uses bmm so that the gradients are differentiable too). Off the CPU, and for other types
/// than float32 and float64, it is torch::bmm.
torch::Tensor batchedProduct(const torch::Tensor& a, const torch::Tensor& b);

} // namespace himnet
