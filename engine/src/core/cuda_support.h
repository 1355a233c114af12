#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <optional>

// What this build can ask of a CUDA device. Without CUDA in the LibTorch build, every answer
// is "nothing" and nothing here needs the CUDA headers.
namespace himnet {

/// True when this build reads the CUDA caching allocator's statistics (a LibTorch with CUDA).
bool cudaMemoryStatsAvailable();

/// Starts a new peak for `device`'s allocator; does nothing on the CPU or without CUDA.
void resetCudaPeakMemory(const torch::Device& device);

/// The most memory `device`'s allocator handed out since the last reset, in MiB: the
/// tensors alive at the peak, parameters and optimizer state included, not the cache
/// around them. 0 on the CPU or without CUDA.
double cudaPeakAllocatedMiB(const torch::Device& device);

/// Free memory of GPU `device` in bytes, as the CUDA runtime counts it, and the
/// blocks LibTorch's caching allocator holds unused; empty on the CPU or without CUDA.
std::optional<int64_t> cudaFreeBytes(const torch::Device& device);

/// True when `device` is a GPU with bfloat16 tensor cores (compute capability 8.0, Ampere, or later).
bool cudaHasNativeBFloat16(const torch::Device& device);

} // namespace himnet
