#pragma once
// Which OpenBLAS kernels this process runs, and when to ask for better ones.
//
// OpenBLAS picks its kernels from the CPU model once, when the library loads. A release
// older than the CPU does not know the model and falls back to its SSE3 kernels ("Prescott"):
// Debian 12's OpenBLAS 0.3.21 does so on Intel's Emerald Rapids (family 6, model 207), where
// a METR-LA training step then takes 2934 ms against 1135 ms with the AVX-512 kernels that the
// same library has (docs/PERFORMANCE.md, fifth host). The only way to choose is the
// environment variable OPENBLAS_CORETYPE, read at load time; hence a restart.
#include <string>

namespace himnet {

/// The vector instructions this CPU and its operating system can run.
struct CpuVectorUnits {
    bool avx2Fma = false; ///< AVX2 and FMA3
    bool avx512 = false;  ///< AVX-512 F, CD, BW, DQ and VL (what OpenBLAS's SkylakeX kernels use)
};

CpuVectorUnits detectCpuVectorUnits();

/// The OPENBLAS_CORETYPE to ask for when OpenBLAS picked `pickedCore` (its own name for the
/// kernels, e.g. "Prescott") on a CPU with `units`: "SkylakeX" or "Haswell" when the picked
/// kernels predate AVX2 and the CPU runs better ones; "" when what it picked is right.
std::string betterOpenBlasCoreType(const std::string& pickedCore, CpuVectorUnits units);

/// The kernels the loaded OpenBLAS runs ("SkylakeX"), or "" when the BLAS is not OpenBLAS.
std::string loadedOpenBlasCore();

} // namespace himnet
