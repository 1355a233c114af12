#include "himnet/benchmark.h"
#include "bench/cuda_graph_bench.h"
#include "bench/gradient_agreement.h"
#include "bench/naive_himnet.h"
#include "bench/paired_timing.h"
#include "bench/step_memory.h"
#include "core/available_memory.h"
#include "core/cuda_graph.h"
#include "core/cuda_support.h"
#include "core/device.h"
#include "core/runtime_environment.h"
#include "core/text.h"
#include "himnet/errors.h"
#include "train/adam.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>

#include <sys/resource.h>

namespace himnet {
namespace {

using Forward = std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&)>;

HimNetConfig configFor(const std::string& name, bool quick)
{
    HimNetConfig c; // METR-LA
    if (quick) {
        c.numNodes = 9;
        c.hiddenDim = 6;
        c.nodeEmbeddingDim = c.stEmbeddingDim = 4;
        c.todEmbeddingDim = c.dowEmbeddingDim = 3;
        c.chebK = 3;
        c.numLayers = 2;
        return c;
    }
    if (name == "metr-la") return c;
    if (name == "pems08") {
        c.numNodes = 170;
        c.hiddenDim = 96;
        c.todEmbeddingDim = 10;
        c.dowEmbeddingDim = 2;
        c.nodeEmbeddingDim = 14;
        c.stEmbeddingDim = 10;
        return c;
    }
    if (name == "pems07") {
        c.numNodes = 883;
        return c;
    }
    throw InputError("unknown benchmark configuration '" + name + "': expected metr-la, pems08 or pems07");
}

// Resident set: current and peak (VmHWM), in MiB; writing 5 to clear_refs resets the peak.
double procStatusMiB(const char* key)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::string(key).size())) / 1024.0;
    return 0;
}

void resetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

long minorPageFaults()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

bool usesCudaMemoryStats(const torch::Device& device) { return device.is_cuda() && cudaMemoryStatsAvailable(); }

struct Inputs {
    torch::Tensor x, yCov, target;
};

Inputs inputsFor(const HimNetConfig& c, int64_t batch, const torch::TensorOptions& options)
{
    const torch::Tensor slot = torch::randint(0, c.stepsPerDay, {batch, c.inSteps + c.outSteps, 1, 1}, torch::kLong);
    const torch::Tensor tod = (slot.to(torch::kFloat64) / static_cast<double>(c.stepsPerDay)).to(options.dtype());
    const torch::Tensor dow = torch::randint(0, 7, {batch, 1, 1, 1}, options).expand({batch, c.inSteps + c.outSteps, 1, 1});
    const torch::Tensor cov = torch::cat({tod, dow}, -1).expand({batch, c.inSteps + c.outSteps, c.numNodes, 2});
    Inputs in;
    in.x = torch::cat({torch::randn({batch, c.inSteps, c.numNodes, 1}, options), cov.narrow(1, 0, c.inSteps)}, -1).to(options.device());
    in.yCov = cov.narrow(1, c.inSteps, c.outSteps).contiguous().to(options.device());
    in.target = torch::randn({batch, c.outSteps, c.numNodes, 1}, options).to(options.device());
    return in;
}

// One formulation's three timed jobs. The training step adds the page faults it causes to
// `trainStepFaults` (shared with the job, which outlives copies of the Workload).
struct Workload {
    std::function<void()> trainStep, inferBatch, inferOne;
    std::shared_ptr<long> trainStepFaults = std::make_shared<long>(0);
};

Workload workloadFor(const Forward& forward, AdamOptimizer& adam, const Inputs& batch, const Inputs& one)
{
    Workload w;
    w.trainStep = [forward, &adam, &batch, faults = w.trainStepFaults] {
        const long before = minorPageFaults();
        adam.zeroGrad();
        (forward(batch.x, batch.yCov) - batch.target).abs().mean().backward();
        adam.step();
        *faults += minorPageFaults() - before;
    };
    w.inferBatch = [forward, &batch] {
        torch::NoGradGuard noGrad;
        forward(batch.x, batch.yCov);
    };
    w.inferOne = [forward, &one] {
        torch::NoGradGuard noGrad;
        forward(one.x, one.yCov);
    };
    return w;
}

} // namespace

