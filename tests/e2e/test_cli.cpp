// The `himnet` binary as users and scripts run it: exit codes, output, error messages.
#include "test_paths.h"
#include "test_tensors.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(HIMNET_CLI_PATH), arguments);
    if (!process.waitForFinished(120000)) process.kill();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionPrintsTheProductVersion()
    {
        const Run r = runCli({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("himnet 0."), qPrintable(r.out));
    }

    void verifyPassesOnTheGoldenFile()
    {
        const QString golden = QString::fromStdString(himnet::testing::sharedPath("golden/himnet_small.h5"));
        const QString pt = QString::fromStdString(himnet::testing::sharedPath("golden/himnet_small_state_dict.pt"));
        const Run r = runCli({"verify", golden, "--state-dict", pt});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains("PASS"));
        QVERIFY(r.out.contains("grad decoder.cells.0.gate.weights_pool"));
        QVERIFY(!r.out.contains("FAIL"));
    }

    void inspectJsonDescribesAReferenceStateDict()
    {
        const QString pt = QString::fromStdString(himnet::testing::sharedPath("golden/himnet_small_state_dict.pt"));
        const Run r = runCli({"inspect", pt, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(json["parameter_count"].toInt(), 11766);
        QCOMPARE(json["config"].toObject()["num_nodes"].toInt(), 7);
        QCOMPARE(json["format"].toString(), QString("pytorch-state-dict"));
    }

    void badInputExitsWithTwoAndNamesTheFile_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing golden") << QStringList{"verify", "/tmp/does-not-exist.h5"} << "/tmp/does-not-exist.h5: file not found";
        QTest::newRow("missing model") << QStringList{"inspect", "/tmp/nothing.pt"} << "/tmp/nothing.pt: file not found";
        QTest::newRow("unknown device") << QStringList{"verify", "x.h5", "--device", "tpu"} << "unknown device 'tpu'";
        QTest::newRow("no subcommand") << QStringList{} << "subcommand";
        QTest::newRow("unknown option") << QStringList{"inspect", "model.pt", "--frobnicate"} << "frobnicate";
    }

    void badInputExitsWithTwoAndNamesTheFile()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run r = runCli(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_MAIN(TestCli)
#include "test_cli.moc"
