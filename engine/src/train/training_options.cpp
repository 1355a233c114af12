#include "core/text.h"
#include "himnet/errors.h"
#include "himnet/training.h"
#include "train/presets_table.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace himnet {

void TrainingOptions::validate() const
{
    auto fail = [](const std::string& what) { throw InputError("training options: " + what); };
    if (epochs < 1) fail("epochs must be at least 1");
    if (batchSize < 1) fail("batch size must be at least 1");
    if (patience < 1) fail("patience must be at least 1");
    // Finite too: the options go into the checkpoint as JSON, which has no infinity (nlohmann
    // writes null, and the checkpoint would not read back), and an infinite rate or decay
    // turns every weight into NaN at the first step.
    auto positive = [](double value) { return value > 0 && std::isfinite(value); };
    if (!positive(learningRate)) fail("learning rate must be a positive number");
    if (!positive(adamEps)) fail("Adam eps must be a positive number");
    if (!(weightDecay >= 0 && std::isfinite(weightDecay))) fail("weight decay must be a number of at least 0");
    if (!positive(gamma)) fail("the learning-rate decay gamma must be a positive number");
    if (!positive(clipNorm)) fail("the gradient clipping norm must be a positive number");
    if (loss != "masked_mae" && loss != "huber") fail("loss must be masked_mae or huber, got '" + loss + "'");
    if (maxBatchesPerEpoch < 0) fail("max batches per epoch cannot be negative");
    if (!(trainRatio > 0) || !(valRatio > 0) || !(trainRatio + valRatio < 1))
        fail("the split ratios (training " + formatDecimal(trainRatio, 6, false) + ", validation " + formatDecimal(valRatio, 6, false)
             + ") must each be above 0 and leave room for a test period");
    if (resume && checkpointPath.empty()) fail("--resume needs a checkpoint path");
    processes.validate();
    if (cudaGraphs && processes.enabled()) fail("CUDA graphs do not combine with training over several processes yet");
}

std::string TrainingOptions::toJson() const
{
    nlohmann::json j{{"preset", preset},
                     {"model", nlohmann::json::parse(model.toJson())},
                     {"epochs", epochs},
                     {"batch_size", batchSize},
                     {"patience", patience},
                     {"lr", learningRate},
                     {"adam_eps", adamEps},
                     {"weight_decay", weightDecay},
                     {"milestones", milestones},
                     {"gamma", gamma},
                     {"clip_norm", clipNorm},
                     {"loss", loss},
                     {"train_ratio", trainRatio},
                     {"val_ratio", valRatio},
                     {"split_file", splitFile},
                     {"temporal_context", toString(temporalContext)},
                     {"seed", seed},
                     {"precision", toString(precision)},
                     {"max_batches_per_epoch", maxBatchesPerEpoch}};
    if (!initialWeights.empty()) j["initial_weights"] = initialWeights;
    if (!holidays.empty()) j["holidays"] = nlohmann::json::parse(holidays.toJson());
    return j.dump();
}

TrainingOptions TrainingOptions::fromJson(const std::string& json, const std::string& source)
{
    TrainingOptions o;
    try {
        const nlohmann::json j = nlohmann::json::parse(json);
        if (j.contains("model")) o.model = HimNetConfig::fromJson(j["model"].dump(), source);
        o.preset = j.value("preset", o.preset);
        o.epochs = j.value("epochs", o.epochs);
        o.batchSize = j.value("batch_size", o.batchSize);
        o.patience = j.value("patience", o.patience);
        o.learningRate = j.value("lr", o.learningRate);
        o.adamEps = j.value("adam_eps", o.adamEps);
        o.weightDecay = j.value("weight_decay", o.weightDecay);
        o.milestones = j.value("milestones", o.milestones);
        o.gamma = j.value("gamma", o.gamma);
        o.clipNorm = j.value("clip_norm", o.clipNorm);
        o.loss = j.value("loss", o.loss);
        o.trainRatio = j.value("train_ratio", o.trainRatio);
        o.valRatio = j.value("val_ratio", o.valRatio);
        o.splitFile = j.value("split_file", o.splitFile);
        // Their parsers' refusals say what is wrong, not where: said here with the source.
        const auto named = [&source](const auto& parse) {
            try {
                return parse();
            } catch (const InputError& e) {
                throw InputError(describeProblem(source, std::string("training options: ") + e.what()));
            }
        };
        if (j.contains("temporal_context"))
            o.temporalContext = named([&] { return parseTemporalContext(j["temporal_context"].get<std::string>()); });
        o.seed = j.value("seed", o.seed);
        if (j.contains("precision")) o.precision = named([&] { return parsePrecision(j["precision"].get<std::string>()); });
        o.maxBatchesPerEpoch = j.value("max_batches_per_epoch", o.maxBatchesPerEpoch);
        o.initialWeights = j.value("initial_weights", o.initialWeights);
        if (j.contains("holidays")) {
            o.holidays = HolidayCalendar::fromJson(j["holidays"].dump(), source);
            o.holidaysChosen = true;
        }
    } catch (const nlohmann::json::exception& e) {
        throw InputError(describeProblem(source, std::string("training options: ") + e.what()));
    }
    return o;
}

std::vector<std::string> presetNames()
{
    std::vector<std::string> names;
    for (const auto& [name, json] : kPresetTable) names.emplace_back(name);
    return names;
}

TrainingOptions presetOptions(const std::string& name)
{
    for (const auto& [presetName, json] : kPresetTable) {
        if (name != presetName) continue;
        TrainingOptions o = TrainingOptions::fromJson(json, std::string("preset ") + presetName);
        o.preset = presetName;
        return o;
    }
    std::string known;
    for (const auto& n : presetNames()) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown preset '" + name + "' (known: " + known + ")");
}

std::string presetForDataset(const std::string& datasetName)
{
    std::string key;
    for (char c : datasetName)
        if (std::isalnum(static_cast<unsigned char>(c))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& name : presetNames()) {
        std::string presetKey;
        for (char c : name)
            if (std::isalnum(static_cast<unsigned char>(c))) presetKey += c;
        if (name != "default" && key.rfind(presetKey, 0) == 0) return name;
    }
    return "default";
}

TrainingOptions trainingDefaults(const Dataset& data, const std::string& preset)
{
    TrainingOptions o = presetOptions(preset.empty() ? presetForDataset(data.name) : preset);
    o.splitFile = data.splitFile;
    return o;
}

} // namespace himnet
