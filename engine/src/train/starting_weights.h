#pragma once
// Weights from a model file, checked against the data they will run on: a reference state
// dict's (what himnet import makes a checkpoint of), and the weights a training starts from
// instead of its seed's (TrainingOptions::initialWeights: fine-tuning).
#include "himnet/dataset.h"
#include "himnet/training.h"
#include "train/state_dict.h"

#include <optional>
#include <string>

namespace himnet {

struct ModelWeights {
    HimNetConfig config; ///< its shape: stored (checkpoint) or inferred from the tensors (state dict)
    NamedTensors params;
    /// How its training fed the days and slots it never reached: a checkpoint's recorded
    /// choice; NearestDay for a reference state dict, whose days were trained apart; nothing
    /// for a checkpoint that does not record it.
    std::optional<TemporalContext> temporalContext;
    /// The days its training read as another day of week (a checkpoint's); empty otherwise.
    HolidayCalendar holidays;
};

/// The reference state dict at `path`, checked against `data`: a network of its sensors and
/// steps per day, finite values, every name and shape a HimNet's. InputError naming the file
/// (and what differs) otherwise.
ModelWeights stateDictWeightsFor(const std::string& path, const Dataset& data);

/// The best weights of the model file at `path` for a training on `data` to start from: a
/// HimNet Studio checkpoint of `data`'s network (the same sensors, steps per day, readings),
/// or a reference state dict. InputError naming the file when it is neither, does not fit
/// `data`, or holds no trained model yet.
ModelWeights startingWeightsFor(const std::string& path, const Dataset& data);

} // namespace himnet
