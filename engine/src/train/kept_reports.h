#pragma once
// Evaluation reports kept outside the model files: a folder of them, one HDF5 file per
// fingerprint (<fingerprint>.h5: attributes fingerprint and json, and the datasets of the sums
// per sensor and hour, as a checkpoint's /evaluation holds them). The app keeps there the
// reports of model files it was given and does not write to (keepReport), so that opening one
// again on the same data gives the report back instead of measuring it again.
#include "train/checkpoint.h"

#include <optional>
#include <string>

namespace himnet {

/// The report kept in `folder` under `fingerprint`; nothing when there is none, or it cannot be
/// read back (it is then measured again and kept anew).
std::optional<StoredEvaluation> keptReportFor(const std::string& folder, const std::string& fingerprint);

/// Where keepReport keeps the report of `fingerprint` in `folder`.
std::string keptReportPath(const std::string& folder, const std::string& fingerprint);

} // namespace himnet