double stepPeakMemoryMiB(const std::function<void()>& trainStep, const torch::Device& device)
{
    trainStep(); // allocate gradients and optimizer state before the memory baseline
    const bool gpuMemory = usesCudaMemoryStats(device);
    releaseFreeMemory();
    const double before = gpuMemory ? 0.0 : procStatusMiB("VmRSS:");
    if (gpuMemory) resetCudaPeakMemory(device);
    else resetPeakRss();
    trainStep();
    return gpuMemory ? cudaPeakAllocatedMiB(device) : std::max(0.0, procStatusMiB("VmHWM:") - before);
}

namespace {

// Times ours and (when given) the naive formulation's jobs in alternation, job by job.
void timeWorkloads(const Workload& ours, const Workload* naive, BenchReport& r, int64_t repetitions, const torch::Device& device)
{
    const std::function<void()> finish = [device] {
        if (device.is_cuda()) torch::cuda::synchronize();
    };
    auto alternate = [&](std::function<void()> Workload::*job, std::vector<double> BenchFigures::*runs, double BenchFigures::*ms,
                         double BenchRatios::*speedup) {
        const AlternatingTimes t = timeAlternately(ours.*job, naive ? naive->*job : std::function<void()>(), kWarmUpRuns, repetitions, finish);
        r.ours.*runs = t.first;
        r.ours.*ms = median(t.first);
        if (!naive) return;
        r.naive.*runs = t.second;
        r.naive.*ms = median(t.second);
        r.speedup.*speedup = medianRatio(t.second, t.first);
    };
    for (const Workload* w : {&ours, naive})
        if (w) *w->trainStepFaults = 0;
    alternate(&Workload::trainStep, &BenchFigures::trainStepRunsMs, &BenchFigures::trainStepMs, &BenchRatios::trainStep);
    alternate(&Workload::inferBatch, &BenchFigures::inferBatchRunsMs, &BenchFigures::inferBatchMs, &BenchRatios::inferBatch);
    alternate(&Workload::inferOne, &BenchFigures::inferOneRunsMs, &BenchFigures::inferOneMs, &BenchRatios::inferOne);
    const double stepsTimed = static_cast<double>(kWarmUpRuns + repetitions); // each formulation's, since the reset
    auto perStep = [stepsTimed](const Workload& w) { return static_cast<double>(*w.trainStepFaults) / stepsTimed; };
    const double batchSize = static_cast<double>(r.batchSize);
    r.ours.trainStepPageFaults = perStep(ours);
    r.ours.samplesPerSecond = 1000.0 * batchSize / r.ours.trainStepMs;
    if (!naive) return;
    r.naive.trainStepPageFaults = perStep(*naive);
    r.naive.samplesPerSecond = 1000.0 * batchSize / r.naive.trainStepMs;
}

/// Refuses a bench whose training steps cannot fit this process's memory, ours or, unless
/// skipped, the naive formulation's (13 to 15 times ours): the kernel would end it without a word.
void requireBenchFits(const HimNetConfig& config, const BenchOptions& o, const torch::Device& device)
{
    const std::optional<int64_t> available = availableMemoryBytes(device);
    if (!available) return;
    const std::string where = device.is_cuda() ? "GPU " + device.str() : "this machine";
    requireTrainingFits(config, o.batchSize, *available, where);
    const TrainingMemory naive = naiveTrainingMemoryOf(config);
    if (!o.skipNaive && naive.leastBytes(o.batchSize) > double(*available))
        throw InputError("the naive formulation's training step of " + countOf(o.batchSize, "window") + " needs at least "
                         + formatBytes(naive.leastBytes(o.batchSize)) + " of memory, and " + where + " has "
                         + formatBytes(double(*available)) + " available; --skip-naive times ours alone");
}

} // namespace

