#pragma once
// HimNet computed the way the reference implementation computes it, for `himnet bench` to
// measure against: Chebyshev polynomials as N x N matrices with the identity, weights
// regenerated at every step, and the spatiotemporal weights materialised as (B, N, K*C, O)
// at every decoder step (all twelve kept for the backward pass). Same parameters, same
// maths, same results as HimNetImpl::forward — only slower and larger.
#include "model/himnet.h"

namespace himnet {

/// Evaluation-mode forward pass (no teacher forcing) of `model`'s parameters.
torch::Tensor naiveForward(HimNetImpl& model, const torch::Tensor& x, const torch::Tensor& yCov);

} // namespace himnet
