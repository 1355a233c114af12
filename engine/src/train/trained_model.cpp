#include "train/trained_model.h"
#include "train/trained_period.h"
#include "analysis/model_embeddings.h"
#include "train/training_state.h"
#include "core/device.h"
#include "core/text.h"
#include "himnet/errors.h"
#include "himnet/model_file.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace himnet {

WindowOptions windowOptionsFor(const TrainingOptions& options, const HimNetConfig& config, const std::optional<SplitIndex>& kept)
{
    WindowOptions w;
    w.inSteps = config.inSteps;
    w.outSteps = config.outSteps;
    w.trainRatio = options.trainRatio;
    w.valRatio = options.valRatio;
    w.holidays = options.holidays;
    if (kept) w.index = kept;
    else if (!options.splitFile.empty()) w.index = readSplitIndex(options.splitFile);
    return w;
}

TrainedModel loadTrainedModel(const std::string& path, const Dataset& data, DeviceKind deviceKind)
{
    if (isReferenceStateDict(path))
        throw InputError(describeProblem(path, "is a state dict of the reference implementation, without the scaler and split "
                                               "it was trained with: import it for its dataset first (himnet import --state-dict "
                                               + std::filesystem::path(path).filename().string()
                                               + " --data DATA --out MODEL.h5; the app imports it when you open it)"));
    TrainedModel t;
    t.checkpoint = readCheckpoint(path);
    t.path = path;
    const Checkpoint& c = t.checkpoint;
    // PeMS stations of some lane types: the same folder read for others is another network.
    // Other data has no lane types to choose; its sensors speak for themselves below.
    if (c.dataset && data.format == "pems-station" && c.dataset->laneTypes != data.laneTypes) {
        const auto which = [](const std::vector<std::string>& types) { return types.empty() ? std::string("all lane types") : "lane types " + joined(types); };
        throw InputError(describeProblem(path, "was trained on the PeMS stations of " + which(c.dataset->laneTypes) + " of " + c.dataset->name + "; "
                                                   + data.name + " is read for " + which(data.laneTypes) + " ("
                                                   + (c.dataset->laneTypes.empty() ? std::string("read it without --lane-types")
                                                                                   : "read it with --lane-types " + joined(c.dataset->laneTypes, ","))
                                                   + ", or set Lane types in Reading Options in the app)"));
    }
    if (c.config.numNodes != data.numNodes)
        throw InputError(describeProblem(path, "was trained on a network of " + std::to_string(c.config.numNodes)
                                                   + " sensors; " + data.name + " has " + std::to_string(data.numNodes)));
    // The same sensors listed in another order (another export of the network) are matched by id.
    std::vector<int64_t> trainedNodeOf;
    if (c.dataset && !c.dataset->sensorIds.empty() && c.dataset->sensorIds != data.sensorIds) {
        std::map<std::string, int64_t> trainedNode;
        for (size_t n = 0; n < c.dataset->sensorIds.size(); ++n) trainedNode.emplace(c.dataset->sensorIds[n], static_cast<int64_t>(n));
        for (const auto& id : data.sensorIds) {
            const auto it = trainedNode.find(id);
            if (it == trainedNode.end())
                throw InputError(describeProblem(path, "was trained on " + c.dataset->name + ", whose sensors differ from " + data.name
                                                           + "'s: it has no sensor '" + id + "'"));
            trainedNodeOf.push_back(it->second);
        }
    }
    // A long table's columns measure different things: a model of speeds reads no flows.
    if (c.dataset && !c.dataset->valueColumn.empty() && !data.valueColumn.empty()
        && lowerCase(c.dataset->valueColumn) != lowerCase(data.valueColumn))
        throw InputError(describeProblem(path, "was trained on the column '" + c.dataset->valueColumn + "' of " + c.dataset->name + "; "
                                                   + data.name + " is read from its column '" + data.valueColumn
                                                   + "' (read that with --value-column " + c.dataset->valueColumn
                                                   + ", or Reading Options in the app)"));
    const std::optional<Aggregation> trainedAggregation = c.dataset ? c.dataset->aggregation : std::nullopt;
    const bool trainedOnTotals = trainedAggregation == Aggregation::Sum;
    if (c.config.stepsPerDay != data.stepsPerDay()) {
        const int64_t trainedInterval = 86400 / c.config.stepsPerDay;
        std::string problem = "was trained with " + std::to_string(c.config.stepsPerDay) + " steps per day (every "
            + formatInterval(trainedInterval) + "); " + data.name + " has " + std::to_string(data.stepsPerDay()) + " (every "
            + formatInterval(data.intervalSeconds) + ")";
        std::string compact = formatInterval(trainedInterval);
        compact.erase(std::remove(compact.begin(), compact.end(), ' '), compact.end());
        // Without timestamps in its files, the interval may only have been assumed; with them,
        // readings finer than the model's steps can be averaged into them.
        const bool averageable = data.timeAxisInFiles && trainedInterval > data.intervalSeconds && trainedInterval % data.intervalSeconds == 0;
        if (!data.timeAxisInFiles)
            problem += ", and its files carry no timestamps: read them at the model's interval (--interval " + compact
                + ", or Reading Options in the app)";
        else if (averageable)
            problem += std::string(": its readings can be ") + (trainedOnTotals ? "totalled" : "averaged") + " into the model's steps (--interval "
                + compact + (trainedOnTotals ? " --aggregate sum" : "") + ", or Reading Options in the app)";
        throw StepMismatch(describeProblem(path, problem), trainedInterval, trainedAggregation, !data.timeAxisInFiles || averageable);
    }
    requireStepsCombinedAsTrained(path, c.dataset, data);
    if (!c.scaler) throw InputError(describeProblem(path, "has no scaler: not a trained model"));
    t.scaler = Scaler{c.scaler->mean, c.scaler->std};
    if (!c.training.empty()) {
        const TrainingRecord record = parseTrainingRecord(c.training, c.config.stepsPerDay, path);
        if (c.history.empty() && record.importedFrom.empty()) // an imported model has no epochs of ours
            throw InputError(describeProblem(path, "its training stopped before the first epoch ended, so it holds no trained "
                                                   "model yet; continue the training (himnet train --resume, or Continue in the app)"));
        t.options = record.options;
        t.context = record.context;
        t.startingSeed = startingSeed(record);
    }
    if (!trainedNodeOf.empty()) {
        // Only the node embeddings belong to sensors: every other weight is shared by all of
        // them, so rows in the data's order make the model the data's. Where training began
        // is reordered too; a file from before it was kept draws it from the seed first.
        if (t.checkpoint.start.empty() && t.startingSeed) t.checkpoint.start = embeddingTensorsOf(*seededModel(c.config, *t.startingSeed));
        const torch::Tensor order = torch::tensor(trainedNodeOf, torch::kLong);
        for (NamedTensors* tensors : {&t.checkpoint.params, &t.checkpoint.start})
            for (auto& [name, tensor] : *tensors)
                if (name == "node_embedding") tensor = tensor.index_select(0, order);
        t.checkpoint.dataset->sensorIds = data.sensorIds;
    }
    t.device = resolveDevice(deviceKind);
    t.model = HimNet(c.config);
    t.model->to(t.device);
    loadStateDict(*t.model, c.params, path);
    t.model->eval();
    return t;
}

