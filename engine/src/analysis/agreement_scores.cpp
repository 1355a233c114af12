// Agreement between two labellings: the adjusted Rand index (Hubert & Arabie 1985) and
// normalised mutual information, from their contingency table.
#include "himnet/clustering.h"
#include "himnet/errors.h"

#include <cmath>
#include <map>
#include <set>
#include <utility>

namespace himnet {
namespace {

struct Contingency {
    std::map<std::pair<int, int>, double> cells;
    std::map<int, double> rows, cols;
    double n = 0;
};

Contingency contingency(const std::vector<int>& a, const std::vector<int>& b, const char* what)
{
    if (a.size() != b.size())
        throw InputError(std::string(what) + ": the labellings have " + std::to_string(a.size()) + " and " +
                         std::to_string(b.size()) + " items");
    if (a.empty()) throw InputError(std::string(what) + ": no items");
    Contingency c;
    for (size_t i = 0; i < a.size(); ++i) {
        c.cells[{a[i], b[i]}] += 1;
        c.rows[a[i]] += 1;
        c.cols[b[i]] += 1;
    }
    c.n = static_cast<double>(a.size());
    return c;
}

double pairs(double x) { return x * (x - 1) / 2; }

double entropy(const std::map<int, double>& counts, double n)
{
    double h = 0;
    for (const auto& [label, count] : counts) h -= count / n * std::log(count / n);
    return h;
}

} // namespace

double adjustedRandIndex(const std::vector<int>& a, const std::vector<int>& b)
{
    const Contingency c = contingency(a, b, "adjusted Rand index");
    double index = 0, rowPairs = 0, colPairs = 0;
    for (const auto& [cell, count] : c.cells) index += pairs(count);
    for (const auto& [label, count] : c.rows) rowPairs += pairs(count);
    for (const auto& [label, count] : c.cols) colPairs += pairs(count);
    const double expected = rowPairs * colPairs / pairs(c.n);
    const double maximum = (rowPairs + colPairs) / 2;
    if (maximum == expected) return 1.0; // both trivial partitions (sklearn's convention)
    return (index - expected) / (maximum - expected);
}

double normalizedMutualInformation(const std::vector<int>& a, const std::vector<int>& b)
{
    const Contingency c = contingency(a, b, "normalised mutual information");
    const double ha = entropy(c.rows, c.n), hb = entropy(c.cols, c.n);
    if (ha == 0 && hb == 0) return 1.0; // both a single cluster: identical
    double mi = 0;
    for (const auto& [cell, count] : c.cells)
        mi += count / c.n * std::log(count * c.n / (c.rows.at(cell.first) * c.cols.at(cell.second)));
    const double mean = (ha + hb) / 2;
    return mean > 0 ? std::max(0.0, mi / mean) : 0.0;
}

LabelAgreement clusterAgreement(const Matrix& points, const std::vector<int>& labels, uint64_t seed)
{
    if (points.rows != static_cast<int64_t>(labels.size()))
        throw InputError("cluster agreement: " + std::to_string(points.rows) + " points but " + std::to_string(labels.size()) +
                         " labels");
    LabelAgreement agreement;
    agreement.k = static_cast<int>(std::set<int>(labels.begin(), labels.end()).size());
    const KMeansResult clusters = kmeans(points, agreement.k, seed);
    agreement.ari = adjustedRandIndex(clusters.labels, labels);
    agreement.nmi = normalizedMutualInformation(clusters.labels, labels);
    return agreement;
}

} // namespace himnet
