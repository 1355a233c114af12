// t-SNE (van der Maaten & Hinton 2008; Barnes-Hut: van der Maaten 2014) with the optimiser
// schedule of the reference implementations: early exaggeration with momentum 0.5, then
// momentum 0.8, per-coordinate gains, learning rate max(n / exaggeration / 4, 50).
#include "himnet/projection.h"
#include "analysis/matrix_tensor.h"
#include "analysis/quadtree.h"
#include "himnet/errors.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace himnet {
namespace {

constexpr double kTiny = 1e-12;

/// p_{j|i} for each row of `distances` (squared, (n, m), excluded pairs at +inf), with the
/// Gaussian bandwidth of each row bisected until its perplexity matches.
torch::Tensor conditionalAffinities(const torch::Tensor& distances, double perplexity)
{
    const double target = std::log(perplexity);
    const torch::Tensor excluded = torch::isinf(distances);
    // Shifting a row's distances by a constant leaves its distribution unchanged.
    const torch::Tensor finite = distances.masked_fill(excluded, 0);
    const torch::Tensor rowMin = distances.masked_fill(excluded, std::numeric_limits<double>::max()).amin(1, true);
    const torch::Tensor shifted = (finite - rowMin).masked_fill(excluded, 0);
    const int64_t n = distances.size(0);
    torch::Tensor beta = torch::ones({n, 1}, torch::kDouble);
    torch::Tensor lo = torch::zeros({n, 1}, torch::kDouble);
    torch::Tensor hi = torch::full({n, 1}, std::numeric_limits<double>::infinity(), torch::kDouble);
    torch::Tensor p;
    for (int iteration = 0; iteration < 200; ++iteration) {
        p = torch::exp(-shifted * beta).masked_fill(excluded, 0);
        const torch::Tensor sum = p.sum(1, true).clamp_min(1e-300);
        const torch::Tensor entropy = torch::log(sum) + beta * (shifted * p).sum(1, true) / sum;
        const torch::Tensor tooFlat = entropy > target; // too wide a kernel: sharpen
        if ((entropy - target).abs().max().item<double>() < 1e-6) break;
        lo = torch::where(tooFlat, beta, lo);
        hi = torch::where(tooFlat, hi, beta);
        beta = torch::where(torch::isinf(hi), beta * 2, (lo + hi) / 2);
    }
    return p / p.sum(1, true).clamp_min(1e-300);
}

/// Sparse symmetric affinities P_ij = (p_{j|i} + p_{i|j}) / 2n over the k nearest neighbours.
struct SparseAffinities {
    std::vector<int64_t> rowStart; // n + 1
    std::vector<int64_t> column;
    std::vector<double> value;
};

SparseAffinities sparseAffinities(const torch::Tensor& x, double perplexity, int64_t k)
{
    const int64_t n = x.size(0);
    torch::Tensor distances;
    const torch::Tensor neighbours = nearestNeighbours(x, k, &distances);
    const torch::Tensor conditional = conditionalAffinities(distances, perplexity).contiguous();
    const auto nb = neighbours.accessor<int64_t, 2>();
    const auto pc = conditional.accessor<double, 2>();
    struct Entry {
        int64_t i, j;
        double v;
    };
    std::vector<Entry> entries;
    entries.reserve(static_cast<size_t>(2 * n * k));
    for (int64_t i = 0; i < n; ++i)
        for (int64_t a = 0; a < k; ++a) {
            entries.push_back({i, nb[i][a], pc[i][a]});
            entries.push_back({nb[i][a], i, pc[i][a]});
        }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.i != b.i ? a.i < b.i : a.j < b.j; });
    SparseAffinities s;
    s.rowStart.assign(static_cast<size_t>(n + 1), 0);
    const double norm = 1.0 / (2.0 * static_cast<double>(n));
    for (size_t e = 0; e < entries.size();) {
        size_t f = e;
        double v = 0;
        while (f < entries.size() && entries[f].i == entries[e].i && entries[f].j == entries[e].j) v += entries[f++].v;
        s.column.push_back(entries[e].j);
        s.value.push_back(v * norm);
        ++s.rowStart[static_cast<size_t>(entries[e].i + 1)];
        e = f;
    }
    for (int64_t i = 0; i < n; ++i) s.rowStart[static_cast<size_t>(i + 1)] += s.rowStart[static_cast<size_t>(i)];
    return s;
}

