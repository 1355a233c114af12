#pragma once
#include <torch/torch.h>

#include <vector>

namespace himnet {

/// Scales the gradients of `parameters` so that their joint 2-norm is at most `maxNorm`, as
/// torch.nn.utils.clip_grad_norm_ does (same formula, same results), and returns that norm
/// as a 0-dim tensor on the gradients' device, without waiting for it: the host never
/// synchronises with the device here, so a CUDA graph can record the clipping.
torch::Tensor clipGradientNorm(const std::vector<torch::Tensor>& parameters, double maxNorm);

} // namespace himnet