BenchReport runBenchmark(const BenchOptions& o)
{
    const torch::Device device = resolveDevice(o.device);
    if (o.repetitions < 1) throw InputError("--repetitions must be at least 1, got " + std::to_string(o.repetitions));
    if (o.batchSize < 1) throw InputError("--batch-size must be at least 1, got " + std::to_string(o.batchSize));
    if (o.quick && o.precision != Precision::Float32)
        throw InputError("--quick checks a float64 network; --precision " + toString(o.precision) + " needs a full configuration");
    if (o.cudaGraphs) CudaGraph::checkUsableOn(device, "this bench");
    const torch::ScalarType dtype = o.quick ? torch::kFloat64 : torch::kFloat32;
    const HimNetConfig config = configFor(o.config, o.quick);
    if (!o.quick) requireBenchFits(config, o, device);
    torch::manual_seed(1);
    HimNet model(config);
    model->to(device, dtype);
    model->setPrecision(o.precision);
    model->eval();
    const auto options = torch::TensorOptions().dtype(dtype).device(torch::kCPU);
    Inputs batch = inputsFor(config, o.quick ? 3 : o.batchSize, options.device(device));
    Inputs one = inputsFor(config, 1, options.device(device));

    BenchReport r;
    r.config = o.quick ? "quick" : o.config;
    r.device = device.str();
    r.dtype = o.quick ? "float64" : "float32";
    r.precision = toString(o.precision);
    r.memoryMeasure = usesCudaMemoryStats(device) ? "CUDA peak allocated" : "RSS growth";
    r.nodes = config.numNodes;
    r.hidden = config.hiddenDim;
    r.batchSize = batch.x.size(0);
    r.parameters = config.parameterCount();
    r.repetitions = o.quick ? 1 : o.repetitions;
    r.threads = torch::get_num_threads();
    r.blas = blasSummary();
    r.openMpWaits = openMpWaitSummary();

    // bfloat16 keeps 8 significant bits: each product is good to about 3e-3 relative.
    const bool exact = dtype == torch::kFloat64, reduced = o.precision == Precision::BFloat16;
    const double outputTolerance = exact ? 1e-10 : reduced ? 5e-2 : 1e-4;
    const double gradientTolerance = exact ? 1e-9 : reduced ? 5e-2 : 1e-3;
    auto measureGraphs = [&](const Workload* usual) {
        auto job = [](const Inputs& in, const std::function<void()>& run) { return GraphBenchJob{in.x, in.yCov, in.target, run}; };
        r.graphs = measureCudaGraphs(*model, job(batch, usual ? usual->trainStep : nullptr), job(batch, usual ? usual->inferBatch : nullptr),
                                     job(one, usual ? usual->inferOne : nullptr), usual ? o.repetitions : 0, outputTolerance, gradientTolerance);
    };

    // Agreement of the two formulations, on the same parameters and inputs.
    auto checkAgreement = [&] {
        auto gradients = [&](const Forward& forward, torch::Tensor& output) {
            for (auto& p : model->parameters())
                if (p.grad().defined()) p.mutable_grad().zero_();
            output = forward(batch.x, batch.yCov);
            (output - batch.target).abs().mean().backward();
            return gradientsOf(*model);
        };
        torch::Tensor ours, naive;
        const auto g1 = gradients([&](const torch::Tensor& x, const torch::Tensor& y) { return model->forward(x, y); }, ours);
        const auto g2 = gradients([&](const torch::Tensor& x, const torch::Tensor& y) { return naiveForward(*model, x, y); }, naive);
        r.outputMaxAbsDiff = (ours - naive).abs().max().item<double>();
        r.gradientMaxRelDiff = maxRelativeDifference(g1, g2);
        r.agree = r.outputMaxAbsDiff <= outputTolerance && r.gradientMaxRelDiff <= gradientTolerance;
    };
    if (o.quick) {
        checkAgreement();
        if (o.cudaGraphs) measureGraphs(nullptr);
        return r;
    }
    std::vector<std::pair<std::string, torch::Tensor>> parameters;
    for (const auto& item : model->named_parameters(true)) parameters.emplace_back(item.key(), item.value());
    AdamOptimizer adam(parameters, 1e-9, 1e-3, 0.0); // a tiny rate: the network stays as it is
    const Workload ours = workloadFor([&](const torch::Tensor& x, const torch::Tensor& y) { return model->forward(x, y); }, adam, batch, one);
    const Workload naive = workloadFor([&](const torch::Tensor& x, const torch::Tensor& y) { return naiveForward(*model, x, y); }, adam, batch, one);
    // Our memory is measured first, on a heap that the naive formulation's far larger tensors
    // have not yet fragmented: RSS growth would otherwise count pages they left scattered.
    r.ours.peakMemoryMiB = stepPeakMemoryMiB(ours.trainStep, device);
    checkAgreement();
    if (!o.skipNaive) {
        r.naive.peakMemoryMiB = stepPeakMemoryMiB(naive.trainStep, device);
        r.naiveMeasured = true;
    }
    timeWorkloads(ours, o.skipNaive ? nullptr : &naive, r, o.repetitions, device);
    if (o.cudaGraphs) measureGraphs(&ours);
    return r;
}

