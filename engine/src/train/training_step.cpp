#include "train/training_step.h"
#include "himnet/errors.h"
#include "train/gradient_clipping.h"
#include "train/metrics.h"

#include <algorithm>
#include <cmath>

namespace himnet {

bool replayAgrees(double replayed, double usual, Precision precision)
{
    const double tolerance = precision == Precision::BFloat16 ? 2e-2 : 1e-4;
    return std::isfinite(replayed) && std::isfinite(usual) && std::abs(replayed - usual) <= tolerance * std::max(1.0, std::abs(usual));
}

TrainingStep::TrainingStep(HimNetImpl& model, AdamOptimizer& adam, const TrainingOptions& options, const Scaler& scaler,
                           double missingValue, const torch::Device& device, ProcessGroup* processes)
    : m_model(model), m_adam(adam), m_options(options), m_scaler(scaler), m_missing(missingValue), m_parameters(model.parameters()),
      m_processes(processes)
{
    if (!options.cudaGraphs) return;
    m_graph = std::make_unique<CudaGraph>(device);
    m_adam.keepScalarsOnDevice();
}

TrainingStep::~TrainingStep() = default;

torch::Tensor TrainingStep::lossOf(const torch::Tensor& output, const torch::Tensor& target) const
{
    return trainingLoss(m_options.loss, m_scaler.inverse(output), target, m_missing);
}

torch::Tensor TrainingStep::clippedGradients(const torch::Tensor& output, const torch::Tensor& target)
{
    torch::Tensor loss = lossOf(output, target);
    m_adam.zeroGrad();
    loss.backward();
    loss = loss.detach();
    if (m_processes) loss = combineAcrossProcesses(loss, presentTargets(target, m_missing));
    clipGradientNorm(m_parameters, m_options.clipNorm);
    return loss;
}

torch::Tensor TrainingStep::combineAcrossProcesses(const torch::Tensor& loss, double readings)
{
    torch::NoGradGuard noGrad;
    const size_t count = m_parameters.size();
    // One buffer, one collective: every gradient (zeros where a share left it undefined),
    // then whether each was defined, the loss summed over the readings, and the readings.
    std::vector<torch::Tensor> parts;
    std::vector<float> tail(count + 2, 0.0f);
    for (size_t i = 0; i < count; ++i) {
        const torch::Tensor& grad = m_parameters[i].grad();
        if (grad.defined()) {
            parts.push_back(grad.reshape({-1}).to(torch::kCPU, torch::kFloat32).mul(readings));
            tail[i] = 1.0f;
        } else {
            parts.push_back(torch::zeros({m_parameters[i].numel()}, torch::kFloat32));
        }
    }
    tail[count] = static_cast<float>(loss.item<double>() * readings);
    tail[count + 1] = static_cast<float>(readings);
    parts.push_back(torch::tensor(tail, torch::kFloat32));
    torch::Tensor all = torch::cat(parts);
    m_processes->sum(all);

    const torch::Tensor sums = all.narrow(0, all.numel() - static_cast<int64_t>(count) - 2, static_cast<int64_t>(count) + 2);
    const double totalReadings = sums[static_cast<int64_t>(count) + 1].item<double>();
    const double scale = 1.0 / std::max(totalReadings, 1.0); // no readings at all: zero gradients, as alone
    int64_t offset = 0;
    for (size_t i = 0; i < count; ++i) {
        torch::Tensor& parameter = m_parameters[i];
        const int64_t size = parameter.numel();
        if (sums[static_cast<int64_t>(i)].item<float>() > 0) {
            const torch::Tensor mean = all.narrow(0, offset, size).view(parameter.sizes()).mul(scale).to(parameter.device());
            if (parameter.grad().defined()) parameter.mutable_grad().copy_(mean);
            else parameter.mutable_grad() = mean;
        }
        offset += size;
    }
    return torch::tensor(sums[static_cast<int64_t>(count)].item<double>() * scale, loss.options());
}

torch::Tensor TrainingStep::eagerStep(const torch::Tensor& x, const torch::Tensor& yCov, const torch::Tensor& labels,
                                      const torch::Tensor& target, const std::vector<bool>& teacherForced)
{
    const torch::Tensor loss = clippedGradients(m_model.forward(x, yCov, labels, teacherForced), target);
    m_adam.step();
    return loss;
}

void TrainingStep::recordedWork()
{
    m_loss = clippedGradients(m_model.forwardForced(m_x, m_yCov, m_labels, m_forced), m_target);
    m_adam.update(); // advance() happens on the host, before each run or replay
}

torch::Tensor TrainingStep::graphedStep(const Batch& batch, const std::vector<bool>& teacherForced)
{
    if (!m_x.defined()) {
        m_x = torch::empty_like(batch.x);
        m_yCov = torch::empty_like(batch.yCov);
        m_labels = torch::empty_like(batch.labels);
        m_target = torch::empty_like(batch.target);
        m_forced = torch::zeros({m_model.config().outSteps}, batch.x.options().dtype(torch::kBool));
    }
    {
        torch::NoGradGuard noGrad; // copies into the recorded step's inputs, outside any autograd graph
        m_x.copy_(batch.x);
        m_yCov.copy_(batch.yCov);
        m_labels.copy_(batch.labels);
        m_target.copy_(batch.target);
        m_forced.copy_(teacherForcingSteps(teacherForced, m_model.config().outSteps));
    }
    const auto work = [this] { recordedWork(); };
    if (!m_graph->captured() && m_eagerRuns < CudaGraph::kRunsBeforeCapture) {
        m_adam.advance();
        m_graph->run(work);
        ++m_eagerRuns;
        return m_loss.clone();
    }
    if (!m_graph->captured()) {
        try {
            m_graph->capture(work);
        } catch (const RuntimeFailure& e) {
            // Recording runs nothing, so this step and the rest are taken without a graph.
            m_note = std::string(e.what()) + "; training goes on without CUDA graphs";
            m_graph.reset();
            return eagerStep(batch.x, batch.yCov, batch.labels, batch.target, teacherForced);
        }
    }
    // The first replay is checked: a recording that went wrong must not train on silently.
    torch::Tensor usualLoss;
    if (m_replays == 0) {
        torch::NoGradGuard noGrad;
        usualLoss = lossOf(m_model.forwardForced(m_x, m_yCov, m_labels, m_forced), m_target);
    }
    m_adam.advance();
    m_graph->replay();
    ++m_replays;
    if (usualLoss.defined()) {
        const double replayed = m_loss.item<double>(), usual = usualLoss.item<double>();
        if (!replayAgrees(replayed, usual, m_options.precision))
            throw RuntimeFailure("CUDA graph: the recorded training step's loss (" + std::to_string(replayed)
                                 + ") differs from the same step run as usual (" + std::to_string(usual)
                                 + "); train without --cuda-graphs (--resume continues from the last finished epoch)");
    }
    return m_loss.clone();
}

torch::Tensor TrainingStep::run(const Batch& batch, const std::vector<bool>& teacherForced)
{
    if (m_processes && batch.x.size(0) == 0) {
        // This process's share of a batch smaller than the group: it adds nothing, and takes
        // the same update as the others.
        m_adam.zeroGrad();
        const torch::Tensor loss = combineAcrossProcesses(torch::zeros({}, batch.x.options()), 0.0);
        clipGradientNorm(m_parameters, m_options.clipNorm);
        m_adam.step();
        return loss;
    }
    const bool fullSize = batch.x.size(0) == m_options.batchSize;
    if (m_graph && fullSize) return graphedStep(batch, teacherForced);
    return eagerStep(batch.x, batch.yCov, batch.labels, batch.target, teacherForced);
}

} // namespace himnet
