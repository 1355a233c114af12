// Where a METR-LA-sized training step spends its time, per module (forward and backward),
// on this machine. Prints milliseconds, median of 5. The batch size defaults to 16; give 1
// to see where one full-network forecast goes; bfloat16 times the training step's mixed
// precision (the forward-only columns stay float32, as forecasts do).
//   build/tests/bench_modules [batch] [float32|bfloat16]
#include "himnet/runtime.h"
#include "model/himnet.h"
#include "test_tensors.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>

using namespace himnet;

namespace {

double medianMs(const std::function<void()>& work)
{
    work();
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[2];
}

} // namespace

int main(int argc, char** argv)
{
    restartWithTunedRuntime();
    configureAllocator();
    configureThreads(0);
    torch::manual_seed(1);
    HimNetConfig config; // METR-LA
    HimNet model(config);
    model->setPrecision(parsePrecision(argc > 2 ? argv[2] : "float32"));
    const int64_t batchSize = argc > 1 ? std::max(1L, std::atol(argv[1])) : 16;
    const auto batch = testing::randomBatch(batchSize, 12, 12, config.numNodes, config.stepsPerDay, torch::kFloat32);
    const torch::Tensor support = model->staticSupport().detach();
    const torch::Tensor et = model->temporalEmbedding(batch.x).detach();
    auto encodeS = [&] { return model->encoder_s->encode(batch.x, support, model->node_embedding, MetaAxis::Spatial); };
    auto encodeT = [&] { return model->encoder_t->encode(batch.x, support, et, MetaAxis::Temporal); };
    auto full = [&] { return model->forward(batch.x, batch.yCov); };
    double fS, fT, fAll, bS, bT, bAll;
    {
        torch::NoGradGuard noGrad;
        fS = medianMs([&] { encodeS(); });
        fT = medianMs([&] { encodeT(); });
        fAll = medianMs([&] { full(); });
    }
    bS = medianMs([&] { encodeS().sum().backward(); });
    bT = medianMs([&] { encodeT().sum().backward(); });
    bAll = medianMs([&] { full().sum().backward(); });
    std::printf("METR-LA (N 207, H 64, batch %ld), %s training products, %d threads, ms (median of 5)\n",
                static_cast<long>(batchSize), toString(model->precision()).c_str(), torch::get_num_threads());
    std::printf("%-28s %10s %16s\n", "module", "forward", "forward+backward");
    std::printf("%-28s %10.1f %16.1f\n", "encoder S (12 steps)", fS, bS);
    std::printf("%-28s %10.1f %16.1f\n", "encoder T (12 steps)", fT, bT);
    std::printf("%-28s %10.1f %16.1f\n", "decoder + projections", fAll - fS - fT, bAll - bS - bT);
    std::printf("%-28s %10.1f %16.1f\n", "whole model", fAll, bAll);
    return 0;
}
