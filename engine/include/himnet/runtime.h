#pragma once
// Process-wide runtime choices: threads and the compute device. Called once at start-up
// by the entry points; everything else receives the chosen device from them.
#include <string>

namespace himnet {

enum class DeviceKind { Auto, Cpu, Cuda };

/// Parses "auto", "cpu" or "cuda"; throws InputError on anything else.
DeviceKind parseDeviceKind(const std::string& text);

/// The number format of the large matrix products of training (parameters, optimizer state,
/// recurrent states and everything elementwise stay float32 either way).
enum class Precision {
    Float32,  ///< everything in float32: the reference's numbers to rounding error
    BFloat16, ///< mixed precision: the graph convolutions' products take bfloat16 operands and
              ///< accumulate in float32; fast where the hardware has bfloat16 matrix units
              ///< (CPUs with AMX, GPUs from Ampere on), no faster or slower elsewhere
};

/// Parses "float32" (or "fp32") and "bfloat16" (or "bf16"); throws InputError otherwise.
Precision parsePrecision(const std::string& text);
std::string toString(Precision precision);

/// True when the device `kind` resolves to multiplies bfloat16 faster than float32 (see
/// Precision): a CPU with AMX, a GPU from Ampere on. AVX512-BF16 alone does not count: LibTorch's
/// bfloat16 GEMMs there were slower than OpenBLAS's float32 ones (docs/PERFORMANCE.md).
bool hasFastBFloat16(DeviceKind kind);

/// Sets LibTorch's intra-op thread count; 0 means one per core of this machine.
/// Debian's LibTorch starts with a single thread, so every entry point calls this.
/// Returns the count in force afterwards.
int configureThreads(int threads);

/// How many threads the engine's own parallel loops (at::parallel_for in its kernels: the
/// per-node products of a forecast, the decoder's row gradients, t-SNE) run on: LibTorch's
/// thread count, or 1 if the engine were built without OpenMP (the loop is inline, and
/// without OpenMP it runs serially: one forecast took 53-56 ms instead of 37).
int engineLoopThreads();

/// Restarts this program (same arguments) once, with the environment variables that only
/// take effect when a library loads, where the user has not set them:
/// - OPENBLAS_CORETYPE, when OpenBLAS fell back to kernels older than the CPU: an OpenBLAS
///   release that does not know a CPU model picks its SSE3 kernels, and a training step runs
///   2.6 times slower (Debian 12's OpenBLAS on Intel's Emerald Rapids);
/// - GOMP_SPINCOUNT, when neither it nor OMP_WAIT_POLICY is set: OpenMP threads that spin
///   300,000 rounds before they sleep made a training step 4 to 13 times slower when a second
///   LibTorch process shared the cores; 10,000 rounds cost nothing alone (docs/PERFORMANCE.md).
/// Returns at once when there is nothing to set, or when the restart fails. Every entry point
/// calls it before any computation (`himnet` after parsing its arguments, and not for the
/// commands that only describe files); the restart costs about half a second.
void restartWithTunedRuntime();

/// Lets the C allocator keep the memory of freed tensors for the next batch instead of
/// returning it to the system and faulting it in again, page by page: with glibc's defaults a
/// METR-LA training step on a 2-core VM spent more time in page faults than in arithmetic
/// (3.8 s against 1.6 s). Every thread allocates from that one heap: glibc gives other
/// threads heaps of their own, capped at 64 MiB, which hand larger blocks back on every free
/// whatever the settings, so the app's engine thread trained and evaluated at half the CLI's
/// speed (12 METR-LA batches: 37.6 s against 18.3 s; la-week's evaluation 39 s against 13 s).
/// Every entry point calls this once at start-up, before it starts threads; no-op off glibc.
void configureAllocator();

/// Hands the memory the C allocator keeps back to the system (after a training, say).
void releaseFreeMemory();

/// True when this LibTorch build can see a CUDA device.
bool cudaAvailable();

/// "cpu" or "cuda:0" for the device `kind` resolves to; throws InputError when CUDA is
/// requested but absent.
std::string resolvedDeviceName(DeviceKind kind);

/// The product version, e.g. "0.2.0".
std::string versionString();

/// The BLAS that does LibTorch's CPU matrix products, read at run time: "OpenBLAS 0.3.21,
/// Cooperlake kernels" (the kernels OpenBLAS picked for this CPU, or that OPENBLAS_CORETYPE
/// forced; restartWithTunedRuntime() adds what OpenBLAS had picked on its own), or
/// "BLAS other than OpenBLAS" (MKL inside an official LibTorch, or Debian's
/// reference BLAS when libopenblas0-openmp is missing: many times slower).
std::string blasSummary();

/// One line describing the numeric runtime: LibTorch version, threads, BLAS, whether the CPU
/// multiplies bfloat16 natively, how OpenMP threads wait, devices.
std::string runtimeSummary();

/// The part of runtimeSummary() a status bar has room for: LibTorch version, threads, devices.
std::string runtimeBrief();

} // namespace himnet
