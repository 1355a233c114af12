// Process-wide runtime choices: the BLAS kernels a process runs, and when to ask for others;
// how the OpenMP threads wait; the threads the engine's own loops run on; the heap every thread
// allocates from.
#include "core/blas_kernels.h"
#include "core/runtime_environment.h"
#include "himnet/runtime.h"

#include <QtTest>

#include <cstdlib>
#include <map>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

    // What the restart sets: only what the user has not, and nothing when all is well.
    // `environment` is "NAME=value;..." (an empty value counts as unset, as libgomp reads it);
    // `expected` the same for the settings, in order.
    void runtimeEnvironmentToSet_data()
    {
        QTest::addColumn<QString>("picked");
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QString>("expected");
        QTest::newRow("nothing set, kernels suit") << "SkylakeX" << "" << "GOMP_SPINCOUNT=10000";
        QTest::newRow("nothing set, SSE3 fallback")
            << "Prescott" << "" << "OPENBLAS_CORETYPE=SkylakeX;HIMNET_OPENBLAS_FALLBACK=Prescott;GOMP_SPINCOUNT=10000";
        QTest::newRow("passive waits chosen") << "SkylakeX" << "OMP_WAIT_POLICY=passive" << "";
        QTest::newRow("active waits chosen") << "SkylakeX" << "OMP_WAIT_POLICY=ACTIVE" << "";
        QTest::newRow("spin count chosen") << "SkylakeX" << "GOMP_SPINCOUNT=2000" << "";
        QTest::newRow("empty wait policy is unset") << "SkylakeX" << "OMP_WAIT_POLICY=" << "GOMP_SPINCOUNT=10000";
        QTest::newRow("kernels chosen, SSE3 fallback") << "Prescott" << "OPENBLAS_CORETYPE=Haswell" << "GOMP_SPINCOUNT=10000";
        QTest::newRow("all chosen") << "Prescott" << "OPENBLAS_CORETYPE=Haswell;GOMP_SPINCOUNT=0" << "";
        QTest::newRow("not OpenBLAS") << "" << "" << "GOMP_SPINCOUNT=10000";
    }

    void runtimeEnvironmentToSet()
    {
        QFETCH(QString, picked);
        QFETCH(QString, environment);
        QFETCH(QString, expected);
        std::map<std::string, std::string> variables;
        for (const QString& entry : environment.split(';', Qt::SkipEmptyParts))
            variables[entry.section('=', 0, 0).toStdString()] = entry.section('=', 1).toStdString();
        const himnet::EnvironmentLookup lookup = [&variables](const char* name) -> const char* {
            const auto found = variables.find(name);
            return found == variables.end() ? nullptr : found->second.c_str();
        };
        himnet::CpuVectorUnits avx512;
        avx512.avx2Fma = avx512.avx512 = true;
        QStringList settings;
        for (const auto& s : himnet::runtimeEnvironmentToSet(lookup, picked.toStdString(), avx512))
            settings << QString::fromStdString(s.name + "=" + s.value);
        QCOMPARE(settings.join(';'), expected);
    }

    // The test executables restart like the applications (tests/support/test_startup.cpp); a
    // second call has nothing left to set. (A restart here would run this test again, for ever.)
    void restartIsANoOpOnceTheRuntimeIsTuned()
    {
        const std::string before = himnet::blasSummary();
        const QByteArray coreType = qgetenv("OPENBLAS_CORETYPE"), spinCount = qgetenv("GOMP_SPINCOUNT");
        himnet::restartWithTunedRuntime();
        QCOMPARE(himnet::blasSummary(), before);
        QCOMPARE(qgetenv("OPENBLAS_CORETYPE"), coreType);
        QCOMPARE(qgetenv("GOMP_SPINCOUNT"), spinCount);
        const std::string waits = himnet::openMpWaitSummary();
        qInfo("%s", waits.c_str());
        if (!waits.empty() && qEnvironmentVariableIsEmpty("OMP_WAIT_POLICY") && spinCount == himnet::kBoundedOpenMpSpinCount)
            QCOMPARE(QString::fromStdString(waits), QString("OpenMP waits: GOMP_SPINCOUNT=10000"));
        QVERIFY(QString::fromStdString(himnet::runtimeSummary()).contains(QString::fromStdString(waits)));
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

    // Every thread allocates from the one heap configureAllocator() keeps (the tests call it
    // before main): a large block of a second thread, as the app's engine thread makes for
    // every batch, is no mapping of its own, which glibc would unmap on free and fault in
    // again, page by page, for the next batch (the app then trained at half the CLI's speed).
    void largeBlocksOfOtherThreadsStayInTheHeap()
    {
#if defined(__GLIBC__)
        size_t mappedBefore = 0, mappedWhileHeld = 0;
        std::thread([&] {
            mappedBefore = mallinfo2().hblks;
            void* block = std::malloc(size_t(256) << 20);
            static_cast<volatile char*>(block)[0] = 1;
            mappedWhileHeld = mallinfo2().hblks;
            std::free(block);
        }).join();
        QCOMPARE(mappedWhileHeld, mappedBefore);
#else
        QSKIP("glibc's arenas only");
#endif
    }

    void detectedUnitsAreConsistent()
    {
        const himnet::CpuVectorUnits units = himnet::detectCpuVectorUnits();
        QVERIFY(!units.avx512 || units.avx2Fma); // every AVX-512 CPU has AVX2 and FMA
    }
};

QTEST_MAIN(TestRuntime)
#include "test_runtime.moc"
