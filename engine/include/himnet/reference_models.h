#pragma once
// Models to and from the reference implementation: its users ship trained models as state
// dicts (torch.save(model.state_dict())), which hold the weights only. A checkpoint also needs
// what the reference computes from the data each time it runs: the scaler of the training
// inputs, and the split.
#include "himnet/dataset.h"
#include "himnet/himnet_config.h"
#include "himnet/training.h"

#include <memory>
#include <string>

namespace himnet {

struct ImportedModel {
    std::string checkpointPath;
    HimNetConfig config;          ///< inferred from the state dict's shapes
    int64_t parameterCount = 0;
    double scalerMean = 0, scalerStd = 1; ///< of the training inputs, as the reference computes them
    /// The split (the preset's shares, given ratios, or a split file) and the days and slots the
    /// training windows never reach, whose embeddings were never trained, with what the model
    /// is fed for them (TrainingPlan::contextNote).
    TrainingPlan plan;
};

/// Makes a HimNet Studio checkpoint at `checkpointPath` of the reference state dict at
/// `stateDictPath` for `data`: its weights (also from a dict that holds one beside the
/// optimizer's state, and with nn.DataParallel's "module." names), the scaler of the training
/// windows of `options`' split (TrainingOptions::trainRatio, valRatio or splitFile), as the
/// reference computes it, and the data's sensors. Days of week the training windows never
/// reach are fed as the nearest trained day of their kind (TemporalContext::Auto and
/// NearestDay), or as they are, as the reference feeds them (Paper); WeekdayWeekend is refused:
/// its days were trained apart. The checkpoint then opens, evaluates, forecasts and projects
/// as one trained here, and records where it came from. Throws
/// InputError naming the state dict when it is not one, holds NaN or infinite values, or does
/// not fit `data` (other sensors, another number of steps per day), and naming the data when
/// the split cannot be made.
ImportedModel importStateDict(const std::string& stateDictPath, std::shared_ptr<const Dataset> data, const TrainingOptions& options,
                              const std::string& checkpointPath);

/// Writes the best weights of the checkpoint at `checkpointPath` as a state dict at
/// `stateDictPath` (written whole or not at all), in torch.save's format (LibTorch's
/// pickle_save, which LibTorch documents torch.load as reading): names and shapes are the
/// reference's, so its model's load_state_dict takes them. Returns what the
/// reference will do otherwise, empty when nothing: a model trained with another temporal
/// context than the paper's (days never seen in training given a trained day's context) is
/// fed each day as it is there. Throws InputError naming the checkpoint when it cannot be read.
std::string exportStateDict(const std::string& checkpointPath, const std::string& stateDictPath);

} // namespace himnet
