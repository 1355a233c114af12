#include "train/training_state.h"
#include "himnet/errors.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace himnet {

std::optional<uint64_t> startingSeed(const TrainingRecord& record)
{
    if (record.initialisation != kInitialisationScheme) return std::nullopt;
    return record.options.seed;
}

std::string toJson(const TrainingRecord& r)
{
    const double best = std::isfinite(r.state.bestValLoss) ? r.state.bestValLoss : -1.0;
    nlohmann::json j{{"options", nlohmann::json::parse(r.options.toJson())},
                     {"context", nlohmann::json::parse(r.context.toJson())},
                     {"initialisation", r.initialisation},
                     {"state",
                      {{"epochs_done", r.state.epochsDone},
                       {"batches_seen", r.state.batchesSeen},
                       {"rng", r.state.rng},
                       {"best_val_loss", best},
                       {"best_epoch", r.state.bestEpoch},
                       {"stale_epochs", r.state.staleEpochs},
                       {"batches_in_epoch", r.state.batchesInEpoch},
                       {"epoch_rng", r.state.epochRng},
                       {"epoch_loss_sum", r.state.epochLossSum}}}};
    if (!r.importedFrom.empty()) j["imported_from"] = r.importedFrom;
    if (r.startingValLoss) j["starting_val_loss"] = *r.startingValLoss;
    return j.dump();
}

TrainingRecord parseTrainingRecord(const std::string& json, int64_t stepsPerDay, const std::string& source)
{
    const auto malformed = [&source](const std::string& problem) {
        return InputError(describeProblem(source, "malformed /training record: " + problem));
    };
    TrainingRecord r;
    try {
        const nlohmann::json j = nlohmann::json::parse(json);
        r.options = TrainingOptions::fromJson(j.at("options").dump(), source);
        try {
            r.context = TemporalContextMap::fromJson(j.at("context").dump(), stepsPerDay);
        } catch (const InputError& e) {
            throw malformed(e.what());
        }
        r.initialisation = j.value("initialisation", 1);
        r.importedFrom = j.value("imported_from", std::string());
        if (j.contains("starting_val_loss")) r.startingValLoss = j.at("starting_val_loss").get<double>();
        const auto& s = j.at("state");
        r.state.epochsDone = s.at("epochs_done").get<int64_t>();
        r.state.batchesSeen = s.at("batches_seen").get<int64_t>();
        r.state.rng = s.at("rng").get<std::string>();
        const double best = s.at("best_val_loss").get<double>();
        r.state.bestValLoss = best < 0 ? std::numeric_limits<double>::infinity() : best;
        r.state.bestEpoch = s.at("best_epoch").get<int64_t>();
        r.state.staleEpochs = s.at("stale_epochs").get<int64_t>();
        // Absent from checkpoints written before training could stop part-way through an epoch.
        r.state.batchesInEpoch = s.value("batches_in_epoch", int64_t{0});
        r.state.epochRng = s.value("epoch_rng", std::string());
        r.state.epochLossSum = s.value("epoch_loss_sum", 0.0);
        if (r.state.batchesInEpoch < 0 || (r.state.batchesInEpoch > 0 && r.state.epochRng.empty()))
            throw malformed("a part-way epoch without its generator");
    } catch (const nlohmann::json::exception& e) {
        throw malformed(e.what());
    }
    // What a resume trains with and from: held to what a new training is held to, so that a
    // record no training of ours wrote (a batch size of 0, a NaN rate, a count below zero) is
    // refused here, naming its file, and never divides by zero or trains into NaN.
    const TrainingState& s = r.state;
    if (s.epochsDone < 0 || s.batchesSeen < 0 || s.bestEpoch < 0 || s.staleEpochs < 0 || !std::isfinite(s.epochLossSum)
        || std::isnan(s.bestValLoss))
        throw malformed("its progress counts must be non-negative numbers");
    try {
        r.options.validate();
    } catch (const InputError& e) {
        throw malformed(e.what());
    }
    return r;
}

} // namespace himnet
