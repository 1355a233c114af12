#include "test_tensors.h"

namespace himnet::testing {

RandomBatch randomBatch(int64_t batch, int64_t inSteps, int64_t outSteps, int64_t nodes, int64_t stepsPerDay,
                        torch::ScalarType dtype)
{
    auto options = torch::TensorOptions().dtype(dtype);
    auto covariates = [&](int64_t steps) {
        // One time of day and day of week per sample and step, shared by all nodes.
        const torch::Tensor slot = torch::randint(0, stepsPerDay, {batch, steps, 1, 1}, torch::kLong);
        const torch::Tensor tod = (slot.to(torch::kFloat64) / static_cast<double>(stepsPerDay)).to(dtype);
        const torch::Tensor dow = torch::randint(0, 7, {batch, steps, 1, 1}, options);
        return torch::cat({tod.expand({batch, steps, nodes, 1}), dow.expand({batch, steps, nodes, 1})}, -1);
    };
    RandomBatch b;
    b.x = torch::cat({torch::randn({batch, inSteps, nodes, 1}, options), covariates(inSteps)}, -1);
    b.yCov = covariates(outSteps);
    b.labels = torch::randn({batch, outSteps, nodes, 1}, options);
    return b;
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.detach().to(torch::kFloat64) - b.detach().to(torch::kFloat64)).abs().max().item<double>();
}

torch::Tensor tensorNamed(const NamedTensors& tensors, const std::string& name)
{
    for (const auto& [n, t] : tensors)
        if (n == name) return t;
    return {};
}

} // namespace himnet::testing
