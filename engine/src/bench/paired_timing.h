#pragma once
// Timing two formulations fairly on a machine whose speed drifts (a VM's other tenants,
// frequency changes): run them in alternation, one run of each per repetition, and compare
// them run by run. A slow minute then weighs on both, where timing one formulation after
// the other would charge it to whichever ran in it.
#include <cstdint>
#include <functional>
#include <vector>

namespace himnet {

/// Untimed runs of each job before its timed series (the benchmark's memory measurement has
/// already run two training steps of each formulation).
constexpr int kWarmUpRuns = 1;

/// The middle value; the mean of the two middle values for an even count; 0 for none.
double median(std::vector<double> values);

/// The median of slower[i] / faster[i] over the pairs: how many times faster `faster` ran,
/// judged run by run. Both must have the same, non-zero length.
double medianRatio(const std::vector<double>& slower, const std::vector<double>& faster);

/// Milliseconds of each timed run, per contender.
struct AlternatingTimes {
    std::vector<double> first, second;
};

/// Runs `first` and `second` (skipped when empty) `warmUp` times each untimed, then
/// `repetitions` times each, alternating and swapping which goes first at every repetition
/// (so that neither always runs on caches the other has just left). `finish` runs after
/// every call, inside its time (a GPU synchronisation).
AlternatingTimes timeAlternately(const std::function<void()>& first, const std::function<void()>& second,
                                 int64_t warmUp, int64_t repetitions, const std::function<void()>& finish = {});

} // namespace himnet
