// Process-wide runtime choices: the BLAS kernels a process runs, and when to ask for others;
// the threads the engine's own loops run on.
#include "core/blas_kernels.h"
#include "himnet/runtime.h"

#include <QtTest>

#include <cstdlib>

class TestRuntime : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void betterOpenBlasCoreType_data()
    {
        QTest::addColumn<QString>("picked");
        QTest::addColumn<bool>("avx2Fma");
        QTest::addColumn<bool>("avx512");
        QTest::addColumn<QString>("better");
        // Debian 12's OpenBLAS 0.3.21 on Emerald Rapids (family 6, model 207).
        QTest::newRow("SSE3 fallback on an AVX-512 CPU") << "Prescott" << true << true << "SkylakeX";
        QTest::newRow("SSE3 fallback on an AVX2 CPU") << "Prescott" << true << false << "Haswell";
        QTest::newRow("SSE3 on a CPU without AVX2") << "Prescott" << false << false << "";
        QTest::newRow("AVX kernels on an AVX2 CPU") << "Sandybridge" << true << false << "Haswell";
        QTest::newRow("old AMD kernels on an AVX-512 CPU") << "Barcelona" << true << true << "SkylakeX";
        QTest::newRow("AVX2 kernels are kept") << "Haswell" << true << true << "";
        QTest::newRow("Zen kernels are kept") << "Zen" << true << false << "";
        QTest::newRow("AVX-512 kernels are kept") << "SkylakeX" << true << true << "";
        QTest::newRow("bfloat16 kernels are kept") << "Cooperlake" << true << true << "";
        QTest::newRow("names in any case") << "SKYLAKEX" << true << true << "";
        QTest::newRow("not OpenBLAS") << "" << true << true << "";
    }

    void betterOpenBlasCoreType()
    {
        QFETCH(QString, picked);
        QFETCH(bool, avx2Fma);
        QFETCH(bool, avx512);
        QFETCH(QString, better);
        himnet::CpuVectorUnits units;
        units.avx2Fma = avx2Fma;
        units.avx512 = avx512;
        QCOMPARE(QString::fromStdString(himnet::betterOpenBlasCoreType(picked.toStdString(), units)), better);
    }

    // The test executables restart like the applications (tests/support/test_startup.cpp):
    // whatever OpenBLAS picked on its own, this process runs kernels that suit the CPU.
    void thisProcessRunsKernelsThatSuitTheCpu()
    {
        const std::string core = himnet::loadedOpenBlasCore();
        if (core.empty()) QSKIP("LibTorch does not use OpenBLAS here");
        const std::string summary = himnet::blasSummary();
        qInfo("BLAS: %s; OPENBLAS_CORETYPE=%s", summary.c_str(), std::getenv("OPENBLAS_CORETYPE"));
        QVERIFY2(QString::fromStdString(summary).contains(QString::fromStdString(core + " kernels")), summary.c_str());
        QCOMPARE(QString::fromStdString(himnet::betterOpenBlasCoreType(core, himnet::detectCpuVectorUnits())), QString());
    }

    void restartIsANoOpOnceTheKernelsSuit()
    {
        const std::string before = himnet::blasSummary();
        const QByteArray coreType = qgetenv("OPENBLAS_CORETYPE");
        himnet::restartWithFastBlasKernels(); // a restart here would run this test again, for ever
        QCOMPARE(himnet::blasSummary(), before);
        QCOMPARE(qgetenv("OPENBLAS_CORETYPE"), coreType);
    }

    // The engine's kernels parallelise with at::parallel_for, which is inline: built without
    // OpenMP, it would run every one of them on a single thread, silently.
    void engineLoopsUseLibTorchsThreads_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("one") << 1;
        QTest::newRow("two") << 2;
        QTest::newRow("three") << 3;
    }
    void engineLoopsUseLibTorchsThreads()
    {
        QFETCH(int, threads);
        const int before = torch::get_num_threads();
        QCOMPARE(himnet::configureThreads(threads), threads);
        const int used = himnet::engineLoopThreads();
        himnet::configureThreads(before);
        QCOMPARE(used, threads);
    }

    void detectedUnitsAreConsistent()
    {
        const himnet::CpuVectorUnits units = himnet::detectCpuVectorUnits();
        QVERIFY(!units.avx512 || units.avx2Fma); // every AVX-512 CPU has AVX2 and FMA
    }
};

QTEST_MAIN(TestRuntime)
#include "test_runtime.moc"