std::string toText(const BenchReport& r)
{
    std::ostringstream out;
    char line[256];
    std::snprintf(line, sizeof line, "himnet bench: %s (N %lld, H %lld, %lld parameters), batch %lld, %s on %s, %lld threads, median of %lld%s\n",
                  r.config.c_str(), static_cast<long long>(r.nodes), static_cast<long long>(r.hidden), static_cast<long long>(r.parameters),
                  static_cast<long long>(r.batchSize), r.dtype.c_str(), r.device.c_str(), static_cast<long long>(r.threads),
                  static_cast<long long>(r.repetitions), r.naiveMeasured ? " (ours and naive alternating)" : "");
    out << line;
    if (r.precision != "float32") {
        std::snprintf(line, sizeof line, "our training step multiplies in %s (mixed precision); the naive formulation in %s\n",
                      r.precision.c_str(), r.dtype.c_str());
        out << line;
    }
    if (r.device == "cpu") out << "BLAS: " << r.blas << "\n";
    if (r.device == "cpu" && !r.openMpWaits.empty()) out << r.openMpWaits << "\n";
    std::snprintf(line, sizeof line, "agreement: output max |diff| %.2e, gradient max rel diff %.2e -> %s\n", r.outputMaxAbsDiff,
                  r.gradientMaxRelDiff, r.agree ? "agree" : "DISAGREE");
    out << line;
    const GraphFigures& g = r.graphs;
    if (g.requested && !g.failure.empty()) out << "CUDA graphs: FAILED: " << g.failure << "\n";
    if (g.measured) {
        std::snprintf(line, sizeof line, "CUDA graphs, replayed vs run as usual: output max |diff| %.2e, gradient max rel diff %.2e -> %s\n",
                      g.outputMaxAbsDiff, g.gradientMaxRelDiff, g.agree ? "agree" : "DISAGREE");
        out << line;
    }
    if (r.config == "quick") return out.str();
    std::snprintf(line, sizeof line, "%-40s %14s %14s %10s\n", "", "ours", "naive", "ratio");
    out << line;
    // `ratio`: how many times better ours is. For times, the median over the alternating runs
    // of naive / ours (run by run), which is not always the ratio of the two medians.
    auto row = [&](const char* name, double ours, double naive, double ratio) {
        if (!r.naiveMeasured) std::snprintf(line, sizeof line, "%-40s %14.1f %14s %10s\n", name, ours, "-", "-");
        else std::snprintf(line, sizeof line, "%-40s %14.1f %14.1f %9.2fx\n", name, ours, naive, ratio);
        out << line;
    };
    auto lowerIsBetter = [](double ours, double naive) { return naive / std::max(ours, 1e-9); };
    row("training step (ms)", r.ours.trainStepMs, r.naive.trainStepMs, r.speedup.trainStep);
    row("inference, batch (ms)", r.ours.inferBatchMs, r.naive.inferBatchMs, r.speedup.inferBatch);
    row("inference, one forecast (ms)", r.ours.inferOneMs, r.naive.inferOneMs, r.speedup.inferOne);
    const std::string memoryRow = "peak memory (MiB, " + r.memoryMeasure + ")";
    row(memoryRow.c_str(), r.ours.peakMemoryMiB, r.naive.peakMemoryMiB, lowerIsBetter(r.ours.peakMemoryMiB, r.naive.peakMemoryMiB));
    row("training samples per second", r.ours.samplesPerSecond, r.naive.samplesPerSecond, r.speedup.trainStep);
    row("page faults per training step", r.ours.trainStepPageFaults, r.naive.trainStepPageFaults,
        lowerIsBetter(r.ours.trainStepPageFaults, r.naive.trainStepPageFaults));
    if (r.naiveMeasured) {
        std::snprintf(line, sizeof line, "memory: ours uses %.0f %% of the naive formulation's\n",
                      100.0 * r.ours.peakMemoryMiB / std::max(r.naive.peakMemoryMiB, 1e-9));
        out << line;
    }
    if (g.timed) {
        // `ratio`: how many times faster the replay ran than ours run as usual (above).
        std::snprintf(line, sizeof line, "%-40s %14s %14s %10s\n", "ours replayed from CUDA graphs", "replayed", "", "ratio");
        out << line;
        auto graphRow = [&](const char* name, double ms, double speedup) {
            std::snprintf(line, sizeof line, "%-40s %14.1f %14s %9.2fx\n", name, ms, "", speedup);
            out << line;
        };
        graphRow("training step (ms)", g.trainStepMs, g.trainStepSpeedup);
        graphRow("inference, batch (ms)", g.inferBatchMs, g.inferBatchSpeedup);
        graphRow("inference, one forecast (ms)", g.inferOneMs, g.inferOneSpeedup);
    }
    return out.str();
}

