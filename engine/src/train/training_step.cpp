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
                           double missingValue, const torch::Device& device)
    : m_model(model), m_adam(adam), m_options(options), m_scaler(scaler), m_missing(missingValue), m_parameters(model.parameters())
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
    const torch::Tensor loss = lossOf(output, target);
    m_adam.zeroGrad();
    loss.backward();
    clipGradientNorm(m_parameters, m_options.clipNorm);
    return loss.detach();
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
    const bool fullSize = batch.x.size(0) == m_options.batchSize;
    if (m_graph && fullSize) return graphedStep(batch, teacherForced);
    return eagerStep(batch.x, batch.yCov, batch.labels, batch.target, teacherForced);
}

} // namespace himnet
