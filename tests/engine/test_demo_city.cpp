// The demo city: deterministic, heterogeneous by construction, and a dataset folder that
// reads back exactly.
#include "himnet/dataset_summary.h"
#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "test_tensors.h"

#include <QtTest>

using namespace himnet;

namespace {

// Mean weekday value per zone and time-of-day slot.
std::vector<std::vector<double>> weekdayProfiles(const Dataset& d)
{
    const int64_t P = d.stepsPerDay();
    std::vector<std::vector<double>> sum(d.zoneNames.size(), std::vector<double>(P, 0.0)), count = sum;
    for (int64_t t = 0; t < d.numSteps; ++t) {
        const int64_t dow = ((d.timestamps[t] / 86400) + 3) % 7;
        if (dow >= 5) continue;
        for (int64_t n = 0; n < d.numNodes; ++n) {
            if (d.isMissing(t, n)) continue;
            sum[d.zoneLabels[n]][t % P] += d.value(t, n);
            count[d.zoneLabels[n]][t % P] += 1;
        }
    }
    for (size_t z = 0; z < sum.size(); ++z)
        for (int64_t s = 0; s < P; ++s) sum[z][s] /= std::max(1.0, count[z][s]);
    return sum;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b)
{
    const torch::Tensor x = torch::tensor(a), y = torch::tensor(b);
    const torch::Tensor xc = x - x.mean(), yc = y - y.mean();
    return ((xc * yc).sum() / (xc.norm() * yc.norm())).item<double>();
}

} // namespace

class TestDemoCity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deterministicForASeed()
    {
        DemoCityOptions o;
        o.sensors = 60;
        o.weeks = 1;
        const Dataset a = generateDemoCity(o), b = generateDemoCity(o);
        QVERIFY(a.values == b.values);
        QVERIFY(a.zoneLabels == b.zoneLabels);
        o.seed = 8;
        QVERIFY(generateDemoCity(o).values != a.values);
    }

    void plantedZonesHaveDistinctDailyProfiles()
    {
        const Dataset d = generateDemoCity();
        QCOMPARE(d.numNodes, int64_t(160));
        QCOMPARE(d.numSteps, int64_t(4 * 7 * 288));
        QCOMPARE(d.zoneNames.size(), size_t(5));
        const DatasetSummary s = summarizeDataset(d);
        for (int64_t size : s.zoneSizes) QVERIFY(size >= 15);
        QVERIFY(s.missingPercent > 0.1 && s.missingPercent < 5); // outages exist, but are rare
        QCOMPARE(s.graph.components <= 6, true);
        const auto profiles = weekdayProfiles(d);
        for (size_t a = 0; a < profiles.size(); ++a)
            for (size_t b = a + 1; b < profiles.size(); ++b)
                QVERIFY2(correlation(profiles[a], profiles[b]) < 0.9,
                         qPrintable(QString::fromStdString(d.zoneNames[a] + " vs " + d.zoneNames[b])));
    }

    void folderRoundTripIsExact()
    {
        DemoCityOptions o;
        o.sensors = 40;
        o.weeks = 1;
        const Dataset d = generateDemoCity(o);
        QTemporaryDir dir;
        writeDatasetFolder(d, dir.path().toStdString());
        const Dataset back = loadDataset(dir.path().toStdString());
        QCOMPARE(back.format, std::string("pandas-hdf5"));
        QCOMPARE(d.quantity, std::string("speed"));
        QCOMPARE(d.unit, std::string("km/h"));
        QCOMPARE(back.quantity, d.quantity);
        QCOMPARE(back.unit, d.unit);
        QVERIFY(back.values == d.values);
        QVERIFY(back.timestamps == d.timestamps);
        QVERIFY(back.sensorIds == d.sensorIds);
        QVERIFY(back.zoneLabels == d.zoneLabels);
        QVERIFY(back.zoneNames == d.zoneNames);
        QCOMPARE(back.edges.size(), d.edges.size());
        for (size_t i = 0; i < d.edges.size(); ++i) QVERIFY(std::abs(back.edges[i].weight - d.edges[i].weight) < 1e-9);
        for (size_t n = 0; n < d.locations.size(); ++n) QVERIFY(std::abs(back.locations[n].latitude - d.locations[n].latitude) < 1e-7);
    }

    void optionsOutOfRangeAreRejected()
    {
        DemoCityOptions o;
        o.sensors = 5;
        QVERIFY_THROWS_EXCEPTION(InputError, generateDemoCity(o));
        o.sensors = 100;
        o.weeks = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, generateDemoCity(o));
    }
};

QTEST_MAIN(TestDemoCity)
#include "test_demo_city.moc"
