#pragma once
// Two-dimensional views of embeddings: t-SNE (exact, or Barnes-Hut for many points) and PCA.
// Deterministic: the same input, options and seed give the same layout.
#include "himnet/cancel_token.h"
#include "himnet/matrix.h"

#include <cstdint>
#include <functional>
#include <string>

namespace himnet {

enum class TsneMethod {
    Auto,      ///< exact up to exactLimit points, Barnes-Hut above
    Exact,     ///< O(n^2) per iteration, every pair
    BarnesHut  ///< O(n log n): sparse affinities over 3 * perplexity neighbours, quadtree repulsion
};

enum class TsneInit { Pca, Random };

struct TsneOptions {
    double perplexity = 30;       ///< clamped to (n - 1) / 3 for small sets
    int64_t iterations = 1000;
    double learningRate = 0;      ///< 0: max(n / earlyExaggeration / 4, 50), as in openTSNE / sklearn
    double earlyExaggeration = 12;
    int64_t exaggerationIterations = 250;
    TsneInit init = TsneInit::Pca;
    uint64_t seed = 42;           ///< random initialisation (TsneInit::Random)
    TsneMethod method = TsneMethod::Auto;
    int64_t exactLimit = 2000;
    double theta = 0.5;           ///< Barnes-Hut accuracy: smaller is more exact
    int64_t reportEvery = 10;     ///< iterations between progress reports

    /// Throws InputError naming the option that is out of range.
    void validate() const;
};

struct TsneProgress {
    int64_t iteration = 0;     ///< 1-based
    int64_t iterations = 0;
    double klDivergence = -1;  ///< KL(P || Q), computed every 50 iterations; -1 when not this time
    bool exact = true;         ///< the method in use
    const Matrix* layout = nullptr; ///< the current (n, 2) layout, valid during the callback
};
using TsneCallback = std::function<void(const TsneProgress&)>;

struct TsneResult {
    Matrix layout;              ///< (n, 2)
    double klDivergence = 0;    ///< of the final layout
    int64_t iterationsRun = 0;
    bool cancelled = false;     ///< layout holds the last iteration reached
    bool exact = true;
};

/// The fewest rows t-SNE lays out.
constexpr int64_t kTsneMinimumPoints = 4;

/// t-SNE of the rows of `points` (n >= kTsneMinimumPoints rows, finite values; InputError otherwise).
TsneResult tsne(const Matrix& points, const TsneOptions& options = {}, const TsneCallback& onProgress = {},
                const CancelToken* cancel = nullptr);

struct PcaResult {
    Matrix scores;                  ///< (n, components): the centred rows on the principal axes
    Matrix axes;                    ///< (components, d), unit length, sign fixed (largest entry positive)
    std::vector<double> explainedVarianceRatio;
};

/// PCA of the rows of `points` onto min(components, d) axes.
PcaResult pca(const Matrix& points, int64_t components = 2);

/// `layout` rotated, reflected, scaled and shifted onto `reference` as closely as least squares
/// allow (orthogonal Procrustes): the same picture, turned to match. Successive projections of
/// a model that is still training then keep their clusters in place on screen. Both (n, d),
/// the same n and d; InputError otherwise.
Matrix alignLayout(const Matrix& layout, const Matrix& reference);

/// Mean fraction of each point's k nearest neighbours among `high`'s rows that are also among
/// its k nearest in `low` (1 = neighbourhoods kept exactly).
double neighbourhoodPreservation(const Matrix& high, const Matrix& low, int64_t k = 10);

/// Mean fraction of each point's k nearest neighbours in `points` that share its label.
double neighbourLabelAgreement(const Matrix& points, const std::vector<int>& labels, int64_t k = 10);

} // namespace himnet
