#include "himnet/model_file.h"
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "core/json_text.h"
#include "core/text.h"
#include "io/checkpoint_format.h"
#include "io/hdf5_file.h"
#include "io/hdf5_seal.h"
#include "train/checkpoint.h"
#include "train/metrics_json.h"
#include "train/training_plan.h"
#include "train/training_state.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace himnet {
namespace {

std::vector<TensorSummary> summarise(const NamedTensors& tensors)
{
    std::vector<TensorSummary> out;
    for (const auto& [name, tensor] : tensors)
        out.push_back({name, std::vector<int64_t>(tensor.sizes().begin(), tensor.sizes().end()),
                       std::string(c10::toString(tensor.scalar_type()))});
    return out;
}

SplitSummary splitSummaryOf(const TrainingOptions& options, const std::optional<SplitIndex>& kept)
{
    SplitSummary split;
    if (options.splitFile.empty()) {
        split.trainRatio = options.trainRatio;
        split.valRatio = options.valRatio;
        return split;
    }
    split.file = std::filesystem::path(options.splitFile).filename().string();
    if (kept) {
        split.trainWindows = static_cast<int64_t>(kept->train.size());
        split.valWindows = static_cast<int64_t>(kept->val.size());
        split.testWindows = static_cast<int64_t>(kept->test.size());
    }
    return split;
}

} // namespace

std::string SplitSummary::describe() const
{
    if (file.empty()) return "by time (" + sharesText(trainRatio, valRatio) + ")";
    if (trainWindows == 0) return "by " + file + " (its windows are read from that file)";
    return "by " + file + " (" + std::to_string(trainWindows) + " / " + std::to_string(valWindows) + " / " + std::to_string(testWindows)
        + " windows, kept in the checkpoint)";
}

bool isModelFile(const std::string& path)
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) return false;
    if (isReferenceStateDict(path)) return true;
    if (!looksLikeHdf5(path)) return false;
    if (h5::sealedKind(path) == kCheckpointFormat) return true; // even when damaged: opening it says so
    try {
        const H5::H5File file = h5::openForReading(path);
        return carriesCheckpointFormat(file, path);
    } catch (const std::exception&) {
        return false;
    }
}

bool isReferenceStateDict(const std::string& path)
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) return false;
    const std::string name = lowerCase(path);
    return (endsWith(name, ".pt") || endsWith(name, ".pth")) && !looksLikeHdf5(path);
}

std::string KeptMetrics::describe() const
{
    const auto minutes = [](const std::string& time) { return time.size() == 19 ? time.substr(0, 16) : time; };
    const std::string u = unit.empty() ? "" : " " + unit;
    std::string text = "MAE " + formatDecimal(model.mae, 2, true) + u + " (last value " + formatDecimal(lastValue.mae, 2, true) + ", historical average "
        + formatDecimal(historicalAverage.mae, 2, true) + ") on the " + split + " split";
    if (!from.empty()) text += ", " + minutes(from) + " to " + minutes(to);
    text += ", " + std::to_string(windows) + " windows";
    if (intervalLevel > 0)
        text += "; " + levelPercent(intervalLevel) + " % intervals held " + formatDecimal(100 * intervalCoverage, 1, true)
            + " % of its targets (± " + formatDecimal(intervalMeanHalfWidth, 2, true) + u + " on average)";
    for (size_t i = 0; i < otherIntervalLevels.size(); ++i)
        text += (i == 0 ? "; " : i + 1 == otherIntervalLevels.size() ? " and " : ", ") + levelPercent(otherIntervalLevels[i]) + " %"
            + (i + 1 == otherIntervalLevels.size() ? " intervals kept too" : "");
    return text;
}

