#pragma once
// One optimisation step of the reference recipe (HIMNET.md) on a batch: the forward pass with
// the step's teacher-forcing decisions, the masked loss on de-scaled values, backward, gradient
// clipping, Adam. With CUDA graphs (TrainingOptions::cudaGraphs), the full-size batches replay
// a recorded step: one launch instead of thousands of small kernels.
#include "core/cuda_graph.h"
#include "data/windowed_data.h"
#include "himnet/training.h"
#include "model/himnet.h"
#include "train/adam.h"
#include "train/process_group.h"

#include <memory>
#include <string>
#include <vector>

namespace himnet {

/// Whether a replayed step's loss agrees with the same step's loss computed as usual (without
/// gradients, so in float32): within float32's rounding, 1e-4 relative, or within 2e-2 for
/// bfloat16 products. Anything not finite disagrees.
bool replayAgrees(double replayed, double usual, Precision precision);

class TrainingStep {
public:
    /// Throws InputError when CUDA graphs are asked for and `device` is not a GPU, and
    /// RuntimeFailure when this build has no CUDA. With `processes`, each call of run() takes
    /// this process's share of a batch, and every process makes the update of the whole batch.
    TrainingStep(HimNetImpl& model, AdamOptimizer& adam, const TrainingOptions& options, const Scaler& scaler,
                 double missingValue, const torch::Device& device, ProcessGroup* processes = nullptr);
    ~TrainingStep();

    /// One step on `batch`; returns its loss as a 0-dim tensor on the device (reading it waits
    /// for the step). With several processes, `batch` is this process's share (it may be
    /// empty) and the loss is the whole batch's. The first replay of a CUDA graph is checked against the usual forward
    /// pass on the same batch: RuntimeFailure when they disagree (replayAgrees), before a
    /// second wrong update.
    torch::Tensor run(const Batch& batch, const std::vector<bool>& teacherForced);

    /// What happened to the CUDA graph, when there was one to note: the step that could not be
    /// recorded and why (training then went on without graphs). Empty otherwise.
    const std::string& note() const { return m_note; }
    /// Steps replayed from the graph so far.
    int64_t replays() const { return m_replays; }

private:
    /// The recipe's masked loss of `output` (de-scaled) against `target`.
    torch::Tensor lossOf(const torch::Tensor& output, const torch::Tensor& target) const;
    /// lossOf, and its gradients, clipped (with several processes: the whole batch's).
    torch::Tensor clippedGradients(const torch::Tensor& output, const torch::Tensor& target);
    /// Sums this process's gradients and loss, each weighted by the `readings` (targets
    /// present) of its share, over the processes, and divides by all the readings: afterwards
    /// every process holds the mean gradients of the whole batch, as one process would have
    /// computed them; returns the whole batch's loss.
    torch::Tensor combineAcrossProcesses(const torch::Tensor& loss, double readings);
    torch::Tensor eagerStep(const torch::Tensor& x, const torch::Tensor& yCov, const torch::Tensor& labels,
                            const torch::Tensor& target, const std::vector<bool>& teacherForced);
    torch::Tensor graphedStep(const Batch& batch, const std::vector<bool>& teacherForced);
    void recordedWork();

    HimNetImpl& m_model;
    AdamOptimizer& m_adam;
    const TrainingOptions& m_options;
    Scaler m_scaler;
    double m_missing;
    std::vector<torch::Tensor> m_parameters;
    ProcessGroup* m_processes;

    // CUDA graphs: the tensors the recorded step reads and writes.
    std::unique_ptr<CudaGraph> m_graph;
    torch::Tensor m_x, m_yCov, m_labels, m_target, m_forced, m_loss;
    int64_t m_eagerRuns = 0, m_replays = 0;
    std::string m_note;
};

} // namespace himnet
