#include "core/runtime_environment.h"
#include "himnet/runtime.h"

#include <cstdlib>
#include <fstream>

#if defined(__unix__)
#include <dlfcn.h>
#include <unistd.h>
#endif

namespace himnet {
namespace {

// A function, not a std::function object: the restart runs from static initialisers too
// (tests/support/test_startup.cpp), possibly before this file's objects are constructed.
const char* processEnvironment(const char* name) { return std::getenv(name); }

bool isSet(const EnvironmentLookup& lookup, const char* name)
{
    const char* value = lookup(name);
    return value && *value;
}

// libgomp, the OpenMP runtime of GCC builds (Debian's LibTorch and OpenBLAS, and the one
// python3's torch bundles), is loaded when its entry point is.
bool openMpIsLibgomp()
{
#if defined(__unix__)
    return dlsym(RTLD_DEFAULT, "GOMP_parallel") != nullptr;
#else
    return false;
#endif
}

} // namespace

std::vector<EnvironmentSetting> runtimeEnvironmentToSet(const EnvironmentLookup& lookup, const std::string& pickedBlasCore,
                                                        CpuVectorUnits units)
{
    std::vector<EnvironmentSetting> settings;
    if (!isSet(lookup, "OPENBLAS_CORETYPE")) {
        const std::string better = betterOpenBlasCoreType(pickedBlasCore, units);
        if (!better.empty()) {
            settings.push_back({"OPENBLAS_CORETYPE", better});
            settings.push_back({kOpenBlasFallbackVariable, pickedBlasCore});
        }
    }
    if (!isSet(lookup, "OMP_WAIT_POLICY") && !isSet(lookup, "GOMP_SPINCOUNT"))
        settings.push_back({"GOMP_SPINCOUNT", kBoundedOpenMpSpinCount});
    return settings;
}

std::string openMpWaitSummary(const EnvironmentLookup& lookup)
{
    if (!openMpIsLibgomp()) return {};
    std::string chosen;
    for (const char* name : {"OMP_WAIT_POLICY", "GOMP_SPINCOUNT"})
        if (isSet(lookup, name)) chosen += (chosen.empty() ? "" : ", ") + std::string(name) + "=" + lookup(name);
    return "OpenMP waits: " + (chosen.empty() ? std::string("libgomp's default (spin 300000)") : chosen);
}

void restartWithTunedRuntime()
{
#if defined(__linux__)
    const std::vector<EnvironmentSetting> settings =
        runtimeEnvironmentToSet(processEnvironment, loadedOpenBlasCore(), detectCpuVectorUnits());
    if (settings.empty()) return;
    std::ifstream commandLine("/proc/self/cmdline", std::ios::binary); // arguments, each ended by '\0'
    std::vector<std::string> arguments;
    for (std::string argument; std::getline(commandLine, argument, '\0');) arguments.push_back(argument);
    if (arguments.empty()) return;
    std::vector<char*> argv;
    for (std::string& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    for (const EnvironmentSetting& s : settings) setenv(s.name.c_str(), s.value.c_str(), 1);
    execv("/proc/self/exe", argv.data());
    for (const EnvironmentSetting& s : settings) unsetenv(s.name.c_str()); // no restart: go on as we are
#endif
}

std::string openMpWaitSummary() { return openMpWaitSummary(processEnvironment); }

} // namespace himnet