std::string toJson(const BenchReport& r)
{
    auto figures = [](const BenchFigures& f) {
        return nlohmann::json{{"train_step_ms", f.trainStepMs}, {"infer_batch_ms", f.inferBatchMs}, {"infer_one_ms", f.inferOneMs},
                              {"peak_memory_mib", f.peakMemoryMiB}, {"samples_per_second", f.samplesPerSecond},
                              {"train_step_page_faults", f.trainStepPageFaults},
                              {"runs_ms", {{"train_step", f.trainStepRunsMs}, {"infer_batch", f.inferBatchRunsMs}, {"infer_one", f.inferOneRunsMs}}}};
    };
    nlohmann::json j{{"config", r.config}, {"device", r.device}, {"dtype", r.dtype}, {"precision", r.precision}, {"nodes", r.nodes}, {"hidden", r.hidden},
                     {"batch_size", r.batchSize}, {"parameters", r.parameters}, {"memory_measure", r.memoryMeasure}, {"threads", r.threads}, {"blas", r.blas}, {"openmp_waits", r.openMpWaits}, {"repetitions", r.repetitions},
                     {"agreement", {{"output_max_abs_diff", r.outputMaxAbsDiff}, {"gradient_max_rel_diff", r.gradientMaxRelDiff}, {"agree", r.agree}}}};
    if (r.graphs.requested) {
        const GraphFigures& g = r.graphs;
        nlohmann::json graphs{{"failure", g.failure}, {"measured", g.measured}};
        if (g.measured)
            graphs["agreement"] = {{"output_max_abs_diff", g.outputMaxAbsDiff}, {"gradient_max_rel_diff", g.gradientMaxRelDiff}, {"agree", g.agree}};
        if (g.timed)
            graphs["replayed"] = {{"train_step_ms", g.trainStepMs}, {"infer_batch_ms", g.inferBatchMs}, {"infer_one_ms", g.inferOneMs},
                                  {"train_step_speedup", g.trainStepSpeedup}, {"infer_batch_speedup", g.inferBatchSpeedup},
                                  {"infer_one_speedup", g.inferOneSpeedup}};
        j["cuda_graphs"] = graphs;
    }
    if (r.config != "quick") {
        j["ours"] = figures(r.ours);
        if (r.naiveMeasured) {
            j["naive"] = figures(r.naive);
            j["ratios"] = {{"train_step_speedup", r.speedup.trainStep},
                           {"infer_batch_speedup", r.speedup.inferBatch},
                           {"infer_one_speedup", r.speedup.inferOne},
                           {"memory_fraction", r.ours.peakMemoryMiB / std::max(r.naive.peakMemoryMiB, 1e-9)}};
        }
    }
    return j.dump(2);
}

} // namespace himnet
