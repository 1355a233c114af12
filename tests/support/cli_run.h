#pragma once
// The `himnet` binary run as users and scripts run it, for the end-to-end tests.
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace himnet::testing {

/// What a run of `himnet` gave: its exit code (-1 when it crashed or hung) and its output.
struct CliRun {
    int exitCode = -1;
    QString out, err;
};

/// Runs `himnet` with `arguments`; a run of more than three minutes is killed and fails.
CliRun runCli(const QStringList& arguments, const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment());

/// Starts a small, single-threaded `himnet train` of `demo` into `checkpoint` (hidden size 8)
/// with `extra` arguments, left running in `process`.
void startTinyTraining(QProcess& process, const QString& demo, const QString& checkpoint, const QStringList& extra);

} // namespace himnet::testing
