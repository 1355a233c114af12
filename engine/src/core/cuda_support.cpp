#include "core/cuda_support.h"

#include <algorithm>

#if defined(HIMNET_WITH_CUDA)
#include <c10/cuda/CUDACachingAllocator.h>
#include <cuda_runtime_api.h> // what c10/cuda already needs; ATen/cuda would add cuBLAS's headers
#endif

namespace himnet {

#if defined(HIMNET_WITH_CUDA)

namespace allocator = c10::cuda::CUDACachingAllocator;

namespace {
c10::DeviceIndex indexOf(const torch::Device& device) { return device.has_index() ? device.index() : 0; }
} // namespace

bool cudaMemoryStatsAvailable() { return true; }

void resetCudaPeakMemory(const torch::Device& device)
{
    if (!device.is_cuda()) return;
    torch::cuda::synchronize();
    allocator::resetPeakStats(indexOf(device));
}

double cudaPeakAllocatedMiB(const torch::Device& device)
{
    if (!device.is_cuda()) return 0;
    torch::cuda::synchronize();
    const auto stats = allocator::getDeviceStats(indexOf(device));
    // Index 0 is StatType::AGGREGATE (small and large pools together) in every LibTorch 2.x;
    // the enum itself moved namespace in 2.5.
    return static_cast<double>(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0);
}

std::optional<int64_t> cudaFreeBytes(const torch::Device& device)
{
    if (!device.is_cuda()) return std::nullopt;
    int previous = 0;
    if (cudaGetDevice(&previous) != cudaSuccess) return std::nullopt;
    size_t freeBytes = 0, totalBytes = 0;
    const bool known = cudaSetDevice(indexOf(device)) == cudaSuccess && cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess;
    cudaSetDevice(previous);
    if (!known) return std::nullopt;
    // Blocks the caching allocator holds but no tensor uses are ours to reuse.
    const auto stats = allocator::getDeviceStats(indexOf(device));
    return static_cast<int64_t>(freeBytes) + std::max<int64_t>(0, stats.reserved_bytes[0].current - stats.allocated_bytes[0].current);
}

bool cudaHasNativeBFloat16(const torch::Device& device)
{
    int major = 0;
    return device.is_cuda()
        && cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, indexOf(device)) == cudaSuccess && major >= 8;
}

#else

bool cudaMemoryStatsAvailable() { return false; }
void resetCudaPeakMemory(const torch::Device&) {}
double cudaPeakAllocatedMiB(const torch::Device&) { return 0; }
std::optional<int64_t> cudaFreeBytes(const torch::Device&) { return std::nullopt; }
bool cudaHasNativeBFloat16(const torch::Device&) { return false; }

#endif

} // namespace himnet
