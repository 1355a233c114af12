#pragma once
// Conversions between the public Matrix and LibTorch tensors (float64, CPU).
#include "himnet/matrix.h"

#include <torch/torch.h>

#include <string>

namespace himnet {

/// A (rows, cols) float64 tensor holding a copy of `m`.
torch::Tensor toTensor(const Matrix& m);
/// A Matrix copy of a 2-D tensor (any floating type, any device).
Matrix toMatrix(const torch::Tensor& t);
/// Throws InputError "<what>: ..." when `m` has fewer than `minRows` rows, no columns or a
/// value that is not finite.
void requireFinite(const Matrix& m, int64_t minRows, const std::string& what);
/// Squared Euclidean distances between the rows of a and b, (a.rows, b.rows), clamped at 0.
torch::Tensor squaredDistances(const torch::Tensor& a, const torch::Tensor& b);
/// Indices (n, k) of each row's k nearest other rows, nearest first, in chunks of rows.
torch::Tensor nearestNeighbours(const torch::Tensor& x, int64_t k, torch::Tensor* squaredDistancesOut = nullptr);

} // namespace himnet
