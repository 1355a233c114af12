#pragma once
// Clusters of embeddings and how well they agree with known labels (the demo city's zones).
#include "himnet/matrix.h"

#include <cstdint>
#include <vector>

namespace himnet {

struct KMeansResult {
    int k = 0;
    std::vector<int> labels;   ///< one per row, 0 .. k-1, numbered by first appearance
    Matrix centroids;          ///< (k, d), in label order
    double inertia = 0;        ///< sum of squared distances to the centroids
    double silhouette = 0;     ///< mean silhouette of `labels` (0 when k == 1)
};

/// k-means++ seeding and Lloyd iterations, best of `restarts` runs by inertia. Deterministic
/// for a seed. InputError when k is not in 1 .. rows or a value is not finite.
KMeansResult kmeans(const Matrix& points, int k, uint64_t seed = 1, int restarts = 10);

/// k-means for every k in kMin .. kMax (capped at rows - 1); the k with the highest silhouette.
KMeansResult kmeansBySilhouette(const Matrix& points, int kMin = 2, int kMax = 10, uint64_t seed = 1);

/// Mean silhouette coefficient (Rousseeuw 1987) of a labelling; 0 for a single cluster.
double silhouetteScore(const Matrix& points, const std::vector<int>& labels);

/// Whether a mean silhouette shows cluster structure at all. Kaufman and Rousseeuw (1990)
/// read 0.25 or less as "no substantial structure": k-means then only cuts a continuum, and
/// its clusters should not be read as groups.
inline bool showsClusterStructure(double silhouette) { return silhouette > 0.25; }

/// Adjusted Rand index of two labellings of the same items (1 identical, ~0 chance).
double adjustedRandIndex(const std::vector<int>& a, const std::vector<int>& b);

/// Normalised mutual information, arithmetic-mean normalisation (sklearn's default).
double normalizedMutualInformation(const std::vector<int>& a, const std::vector<int>& b);

/// How well k-means recovers known labels: k = the number of distinct labels.
struct LabelAgreement {
    int k = 0;
    double ari = 0; ///< adjustedRandIndex of the clusters and the labels
    double nmi = 0; ///< normalizedMutualInformation of the clusters and the labels
};
/// k-means of `points` (one row per label) with as many clusters as `labels` has distinct
/// values, scored against them: the demo city's planted zones found in node embeddings.
LabelAgreement clusterAgreement(const Matrix& points, const std::vector<int>& labels, uint64_t seed = 1);

/// Rows scaled to zero mean and unit variance per column (constant columns left at zero).
Matrix standardizeColumns(const Matrix& points);

} // namespace himnet
