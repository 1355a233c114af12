#pragma once
// The /training record of a checkpoint: the options a model was trained with, its temporal
// context, and where training stood (for --resume).
#include "data/temporal_context.h"
#include "model/himnet.h"

#include <limits>
#include <optional>

namespace himnet {

struct TrainingState {
    int64_t epochsDone = 0;
    int64_t batchesSeen = 0;
    std::string rng; ///< the shuffling / teacher-forcing generator, serialised
    double bestValLoss = std::numeric_limits<double>::infinity();
    int64_t bestEpoch = 0;
    int64_t staleEpochs = 0;
    // Training stopped part-way through epoch epochsDone + 1: its first batchesInEpoch batches
    // are in the resume weights. epochRng is the generator as that epoch shuffled its batches
    // (rng is where it stands now), epochLossSum the sum of those batches' losses.
    int64_t batchesInEpoch = 0;
    std::string epochRng;
    double epochLossSum = 0;
};

struct TrainingRecord {
    TrainingOptions options;
    TemporalContextMap context;
    TrainingState state;
    /// How its initial weights were drawn (kInitialisationScheme when it began). Checkpoints
    /// written before the record said so used scheme 1.
    int initialisation = kInitialisationScheme;
    /// The reference state dict it was imported from (himnet import): trained elsewhere, so no
    /// epochs, no initial weights and no state to continue from. Empty for models trained here.
    std::string importedFrom;
    /// For a training from other weights (options.initialWeights): their validation loss,
    /// the mark its epochs had to beat (best epoch 0 when none did).
    std::optional<double> startingValLoss;
};

/// The seed the training's initial weights can be drawn again from (seededModel): its seed
/// when it drew them as seededModel draws them now, nothing for another scheme.
std::optional<uint64_t> startingSeed(const TrainingRecord& record);

std::string toJson(const TrainingRecord& record);
/// InputError naming `source` when the record is malformed.
TrainingRecord parseTrainingRecord(const std::string& json, int64_t stepsPerDay, const std::string& source);

} // namespace himnet
