#include "train/starting_weights.h"
#include "himnet/errors.h"
#include "train/checkpoint.h"
#include "train/trained_model.h"
#include "train/training_state.h"

#include <filesystem>

namespace himnet {
namespace {

/// The state dict's network against the data's: the same number of sensors and of time-of-day
/// slots, else the reason, naming the state dict.
void requireFits(const HimNetConfig& config, const Dataset& data, const std::string& stateDictPath)
{
    if (config.numNodes != data.numNodes)
        throw InputError(describeProblem(stateDictPath, "is a network of " + std::to_string(config.numNodes) + " sensors; " + data.name
                                                            + " has " + std::to_string(data.numNodes)));
    if (config.stepsPerDay != data.stepsPerDay())
        throw InputError(describeProblem(stateDictPath, "has " + std::to_string(config.stepsPerDay) + " time-of-day slots (a step every "
                                                            + formatInterval(86400 / config.stepsPerDay) + "); " + data.name + " has "
                                                            + std::to_string(data.stepsPerDay()) + " steps per day (every "
                                                            + formatInterval(data.intervalSeconds)
                                                            + "): read it at the model's interval (--interval, or Reading Options in the app)"));
}

} // namespace

ModelWeights stateDictWeightsFor(const std::string& path, const Dataset& data)
{
    const NamedTensors given = readPickledStateDict(path);
    ModelWeights weights;
    weights.config = inferConfigFromStateDict(given, path);
    requireFits(weights.config, data, path);
    HimNet model(weights.config);
    loadStateDict(*model, given, path); // every name and shape, or the list of what differs; finite values
    for (const auto& [name, tensor] : stateDictOf(*model)) weights.params.emplace_back(name, tensor.clone());
    weights.temporalContext = TemporalContext::NearestDay;
    return weights;
}

ModelWeights startingWeightsFor(const std::string& path, const Dataset& data)
{
    if (!std::filesystem::exists(path)) throw InputError(describeProblem(path, "file not found"));
    if (!looksLikeHdf5(path)) return stateDictWeightsFor(path, data);
    // The checks of a model opened for this data: its sensors, steps, readings, a finished
    // epoch, finite weights.
    const TrainedModel trained = loadTrainedModel(path, data, DeviceKind::Cpu);
    ModelWeights weights;
    weights.config = trained.checkpoint.config;
    weights.params = trained.checkpoint.params;
    if (!trained.checkpoint.training.empty()) weights.temporalContext = trained.options.temporalContext;
    weights.holidays = trained.options.holidays;
    return weights;
}

} // namespace himnet
