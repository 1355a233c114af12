#include "train/gradient_clipping.h"

namespace himnet {

torch::Tensor clipGradientNorm(const std::vector<torch::Tensor>& parameters, double maxNorm)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> norms;
    std::vector<torch::Tensor> grads;
    for (const auto& p : parameters) {
        if (!p.grad().defined()) continue;
        grads.push_back(p.grad());
        norms.push_back(grads.back().norm(2));
    }
    if (grads.empty()) return torch::zeros({});
    const torch::Tensor total = norms.size() == 1 ? norms.front() : torch::stack(norms).norm(2);
    // min(1, maxNorm / (norm + 1e-6)): a factor of exactly 1 leaves small gradients as they are.
    const torch::Tensor factor = torch::clamp(maxNorm / (total + 1e-6), c10::nullopt, 1.0);
    for (auto& g : grads) g.mul_(factor);
    return total;
}

} // namespace himnet
