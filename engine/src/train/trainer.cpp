// train(): the reference recipe (HIMNET.md) — Adam, MultiStepLR, gradient clipping, teacher
// forcing with decay, early stopping that keeps the best weights, masked loss on de-scaled
// values — with progress, cancellation, a checkpoint after every epoch and exact resume,
// also from a stop part-way through an epoch.
#include "analysis/model_embeddings.h"
#include "core/available_memory.h"
#include "core/cuda_graph.h"
#include "core/device.h"
#include "himnet/errors.h"
#include "himnet/output_files.h"
#include "data/sensor_order.h"
#include "train/adam.h"
#include "train/memory_need.h"
#include "train/metrics.h"
#include "train/starting_weights.h"
#include "train/data_parallel.h"
#include "train/trained_model.h"
#include "train/trained_period.h"
#include "train/training_plan.h"
#include "train/training_state.h"
#include "train/training_step.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <numeric>
#include <filesystem>
#include <random>
#include <sstream>

namespace himnet {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Portable draws: std's distributions differ between standard libraries.
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0); }

void shuffle(std::vector<int64_t>& values, std::mt19937_64& rng)
{
    for (size_t i = values.size(); i > 1; --i) std::swap(values[i - 1], values[rng() % i]);
}

std::string serialise(const std::mt19937_64& rng)
{
    std::ostringstream out;
    out << rng;
    return out.str();
}

// tau with tau * ln(tau) = batches: feeding labels back becomes a coin flip a third of the
// way through the planned training, and rare by its end. The paper's fixed tau (4000-6000)
// suits its datasets' ~1,500 batches per epoch; on a small network trained briefly it
// would keep the decoder on labels for the whole run.
int64_t fittedTeacherForcingDecay(int64_t plannedBatches)
{
    const double target = std::max(10.0, static_cast<double>(plannedBatches) / 3.0);
    double tau = std::max(2.0, target / 5.0);
    for (int i = 0; i < 60; ++i) tau = target / std::log(std::max(tau, 2.0)); // fixed point of tau = target / ln(tau)
    return std::max<int64_t>(2, static_cast<int64_t>(std::llround(tau)));
}

double learningRateAt(const TrainingOptions& o, int64_t epoch)
{
    double lr = o.learningRate;
    for (int64_t milestone : o.milestones)
        if (epoch > milestone) lr *= o.gamma;
    return lr;
}

int64_t stepCountOf(const std::string& optimizerState, const std::string& source)
{
    try {
        return nlohmann::json::parse(optimizerState).at("step").get<int64_t>();
    } catch (const nlohmann::json::exception&) {
        throw InputError(describeProblem(source, "optimizer state is malformed"));
    }
}

NamedTensors cloneOf(const NamedTensors& tensors)
{
    NamedTensors out;
    for (const auto& [name, t] : tensors) out.emplace_back(name, t.detach().to(torch::kCPU).clone());
    return out;
}

// Throws Cancelled between batches once `cancel` is set. With several processes, each takes
// its share of the batches and all return the whole split's loss.
double validationLoss(HimNetImpl& model, const WindowedData& windows, const TrainingOptions& o, const torch::Device& device,
                      const CancelToken* cancel, ProcessGroup* processes)
{
    double weighted = 0, count = 0;
    const double missing = windows.dataset().missingValue;
    const BatchShare share = processes ? BatchShare{processes->rank(), processes->size()} : BatchShare{};
    forEachPrediction(model, windows, Split::Val, std::max<int64_t>(o.batchSize, 64), device,
                      [&](const Batch& batch, const torch::Tensor& prediction) {
                          const double present = presentTargets(batch.target, missing);
                          weighted += trainingLoss(o.loss, prediction, batch.target, missing).item<double>() * present;
                          count += present;
                      }, cancel, share);
    if (processes) {
        torch::Tensor sums = torch::tensor({weighted, count}, torch::kFloat64);
        processes->sum(sums);
        weighted = sums[0].item<double>();
        count = sums[1].item<double>();
    }
    return count > 0 ? weighted / count : 0.0;
}

