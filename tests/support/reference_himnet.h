#pragma once
// A plain, line-by-line transcription of HIMNET.md's equations in the reference's naive
// formulation: N x N Chebyshev polynomials with the identity, weights regenerated at every
// step, (B, N, K*C, O) weight tensors for the spatiotemporal axis. It lives only in the tests
// and the benchmarks, as the independent check of the engine's efficient model.
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace himnet::reference {

struct Sizes {
    int64_t nodes, hidden, layers, chebK, dTod, dDow, dNode, dSt, stepsPerDay, inputDim = 3, outputDim = 1, yCovDim = 2,
        outSteps = 12;
};

/// Forward pass of HimNet with parameters looked up by state-dict name in `params`.
/// `teacherForced[q]` feeds labels[:, q] back after step q (training behaviour).
torch::Tensor forward(const std::map<std::string, torch::Tensor>& params, const Sizes& sizes, const torch::Tensor& x,
                      const torch::Tensor& yCov, const torch::Tensor& labels = {},
                      const std::vector<bool>& teacherForced = {});

} // namespace himnet::reference
