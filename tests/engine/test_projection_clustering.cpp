// The analysis algorithms on data whose answer we know: t-SNE keeps well-separated Gaussian
// clusters apart and is reproducible for a seed; PCA finds the direction the data spreads
// along; k-means recovers planted clusters and picks their number by silhouette; ARI, NMI
// and the silhouette match values computed by hand (and by scikit-learn); the daily order of
// time-of-day embeddings is read off rings and random rows, and the correlation with starting
// values off shrunk, turned and moved copies.
#include "refusals.h"
#include "himnet/clustering.h"
#include "himnet/embedding_map.h"
#include "himnet/errors.h"
#include "himnet/projection.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace himnet;

namespace {

struct Blobs {
    Matrix points;
    std::vector<int> labels;
};

/// `clusters` Gaussian blobs (unit spread) in `dims` dimensions, centres drawn in [-12, 12].
Blobs gaussianBlobs(int clusters, int perCluster, int dims, uint64_t seed)
{
    std::mt19937_64 engine(seed);
    std::uniform_real_distribution<double> centre(-12, 12);
    std::normal_distribution<double> noise(0, 1);
    Blobs b;
    b.points = Matrix(clusters * perCluster, dims);
    for (int c = 0; c < clusters; ++c) {
        std::vector<double> mu(static_cast<size_t>(dims));
        for (double& v : mu) v = centre(engine);
        for (int i = 0; i < perCluster; ++i) {
            const int row = c * perCluster + i;
            for (int d = 0; d < dims; ++d) b.points.at(row, d) = mu[static_cast<size_t>(d)] + noise(engine);
            b.labels.push_back(c);
        }
    }
    return b;
}

} // namespace

