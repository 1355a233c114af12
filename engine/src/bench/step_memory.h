#pragma once
// The memory one training step adds, as himnet bench and bench_memory measure it.
#include <torch/torch.h>

#include <functional>

namespace himnet {

/// Memory over one training step from a clean start, in MiB: `trainStep` runs once to
/// allocate gradients and optimizer state, the allocator hands back the blocks it keeps for
/// reuse (configureAllocator), and the second run's peak is what it adds: RSS growth on the
/// CPU, the caching allocator's peak on a GPU.
double stepPeakMemoryMiB(const std::function<void()>& trainStep, const torch::Device& device);

} // namespace himnet
