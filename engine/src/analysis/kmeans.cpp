#include "himnet/clustering.h"
#include "analysis/matrix_tensor.h"
#include "himnet/errors.h"

#include <limits>
#include <random>

namespace himnet {
namespace {

struct Run {
    torch::Tensor labels; // (n,) long
    torch::Tensor centroids;
    double inertia = std::numeric_limits<double>::infinity();
};

/// k-means++: the first centre uniformly, each next one with probability proportional to the
/// squared distance to the nearest centre chosen so far.
torch::Tensor seedCentroids(const torch::Tensor& x, int k, std::mt19937_64& engine)
{
    const int64_t n = x.size(0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<int64_t> chosen{static_cast<int64_t>(uniform(engine) * static_cast<double>(n)) % n};
    torch::Tensor nearest = squaredDistances(x, x.slice(0, chosen[0], chosen[0] + 1)).squeeze(1);
    while (static_cast<int>(chosen.size()) < k) {
        const double total = nearest.sum().item<double>();
        int64_t next = 0;
        if (total <= 0) {
            next = static_cast<int64_t>(chosen.size()); // all points coincide: any will do
        } else {
            const torch::Tensor cumulative = nearest.cumsum(0);
            const double r = uniform(engine) * total;
            next = std::min<int64_t>(n - 1, torch::searchsorted(cumulative, torch::tensor({r}, torch::kDouble)).item<int64_t>());
        }
        chosen.push_back(next);
        nearest = torch::minimum(nearest, squaredDistances(x, x.slice(0, next, next + 1)).squeeze(1));
    }
    return x.index_select(0, torch::tensor(chosen, torch::kLong)).clone();
}

Run lloyd(const torch::Tensor& x, torch::Tensor centroids, int k)
{
    const int64_t n = x.size(0);
    Run run;
    torch::Tensor labels;
    for (int iteration = 0; iteration < 300; ++iteration) {
        const torch::Tensor d = squaredDistances(x, centroids);
        const auto [best, assignment] = d.min(1);
        const bool settled = labels.defined() && torch::equal(assignment, labels);
        labels = assignment;
        run.inertia = best.sum().item<double>();
        if (settled) break;
        torch::Tensor sums = torch::zeros_like(centroids).index_add_(0, labels, x);
        torch::Tensor counts = torch::zeros({k}, torch::kDouble).index_add_(0, labels, torch::ones({n}, torch::kDouble));
        for (int c = 0; c < k; ++c) {
            if (counts[c].item<double>() > 0) continue;
            // An empty cluster takes the point farthest from its centre.
            const int64_t far = best.argmax().item<int64_t>();
            sums[c] = x[far];
            counts[c] = 1;
            best[far] = 0;
        }
        centroids = sums / counts.unsqueeze(1);
    }
    run.labels = labels;
    run.centroids = centroids;
    return run;
}

} // namespace

KMeansResult kmeans(const Matrix& points, int k, uint64_t seed, int restarts)
{
    requireFinite(points, 1, "k-means");
    if (k < 1 || k > points.rows)
        throw InputError("k-means: k must be between 1 and the number of points (" + std::to_string(points.rows) + "), got " +
                         std::to_string(k));
    torch::NoGradGuard noGrad;
    const torch::Tensor x = toTensor(points);
    std::mt19937_64 engine(seed);
    Run best;
    for (int r = 0; r < std::max(1, restarts); ++r) {
        Run run = lloyd(x, seedCentroids(x, k, engine), k);
        if (run.inertia < best.inertia) best = run;
    }
    // Number clusters by first appearance, so that equal partitions print the same labels.
    std::vector<int> rename(static_cast<size_t>(k), -1);
    KMeansResult result;
    result.k = k;
    result.inertia = best.inertia;
    const auto raw = best.labels.accessor<int64_t, 1>();
    int next = 0;
    for (int64_t i = 0; i < points.rows; ++i) {
        int& name = rename[static_cast<size_t>(raw[i])];
        if (name < 0) name = next++;
        result.labels.push_back(name);
    }
    result.centroids = Matrix(k, points.cols);
    const Matrix c = toMatrix(best.centroids);
    for (int old = 0; old < k; ++old) {
        const int name = rename[static_cast<size_t>(old)] >= 0 ? rename[static_cast<size_t>(old)] : next++;
        for (int64_t j = 0; j < points.cols; ++j) result.centroids.at(name, j) = c.at(old, j);
    }
    result.silhouette = silhouetteScore(points, result.labels);
    return result;
}

KMeansResult kmeansBySilhouette(const Matrix& points, int kMin, int kMax, uint64_t seed)
{
    requireFinite(points, 3, "k-means");
    kMax = std::min<int>(kMax, static_cast<int>(points.rows) - 1);
    kMin = std::max(2, std::min(kMin, kMax));
    KMeansResult best;
    best.silhouette = -2;
    for (int k = kMin; k <= kMax; ++k) {
        KMeansResult r = kmeans(points, k, seed);
        if (r.silhouette > best.silhouette + 1e-12) best = std::move(r);
    }
    return best;
}

double silhouetteScore(const Matrix& points, const std::vector<int>& labels)
{
    requireFinite(points, 1, "silhouette");
    if (static_cast<int64_t>(labels.size()) != points.rows)
        throw InputError("silhouette: " + std::to_string(labels.size()) + " labels for " + std::to_string(points.rows) + " points");
    const int k = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
    if (k < 2) return 0;
    torch::NoGradGuard noGrad;
    const int64_t n = points.rows;
    const torch::Tensor x = toTensor(points);
    const torch::Tensor l = torch::tensor(std::vector<int64_t>(labels.begin(), labels.end()), torch::kLong);
    const torch::Tensor oneHot = torch::zeros({n, k}, torch::kDouble).scatter_(1, l.unsqueeze(1), 1.0);
    const torch::Tensor sizes = oneHot.sum(0); // (k)
    double total = 0;
    constexpr int64_t chunk = 1024;
    for (int64_t begin = 0; begin < n; begin += chunk) {
        const int64_t end = std::min(n, begin + chunk);
        const torch::Tensor d = squaredDistances(x.slice(0, begin, end), x).sqrt();
        const torch::Tensor sums = d.mm(oneHot); // (rows, k): distance to every cluster
        const torch::Tensor own = l.slice(0, begin, end);
        const torch::Tensor ownSize = sizes.index_select(0, own);
        const torch::Tensor a = sums.gather(1, own.unsqueeze(1)).squeeze(1) / (ownSize - 1).clamp_min(1);
        torch::Tensor meanOther = sums / sizes.clamp_min(1);
        meanOther.scatter_(1, own.unsqueeze(1), std::numeric_limits<double>::infinity());
        meanOther.masked_fill_((sizes == 0).unsqueeze(0).expand_as(meanOther), std::numeric_limits<double>::infinity());
        const torch::Tensor b = std::get<0>(meanOther.min(1));
        torch::Tensor s = (b - a) / torch::maximum(a, b).clamp_min(1e-300);
        s = torch::where(ownSize > 1, s, torch::zeros_like(s)); // a singleton scores 0
        total += s.sum().item<double>();
    }
    return total / static_cast<double>(n);
}

Matrix standardizeColumns(const Matrix& points)
{
    requireFinite(points, 1, "standardise");
    torch::NoGradGuard noGrad;
    const torch::Tensor x = toTensor(points);
    const torch::Tensor sd = x.std(0, /*unbiased=*/false, true);
    return toMatrix((x - x.mean(0, true)) / torch::where(sd > 1e-12, sd, torch::ones_like(sd)));
}

} // namespace himnet
