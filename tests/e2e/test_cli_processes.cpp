// `himnet train` killed or interrupted (what its checkpoint keeps, and what it says), and over
// several processes, as users start it: --processes N on one machine, torchrun's variables,
// and Ctrl+C aimed at the launcher.
#include "cli_run.h"
#include "himnet/distributed.h"
#include "train/checkpoint.h"
#include "patience.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <csignal>
#include <sys/types.h>

using himnet::testing::CliRun;
using himnet::testing::runCli;
using himnet::testing::startTinyTraining;

class TestCliProcesses : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedTrainingLeavesALoadableCheckpoint()
    {
        QTemporaryDir dir;
        const QString demo = dir.path() + "/demo", checkpoint = dir.path() + "/model.h5";
        QCOMPARE(runCli({"demo", "--out", demo, "--sensors", "40", "--weeks", "1"}).exitCode, 0);
        QProcess training;
        startTinyTraining(training, demo, checkpoint, {"--epochs", "1000", "--max-batches", "8"});
        QVERIFY(training.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(checkpoint), himnet::testing::patience(120000));
        QTest::qWait(700); // into a later epoch, possibly in the middle of the next write
        ::kill(static_cast<pid_t>(training.processId()), SIGKILL);
        QVERIFY(training.waitForFinished(himnet::testing::patience(10000)));
        QCOMPARE(training.exitStatus(), QProcess::CrashExit);
        const CliRun inspect = runCli({"inspect", checkpoint, "--json"});
        QVERIFY2(inspect.exitCode == 0, qPrintable(inspect.err));
        QVERIFY(QJsonDocument::fromJson(inspect.out.toUtf8()).object()["epochs_trained"].toInt() >= 1);
        QVERIFY(QJsonDocument::fromJson(inspect.out.toUtf8()).object()["sealed"].toBool());
        const CliRun inspectText = runCli({"inspect", checkpoint});
        QVERIFY2(inspectText.out.contains("format       himnet-studio-checkpoint (sealed: every byte as written)"), qPrintable(inspectText.out));
        // And training continues from it.
        const CliRun resumed = runCli({"train", "--data", demo, "--out", checkpoint, "--resume", "--epochs", "3", "--max-batches", "8"});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        // It says what it continues: the saved model's shape, not the preset's.
        QVERIFY2(resumed.err.contains("continuing " + checkpoint + " (H 8, "), qPrintable(resumed.err));
    }

    // Ctrl+C in the first epoch keeps the batches trained; the file says so, is no model yet,
    // and --resume finishes the epoch from there.
    void interruptedTrainingKeepsItsBatches()
    {
        QTemporaryDir dir;
        const QString demo = dir.path() + "/demo", checkpoint = dir.path() + "/model.h5";
        QCOMPARE(runCli({"demo", "--out", demo, "--sensors", "40", "--weeks", "1"}).exitCode, 0);
        QProcess training;
        startTinyTraining(training, demo, checkpoint, {"--epochs", "1"});
        QVERIFY(training.waitForStarted());
        QString err;
        // Progress lines come every quarter epoch; interrupt after the first.
        QTRY_VERIFY_WITH_TIMEOUT((err += QString::fromUtf8(training.readAllStandardError())).contains("epoch 1 batch"), himnet::testing::patience(120000));
        const int reported = QRegularExpression("epoch 1 batch (\\d+)/").match(err).captured(1).toInt();
        QVERIFY(reported > 0);
        ::kill(static_cast<pid_t>(training.processId()), SIGINT);
        QVERIFY(training.waitForFinished(himnet::testing::patience(60000)));
        err += QString::fromUtf8(training.readAllStandardError());
        QCOMPARE(training.exitCode(), 130);
        QVERIFY2(err.contains(QRegularExpression("holds \\d+ batches of epoch 1; continue with --resume")), qPrintable(err));

        const CliRun inspect = runCli({"inspect", checkpoint, "--json"});
        QVERIFY2(inspect.exitCode == 0, qPrintable(inspect.err));
        const QJsonObject summary = QJsonDocument::fromJson(inspect.out.toUtf8()).object();
        QVERIFY(summary["resumable"].toBool());
        QVERIFY(summary["batches_into_epoch"].toInt() >= reported);
        QVERIFY(!summary.contains("epochs_trained"));
        const CliRun evaluate = runCli({"evaluate", "--data", demo, "--checkpoint", checkpoint});
        QCOMPARE(evaluate.exitCode, 2);
        QVERIFY2(evaluate.err.contains(checkpoint) && evaluate.err.contains("before the first epoch ended"), qPrintable(evaluate.err));

        const CliRun resumed = runCli({"train", "--data", demo, "--out", checkpoint, "--resume", "--epochs", "1", "--quiet"});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        const CliRun after = runCli({"inspect", checkpoint, "--json"});
        QVERIFY2(after.exitCode == 0, qPrintable(after.err));
        QVERIFY2(QJsonDocument::fromJson(after.out.toUtf8()).object()["epochs_trained"].toInt() == 1, qPrintable(after.out + resumed.err));
    }

    // When training ends, the test split is measured (a minute for METR-LA on a laptop): it
    // says how far it is, and Ctrl+C stops it as it stops the training, saying that the
    // checkpoint holds the trained model, whole, and how to measure it later.
    void interruptedMeasuringKeepsTheTrainedModel()
    {
        QTemporaryDir dir;
        const QString demo = dir.path() + "/demo", checkpoint = dir.path() + "/model.h5";
        QCOMPARE(runCli({"demo", "--out", demo, "--sensors", "200", "--weeks", "3"}).exitCode, 0); // 1 200 test windows
        QProcess training;
        startTinyTraining(training, demo, checkpoint, {"--epochs", "1", "--max-batches", "2"});
        QVERIFY(training.waitForStarted());
        QString err;
        // A line at each quarter of the windows (not on a terminal); interrupt after the first.
        QTRY_VERIFY_WITH_TIMEOUT((err += QString::fromUtf8(training.readAllStandardError())).contains("windows measured: "),
                                 himnet::testing::patience(120000));
        ::kill(static_cast<pid_t>(training.processId()), SIGINT);
        QVERIFY(training.waitForFinished(himnet::testing::patience(60000)));
        err += QString::fromUtf8(training.readAllStandardError());
        QVERIFY2(QRegularExpression("^windows measured: \\d+ of 1\\d{3}$", QRegularExpression::MultilineOption).match(err).hasMatch(),
                 qPrintable(err));
        QCOMPARE(training.exitCode(), 130);
        QVERIFY2(err.contains(QString("himnet train: interrupted while measuring the test split; %1 holds the trained model, which "
                                      "`himnet evaluate --store` measures").arg(checkpoint)),
                 qPrintable(err));
        const CliRun inspect = runCli({"inspect", checkpoint, "--json"});
        QVERIFY2(inspect.exitCode == 0, qPrintable(inspect.err));
        const QJsonObject summary = QJsonDocument::fromJson(inspect.out.toUtf8()).object();
        QCOMPARE(summary["epochs_trained"].toInt(), 1);
        QVERIFY2(!summary.contains("metrics"), qPrintable(inspect.out)); // not measured
    }

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
