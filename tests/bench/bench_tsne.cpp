// t-SNE speed and quality by size and method: seconds for 1000 iterations and how many of
// each point's 10 nearest neighbours the layout keeps, for clusters of 11 points in 16-D
// (where every neighbourhood is a cluster). Prints a table; asserts nothing.
//   build/tests/bench_tsne [max points]
#include "himnet/projection.h"
#include "himnet/runtime.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace himnet;

namespace {

Matrix clusters(int64_t n, uint64_t seed)
{
    std::mt19937_64 engine(seed);
    std::uniform_real_distribution<double> centre(-20, 20);
    std::normal_distribution<double> noise(0, 1);
    Matrix m(n, 16);
    std::vector<double> mu(16);
    for (int64_t i = 0; i < n; ++i) {
        if (i % 11 == 0)
            for (double& v : mu) v = centre(engine);
        for (int64_t d = 0; d < 16; ++d) m.at(i, d) = mu[static_cast<size_t>(d)] + noise(engine);
    }
    return m;
}

} // namespace

int main(int argc, char** argv)
{
    const int64_t maxPoints = argc > 1 ? std::atoll(argv[1]) : 5000;
    restartWithTunedRuntime();
    configureAllocator();
    configureThreads(0);
    std::printf("%s\n%8s %-11s %10s %10s %8s\n", runtimeSummary().c_str(), "points", "method", "seconds", "KL", "10-NN");
    for (int64_t n : {500, 1000, 2000, 5000, 10000, 20000}) {
        if (n > maxPoints) break;
        const Matrix x = clusters(n, 1);
        for (TsneMethod method : {TsneMethod::Exact, TsneMethod::BarnesHut}) {
            if (method == TsneMethod::Exact && n > 2000) continue;
            TsneOptions o;
            o.method = method;
            const auto start = std::chrono::steady_clock::now();
            const TsneResult r = tsne(x, o);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::printf("%8lld %-11s %10.2f %10.3f %8.3f\n", static_cast<long long>(n), method == TsneMethod::Exact ? "exact" : "Barnes-Hut",
                        seconds, r.klDivergence, neighbourhoodPreservation(x, r.layout, 10));
            std::fflush(stdout);
        }
    }
}
