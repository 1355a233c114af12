#pragma once
// Training HimNet: the reference recipe (HIMNET.md), observable, cancellable, resumable.
// Synchronous: the caller picks the thread (the CLI's main thread, the app's engine thread).
#include "himnet/cancel_token.h"
#include "himnet/clustering.h"
#include "himnet/dataset.h"
#include "himnet/distributed.h"
#include "himnet/embedding_tables.h"
#include "himnet/himnet_config.h"
#include "himnet/holidays.h"
#include "himnet/runtime.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace himnet {

/// How the time-of-day and day-of-week context is built (HIMNET.md, "contexts never seen
/// in training").
enum class TemporalContext {
    Paper,          ///< the reference's exact behaviour, even for days never seen in training
    WeekdayWeekend, ///< days of week collapsed to weekday (0) and weekend (5)
    Auto,           ///< WeekdayWeekend when a day of week is missing from training, else Paper
    /// Each day never seen in training fed as the nearest trained day of its kind (weekday or
    /// weekend), every trained day as itself: for a model whose days were trained apart (one
    /// of the reference implementation), which collapsing would feed days it knows as others.
    NearestDay,
};
TemporalContext parseTemporalContext(const std::string& text);
std::string toString(TemporalContext context);

struct TrainingOptions {
    std::string preset = "default";
    HimNetConfig model;           ///< num_nodes and steps_per_day are taken from the data
    int64_t epochs = 200;
    int64_t batchSize = 16;
    int64_t patience = 20;        ///< epochs without a better validation loss before stopping
    double learningRate = 1e-3;
    double adamEps = 1e-3;
    double weightDecay = 5e-4;
    std::vector<int64_t> milestones{30, 40};
    double gamma = 0.1;
    double clipNorm = 5.0;
    std::string loss = "masked_mae"; ///< or "huber" (delta 1), both masked, on de-scaled values
    double trainRatio = 0.7, valRatio = 0.1;
    std::string splitFile;        ///< the reference's index.npz; overrides the ratios
    TemporalContext temporalContext = TemporalContext::Auto;
    /// Days read as another day of week: holidays as Sundays (himnet/holidays.h). Kept in the
    /// checkpoint. A fine-tuning takes its starting model's while none are chosen.
    HolidayCalendar holidays;
    /// `holidays` were chosen, none included: a fine-tuning keeps them, not its starting model's.
    bool holidaysChosen = false;
    uint64_t seed = 1;
    DeviceKind device = DeviceKind::Auto;
    Precision precision = Precision::Float32; ///< of the training step's products (runtime.h)
    /// On a GPU: full-size batches replay a training step recorded as a CUDA graph, one launch
    /// instead of thousands of small kernels. How it computes, like the device: not saved.
    bool cudaGraphs = false;
    int64_t maxBatchesPerEpoch = 0; ///< 0: all; a positive cap makes quick runs (tests, demos)
    /// Several processes training one model, each on its share of every batch
    /// (himnet/distributed.h); how it computes, like the device: not saved.
    ProcessGroupOptions processes;
    std::string checkpointPath;   ///< written atomically after every epoch (by rank 0); empty: none
    bool resume = false;          ///< continue from checkpointPath's saved state
    /// A model file whose best weights the training starts from instead of its seed's
    /// (fine-tuning: on newer data of the same network, or a reference model with this
    /// recipe): a checkpoint of the data's network, or a reference state dict. Its shape
    /// replaces `model`'s, without teacher forcing (the decoder of a trained model forecasts
    /// from its own outputs already), and Auto takes its temporal context. They stay the best weights until an epoch's validation loss beats theirs, so
    /// fine-tuning never leaves a model worse on the validation split. Empty: the seed's.
    std::string initialWeights;

    /// Throws InputError naming the first option out of range.
    void validate() const;
    std::string toJson() const;
    static TrainingOptions fromJson(const std::string& json, const std::string& source = {});
};

/// Names of the bundled presets: metr-la, pems-bay, pems03, pems04, pems07, pems08, default.
std::vector<std::string> presetNames();
/// The paper's hyperparameters for a dataset (resources/presets/NAME.json); InputError if unknown.
TrainingOptions presetOptions(const std::string& name);
/// The preset whose name matches the dataset's name (e.g. "metr-la"), else "default".
std::string presetForDataset(const std::string& datasetName);
/// What a training on `data` starts from (himnet train, and the split an imported model gets):
/// the preset `preset` (empty: the one named like the data), split by the split file that came
/// with the data, if any.
TrainingOptions trainingDefaults(const Dataset& data, const std::string& preset = {});

/// The steps a split's windows cover: from the first window's first input step to the last
/// window's last target step (indices into the data's steps).
struct SplitPeriod {
    int64_t windows = 0;
    int64_t firstStep = 0, lastStep = 0;
    int64_t firstTime = 0, lastTime = 0; ///< their timestamps (UTC seconds)
};

/// What training `data` with `options` will use, known before it starts (the app's Training
/// panel shows it, `himnet train` prints it): the windows of each split, and the days of week
/// and time-of-day slots the training windows never reach, with what the temporal context
/// does about them.
struct TrainingPlan {
    SplitPeriod train, val, test;
    std::string splitFile;       ///< the split file the windows come from; empty: by the ratios
    double trainRatio = 0, valRatio = 0; ///< the ratios, when by them
    TemporalContext context = TemporalContext::Paper; ///< as it resolves for this data: never Auto
    std::vector<int> unseenDays; ///< days of week (Monday = 0) of no training window
    int64_t unseenSlots = 0;     ///< time-of-day slots of no training window
    std::string contextNote;     ///< one sentence on them, as training reports it
    std::string holidays;        ///< the calendar's name ("none" without one)
    std::vector<SpecialDay> specialDays; ///< the calendar's days within the data, in order