/// The weights a training starts from instead of its seed's (TrainingOptions::initialWeights),
/// with `options` made to fit them: their shape, without teacher forcing, their temporal
/// context where `options` leaves it to Auto, their holidays where it chooses none, and their
/// file's absolute path.
ModelWeights adoptStartingWeights(TrainingOptions& options, const Dataset& data)
{
    namespace fs = std::filesystem;
    std::error_code same;
    if (!options.checkpointPath.empty() && fs::equivalent(options.initialWeights, options.checkpointPath, same))
        throw InputError(describeProblem(options.checkpointPath, "is the model the training starts from: write the fine-tuned "
                                                                 "model to another file, so that this one stays as it is"));
    ModelWeights start = startingWeightsFor(options.initialWeights, data);
    const HimNetConfig own = options.model;
    options.model = start.config;
    // Teacher forcing is a curriculum for a decoder that cannot forecast yet. Restarted on a
    // trained one, its early label-fed batches move it away from running on its own forecasts:
    // on la-week, a reference model fine-tuned one epoch with the schedule restarted ended
    // worse on validation than it started (3.603 against 3.595), and 3.529 without it.
    options.model.useTeacherForcing = false;
    options.model.tfDecaySteps = own.tfDecaySteps;
    if (options.temporalContext == TemporalContext::Auto && start.temporalContext) options.temporalContext = *start.temporalContext;
    if (!options.holidaysChosen && options.holidays.empty()) options.holidays = start.holidays;
    options.initialWeights = fs::absolute(options.initialWeights).string();
    return start;
}

/// Everything a resume needs: the best weights, the latest ones with Adam's moments, and where
/// training stands (record.state).
void writeTrainingCheckpoint(const TrainingRecord& record, const WindowedData& windows, const NamedTensors& bestParams,
                             const std::vector<EpochRecord>& history, const AdamOptimizer& adam, HimNetImpl& model,
                             const NamedTensors& startEmbeddings)
{
    const TrainingOptions& o = record.options;
    Checkpoint c;
    c.config = o.model;
    c.params = bestParams;
    c.scaler = ScalerState{windows.scaler().mean, windows.scaler().std};
    c.dataset = datasetStampOf(windows.dataset());
    c.history = history;
    c.optimizerTensors = adam.stateTensors();
    c.optimizerState = "{\"step\": " + std::to_string(adam.stepCount()) + "}";
    c.resumeParams = stateDictOf(model);
    c.start = startEmbeddings;
    c.training = toJson(record);
    c.split = windows.options().index;
    writeCheckpoint(o.checkpointPath, c);
}

/// `tables` with the node rows `rows[0]`, `rows[1]`, ...; as they are when `rows` is empty.
std::shared_ptr<const EmbeddingTables> withNodeRows(EmbeddingTables tables, const std::vector<int64_t>& rows)
{
    if (!rows.empty()) {
        Matrix node(static_cast<int64_t>(rows.size()), tables.node.cols);
        for (size_t i = 0; i < rows.size(); ++i)
            for (int64_t j = 0; j < node.cols; ++j) node.at(static_cast<int64_t>(i), j) = tables.node.at(rows[i], j);
        tables.node = std::move(node);
    }
    return std::make_shared<const EmbeddingTables>(std::move(tables));
}

/// What an epoch's weights show: the node, time-of-day and day-of-week embeddings (node rows
/// as `callersRows` says, for a caller who listed the sensors in another order) and, on data
/// with known zones, how well k-means recovers those zones from the node embeddings.
void describeEmbeddings(TrainProgress& progress, const HimNetImpl& model, const Dataset& data, const std::vector<int64_t>& callersRows)
{
    EmbeddingTables embeddings = embeddingTablesOf(model);
    if (data.hasZones()) progress.zones = clusterAgreement(embeddings.node, data.zoneLabels);
    progress.embeddings = withNodeRows(std::move(embeddings), callersRows);
}

