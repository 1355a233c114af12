#pragma once
// The HDF5 checkpoint of ARCHITECTURE.md ("Files on disk"), readable with h5py:
//   attributes  format = "himnet-studio-checkpoint", format_version, config (JSON)
//   /params/<state-dict name>
//   /scaler     attributes mean, std
//   /dataset    attributes name, steps_per_day, value_column and aggregation (when set); dataset sensor_ids
//   /history    datasets epoch, train_loss, val_loss, lr, seconds
//   /optimizer  Adam moments of the latest epoch; attribute state (JSON)
//   /resume     the latest epoch's weights (params holds the best ones)
//   /start      the node, time-of-day and day-of-week embeddings the training began with (seeded
//               or a fine-tuning's starting model), under their state-dict names, for the views
//               of how far training moved them; absent in imported models and older files
//   /training   attribute json: options, temporal context, epoch, batches seen, RNG state
//   /split      datasets train, val, test (window starts), attributes in_steps, out_steps: the
//               windows of the split file training used, so that the checkpoint no longer needs it
//   /metrics    attribute json
//   /evaluation attributes fingerprint, usual_level_fingerprint, interval_level, json; datasets
//               of its sums per sensor and hour: the whole report /metrics describes (of the usual
//               90 % intervals when one was measured), and of which weights and data (see
//               train/stored_evaluation.h), so that opening the model again need not repeat it
//   /evaluation_levels/<percent>  the same of the same weights and data at other interval
//               levels (95, 97.5), so that switching the band's level is instant the second time
// Written to a temporary file beside the target, flushed to disk, then renamed: a crash
// leaves either the old checkpoint or the new one, never a torn file.
#include "himnet/dataset.h"
#include "himnet/training.h"
#include "data/series_readers.h"
#include "io/checkpoint_format.h"
#include "train/state_dict.h"

#include <optional>

namespace himnet {

struct ScalerState {
    double mean = 0;
    double std = 1;
};

struct DatasetStamp {
    std::string name;
    std::vector<std::string> sensorIds;
    int64_t stepsPerDay = 0;
    std::string valueColumn; ///< the long table's column trained on; empty for other formats and older checkpoints
    /// How finer readings were combined into the steps trained on (Dataset::aggregation); empty
    /// when they were the file's own, and in older checkpoints.
    std::optional<Aggregation> aggregation;
    /// The lane types of the PeMS stations trained on (Dataset::laneTypes); empty when all, or
    /// for other data.
    std::vector<std::string> laneTypes;
    /// The first and last step of the series it was trained on (UTC seconds), to which its
    /// split belongs; unset in checkpoints written before they were kept.
    std::optional<int64_t> firstTime;
    std::optional<int64_t> lastTime;
};

/// The stamp of the data a model is trained on (or imported for).
DatasetStamp datasetStampOf(const Dataset& data);

/// An evaluation report as the checkpoint keeps it; train/stored_evaluation.h reads and writes it.
struct StoredEvaluation {
    std::string fingerprint; ///< of the weights, data and split measured, and the intervals' level
    /// What fingerprint would be with intervals of the usual level: reports that share it differ
    /// only in their intervals' level. Empty when unknown (reports of other levels stored by
    /// version 0.2.0).
    std::string usualLevelFingerprint;
    double intervalLevel = 0; ///< of its forecast intervals; 0 without (a validation report)
    std::string json;        ///< the report but for its sums per sensor and hour
    NamedTensors tensors;    ///< those sums
};

struct Checkpoint {
    HimNetConfig config;
    NamedTensors params;
    std::optional<ScalerState> scaler;
    std::optional<DatasetStamp> dataset;
    std::vector<EpochRecord> history;
    NamedTensors optimizerTensors;
    std::string optimizerState; ///< JSON, empty when absent
    NamedTensors resumeParams;  ///< latest weights, for --resume; empty when absent
    NamedTensors start;         ///< /start: the embeddings training began with; empty when absent
    std::string training;       ///< JSON, empty when absent
    /// The windows of the split file training used (TrainingOptions::splitFile); absent when it
    /// split by time, and in checkpoints written before they were kept.
    std::optional<SplitIndex> split;
    std::string metrics;        ///< JSON, empty when absent
    std::optional<StoredEvaluation> evaluation; ///< absent in checkpoints never evaluated, and older ones
    /// Reports of the same weights, data and split as `evaluation`, at other interval levels
    /// (keepStoredEvaluation), the oldest first.
    std::vector<StoredEvaluation> otherLevelEvaluations;
};

/// Writes `checkpoint` to `path` atomically (temporary file + rename). Throws RuntimeFailure
/// naming the path when the disk refuses.
void writeCheckpoint(const std::string& path, const Checkpoint& checkpoint);

/// Reads a checkpoint written by writeCheckpoint. Throws InputError naming `path` when it is
/// missing, not HDF5, truncated, of another format or version, or internally inconsistent.
Checkpoint readCheckpoint(const std::string& path);

/// Only the evaluations readCheckpoint would give as `evaluation` and `otherLevelEvaluations`,
/// without reading the weights; InputError as readCheckpoint.
void readCheckpointEvaluations(const std::string& path, std::optional<StoredEvaluation>& evaluation,
                               std::vector<StoredEvaluation>& otherLevelEvaluations);

/// True when the file at `path` starts with the HDF5 signature, or holds it after a user block
/// of 512 bytes (a seal's, io/hdf5_seal.h).
bool looksLikeHdf5(const std::string& path);

} // namespace himnet
