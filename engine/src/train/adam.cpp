#include "train/adam.h"
#include "himnet/errors.h"

#include <cmath>
#include <map>

namespace himnet {

AdamOptimizer::AdamOptimizer(std::vector<std::pair<std::string, torch::Tensor>> parameters, double lr, double eps,
                             double weightDecay, double beta1, double beta2)
    : m_parameters(std::move(parameters)), m_lr(lr), m_eps(eps), m_weightDecay(weightDecay), m_beta1(beta1), m_beta2(beta2)
{
    for (const auto& item : m_parameters) {
        m_expAvg.push_back(torch::zeros_like(item.second));
        m_expAvgSq.push_back(torch::zeros_like(item.second));
    }
}

void AdamOptimizer::zeroGrad()
{
    for (auto& item : m_parameters)
        if (item.second.grad().defined()) item.second.mutable_grad().zero_();
}

void AdamOptimizer::step()
{
    advance();
    update();
}

void AdamOptimizer::advance()
{
    ++m_step;
    m_stepSize = m_lr / (1.0 - std::pow(m_beta1, static_cast<double>(m_step)));
    m_correction2Root = std::sqrt(1.0 - std::pow(m_beta2, static_cast<double>(m_step)));
    if (m_deviceStepSize.defined()) {
        torch::NoGradGuard noGrad;
        m_deviceStepSize.fill_(m_stepSize);
        m_deviceCorrection2Root.fill_(m_correction2Root);
    }
}

void AdamOptimizer::keepScalarsOnDevice()
{
    if (m_parameters.empty() || m_deviceStepSize.defined()) return;
    const auto options = m_parameters.front().second.options().requires_grad(false);
    m_deviceStepSize = torch::full({}, m_stepSize, options);
    m_deviceCorrection2Root = torch::full({}, m_correction2Root, options);
}

void AdamOptimizer::update()
{
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < m_parameters.size(); ++i) {
        torch::Tensor& p = m_parameters[i].second;
        if (!p.grad().defined()) continue;
        torch::Tensor grad = p.grad();
        if (m_weightDecay != 0) grad = grad.add(p, m_weightDecay);
        m_expAvg[i].mul_(m_beta1).add_(grad, 1.0 - m_beta1);
        m_expAvgSq[i].mul_(m_beta2).addcmul_(grad, grad, 1.0 - m_beta2);
        if (m_deviceStepSize.defined()) {
            const torch::Tensor denominator = (m_expAvgSq[i].sqrt() / m_deviceCorrection2Root).add_(m_eps);
            p.sub_(m_expAvg[i] / denominator * m_deviceStepSize);
        } else {
            const torch::Tensor denominator = (m_expAvgSq[i].sqrt() / m_correction2Root).add_(m_eps);
            p.addcdiv_(m_expAvg[i], denominator, -m_stepSize);
        }
    }
}

NamedTensors AdamOptimizer::stateTensors() const
{
    NamedTensors out;
    for (size_t i = 0; i < m_parameters.size(); ++i) {
        out.emplace_back("exp_avg." + m_parameters[i].first, m_expAvg[i].detach());
        out.emplace_back("exp_avg_sq." + m_parameters[i].first, m_expAvgSq[i].detach());
    }
    return out;
}

void AdamOptimizer::loadState(const NamedTensors& tensors, int64_t stepCount, const std::string& source)
{
    std::map<std::string, torch::Tensor> byName(tensors.begin(), tensors.end());
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < m_parameters.size(); ++i) {
        for (auto [prefix, target] : {std::pair<const char*, torch::Tensor*>{"exp_avg.", &m_expAvg[i]}, {"exp_avg_sq.", &m_expAvgSq[i]}}) {
            auto it = byName.find(prefix + m_parameters[i].first);
            if (it == byName.end() || it->second.sizes() != target->sizes())
                throw InputError(describeProblem(source, "optimizer state does not fit this network ("
                                                             + std::string(prefix) + m_parameters[i].first + ")"));
            target->copy_(it->second.to(target->device(), target->scalar_type()));
        }
    }
    m_step = stepCount;
}

} // namespace himnet
