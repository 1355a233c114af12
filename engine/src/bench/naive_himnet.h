#pragma once
// HimNet computed the way the reference implementation computes it, for `himnet bench` to
// measure against: Chebyshev polynomials as N x N matrices with the identity, weights
// regenerated at every step, and the spatiotemporal weights materialised as (B, N, K*C, O)
// at every decoder step (all twelve kept for the backward pass). Same parameters, same
// maths, same results as HimNetImpl::forward — only slower and larger.
#include "model/himnet.h"
#include "train/memory_need.h"

namespace himnet {

/// Evaluation-mode forward pass (no teacher forcing) of `model`'s parameters.
torch::Tensor naiveForward(HimNetImpl& model, const torch::Tensor& x, const torch::Tensor& yCov);

/// The least memory a training step of the naive formulation takes: ours
/// (trainingMemoryOf), and the weights it generates at every step and keeps for the backward
/// pass: per window, the decoder's (N, K(C+H), 3H) and the temporal encoder's (K(C+H), 3H);
/// per step, the spatial encoder's (N, K(C+H), 3H). METR-LA, batch 16: 4.4 GB, where the bench
/// measured 4.9 to 5.1 GB.
TrainingMemory naiveTrainingMemoryOf(const HimNetConfig& config);

} // namespace himnet