void requireStepsCombinedAsTrained(const std::string& checkpointPath, const std::optional<DatasetStamp>& trainedOn, const Dataset& data)
{
    // Readings totalled into steps are not the mean of the same readings: a model of vehicles
    // per 15 minutes forecasts nonsense from vehicles per minute.
    const std::optional<Aggregation> trained = trainedOn ? trainedOn->aggregation : std::nullopt;
    if (!trained || !data.aggregation || *trained == *data.aggregation) return;
    auto combined = [](Aggregation a) { return std::string(a == Aggregation::Sum ? "totalled" : "averaged"); };
    throw StepMismatch(describeProblem(checkpointPath, "was trained on readings " + combined(*trained) + " into its steps; " + data.name
                                                           + "'s were " + combined(*data.aggregation) + " (read them with --aggregate "
                                                           + aggregationName(*trained) + ", or Reading Options in the app)"),
                       data.intervalSeconds, trained, true);
}

std::unique_ptr<WindowedData> windowsIfAny(const TrainedModel& trained, std::shared_ptr<const Dataset> data, std::string& whyNone)
{
    try {
        return windowsFor(trained, std::move(data));
    } catch (const InputError& e) {
        whyNone = e.what();
        return nullptr;
    }
}

std::unique_ptr<WindowedData> windowsFor(const TrainedModel& trained, std::shared_ptr<const Dataset> data)
{
    // The windows of a split file, kept in the checkpoint, belong to the recording it was
    // trained on: on a shorter one (the latest hours of a feed, another month) they say so.
    if (const auto& kept = trained.checkpoint.split) {
        requireSplitWindowsFit(trained, *data);
        const int64_t last = stepsNeeded(*kept);
        if (last > data->numSteps)
            throw InputError(describeProblem(trained.path, "was trained and tested on the windows of "
                                                               + std::filesystem::path(trained.options.splitFile).filename().string()
                                                               + " (kept in the checkpoint), which need " + std::to_string(last) + " steps; "
                                                               + data->name + " has " + std::to_string(data->numSteps)
                                                               + ": not the recording it was trained on"));
    }
    auto windows = std::make_unique<WindowedData>(std::move(data), windowOptionsFor(trained.options, trained.checkpoint.config, trained.checkpoint.split));
    windows->setScaler(trained.scaler);
    if (!trained.context.isIdentity()) windows->setTemporalContext(trained.context.dayOfWeek, trained.context.slot);
    return windows;
}

void forEachPrediction(HimNetImpl& model, const WindowedData& windows, Split split, int64_t batchSize,
                       const torch::Device& device, const std::function<void(const Batch&, const torch::Tensor&)>& sink,
                       const CancelToken* cancel, BatchShare share)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = model.is_training();
    model.eval();
    const int64_t count = windows.count(split);
    for (int64_t first = share.index * batchSize; first < count; first += share.count * batchSize) {
        if (cancel && cancel->isCancelled()) {
            if (wasTraining) model.train();
            throw Cancelled(std::string("the ") + splitName(split) + " split's predictions were cancelled");
        }
        std::vector<int64_t> indices;
        for (int64_t i = first; i < std::min(count, first + batchSize); ++i) indices.push_back(i);
        const Batch batch = windows.batch(split, indices, device);
        const torch::Tensor prediction = windows.scaler().inverse(model.forward(batch.x, batch.yCov));
        sink(batch, prediction);
    }
    if (wasTraining) model.train();
}

} // namespace himnet
