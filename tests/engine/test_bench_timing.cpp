// How `himnet bench` times the two formulations: medians, run-by-run ratios, and the
// alternating order of the timed runs; how its report shows CUDA graphs' results.
#include "bench/paired_timing.h"
#include "himnet/benchmark.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

using namespace himnet;

Q_DECLARE_METATYPE(std::vector<double>)

class TestBenchTiming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void medianTakesTheMiddle_data()
    {
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<double>("expected");
        QTest::newRow("none") << std::vector<double>{} << 0.0;
        QTest::newRow("one") << std::vector<double>{3} << 3.0;
        QTest::newRow("odd, unsorted") << std::vector<double>{5, 1, 3} << 3.0;
        // Not the larger middle value: that would favour whichever formulation ran fewer times.
        QTest::newRow("even: mean of the middle two") << std::vector<double>{4, 1, 3, 2} << 2.5;
        QTest::newRow("two") << std::vector<double>{9000, 6000} << 7500.0;
        QTest::newRow("ties") << std::vector<double>{2, 2, 7, 2} << 2.0;
    }
    void medianTakesTheMiddle()
    {
        QFETCH(std::vector<double>, values);
        QFETCH(double, expected);
        QCOMPARE(median(values), expected);
    }

    void ratioIsJudgedRunByRun_data()
    {
        QTest::addColumn<std::vector<double>>("slower");
        QTest::addColumn<std::vector<double>>("faster");
        QTest::addColumn<double>("expected");
        QTest::newRow("steady") << std::vector<double>{10, 20, 30} << std::vector<double>{2, 4, 6} << 5.0;
        // The machine slowed down for the second pair: per pair 10, 2 and 10, so 10; the ratio
        // of the medians (12 / 3 = 4) would have charged the slow minute to one side.
        QTest::newRow("a slow pair") << std::vector<double>{10, 12, 30} << std::vector<double>{1, 6, 3} << 10.0;
        QTest::newRow("even count") << std::vector<double>{8, 6} << std::vector<double>{2, 2} << 3.5;
    }
    void ratioIsJudgedRunByRun()
    {
        QFETCH(std::vector<double>, slower);
        QFETCH(std::vector<double>, faster);
        QFETCH(double, expected);
        QCOMPARE(medianRatio(slower, faster), expected);
    }

    void ratioNeedsPairedSeries()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, medianRatio({1, 2}, {1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, medianRatio({}, {}));
    }

    void runsAlternateAndSwapTheLead_data()
    {
        QTest::addColumn<bool>("withSecond");
        QTest::addColumn<int>("warmUp");
        QTest::addColumn<int>("repetitions");
        QTest::addColumn<QString>("order");
        QTest::newRow("two contenders") << true << 1 << 4 << "ab" "ab" "ba" "ab" "ba";
        QTest::newRow("no warm-up, odd count") << true << 0 << 3 << "ab" "ba" "ab";
        QTest::newRow("ours alone") << false << 2 << 3 << "aa" "aaa";
    }
    void runsAlternateAndSwapTheLead()
    {
        QFETCH(bool, withSecond);
        QFETCH(int, warmUp);
        QFETCH(int, repetitions);
        QFETCH(QString, order);
        std::string calls;
        int finished = 0;
        const AlternatingTimes t = timeAlternately([&] { calls += 'a'; },
                                                   withSecond ? std::function<void()>([&] { calls += 'b'; }) : std::function<void()>(),
                                                   warmUp, repetitions, [&] { ++finished; });
        QCOMPARE(QString::fromStdString(calls), order);
        QCOMPARE(finished, order.size()); // after every call, warm-up included
        QCOMPARE(t.first.size(), static_cast<size_t>(repetitions));
        QCOMPARE(t.second.size(), withSecond ? static_cast<size_t>(repetitions) : size_t{0});
    }

    void eachRunTimesItsWorkAndTheFinish()
    {
        using namespace std::chrono_literals;
        // Sleeps last at least as long as asked, so these bounds hold on a loaded machine too.
        const AlternatingTimes t = timeAlternately([] { std::this_thread::sleep_for(6ms); }, [] {}, 0, 3,
                                                   [] { std::this_thread::sleep_for(4ms); });
        for (double ms : t.first) QVERIFY2(ms >= 10.0, qPrintable(QString("a run of the sleeping job took %1 ms").arg(ms)));
        for (double ms : t.second) QVERIFY2(ms >= 4.0, qPrintable(QString("a run of the empty job took %1 ms").arg(ms)));
    }

    // Only a GPU produces these figures; the report's text and JSON must carry them, and a
    // failed recording or a disagreement fails the run (passed()).
    void reportShowsCudaGraphs_data()
    {
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<bool>("passed");
        QTest::addColumn<QString>("text");
        QTest::newRow("not asked for") << "none" << true << "";
        QTest::newRow("recorded, agreeing, timed") << "timed" << true << "training step (ms)                                 12.5                     3.20x";
        QTest::newRow("recorded, disagreeing") << "disagree" << false << "-> DISAGREE";
        QTest::newRow("not recorded") << "failed" << false << "CUDA graphs: FAILED: operation not permitted when stream is capturing";
    }
    void reportShowsCudaGraphs()
    {
        QFETCH(QString, outcome);
        QFETCH(bool, passed);
        QFETCH(QString, text);
        BenchReport r;
        r.config = "metr-la";
        r.device = "cuda:0";
        r.dtype = r.precision = "float32";
        r.agree = true;
        GraphFigures& g = r.graphs;
        g.requested = outcome != "none";
        g.failure = outcome == "failed" ? "operation not permitted when stream is capturing" : "";
        g.measured = outcome == "timed" || outcome == "disagree";
        g.agree = outcome == "timed";
        g.outputMaxAbsDiff = outcome == "disagree" ? 0.5 : 1e-7;
        g.timed = outcome == "timed";
        g.trainStepMs = 12.5;
        g.trainStepSpeedup = 3.2;
        QCOMPARE(r.passed(), passed);
        const QString report = QString::fromStdString(toText(r));
        QCOMPARE(report.contains("CUDA graphs"), g.requested);
        if (!text.isEmpty()) QVERIFY2(report.contains(text), qPrintable(report));
        const nlohmann::json j = nlohmann::json::parse(toJson(r));
        QCOMPARE(j.contains("cuda_graphs"), g.requested);
        if (!g.requested) return;
        QCOMPARE(j["cuda_graphs"]["failure"].get<std::string>(), g.failure);
        QCOMPARE(j["cuda_graphs"].contains("agreement"), g.measured);
        QCOMPARE(j["cuda_graphs"].contains("replayed"), g.timed);
        if (g.timed) QCOMPARE(j["cuda_graphs"]["replayed"]["train_step_speedup"].get<double>(), 3.2);
    }
};

QTEST_MAIN(TestBenchTiming)
#include "test_bench_timing.moc"
