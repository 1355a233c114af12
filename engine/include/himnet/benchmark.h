#pragma once
// `himnet bench`: our HimNet against the reference's naive formulation, same parameters,
// same inputs, in the same run: training-step time, inference time, peak memory, throughput
// and the ratios, plus the check that both compute the same numbers.
#include "himnet/runtime.h"

#include <string>
#include <vector>

namespace himnet {

struct BenchOptions {
    std::string config = "metr-la"; ///< metr-la (N 207, H 64), pems08 (N 170, H 96), pems07 (N 883, H 64)
    DeviceKind device = DeviceKind::Auto;
    Precision precision = Precision::Float32; ///< of our training step's products; the naive formulation stays float32
    int64_t batchSize = 16;
    /// Timed runs per figure and formulation (after warm-up), ours and the naive one in
    /// alternation; the median is reported.
    int64_t repetitions = 5;
    bool quick = false;             ///< tiny float64 network: only checks that both paths agree
    bool skipNaive = false;         ///< time our path only (the naive one may not fit a GPU)
    /// GPU only: also replay our three jobs from CUDA graphs, check them against the usual
    /// runs and time them against those (with --quick: the check only).
    bool cudaGraphs = false;
};

struct BenchFigures {
    double trainStepMs = 0;       ///< forward + backward + Adam on one batch
    double inferBatchMs = 0;      ///< forward on one batch, no gradients
    double inferOneMs = 0;        ///< forward for one full-network forecast (batch 1)
    double peakMemoryMiB = 0;     ///< during the training step; what is measured: BenchReport::memoryMeasure
    double samplesPerSecond = 0;  ///< training samples per second
    /// Minor page faults per training step: memory the OS hands in anew at every step. Where
    /// faults are expensive (virtual machines) they can weigh as much as the arithmetic.
    double trainStepPageFaults = 0;
    /// Every timed run, in the order run (the figures above are their medians).
    std::vector<double> trainStepRunsMs, inferBatchRunsMs, inferOneRunsMs;
};

/// How many times faster ours ran than the naive formulation: the median over the
/// repetitions of naive / ours, each pair timed back to back.
struct BenchRatios {
    double trainStep = 0, inferBatch = 0, inferOne = 0;
};

/// Our jobs replayed from CUDA graphs (BenchOptions::cudaGraphs).
struct GraphFigures {
    bool requested = false;
    std::string failure;           ///< why a job could not be recorded; empty when all were
    bool measured = false;         ///< recorded and checked
    double outputMaxAbsDiff = 0;   ///< replayed against usual runs, same parameters and inputs
    double gradientMaxRelDiff = 0;
    bool agree = false;
    bool timed = false;
    double trainStepMs = 0, inferBatchMs = 0, inferOneMs = 0;
    /// How many times faster a replay ran than the same job run as usual (median of pairs).
    double trainStepSpeedup = 0, inferBatchSpeedup = 0, inferOneSpeedup = 0;
};

struct BenchReport {
    std::string config, device, dtype;
    std::string precision; ///< toString(Precision) of our training step
    /// "RSS growth" on the CPU (resident memory the step adds); "CUDA peak allocated" on a GPU
    /// (everything alive at the peak: parameters, optimizer state, batch and activations).
    std::string memoryMeasure;
    std::string blas; ///< blasSummary(): on the CPU, which kernels did the matrix products
    std::string openMpWaits; ///< how the OpenMP threads wait for each other ("" unless libgomp)
    int64_t nodes = 0, hidden = 0, batchSize = 0, parameters = 0, repetitions = 0, threads = 0;
    BenchFigures ours, naive;
    bool naiveMeasured = false;
    BenchRatios speedup; ///< when naiveMeasured
    double outputMaxAbsDiff = 0;   ///< ours vs naive, same parameters and inputs
    double gradientMaxRelDiff = 0; ///< over all parameters, relative to each gradient's norm
    bool agree = false;            ///< within float32's (float64's) tolerance, or bfloat16's for that precision
    GraphFigures graphs;

    /// The formulations agree and, when CUDA graphs were asked for, the replays were recorded
    /// and agree with the usual runs.
    bool passed() const { return agree && (!graphs.requested || graphs.agree); }
};

/// Runs the benchmark. Throws InputError for an unknown configuration, for fewer than one
/// repetition or sample per batch, and for CUDA graphs off a GPU; RuntimeFailure for CUDA
/// graphs in a build without CUDA.
BenchReport runBenchmark(const BenchOptions& options);

std::string toText(const BenchReport& report);
std::string toJson(const BenchReport& report);

} // namespace himnet