    /// "split by time (70 / 10 / 20 %): train 2012-03-01 00:00 to 2012-03-05 15:35 (1381
    /// windows), validation … (…), test … (…)"; "split by index.npz: …".
    std::string describeSplit() const;
    /// "US federal holidays, 1 in the data: 2012-05-28 (Memorial Day) as a Sunday"; empty
    /// without a calendar.
    std::string describeHolidays() const;
    /// {"split_file", "train_ratio", "val_ratio", "train": {"windows", "from", "to"},
    /// "validation": {…}, "test": {…}, "temporal_context", "unseen_days", "unseen_slots",
    /// "holidays": {"calendar", "days": [{"date", "name", "read_as"}]}}.
    std::string toJson() const;
};
/// Throws InputError naming the file when the split cannot be made: the series too short for
/// a window in every split, ratios that leave no room, a split file that does not fit.
TrainingPlan planTraining(const Dataset& data, const TrainingOptions& options);

struct EpochRecord {
    int64_t epoch = 0;
    double trainLoss = 0;
    double valLoss = 0;
    double learningRate = 0;
    double seconds = 0;
    /// On data with known zones (the demo city): k-means of the epoch's node embeddings, one
    /// cluster per zone, against the zones (as TrainProgress::zones). Absent otherwise, and in
    /// checkpoints written before it was recorded.
    std::optional<LabelAgreement> zones;
};

struct TrainProgress {
    /// Validating: the epoch's batches are done and its validation starts (it can take a while).
    enum class Kind { Started, Batch, Validating, Epoch, Finished };
    Kind kind = Kind::Batch;
    int64_t epoch = 0, epochs = 0;           ///< 1-based epoch
    int64_t batch = 0, batchesPerEpoch = 0;  ///< 1-based batch within the epoch
    int64_t batchesSeen = 0;
    double trainLoss = 0;   ///< running mean over this epoch's batches so far
    double valLoss = 0;     ///< of the epoch just finished (Epoch, Finished)
    double bestValLoss = 0;
    double learningRate = 0;
    double samplesPerSecond = 0;
    double elapsedSeconds = 0;
    /// Estimates of the time left (Batch, Validating, Epoch): until the last epoch asked for
    /// ends (patience may stop the training sooner), and until this epoch's validation ends
    /// (0 at Epoch). Each batch is reckoned at the mean time of those so far, each validation at
    /// the last one's time, or at a share of the batches' before the first.
    double etaSeconds = 0, epochEtaSeconds = 0;
    bool improved = false;  ///< the epoch just finished set a new best (Epoch)
    std::string message;    ///< notes for the user (Started: e.g. unseen days of week)
    /// Started: that a step may need more memory than there is (the least it needs fits, the
    /// most it likely needs does not), with the batch size that fits; empty when it fits.
    std::string memoryNote;
    std::optional<TrainingPlan> plan; ///< Started: the split and temporal context it trains with
    /// Started, for a training from other weights (TrainingOptions::initialWeights): their
    /// validation loss, which its epochs have to beat.
    std::optional<double> startingValLoss;
    /// Epoch: the node, time-of-day and day-of-week embeddings at the end of this epoch, the
    /// latest weights rather than the best, so that a view can show the model finding
    /// structure as it trains.
    std::shared_ptr<const EmbeddingTables> embeddings;
    /// Epoch: the same tables when the training started (its seed's initial weights, or those
    /// of the model it fine-tunes; the same at every epoch), to tell how far training has
    /// moved them.
    std::shared_ptr<const EmbeddingTables> startEmbeddings;
    /// The model file a fine-tuning started from (TrainingOptions::initialWeights, absolute);
    /// empty for a training from its seed's random weights.
    std::string startedFrom;
    /// Epoch, on data with known zones (the demo city): how well k-means of the node embeddings, with
    /// one cluster per zone, recovers the zones.
    std::optional<LabelAgreement> zones;
};
using ProgressCallback = std::function<void(const TrainProgress&)>;

struct TrainResult {
    bool cancelled = false;
    bool stoppedEarly = false;
    int64_t epochsRun = 0;  ///< total, including epochs of a resumed run
    /// When cancelled part-way through an epoch with a checkpoint path: the batches of that
    /// epoch kept in the checkpoint, where a resume continues (0: it continues at an epoch start).
    int64_t batchesIntoEpoch = 0;
    int64_t bestEpoch = 0;  ///< 0 after epochs: no epoch beat the weights it started from (initialWeights)
    double bestValLoss = 0;
    /// For a training from other weights: their validation loss.
    std::optional<double> startingValLoss;
    std::vector<EpochRecord> history;
    std::vector<std::string> notes;
};

/// What the checkpoint of a cancelled training holds, for a message: "epoch 3", "epoch 3 and
/// 120 batches of epoch 4", "120 batches of epoch 1", "no finished batch".
std::string describeSavedProgress(const TrainResult& result);

/// Trains on `data` with `options`. Throws InputError for bad options or data that do not fit
/// (a checkpoint of another network when resuming), RuntimeFailure for failures while running.
TrainResult train(std::shared_ptr<const Dataset> data, const TrainingOptions& options,
                  const ProgressCallback& onProgress = {}, const CancelToken* cancel = nullptr);

} // namespace himnet
