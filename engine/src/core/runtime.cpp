#include "core/device.h"
#include "himnet/errors.h"

#include <algorithm>
#include <cctype>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__unix__)
#include <dlfcn.h>
#endif

namespace himnet {

DeviceKind parseDeviceKind(const std::string& text)
{
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "auto") return DeviceKind::Auto;
    if (lower == "cpu") return DeviceKind::Cpu;
    if (lower == "cuda" || lower == "gpu") return DeviceKind::Cuda;
    throw InputError("unknown device '" + text + "': expected auto, cpu or cuda");
}

int configureThreads(int threads)
{
    if (threads < 0) throw InputError("thread count must be 0 (all cores) or positive, got " + std::to_string(threads));
    int wanted = threads;
    if (wanted == 0) wanted = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(wanted);
    return torch::get_num_threads();
}

void configureAllocator()
{
#if defined(__GLIBC__)
    // Large blocks come from the heap rather than from mmap: glibc unmaps those on free, so
    // every batch would fault its activations in again. Free memory at the top of the heap
    // is returned only beyond 1 GiB; releaseFreeMemory() returns the rest. The tests, whose
    // QTEST_MAIN cannot call this, get the same two settings through GLIBC_TUNABLES in
    // tests/CMakeLists.txt (HIMNET_TEST_MALLOC): change both together.
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
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

std::string blasSummary()
{
#if defined(__unix__)
    // Looked up rather than linked: LibTorch reaches whichever libblas the system provides.
    using NameFunction = char* (*)();
    const auto config = reinterpret_cast<NameFunction>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
    const auto core = reinterpret_cast<NameFunction>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    if (config && core) {
        std::string version = config();
        version = version.substr(0, version.find(' ', version.find(' ') + 1)); // "OpenBLAS 0.3.21"
        return version + ", " + core() + " kernels";
    }
#endif
    return "BLAS other than OpenBLAS";
}

std::string runtimeSummary()
{
    return "LibTorch " + std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "."
        + std::to_string(TORCH_VERSION_PATCH) + ", " + std::to_string(torch::get_num_threads()) + " CPU threads, "
        + blasSummary() + ", "
        + (torch::cuda::is_available() ? std::to_string(torch::cuda::device_count()) + " CUDA device(s)"
                                       : std::string("no CUDA device"));
}

} // namespace himnet