/// Deterministic standard normal numbers (Box-Muller over a 64-bit Mersenne Twister), the
/// same on every platform.
std::vector<double> normalNumbers(size_t count, uint64_t seed)
{
    std::mt19937_64 engine(seed);
    std::vector<double> out(count);
    const double scale = 1.0 / 18446744073709551616.0; // 2^-64
    for (size_t i = 0; i < count; i += 2) {
        const double u1 = (static_cast<double>(engine()) + 1.0) * scale;
        const double u2 = static_cast<double>(engine()) * scale;
        const double r = std::sqrt(-2 * std::log(u1));
        out[i] = r * std::cos(2 * M_PI * u2);
        if (i + 1 < count) out[i + 1] = r * std::sin(2 * M_PI * u2);
    }
    return out;
}

torch::Tensor initialLayout(const Matrix& points, const TsneOptions& o)
{
    const int64_t n = points.rows;
    torch::Tensor y;
    if (o.init == TsneInit::Pca) {
        const PcaResult p = pca(points, 2);
        y = toTensor(p.scores);
        const double spread = y.select(1, 0).std().item<double>();
        if (!(spread > kTiny)) y = torch::Tensor();
        else y = y / spread * 1e-4;
        if (y.defined() && y.size(1) < 2) { // one feature: a random second axis
            const std::vector<double> r = normalNumbers(static_cast<size_t>(n), o.seed);
            y = torch::cat({y, torch::tensor(r, torch::kDouble).reshape({n, 1}) * 1e-4}, 1);
        }
    }
    if (!y.defined()) {
        const std::vector<double> r = normalNumbers(static_cast<size_t>(2 * n), o.seed);
        y = torch::tensor(r, torch::kDouble).reshape({n, 2}) * 1e-4;
    }
    return y.contiguous();
}

/// Gradient and (optionally) KL divergence of the exact method.
torch::Tensor exactGradient(const torch::Tensor& p, const torch::Tensor& y, double exaggeration, double* kl)
{
    torch::Tensor num = 1.0 / (1.0 + squaredDistances(y, y));
    num.fill_diagonal_(0);
    const torch::Tensor q = (num / num.sum()).clamp_min(kTiny);
    if (kl) *kl = (p * torch::log(p.clamp_min(kTiny) / q)).sum().item<double>();
    const torch::Tensor w = (exaggeration * p - q) * num;
    return 4.0 * (w.sum(1, true) * y - w.mm(y));
}

/// Gradient of the Barnes-Hut method: exact attraction over the sparse P, tree repulsion.
torch::Tensor barnesHutGradient(const SparseAffinities& p, const torch::Tensor& y, double exaggeration, double theta,
                                double* kl)
{
    const int64_t n = y.size(0);
    std::vector<double> xy(y.data_ptr<double>(), y.data_ptr<double>() + 2 * n);
    const QuadTree tree(xy);
    std::vector<double> repulse(static_cast<size_t>(2 * n), 0.0), sumQ(static_cast<size_t>(n), 0.0);
    at::parallel_for(0, n, 64, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
            sumQ[static_cast<size_t>(i)] = tree.repulsion(i, theta, repulse[static_cast<size_t>(2 * i)],
                                                          repulse[static_cast<size_t>(2 * i + 1)]);
    });
    double z = 0;
    for (double s : sumQ) z += s; // in order: deterministic
    z = std::max(z, kTiny);
    torch::Tensor grad = torch::empty({n, 2}, torch::kDouble);
    double* g = grad.data_ptr<double>();
    std::vector<double> klTerms(static_cast<size_t>(n), 0.0);
    at::parallel_for(0, n, 256, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            double ax = 0, ay = 0, klTerm = 0;
            for (int64_t e = p.rowStart[static_cast<size_t>(i)]; e < p.rowStart[static_cast<size_t>(i + 1)]; ++e) {
                const int64_t j = p.column[static_cast<size_t>(e)];
                const double dx = xy[static_cast<size_t>(2 * i)] - xy[static_cast<size_t>(2 * j)];
                const double dy = xy[static_cast<size_t>(2 * i + 1)] - xy[static_cast<size_t>(2 * j + 1)];
                const double q = 1.0 / (1.0 + dx * dx + dy * dy);
                const double pij = p.value[static_cast<size_t>(e)];
                ax += exaggeration * pij * q * dx;
                ay += exaggeration * pij * q * dy;
                if (kl) klTerm += pij * std::log(std::max(pij, kTiny) / std::max(q / z, kTiny));
            }
            g[2 * i] = 4.0 * (ax - repulse[static_cast<size_t>(2 * i)] / z);
            g[2 * i + 1] = 4.0 * (ay - repulse[static_cast<size_t>(2 * i + 1)] / z);
            klTerms[static_cast<size_t>(i)] = klTerm;
        }
    });
    if (kl) {
        *kl = 0;
        for (double t : klTerms) *kl += t;
    }
    return grad;
}

} // namespace

