#pragma once
// Adam exactly as torch.optim.Adam (L2 weight decay added to the gradient, eps outside the
// square root, bias corrections), with its whole state exposed so that a checkpoint can
// restore it bit for bit on any LibTorch version.
#include "train/state_dict.h"

namespace himnet {

class AdamOptimizer {
public:
    AdamOptimizer(std::vector<std::pair<std::string, torch::Tensor>> parameters, double lr, double eps, double weightDecay,
                  double beta1 = 0.9, double beta2 = 0.999);

    /// One update from the parameters' current gradients.
    void step();
    void zeroGrad();
    void setLearningRate(double lr) { m_lr = lr; }
    double learningRate() const { return m_lr; }
    int64_t stepCount() const { return m_step; }

    /// exp_avg.<name> and exp_avg_sq.<name> for every parameter.
    NamedTensors stateTensors() const;
    /// Restores moments and the step count; InputError naming `source` when they do not fit.
    void loadState(const NamedTensors& tensors, int64_t stepCount, const std::string& source);

private:
    std::vector<std::pair<std::string, torch::Tensor>> m_parameters;
    std::vector<torch::Tensor> m_expAvg, m_expAvgSq;
    double m_lr, m_eps, m_weightDecay, m_beta1, m_beta2;
    int64_t m_step = 0;
};

} // namespace himnet
