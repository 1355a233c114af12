// Running out of memory: the least a training step needs (train/memory_need.h), what this
// process can get (core/available_memory.h), the refusal of a training that cannot fit, and
// what the CLI and the app say when an allocation fails anyway (himnet/failure_text.h).
#include "bench/naive_himnet.h"
#include "core/available_memory.h"
#include "himnet/failure_text.h"
#include "refusals.h"
#include "train/memory_need.h"

#include <QtTest>

#include <fstream>
#include <new>
#include <sstream>

using namespace himnet;

namespace {

constexpr int64_t kGiB = int64_t(1) << 30;

HimNetConfig network(int64_t nodes, int64_t hidden, int64_t chebK = 2, int64_t layers = 1, int64_t steps = 12)
{
    HimNetConfig c; // METR-LA's otherwise
    c.numNodes = nodes;
    c.hiddenDim = hidden;
    c.chebK = chebK;
    c.numLayers = layers;
    c.inSteps = c.outSteps = steps;
    return c;
}

void throwFailure(const QString& kind)
{
    if (kind == "CPU allocation") { // 256 TiB: beyond x86-64's 128 TiB of user address space, overcommit or not
        const torch::Tensor huge = torch::empty({int64_t(1) << 46}, torch::kFloat32);
        QFAIL("LibTorch allocated 256 TiB");
    }
    if (kind == "CUDA allocation")
        throw c10::OutOfMemoryError({__func__, __FILE__, uint32_t(__LINE__)},
                                    "CUDA out of memory. Tried to allocate 20.00 GiB (GPU 0; 79.15 GiB total capacity; 70.00 GiB already allocated)");
    if (kind == "std::bad_alloc") throw std::bad_alloc();
    if (kind == "shape check") TORCH_CHECK(false, "shapes [2, 3] and [4] do not match");
    if (kind == "a file named so") throw InputError("/data/out of memory.csv: row 3 has 2 fields, the header has 3");
    throw std::runtime_error("disk full while writing model.h5");
}

} // namespace

