#include "core/blas_kernels.h"
#include "core/text.h"
#include "himnet/runtime.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <vector>

#if defined(__unix__)
#include <dlfcn.h>
#include <unistd.h>
#endif

namespace himnet {
namespace {

// Marks a process that restartWithFastBlasKernels() restarted: the kernels OpenBLAS had
// picked on its own, for blasSummary() to say so.
constexpr const char* kFallbackVariable = "HIMNET_OPENBLAS_FALLBACK";

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

void restartWithFastBlasKernels()
{
#if defined(__linux__)
    if (std::getenv("OPENBLAS_CORETYPE")) return; // chosen by the user, or by this function before the restart
    const std::string picked = loadedOpenBlasCore();
    const std::string better = betterOpenBlasCoreType(picked, detectCpuVectorUnits());
    if (better.empty()) return;
    std::ifstream commandLine("/proc/self/cmdline", std::ios::binary); // arguments, each ended by '\0'
    std::vector<std::string> arguments;
    for (std::string argument; std::getline(commandLine, argument, '\0');) arguments.push_back(argument);
    if (arguments.empty()) return;
    std::vector<char*> argv;
    for (std::string& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    setenv("OPENBLAS_CORETYPE", better.c_str(), 1);
    setenv(kFallbackVariable, picked.c_str(), 1);
    execv("/proc/self/exe", argv.data());
    unsetenv("OPENBLAS_CORETYPE"); // no restart: go on with the kernels we have
    unsetenv(kFallbackVariable);
#endif
}

std::string blasSummary()
{
    const std::string config = openBlasString("openblas_get_config"), core = loadedOpenBlasCore();
    if (config.empty() || core.empty()) return "BLAS other than OpenBLAS";
    const std::string version = config.substr(0, config.find(' ', config.find(' ') + 1)); // "OpenBLAS 0.3.21"
    std::string summary = version + ", " + core + " kernels";
    const char* fallback = std::getenv(kFallbackVariable);
    if (fallback && lowerCase(fallback) != lowerCase(core)) // a build without DYNAMIC_ARCH keeps its one set
        summary += std::string(" (it picked ") + fallback + " for this CPU, which it does not know)";
    return summary;
}

} // namespace himnet
