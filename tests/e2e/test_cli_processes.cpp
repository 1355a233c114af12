// `himnet train` over several processes, as users start it: --processes N on one machine,
// torchrun's variables, and Ctrl+C aimed at the launcher.
#include "cli_run.h"
#include "himnet/distributed.h"
#include "train/checkpoint.h"
#include "patience.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <csignal>
#include <sys/types.h>

using himnet::testing::CliRun;
using himnet::testing::runCli;
using himnet::testing::startTinyTraining;

class TestCliProcesses : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // --processes 2 starts two processes that each take half of every batch: the checkpoint
    // holds the weights one process trains, to rounding, and only rank 0 reports.
    void trainOverTwoProcessesMatchesOneProcess()
    {
        if (!himnet::distributedTrainingAvailable()) QSKIP("this build has no c10d with Gloo");
        QTemporaryDir dir;
        const QString demo = dir.path() + "/demo", alone = dir.path() + "/alone.h5", together = dir.path() + "/together.h5";
        QCOMPARE(runCli({"demo", "--out", demo, "--sensors", "30", "--weeks", "1"}).exitCode, 0);
        const QStringList common{"train", "--data", demo, "--hidden", "8", "--epochs", "2", "--max-batches", "3", "--threads", "1", "--seed", "3"};
        const CliRun single = runCli(common + QStringList{"--out", alone, "--quiet"});
        QVERIFY2(single.exitCode == 0, qPrintable(single.err));
        const CliRun pair = runCli(common + QStringList{"--out", together, "--processes", "2"});
        QVERIFY2(pair.exitCode == 0, qPrintable(pair.err));
        QCOMPARE(pair.out.count("best epoch"), 1);
        QCOMPARE(pair.err.count("zones ARI"), 2); // the first process alone reports its epochs
        QVERIFY2(pair.err.contains("2 processes, each with its share of every batch of 16"), qPrintable(pair.err));

        const auto a = himnet::readCheckpoint(alone.toStdString()), b = himnet::readCheckpoint(together.toStdString());
        QCOMPARE(b.resumeParams.size(), a.resumeParams.size());
        for (size_t i = 0; i < a.resumeParams.size(); ++i) {
            QCOMPARE(b.resumeParams[i].first, a.resumeParams[i].first);
            const torch::Tensor& x = a.resumeParams[i].second;
            QVERIFY2(torch::allclose(x, b.resumeParams[i].second, 1e-4, 1e-5 * (x.abs().max().item<double>() + 1.0)), a.resumeParams[i].first.c_str());
        }
    }

    // Started by torchrun: no options, the variables it sets say which process this is.
    void trainUnderTorchrunsVariables()
    {
        if (!himnet::distributedTrainingAvailable()) QSKIP("this build has no c10d with Gloo");
        QTemporaryDir dir;
        const QString demo = dir.path() + "/demo", checkpoint = dir.path() + "/model.h5";
        QCOMPARE(runCli({"demo", "--out", demo, "--sensors", "30", "--weeks", "1"}).exitCode, 0);
        QProcess processes[2];
        for (int rank = 0; rank < 2; ++rank) {
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert("WORLD_SIZE", "2");
            environment.insert("RANK", QString::number(rank));
            environment.insert("LOCAL_RANK", QString::number(rank));
            environment.insert("LOCAL_WORLD_SIZE", "2");
            environment.insert("MASTER_ADDR", "127.0.0.1");
            environment.insert("MASTER_PORT", QString::number(29400 + QCoreApplication::applicationPid() % 500));
            processes[rank].setProcessEnvironment(environment);
            startTinyTraining(processes[rank], demo, checkpoint, {"--epochs", "1", "--max-batches", "3", "--quiet"});
        }
        for (auto& process : processes) {
            QVERIFY(process.waitForFinished(himnet::testing::patience(120000)));
            QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        }
        const CliRun inspect = runCli({"inspect", checkpoint, "--json"});
        QVERIFY2(inspect.exitCode == 0, qPrintable(inspect.err));
        QCOMPARE(QJsonDocument::fromJson(inspect.out.toUtf8()).object()["epochs_trained"].toInt(), 1);
        // --processes as well is a mistake there, and said so.
        QProcessEnvironment torchrun = QProcessEnvironment::systemEnvironment();
        torchrun.insert("WORLD_SIZE", "2");
        torchrun.insert("MASTER_ADDR", "127.0.0.1");
        torchrun.insert("MASTER_PORT", "29399");
        const CliRun both = runCli({"train", "--data", demo, "--out", checkpoint, "--processes", "2"}, torchrun);
        QCOMPARE(both.exitCode, 2);
        QVERIFY2(both.err.contains("--processes under torchrun"), qPrintable(both.err));
    }

    // Ctrl+C aimed at the launcher alone (kill -INT) reaches its processes: they stop together
    // and rank 0's checkpoint keeps what they trained.
    void interruptingTheLauncherStopsEveryProcess()
    {
        if (!himnet::distributedTrainingAvailable()) QSKIP("this build has no c10d with Gloo");
        QTemporaryDir dir;
        const QString demo = dir.path() + "/demo", checkpoint = dir.path() + "/model.h5";
        QCOMPARE(runCli({"demo", "--out", demo, "--sensors", "30", "--weeks", "1"}).exitCode, 0);
        QProcess training;
        startTinyTraining(training, demo, checkpoint, {"--epochs", "1000", "--max-batches", "4", "--processes", "2"});
        QVERIFY(training.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(checkpoint), himnet::testing::patience(120000));
        ::kill(static_cast<pid_t>(training.processId()), SIGINT);
        QVERIFY(training.waitForFinished(himnet::testing::patience(60000)));
        const QString err = QString::fromUtf8(training.readAllStandardError());
        QCOMPARE(training.exitCode(), 130);
        QVERIFY2(err.contains("continue with --resume"), qPrintable(err));
        const CliRun inspect = runCli({"inspect", checkpoint, "--json"});
        QVERIFY2(inspect.exitCode == 0, qPrintable(inspect.err));
        QVERIFY(QJsonDocument::fromJson(inspect.out.toUtf8()).object()["epochs_trained"].toInt() >= 1);
    }
};

QTEST_MAIN(TestCliProcesses)
#include "test_cli_processes.moc"
