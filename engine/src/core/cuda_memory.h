#pragma once
#include <torch/torch.h>

namespace himnet {

/// True when this build reads the CUDA caching allocator's statistics (a LibTorch with CUDA).
bool cudaMemoryStatsAvailable();

/// Starts a new peak for `device`'s allocator; does nothing on the CPU or without CUDA.
void resetCudaPeakMemory(const torch::Device& device);

/// The most memory `device`'s allocator handed out since the last reset, in MiB: the
/// tensors alive at the peak, parameters and optimizer state included, not the cache
/// around them. 0 on the CPU or without CUDA.
double cudaPeakAllocatedMiB(const torch::Device& device);

} // namespace himnet
