// What a trained model learned, read back: the embeddings are the model's own parameters,
// the spatiotemporal ones are what the model computes for those windows, the generated-weight
// norms equal the norms of weights mixed directly from the pools, the explorer's points carry
// the right zones, the CSV export holds every point, and the embeddings a training started from
// are drawn again exactly from its seed.
#include "refusals.h"
#include "himnet/demo_city.h"
#include "himnet/embedding_map.h"
#include "himnet/errors.h"
#include "himnet/model_analysis.h"
#include "himnet/training.h"
#include "data/windowed_data.h"
#include "model/himnet.h"
#include "train/checkpoint.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace himnet;

class TestModelAnalysis : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string m_checkpoint;
    std::shared_ptr<const Dataset> m_data;
    HimNet m_model{nullptr};

    torch::Tensor parameter(const std::string& name) const
    {
        for (const auto& item : m_model->named_parameters(true))
            if (item.key() == name) return item.value().detach().to(torch::kDouble);
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        DemoCityOptions city;
        city.sensors = 30;
        city.weeks = 2;
        m_data = std::make_shared<const Dataset>(generateDemoCity(city));
        TrainingOptions o = presetOptions("demo-city");
        o.epochs = 1;
        o.maxBatchesPerEpoch = 3;
        o.device = DeviceKind::Cpu;
        o.checkpointPath = (m_dir.path() + "/model.h5").toStdString();
        train(m_data, o);
        m_checkpoint = o.checkpointPath;
        const Checkpoint c = readCheckpoint(m_checkpoint);
        m_model = HimNet(c.config);
        loadStateDict(*m_model, c.params, m_checkpoint);
        m_model->eval();
    }

    void embeddingsAreTheModelsParameters()
    {
        const ModelAnalysis a(m_checkpoint);
        const HimNetConfig& c = a.config();
        QVERIFY(!a.hasData());
        QCOMPARE(a.sensorIds(), m_data->sensorIds); // from the checkpoint itself
        const Matrix node = a.nodeEmbeddings();
        QCOMPARE(node.rows, int64_t(30));
        QCOMPARE(node.cols, c.nodeEmbeddingDim);
        QCOMPARE(node.at(7, 3), parameter("node_embedding")[7][3].item<double>());
        const Matrix tod = a.timeOfDayEmbeddings();
        QCOMPARE(tod.rows, int64_t(288));
        QCOMPARE(tod.at(100, 2), parameter("tod_embedding.weight")[100][2].item<double>());
        const Matrix dow = a.dayOfWeekEmbeddings();
        QCOMPARE(dow.rows, int64_t(7));
        QCOMPARE(dow.cols, c.dowEmbeddingDim);
        const Matrix mix = a.temporalMixing(5);
        QCOMPARE(mix.cols, c.todEmbeddingDim + c.dowEmbeddingDim);
        QCOMPARE(mix.at(10, c.todEmbeddingDim + 1), dow.at(5, 1));
    }

    void generatedWeightNormsMatchWeightsMixedFromThePools()
    {
        const ModelAnalysis a(m_checkpoint, m_data);
        // Encoder S, node 4: mix each convolution's pool with E[4] and take the Frobenius norm.
        const torch::Tensor e = parameter("node_embedding")[4];
        double squared = 0;
        for (const auto& item : m_model->named_parameters(true)) {
            const std::string& name = item.key();
            if (name.rfind("encoder_s.", 0) != 0 || name.find("weights_pool") == std::string::npos) continue;
            squared += torch::tensordot(e, item.value().detach().to(torch::kDouble), {0}, {0}).pow(2).sum().item<double>();
        }
        const std::vector<double> spatial = a.spatialWeightNorms();
        QCOMPARE(spatial.size(), size_t(30));
        QVERIFY(std::abs(spatial[4] - std::sqrt(squared)) < 1e-9 * std::sqrt(squared));

        const Matrix temporal = a.temporalWeightNorms();
        QCOMPARE(temporal.rows, int64_t(7));
        QCOMPARE(temporal.cols, int64_t(288));
        QVERIFY(temporal.at(2, 100) > 0);

        const std::vector<int64_t> origins = a.oneDayOrigins(4);
        const Matrix st = a.spatioTemporalWeightNorms(origins);
        QCOMPARE(st.rows, int64_t(4));
        QCOMPARE(st.cols, int64_t(30));
        QVERIFY(st.at(3, 29) > 0);
    }

    void spatioTemporalEmbeddingsAreWhatTheModelComputes()
    {
        const ModelAnalysis a(m_checkpoint, m_data);
        const std::vector<int64_t> origins = a.oneDayOrigins(6);
        QCOMPARE(origins.size(), size_t(6));
        WindowedData windows(m_data);
        QCOMPARE(windows.slots()[static_cast<size_t>(origins[0])], int64_t(0)); // midnight
        QCOMPARE(origins[1] - origins[0], int64_t(48));                       // every 4 hours
        QVERIFY(origins[0] >= windows.starts(Split::Test).front());           // a test day
        QCOMPARE(a.timeOfDaySlots(origins), (std::vector<int64_t>{0, 48, 96, 144, 192, 240}));
        QVERIFY_THROWS_EXCEPTION(InputError, a.timeOfDaySlots({m_data->numSteps}));
        const Matrix st = a.spatioTemporalEmbeddings(origins);
        QCOMPARE(st.rows, int64_t(6 * 30));
        QCOMPARE(st.cols, a.config().stEmbeddingDim);
        // Row 2 * N + 11: sensor 11 at the third origin.
        torch::NoGradGuard noGrad;
        const Batch b = windows.batchAt({origins[2] - a.config().inSteps + 1});
        const torch::Tensor direct = m_model->spatioTemporalEmbedding(b.x)[0][11];
        for (int64_t j = 0; j < st.cols; ++j) QVERIFY(std::abs(st.at(2 * 30 + 11, j) - direct[j].item<double>()) < 1e-5);
    }

    void explorerPointsCarryZonesAndValues_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("points");
        QTest::addColumn<bool>("zones");
        QTest::newRow("node") << "node" << 30 << true;
        QTest::newRow("tod") << "tod" << 288 << false;
        QTest::newRow("dow") << "dow" << 7 << false;
        QTest::newRow("st") << "st" << 24 * 30 << true;
    }
    void explorerPointsCarryZonesAndValues()
    {
        QFETCH(QString, what);
        QFETCH(int, points);
        QFETCH(bool, zones);
        const ModelAnalysis a(m_checkpoint, m_data);
        const EmbeddingPoints p = embeddingPoints(a, parseEmbeddingKind(what.toStdString()), m_data.get());
        QCOMPARE(p.size(), int64_t(points));
        QCOMPARE(p.hasZones(), zones);
        QCOMPARE(p.names.size(), size_t(points));
        if (zones) QCOMPARE(p.zone[static_cast<size_t>(points - 1)], m_data->zoneLabels[29]);
        if (what == "dow") QCOMPARE(p.names[6], std::string("Sunday"));
        if (what == "tod") QCOMPARE(p.names[102], std::string("08:30"));
        // While a model trains, its embeddings come without a checkpoint: the same points.
        if (what != "st") {
            const EmbeddingPoints live = embeddingPoints(p.kind, p.vectors, *m_data);
            QCOMPARE(live.names, p.names);
            QCOMPARE(live.sensor, p.sensor);
            QCOMPARE(live.slot, p.slot);
            QCOMPARE(live.dayOfWeek, p.dayOfWeek);
            QCOMPARE(live.zone, p.zone);
            QCOMPARE(live.zoneNames, p.zoneNames);
            QCOMPARE(live.vectors.values, p.vectors.values);
            for (size_t i = 0; i < p.value.size(); ++i)
                QVERIFY(live.value[i] == p.value[i] || (std::isnan(live.value[i]) && std::isnan(p.value[i])));
        }

        EmbeddingMapOptions o;
        o.method = ProjectionMethod::Pca;
        o.clusters = 3;
        const EmbeddingMap map = mapEmbeddings(p, o);
        QCOMPARE(map.layout.rows, int64_t(points));
        QCOMPARE(map.cluster.size(), size_t(points));
        QCOMPARE(map.ari.has_value(), zones);
        // Time of day also says how much daily order its embeddings have: none for a model
        // three batches from its random start.
        QCOMPARE(map.dailyOrder.has_value(), what == "tod");
        if (map.dailyOrder) {
            QCOMPARE(*map.dailyOrder, *cyclicNeighbourRatio(p.vectors));
            QVERIFY2(readDailyOrder(*map.dailyOrder) == DailyOrder::None, qPrintable(QString::number(*map.dailyOrder)));
        }
        // The parameter embeddings come with their starting values: three batches left them
        // mostly there.
        QCOMPARE(p.startVectors.has_value(), what != "st");
        QCOMPARE(map.startCorrelation.has_value(), what != "st");
        if (p.startVectors) {
            QCOMPARE(p.startVectors->rows, p.vectors.rows);
            QCOMPARE(p.startVectors->cols, p.vectors.cols);
            QVERIFY(p.startVectors->values != p.vectors.values);
            QVERIFY2(mostlyAtStart(*map.startCorrelation) && *map.startCorrelation < 1, qPrintable(QString::number(*map.startCorrelation)));
        }

        const QString csv = m_dir.path() + "/" + what + ".csv";
        writeEmbeddingCsv(p, map, csv.toStdString());
        std::ifstream in(csv.toStdString());
        std::string header, line;
        std::getline(in, header);
        QVERIFY(QString::fromStdString(header).startsWith("point,name,sensor,slot,day_of_week,zone,value,x,y,cluster,e0"));
        int rows = 0;
        while (std::getline(in, line)) ++rows;
        QCOMPARE(rows, points);
    }

    // The starting embeddings are those the training began with: a training that cannot move
    // its weights (a learning rate of 1e-12, no weight decay) ends where they are. The
    // checkpoint keeps them; a file from before it did draws them again from the training's
    // seed, to the same values. Without the record of how it was trained (an older file, a
    // reference state dict), or when it drew its weights another way, there is nothing to
    // compare with.
    void startingEmbeddingsAreWhereTrainingBegan()
    {
        TrainingOptions o = presetOptions("demo-city");
        o.epochs = 1;
        o.maxBatchesPerEpoch = 1;
        o.learningRate = 1e-12;
        o.weightDecay = 0;
        o.seed = 23;
        o.device = DeviceKind::Cpu;
        o.checkpointPath = (m_dir.path() + "/unmoved.h5").toStdString();
        train(m_data, o);
        const ModelAnalysis unmoved(o.checkpointPath, m_data);
        const auto start = unmoved.startingEmbeddings();
        QVERIFY(start.has_value());
        const std::pair<Matrix, Matrix> pairs[] = {{unmoved.nodeEmbeddings(), start->node},
                                                   {unmoved.timeOfDayEmbeddings(), start->timeOfDay},
                                                   {unmoved.dayOfWeekEmbeddings(), start->dayOfWeek}};
        for (const auto& [now, then] : pairs) {
            QCOMPARE(now.rows, then.rows);
            QCOMPARE(now.cols, then.cols);
            for (size_t i = 0; i < now.values.size(); ++i) QVERIFY(std::abs(now.values[i] - then.values[i]) < 1e-6);
            QVERIFY(correlationWithStart(now, then) > 1 - 1e-9);
        }
        // Another seed starts elsewhere.
        const ModelAnalysis trained(m_checkpoint, m_data);
        QVERIFY(trained.startingEmbeddings()->node.values != start->node.values);

        // Kept in the file; one from before /start existed draws the same from its seed.
        Checkpoint beforeStartWasKept = readCheckpoint(o.checkpointPath);
        QCOMPARE(beforeStartWasKept.start.size(), size_t(3));
        beforeStartWasKept.start.clear();
        const std::string redrawnPath = (m_dir.path() + "/redrawn.h5").toStdString();
        writeCheckpoint(redrawnPath, beforeStartWasKept);
        for (const ModelAnalysis& redrawn : {ModelAnalysis(redrawnPath, m_data), ModelAnalysis(redrawnPath)}) {
            const auto again = redrawn.startingEmbeddings();
            QVERIFY(again.has_value());
            QCOMPARE(again->node.values, start->node.values);
            QCOMPARE(again->timeOfDay.values, start->timeOfDay.values);
            QCOMPARE(again->dayOfWeek.values, start->dayOfWeek.values);
        }

        // A training whose weights were drawn another way (the record says which) gets none
        // from a file that does not keep them: drawn now, they would not be the ones it
        // started from.
        Checkpoint otherScheme = beforeStartWasKept;
        nlohmann::json record = nlohmann::json::parse(otherScheme.training);
        QCOMPARE(record.at("initialisation").get<int>(), kInitialisationScheme);
        record["initialisation"] = kInitialisationScheme + 1;
        otherScheme.training = record.dump();
        const std::string otherSchemePath = (m_dir.path() + "/other-scheme.h5").toStdString();
        writeCheckpoint(otherSchemePath, otherScheme);
        QVERIFY(!ModelAnalysis(otherSchemePath, m_data).startingEmbeddings().has_value());
        QVERIFY(!ModelAnalysis(otherSchemePath).startingEmbeddings().has_value());
        // Records from before the scheme was written down drew their weights as scheme 1 does.
        record.erase("initialisation");
        otherScheme.training = record.dump();
        writeCheckpoint(otherSchemePath, otherScheme);
        QCOMPARE(ModelAnalysis(otherSchemePath, m_data).startingEmbeddings().has_value(), kInitialisationScheme == 1);

        Checkpoint older = beforeStartWasKept;
        older.training.clear();
        const std::string olderPath = (m_dir.path() + "/older.h5").toStdString();
        writeCheckpoint(olderPath, older);
        const ModelAnalysis withoutRecord(olderPath);
        QVERIFY(!withoutRecord.startingEmbeddings().has_value());
        const EmbeddingPoints points = embeddingPoints(withoutRecord, EmbeddingKind::Node);
        QVERIFY(!points.startVectors.has_value());
        EmbeddingMapOptions pcaOnly;
        pcaOnly.method = ProjectionMethod::Pca;
        pcaOnly.clusters = -1;
        QVERIFY(!mapEmbeddings(points, pcaOnly).startCorrelation.has_value());
    }

    void badRequestsAreExplained()
    {
        const ModelAnalysis withoutData(m_checkpoint);
        QString wrong = testing::refusalMismatch([&] { embeddingPoints(withoutData, EmbeddingKind::SpatioTemporal); }, {"--data"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        DemoCityOptions other;
        other.sensors = 40;
        other.weeks = 1;
        auto otherData = std::make_shared<const Dataset>(generateDemoCity(other));
        wrong = testing::refusalMismatch([&] { ModelAnalysis(m_checkpoint, otherData); }, {QString::fromStdString(m_checkpoint)});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QVERIFY_THROWS_EXCEPTION(InputError, ModelAnalysis((m_dir.path() + "/missing.h5").toStdString()));
        QVERIFY_THROWS_EXCEPTION(InputError, parseEmbeddingKind("nodes"));
        const ModelAnalysis a(m_checkpoint, m_data);
        QVERIFY_THROWS_EXCEPTION(InputError, a.spatioTemporalEmbeddings({0}));
        // Kept starting embeddings that do not fit the model: named, never drawn.
        Checkpoint misfitStart = readCheckpoint(m_checkpoint);
        for (auto& [name, tensor] : misfitStart.start)
            if (name == "node_embedding") tensor = tensor.narrow(0, 0, 5);
        const std::string misfitPath = (m_dir.path() + "/misfit-start.h5").toStdString();
        writeCheckpoint(misfitPath, misfitStart);
        wrong = testing::refusalMismatch([&] { ModelAnalysis(misfitPath).startingEmbeddings(); },
                                         {QString::fromStdString(misfitPath), "/start/node_embedding has shape (5, "});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        // Embeddings of a training that do not fit the data it trains on.
        const std::vector<std::pair<EmbeddingKind, Matrix>> misfits = {
            {EmbeddingKind::Node, a.nodeEmbeddings()}, {EmbeddingKind::TimeOfDay, a.dayOfWeekEmbeddings()},
            {EmbeddingKind::DayOfWeek, a.timeOfDayEmbeddings()}, {EmbeddingKind::SpatioTemporal, a.nodeEmbeddings()}};
        for (const auto& [kind, vectors] : misfits) {
            wrong = testing::refusalMismatch([&] { embeddingPoints(kind, vectors, kind == EmbeddingKind::Node ? *otherData : *m_data); },
                                             {kind == EmbeddingKind::SpatioTemporal ? "run of the model" : "do not fit demo-city"});
            QVERIFY2(wrong.isEmpty(), qPrintable(QString::fromStdString(embeddingKindName(kind)) + ": " + wrong));
        }
    }

    // The latest hours of a feed, too short for the training's splits: what needs no windows
    // (the embeddings, the pools' sensor mixing) is there, and what does says why it is not.
    void shortDataGiveWhatNeedsNoWindows()
    {
        Dataset latest = *m_data;
        const int64_t keep = 20;
        latest.values.erase(latest.values.begin(), latest.values.end() - keep * latest.numNodes * latest.numChannels);
        latest.timestamps.erase(latest.timestamps.begin(), latest.timestamps.end() - keep);
        latest.numSteps = keep;
        const auto data = std::make_shared<const Dataset>(latest);
        const ModelAnalysis a(m_checkpoint, data);
        QVERIFY(!a.hasData());
        QCOMPARE(embeddingPoints(a, EmbeddingKind::Node, data.get()).vectors.rows, m_data->numNodes);
        const QString wrong = testing::refusalMismatch([&] { embeddingPoints(a, EmbeddingKind::SpatioTemporal, data.get()); },
                                                       {"need longer data", "the series has 20 steps"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void meanDailyProfileAveragesEachSlotOverDays()
    {
        Dataset d;
        d.name = "two days";
        d.intervalSeconds = 43200; // two slots a day
        d.numSteps = 4;
        d.numNodes = 2;
        d.timestamps = {0, 43200, 86400, 129600};
        d.sensorIds = {"a", "b"};
        d.values = {10, 20, /*noon*/ 30, 0, /*next day*/ 14, 24, /*noon*/ 34, 44};
        const std::vector<double> both = meanDailyProfile(d, {0, 1});
        QCOMPARE(both.size(), size_t(2));
        QCOMPARE(both[0], (10 + 20 + 14 + 24) / 4.0);
        QCOMPARE(both[1], (30 + 34 + 44) / 3.0); // the missing 0 is skipped
        QVERIFY_THROWS_EXCEPTION(InputError, meanDailyProfile(d, {2}));
    }
};

QTEST_MAIN(TestModelAnalysis)
#include "test_model_analysis.moc"
