// The reference implementation's golden case, in-process: float64 output, loss and every
// gradient; the float32 state dict saved by torch.save; broken golden files.
#include "refusals.h"
#include "himnet/errors.h"
#include "himnet/golden.h"
#include "test_tensors.h"

#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace himnet;

class TestGolden : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void float64OutputLossAndGradientsMatch()
    {
        const GoldenReport report = verifyGolden(testing::sharedPath("golden/himnet_small.h5"));
        QCOMPARE(report.parameterCount, int64_t(11766));
        // output, loss, and 19 gradients
        QCOMPARE(report.deviations.size(), size_t(21));
        for (const auto& d : report.deviations) {
            QVERIFY2(d.passed(), qPrintable(QString::fromStdString(d.quantity) + " error " + QString::number(d.maxAbsError)));
        }
        QCOMPARE(report.deviations[0].quantity, std::string("output"));
        QVERIFY(report.deviations[0].maxAbsError <= 1e-10);
        QVERIFY(report.deviations[1].maxAbsError <= 1e-12);
        QVERIFY(report.passed());
    }

    void referenceStateDictReproducesOutputInFloat32()
    {
        const GoldenReport report = verifyStateDictOnGolden(testing::sharedPath("golden/himnet_small_state_dict.pt"),
                                                            testing::sharedPath("golden/himnet_small.h5"));
        QCOMPARE(report.dtype, std::string("float32"));
        QVERIFY(report.deviations.at(0).maxAbsError <= 1e-5);
        QVERIFY(report.passed());
    }

    void tighterToleranceThanAchievableFails()
    {
        // Guards the comparison itself: a tolerance of zero on float32 output must fail.
        const GoldenReport report = verifyStateDictOnGolden(testing::sharedPath("golden/himnet_small_state_dict.pt"),
                                                            testing::sharedPath("golden/himnet_small.h5"),
                                                            DeviceKind::Cpu, 0.0);
        QVERIFY(!report.passed());
    }

    void brokenGoldenFilesNameTheFile_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expectedProblem");
        QTest::newRow("missing") << "missing" << "file not found";
        QTest::newRow("empty") << "empty" << "file is empty";
        QTest::newRow("not hdf5") << "text" << "not an HDF5 file";
        QTest::newRow("truncated") << "truncated" << "truncated";
    }

    void brokenGoldenFilesNameTheFile()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expectedProblem);
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/golden_" + kind + ".h5").toStdString();
        if (kind == "empty") std::ofstream(path).flush();
        if (kind == "text") std::ofstream(path) << "x,y\n1,2\n";
        if (kind == "truncated") {
            std::filesystem::copy_file(testing::sharedPath("golden/himnet_small.h5"), path);
            std::filesystem::resize_file(path, 4096);
        }
        const QString wrong = testing::refusalMismatch([&] { verifyGolden(path); }, {QString::fromStdString(path), expectedProblem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_MAIN(TestGolden)
#include "test_golden.moc"
