#include "cli_commands.h"
#include "process_launcher.h"
#include "progress_printer.h"

#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "himnet/forecasting.h"
#include "himnet/kept_intervals.h"
#include "himnet/model_file.h"
#include "himnet/output_files.h"
#include "himnet/training.h"

#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

namespace himnet::cli {
namespace {

CancelToken g_cancel;

extern "C" void onInterrupt(int) { g_cancel.cancel(); }

struct TrainArguments {
    std::string data, out, preset, device = "auto", precision = "float32", temporalContext, loss, initFrom, holidays;
    std::optional<int64_t> epochs, batchSize, hidden, patience, maxBatches;
    std::optional<double> lr, weightDecay, adamEps;
    std::optional<uint64_t> seed;
    std::optional<int> processes, rank, localProcesses;
    std::string rendezvous;
    bool resume = false, json = false, quiet = false, noTeacherForcing = false, cudaGraphs = false;
    bool noSpatialMeta = false, noTemporalMeta = false, noSpatioTemporalMeta = false;
    DatasetOptions dataset;
    SplitOptions split;
};

/// A resume goes on as its training began. The same command run again with --resume may
/// repeat --init-from and --holidays; other values of them would be ignored, so they are refused.
void requireSameBeginning(const TrainingOptions& o, const TrainArguments& a)
{
    if (a.initFrom.empty() && a.holidays.empty()) return;
    const ModelFileSummary saved = inspectModelFile(o.checkpointPath);
    const std::string fileName = std::filesystem::path(o.checkpointPath).filename().string();
    namespace fs = std::filesystem;
    if (!a.initFrom.empty() && (saved.startedFrom.empty() || fs::weakly_canonical(a.initFrom) != fs::weakly_canonical(saved.startedFrom)))
        throw InputError("--init-from " + a.initFrom + " with --resume: " + fileName + " began "
                         + (saved.startedFrom.empty() ? std::string("from its seed's weights") : "from " + saved.startedFrom)
                         + ", and a resume goes on from where it stopped (leave --init-from out, or write to another --out)");
    if (!a.holidays.empty() && o.holidays != saved.holidays)
        throw InputError("--holidays " + a.holidays + " with --resume: " + fileName + " was trained "
                         + (saved.holidays.empty() ? std::string("without holidays") : "with " + saved.holidays.name())
                         + ", and a resume keeps its calendar (leave --holidays out, or write to another --out)");
}

TrainingOptions buildOptions(const TrainArguments& a, const Dataset& data)
{
    TrainingOptions o = trainingDefaults(data, a.preset);
    if (a.epochs) o.epochs = *a.epochs;
    if (a.batchSize) o.batchSize = *a.batchSize;
    if (a.hidden) o.model.hiddenDim = *a.hidden;
    if (a.patience) o.patience = *a.patience;
    if (a.maxBatches) o.maxBatchesPerEpoch = *a.maxBatches;
    if (a.lr) o.learningRate = *a.lr;
    if (a.weightDecay) o.weightDecay = *a.weightDecay;
    if (a.adamEps) o.adamEps = *a.adamEps;
    if (a.seed) o.seed = *a.seed;
    a.split.applyTo(o);
    if (!a.temporalContext.empty()) o.temporalContext = parseTemporalContext(a.temporalContext);
    if (!a.holidays.empty()) {
        o.holidays = HolidayCalendar::fromChoice(a.holidays);
        o.holidaysChosen = true; // "none" too: a fine-tuning drops its starting model's
    }
    if (!a.loss.empty()) o.loss = a.loss;
    if (a.noTeacherForcing) o.model.useTeacherForcing = false;
    if (a.noSpatialMeta) o.model.useSpatialMeta = false;
    if (a.noTemporalMeta) o.model.useTemporalMeta = false;
    if (a.noSpatioTemporalMeta) o.model.useSpatioTemporalMeta = false;
    o.device = parseDeviceKind(a.device);
    o.precision = parsePrecision(a.precision);
    o.cudaGraphs = a.cudaGraphs;
    o.checkpointPath = a.out;
    o.resume = a.resume;
    if (o.resume && std::filesystem::exists(o.checkpointPath)) requireSameBeginning(o, a);
    if (!a.initFrom.empty()) {
        if (a.hidden || a.noSpatialMeta || a.noTemporalMeta || a.noSpatioTemporalMeta)
            throw InputError("--hidden and the --no-…-meta ablations shape a new model; a training from --init-from " + a.initFrom
                             + " has that model's shape (leave them out)");
        o.initialWeights = a.initFrom;
    }
    o.validate();
    return o;
}

// The processes this one trains with: from --processes and --rank, else from the variables
// torchrun sets, else none.
ProcessGroupOptions processGroupFor(const TrainArguments& a)
{
    if (!a.processes) {
        if (a.rank) throw InputError("--rank needs --processes: how many processes train together");
        return ProcessGroupOptions::fromEnvironment();
    }
    ProcessGroupOptions group;
    group.worldSize = *a.processes;
    if (!group.enabled()) return {};
    group.rank = a.rank.value_or(0);
    group.localWorldSize = a.localProcesses.value_or(group.worldSize);
    group.localRank = group.localWorldSize > 0 ? group.rank % group.localWorldSize : 0;
    group.rendezvous = a.rendezvous;
    if (a.rank) group.validate(); // without: this process starts them, on a rendezvous of its own unless given
    return group;
}

int runTrain(const TrainArguments& a)
{
    ProcessGroupOptions group = processGroupFor(a);
    if (a.processes && group.enabled() && !a.rank) {
        if (std::getenv("WORLD_SIZE"))
            throw InputError("--processes under torchrun (WORLD_SIZE is set): leave it out, torchrun starts the processes");
        if (!distributedTrainingAvailable())
            throw InputError("--processes: this build cannot train over several processes (its LibTorch has no c10d with Gloo)");
        {
            // Bad data or options are told once, here, rather than by every process.
            const auto data = a.dataset.load(a.data);
            resolvedDeviceName(buildOptions(a, *data).device);
        }
        return launchLocalProcesses(group.worldSize, invocation().arguments, a.rendezvous);
    }
    // Processes on one machine share its cores, unless --threads says otherwise.
    if (group.enabled() && invocation().threads == 0)
        configureThreads(std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / group.localWorldSize));
    const bool lead = group.rank == 0; // rank 0 reports, writes the checkpoint and evaluates it
    auto data = a.dataset.load(a.data);
    TrainingOptions options = buildOptions(a, *data);
    options.processes = group;
    options.validate();
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    ProgressPrinter printer(stderr, a.quiet || a.json || !lead);
    const std::string device = resolvedDeviceName(options.device); // throws before the banner starts
    // What the model will be: the form of a new one, that of the weights it starts from, or
    // the training it continues.
    std::string model = "preset " + options.preset + ", H " + std::to_string(options.model.hiddenDim);
    if (options.resume && std::filesystem::exists(a.out)) {
        const ModelFileSummary saved = inspectModelFile(a.out);
        model = "continuing " + a.out + " (H " + std::to_string(saved.config.hiddenDim) + ", " + std::to_string(saved.epochsTrained)
            + (saved.epochsTrained == 1 ? " epoch" : " epochs") + " done)";
    } else if (!options.initialWeights.empty()) {
        model = "preset " + options.preset + ", from the weights of " + options.initialWeights;
    }
    if (!a.json && !a.quiet && lead)
        std::cerr << "himnet train: " << data->name << " (" << data->numNodes << " sensors, " << data->numSteps << " steps), " << model
                  << ", device " << device << ", "
                  << toString(options.precision) << ", " << runtimeSummary()
                  << (group.enabled() ? ", " + std::to_string(group.worldSize) + " processes" : std::string()) << "\n";
    const TrainResult result = train(data, options, std::ref(printer), &g_cancel);
    if (!lead) return result.cancelled ? 130 : 0;
    if (result.cancelled) {
        std::cerr << "himnet train: interrupted; " << a.out << " holds " << describeSavedProgress(result) << "; continue with --resume\n";
        return 130;
    }
    // Measured as `evaluate` does (a minute for METR-LA on a laptop), and as interruptible as
    // the training: the checkpoint is whole by now.
    EvaluationReport report;
    try {
        // At every level the app's Band offers too, from the same pass: switching the band needs no new one.
        report = evaluateCheckpoint(data, a.out, "test", options.device, &g_cancel, StoredReport::WhenCurrent, {},
                                    a.quiet || a.json ? EvaluationProgress() : CountProgress(stderr, "windows measured"),
                                    kIntervalLevel, bandLevels());
    } catch (const Cancelled&) {
        std::cerr << "himnet train: interrupted while measuring the test split; " << a.out
                  << " holds the trained model, which `himnet evaluate --store` measures\n";
        return 130;
    }
    storeMetrics(a.out, report);
    if (a.json) {
        std::cout << nlohmann::json{{"checkpoint", a.out},
                                    {"epochs", result.epochsRun},
                                    {"best_epoch", result.bestEpoch},
                                    {"best_val_loss", result.bestValLoss},
                                    {"starting_val_loss", result.startingValLoss ? nlohmann::json(*result.startingValLoss) : nlohmann::json()},
                                    {"stopped_early", result.stoppedEarly},
                                    {"history", nlohmann::json::parse(toJson(result.history))},
                                    {"test", nlohmann::json::parse(toJson(report))}}
                         .dump(2)
                  << '\n';
    } else {
        if (result.startingValLoss && result.bestEpoch == 0)
            std::cout << "no epoch of " << result.epochsRun << " beat the weights it started from (validation loss " << result.bestValLoss
                      << "): saved those to " << a.out << "\n";
        else {
            std::cout << "best epoch " << result.bestEpoch << " of " << result.epochsRun << " (validation loss " << result.bestValLoss;
            if (result.startingValLoss) std::cout << ", from " << *result.startingValLoss << " at the start";
            std::cout << "), saved to " << a.out << "\n";
        }
        std::cout << toTable(report);
    }
    return 0;
}

/// The origins `--at` and `--count` name: `count` consecutive steps from `at` (the last step
/// when empty; an index, from the end when negative, or a timestamp).
std::vector<int64_t> originsAfter(const std::string& atText, int64_t count, const Forecaster& forecaster, const Dataset& data, const std::string& dataPath)
{
    int64_t origin = forecaster.lastOrigin();
    if (!atText.empty()) {
        // A negative index counts back from the end, -1 being the last step.
        const bool back = atText[0] == '-';
        const std::string digits = back ? atText.substr(1) : atText;
        const bool isIndex = !digits.empty() && digits.size() < 9 && digits.find_first_not_of("0123456789") == std::string::npos;
        const int64_t index = isIndex ? std::stoll(digits) : 0;
        if (isIndex && back && index > data.numSteps)
            throw InputError(describeProblem(dataPath, "has " + std::to_string(data.numSteps) + " steps: --at " + atText
                                                           + " counts back past the first (-1 is the last step)"));
        origin = !isIndex ? forecaster.indexOf(parseTimestamp(atText)) : back ? data.numSteps - index : index;
    }
    const int64_t last = forecaster.lastOrigin();
    if (origin <= last && count > last - origin + 1)
        throw InputError(describeProblem(dataPath, "--count " + std::to_string(count) + " from step " + std::to_string(origin)
                                                       + " runs past its last step, " + std::to_string(last) + ": at most "
                                                       + std::to_string(last - origin + 1) + " from there"));
    std::vector<int64_t> origins;
    for (int64_t k = 0; k < count; ++k) origins.push_back(origin + k);
    return origins;
}

/// --interval-level PERCENT, into `percent`.
CLI::Option* addIntervalLevelOption(CLI::App* command, double& percent)
{
    return command
        ->add_option("--interval-level", percent,
                     "The forecast intervals' level in percent, from 50 to 99.9: the share of targets they are sized to hold "
                     "(on the validation period)")
        ->capture_default_str()
        ->check([](const std::string& text) {
            double percent = 0;
            std::istringstream in(text);
            in >> percent;
            // CLI11 puts the option's name before it.
            return in && in.eof() && isIntervalLevel(percent / 100) ? std::string()
                                                                   : "a percentage from 50 to 99.9 is expected, not " + text;
        });
}

/// `forecast --intervals`: those of `level` of the test report the checkpoint keeps (they
/// belong to the model, calibrated on its validation period, so they serve any data of its
/// network, the latest hours of a feed included), else of the test report measured on `data`
/// now. InputError naming the checkpoint when there are none.
ForecastIntervals intervalsFor(const Forecaster& forecaster, std::shared_ptr<const Dataset> data, const std::string& checkpoint,
                               DeviceKind device, double level)
{
    if (const std::optional<EvaluationReport> kept = keptReportWithIntervals(forecaster, checkpoint, level)) {
        const std::string summary = intervalSummary(*kept);
        std::cerr << summary.substr(0, summary.find('\n')) << ", as the checkpoint keeps them\n";
        return kept->intervals;
    }
    if (!forecaster.noTestPeriod().empty()) {
        const bool usual = level == kIntervalLevel;
        throw InputError(describeProblem(checkpoint, "keeps no forecast intervals" + std::string(usual ? "" : " of this level")
                                                         + ", and these data have no test period to measure them on: open the data it was "
                                                           "trained on with `himnet evaluate --store"
                                                         + (usual ? "" : " --interval-level " + levelPercent(level)) + "`"));
    }
    const EvaluationReport report = evaluateCheckpoint(data, checkpoint, "test", device, &g_cancel, StoredReport::WhenCurrent, {},
                                                       CountProgress(stderr, "windows measured"), level);
    if (report.intervals.empty()) throw InputError(describeProblem(checkpoint, "has no forecast intervals: " + report.intervals.missing));
    std::cerr << intervalSummary(report);
    if (!report.fromCheckpoint)
        std::cerr << "intervals measured now, not kept: `himnet evaluate --store"
                  << (level == kIntervalLevel ? "" : " --interval-level " + levelPercent(level))
                  << "` with the same --data and --checkpoint keeps them in the checkpoint for the next forecasts\n";
    return report.intervals;
}

/// "80, 90, 95, 99": the levels of the app's band.
std::string bandLevelsText()
{
    std::string text;
    for (double level : bandLevels()) text += (text.empty() ? "" : ", ") + levelPercent(level);
    return text;
}

} // namespace

