// Data-parallel training (himnet/distributed.h): processes that each take a share of every
// batch end with the weights one process trains with the same batches, to float32 rounding;
// they stop together when one is interrupted, and the run resumes exactly; processes set up
// differently, or missing, get a clear error instead of a hang. The processes here are
// threads of this test, meeting through a file, as separate programs would.
#include "refusals.h"
#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "himnet/training.h"
#include "train/checkpoint.h"
#include "train/process_group.h"
#include "train/trained_model.h"

#include <QtTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <future>
#include <map>

using namespace himnet;

namespace {

std::shared_ptr<const Dataset> smallCity()
{
    static const auto city = [] {
        DemoCityOptions o;
        o.sensors = 20;
        o.weeks = 1;
        return std::make_shared<const Dataset>(generateDemoCity(o));
    }();
    return city;
}

// A small model trained on `trainWindows` windows (a last batch smaller than the others when
// they do not divide), 20 validation windows, 2 epochs.
TrainingOptions smallTraining(int64_t batchSize, int64_t trainWindows, const std::string& checkpoint)
{
    TrainingOptions o = presetOptions("default");
    o.model.hiddenDim = 8;
    o.model.nodeEmbeddingDim = 4;
    o.model.stEmbeddingDim = 4;
    o.model.todEmbeddingDim = 4;
    o.model.dowEmbeddingDim = 2;
    o.epochs = 2;
    o.batchSize = batchSize;
    const double samples = static_cast<double>(smallCity()->numSteps - 23); // windows of 12 + 12 steps
    o.trainRatio = static_cast<double>(trainWindows) / samples;
    o.valRatio = 20.0 / samples;
    o.learningRate = 3e-3;
    o.seed = 5;
    o.device = DeviceKind::Cpu;
    o.checkpointPath = checkpoint;
    return o;
}

// A TCP port nobody listens on now, for rank 0 to listen on.
int freePort()
{
    const int probe = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address);
    getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
    close(probe);
    return ntohs(address.sin_port);
}

struct RankOutcome {
    TrainResult result;
    std::string error; ///< what it threw, if it threw
};

// Trains with `worldSize` processes (threads here), process r with options(r), meeting at
// `rendezvous`: a store file's path, or a tcp:// address.
std::vector<RankOutcome> trainTogether(int worldSize, const QString& rendezvous, const std::function<TrainingOptions(int)>& options,
                                       const std::function<const CancelToken*(int)>& cancelOf = {},
                                       const std::function<ProgressCallback(int)>& progressOf = {})
{
    std::vector<std::future<RankOutcome>> running;
    for (int rank = 0; rank < worldSize; ++rank) {
        running.push_back(std::async(std::launch::async, [=] {
            TrainingOptions o = options(rank);
            o.processes.worldSize = worldSize;
            o.processes.rank = rank;
            o.processes.localRank = rank;
            o.processes.localWorldSize = worldSize;
            o.processes.rendezvous = (rendezvous.startsWith("tcp://") ? rendezvous : "file://" + rendezvous).toStdString();
            o.processes.timeoutSeconds = 60;
            RankOutcome outcome;
            try {
                outcome.result = train(smallCity(), o, progressOf ? progressOf(rank) : ProgressCallback{}, cancelOf ? cancelOf(rank) : nullptr);
            } catch (const std::exception& e) {
                outcome.error = e.what();
            }
            return outcome;
        }));
    }
    std::vector<RankOutcome> outcomes;
    for (auto& r : running) outcomes.push_back(r.get());
    return outcomes;
}

// The largest difference between two sets of weights, relative to the largest weight.
double largestRelativeDifference(const NamedTensors& a, const NamedTensors& b)
{
    std::map<std::string, torch::Tensor> byName(b.begin(), b.end());
    double difference = 0, scale = 1e-12;
    for (const auto& [name, t] : a) {
        if (!byName.count(name)) return std::numeric_limits<double>::infinity();
        difference = std::max(difference, (t - byName.at(name)).abs().max().item<double>());
        scale = std::max(scale, t.abs().max().item<double>());
    }
    return a.size() == b.size() ? difference / scale : std::numeric_limits<double>::infinity();
}

} // namespace

class TestDistributedTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (!distributedTrainingAvailable()) QSKIP("this build has no c10d with Gloo");
    }

    void sharesOfEveryBatchTrainAsOneProcess_data()
    {
        QTest::addColumn<int>("processes");
        QTest::addColumn<int>("batchSize");
        QTest::addColumn<int>("trainWindows");
        QTest::addColumn<bool>("overTcp");
        QTest::newRow("2 processes, batches of 4: 2 windows each") << 2 << 4 << 16 << false;
        QTest::newRow("2 processes, batches of 5: 3 and 2 windows") << 2 << 5 << 15 << false;
        QTest::newRow("2 processes, a last batch of 1: one process has none") << 2 << 4 << 9 << false;
        QTest::newRow("3 processes, batches of 4") << 3 << 4 << 12 << false;
        QTest::newRow("2 processes meeting over TCP") << 2 << 4 << 16 << true;
    }

    void sharesOfEveryBatchTrainAsOneProcess()
    {
        QFETCH(int, processes);
        QFETCH(int, batchSize);
        QFETCH(int, trainWindows);
        QFETCH(bool, overTcp);
        QTemporaryDir dir;
        const std::string alone = (dir.path() + "/alone.h5").toStdString(), together = (dir.path() + "/together.h5").toStdString();
        {
            // The split these options make is the one the row names.
            const TrainingOptions o = smallTraining(batchSize, trainWindows, alone);
            QCOMPARE(WindowedData(smallCity(), windowOptionsFor(o, o.model)).count(Split::Train), int64_t(trainWindows));
        }
        const TrainResult single = train(smallCity(), smallTraining(batchSize, trainWindows, alone));

        const QString rank1Checkpoint = dir.path() + "/rank1.h5";
        const QString rendezvous = overTcp ? QString("tcp://127.0.0.1:%1").arg(freePort()) : dir.path() + "/store";
        const auto outcomes = trainTogether(processes, rendezvous, [&](int rank) {
            return smallTraining(batchSize, trainWindows, rank == 0 ? together : rank1Checkpoint.toStdString());
        });
        for (const auto& outcome : outcomes) QVERIFY2(outcome.error.empty(), outcome.error.c_str());
        QVERIFY2(!QFile::exists(rank1Checkpoint), "only rank 0 writes the checkpoint");

        // Every process saw the whole batches' losses, the same on each, as the single process.
        for (const auto& outcome : outcomes) {
            QCOMPARE(outcome.result.history.size(), single.history.size());
            for (size_t e = 0; e < single.history.size(); ++e) {
                QVERIFY(std::abs(outcome.result.history[e].trainLoss - single.history[e].trainLoss) <= 1e-4 * single.history[e].trainLoss);
                QVERIFY(std::abs(outcome.result.history[e].valLoss - single.history[e].valLoss) <= 1e-4 * single.history[e].valLoss);
            }
        }
        const Checkpoint a = readCheckpoint(alone), b = readCheckpoint(together);
        const double difference = largestRelativeDifference(a.resumeParams, b.resumeParams);
        qInfo("%d processes, batch %d: weights differ by %.2g of the largest weight", processes, batchSize, difference);
        QVERIFY(difference < 1e-4);
        QVERIFY(largestRelativeDifference(a.params, b.params) < 1e-4);
        QCOMPARE(b.history.size(), a.history.size());
    }

    // Interrupting one process stops them all at the same batch; rank 0's checkpoint holds it,
    // and the processes resume to the weights of a run never interrupted.
    void oneInterruptedProcessStopsAllAndTheyResume()
    {
        QTemporaryDir dir;
        const std::string alone = (dir.path() + "/alone.h5").toStdString(), together = (dir.path() + "/together.h5").toStdString();
        const TrainResult single = train(smallCity(), smallTraining(4, 16, alone));
        QCOMPARE(single.epochsRun, int64_t(2));
        const auto sameOptions = [&](int) { return smallTraining(4, 16, together); };

        // Ctrl+C on one machine before any batch: all stop, with nothing to keep.
        CancelToken early;
        early.cancel();
        for (const auto& outcome : trainTogether(2, dir.path() + "/store1", sameOptions, [&](int rank) { return rank == 1 ? &early : nullptr; })) {
            QVERIFY2(outcome.error.empty(), outcome.error.c_str());
            QVERIFY(outcome.result.cancelled);
            QCOMPARE(outcome.result.epochsRun, int64_t(0));
        }
        QVERIFY(!QFile::exists(QString::fromStdString(together)));

        // Process 1 is interrupted after the second batch of epoch 2: both stop there.
        CancelToken midway;
        const auto stopped = trainTogether(
            2, dir.path() + "/store2", sameOptions, [&](int rank) { return rank == 1 ? &midway : nullptr; },
            [&](int rank) -> ProgressCallback {
                if (rank != 1) return {};
                return [&](const TrainProgress& p) {
                    if (p.kind == TrainProgress::Kind::Batch && p.epoch == 2 && p.batch == 2) midway.cancel();
                };
            });
        for (const auto& outcome : stopped) {
            QVERIFY2(outcome.error.empty(), outcome.error.c_str());
            QVERIFY(outcome.result.cancelled);
            QCOMPARE(outcome.result.epochsRun, int64_t(1));
            QCOMPARE(outcome.result.batchesIntoEpoch, int64_t(2));
        }
        const auto resumed = trainTogether(2, dir.path() + "/store3", [&](int) {
            TrainingOptions o = smallTraining(4, 16, together);
            o.resume = true;
            return o;
        });
        for (const auto& outcome : resumed) {
            QVERIFY2(outcome.error.empty(), outcome.error.c_str());
            QCOMPARE(outcome.result.epochsRun, int64_t(2));
        }
        const double difference = largestRelativeDifference(readCheckpoint(alone).resumeParams, readCheckpoint(together).resumeParams);
        qInfo("stopped at epoch 2, batch 2, resumed: weights differ from an uninterrupted run by %.2g", difference);
        QVERIFY(difference < 1e-4);
    }

    void processesSetUpDifferentlyAreTold_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("disagreement");
        QTest::newRow("batch size") << "batch" << "the batch size (4 against 5)";
        QTest::newRow("seed") << "seed" << "the training options (hashed)";
        QTest::newRow("hidden size") << "hidden" << "the training options (hashed)";
    }

    void processesSetUpDifferentlyAreTold()
    {
        QFETCH(QString, option);
        QFETCH(QString, disagreement);
        QTemporaryDir dir;
        const auto outcomes = trainTogether(2, dir.path() + "/store", [&](int rank) {
            TrainingOptions o = smallTraining(4, 16, {});
            if (rank == 1 && option == "batch") o.batchSize = 5;
            if (rank == 1 && option == "seed") o.seed = 6;
            if (rank == 1 && option == "hidden") o.model.hiddenDim = 12;
            return o;
        });
        for (const auto& outcome : outcomes) {
            QVERIFY2(QString::fromStdString(outcome.error).contains("the 2 processes disagree on " + disagreement), outcome.error.c_str());
            QVERIFY(QString::fromStdString(outcome.error).contains("start every process with the same data, options and checkpoint"));
        }
    }

    void aProcessAloneGivesUpAfterItsTimeout()
    {
        QTemporaryDir dir;
        TrainingOptions o = smallTraining(4, 16, {});
        o.processes = {2, 0, 0, 2, "file://" + (dir.path() + "/store").toStdString(), false, 2};
        QElapsedTimer clock;
        clock.start();
        const QString wrong = testing::refusalMismatch<RuntimeFailure>([&] { train(smallCity(), o); },
                                                                       {"process 0 of 2 could not join the others at file://"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QVERIFY(clock.elapsed() < 60000);
    }

    void processOptionsAreChecked_data()
    {
        QTest::addColumn<int>("worldSize");
        QTest::addColumn<int>("rank");
        QTest::addColumn<QString>("rendezvous");
        QTest::addColumn<QString>("problem");
        QTest::newRow("rank past the group") << 2 << 2 << "tcp://127.0.0.1:29500" << "process rank 2 is outside 0..1";
        QTest::newRow("no rendezvous") << 2 << 0 << "" << "needs a rendezvous address";
        QTest::newRow("no port") << 2 << 0 << "tcp://host" << "expected tcp://HOST:PORT or file:///PATH";
        QTest::newRow("bad port") << 2 << 0 << "tcp://host:99999" << "(port '99999')";
        QTest::newRow("relative file") << 2 << 0 << "file://store" << "the path must be absolute";
        QTest::newRow("unknown scheme") << 2 << 0 << "env://" << "expected tcp://HOST:PORT or file:///PATH";
    }

    void processOptionsAreChecked()
    {
        QFETCH(int, worldSize);
        QFETCH(int, rank);
        QFETCH(QString, rendezvous);
        QFETCH(QString, problem);
        ProcessGroupOptions o;
        o.worldSize = worldSize;
        o.rank = rank;
        o.localWorldSize = worldSize;
        o.rendezvous = rendezvous.toStdString();
        const QString wrong = testing::refusalMismatch([&] { o.validate(); }, {problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void torchrunsVariablesDescribeTheProcess()
    {
        qputenv("WORLD_SIZE", "4");
        qputenv("RANK", "3");
        qputenv("LOCAL_RANK", "1");
        qputenv("LOCAL_WORLD_SIZE", "2");
        qputenv("MASTER_ADDR", "10.0.0.7");
        qputenv("MASTER_PORT", "29400");
        qputenv("TORCHELASTIC_USE_AGENT_STORE", "True");
        const ProcessGroupOptions o = ProcessGroupOptions::fromEnvironment();
        QCOMPARE(o.worldSize, 4);
        QCOMPARE(o.rank, 3);
        QCOMPARE(o.localRank, 1);
        QCOMPARE(o.localWorldSize, 2);
        QCOMPARE(QString::fromStdString(o.rendezvous), QString("tcp://10.0.0.7:29400"));
        QVERIFY(o.agentStore);
        o.validate();
        qputenv("RANK", "three");
        QVERIFY_THROWS_EXCEPTION(InputError, ProcessGroupOptions::fromEnvironment());
        for (const char* name : {"WORLD_SIZE", "RANK", "LOCAL_RANK", "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "TORCHELASTIC_USE_AGENT_STORE"})
            qunsetenv(name);
        QVERIFY(!ProcessGroupOptions::fromEnvironment().enabled());
    }
};

QTEST_MAIN(TestDistributedTraining)
#include "test_distributed_training.moc"
