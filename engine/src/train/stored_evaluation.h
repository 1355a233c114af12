#pragma once
// An evaluation kept in the checkpoint (its /evaluation group), whole, with a fingerprint of
// what it measured: the weights, the scaler and temporal context they were trained with, every
// reading of the data and its time axis, the split's windows and those of the training period
// the historical average comes from, and the version of the evaluation itself. Opening the
// model again on the same data gives the stored report back instead of running the model over
// the whole test period again (minutes for METR-LA on a laptop); any difference is a new
// fingerprint, and the evaluation runs.
#include "core/content_hash.h"
#include "himnet/evaluation.h"
#include "train/checkpoint.h"
#include "train/trained_model.h"

#include <optional>
#include <vector>

namespace H5 {
class Group;
}

namespace himnet {

class EvaluationFingerprints {
public:
    EvaluationFingerprints(const ContentHash& measured, Split split, double intervalLevel);
    std::string ofLevel;    ///< with the forecast intervals of the level asked for
    std::string usualLevel; ///< the same with intervals of the usual level
    /// The same with intervals of `level` (of a test split; a validation report has none).
    std::string atLevel(double level) const;

private:
    ContentHash m_measured; ///< of everything but the level
    Split m_split;
};

/// The fingerprints of evaluating `trained` on `split` of `windows` (windowsFor(trained, …)),
/// with forecast intervals of `intervalLevel` on the test split.
EvaluationFingerprints evaluationFingerprints(const TrainedModel& trained, const WindowedData& windows, Split split,
                                              double intervalLevel = kIntervalLevel);

/// `report` as the checkpoint keeps it, with report.fingerprint.
StoredEvaluation storedEvaluationOf(const EvaluationReport& report);

/// `stored` written into `group` as a checkpoint's /evaluation and a kept report's file hold
/// it: attributes fingerprint and json, a dataset per tensor of its sums. With `sharing` (a
/// report of the same weights and data at another level, written beside it), the tensors equal
/// to its own of the same name are not written again: attribute shared_datasets names them
/// (the error sums, which only the intervals' coverage differs from, most of a report's size).
void writeStoredEvaluation(H5::Group& group, const StoredEvaluation& stored, const StoredEvaluation* sharing = nullptr);
/// What writeStoredEvaluation wrote into `group`, the tensors it shares taken from `sharing`
/// (left out when it has none of the same weights and data: reportOf then says what is
/// missing); InputError naming `path` when an attribute or dataset cannot be read.
StoredEvaluation readStoredEvaluation(const H5::Group& group, const std::string& path, const StoredEvaluation* sharing = nullptr);

/// The reports of one model on one data and split, one per interval level, written under
/// `parent` as a checkpoint and a kept report's file hold them: group evaluation (`described`,
/// the one /metrics describes) and evaluation_levels/<percent> (`otherLevels`, attribute order
/// their order, sharing their sums with `described`).
void writeStoredEvaluations(H5::Group& parent, const std::optional<StoredEvaluation>& described,
                            const std::vector<StoredEvaluation>& otherLevels);
/// What writeStoredEvaluations wrote under `parent`; InputError naming `path` as
/// readStoredEvaluation.
void readStoredEvaluations(const H5::Group& parent, const std::string& path, std::optional<StoredEvaluation>& described,
                           std::vector<StoredEvaluation>& otherLevels);

/// Keeps `stored` beside the reports kept of the same weights, data and split at other interval
/// levels, in place of any of its own level; those of other weights or data go. `described`
/// gets the report of the usual level when there is one, else `stored`; at most `maxOtherLevels`
/// others stay, the most recently stored.
void keepStoredEvaluation(std::optional<StoredEvaluation>& described, std::vector<StoredEvaluation>& otherLevels, StoredEvaluation stored,
                          size_t maxOtherLevels = 8);
/// The same in `checkpoint`: /evaluation is `described`.
void keepStoredEvaluation(Checkpoint& checkpoint, StoredEvaluation stored, size_t otherLevels = 8);
/// The report of `fingerprint` among those kept, or null.
const StoredEvaluation* storedEvaluationWith(const std::optional<StoredEvaluation>& described,
                                             const std::vector<StoredEvaluation>& otherLevels, const std::string& fingerprint);
/// The report `checkpoint` keeps with `fingerprint`, or null.
const StoredEvaluation* storedEvaluationWith(const Checkpoint& checkpoint, const std::string& fingerprint);
/// The report kept with intervals of `level` (0: `described`), or null.
const StoredEvaluation* storedEvaluationAtLevel(const std::optional<StoredEvaluation>& described,
                                                const std::vector<StoredEvaluation>& otherLevels, double level);
/// The report `checkpoint` keeps with intervals of `level` (0: its /evaluation), or null.
const StoredEvaluation* storedEvaluationAtLevel(const Checkpoint& checkpoint, double level);

/// The report kept as `stored`; InputError naming `path` when it cannot be read back whole
/// (damaged, or written by a later version in a form this one does not know).
EvaluationReport reportOf(const StoredEvaluation& stored, const std::string& path);
/// reportOf a report the checkpoint at `checkpointPath` keeps, marked as read from it.
EvaluationReport checkpointReport(const StoredEvaluation& stored, const std::string& checkpointPath);

} // namespace himnet
