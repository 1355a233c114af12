#pragma once
// Evaluation reports kept outside the model files: a folder of them, one sealed HDF5 file per
// model and data (<usual-level fingerprint>.h5), holding its reports at each interval level as
// a checkpoint does (/evaluation and /evaluation_levels, writeStoredEvaluations). The app keeps
// there the reports of model files it was given and does not write to (keepReport), so that
// opening one again on the same data, or switching the Band, gives the report back instead of
// measuring it again.
#include "train/checkpoint.h"

#include <optional>
#include <string>

namespace himnet {

/// The report of `fingerprint` kept in `folder` among those of the weights, data and split of
/// `usualLevelFingerprint` (EvaluationFingerprints); nothing when there is none, or the file
/// cannot be read back (it is then measured again and kept anew).
std::optional<StoredEvaluation> keptReportFor(const std::string& folder, const std::string& usualLevelFingerprint,
                                              const std::string& fingerprint);

/// Where keepReport keeps the reports of the weights, data and split of `usualLevelFingerprint`
/// in `folder`.
std::string keptReportPath(const std::string& folder, const std::string& usualLevelFingerprint);

} // namespace himnet
