#pragma once
// How `himnet bench` compares two computations' gradients of the same parameters.
#include <torch/torch.h>

#include <vector>

namespace himnet {

/// A copy of every parameter's gradient, in `model.parameters()` order.
std::vector<torch::Tensor> gradientsOf(const torch::nn::Module& model);

/// The largest max|a[i] - b[i]| / ||b[i]|| over the pairs: how far `a` is from `b`, each
/// gradient judged against its own size.
double maxRelativeDifference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b);

} // namespace himnet
