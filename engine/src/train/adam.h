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

    /// One update from the parameters' current gradients: advance(), then update().
    void step();
    /// The host's half of a step: counts it and works out its step size and bias correction.
    void advance();
    /// The device's half: the update itself, with the values of the last advance().
    void update();
    /// From now on update() reads its step size and bias correction from 0-dim tensors on the
    /// parameters' device, which advance() refills: a CUDA graph that recorded update() then
    /// replays each step with that step's values. Agrees with the host-scalar update to
    /// rounding (about 1e-7 relative), not bit for bit.
    void keepScalarsOnDevice();
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
    double m_stepSize = 0, m_correction2Root = 1; // lr / (1 - beta1^t), sqrt(1 - beta2^t)
    torch::Tensor m_deviceStepSize, m_deviceCorrection2Root; // defined once keepScalarsOnDevice()
};

} // namespace himnet
