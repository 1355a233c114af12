// Training on the thread that starts the program (the CLI) against training on a second thread
// (the app's engine thread): the same batches of the METR-LA preset on la-week, each in a fresh
// process state as far as the allocator goes. Prints both times and their ratio; near 1 when
// the allocator serves every thread alike (himnet::configureAllocator).
//   build/tests/bench_engine_thread [batches]      (default 12)
#include "himnet/dataset.h"
#include "himnet/runtime.h"
#include "himnet/training.h"
#include "shared_path.h"

#include <QTemporaryDir>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

int main(int argc, char** argv)
{
    himnet::configureAllocator();
    himnet::configureThreads(0);
    const int64_t batches = argc > 1 ? std::atoll(argv[1]) : 12;
    QTemporaryDir dir;
    auto data = std::make_shared<const himnet::Dataset>(himnet::loadDataset(himnet::testing::sharedPath("datasets/la-week")));
    const auto seconds = [&] {
        himnet::TrainingOptions o = himnet::presetOptions("metr-la");
        o.checkpointPath = dir.filePath("model.h5").toStdString();
        o.epochs = 1;
        o.maxBatchesPerEpoch = batches;
        o.device = himnet::DeviceKind::Cpu;
        const auto start = std::chrono::steady_clock::now();
        himnet::train(data, o);
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    const double mainThread = seconds();
    double engineThread = 0;
    std::thread([&] { engineThread = seconds(); }).join();
    std::printf("%lld batches of the METR-LA preset on la-week, %d threads\n", static_cast<long long>(batches),
                himnet::configureThreads(0));
    std::printf("  main thread (the CLI):             %7.2f s\n", mainThread);
    std::printf("  second thread (the app's engine):  %7.2f s\n", engineThread);
    std::printf("  ratio second / main:               %7.2f\n", engineThread / mainThread);
    return 0;
}
