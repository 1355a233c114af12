#pragma once
// Settings that only environment variables can make, read once when a library loads: which
// OpenBLAS kernels run (OPENBLAS_CORETYPE, see blas_kernels.h), and how LibTorch's OpenMP
// threads wait for each other (GOMP_SPINCOUNT). restartWithTunedRuntime() (himnet/runtime.h)
// sets what the user has not and starts the program again, once.
//
// libgomp's threads spin for 300,000 rounds before they sleep. Alone on the cores that is
// the fastest way to wait; with a second LibTorch process on the same cores (the app and a
// `himnet train`, two commands at once) each spins on a thread the other has pre-empted. On a
// 2-core VM a METR-LA training step took 5.6-13.2 s two at once against 1.0-1.5 s alone; with
// 10,000 rounds it took 2.7-3.6 s, and a step alone was as fast as before (docs/PERFORMANCE.md).
#include "core/blas_kernels.h"

#include <functional>
#include <string>
#include <vector>

namespace himnet {

/// The spin rounds of an OpenMP thread before it sleeps, when the user has not chosen.
inline constexpr const char* kBoundedOpenMpSpinCount = "10000";

struct EnvironmentSetting {
    std::string name;
    std::string value;
};

/// Reads an environment variable: nullptr when it is not set (std::getenv, or a test's table).
using EnvironmentLookup = std::function<const char*(const char*)>;

/// What the restart sets: OPENBLAS_CORETYPE (with a note of what OpenBLAS had picked) when the
/// kernels OpenBLAS picked as `pickedBlasCore` do not suit a CPU with `units`, and
/// GOMP_SPINCOUNT when neither it nor OMP_WAIT_POLICY is set. A variable the user has set is
/// never changed. Empty: nothing to set, no restart.
std::vector<EnvironmentSetting> runtimeEnvironmentToSet(const EnvironmentLookup& lookup, const std::string& pickedBlasCore,
                                                        CpuVectorUnits units);

/// The name of the variable that records, across the restart, the kernels OpenBLAS had
/// picked on its own (for blasSummary()).
inline constexpr const char* kOpenBlasFallbackVariable = "HIMNET_OPENBLAS_FALLBACK";

/// How this process's OpenMP threads wait, as libgomp was told when it loaded: "OpenMP waits:
/// GOMP_SPINCOUNT=10000", "OpenMP waits: OMP_WAIT_POLICY=passive", "OpenMP waits: libgomp's
/// default (spin 300000)"; "" when the OpenMP runtime is not libgomp.
std::string openMpWaitSummary(const EnvironmentLookup& lookup);
/// The same for this process's environment.
std::string openMpWaitSummary();

} // namespace himnet