namespace {

/// The checkpoint's /metrics (toJson of an EvaluationReport) as KeptMetrics; none when it has
/// none, or they are not of that form (a summary leaves them out rather than refusing the model).
std::optional<KeptMetrics> keptMetricsOf(const std::string& json)
{
    if (json.empty()) return std::nullopt;
    try {
        const nlohmann::json j = nlohmann::json::parse(json);
        KeptMetrics kept;
        kept.split = j.at("split").get<std::string>();
        kept.windows = j.at("windows").get<int64_t>();
        if (j.contains("period")) {
            kept.from = j["period"].at("from").get<std::string>();
            kept.to = j["period"].at("to").get<std::string>();
        }
        if (j.contains("unit") && j["unit"].is_string()) kept.unit = j["unit"].get<std::string>();
        kept.model = metricsFromJson(j.at("all"));
        kept.lastValue = metricsFromJson(j.at("baselines").at("last_value"));
        kept.historicalAverage = metricsFromJson(j.at("baselines").at("historical_average"));
        if (j.contains("intervals") && j["intervals"].is_object()) {
            const nlohmann::json& in = j["intervals"];
            kept.intervalLevel = in.at("level").get<double>();
            kept.intervalCoverage = in.at("coverage").get<double>();
            kept.intervalMeanHalfWidth = in.at("mean_half_width").get<double>();
        }
        return kept;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

nlohmann::json keptMetricsJson(const KeptMetrics& m)
{
    nlohmann::json j = metricsJson(m.model);
    j["split"] = m.split;
    j["windows"] = m.windows;
    j["from"] = textOrNull(m.from);
    j["to"] = textOrNull(m.to);
    j["unit"] = textOrNull(m.unit);
    j["last_value"] = metricsJson(m.lastValue);
    j["historical_average"] = metricsJson(m.historicalAverage);
    if (m.intervalLevel > 0)
        j["intervals"] = {{"level", m.intervalLevel},
                          {"coverage", m.intervalCoverage},
                          {"mean_half_width", m.intervalMeanHalfWidth},
                          {"other_levels", m.otherIntervalLevels}};
    return j;
}

} // namespace

ModelFileSummary inspectModelFile(const std::string& path)
{
    ModelFileSummary s;
    s.path = path;
    NamedTensors tensors;
    if (looksLikeHdf5(path)) {
        Checkpoint c = readCheckpoint(path); // refuses a sealed file whose bytes changed
        s.format = kCheckpointFormat;
        s.sealed = h5::sealedKind(path) == kCheckpointFormat;
        s.config = c.config;
        tensors = std::move(c.params);
        if (c.dataset) {
            s.datasetName = c.dataset->name;
            s.valueColumn = c.dataset->valueColumn;
            if (c.dataset->aggregation) s.aggregation = aggregationName(*c.dataset->aggregation);
            s.laneTypes = c.dataset->laneTypes;
            if (c.dataset->firstTime && c.dataset->lastTime) s.dataFrom = formatTimestamp(*c.dataset->firstTime), s.dataTo = formatTimestamp(*c.dataset->lastTime);
        }
        s.epochsTrained = static_cast<int64_t>(c.history.size());
        s.history = c.history;
        for (const auto& record : c.history)
            if (s.bestEpoch == 0 || record.valLoss < s.bestValidationLoss) {
                s.bestValidationLoss = record.valLoss;
                s.bestEpoch = record.epoch;
            }
        s.resumable = !c.training.empty() && !c.resumeParams.empty();
        if (!c.training.empty()) {
            const TrainingRecord record = parseTrainingRecord(c.training, c.config.stepsPerDay, path);
            if (s.resumable) s.batchesIntoEpoch = record.state.batchesInEpoch;
            s.split = splitSummaryOf(record.options, c.split);
            s.importedFrom = record.importedFrom;
            s.startedFrom = record.options.initialWeights;
            s.startingValLoss = record.startingValLoss;
            s.holidays = record.options.holidays;
            s.temporalContext = record.options.temporalContext;
            // No epoch did better than the weights it started from: the checkpoint holds those.
            if (s.startingValLoss && (s.bestEpoch == 0 || *s.startingValLoss <= s.bestValidationLoss)) {
                s.bestEpoch = 0;
                s.bestValidationLoss = *s.startingValLoss;
            }
        }
        s.metrics = keptMetricsOf(c.metrics);
        if (s.metrics && s.metrics->intervalLevel > 0) {
            for (const StoredEvaluation& other : c.otherLevelEvaluations) s.metrics->otherIntervalLevels.push_back(other.intervalLevel);
            std::sort(s.metrics->otherIntervalLevels.begin(), s.metrics->otherIntervalLevels.end());
        }
    } else {
        tensors = readPickledStateDict(path);
        s.format = "pytorch-state-dict";
        s.config = inferConfigFromStateDict(tensors, path);
    }
    s.parameterCount = countScalars(tensors);
    if (s.parameterCount != s.config.parameterCount())
        throw InputError(describeProblem(path, "holds " + std::to_string(s.parameterCount)
                                                   + " parameters, its configuration implies "
                                                   + std::to_string(s.config.parameterCount())));
    s.tensors = summarise(tensors);
    return s;
}

std::string toJson(const ModelFileSummary& s)
{
    nlohmann::json tensors = nlohmann::json::array();
    for (const auto& t : s.tensors) tensors.push_back({{"name", t.name}, {"shape", t.shape}, {"dtype", t.dtype}});
    nlohmann::json j{{"path", s.path},
                     {"format", s.format},
                     {"sealed", s.sealed},
                     {"config", nlohmann::json::parse(s.config.toJson())},
                     {"parameter_count", s.parameterCount},
                     {"tensors", tensors}};
    if (!s.datasetName.empty()) j["dataset"] = s.datasetName;
    if (!s.valueColumn.empty()) j["value_column"] = s.valueColumn;
    if (!s.aggregation.empty()) j["aggregation"] = s.aggregation;
    if (!s.laneTypes.empty()) j["lane_types"] = s.laneTypes;
    if (!s.dataFrom.empty()) j["trained_period"] = {{"from", s.dataFrom}, {"to", s.dataTo}};
    if (s.epochsTrained > 0) {
        j["epochs_trained"] = s.epochsTrained;
        j["best_val_loss"] = s.bestValidationLoss;
        j["best_epoch"] = s.bestEpoch;
    }
    if (s.resumable) {
        j["resumable"] = true;
        j["batches_into_epoch"] = s.batchesIntoEpoch;
    }
    if (s.format == kCheckpointFormat) j["history"] = nlohmann::json::parse(toJson(s.history));
    if (s.metrics) j["metrics"] = keptMetricsJson(*s.metrics);
    if (!s.importedFrom.empty()) j["imported_from"] = s.importedFrom;
    if (!s.startedFrom.empty()) j["started_from"] = s.startedFrom;
    if (s.startingValLoss) j["starting_val_loss"] = *s.startingValLoss;
    if (!s.holidays.empty()) j["holidays"] = nlohmann::json::parse(s.holidays.toJson());
    if (s.temporalContext) j["temporal_context"] = toString(*s.temporalContext);
    if (s.split) {
        const SplitSummary& split = *s.split;
        if (split.file.empty())
            j["split"] = {{"file", nullptr}, {"train_ratio", split.trainRatio}, {"val_ratio", split.valRatio}};
        else if (split.trainWindows == 0)
            j["split"] = {{"file", split.file}};
        else
            j["split"] = {{"file", split.file}, {"windows", {{"train", split.trainWindows}, {"val", split.valWindows}, {"test", split.testWindows}}}};
    }
    return j.dump(2);
}

std::string toJson(const std::vector<EpochRecord>& history)
{
    nlohmann::json epochs = nlohmann::json::array();
    for (const auto& h : history) {
        nlohmann::json epoch = {{"epoch", h.epoch}, {"train_loss", h.trainLoss}, {"val_loss", h.valLoss}, {"lr", h.learningRate},
                                {"seconds", h.seconds}};
        if (h.zones) epoch["zones"] = {{"k", h.zones->k}, {"ari", h.zones->ari}, {"nmi", h.zones->nmi}};
        epochs.push_back(std::move(epoch));
    }
    return epochs.dump();
}

} // namespace himnet
