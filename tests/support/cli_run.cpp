#include "cli_run.h"

#include "test_paths.h"
#include "patience.h"

#include <QProcess>

namespace himnet::testing {

CliRun runCli(const QStringList& arguments, const QProcessEnvironment& environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(HIMNET_CLI_PATH), arguments);
    if (!process.waitForFinished(himnet::testing::patience(180000))) {
        process.kill(); // a hung run fails the test: it does not read as a success
        process.waitForFinished(himnet::testing::patience(10000));
        return {-1, QString::fromUtf8(process.readAllStandardOutput()), QStringLiteral("timed out")};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

void startTinyTraining(QProcess& process, const QString& demo, const QString& checkpoint, const QStringList& extra)
{
    process.start(QStringLiteral(HIMNET_CLI_PATH),
                  QStringList{"train", "--data", demo, "--out", checkpoint, "--hidden", "8", "--threads", "1"} + extra);
}

} // namespace himnet::testing
