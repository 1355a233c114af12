#pragma once
// What the trainer does differently when several processes train one model
// (himnet/distributed.h): which GPU and which windows each takes, and how they make sure
// they start as one.
#include "data/windowed_data.h"
#include "himnet/training.h"
#include "train/process_group.h"
#include "train/training_state.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace himnet {

/// The device of this process: with a GPU, GPU localRank of its machine (modulo the GPUs
/// there), so that the processes of a machine each take one.
torch::Device deviceOfProcess(DeviceKind kind, const ProcessGroupOptions& processes);

/// This process's share of a batch: a contiguous slice, the first processes taking one
/// window more when the batch does not divide evenly. Empty when the batch has fewer windows
/// than there are processes. The whole batch without `processes`.
std::vector<int64_t> shareOf(const std::vector<int64_t>& batch, const ProcessGroup* processes);

/// Throws InputError, on every process, when the processes disagree on anything that decides
/// their batches and updates: the data (sizes, sensor ids, a checksum of the values), the
/// windows, the options, the model's size, or where a resume starts. Else they would train
/// on silently, each something else, or wait for each other.
void requireSameTraining(ProcessGroup& processes, const WindowedData& windows, const TrainingRecord& record, int64_t batchesPerEpoch,
                         const std::vector<std::pair<std::string, torch::Tensor>>& parameters, bool resuming);

/// Replaces every process's weights with rank 0's. The same seed draws the same weights in
/// the same LibTorch, but another version, or a GPU, may draw others.
void adoptFirstProcessWeights(ProcessGroup& processes, std::vector<std::pair<std::string, torch::Tensor>>& parameters);

} // namespace himnet
