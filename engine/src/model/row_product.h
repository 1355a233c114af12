#pragma once
// Many small products at once: out[i] = a[i] · W[i] for a (I, M, K) and W (I, K, O), with
// M small (a few rows per matrix: a batch of 1 or a few samples). This is how per-node
// (axis S) and per-(sample, node) (axis ST, materialised) weights are applied at inference.
// `bmm` on the CPU makes one BLAS call per matrix, which for a single row costs far more
// than the arithmetic; here one pass streams each W[i] once.
#include <torch/torch.h>

namespace himnet {

/// Beyond this many rows per matrix the products are GEMMs worth handing to the BLAS.
/// Measured for 207 matrices of 134 x 128 against OpenBLAS's AVX-512 kernels: streaming
/// takes 0.33 / 0.49 / 0.81 ms for 1 / 2 / 4 rows, bmm 0.45 / 0.49 / 0.58 ms. On an AVX2-only
/// AMD EPYC (Zen kernels): streaming 0.45-0.74 / 0.90-1.07 ms for 1 / 2 rows, bmm 2.0-3.1 ms.
/// 2 is the bound that holds on both. (Those streaming figures ran on one thread: the engine
/// was built without OpenMP until session 10. On two threads, on the Emerald Rapids VM:
/// 0.38-0.43 / 0.40-0.58 ms for 1 / 2 rows, bmm 0.82-0.91 / 0.78-0.79 ms.)
inline constexpr int64_t kMaxStreamedRows = 2;

/// True when autograd would record an operation on `a` and `b`: gradients are enabled and
/// one of them requires one. The streaming paths have no backward and are taken only when not.
bool gradientWanted(const torch::Tensor& a, const torch::Tensor& b);

/// True when rowProduct takes the streaming path for these operands: CPU, floating point,
/// at most `kMaxStreamedRows` rows per matrix, and no gradient wanted (the path has no
/// backward; with gradients, it is `bmm`).
bool rowProductStreams(const torch::Tensor& a, const torch::Tensor& weights);

/// a (I, M, K) x W (I, K, O) -> (I, M, O); same result as torch::bmm(a, W).
torch::Tensor rowProduct(const torch::Tensor& a, const torch::Tensor& weights);

} // namespace himnet
