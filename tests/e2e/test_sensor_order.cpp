// The same network with its sensors listed in another order (another export of it, sorted
// otherwise): a model opens on it with its sensors matched by id, and shows where its
// training began in that order; a fine-tuning starts from it and a stopped training resumes
// on it; only a list of the same sensors is another order.
#include "refusals.h"
#include "data/sensor_order.h"
#include "himnet/errors.h"
#include "himnet/forecasting.h"
#include "himnet/model_analysis.h"
#include "himnet/training.h"
#include "quick_training.h"
#include "test_tensors.h"
#include "train/checkpoint.h"

#include <QtTest>

#include <algorithm>

using namespace himnet;
using testing::quickDemoCity;
using testing::quickOptions;
using testing::tensorNamed;

namespace {

/// `data` with its sensors listed last first: the same network, exported in another order.
std::shared_ptr<const Dataset> reversedSensors(const Dataset& data)
{
    const std::vector<std::string> lastFirst(data.sensorIds.rbegin(), data.sensorIds.rend());
    return std::make_shared<const Dataset>(*withSensorsInOrder(data, lastFirst));
}

} // namespace

class TestSensorOrder : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<const Dataset> m_data;
    std::string m_base; ///< testing::trainBaseModel
    double m_baseBestValLoss = 0;

    std::string path(const char* name) const { return (m_dir.path() + '/' + name).toStdString(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_data = quickDemoCity();
        m_base = path("base.h5");
        m_baseBestValLoss = testing::trainBaseModel(m_data, m_base);
    }

    // The same sensors in another order (another export of the network) are matched by id: a
    // model forecasts each sensor as on the order it was trained on, and fine-tunes from there.
    void sensorsListedInAnotherOrderAreMatchedById()
    {
        const auto reversed = reversedSensors(*m_data);
        const Forecaster asTrained(m_data, m_base, DeviceKind::Cpu), reordered(reversed, m_base, DeviceKind::Cpu);
        const int64_t origin = asTrained.firstTestOrigin();
        const Forecast a = asTrained.at(origin), b = reordered.at(origin);
        const int64_t n = m_data->numNodes;
        for (int64_t i = 0; i < n; ++i) {
            QCOMPARE(b.sensorIds[static_cast<size_t>(i)], a.sensorIds[static_cast<size_t>(n - 1 - i)]);
            for (int64_t q : {0, 11})
                QVERIFY2(std::abs(b.value(q, i) - a.value(q, n - 1 - i)) < 1e-3,
                         qPrintable(QString("sensor %1, step %2: %3 vs %4").arg(i).arg(q).arg(b.value(q, i)).arg(a.value(q, n - 1 - i))));
        }
        TrainingOptions o = quickOptions(path("reordered.h5"));
        o.initialWeights = m_base;
        o.epochs = 1;
        o.maxBatchesPerEpoch = 1;
        const TrainResult tuned = train(reversed, o);
        QVERIFY2(std::abs(*tuned.startingValLoss - m_baseBestValLoss) < 1e-4 * m_baseBestValLoss,
                 qPrintable(QString::number(*tuned.startingValLoss)));
        QVERIFY(readCheckpoint(path("reordered.h5")).dataset->sensorIds == reversed->sensorIds);
        // Where training began comes in the data's order too: kept in the file, or drawn from
        // the seed for a file from before it was kept.
        Checkpoint withoutStart = readCheckpoint(m_base);
        withoutStart.start.clear();
        writeCheckpoint(path("base-without-start.h5"), withoutStart);
        for (const std::string& model : {m_base, path("base-without-start.h5")}) {
            const Matrix inTrainingOrder = ModelAnalysis(model, m_data).startingEmbeddings()->node;
            const Matrix inDataOrder = ModelAnalysis(model, reversed).startingEmbeddings()->node;
            for (int64_t i = 0; i < n; ++i)
                for (int64_t j = 0; j < inDataOrder.cols; ++j) QCOMPARE(inDataOrder.at(i, j), inTrainingOrder.at(n - 1 - i, j));
        }

        // Another sensor in the list is another network.
        Dataset renamed = *reversed;
        renamed.sensorIds[3] = "not-a-sensor-of-it";
        const auto other = std::make_shared<const Dataset>(std::move(renamed));
        const QString wrong = testing::refusalMismatch([&] { Forecaster f(other, m_base, DeviceKind::Cpu); },
                                                       {QString::fromStdString(m_base), "it has no sensor 'not-a-sensor-of-it'"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // Listing the sensors in another order moves everything that belongs to a sensor with it
    // (readings, location, zone, the road graph's ends), and only a list of the same sensors
    // is another order.
    void sensorsInAnotherOrderMoveWithWhatBelongsToThem_data()
    {
        QTest::addColumn<QStringList>("order"); // of m_data's first sensors S001.., the others after them as they are
        QTest::addColumn<bool>("sameSensors");
        QTest::newRow("last first") << QStringList{"reverse"} << true;
        QTest::newRow("first two swapped") << QStringList{"S002", "S001"} << true;
        QTest::newRow("as they are") << QStringList{"S001", "S002"} << true;
        QTest::newRow("one twice") << QStringList{"S001", "S001"} << false;
        QTest::newRow("another sensor") << QStringList{"S001", "elsewhere"} << false;
        QTest::newRow("one missing") << QStringList{"drop"} << false;
    }

    void sensorsInAnotherOrderMoveWithWhatBelongsToThem()
    {
        QFETCH(QStringList, order);
        QFETCH(bool, sameSensors);
        const Dataset& d = *m_data;
        std::vector<std::string> ids = d.sensorIds;
        if (order == QStringList{"reverse"}) std::reverse(ids.begin(), ids.end());
        else if (order == QStringList{"drop"}) ids.pop_back();
        else
            for (int i = 0; i < order.size(); ++i) ids[static_cast<size_t>(i)] = order[i].toStdString();
        const std::optional<Dataset> r = withSensorsInOrder(d, ids);
        QCOMPARE(r.has_value(), sameSensors);
        if (!r) return;
        QVERIFY(r->sensorIds == ids);
        r->validate();
        for (int64_t i = 0; i < d.numNodes; ++i) {
            const int64_t was = d.indexOf(r->sensorIds[static_cast<size_t>(i)]);
            for (int64_t t : {int64_t(0), d.numSteps / 2, d.numSteps - 1}) QCOMPARE(r->value(t, i), d.value(t, was));
            QCOMPARE(r->zoneLabels[static_cast<size_t>(i)], d.zoneLabels[static_cast<size_t>(was)]);
            QCOMPARE(r->locations[static_cast<size_t>(i)].latitude, d.locations[static_cast<size_t>(was)].latitude);
        }
        QCOMPARE(r->edges.size(), d.edges.size());
        for (size_t e = 0; e < d.edges.size(); ++e) {
            QCOMPARE(r->sensorIds[static_cast<size_t>(r->edges[e].from)], d.sensorIds[static_cast<size_t>(d.edges[e].from)]);
            QCOMPARE(r->sensorIds[static_cast<size_t>(r->edges[e].to)], d.sensorIds[static_cast<size_t>(d.edges[e].to)]);
            QCOMPARE(r->edges[e].weight, d.edges[e].weight);
        }
    }

    // A training stopped on one export of the network and resumed on another, its sensors
    // sorted otherwise, goes on in the order it started with, to the same weights as one that
    // never stopped; its progress speaks in the caller's order.
    void resumesOnTheSensorsListedInAnotherOrder()
    {
        const std::string straight = path("order-straight.h5"), stopped = path("order-stopped.h5");
        TrainingOptions o = quickOptions(straight, 8);
        o.epochs = 2;
        o.maxBatchesPerEpoch = 4;
        train(m_data, o);
        o.checkpointPath = stopped;
        CancelToken cancel;
        QVERIFY(train(m_data, o, [&](const TrainProgress& p) {
            if (p.kind == TrainProgress::Kind::Batch && p.epoch == 2 && p.batch == 2) cancel.cancel();
        }, &cancel).cancelled);

        const auto reversed = reversedSensors(*m_data);
        o.resume = true;
        std::shared_ptr<const EmbeddingTables> latest, start;
        QCOMPARE(train(reversed, o, [&](const TrainProgress& p) {
            if (p.kind != TrainProgress::Kind::Epoch) return;
            latest = p.embeddings;
            start = p.startEmbeddings;
        }).epochsRun, int64_t(2));
        const Checkpoint a = readCheckpoint(straight), b = readCheckpoint(stopped);
        QVERIFY(sameTensors(a.params, b.params));
        QVERIFY(sameTensors(a.resumeParams, b.resumeParams));
        QVERIFY(b.dataset->sensorIds == m_data->sensorIds); // the order it started with
        QVERIFY(latest && start);
        const torch::Tensor trainedNodes = tensorNamed(b.resumeParams, "node_embedding");
        const torch::Tensor startNodes = tensorNamed(b.start, "node_embedding");
        const int64_t n = m_data->numNodes;
        for (int64_t i : {int64_t(0), int64_t(7), n - 1}) {
            QCOMPARE(latest->node.at(i, 1), trainedNodes[n - 1 - i][1].item<double>());
            QCOMPARE(start->node.at(i, 1), startNodes[n - 1 - i][1].item<double>());
        }

        // Other sensors are another network: refused, naming the file.
        Dataset renamed = *reversed;
        renamed.sensorIds[3] = "not-a-sensor-of-it";
        const QString wrong = testing::refusalMismatch([&] { train(std::make_shared<const Dataset>(std::move(renamed)), o); },
                                                       {QString::fromStdString(stopped), "whose sensors differ"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_MAIN(TestSensorOrder)
#include "test_sensor_order.moc"
