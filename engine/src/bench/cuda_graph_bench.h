#pragma once
// `himnet bench --cuda-graphs`: our three jobs (training step, batch inference, one forecast)
// recorded as CUDA graphs, checked against the same jobs run as usual and timed against them.
#include "himnet/benchmark.h"
#include "model/himnet.h"

#include <functional>

namespace himnet {

struct GraphBenchJob {
    torch::Tensor x, yCov, target; ///< the inputs the recorded job reads (target: training only)
    std::function<void()> usual;   ///< the same job run as usual, to time against; may be empty
};

/// Records and replays `model`'s jobs on its GPU. Agreement uses the given tolerances (those
/// of the formulations' own check); with `repetitions` 0 nothing is timed. A job that cannot
/// be recorded leaves GraphFigures::failure, not an exception.
GraphFigures measureCudaGraphs(HimNetImpl& model, const GraphBenchJob& step, const GraphBenchJob& batch, const GraphBenchJob& one,
                               int64_t repetitions, double outputTolerance, double gradientTolerance);

} // namespace himnet
