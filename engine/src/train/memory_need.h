#pragma once
// How much memory a training step takes at the least, and a refusal, before the first step,
// of a training that cannot fit: otherwise the step asks for more than the machine has, and
// Linux ends the process (the app with it) without a word.
#include "himnet/himnet_config.h"

#include <cstdint>
#include <string>

namespace himnet {

/// The least memory one training step of `batch` windows takes: what autograd must keep of
/// every recurrent step of the three stacks (the Chebyshev terms of both graph convolutions,
/// the gates, the states), the decoder's graph of each window, and the parameters with their
/// gradients and Adam's two moments. A lower bound: per window, a step's peak RSS grew by 2.0
/// to 4.3 times it on the CPU (tests/bench/bench_memory, seven networks), with temporaries
/// and the blocks the allocator keeps for reuse.
struct TrainingMemory {
    /// Above the most that bench_memory measured per window, against perWindowBytes.
    static constexpr double kLikelyRatio = 4.5;

    // Bytes in double: a batch times a network's per-window bytes may pass int64_t's range.
    double fixedBytes = 0;     ///< parameters, gradients, Adam's moments
    double perWindowBytes = 0; ///< what each window of a batch adds, at the least
    double leastBytes(int64_t batch) const { return fixedBytes + double(batch) * perWindowBytes; }
    /// What a step takes at most, by the bench's measurements: kLikelyRatio times the least
    /// per window, and 1 GiB of blocks the allocator keeps.
    double likelyMostBytes(int64_t batch) const;
    /// The largest batch whose likelyMostBytes fits `availableBytes`; 0 when none does.
    int64_t largestBatchWithin(int64_t availableBytes) const;
};

TrainingMemory trainingMemoryOf(const HimNetConfig& config);

/// Throws InputError when a training step of `batch` windows needs at least more than
/// `availableBytes` (on `where`, "this machine" or "GPU cuda:0"): the message says how much, what
/// there is, and the batch size that fits. Returns a note when the step fits its least but
/// probably not its likely most (the training may run out of memory), else an empty string.
std::string requireTrainingFits(const HimNetConfig& config, int64_t batch, int64_t availableBytes, const std::string& where);

} // namespace himnet
