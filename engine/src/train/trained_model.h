#pragma once
// A trained model as the evaluator, the forecaster and the app use it: the best weights of
// a checkpoint, with the scaler, split and temporal context it was trained with.
#include "data/temporal_context.h"
#include "himnet/cancel_token.h"
#include "data/windowed_data.h"
#include "model/himnet.h"
#include "train/checkpoint.h"

#include <functional>
#include <memory>
#include <optional>

namespace himnet {

struct TrainedModel {
    HimNet model{nullptr};
    Scaler scaler;
    TemporalContextMap context;
    /// How it was trained: from the checkpoint's training record (an imported model's says
    /// which split it was imported with); defaults for checkpoints without one.
    TrainingOptions options;
    /// startingSeed of the record; nothing without one.
    std::optional<uint64_t> startingSeed;
    Checkpoint checkpoint;
    std::string path; ///< of the checkpoint
    torch::Device device = torch::kCPU;
};

/// Reads `path` and checks it belongs to `data`'s network (same sensors, same steps per
/// day); InputError naming the file and the difference otherwise. The same sensors listed in
/// another order are matched by id: the node embeddings (the only weights that belong to a
/// sensor) come in the data's order, in `model`, `checkpoint.params` and `checkpoint.start`
/// (drawn from the seed first when the file does not keep it). The model is in eval mode.
TrainedModel loadTrainedModel(const std::string& path, const Dataset& data, DeviceKind device);

/// The windows of `data` split, scaled and mapped as during training.
std::unique_ptr<WindowedData> windowsFor(const TrainedModel& trained, std::shared_ptr<const Dataset> data);
/// windowsFor, or none when `data` has no such windows (too short for the training's splits,
/// as the latest hours of a feed are), with the reason, naming the file, in `whyNone`.
std::unique_ptr<WindowedData> windowsIfAny(const TrainedModel& trained, std::shared_ptr<const Dataset> data, std::string& whyNone);

/// Throws StepMismatch naming `checkpointPath` when `data`'s readings were combined into its
/// steps otherwise than those `trainedOn` (averaged where they were totalled, or the reverse).
void requireStepsCombinedAsTrained(const std::string& checkpointPath, const std::optional<DatasetStamp>& trainedOn, const Dataset& data);

/// WindowOptions from training options: the ratios, or the split file's windows, taken from
/// `kept` (a checkpoint's Checkpoint::split) when given, else read from options.splitFile.
WindowOptions windowOptionsFor(const TrainingOptions& options, const HimNetConfig& config,
                               const std::optional<SplitIndex>& kept = std::nullopt);

/// Which of a split's batches a process takes when several share the work: batch b when
/// b % count == index.
struct BatchShare {
    int64_t index = 0, count = 1;
};

/// Runs `model` (in eval mode, without gradients) over every window of `split` (of `share`'s
/// batches) in batches and hands each batch with its de-scaled prediction (B, Q, N, 1) to
/// `sink`. Throws Cancelled between batches once `cancel` is set.
void forEachPrediction(HimNetImpl& model, const WindowedData& windows, Split split, int64_t batchSize,
                       const torch::Device& device, const std::function<void(const Batch&, const torch::Tensor&)>& sink,
                       const CancelToken* cancel = nullptr, BatchShare share = {});

} // namespace himnet
