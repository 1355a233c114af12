#pragma once
// What a model file holds, for `himnet inspect` and the app's "open checkpoint" dialog.
#include "himnet/evaluation.h"
#include "himnet/himnet_config.h"
#include "himnet/training.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace himnet {

struct TensorSummary {
    std::string name;
    std::vector<int64_t> shape;
    std::string dtype;
};

/// How a checkpoint's training split its data into training, validation and test windows.
struct SplitSummary {
    std::string file; ///< the split file's name; empty when split by time
    double trainRatio = 0, valRatio = 0; ///< split by time: the shares of training and validation
    /// Split by a file: its windows per part, kept in the checkpoint; all 0 in checkpoints
    /// written before they were kept, which need the file itself.
    int64_t trainWindows = 0, valWindows = 0, testWindows = 0;
    /// "by time (70 / 10 / 20 %)", "by index.npz (2000 / 300 / 553 windows, kept in the
    /// checkpoint)", or "by index.npz (its windows are read from that file)".
    std::string describe() const;
};

/// The metrics a checkpoint keeps (its /metrics: measured when `himnet train` ended, when the
/// app evaluated a model it trained, or by `himnet evaluate --store`), of the data they were
/// measured on then: what a model scored, without its data at hand.
struct KeptMetrics {
    std::string split;    ///< "test" or "val"
    int64_t windows = 0;
    std::string from, to; ///< the period measured, "2012-03-06 12:50:00"; empty in older files
    std::string unit;     ///< of MAE and RMSE; empty when unknown
    ErrorMetrics model, lastValue, historicalAverage;
    /// Its forecast intervals: level (0.9; 0 without), the share of the targets inside, their
    /// mean half-width.
    double intervalLevel = 0, intervalCoverage = 0, intervalMeanHalfWidth = 0;
    /// The levels of the intervals it keeps beside these, of the same weights and data (himnet
    /// evaluate --store --interval-level 95, or the app's Band), from the lowest.
    std::vector<double> otherIntervalLevels;
    /// "MAE 3.96 mph (last value 4.39, historical average 4.65) on the test split,
    /// 2012-03-06 12:50 to 2012-03-07 23:55, 399 windows", then, with intervals, "; 90 %
    /// intervals held 88.2 % of its targets (± 5.12 mph on average)", and "; 95 % and 99 %
    /// intervals kept too".
    std::string describe() const;
};

struct ModelFileSummary {
    std::string path;
    std::string format;   ///< "himnet-studio-checkpoint" or "pytorch-state-dict"
    /// A checkpoint whose seal held when it was read: every byte as written. False for a
    /// checkpoint of an earlier version (or a copy an HDF5 tool rewrote), whose changes since
    /// cannot be told, and for a state dict (its members' CRCs are checked on reading).
    bool sealed = false;
    HimNetConfig config;  ///< stored (checkpoint) or inferred from shapes (state dict)
    int64_t parameterCount = 0;
    std::vector<TensorSummary> tensors;
    std::string datasetName;  ///< empty when unknown
    std::string valueColumn;  ///< the long table's column it was trained on; empty for other formats
    std::string aggregation;  ///< "mean" or "sum": how finer readings were combined into the steps it was trained on; empty when not
    std::vector<std::string> laneTypes; ///< the lane types of the PeMS stations it was trained on; empty when all, or other data
    /// The first and last step of the series it was trained on, "2015-01-11 00:00:00"; empty
    /// for state dicts and older checkpoints.
    std::string dataFrom, dataTo;
    int64_t epochsTrained = 0;
    double bestValidationLoss = 0; ///< 0 when no history
    int64_t bestEpoch = 0;         ///< the epoch of bestValidationLoss, whose weights a checkpoint holds; 0 when no history
    /// Holds a training state a training can continue from (himnet train --resume).
    bool resumable = false;
    /// Batches of the unfinished epoch epochsTrained + 1 already trained (a stop part-way).
    int64_t batchesIntoEpoch = 0;
    std::vector<EpochRecord> history; ///< one record per finished epoch (checkpoints)
    std::optional<SplitSummary> split; ///< how its training split the data; absent without a training record
    std::optional<KeptMetrics> metrics; ///< absent in checkpoints never evaluated (or kept unreadably)
    /// The reference state dict a checkpoint was imported from (himnet import); empty when
    /// trained here.
    std::string importedFrom;
    /// The model file a training here started from instead of its seed's weights (fine-tuning),
    /// and their validation loss; when no epoch beat it, the checkpoint holds those weights
    /// still, and bestEpoch is 0.
    std::string startedFrom;
    std::optional<double> startingValLoss;
    /// The days its training read as another day of week (holidays as Sundays); empty when none.
    HolidayCalendar holidays;
    /// How its training read days of week it never saw (TrainingOptions::temporalContext, Auto
    /// as asked); absent without a training record. A fine-tuning left to Auto takes it.
    std::optional<TemporalContext> temporalContext;
};

/// Reads a HimNet Studio checkpoint (.h5) or a reference state dict (.pt) and describes it.
/// Throws InputError naming the file when it is neither, or does not fit a HimNet.
ModelFileSummary inspectModelFile(const std::string& path);

/// True for a file that holds a model rather than data: an HDF5 file marked as a HimNet Studio
/// checkpoint, or a reference state dict (.pt, .pth). Never throws: a file that cannot be read is
/// not a model.
bool isModelFile(const std::string& path);
/// True for a file named .pt or .pth that is not HDF5: what torch.save writes, a model of the
/// reference implementation (himnet import makes a checkpoint of it). Never throws.
bool isReferenceStateDict(const std::string& path);

/// The summary as one JSON object (config, parameter_count, tensors[{name, shape, dtype}],
/// and for checkpoints their history and split: {file, train_ratio, val_ratio} or {file,
/// windows: {train, val, test}}; imported_from for an imported model; started_from and starting_val_loss for a
/// fine-tuned one; and metrics: {split, windows, from, to, unit, mae, rmse, mape,
/// last_value: {mae, rmse, mape}, historical_average: {…}, intervals: {level, coverage,
/// mean_half_width, other_levels: [0.95]}} when it keeps them).
std::string toJson(const ModelFileSummary& summary);

/// A training history as a JSON array, one object per epoch: epoch, train_loss, val_loss,
/// lr, seconds, and zones {k, ari, nmi} where the data's zones are known.
std::string toJson(const std::vector<EpochRecord>& history);

} // namespace himnet
