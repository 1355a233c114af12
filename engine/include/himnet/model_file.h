#pragma once
// What a model file holds, for `himnet inspect` and the app's "open checkpoint" dialog.
#include "himnet/himnet_config.h"
#include "himnet/training.h"

#include <cstdint>
#include <string>
#include <vector>

namespace himnet {

struct TensorSummary {
    std::string name;
    std::vector<int64_t> shape;
    std::string dtype;
};

struct ModelFileSummary {
    std::string path;
    std::string format;   ///< "himnet-studio-checkpoint" or "pytorch-state-dict"
    HimNetConfig config;  ///< stored (checkpoint) or inferred from shapes (state dict)
    int64_t parameterCount = 0;
    std::vector<TensorSummary> tensors;
    std::string datasetName;  ///< empty when unknown
    std::string valueColumn;  ///< the long table's column it was trained on; empty for other formats
    std::string aggregation;  ///< "mean" or "sum": how finer readings were combined into the steps it was trained on; empty when not
    std::vector<std::string> laneTypes; ///< the lane types of the PeMS stations it was trained on; empty when all, or other data
    int64_t epochsTrained = 0;
    double bestValidationLoss = 0; ///< 0 when no history
    int64_t bestEpoch = 0;         ///< the epoch of bestValidationLoss, whose weights a checkpoint holds; 0 when no history
    /// Holds a training state a training can continue from (himnet train --resume).
    bool resumable = false;
    /// Batches of the unfinished epoch epochsTrained + 1 already trained (a stop part-way).
    int64_t batchesIntoEpoch = 0;
    std::vector<EpochRecord> history; ///< one record per finished epoch (checkpoints)
};

/// Reads a HimNet Studio checkpoint (.h5) or a reference state dict (.pt) and describes it.
/// Throws InputError naming the file when it is neither, or does not fit a HimNet.
ModelFileSummary inspectModelFile(const std::string& path);

/// True for a file that holds a model rather than data: an HDF5 file marked as a HimNet Studio
/// checkpoint, or a reference state dict (.pt, .pth). Never throws: a file that cannot be read is
/// not a model.
bool isModelFile(const std::string& path);

/// The summary as one JSON object (config, parameter_count, tensors[{name, shape, dtype}],
/// and for checkpoints their history).
std::string toJson(const ModelFileSummary& summary);

/// A training history as a JSON array, one object per epoch: epoch, train_loss, val_loss,
/// lr, seconds, and zones {k, ari, nmi} where the data's zones are known.
std::string toJson(const std::vector<EpochRecord>& history);

} // namespace himnet