void TsneOptions::validate() const
{
    if (!(perplexity >= 1)) throw InputError("t-SNE: perplexity must be at least 1, got " + std::to_string(perplexity));
    if (iterations < 1) throw InputError("t-SNE: iterations must be at least 1");
    if (learningRate < 0) throw InputError("t-SNE: learning rate must not be negative");
    if (!(earlyExaggeration >= 1)) throw InputError("t-SNE: early exaggeration must be at least 1");
    if (exaggerationIterations < 0) throw InputError("t-SNE: exaggeration iterations must not be negative");
    if (!(theta >= 0 && theta <= 1.5)) throw InputError("t-SNE: theta must be between 0 and 1.5");
    if (reportEvery < 1) throw InputError("t-SNE: reportEvery must be at least 1");
}

TsneResult tsne(const Matrix& points, const TsneOptions& options, const TsneCallback& onProgress, const CancelToken* cancel)
{
    options.validate();
    requireFinite(points, kTsneMinimumPoints, "t-SNE");
    torch::NoGradGuard noGrad;
    const int64_t n = points.rows;
    const double perplexity = std::min(options.perplexity, static_cast<double>(n - 1) / 3.0);
    const bool exact = options.method == TsneMethod::Exact || (options.method == TsneMethod::Auto && n <= options.exactLimit);

    const torch::Tensor x = toTensor(points);
    torch::Tensor pDense;
    SparseAffinities pSparse;
    if (exact) {
        torch::Tensor d = squaredDistances(x, x);
        d.fill_diagonal_(std::numeric_limits<double>::infinity());
        const torch::Tensor conditional = conditionalAffinities(d, perplexity);
        pDense = ((conditional + conditional.t()) / (2.0 * static_cast<double>(n))).clamp_min(kTiny);
    } else {
        const int64_t k = std::min<int64_t>(n - 1, static_cast<int64_t>(3 * perplexity + 1));
        pSparse = sparseAffinities(x, perplexity, k);
    }

    const double learningRate =
        options.learningRate > 0 ? options.learningRate : std::max(static_cast<double>(n) / options.earlyExaggeration / 4.0, 50.0);
    torch::Tensor y = initialLayout(points, options);
    torch::Tensor update = torch::zeros_like(y);
    torch::Tensor gains = torch::ones_like(y);

    TsneResult result;
    result.exact = exact;
    Matrix current;
    double kl = -1;
    for (int64_t it = 1; it <= options.iterations; ++it) {
        if (cancel && cancel->isCancelled()) {
            result.cancelled = true;
            break;
        }
        const bool exaggerating = it <= options.exaggerationIterations;
        const double exaggeration = exaggerating ? options.earlyExaggeration : 1.0;
        const double momentum = exaggerating ? 0.5 : 0.8;
        const bool measure = it % 50 == 0 || it == options.iterations;
        double klNow = -1;
        torch::Tensor grad = exact ? exactGradient(pDense, y, exaggeration, measure ? &klNow : nullptr)
                                   : barnesHutGradient(pSparse, y, exaggeration, options.theta, measure ? &klNow : nullptr);
        if (measure) kl = klNow;
        // Delta-bar-delta gains: grow while the step keeps its direction, shrink otherwise.
        const torch::Tensor keepsDirection = (update * grad) < 0;
        gains = torch::where(keepsDirection, gains + 0.2, gains * 0.8).clamp_min(0.01);
        update = momentum * update - learningRate * gains * grad;
        y = y + update;
        y = y - y.mean(0, true);
        result.iterationsRun = it;
        if (onProgress && (it % options.reportEvery == 0 || it == options.iterations)) {
            current = toMatrix(y);
            TsneProgress p;
            p.iteration = it;
            p.iterations = options.iterations;
            p.klDivergence = measure ? klNow : -1;
            p.exact = exact;
            p.layout = &current;
            onProgress(p);
        }
    }
    result.layout = toMatrix(y);
    result.klDivergence = kl;
    return result;
}

} // namespace himnet
