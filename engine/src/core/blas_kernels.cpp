#include "core/blas_kernels.h"
#include "core/runtime_environment.h"
#include "core/text.h"
#include "himnet/runtime.h"

#include <algorithm>
#include <array>
#include <cstdlib>

#if defined(__unix__)
#include <dlfcn.h>
#endif

namespace himnet {
namespace {

// What OpenBLAS's function `symbol` returns (its configuration or kernel name), or "" when the
// BLAS is not OpenBLAS. Looked up rather than linked: LibTorch reaches whichever libblas the
// system provides.
std::string openBlasString(const char* symbol)
{
#if defined(__unix__)
    using NameFunction = char* (*)();
    if (const auto function = reinterpret_cast<NameFunction>(dlsym(RTLD_DEFAULT, symbol))) return function();
#endif
    return {};
}

} // namespace

CpuVectorUnits detectCpuVectorUnits()
{
    CpuVectorUnits units;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    // __builtin_cpu_supports also checks that the operating system saves the wider registers.
    __builtin_cpu_init();
    units.avx2Fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    units.avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd")
        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#endif
    return units;
}

std::string betterOpenBlasCoreType(const std::string& pickedCore, CpuVectorUnits units)
{
    // OpenBLAS's x86-64 kernels from AVX2 on; anything else it picks (Prescott, Core2,
    // Nehalem, Sandybridge, Barcelona, ...) leaves AVX2's FMA units idle.
    static const std::array<const char*, 5> kModern = {"haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"};
    const std::string picked = lowerCase(pickedCore);
    if (picked.empty() || std::find(kModern.begin(), kModern.end(), picked) != kModern.end()) return {};
    if (units.avx512) return "SkylakeX";
    if (units.avx2Fma) return "Haswell";
    return {};
}

std::string loadedOpenBlasCore() { return openBlasString("openblas_get_corename"); }

std::string blasSummary()
{
    const std::string config = openBlasString("openblas_get_config"), core = loadedOpenBlasCore();
    if (config.empty() || core.empty()) return "BLAS other than OpenBLAS";
    const std::string version = config.substr(0, config.find(' ', config.find(' ') + 1)); // "OpenBLAS 0.3.21"
    std::string summary = version + ", " + core + " kernels";
    const char* fallback = std::getenv(kOpenBlasFallbackVariable);
    if (fallback && lowerCase(fallback) != lowerCase(core)) // a build without DYNAMIC_ARCH keeps its one set
        summary += std::string(" (it picked ") + fallback + " for this CPU, which it does not know)";
    return summary;
}

} // namespace himnet
