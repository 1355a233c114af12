#include "bench/cuda_graph_bench.h"
#include "bench/gradient_agreement.h"
#include "bench/paired_timing.h"
#include "core/cuda_graph.h"
#include "himnet/errors.h"
#include "train/adam.h"

#include <algorithm>

namespace himnet {
namespace {

torch::Tensor l1(const torch::Tensor& output, const torch::Tensor& target) { return (output - target).abs().mean(); }

} // namespace

GraphFigures measureCudaGraphs(HimNetImpl& model, const GraphBenchJob& step, const GraphBenchJob& batch, const GraphBenchJob& one,
                               int64_t repetitions, double outputTolerance, double gradientTolerance)
{
    GraphFigures g;
    g.requested = true;
    const torch::Device device = step.x.device();
    std::vector<std::pair<std::string, torch::Tensor>> parameters;
    for (const auto& item : model.named_parameters(true)) parameters.emplace_back(item.key(), item.value());
    AdamOptimizer adam(parameters, 1e-9, 1e-3, 0.0); // a tiny rate, as the usual step's: the network stays as it is
    adam.keepScalarsOnDevice();

    torch::Tensor stepOutput, batchOutput, oneOutput;
    const std::function<void()> stepWork = [&] {
        adam.zeroGrad();
        stepOutput = model.forward(step.x, step.yCov);
        l1(stepOutput, step.target).backward();
        adam.update();
    };
    const std::function<void()> batchWork = [&] {
        torch::NoGradGuard noGrad;
        batchOutput = model.forward(batch.x, batch.yCov);
    };
    const std::function<void()> oneWork = [&] {
        torch::NoGradGuard noGrad;
        oneOutput = model.forward(one.x, one.yCov);
    };
    CudaGraph stepGraph(device), batchGraph(device), oneGraph(device);
    try {
        for (int i = 0; i < CudaGraph::kRunsBeforeCapture; ++i) {
            adam.advance();
            stepGraph.run(stepWork);
            batchGraph.run(batchWork);
            oneGraph.run(oneWork);
        }
        stepGraph.capture(stepWork);
        batchGraph.capture(batchWork);
        oneGraph.capture(oneWork);
    } catch (const RuntimeFailure& e) {
        g.failure = e.what();
        return g;
    }

    // The usual computation at the current parameters, then each graph once on the same ones.
    adam.zeroGrad();
    const torch::Tensor usualStep = model.forward(step.x, step.yCov);
    l1(usualStep, step.target).backward();
    const std::vector<torch::Tensor> usualGradients = gradientsOf(model);
    torch::Tensor usualBatch, usualOne;
    {
        torch::NoGradGuard noGrad;
        usualBatch = model.forward(batch.x, batch.yCov);
        usualOne = model.forward(one.x, one.yCov);
    }
    adam.advance();
    stepGraph.replay(); // gradients at the same parameters, then the (tiny) update
    batchGraph.replay();
    oneGraph.replay();
    g.outputMaxAbsDiff = std::max({(stepOutput - usualStep.detach()).abs().max().item<double>(),
                                   (batchOutput - usualBatch).abs().max().item<double>(),
                                   (oneOutput - usualOne).abs().max().item<double>()});
    g.gradientMaxRelDiff = maxRelativeDifference(gradientsOf(model), usualGradients);
    g.agree = g.outputMaxAbsDiff <= outputTolerance && g.gradientMaxRelDiff <= gradientTolerance;
    g.measured = true;
    if (repetitions < 1) return g;

    const std::function<void()> finish = [] { torch::cuda::synchronize(); };
    auto timeAgainstUsual = [&](const GraphBenchJob& job, const std::function<void()>& replay, double& ms, double& speedup) {
        const AlternatingTimes t = timeAlternately(replay, job.usual, kWarmUpRuns, repetitions, finish);
        ms = median(t.first);
        if (job.usual) speedup = medianRatio(t.second, t.first);
    };
    timeAgainstUsual(step, [&] { adam.advance(); stepGraph.replay(); }, g.trainStepMs, g.trainStepSpeedup);
    timeAgainstUsual(batch, [&] { batchGraph.replay(); }, g.inferBatchMs, g.inferBatchSpeedup);
    timeAgainstUsual(one, [&] { oneGraph.replay(); }, g.inferOneMs, g.inferOneSpeedup);
    g.timed = true;
    return g;
}

} // namespace himnet
