// How the memory a training step takes compares with the least that trainingMemoryOf counts
// (train/memory_need.h), which the trainer holds against the memory there is. For each network
// it measures one step's peak RSS at two batch sizes, each in a fresh process (a heap that
// earlier steps have grown would hide a step's own growth), and prints the measured memory per
// window of a batch against the counted least, with their ratio.
//   build/tests/bench_memory                     the table
//   build/tests/bench_memory N H K L BATCH       one step's peak RSS growth in MiB, and the least
#include "bench/step_memory.h"
#include "himnet/runtime.h"
#include "model/himnet.h"
#include "test_tensors.h"
#include "train/memory_need.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using namespace himnet;

namespace {

HimNetConfig configOf(int64_t nodes, int64_t hidden, int64_t chebK, int64_t layers)
{
    HimNetConfig c; // METR-LA's otherwise
    c.numNodes = nodes;
    c.hiddenDim = hidden;
    c.chebK = chebK;
    c.numLayers = layers;
    return c;
}

/// One step's growth of the peak RSS over the RSS after a first step (gradients, allocated
/// then, are in trainingMemoryOf's fixed part), in MiB.
double measureStep(const HimNetConfig& c, int64_t batch)
{
    torch::manual_seed(1);
    HimNet model(c);
    const auto data = testing::randomBatch(batch, c.inSteps, c.outSteps, c.numNodes, c.stepsPerDay, torch::kFloat32);
    return stepPeakMemoryMiB(
        [&] {
            for (auto& p : model->parameters())
                if (p.grad().defined()) p.mutable_grad().zero_();
            model->forward(data.x, data.yCov).abs().mean().backward();
        },
        torch::Device(torch::kCPU));
}

double measureInFreshProcess(const char* self, int64_t n, int64_t h, int64_t k, int64_t l, int64_t batch)
{
    const std::string command = std::string(self) + " " + std::to_string(n) + " " + std::to_string(h) + " " + std::to_string(k) + " "
        + std::to_string(l) + " " + std::to_string(batch);
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    double mib = -1;
    if (!pipe || std::fscanf(pipe.get(), "%lf", &mib) != 1) return -1;
    return mib;
}

} // namespace

int main(int argc, char** argv)
{
    restartWithTunedRuntime();
    configureAllocator();
    configureThreads(0);
    if (argc == 6) {
        const HimNetConfig c = configOf(std::atol(argv[1]), std::atol(argv[2]), std::atol(argv[3]), std::atol(argv[4]));
        const int64_t batch = std::atol(argv[5]);
        std::printf("%.1f\n", measureStep(c, batch));
        return 0;
    }
    struct Network {
        int64_t nodes, hidden, chebK, layers;
    };
    const std::vector<Network> networks{{207, 64, 2, 1}, {207, 32, 2, 1}, {207, 128, 2, 1}, {400, 64, 2, 1},
                                        {207, 64, 3, 1}, {207, 64, 2, 2}, {883, 64, 2, 1}};
    const int64_t small = 16, large = 48;
    std::printf("bench_memory: one training step's peak RSS growth (MiB), batches of %lld and %lld windows, %d threads\n",
                static_cast<long long>(small), static_cast<long long>(large), torch::get_num_threads());
    std::printf("%-22s %14s %14s %7s %14s %14s %7s\n", "network (N, H, K, L)", "least/window", "measured/win.", "ratio",
                "least, large", "measured", "ratio");
    for (const Network& n : networks) {
        const HimNetConfig c = configOf(n.nodes, n.hidden, n.chebK, n.layers);
        const TrainingMemory least = trainingMemoryOf(c);
        const double atSmall = measureInFreshProcess(argv[0], n.nodes, n.hidden, n.chebK, n.layers, small);
        const double atLarge = measureInFreshProcess(argv[0], n.nodes, n.hidden, n.chebK, n.layers, large);
        const double perWindow = (atLarge - atSmall) / double(large - small);
        const double leastPerWindow = least.perWindowBytes / (1 << 20);
        const double leastLarge = double(large) * least.perWindowBytes / (1 << 20);
        char name[64];
        std::snprintf(name, sizeof name, "%lld, %lld, %lld, %lld", static_cast<long long>(n.nodes), static_cast<long long>(n.hidden),
                      static_cast<long long>(n.chebK), static_cast<long long>(n.layers));
        std::printf("%-22s %14.1f %14.1f %7.2f %14.0f %14.0f %7.2f\n", name, leastPerWindow, perWindow, perWindow / leastPerWindow,
                    leastLarge, atLarge, atLarge / leastLarge);
        std::fflush(stdout);
    }
    return 0;
}