/// Refuses, before the model exists, a training whose steps cannot fit the memory this
/// process can get (requireTrainingFits): Linux would end it at its first step without a
/// word, the app with it. Returns the note of a training that may not fit.
std::string requireMemoryFor(const TrainingOptions& o, int64_t trainWindows, const torch::Device& device)
{
    const std::optional<int64_t> available = availableMemoryBytes(device);
    if (!available) return {};
    // Each process takes its share of a batch; on the CPU, those of one machine share its memory.
    const int64_t processes = o.processes.enabled() ? o.processes.worldSize : 1;
    const int64_t share = std::max<int64_t>(1, (std::min(o.batchSize, trainWindows) + processes - 1) / processes);
    const int64_t sharing = device.is_cuda() || !o.processes.enabled() ? 1 : o.processes.localWorldSize;
    const std::string where = device.is_cuda() ? "GPU " + device.str()
        : sharing > 1                          ? "each of this machine's " + std::to_string(sharing) + " processes"
                                               : "this machine";
    return requireTrainingFits(o.model, share, *available / sharing, where);
}

} // namespace

std::string describeSavedProgress(const TrainResult& r)
{
    const std::string partial = std::to_string(r.batchesIntoEpoch) + (r.batchesIntoEpoch == 1 ? " batch" : " batches") + " of epoch "
        + std::to_string(r.epochsRun + 1);
    if (r.epochsRun == 0) return r.batchesIntoEpoch > 0 ? partial : "no finished batch";
    const std::string finished = "epoch " + std::to_string(r.epochsRun);
    return r.batchesIntoEpoch > 0 ? finished + " and " + partial : finished;
}

