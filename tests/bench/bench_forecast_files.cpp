// Forecasts from many origins written to a file: held whole and then written, or written as
// the model makes them (streamed). Prints the time and the peak RSS of one way per run, since
// a process's peak cannot be reset:
//   build/tests/bench_forecast_files DATA CHECKPOINT ORIGINS whole|streamed OUT.{csv,h5}
#include "himnet/dataset.h"
#include "himnet/forecasting.h"
#include "himnet/runtime.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace himnet;

int main(int argc, char** argv)
{
    if (argc != 6 || (std::strcmp(argv[4], "whole") != 0 && std::strcmp(argv[4], "streamed") != 0)) {
        std::fprintf(stderr, "usage: %s DATA CHECKPOINT ORIGINS whole|streamed OUT.{csv,h5,xlsx}\n", argv[0]);
        return 2;
    }
    configureThreads(0);
    const auto data = std::make_shared<const Dataset>(loadDataset(argv[1]));
    const Forecaster forecaster(data, argv[2], DeviceKind::Cpu);
    std::vector<int64_t> origins;
    for (int64_t k = 0; k < std::atoll(argv[3]); ++k) origins.push_back(forecaster.firstOrigin() + k);
    const auto start = std::chrono::steady_clock::now();
    if (std::strcmp(argv[4], "whole") == 0) writeForecastFile(forecaster.at(origins), argv[5]);
    else writeForecastFile(forecaster, origins, argv[5]);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%s: %zu origins of %lld sensors to %s: %.1f s, peak RSS %.0f MiB\n", argv[4], origins.size(),
                static_cast<long long>(data->numNodes), argv[5], seconds, static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