class TestMemoryLimits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void leastMemoryOfMetrLa()
    {
        // Per node, per step of each of the 36 (12 per stack): 2 K (C + H) Chebyshev terms and
        // 6 H of gates and states = 2·2·67 + 384 = 652 floats; the decoder's 207 x 207 graph.
        const TrainingMemory m = trainingMemoryOf(HimNetConfig{});
        QCOMPARE(m.perWindowBytes, 4.0 * (207 * 36 * 652 + 207 * 207));
        QCOMPARE(m.fixedBytes, 16.0 * double(HimNetConfig{}.parameterCount()));
        QCOMPARE(m.leastBytes(16), m.fixedBytes + 16 * m.perWindowBytes);
    }

    void naiveFormulationKeepsTheWeightsItGenerates()
    {
        // himnet bench's reference formulation: per window, the decoder's (207, 2·67, 192)
        // weights of each of 12 steps and the temporal encoder's (2·67, 192); per step, the
        // spatial encoder's (207, 2·67, 192).
        const TrainingMemory ours = trainingMemoryOf(HimNetConfig{});
        const TrainingMemory naive = naiveTrainingMemoryOf(HimNetConfig{});
        QCOMPARE(naive.perWindowBytes, ours.perWindowBytes + 4.0 * (12 * 207 * 134 * 192 + 12 * 134 * 192));
        QCOMPARE(naive.fixedBytes, ours.fixedBytes + 4.0 * 12 * 207 * 134 * 192);
        QVERIFY(naive.leastBytes(16) > 13 * ours.leastBytes(16)); // bench: 4.7 times ours' measured peak, 13 times its count
    }

    void leastMemoryGrowsWithEveryDimension_data()
    {
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("hidden");
        QTest::addColumn<int>("chebK");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("steps");
        QTest::newRow("more sensors") << 400 << 64 << 2 << 1 << 12;
        QTest::newRow("a larger hidden size") << 207 << 128 << 2 << 1 << 12;
        QTest::newRow("a higher Chebyshev order") << 207 << 64 << 3 << 1 << 12;
        QTest::newRow("two layers") << 207 << 64 << 2 << 2 << 12;
        QTest::newRow("longer windows") << 207 << 64 << 2 << 1 << 24;
    }

    void leastMemoryGrowsWithEveryDimension()
    {
        QFETCH(int, nodes);
        QFETCH(int, hidden);
        QFETCH(int, chebK);
        QFETCH(int, layers);
        QFETCH(int, steps);
        const TrainingMemory metrLa = trainingMemoryOf(HimNetConfig{});
        const TrainingMemory larger = trainingMemoryOf(network(nodes, hidden, chebK, layers, steps));
        QVERIFY(larger.perWindowBytes > metrLa.perWindowBytes);
        QVERIFY(larger.leastBytes(16) > metrLa.leastBytes(16));
        QVERIFY(larger.likelyMostBytes(16) > larger.leastBytes(16));
    }

    void trainingThatCannotFitIsRefused_data()
    {
        QTest::addColumn<int>("hidden");
        QTest::addColumn<int>("batch");
        QTest::addColumn<double>("availableGiB");
        QTest::addColumn<QString>("outcome"); // refused, noted or fits
        QTest::addColumn<QStringList>("parts");
        // METR-LA: 18.7 MiB per window at the least, 84 MiB likely.
        QTest::newRow("all 1395 windows in one batch") << 64 << 1395 << 23.0 << "refused"
                                                       << QStringList{"a training step of 1395 windows of 207 sensors with hidden size 64",
                                                                      "needs at least 25.5 GiB of memory", "this machine has 23.0 GiB available",
                                                                      "a batch size of 267 or less fits"};
        QTest::newRow("the app's largest choices") << 256 << 512 << 15.5 << "refused"
                                                   << QStringList{"needs at least 36.9 GiB", "a batch size of 44 or less fits"};
        QTest::newRow("not even one window") << 256 << 16 << 0.5 << "refused"
                                             << QStringList{"even a batch of one window does not fit: a smaller hidden size needs less"};
        QTest::newRow("fits its least, not its likely most") << 64 << 300 << 23.0 << "noted"
                                                              << QStringList{"needs 5.5 GiB to 25.7 GiB of memory", "it may run out",
                                                                             "a batch size of 267 or less fits"};
        QTest::newRow("room for one window") << 2048 << 64 << 24.0 << "refused"
                                             << QStringList{"hidden size 2048", "only a batch of one window fits"};
        QTest::newRow("the recipe's batch") << 64 << 16 << 4.0 << "fits" << QStringList{};
    }

    void trainingThatCannotFitIsRefused()
    {
        QFETCH(int, hidden);
        QFETCH(int, batch);
        QFETCH(double, availableGiB);
        QFETCH(QString, outcome);
        QFETCH(QStringList, parts);
        const HimNetConfig c = network(207, hidden);
        const auto available = static_cast<int64_t>(availableGiB * double(kGiB));
        if (outcome == "refused") {
            const QString wrong = testing::refusalMismatch([&] { requireTrainingFits(c, batch, available, "this machine"); }, parts);
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        } else {
            const QString note = QString::fromStdString(requireTrainingFits(c, batch, available, "this machine"));
            QCOMPARE(note.isEmpty(), outcome == "fits");
            for (const QString& part : parts) QVERIFY2(note.contains(part), qPrintable(note));
        }
        // The batch it suggests is the largest whose likely most fits.
        const TrainingMemory m = trainingMemoryOf(c);
        const int64_t fitting = m.largestBatchWithin(available);
        if (fitting > 0) QVERIFY(m.likelyMostBytes(fitting) <= double(available));
        QVERIFY(m.likelyMostBytes(fitting + 1) > double(available));
    }

    void memAvailableIsRead_data()
    {
        QTest::addColumn<QString>("meminfo");
        QTest::addColumn<qint64>("bytes"); // -1: not known
        QTest::newRow("Linux") << "MemTotal:       24576000 kB\nMemFree:         1000000 kB\nMemAvailable:   23000000 kB\n"
                               << qint64(23000000) * 1024;
        QTest::newRow("a kernel before 3.14") << "MemTotal:       24576000 kB\nMemFree:         1000000 kB\n" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
    }

    void memAvailableIsRead()
    {
        QFETCH(QString, meminfo);
        QFETCH(qint64, bytes);
        const auto read = memAvailableOf(meminfo.toStdString());
        QCOMPARE(read ? qint64(*read) : qint64(-1), bytes);
    }

    void controlGroupLimitsAreRead_data()
    {
        QTest::addColumn<QString>("limit");
        QTest::addColumn<qint64>("usage");
        QTest::addColumn<QString>("stat");
        QTest::addColumn<qint64>("room"); // -1: no limit
        QTest::newRow("v2 without a limit") << "max\n" << qint64(5) * kGiB << "anon 100\n" << qint64(-1);
        QTest::newRow("v1 without a limit") << "9223372036854771712\n" << qint64(5) * kGiB << "" << qint64(-1);
        QTest::newRow("v2, 8 GiB, 3 used, 1 of it cache") << "8589934592\n" << qint64(3) * kGiB << "anon 1\ninactive_file 1073741824\n"
                                                          << qint64(6) * kGiB;
        QTest::newRow("v1, 8 GiB, 3 used, 1 of it cache") << "8589934592\n" << qint64(3) * kGiB
                                                          << "cache 5\ntotal_inactive_file 1073741824\n" << qint64(6) * kGiB;
        QTest::newRow("used up") << "1073741824" << qint64(2) * kGiB << "" << qint64(0);
        QTest::newRow("unreadable") << "" << qint64(0) << "" << qint64(-1);
    }

    void controlGroupLimitsAreRead()
    {
        QFETCH(QString, limit);
        QFETCH(qint64, usage);
        QFETCH(QString, stat);
        QFETCH(qint64, room);
        const auto read = cgroupRoom(limit.toStdString(), usage, stat.toStdString());
        QCOMPARE(read ? qint64(*read) : qint64(-1), room);
    }

    void thisMachinesMemoryIsKnown()
    {
        const auto available = availableMemoryBytes(torch::Device(torch::kCPU));
        QVERIFY(available.has_value());
        std::ifstream in("/proc/meminfo");
        std::stringstream text;
        text << in.rdbuf();
        int64_t totalKiB = 0;
        std::istringstream(text.str().substr(text.str().find("MemTotal:") + 9)) >> totalKiB;
        QVERIFY2(*available > 0 && *available <= totalKiB * 1024, qPrintable(QString::number(*available)));
    }

    void failuresAreDescribed_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("parts");
        QTest::newRow("CPU allocation") << "CPU allocation"
                                        << QStringList{"out of memory: the engine asked for 262144.0 GiB and could not get it",
                                                       "a smaller batch size or hidden size needs less", "(LibTorch: "};
        QTest::newRow("CUDA allocation") << "CUDA allocation"
                                         << QStringList{"out of memory: the engine asked for 20.00 GiB and could not get it",
                                                        "GPU 0; 79.15 GiB total capacity"};
        QTest::newRow("std::bad_alloc") << "std::bad_alloc" << QStringList{"out of memory: the engine could not allocate what it needed"};
        QTest::newRow("shape check") << "shape check" << QStringList{"shapes [2, 3] and [4] do not match"};
        QTest::newRow("a file named so") << "a file named so" << QStringList{"/data/out of memory.csv: row 3 has 2 fields"};
        QTest::newRow("other") << "other" << QStringList{"disk full while writing model.h5"};
    }

    void failuresAreDescribed()
    {
        QFETCH(QString, kind);
        QFETCH(QStringList, parts);
        try {
            throwFailure(kind);
            QFAIL("nothing thrown");
        } catch (const std::exception& e) {
            const QString text = QString::fromStdString(describeFailure(e));
            for (const QString& part : parts) QVERIFY2(text.contains(part), qPrintable(text));
            QVERIFY2(!text.contains("Exception raised from"), qPrintable(text)); // LibTorch's backtrace
            QCOMPARE(text.startsWith("out of memory"), kind.contains("alloc"));
        }
    }
};

QTEST_MAIN(TestMemoryLimits)
#include "test_memory_limits.moc"