TrainResult train(std::shared_ptr<const Dataset> data, const TrainingOptions& requested, const ProgressCallback& onProgress,
                  const CancelToken* cancel)
{
    requested.validate();
    TrainingRecord record;
    Checkpoint resumed;
    std::vector<int64_t> callersRows; ///< for each sensor as the caller lists it, its row in training; empty: the same
    const bool resuming = requested.resume && std::filesystem::exists(requested.checkpointPath);
    if (resuming) {
        resumed = readCheckpoint(requested.checkpointPath);
        if (resumed.training.empty() || resumed.resumeParams.empty())
            throw InputError(describeProblem(requested.checkpointPath, "holds no training state to resume from"));
        record = parseTrainingRecord(resumed.training, resumed.config.stepsPerDay, requested.checkpointPath);
        record.options.epochs = requested.epochs; // the one option a resume may change: how far to go
        record.options.checkpointPath = requested.checkpointPath;
        // How it computes may change on a resume, not what: results agree within tolerance.
        record.options.device = requested.device;
        record.options.precision = requested.precision;
        record.options.cudaGraphs = requested.cudaGraphs;
        record.options.processes = requested.processes;
        // The same sensors listed in another order (another export of the network): the
        // training goes on in the order it started with, as if it had never stopped, and its
        // progress reports the node embeddings in the caller's order.
        if (resumed.dataset && !resumed.dataset->sensorIds.empty() && resumed.dataset->sensorIds != data->sensorIds) {
            std::optional<Dataset> inTrainingOrder = withSensorsInOrder(*data, resumed.dataset->sensorIds);
            if (!inTrainingOrder)
                throw InputError(describeProblem(requested.checkpointPath, "was trained on " + resumed.dataset->name + ", whose sensors differ from "
                                                                               + data->name + "'s: a training resumes on the sensors it started with"));
            for (const auto& id : data->sensorIds) callersRows.push_back(inTrainingOrder->indexOf(id));
            data = std::make_shared<const Dataset>(std::move(*inTrainingOrder));
        }
    } else {
        record.options = requested;
    }
    const Dataset& d = *data;
    TrainingOptions& o = record.options;
    // A resume has them in its own weights already, whatever has become of their file since.
    std::optional<ModelWeights> start;
    if (!resuming && !o.initialWeights.empty()) {
        start = adoptStartingWeights(o, d);
        record.initialisation = 0; // drawn elsewhere: no seed gives them again
    }
    o.model.numNodes = d.numNodes;
    o.model.stepsPerDay = d.stepsPerDay();
    o.model.validate();
    if (resuming && resumed.config != o.model)
        throw InputError(describeProblem(o.checkpointPath, "its network does not fit this dataset's (" + std::to_string(resumed.config.numNodes)
                                                               + " sensors, " + std::to_string(resumed.config.stepsPerDay) + " steps per day)"));
    if (resuming) {
        requireStepsCombinedAsTrained(o.checkpointPath, resumed.dataset, d);
        requireSamePeriodAsTrained(o.checkpointPath, resumed.dataset, d);
    }

    std::unique_ptr<ProcessGroup> processes;
    if (o.processes.enabled()) processes = std::make_unique<ProcessGroup>(o.processes);
    const bool writesCheckpoints = !o.checkpointPath.empty() && (!processes || processes->rank() == 0);
    if (writesCheckpoints) requireWritableFile(o.checkpointPath); // now, not after the first epoch
    const torch::Device device = processes ? deviceOfProcess(o.device, o.processes) : resolveDevice(o.device);
    if (o.cudaGraphs) CudaGraph::checkUsableOn(device, "training");
    // A resume trains on the windows it started with, kept in the checkpoint, whatever has
    // become of the split file since.
    WindowedData windows(data, windowOptionsFor(o, o.model, resuming ? resumed.split : std::nullopt));
    const std::string memoryNote = requireMemoryFor(o, windows.count(Split::Train), device);
    if (o.model.tfDecaySteps == 0) {
        int64_t perEpoch = (windows.count(Split::Train) + o.batchSize - 1) / o.batchSize;
        if (o.maxBatchesPerEpoch > 0) perEpoch = std::min(perEpoch, o.maxBatchesPerEpoch);
        o.model.tfDecaySteps = fittedTeacherForcingDecay(perEpoch * o.epochs);
    }
    if (!resuming) record.context = planTemporalContext(windows, o.temporalContext);
    if (!record.context.isIdentity()) windows.setTemporalContext(record.context.dayOfWeek, record.context.slot);

    HimNet model = seededModel(o.model, o.seed);
    if (start) loadStateDict(*model, start->params, o.initialWeights);
    // Where the embeddings start, kept in the checkpoint for the views that tell how far
    // training moves them. A resumed file from before it kept them draws them again from its
    // seed, when it has one.
    NamedTensors startTensors = resuming ? resumed.start : embeddingTensorsOf(*model);
    if (startTensors.empty() && startingSeed(record)) startTensors = embeddingTensorsOf(*model);
    std::shared_ptr<const EmbeddingTables> startEmbeddings;
    if (onProgress && !startTensors.empty())
        startEmbeddings = withNodeRows(embeddingTablesFrom(startTensors, o.model, o.checkpointPath), callersRows);
    model->to(device);
    model->setPrecision(o.precision);
    std::vector<std::pair<std::string, torch::Tensor>> parameters;
    for (const auto& item : model->named_parameters(true)) parameters.emplace_back(item.key(), item.value());
    AdamOptimizer adam(parameters, o.learningRate, o.adamEps, o.weightDecay);
    std::mt19937_64 rng(o.seed);
    TrainResult result;
    NamedTensors bestParams;
    TrainingState& state = record.state;
    if (resuming) {
        loadStateDict(*model, resumed.resumeParams, o.checkpointPath);
        adam.loadState(resumed.optimizerTensors, stepCountOf(resumed.optimizerState, o.checkpointPath), o.checkpointPath);
        std::istringstream(state.rng) >> rng;
        bestParams = resumed.params;
        result.history = resumed.history;
    } else {
        bestParams = cloneOf(stateDictOf(*model));
    }

    TrainingStep step(*model, adam, o, windows.scaler(), d.missingValue, device, processes.get());

    const int64_t trainCount = windows.count(Split::Train);
    int64_t batchesPerEpoch = (trainCount + o.batchSize - 1) / o.batchSize;
    if (o.maxBatchesPerEpoch > 0) batchesPerEpoch = std::min(batchesPerEpoch, o.maxBatchesPerEpoch);
    if (processes) {
        requireSameTraining(*processes, windows, record, batchesPerEpoch, parameters, resuming);
        adoptFirstProcessWeights(*processes, parameters);
    }
    const auto started = Clock::now();
    // The estimates of time left: every batch at the mean so far, every validation at the last
    // one's time. Before any validation is timed, a validation batch (no backward pass, no
    // optimiser step) is reckoned at a share of a training step, measured on la-week.
    constexpr double kValidationShareOfStep = 0.4;
    const int64_t validationBatches = (windows.count(Split::Val) + o.batchSize - 1) / o.batchSize;
    double secondsPerBatch = 0;
    std::optional<double> secondsPerValidation;
    auto validationSeconds = [&] {
        return secondsPerValidation ? *secondsPerValidation : static_cast<double>(validationBatches) * secondsPerBatch * kValidationShareOfStep;
    };
    auto etaSeconds = [&](int64_t batchesLeft, int64_t validationsLeft) {
        return static_cast<double>(batchesLeft) * secondsPerBatch + static_cast<double>(validationsLeft) * validationSeconds();
    };
    int64_t batchesTimed = 0;

    TrainProgress progress;
    if (start) {
        // The mark to beat: fine-tuning keeps the weights it started from unless an epoch does better.
        try {
            const auto validationStart = Clock::now();
            record.startingValLoss = validationLoss(*model, windows, o, device, processes ? nullptr : cancel, processes.get());
            secondsPerValidation = secondsSince(validationStart);
            if (processes && processes->any(cancel && cancel->isCancelled())) throw Cancelled("validation cancelled");
        } catch (const Cancelled&) {
            result.cancelled = true;
            return result;
        }
        state.bestValLoss = *record.startingValLoss;
        state.bestEpoch = 0;
    }
    result.startingValLoss = record.startingValLoss;
    progress.startingValLoss = record.startingValLoss;
    progress.startedFrom = record.options.initialWeights;
    progress.kind = TrainProgress::Kind::Started;
    progress.epochs = o.epochs;
    progress.epoch = state.epochsDone;
    progress.batchesPerEpoch = batchesPerEpoch;
    progress.bestValLoss = std::isfinite(state.bestValLoss) ? state.bestValLoss : 0.0;
    progress.message = record.context.describe();
    progress.plan = trainingPlanOf(windows, record.context, o);
    if (const std::string holidays = progress.plan->describeHolidays(); !holidays.empty()) progress.message += "; " + holidays;
    if (record.startingValLoss) {
        std::ostringstream from;
        from << "; starting from the weights of " << std::filesystem::path(o.initialWeights).filename().string() << " (validation loss "
             << *record.startingValLoss << ", kept unless an epoch does better), its decoder fed its own forecasts from the first batch";
        progress.message += from.str();
    }
    if (processes)
        progress.message += "; " + std::to_string(processes->size()) + " processes, each with its share of every batch of "
            + std::to_string(o.batchSize) + " (this is " + o.processes.describe() + ", on " + device.str() + ")";
    if (o.precision == Precision::BFloat16 && !hasFastBFloat16(o.device))
        progress.message += "; bfloat16 products on " + device.str()
            + " without bfloat16 matrix units (AMX on a CPU, Ampere or later on a GPU) run no faster than float32, or slower";
    if (o.cudaGraphs)
        progress.message += "; CUDA graphs: batches of " + std::to_string(o.batchSize) + " replay one recorded step after "
            + std::to_string(CudaGraph::kRunsBeforeCapture) + " run as usual";
    progress.memoryNote = memoryNote;
    result.notes.push_back(progress.message);
    if (!memoryNote.empty()) result.notes.push_back(memoryNote);
    if (onProgress) onProgress(progress);

    for (int64_t epoch = state.epochsDone + 1; epoch <= o.epochs; ++epoch) {
        const auto epochStart = Clock::now();
        adam.setLearningRate(learningRateAt(o, epoch));
        std::vector<int64_t> order(static_cast<size_t>(trainCount));
        std::iota(order.begin(), order.end(), 0);
        std::string epochRng;
        int64_t firstBatch = 0;
        double lossSum = 0;
        if (state.batchesInEpoch > 0) {
            // Continuing an epoch that stopped part-way: the same order, from where it stopped
            // (rng already stands after that epoch's batches).
            epochRng = state.epochRng;
            std::mt19937_64 shuffler;
            std::istringstream(epochRng) >> shuffler;
            shuffle(order, shuffler);
            firstBatch = state.batchesInEpoch;
            lossSum = state.epochLossSum;
            state.batchesInEpoch = 0;
            state.epochRng.clear();
            state.epochLossSum = 0;
        } else {
            epochRng = serialise(rng);
            shuffle(order, rng);
        }
        // A stop keeps the first `batchesDone` batches of this epoch: a resume continues after them
        // (after all of them: with the validation the stop interrupted).
        auto stopPartWay = [&](int64_t batchesDone) {
            result.cancelled = true;
            if (batchesDone == 0 || o.checkpointPath.empty()) return;
            state.batchesInEpoch = batchesDone;
            state.epochRng = epochRng;
            state.epochLossSum = lossSum;
            state.rng = serialise(rng);
            if (writesCheckpoints) writeTrainingCheckpoint(record, windows, bestParams, result.history, adam, *model, startTensors);
            result.batchesIntoEpoch = batchesDone;
        };
        model->train();
        for (int64_t b = firstBatch; b < batchesPerEpoch; ++b) {
            // Processes stop together, at the same batch, when any of them is asked to.
            bool stop = cancel && cancel->isCancelled();
            if (processes) stop = processes->any(stop);
            if (stop) {
                stopPartWay(b);
                break;
            }
            const auto batchStart = Clock::now();
            const auto first = order.begin() + b * o.batchSize;
            const std::vector<int64_t> indices(first, order.begin() + std::min<int64_t>(trainCount, (b + 1) * o.batchSize));
            const Batch batch = windows.batch(Split::Train, shareOf(indices, processes.get()), device);
            const double threshold = teacherForcingProbability(state.batchesSeen, o.model.tfDecaySteps);
            std::vector<bool> forced(static_cast<size_t>(o.model.outSteps));
            for (size_t q = 0; q < forced.size(); ++q) forced[q] = uniform01(rng) < threshold;

            const double value = step.run(batch, forced).item<double>();
            ++state.batchesSeen;
            if (!std::isfinite(value))
                throw RuntimeFailure("training diverged at epoch " + std::to_string(epoch) + ", batch " + std::to_string(b + 1)
                                     + " (loss " + std::to_string(value) + "); try a lower learning rate");
            lossSum += value;

            const double batchSeconds = secondsSince(batchStart);
            secondsPerBatch = (secondsPerBatch * static_cast<double>(batchesTimed) + batchSeconds) / static_cast<double>(batchesTimed + 1);
            ++batchesTimed;
            progress.kind = TrainProgress::Kind::Batch;
            progress.epoch = epoch;
            progress.batch = b + 1;
            progress.batchesSeen = state.batchesSeen;
            progress.trainLoss = lossSum / static_cast<double>(b + 1);
            progress.learningRate = adam.learningRate();
            progress.samplesPerSecond = static_cast<double>(indices.size()) / std::max(batchSeconds, 1e-9);
            progress.elapsedSeconds = secondsSince(started);
            const int64_t batchesLeft = (o.epochs - epoch) * batchesPerEpoch + (batchesPerEpoch - b - 1);
            progress.etaSeconds = etaSeconds(batchesLeft, o.epochs - epoch + 1);
            progress.epochEtaSeconds = etaSeconds(batchesPerEpoch - b - 1, 1);
            progress.improved = false;
            if (onProgress) onProgress(progress);
        }
        if (result.cancelled) break;

        progress.kind = TrainProgress::Kind::Validating;
        progress.epoch = epoch;
        progress.elapsedSeconds = secondsSince(started);
        progress.etaSeconds = etaSeconds((o.epochs - epoch) * batchesPerEpoch, o.epochs - epoch + 1);
        progress.epochEtaSeconds = validationSeconds();
        if (onProgress) onProgress(progress);
        const auto validationStart = Clock::now();
        double valLoss = 0;
        try {
            // Several processes finish their shares and then agree to stop, or to go on.
            valLoss = validationLoss(*model, windows, o, device, processes ? nullptr : cancel, processes.get());
            if (processes && processes->any(cancel && cancel->isCancelled())) throw Cancelled("validation cancelled");
        } catch (const Cancelled&) {
            stopPartWay(batchesPerEpoch);
            break;
        }
        secondsPerValidation = secondsSince(validationStart);
        const bool improved = valLoss < state.bestValLoss;
        if (improved) {
            state.bestValLoss = valLoss;
            state.bestEpoch = epoch;
            state.staleEpochs = 0;
            bestParams = cloneOf(stateDictOf(*model));
        } else {
            ++state.staleEpochs;
        }
        state.epochsDone = epoch;
        state.rng = serialise(rng);
        // The zones found go into the history too (a k-means of N points: negligible next to an epoch).
        if (onProgress || data->hasZones()) describeEmbeddings(progress, *model, *data, callersRows);
        result.history.push_back({epoch, lossSum / static_cast<double>(std::max<int64_t>(1, batchesPerEpoch)), valLoss,
                                  adam.learningRate(), secondsSince(epochStart), progress.zones});
        if (writesCheckpoints) writeTrainingCheckpoint(record, windows, bestParams, result.history, adam, *model, startTensors);
        progress.kind = TrainProgress::Kind::Epoch;
        progress.epoch = epoch;
        progress.valLoss = valLoss;
        progress.bestValLoss = state.bestValLoss;
        progress.improved = improved;
        progress.trainLoss = result.history.back().trainLoss;
        progress.elapsedSeconds = secondsSince(started);
        progress.etaSeconds = etaSeconds((o.epochs - epoch) * batchesPerEpoch, o.epochs - epoch);
        progress.epochEtaSeconds = 0;
        progress.startEmbeddings = startEmbeddings;
        if (onProgress) onProgress(progress);
        progress.embeddings.reset();
        progress.startEmbeddings.reset();
        progress.zones.reset();
        if (state.staleEpochs >= o.patience) {
            result.stoppedEarly = true;
            break;
        }
    }
    result.epochsRun = state.epochsDone;
    result.bestEpoch = state.bestEpoch;
    result.bestValLoss = std::isfinite(state.bestValLoss) ? state.bestValLoss : 0.0;
    progress.kind = TrainProgress::Kind::Finished;
    progress.message = step.note();
    if (o.cudaGraphs && progress.message.empty())
        progress.message = "CUDA graphs: " + std::to_string(step.replays()) + " steps replayed";
    if (!progress.message.empty()) result.notes.push_back(progress.message);
    progress.elapsedSeconds = secondsSince(started);
    progress.etaSeconds = 0;
    progress.epochEtaSeconds = 0;
    if (onProgress) onProgress(progress);
    return result;
}

} // namespace himnet
