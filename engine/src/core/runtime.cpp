#include "core/cuda_support.h"
#include "core/device.h"
#include "core/runtime_environment.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#endif

namespace himnet {

namespace {

// AMX-BF16 (CPUID leaf 7, subleaf 0, EDX bit 22): the tile units oneDNN, inside LibTorch,
// multiplies bfloat16 with several times faster than float32 (the decoder's gate GEMM 6.5
// against 22.7 ms, session 7). AVX512-BF16 alone does not pay: the same GEMM took 12.6–12.9 ms
// in bfloat16 against 8.6–10.6 ms in float32 on session 8's Emerald Rapids VM, whose AMX the
// hypervisor hides, and a whole training step was no faster.
bool cpuHasAmxBFloat16()
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid_max(0, nullptr) < 7) return false;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (edx >> 22) & 1u;
#else
    return false;
#endif
}

} // namespace

DeviceKind parseDeviceKind(const std::string& text)
{
    const std::string lower = lowerCase(text);
    if (lower == "auto") return DeviceKind::Auto;
    if (lower == "cpu") return DeviceKind::Cpu;
    if (lower == "cuda" || lower == "gpu") return DeviceKind::Cuda;
    throw InputError("unknown device '" + text + "': expected auto, cpu or cuda");
}

Precision parsePrecision(const std::string& text)
{
    const std::string lower = lowerCase(text);
    if (lower == "float32" || lower == "fp32") return Precision::Float32;
    if (lower == "bfloat16" || lower == "bf16") return Precision::BFloat16;
    throw InputError("unknown precision '" + text + "': expected float32 or bfloat16");
}

std::string toString(Precision precision) { return precision == Precision::BFloat16 ? "bfloat16" : "float32"; }

bool hasFastBFloat16(DeviceKind kind)
{
    const torch::Device device = resolveDevice(kind);
    return device.is_cuda() ? cudaHasNativeBFloat16(device) : cpuHasAmxBFloat16();
}

int configureThreads(int threads)
{
    if (threads < 0) throw InputError("thread count must be 0 (all cores) or positive, got " + std::to_string(threads));
    int wanted = threads;
    if (wanted == 0) wanted = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(wanted);
    return torch::get_num_threads();
}

int engineLoopThreads()
{
    std::atomic<uint64_t> seen{0}; // one bit per thread that ran part of the loop
    at::parallel_for(0, 64, 1, [&](int64_t, int64_t) { seen |= uint64_t{1} << std::min(at::get_thread_num(), 63); });
    return __builtin_popcountll(seen.load());
}

void configureAllocator()
{
#if defined(__GLIBC__)
    // Large blocks come from the heap rather than from mmap: glibc unmaps those on free, so
    // every batch would fault its activations in again. Free memory at the top of the heap
    // is returned only beyond 1 GiB; releaseFreeMemory() returns the rest. The tests call
    // this before main() (tests/support/test_startup.cpp).
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    // One arena for every thread: a thread's own arena lives in heaps of at most 64 MiB and maps
    // anything larger afresh on each allocation, M_MMAP_MAX or not, and unmaps it on free. Our
    // threads allocate large tensors (the app's engine thread) or rarely (OpenMP workers,
    // the readers' block parsers: a 40 MB CSV reads as fast with one arena as with several).
    mallopt(M_ARENA_MAX, 1);
#endif
}

void releaseFreeMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

bool cudaAvailable() { return torch::cuda::is_available(); }

torch::Device resolveDevice(DeviceKind kind)
{
    switch (kind) {
    case DeviceKind::Cpu: return torch::Device(torch::kCPU);
    case DeviceKind::Cuda:
        if (!torch::cuda::is_available())
            throw InputError("CUDA was requested but this LibTorch build sees no GPU (use --device cpu or auto)");
        return torch::Device(torch::kCUDA, 0);
    case DeviceKind::Auto: break;
    }
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

std::string resolvedDeviceName(DeviceKind kind) { return resolveDevice(kind).str(); }

std::string versionString() { return HIMNET_VERSION; }

namespace {

std::string libTorchVersion()
{
    return "LibTorch " + std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "."
        + std::to_string(TORCH_VERSION_PATCH);
}

std::string threadsSummary() { return std::to_string(torch::get_num_threads()) + " CPU threads"; }

std::string devicesSummary()
{
    return torch::cuda::is_available() ? std::to_string(torch::cuda::device_count()) + " CUDA device(s)"
                                       : std::string("no CUDA device");
}

} // namespace

std::string runtimeSummary()
{
    const std::string waits = openMpWaitSummary();
    return libTorchVersion() + ", " + threadsSummary() + ", " + blasSummary()
        + (cpuHasAmxBFloat16() ? " (CPU with AMX for bfloat16)" : "") + ", " + (waits.empty() ? "" : waits + ", ")
        + devicesSummary();
}

std::string runtimeBrief() { return libTorchVersion() + ", " + threadsSummary() + ", " + devicesSummary(); }

} // namespace himnet
