#pragma once
// The same network with its sensors listed in another order (another export of it, sorted
// otherwise): what a training resumes on, in the order it started with.
#include "himnet/dataset.h"

#include <optional>
#include <string>
#include <vector>

namespace himnet {

/// `data` with its sensors in the order of `ids`: their readings, ids, locations and zones
/// follow them, and the road graph's edges name them by their new positions. Nothing when
/// `ids` does not list each of `data`'s sensors exactly once.
std::optional<Dataset> withSensorsInOrder(const Dataset& data, const std::vector<std::string>& ids);

} // namespace himnet