void SplitOptions::addTo(CLI::App* command)
{
    auto* splitFile = command->add_option(
        "--split-file", file, "The reference's index.npz with exact train/val/test windows (default: the one beside the series, if any)");
    command->add_option("--split-ratios", ratios,
                        "Split by time instead: the training and validation shares, the test gets the rest (e.g. 0.6,0.2; default: the preset's)")
        ->expected(2)
        ->delimiter(',')
        ->excludes(splitFile);
}

void SplitOptions::applyTo(TrainingOptions& options) const
{
    // The split file beside the series unless the command line splits otherwise; the path
    // made absolute, so that the checkpoint's evaluation finds it from any folder.
    if (!ratios.empty()) {
        options.splitFile.clear();
        options.trainRatio = ratios.at(0);
        options.valRatio = ratios.at(1);
    } else if (!file.empty()) {
        options.splitFile = std::filesystem::absolute(file).string();
    }
}

void addTrainCommands(CLI::App& app, Command& selected)
{
    auto* trainCommand = app.add_subcommand("train", "Train HimNet on a dataset; checkpoints after every epoch");
    auto a = std::make_shared<TrainArguments>();
    trainCommand->add_option("--data", a->data, "Dataset file or folder")->required();
    trainCommand->add_option("--out", a->out, "Checkpoint to write (HDF5)")->required();
    trainCommand->add_option("--preset", a->preset, "metr-la, pems-bay, pems03, pems04, pems07, pems08, demo-city or default (picked by dataset name)");
    trainCommand->add_option("--epochs", a->epochs, "Maximum epochs");
    trainCommand->add_option("--batch-size", a->batchSize, "Windows per batch");
    trainCommand->add_option("--hidden", a->hidden, "Hidden size H");
    trainCommand->add_option("--lr", a->lr, "Initial learning rate");
    trainCommand->add_option("--weight-decay", a->weightDecay, "Adam weight decay");
    trainCommand->add_option("--adam-eps", a->adamEps, "Adam epsilon (the paper uses 1e-3)");
    trainCommand->add_option("--seed", a->seed, "Random seed (same seed, data and threads: same result)");
    trainCommand->add_option("--patience", a->patience, "Epochs without a better validation loss before stopping");
    trainCommand->add_option("--max-batches", a->maxBatches, "Cap on batches per epoch (quick runs)");
    a->split.addTo(trainCommand);
    trainCommand->add_option("--temporal-context", a->temporalContext,
                             "auto (default), paper, weekday-weekend or nearest-day: how days never seen in training are handled");
    trainCommand->add_option("--holidays", a->holidays,
                             "us (US federal holidays) or a file of dates (2015-01-01,New Year's Day): read as Sundays, or as "
                             "the day a line names (2015-01-04,Friday), or none; default none, or the --init-from model's");
    trainCommand->add_option("--loss", a->loss, "masked_mae or huber");
    trainCommand->add_option("--device", a->device, "auto, cpu or cuda")->capture_default_str();
    trainCommand->add_option("--precision", a->precision,
                             "float32, or bfloat16: mixed precision, fast on CPUs with AMX and on GPUs from Ampere on")
        ->capture_default_str();
    trainCommand->add_flag("--cuda-graphs", a->cudaGraphs,
                           "On a GPU: replay each training step from one recorded CUDA graph (fewer launches, faster steps)");
    trainCommand->add_flag("--resume", a->resume, "Continue the training saved in --out");
    trainCommand->add_option("--init-from", a->initFrom,
                             "Fine-tune: start from this model's weights instead of the seed's, a checkpoint of this network or a "
                             "reference state dict (.pt); the model keeps them unless an epoch beats their validation loss");
    trainCommand->add_option("--processes", a->processes,
                             "Train with N processes, each on its share of every batch (one per GPU); without --rank, starts all N here")
        ->check(CLI::PositiveNumber);
    trainCommand->add_option("--rank", a->rank, "This process's number, 0..N-1, when starting the processes yourself (rank 0 saves)")
        ->check(CLI::NonNegativeNumber);
    trainCommand->add_option("--rendezvous", a->rendezvous,
                             "Where the processes meet: tcp://HOST:PORT (rank 0's machine) or file:///PATH (shared, fresh)");
    trainCommand->add_option("--local-processes", a->localProcesses,
                             "How many of the processes run on this machine (default: all), ranks numbered machine by machine; they share its cores and GPUs")
        ->check(CLI::PositiveNumber);
    trainCommand->add_flag("--no-teacher-forcing", a->noTeacherForcing, "Ablation: never feed labels to the decoder");
    trainCommand->add_flag("--no-spatial-meta", a->noSpatialMeta, "Ablation: plain weights in the spatial encoder");
    trainCommand->add_flag("--no-temporal-meta", a->noTemporalMeta, "Ablation: plain weights in the temporal encoder");
    trainCommand->add_flag("--no-st-meta", a->noSpatioTemporalMeta, "Ablation: plain weights in the decoder");
    trainCommand->add_flag("--json", a->json, "Print one JSON object (history and test metrics)");
    trainCommand->add_flag("--quiet", a->quiet, "No progress output");
    a->dataset.addTo(trainCommand);
    trainCommand->callback([&selected, a] { selected = [a] { return runTrain(*a); }; });

    auto* evaluate = app.add_subcommand("evaluate", "Per-horizon MAE, RMSE and MAPE of a checkpoint against two baselines");
    auto e = std::make_shared<TrainArguments>();
    auto checkpoint = std::make_shared<std::string>();
    auto split = std::make_shared<std::string>("test");
    evaluate->add_option("--data", e->data, "Dataset file or folder")->required();
    evaluate->add_option("--checkpoint", *checkpoint, "Checkpoint (HDF5)")->required();
    evaluate->add_option("--split", *split, "val or test")->capture_default_str()->check(CLI::IsMember({"val", "test"}));
    evaluate->add_option("--device", e->device, "auto, cpu or cuda")->capture_default_str();
    evaluate->add_flag("--json", e->json, "Print one JSON object");
    auto recompute = std::make_shared<bool>(false), store = std::make_shared<bool>(false);
    evaluate->add_flag("--recompute", *recompute,
                       "Measure again even when the checkpoint keeps a report measured on the same weights and data");
    evaluate->add_flag("--store", *store,
                       "Keep the report in the checkpoint, measured at each level of the app's band (" + bandLevelsText()
                           + " %) too from the same pass: the app and this command then show it at once while weights and data stay the same");
    auto level = std::make_shared<double>(100 * kIntervalLevel);
    addIntervalLevelOption(evaluate, *level);
    // A table file's name is checked before the evaluation, which can take minutes.
    const auto tableFile = [](const std::string& path) { return isMetricTablePath(path) ? std::string() : path + ": must end in .csv or .xlsx"; };
    auto sensors = std::make_shared<std::string>(), hours = std::make_shared<std::string>();
    evaluate
        ->add_option("--sensors", *sensors, "Also write each sensor's MAE, RMSE and MAPE, HimNet's and the baselines', to FILE.csv or FILE.xlsx")
        ->check(tableFile);
    evaluate
        ->add_option("--hours", *hours,
                     "Also write the errors in each hour of the week (Monday 00:00 to Sunday 23:00), HimNet's and the baselines', "
                     "to FILE.csv or FILE.xlsx")
        ->check(tableFile);
    e->dataset.addTo(evaluate);
    evaluate->callback([&selected, e, checkpoint, split, sensors, hours, recompute, store, level] {
        selected = [e, checkpoint, split, sensors, hours, recompute, store, level] {
            for (const auto& table : {*sensors, *hours})
                if (!table.empty()) requireWritableFile(table);
            auto data = e->dataset.load(e->data);
            const EvaluationReport report = evaluateCheckpoint(data, *checkpoint, *split, parseDeviceKind(e->device), nullptr,
                                                               *recompute ? StoredReport::Ignore : StoredReport::WhenCurrent, {},
                                                               CountProgress(stderr, "windows measured"), *level / 100,
                                                               *store ? bandLevels() : std::vector<double>{});
            if (*store && !report.fromCheckpoint) storeMetrics(*checkpoint, report);
            if (!sensors->empty()) writeSensorMetrics(report, *sensors);
            if (!hours->empty()) writeHourMetrics(report, *hours);
            std::cout << (e->json ? toJson(report) + "\n" : toTable(report));
            if (!sensors->empty() && !e->json) std::cout << "each sensor's metrics written to " << *sensors << "\n";
            if (!hours->empty() && !e->json) std::cout << "each hour's metrics written to " << *hours << "\n";
            return 0;
        };
    });

    auto* forecast = app.add_subcommand("forecast", "The next steps after a time index, or from every window of a split, to CSV, HDF5 or Excel");
    auto f = std::make_shared<TrainArguments>();
    auto fCheckpoint = std::make_shared<std::string>();
    auto at = std::make_shared<std::string>();
    auto count = std::make_shared<int64_t>(1);
    auto fSplit = std::make_shared<std::string>();
    forecast->add_option("--data", f->data, "Dataset file or folder")->required();
    forecast->add_option("--checkpoint", *fCheckpoint, "Checkpoint (HDF5)")->required();
    auto* atOption = forecast->add_option("--at", *at, "Last observed step: an index (from 0; -1 is the last step, -13 an hour before it at 5-minute steps) "
                                                       "or a timestamp (default: the last step)");
    auto* countOption = forecast->add_option("--count", *count, "Consecutive origins to forecast from")->check(CLI::PositiveNumber);
    forecast
        ->add_option("--split", *fSplit,
                     "Forecast from every window of the training's val or test split: the windows `evaluate` measures, "
                     "with the actual values beside them")
        ->check(CLI::IsMember({"val", "test"}))
        ->excludes(atOption)
        ->excludes(countOption);
    forecast->add_option("--out", f->out, "FILE.csv, FILE.h5 or FILE.xlsx (an Excel workbook)")
        ->required()
        ->check([](const std::string& path) { return isForecastFilePath(path) ? std::string() : path + ": must end in .csv, .h5 or .xlsx"; });
    forecast->add_option("--device", f->device, "auto, cpu or cuda")->capture_default_str();
    auto intervals = std::make_shared<bool>(false);
    auto* intervalsFlag = forecast->add_flag("--intervals", *intervals,
                                             "Add each forecast's interval (lower and upper bounds; 90 % unless --interval-level says), those "
                                             "of the model's test report: the one the checkpoint keeps, else measured on these data");
    auto fLevel = std::make_shared<double>(100 * kIntervalLevel);
    addIntervalLevelOption(forecast, *fLevel)->needs(intervalsFlag);
    f->dataset.addTo(forecast);
    forecast->callback([&selected, f, fCheckpoint, at, count, fSplit, intervals, fLevel] {
        selected = [f, fCheckpoint, at, count, fSplit, intervals, fLevel] {
            requireWritableFile(f->out);
            auto data = f->dataset.load(f->data);
            Forecaster forecaster(data, *fCheckpoint, parseDeviceKind(f->device));
            if (*intervals) forecaster.setIntervals(intervalsFor(forecaster, data, *fCheckpoint, parseDeviceKind(f->device), *fLevel / 100));
            const std::vector<int64_t> origins = fSplit->empty() ? originsAfter(*at, *count, forecaster, *data, f->data)
                                                                 : forecaster.splitOrigins(*fSplit);
            if (!fSplit->empty() && !forecaster.otherPeriodNote().empty()) std::cerr << "note: " << forecaster.otherPeriodNote() << "\n";
            writeForecastFile(forecaster, origins, f->out,
                              [progress = CountProgress(stderr, "forecasts"), total = static_cast<int64_t>(origins.size())](
                                  int64_t written) mutable { progress(written, total); });
            std::cout << "wrote " << origins.size() << " forecast(s) of " << forecaster.horizon() << " steps for " << data->numNodes
                      << " sensors to " << f->out << "\n";
            return 0;
        };
    });
}

} // namespace himnet::cli