class TestProjectionClustering : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tsneKeepsSeparatedClustersApart_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("perCluster");
        QTest::newRow("exact, 300 points") << int(TsneMethod::Exact) << 60;
        QTest::newRow("Barnes-Hut, 1000 points") << int(TsneMethod::BarnesHut) << 200;
    }
    void tsneKeepsSeparatedClustersApart()
    {
        QFETCH(int, method);
        QFETCH(int, perCluster);
        const Blobs blobs = gaussianBlobs(5, perCluster, 20, 3);
        TsneOptions o;
        o.method = static_cast<TsneMethod>(method);
        o.iterations = 500;
        const TsneResult r = tsne(blobs.points, o);
        QCOMPARE(r.layout.rows, blobs.points.rows);
        QCOMPARE(r.layout.cols, int64_t(2));
        QCOMPARE(r.exact, o.method == TsneMethod::Exact);
        const double agreement = neighbourLabelAgreement(r.layout, blobs.labels, 10);
        const double preservation = neighbourhoodPreservation(blobs.points, r.layout, 10);
        qInfo("t-SNE %s: 10-NN in the same cluster %.3f, 10-NN preserved %.3f, KL %.3f", o.method == TsneMethod::Exact ? "exact" : "Barnes-Hut",
              agreement, preservation, r.klDivergence);
        QVERIFY(agreement >= 0.9);
        // The clusters stay separated: k-means on the layout finds them again.
        QVERIFY(adjustedRandIndex(kmeans(r.layout, 5).labels, blobs.labels) > 0.95);
        // And the layout keeps more of the true neighbourhoods than the best linear view.
        QVERIFY(preservation > neighbourhoodPreservation(blobs.points, pca(blobs.points, 2).scores, 10));
    }

    // Clusters of k + 1 points: each point's k nearest neighbours are exactly its cluster, so
    // keeping the clusters apart and tight must keep the neighbourhoods themselves.
    void tsnePreservesNeighbourhoodsOfSeparatedClusters_data()
    {
        QTest::addColumn<int>("method");
        QTest::newRow("exact") << int(TsneMethod::Exact);
        QTest::newRow("Barnes-Hut") << int(TsneMethod::BarnesHut);
    }
    void tsnePreservesNeighbourhoodsOfSeparatedClusters()
    {
        QFETCH(int, method);
        const Blobs blobs = gaussianBlobs(40, 11, 10, 8);
        TsneOptions o;
        o.method = static_cast<TsneMethod>(method);
        o.perplexity = 10;
        o.iterations = 500;
        const TsneResult r = tsne(blobs.points, o);
        const double preservation = neighbourhoodPreservation(blobs.points, r.layout, 10);
        qInfo("10-NN preserved: %.3f", preservation);
        QVERIFY(preservation >= 0.9);
    }

    void tsneIsReproducibleForASeed_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("init");
        QTest::newRow("exact, PCA init") << int(TsneMethod::Exact) << int(TsneInit::Pca);
        QTest::newRow("exact, random init") << int(TsneMethod::Exact) << int(TsneInit::Random);
        QTest::newRow("Barnes-Hut, random init") << int(TsneMethod::BarnesHut) << int(TsneInit::Random);
    }
    void tsneIsReproducibleForASeed()
    {
        QFETCH(int, method);
        QFETCH(int, init);
        const Blobs blobs = gaussianBlobs(3, 40, 8, 5);
        TsneOptions o;
        o.method = static_cast<TsneMethod>(method);
        o.init = static_cast<TsneInit>(init);
        o.iterations = 150;
        o.seed = 9;
        const TsneResult a = tsne(blobs.points, o);
        const TsneResult b = tsne(blobs.points, o);
        QVERIFY(a.layout.values == b.layout.values);
        if (o.init == TsneInit::Random) {
            o.seed = 10;
            QVERIFY(tsne(blobs.points, o).layout.values != a.layout.values);
        }
    }

    void tsneReportsProgressAndStopsWhenCancelled()
    {
        const Blobs blobs = gaussianBlobs(3, 30, 5, 1);
        TsneOptions o;
        o.iterations = 400;
        o.reportEvery = 20;
        CancelToken cancel;
        std::vector<int64_t> seen;
        bool layoutsComplete = true;
        const TsneResult r = tsne(blobs.points, o, [&](const TsneProgress& p) {
            seen.push_back(p.iteration);
            layoutsComplete = layoutsComplete && p.layout && p.layout->rows == 90 && p.layout->cols == 2;
            if (p.iteration == 100) cancel.cancel();
        }, &cancel);
        QVERIFY(r.cancelled);
        QCOMPARE(r.iterationsRun, int64_t(100));
        QCOMPARE(seen, (std::vector<int64_t>{20, 40, 60, 80, 100}));
        QVERIFY(layoutsComplete);
        QCOMPARE(r.layout.rows, int64_t(90));
    }

    void tsneRejectsBadInput()
    {
        Matrix few(3, 2, 1.0);
        QVERIFY_THROWS_EXCEPTION(InputError, tsne(few));
        Matrix nan(10, 2, 1.0);
        nan.at(4, 1) = std::nan("");
        const QString wrong = testing::refusalMismatch([&] { tsne(nan); }, {"point 4"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        TsneOptions o;
        o.perplexity = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, tsne(Matrix(10, 2, 1.0), o));
        // Identical points are not an error: they land together.
        const TsneResult same = tsne(Matrix(12, 3, 2.0));
        for (double v : same.layout.values) QVERIFY(std::isfinite(v));
    }

    // A network of two or three sensors is too small for t-SNE: its map is drawn by PCA, says
    // so, and keeps its clusters, instead of failing.
    void tooFewPointsForTsneAreDrawnByPca_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("method"); // ProjectionMethod used
        QTest::newRow("3 points") << 3 << int(ProjectionMethod::Pca);
        QTest::newRow("4 points") << 4 << int(ProjectionMethod::Tsne);
    }

    void tooFewPointsForTsneAreDrawnByPca()
    {
        QFETCH(int, points);
        QFETCH(int, method);
        EmbeddingPoints p;
        p.vectors = Matrix(points, 3);
        for (int i = 0; i < points; ++i)
            for (int j = 0; j < 3; ++j) p.vectors.at(i, j) = std::sin(1.0 + i * 3 + j);
        EmbeddingMapOptions o; // t-SNE, clusters by silhouette
        o.tsne.iterations = 250;
        const EmbeddingMap map = mapEmbeddings(p, o);
        QCOMPARE(int(map.method), method);
        QCOMPARE(map.layout.rows, int64_t(points));
        QCOMPARE(map.layout.cols, int64_t(2));
        for (double v : map.layout.values) QVERIFY(std::isfinite(v));
        QCOMPARE(map.cluster.size(), size_t(points));
    }

    // 288 slots a day (5-minute steps) in 6 dimensions.
    void cyclicNeighbourRatioReadsDailyOrder_data()
    {
        QTest::addColumn<QString>("rows");
        QTest::addColumn<double>("lowest");
        QTest::addColumn<double>("highest");
        QTest::addColumn<int>("reading");
        // On a circle of n points, neighbours lie 2 sin(pi/n) apart and any two, on average,
        // 2 cot(pi/2n) / (n - 1): the ratio is 0.01707 for n = 288.
        const double n = 288, pi = std::acos(-1.0);
        const double circle = 2 * std::sin(pi / n) / (2 / std::tan(pi / (2 * n)) / (n - 1));
        QTest::newRow("a clean daily ring") << "ring" << circle - 1e-9 << circle + 1e-9 << int(DailyOrder::Cycle);
        QTest::newRow("a ring with noise") << "noisy ring" << 0.5 << 0.9 << int(DailyOrder::Partial);
        QTest::newRow("the ring's slots shuffled") << "shuffled ring" << 0.9 << 1.1 << int(DailyOrder::None);
        QTest::newRow("N(0, 1) rows: embeddings at their initial values") << "random" << 0.9 << 1.1 << int(DailyOrder::None);
    }
    void cyclicNeighbourRatioReadsDailyOrder()
    {
        QFETCH(QString, rows);
        QFETCH(double, lowest);
        QFETCH(double, highest);
        QFETCH(int, reading);
        const int64_t slots = 288, dims = 6;
        std::mt19937_64 engine(5);
        std::normal_distribution<double> normal(0, 1);
        Matrix m(slots, dims);
        std::vector<int64_t> order(static_cast<size_t>(slots));
        for (int64_t i = 0; i < slots; ++i) order[static_cast<size_t>(i)] = i;
        if (rows == "shuffled ring") std::shuffle(order.begin(), order.end(), engine);
        const double noise = rows == "noisy ring" ? 0.3 : 0;
        for (int64_t i = 0; i < slots; ++i) {
            const double angle = 2 * std::acos(-1.0) * static_cast<double>(order[static_cast<size_t>(i)]) / slots;
            for (int64_t d = 0; d < dims; ++d) {
                if (rows == "random") m.at(i, d) = normal(engine);
                else m.at(i, d) = (d == 0 ? std::cos(angle) : d == 1 ? std::sin(angle) : 0) + noise * normal(engine);
            }
        }
        const std::optional<double> ratio = cyclicNeighbourRatio(m);
        QVERIFY(ratio.has_value());
        QVERIFY2(*ratio >= lowest && *ratio <= highest, qPrintable(QString::number(*ratio)));
        QCOMPARE(int(readDailyOrder(*ratio)), reading);
        QVERIFY(QString::fromStdString(describeDailyOrder(*ratio)).startsWith("neighbouring slots lie "));
    }

    void cyclicNeighbourRatioRefusesWhatItCannotRead()
    {
        QVERIFY_THROWS_EXCEPTION(InputError, cyclicNeighbourRatio(Matrix(2, 3, 1.0))); // a cycle needs three slots
        Matrix nan(10, 2, 1.0);
        nan.at(3, 0) = std::nan("");
        QVERIFY_THROWS_EXCEPTION(InputError, cyclicNeighbourRatio(nan));
        QVERIFY(!cyclicNeighbourRatio(Matrix(10, 2, 1.0)).has_value()); // one point: no order at all
        QCOMPARE(QString::fromStdString(describeDailyOrder(0.993)),
                 QString("neighbouring slots lie 0.99 times as far apart as any two: no daily order learned"));
        QCOMPARE(QString::fromStdString(describeDailyOrder(0.3)),
                 QString("neighbouring slots lie 0.30 times as far apart as any two: the slots follow a daily cycle"));
    }

    void correlationWithStartTellsMovedFromShrunk_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<double>("lowest");
        QTest::addColumn<double>("highest");
        QTest::newRow("untouched") << "none" << 1.0 << 1.0;
        QTest::newRow("shrunk by weight decay alone") << "shrunk" << 1.0 << 1.0;
        QTest::newRow("turned inside out") << "negated" << -1.0 << -1.0;
        QTest::newRow("replaced by new values") << "replaced" << -0.1 << 0.1;
        QTest::newRow("moved as far as they were spread") << "moved" << 0.6 << 0.8; // 1/sqrt(2) expected
    }
    void correlationWithStartTellsMovedFromShrunk()
    {
        QFETCH(QString, change);
        QFETCH(double, lowest);
        QFETCH(double, highest);
        std::mt19937_64 engine(9);
        std::normal_distribution<double> normal(0, 1);
        Matrix start(288, 8), now(288, 8);
        for (size_t i = 0; i < start.values.size(); ++i) {
            const double s = normal(engine), other = normal(engine);
            start.values[i] = s;
            now.values[i] = change == "none" ? s : change == "shrunk" ? 0.79 * s : change == "negated" ? -s
                          : change == "replaced" ? other : s + other;
        }
        const double r = correlationWithStart(now, start);
        QVERIFY2(r >= lowest - 1e-12 && r <= highest + 1e-12, qPrintable(QString::number(r)));
        QCOMPARE(QString::fromStdString(describeStartCorrelation(r)).endsWith("still mostly where training started"), mostlyAtStart(r));
    }

    void correlationWithStartRefusesMismatchedValues()
    {
        QVERIFY_THROWS_EXCEPTION(InputError, correlationWithStart(Matrix(288, 8, 1.0), Matrix(288, 6, 1.0)));
        Matrix nan(7, 4, 1.0);
        nan.at(2, 2) = std::nan("");
        QVERIFY_THROWS_EXCEPTION(InputError, correlationWithStart(nan, Matrix(7, 4, 1.0)));
        QCOMPARE(QString::fromStdString(describeStartCorrelation(0.9991)),
                 QString("correlation with their random initial values 0.999: still mostly where training started"));
        QCOMPARE(QString::fromStdString(describeStartCorrelation(0.401)), QString("correlation with their random initial values 0.401"));
        // A fine-tuning starts from a model, not from random values.
        QCOMPARE(QString::fromStdString(describeStartCorrelation(0.982, "/data/models/base.h5")),
                 QString("correlation with those of base.h5, which the training started from, 0.982: still mostly where training started"));
    }

    void pcaFindsTheDirectionOfSpread()
    {
        std::mt19937_64 engine(4);
        std::normal_distribution<double> along(0, 5), across(0, 0.05);
        const double dir[3] = {2 / 3.0, -1 / 3.0, 2 / 3.0};
        Matrix x(200, 3);
        for (int i = 0; i < 200; ++i) {
            const double t = along(engine);
            for (int d = 0; d < 3; ++d) x.at(i, d) = 7 + t * dir[d] + across(engine);
        }
        const PcaResult p = pca(x, 2);
        QCOMPARE(p.scores.rows, int64_t(200));
        QCOMPARE(p.axes.cols, int64_t(3));
        QVERIFY(p.explainedVarianceRatio[0] > 0.999);
        // Sign convention: the largest entry positive, so the axis is (2, -1, 2) / 3.
        for (int d = 0; d < 3; ++d) QVERIFY(std::abs(p.axes.at(0, d) - dir[d]) < 1e-3);
        double mean = 0;
        for (int i = 0; i < 200; ++i) mean += p.scores.at(i, 0);
        QVERIFY(std::abs(mean / 200) < 1e-9);
    }

    void kmeansRecoversPlantedClusters()
    {
        const Blobs blobs = gaussianBlobs(4, 50, 6, 2);
        const KMeansResult r = kmeans(blobs.points, 4, 1);
        QCOMPARE(r.k, 4);
        QCOMPARE(adjustedRandIndex(r.labels, blobs.labels), 1.0);
        QCOMPARE(r.labels.front(), 0); // numbered by first appearance
        QCOMPARE(r.centroids.rows, int64_t(4));
        QVERIFY(r.silhouette > 0.7);
        QCOMPARE(kmeans(blobs.points, 4, 1).labels, r.labels);
    }

    void silhouettePicksTheNumberOfClusters_data()
    {
        QTest::addColumn<int>("clusters");
        QTest::newRow("3") << 3;
        QTest::newRow("5") << 5;
        QTest::newRow("7") << 7;
    }
    void silhouettePicksTheNumberOfClusters()
    {
        QFETCH(int, clusters);
        const Blobs blobs = gaussianBlobs(clusters, 30, 10, 100 + static_cast<uint64_t>(clusters));
        const KMeansResult r = kmeansBySilhouette(blobs.points, 2, 10);
        QCOMPARE(r.k, clusters);
        QVERIFY(normalizedMutualInformation(r.labels, blobs.labels) > 0.99);
    }

    // Planted blobs show structure; a uniform cloud does not, though k-means still cuts it.
    void silhouetteTellsStructureFromAContinuum_data()
    {
        QTest::addColumn<bool>("planted");
        QTest::newRow("planted blobs") << true;
        QTest::newRow("uniform cloud") << false;
    }
    void silhouetteTellsStructureFromAContinuum()
    {
        QFETCH(bool, planted);
        Matrix points = gaussianBlobs(4, 50, 8, 3).points;
        if (!planted) {
            std::mt19937_64 rng(3);
            std::uniform_real_distribution<double> uniform(0, 1);
            for (double& v : points.values) v = uniform(rng);
        }
        const KMeansResult r = kmeansBySilhouette(points, 2, 10);
        QVERIFY(r.k >= 2);
        QVERIFY2(showsClusterStructure(r.silhouette) == planted, qPrintable(QString::number(r.silhouette)));
    }

    void agreementScoresMatchKnownValues_data()
    {
        QTest::addColumn<std::vector<int>>("a");
        QTest::addColumn<std::vector<int>>("b");
        QTest::addColumn<double>("ari");
        QTest::addColumn<double>("nmi");
        using V = std::vector<int>;
        QTest::newRow("identical") << V{0, 0, 1, 1} << V{0, 0, 1, 1} << 1.0 << 1.0;
        QTest::newRow("renamed") << V{0, 0, 1, 1} << V{1, 1, 0, 0} << 1.0 << 1.0;
        QTest::newRow("split cluster") << V{0, 0, 1, 2} << V{0, 0, 1, 1} << 4.0 / 7.0 << 0.8;
        QTest::newRow("independent") << V{0, 0, 1, 1} << V{0, 1, 0, 1} << -0.5 << 0.0;
        QTest::newRow("one vs all singletons") << V{0, 0, 0, 0} << V{0, 1, 2, 3} << 0.0 << 0.0;
    }
    void agreementScoresMatchKnownValues()
    {
        QFETCH(std::vector<int>, a);
        QFETCH(std::vector<int>, b);
        QFETCH(double, ari);
        QFETCH(double, nmi);
        QVERIFY(std::abs(adjustedRandIndex(a, b) - ari) < 1e-12);
        QVERIFY(std::abs(normalizedMutualInformation(a, b) - nmi) < 1e-12);
        QVERIFY(std::abs(adjustedRandIndex(b, a) - ari) < 1e-12); // symmetric
        QVERIFY_THROWS_EXCEPTION(InputError, adjustedRandIndex(a, std::vector<int>{0}));
    }

    void clusterAgreementFindsPlantedLabels()
    {
        Blobs blobs = gaussianBlobs(5, 30, 8, 4);
        // Labels need not be 0 .. k-1, nor in order: k is their number of distinct values.
        for (int& label : blobs.labels) label = 10 * (4 - label);
        const LabelAgreement found = clusterAgreement(blobs.points, blobs.labels);
        QCOMPARE(found.k, 5);
        QCOMPARE(found.ari, 1.0);
        QVERIFY(std::abs(found.nmi - 1.0) < 1e-12);
        // Labels that have nothing to do with the points: no agreement.
        std::vector<int> shuffled = blobs.labels;
        std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(3));
        QVERIFY(std::abs(clusterAgreement(blobs.points, shuffled).ari) < 0.1);
        QVERIFY_THROWS_EXCEPTION(InputError, clusterAgreement(blobs.points, std::vector<int>(3, 0)));
    }

    // A layout turned, mirrored, scaled and moved is put back onto the original exactly.
    void alignLayoutUndoesRotationReflectionScaleAndShift_data()
    {
        QTest::addColumn<double>("degrees");
        QTest::addColumn<bool>("mirrored");
        QTest::addColumn<double>("scale");
        QTest::newRow("turned 90 degrees") << 90.0 << false << 1.0;
        QTest::newRow("mirrored") << 0.0 << true << 1.0;
        QTest::newRow("turned, mirrored and shrunk") << 217.0 << true << 0.05;
        QTest::newRow("already aligned") << 0.0 << false << 1.0;
    }

    void alignLayoutUndoesRotationReflectionScaleAndShift()
    {
        QFETCH(double, degrees);
        QFETCH(bool, mirrored);
        QFETCH(double, scale);
        const Matrix reference = gaussianBlobs(3, 20, 2, 9).points;
        const double c = std::cos(degrees * M_PI / 180), s = std::sin(degrees * M_PI / 180);
        Matrix moved(reference.rows, 2);
        for (int64_t i = 0; i < reference.rows; ++i) {
            const double x = reference.at(i, 0), y = mirrored ? -reference.at(i, 1) : reference.at(i, 1);
            moved.at(i, 0) = scale * (c * x - s * y) + 40;
            moved.at(i, 1) = scale * (s * x + c * y) - 7;
        }
        const Matrix aligned = alignLayout(moved, reference);
        double largest = 0;
        for (size_t i = 0; i < reference.values.size(); ++i)
            largest = std::max(largest, std::abs(aligned.values[i] - reference.values[i]));
        QVERIFY2(largest < 1e-9, qPrintable(QString::number(largest)));
    }

    void alignLayoutRejectsLayoutsOfDifferentSizes()
    {
        QVERIFY_THROWS_EXCEPTION(InputError, alignLayout(Matrix(5, 2), Matrix(4, 2)));
        Matrix nan(3, 2);
        nan.at(1, 1) = std::nan("");
        QVERIFY_THROWS_EXCEPTION(InputError, alignLayout(nan, Matrix(3, 2)));
        // Every point in one place: nothing to turn; the points go to the reference's centre.
        Matrix reference(3, 2);
        reference.values = {0, 0, 2, 0, 1, 3};
        const Matrix collapsed = alignLayout(Matrix(3, 2, 5.0), reference);
        QCOMPARE(collapsed.at(2, 0), 1.0);
        QCOMPARE(collapsed.at(2, 1), 1.0);
    }

    void silhouetteMatchesHandComputation()
    {
        Matrix x(4, 1);
        x.values = {0, 1, 10, 11};
        const double expected = ((10.5 - 1) / 10.5 + (9.5 - 1) / 9.5) / 2;
        QVERIFY(std::abs(silhouetteScore(x, {0, 0, 1, 1}) - expected) < 1e-12);
        QCOMPARE(silhouetteScore(x, {0, 0, 0, 0}), 0.0);
    }
};

QTEST_MAIN(TestProjectionClustering)
#include "test_projection_clustering.moc"
