#include "bench/gradient_agreement.h"

#include <algorithm>

namespace himnet {

std::vector<torch::Tensor> gradientsOf(const torch::nn::Module& model)
{
    std::vector<torch::Tensor> out;
    for (const auto& p : model.parameters()) out.push_back(p.grad().detach().clone());
    return out;
}

double maxRelativeDifference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b)
{
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>() / std::max(b[i].norm().item<double>(), 1e-30));
    return worst;
}

} // namespace himnet
