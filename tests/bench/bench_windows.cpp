// Memory of windowing a long series: a generated PEMS07-sized network (883 sensors, 28224
// five-minute steps), every training batch of 16 cut once. Prints peak RSS at each stage.
//   build/tests/bench_windows [sensors] [steps]
#include "data/windowed_data.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <random>

using namespace himnet;

namespace {

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

} // namespace

int main(int argc, char** argv)
{
    const int64_t sensors = argc > 1 ? std::atoll(argv[1]) : 883;
    const int64_t steps = argc > 2 ? std::atoll(argv[2]) : 28224;
    std::printf("peak RSS at start:            %8.1f MiB\n", peakRssMiB());
    auto d = std::make_shared<Dataset>();
    d->numSteps = steps;
    d->numNodes = sensors;
    d->values.resize(static_cast<size_t>(steps * sensors));
    std::mt19937 rng(1);
    std::normal_distribution<float> noise(0.f, 1.f);
    for (auto& v : d->values) v = 300.f + 50.f * noise(rng);
    for (int64_t t = 0; t < steps; ++t) d->timestamps.push_back(1493596800 + 300 * t);
    for (int64_t n = 0; n < sensors; ++n) d->sensorIds.push_back(std::to_string(n));
    std::printf("series (%lld x %lld float32):   %8.1f MiB of values, peak RSS %8.1f MiB\n", static_cast<long long>(steps),
                static_cast<long long>(sensors), d->values.size() * 4.0 / 1048576.0, peakRssMiB());

    WindowOptions options;
    options.trainRatio = 0.6;
    options.valRatio = 0.2;
    const WindowedData windows(d, options);
    std::printf("windows: train %lld, val %lld, test %lld; peak RSS %8.1f MiB\n", static_cast<long long>(windows.count(Split::Train)),
                static_cast<long long>(windows.count(Split::Val)), static_cast<long long>(windows.count(Split::Test)), peakRssMiB());
    const auto begin = std::chrono::steady_clock::now();
    double checksum = 0;
    for (int64_t i = 0; i + 16 <= windows.count(Split::Train); i += 16) {
        std::vector<int64_t> indices(16);
        for (int64_t k = 0; k < 16; ++k) indices[k] = i + k;
        const Batch b = windows.batch(Split::Train, indices);
        checksum += b.x[0][0][0][0].item<double>();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::printf("cut every training batch of 16 in %.2f s; peak RSS %8.1f MiB (checksum %.3f)\n", seconds, peakRssMiB(), checksum);
    const double materialised = static_cast<double>(windows.count(Split::Train)) * 24.0 * sensors * 3 * 4 / 1048576.0;
    std::printf("materialising the training windows instead would take %.0f MiB\n", materialised);
    return 0;
}
