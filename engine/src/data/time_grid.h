#pragma once
// A series read with timestamps, put on a regular time axis: rows in time order, and the steps
// the file leaves out added as missing readings. Exports from traffic databases skip the times
// when nothing was recorded (an outage, a server down for the night); HimNet needs every step.
#include "data/series_readers.h"

#include <optional>
#include <string>

namespace himnet {

/// `interval`: the step to use; without one, the most common gap between consecutive
/// timestamps. An interval that is a multiple of that gap (5 min for 1-minute readings)
/// combines each sensor's readings per step by `aggregation`, leaving out those equal to
/// `missingValue` (a sum counts them at the mean of the step's others), and sets
/// `s.aggregation`; steps start at multiples of the interval (08:00 holds 08:00 to 08:04).
/// Throws InputError naming
/// `path` for a repeated timestamp, a timestamp off the grid, or a grid that the file leaves
/// mostly empty (more steps absent than present: a mistyped year, or the wrong interval). Says
/// what it changed in `s.notes`.
void placeOnRegularGrid(SeriesData& s, const std::string& path, std::optional<int64_t> interval, Aggregation aggregation,
                        float missingValue);

/// How a unit per step names the step ("veh/" + it): "min", "h" and "day" alone, other steps
/// as formatInterval writes them ("5 min").
std::string unitStep(int64_t seconds);

} // namespace himnet
