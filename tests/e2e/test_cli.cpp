// The `himnet` binary as users and scripts run it: exit codes, output, the golden checks, the
// benchmark, models to and from the reference implementation. What it refuses, and how it
// says so, is test_cli_refusals; training killed or interrupted, and over several processes,
// is test_cli_processes; training on the files users bring is test_cli_user_data.
#include "core/blas_kernels.h"
#include "himnet/dataset.h"
#include "himnet/embedding_map.h"
#include "himnet/runtime.h"
#include "io/hdf5_file.h"
#include "test_files.h"
#include "test_paths.h"
#include "test_tensors.h"
#include "cli_run.h"
#include "patience.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <cmath>

namespace {

using himnet::testing::CliRun;
using himnet::testing::runCli;

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A demo city of 30 sensors and a small model of it, trained once for the commands that
    // read a model.
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = m_dir.path() + "/demo";
        m_checkpoint = m_dir.path() + "/model.h5";
        QCOMPARE(runCli({"demo", "--out", m_demo, "--sensors", "30", "--weeks", "1"}).exitCode, 0);
        m_trained = runCli({"train", "--data", m_demo, "--out", m_checkpoint, "--hidden", "8", "--epochs", "1", "--max-batches", "4"});
        QVERIFY2(m_trained.exitCode == 0, qPrintable(m_trained.err));
    }

    void versionPrintsTheProductVersion()
    {
        const CliRun r = runCli({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("himnet 0."), qPrintable(r.out));
    }

    void verifyPassesOnTheGoldenFile()
    {
        const QString golden = QString::fromStdString(himnet::testing::sharedPath("golden/himnet_small.h5"));
        const QString pt = QString::fromStdString(himnet::testing::sharedPath("golden/himnet_small_state_dict.pt"));
        const CliRun r = runCli({"verify", golden, "--state-dict", pt});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains("PASS"));
        QVERIFY(r.out.contains("grad decoder.cells.0.gate.weights_pool"));
        QVERIFY(!r.out.contains("FAIL"));
    }

    void inspectJsonDescribesAReferenceStateDict()
    {
        const QString pt = QString::fromStdString(himnet::testing::sharedPath("golden/himnet_small_state_dict.pt"));
        const CliRun r = runCli({"inspect", pt, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(json["parameter_count"].toInt(), 11766);
        QCOMPARE(json["config"].toObject()["num_nodes"].toInt(), 7);
        QCOMPARE(json["format"].toString(), QString("pytorch-state-dict"));
    }

    void benchQuickJsonReportsAgreementAndTheBlas()
    {
        const CliRun r = runCli({"bench", "--quick", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject agreement = json["agreement"].toObject();
        QVERIFY(agreement["agree"].toBool());
        QVERIFY(agreement["output_max_abs_diff"].toDouble() <= 1e-10);
        QVERIFY(agreement["gradient_max_rel_diff"].toDouble() <= 1e-9);
        const QString blas = json["blas"].toString();
        QVERIFY2(blas.startsWith("OpenBLAS ") || blas == "BLAS other than OpenBLAS", qPrintable(blas));
        qInfo("BLAS in use: %s; %s", qPrintable(blas), qPrintable(json["openmp_waits"].toString()));
        QVERIFY(json.contains("openmp_waits"));
    }

    // Started as a user starts it (no OPENBLAS_CORETYPE), himnet must end up on kernels that
    // suit this CPU: OpenBLAS falls back to its SSE3 kernels on CPUs newer than itself, and
    // himnet then restarts itself with better ones (core/blas_kernels.h).
    void benchRunsBlasKernelsThatSuitTheCpu()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove("OPENBLAS_CORETYPE");
        environment.remove("HIMNET_OPENBLAS_FALLBACK");
        const CliRun r = runCli({"bench", "--quick", "--json"}, environment);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QString blas = QJsonDocument::fromJson(r.out.toUtf8()).object()["blas"].toString();
        qInfo("BLAS of a fresh himnet: %s", qPrintable(blas));
        if (!blas.startsWith("OpenBLAS ")) QSKIP("LibTorch does not use OpenBLAS here");
        const QRegularExpressionMatch core = QRegularExpression(", (\\w+) kernels").match(blas);
        QVERIFY2(core.hasMatch(), qPrintable(blas));
        QCOMPARE(QString::fromStdString(himnet::betterOpenBlasCoreType(core.captured(1).toStdString(),
                                                                      himnet::detectCpuVectorUnits())),
                 QString());
    }

    // How libgomp, loaded into a fresh himnet, was told to wait, in its own words
    // (OMP_DISPLAY_ENV): spinning bounded unless the user chose (core/runtime_environment.h).
    // A himnet that restarts loads libgomp twice; the last report is the one that runs. A
    // command that only describes a file does not restart, so libgomp keeps its default.
    void openMpWaitsAreBoundedUnlessChosen_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("spinCount");
        QTest::newRow("nothing chosen") << "bench" << "" << "" << "10000";
        QTest::newRow("passive chosen") << "bench" << "OMP_WAIT_POLICY" << "passive" << "0";
        QTest::newRow("active chosen") << "bench" << "OMP_WAIT_POLICY" << "active" << "30000000000";
        QTest::newRow("spin count chosen") << "bench" << "GOMP_SPINCOUNT" << "2000" << "2000";
        QTest::newRow("info: no restart") << "info" << "" << "" << "300000";
    }

    void openMpWaitsAreBoundedUnlessChosen()
    {
        QFETCH(QString, command);
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, spinCount);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove("OMP_WAIT_POLICY");
        environment.remove("GOMP_SPINCOUNT"); // this test process has it from its own restart
        if (!variable.isEmpty()) environment.insert(variable, value);
        environment.insert("OMP_DISPLAY_ENV", "verbose");
        const QStringList arguments = command == "bench"
            ? QStringList{"bench", "--quick"}
            : QStringList{"info", QString::fromStdString(himnet::testing::sharedPath("datasets/la-week"))};
        const CliRun r = runCli(arguments, environment);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto reports = QRegularExpression("GOMP_SPINCOUNT = '(\\w+)'").globalMatch(r.err);
        QStringList spinCounts;
        for (auto it = reports; it.hasNext();) spinCounts << it.next().captured(1);
        if (spinCounts.isEmpty()) QSKIP("the OpenMP runtime is not libgomp here");
        QCOMPARE(spinCounts.last(), spinCount);
        if (command == "info") QCOMPARE(spinCounts.size(), 1); // loaded once: no restart
    }

    // The demo city's zones are known: each epoch's line says how well the model finds them.
    void trainingSaysHowWellItFindsTheZones()
    {
        QVERIFY2(QRegularExpression("epoch 1/1 train [0-9.]+ val [0-9.]+ \\(best, saved\\) zones ARI -?[0-9.]+ NMI [0-9.]+ ")
                     .match(m_trained.err)
                     .hasMatch(),
                 qPrintable(m_trained.err));
        // The checkpoint keeps them in its history, which inspect shows.
        const CliRun inspect = runCli({"inspect", m_checkpoint, "--json"});
        const QJsonObject epoch = QJsonDocument::fromJson(inspect.out.toUtf8()).object()["history"].toArray().at(0).toObject();
        QCOMPARE(epoch["epoch"].toInt(), 1);
        QCOMPARE(epoch["zones"].toObject()["k"].toInt(), 5);
        QVERIFY(epoch["zones"].toObject()["ari"].isDouble() && epoch["zones"].toObject()["nmi"].isDouble());
        const CliRun described = runCli({"inspect", m_checkpoint});
        QVERIFY2(QRegularExpression("history +epoch +train +val +lr +seconds +zones ARI +NMI\\n +1 +[0-9.]+ +[0-9.]+ ").match(described.out).hasMatch(),
                 qPrintable(described.out));
        // And what the model scored on the test split when training ended, its intervals
        // measured at each of the Band's levels in the same pass.
        QVERIFY2(QRegularExpression("tested +MAE [0-9.]+ km/h \\(last value [0-9.]+, historical average [0-9.]+\\) on the test split, "
                                    "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d to \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d, \\d+ windows; "
                                    "90 % intervals held \\d+\\.\\d % of its targets \\(± \\d+\\.\\d\\d km/h on average\\); "
                                    "80 %, 95 % and 99 % intervals kept too\\n")
                     .match(described.out)
                     .hasMatch(),
                 qPrintable(described.out));
        QCOMPARE(QJsonDocument::fromJson(inspect.out.toUtf8()).object()["metrics"].toObject()["split"].toString(), QString("test"));
    }

    void evaluateJsonFollowsTheContract()
    {
        QTemporaryDir dir;
        const CliRun r = runCli({"evaluate", "--data", m_demo, "--checkpoint", m_checkpoint, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        for (const char* key : {"mae", "rmse", "mape"}) {
            QVERIFY(json["all"].toObject()[key].isDouble());
            QVERIFY(json["baselines"].toObject()["last_value"].toObject()[key].isDouble());
            QVERIFY(json["baselines"].toObject()["historical_average"].toObject()[key].isDouble());
        }
        const QJsonArray horizons = json["horizons"].toArray();
        QCOMPARE(horizons.size(), 12);
        QCOMPARE(horizons.first().toObject()["step"].toInt(), 1);
        QCOMPARE(horizons.last().toObject()["step"].toInt(), 12);
        QVERIFY(horizons.last().toObject()["mae"].toDouble() > 0);
        QCOMPARE(json["unit"].toString(), QString("km/h")); // the demo city's speeds
        // train kept its evaluation in the m_checkpoint, which evaluate gives back while weights
        // and data stay the same; --recompute measures again, and finds the same.
        QVERIFY(json["from_checkpoint"].toBool());
        const CliRun recomputed = runCli({"evaluate", "--data", m_demo, "--checkpoint", m_checkpoint, "--json", "--recompute"});
        const QJsonObject again = QJsonDocument::fromJson(recomputed.out.toUtf8()).object();
        QVERIFY(!again["from_checkpoint"].toBool());
        QCOMPARE(again["all"].toObject()["mae"].toDouble(), json["all"].toObject()["mae"].toDouble());
        QCOMPARE(again["hours_of_week"].toArray(), json["hours_of_week"].toArray());
        // Measuring says how far it is (not on a terminal: a line at each quarter); a report
        // given back is not measured.
        // The test split's forecast intervals are calibrated on the validation windows, run first.
        const QJsonObject intervals = json["intervals"].toObject();
        QCOMPARE(intervals["level"].toDouble(), 0.9);
        QVERIFY(intervals["calibration_windows"].toInt() > 0);
        QVERIFY(intervals["coverage"].toDouble() > 0.5 && intervals["coverage"].toDouble() < 1.0);
        QCOMPARE(intervals["horizons"].toArray().size(), 12);
        QCOMPARE(again["intervals"].toObject(), intervals);
        QCOMPARE(json["sensors"].toArray().first().toObject()["interval_half_widths"].toArray().size(), 12);
        const QRegularExpression measuredLine(
            QString("^windows measured: \\d+ of %1$").arg(json["windows"].toInt() + intervals["calibration_windows"].toInt()),
            QRegularExpression::MultilineOption);
        QVERIFY(json["windows"].toInt() >= 256);
        QCOMPARE(recomputed.err.count(measuredLine), 3);
        QVERIFY2(!r.err.contains("windows measured"), qPrintable(r.err));
        // The table names the unit; --unit overrides what the dataset says (other data: measured again).
        const CliRun table = runCli({"evaluate", "--data", m_demo, "--checkpoint", m_checkpoint, "--unit", "mph", "--store"});
        QVERIFY2(table.exitCode == 0 && table.out.contains("MAE / RMSE (mph) / MAPE %"), qPrintable(table.out + table.err));
        QVERIFY2(QRegularExpression("\nintervals: 90 % \\(calibrated on \\d+ validation windows\\) held \\d+\\.\\d % of test targets "
                                    "\\(step 3: [^)]*\\); mean half-width \\d+\\.\\d\\d mph\n")
                     .match(table.out)
                     .hasMatch(),
                 qPrintable(table.out));
        QVERIFY2(QRegularExpression("\nintervals held least at sensors \\S+ \\(\\d+\\.\\d %\\), ").match(table.out).hasMatch(), qPrintable(table.out));
        QVERIFY2(!table.out.contains("as stored in the checkpoint"), qPrintable(table.out));
        // --store kept that one: asked the same again, the checkpoint gives it back.
        const CliRun stored = runCli({"evaluate", "--data", m_demo, "--checkpoint", m_checkpoint, "--unit", "mph"});
        QVERIFY2(stored.out.contains("MAE / RMSE (mph) / MAPE %") && stored.out.contains("note: as stored in the checkpoint when measured on the same weights and data"),
                 qPrintable(stored.out));
        // Every sensor measured: in the JSON, in a line of the table, and with --sensors in a file.
        const QJsonArray sensors = json["sensors"].toArray();
        QCOMPARE(sensors.size(), 30);
        QVERIFY(sensors.at(0).toObject()["targets"].toInt() > 0 && sensors.at(0).toObject()["mae"].toDouble() > 0);
        QVERIFY2(QRegularExpression("sensors: HimNet's MAE is below both baselines' at \\d+ of 30; highest: \\S+ \\([0-9.]+\\)")
                     .match(table.out)
                     .hasMatch(),
                 qPrintable(table.out));
        // Every hour of the day and of the week, by the targets' clock: all targets, once each.
        const QJsonArray hours = json["hours"].toArray(), hoursOfWeek = json["hours_of_week"].toArray();
        QCOMPARE(hours.size(), 24);
        QCOMPARE(hoursOfWeek.size(), 168);
        qint64 hourTargets = 0, sensorTargets = 0;
        for (const auto hour : hours) hourTargets += hour.toObject()["targets"].toInteger();
        for (const auto sensor : sensors) sensorTargets += sensor.toObject()["targets"].toInteger();
        QVERIFY(hourTargets > 0);
        QCOMPARE(hourTargets, sensorTargets);
        QVERIFY2(QRegularExpression("hours: HimNet's MAE is below both baselines' in \\d+ of \\d+ hours of the day; highest: \\d\\d:00 \\([0-9.]+\\)")
                     .match(table.out)
                     .hasMatch(),
                 qPrintable(table.out));
        const QString perSensor = dir.path() + "/sensors.csv", perHour = dir.path() + "/hours.xlsx";
        const CliRun written = runCli({"evaluate", "--data", m_demo, "--checkpoint", m_checkpoint, "--sensors", perSensor, "--hours", perHour});
        QVERIFY2(written.exitCode == 0 && written.out.contains("each sensor's metrics written to " + perSensor)
                     && written.out.contains("each hour's metrics written to " + perHour),
                 qPrintable(written.out + written.err));
        QVERIFY(QFileInfo(perHour).size() > 0);
        QFile sensorFile(perSensor);
        QVERIFY(sensorFile.open(QIODevice::ReadOnly));
        const QStringList sensorLines = QString::fromUtf8(sensorFile.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(sensorLines.size(), 31);
        QVERIFY2(sensorLines.first().startsWith("sensor,targets,HimNet MAE (km/h),"), qPrintable(sensorLines.first()));
        QCOMPARE(sensorLines.at(1).section(',', 0, 0), sensors.at(0).toObject()["id"].toString());
        QCOMPARE(sensorLines.at(1).section(',', 2, 2).toDouble(), std::round(sensors.at(0).toObject()["mae"].toDouble() * 1e4) / 1e4);
        // With where the intervals held at the sensor, as the JSON says.
        QVERIFY2(sensorLines.first().endsWith(",90 % interval held %,90 % interval half-width (km/h)"), qPrintable(sensorLines.first()));
        const double held = sensors.at(0).toObject()["interval"].toObject()["coverage"].toDouble();
        QVERIFY(held > 0 && held <= 1);
        QCOMPARE(sensorLines.at(1).section(',', 11, 11).toDouble(), std::round(held * 100 * 1e4) / 1e4);
        const CliRun badName = runCli({"evaluate", "--data", m_demo, "--checkpoint", m_checkpoint, "--sensors", dir.path() + "/sensors.txt"});
        QCOMPARE(badName.exitCode, 2);
        QVERIFY2(badName.err.contains("sensors.txt: must end in .csv or .xlsx"), qPrintable(badName.err));
        const CliRun badHours = runCli({"evaluate", "--data", m_demo, "--checkpoint", m_checkpoint, "--hours", dir.path() + "/hours.json"});
        QCOMPARE(badHours.exitCode, 2);
        QVERIFY2(badHours.err.contains("hours.json: must end in .csv or .xlsx"), qPrintable(badHours.err));
        // A checkpoint of another network is refused with exit code 2 and the reason.
        const QString other = dir.path() + "/other";
        QCOMPARE(runCli({"demo", "--out", other, "--sensors", "31", "--weeks", "1"}).exitCode, 0);
        const CliRun wrong = runCli({"evaluate", "--data", other, "--checkpoint", m_checkpoint});
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.contains("30 sensors"), qPrintable(wrong.err));
    }

    // Forecasts from one origin, from several, from every window of a split; as CSV, HDF5 and
    // Excel workbooks.
    void forecastsAreWrittenAsAsked()
    {
        QTemporaryDir dir;
        const CliRun evaluated = runCli({"evaluate", "--data", m_demo, "--checkpoint", m_checkpoint, "--json"});
        QCOMPARE(evaluated.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(evaluated.out.toUtf8()).object();
        const QJsonArray horizons = json["horizons"].toArray();
        const CliRun forecast = runCli({"forecast", "--data", m_demo, "--checkpoint", m_checkpoint, "--at", "100", "--out", dir.path() + "/f.csv"});
        QCOMPARE(forecast.exitCode, 0);
        QFile csv(dir.path() + "/f.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QString("timestamp,sensor,horizon,forecast,actual"));
        QCOMPARE(lines.size(), 1 + 12 * 30);
        // A negative index counts back from the last step: -1 is the default, the last step.
        const CliRun last = runCli({"forecast", "--data", m_demo, "--checkpoint", m_checkpoint, "--out", dir.path() + "/last.csv"});
        const CliRun minusOne = runCli({"forecast", "--data", m_demo, "--checkpoint", m_checkpoint, "--at", "-1", "--out", dir.path() + "/minus1.csv"});
        QVERIFY2(last.exitCode == 0 && minusOne.exitCode == 0, qPrintable(last.err + minusOne.err));
        QFile lastCsv(dir.path() + "/last.csv"), minusOneCsv(dir.path() + "/minus1.csv");
        QVERIFY(lastCsv.open(QIODevice::ReadOnly) && minusOneCsv.open(QIODevice::ReadOnly));
        QCOMPARE(minusOneCsv.readAll(), lastCsv.readAll());
        const CliRun tooFarBack = runCli({"forecast", "--data", m_demo, "--checkpoint", m_checkpoint, "--at", "-99999", "--out", dir.path() + "/no.csv"});
        QCOMPARE(tooFarBack.exitCode, 2);
        QVERIFY2(tooFarBack.err.contains(" steps: --at -99999 counts back past the first (-1 is the last step)"), qPrintable(tooFarBack.err));
        // Consecutive origins past the last step are refused, saying how many there are room for.
        const CliRun pastTheEnd = runCli({"forecast", "--data", m_demo, "--checkpoint", m_checkpoint, "--at", "-2", "--count", "5", "--out", dir.path() + "/no.csv"});
        QCOMPARE(pastTheEnd.exitCode, 2);
        QVERIFY2(pastTheEnd.err.contains("--count 5 from step ") && pastTheEnd.err.contains(": at most 2 from there"), qPrintable(pastTheEnd.err));
        QVERIFY(!QFile::exists(dir.path() + "/no.csv"));
        // --split test: a forecast from every window the evaluation measures, the actual values
        // beside it; their errors are the report's.
        const QString splitCsv = dir.path() + "/test-split.csv";
        const CliRun split = runCli({"forecast", "--data", m_demo, "--checkpoint", m_checkpoint, "--split", "test", "--out", splitCsv});
        const int windows = json["windows"].toInt();
        QVERIFY2(split.exitCode == 0 && split.out.contains(QString("wrote %1 forecast(s) of 12 steps for 30 sensors").arg(windows)),
                 qPrintable(split.out + split.err));
        // Not on a terminal: a line at each quarter, so that a long export is not silent in a log.
        QVERIFY(windows >= 256);
        QCOMPARE(split.err.count(QRegularExpression(QString("^forecasts: \\d+ of %1$").arg(windows), QRegularExpression::MultilineOption)), 3);
        QFile splitFile(splitCsv);
        QVERIFY(splitFile.open(QIODevice::ReadOnly));
        const QStringList splitLines = QString::fromUtf8(splitFile.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(splitLines.size(), 1 + windows * 12 * 30);
        const himnet::testing::ForecastCsvError firstStep = himnet::testing::forecastCsvError(splitLines, 1);
        const double firstStepMae = horizons.first().toObject()["mae"].toDouble();
        QVERIFY2(firstStep.targets > 0 && std::abs(firstStep.mae - firstStepMae) < 2e-4,
                 qPrintable(QString("%1 against %2").arg(firstStep.mae).arg(firstStepMae)));
        const CliRun splitAndAt = runCli({"forecast", "--data", m_demo, "--checkpoint", m_checkpoint, "--split", "test", "--at", "100", "--out", dir.path() + "/no.csv"});
        QCOMPARE(splitAndAt.exitCode, 2);
        QVERIFY2(splitAndAt.err.contains("--split") && splitAndAt.err.contains("--at"), qPrintable(splitAndAt.err));
        QVERIFY(!QFile::exists(dir.path() + "/no.csv"));
        // The HDF5 export says what its values measure.
        const std::string h5 = (dir.path() + "/f.h5").toStdString();
        QCOMPARE(runCli({"forecast", "--data", m_demo, "--checkpoint", m_checkpoint, "--at", "100", "--out", QString::fromStdString(h5)}).exitCode, 0);
        const H5::H5File exported(h5, H5F_ACC_RDONLY);
        QCOMPARE(himnet::h5::readStringAttribute(exported, "unit", h5), std::string("km/h"));
        QCOMPARE(himnet::h5::readStringAttribute(exported, "quantity", h5), std::string("speed"));
        // The Excel export: date cells, the unit in the headers, the same numbers as the CSV; read
        // back as the long table it is (time, sensor, values), one value column at a time.
        const QString xlsx = dir.path() + "/f.xlsx";
        QCOMPARE(runCli({"forecast", "--data", m_demo, "--checkpoint", m_checkpoint, "--at", "100", "--out", xlsx}).exitCode, 0);
        himnet::LoadOptions forecastColumn;
        forecastColumn.valueColumn = "forecast (km/h)";
        const himnet::Dataset book = himnet::loadDataset(xlsx.toStdString(), forecastColumn);
        QCOMPARE(book.format, std::string("long-xlsx"));
        QCOMPARE(book.sheets, (std::vector<std::string>{"Forecast", "About"}));
        QCOMPARE(book.unit, std::string("km/h"));
        QCOMPARE(book.numSteps, int64_t(12));
        QCOMPARE(book.numNodes, int64_t(30));
        QCOMPARE(QString::fromStdString(himnet::formatTimestamp(book.timestamps.front())), lines[1].section(',', 0, 0));
        for (const QString& line : lines.mid(1)) {
            const QStringList fields = line.split(',');
            const int64_t step = fields[2].toLongLong() - 1, node = book.indexOf(fields[1].toStdString());
            QVERIFY2(node >= 0, qPrintable(line));
            QVERIFY2(std::abs(book.value(step, node) - fields[3].toFloat()) < 1e-3f, qPrintable(line));
        }
        himnet::LoadOptions minutesColumn;
        minutesColumn.valueColumn = "minutes ahead";
        QCOMPARE(himnet::loadDataset(xlsx.toStdString(), minutesColumn).value(11, 0), 60.0f);
        // --intervals: each forecast's 90 % bounds, of the test report the checkpoint keeps
        // (train stored it), the same forecasts beside them.
        const CliRun bounded = runCli({"forecast", "--data", m_demo, "--checkpoint", m_checkpoint, "--at", "100", "--intervals", "--out", dir.path() + "/bounded.csv"});
        QVERIFY2(bounded.exitCode == 0 && bounded.err.contains(QRegularExpression("^intervals: 90 % \\(calibrated on \\d+ validation windows\\) held .*, as the checkpoint keeps them$", QRegularExpression::MultilineOption)),
                 qPrintable(bounded.err));
        const QStringList boundedLines = QString::fromStdString(himnet::testing::fileBytes((dir.path() + "/bounded.csv").toStdString())).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(boundedLines.first(), QString("timestamp,sensor,horizon,forecast,actual,lower_90,upper_90"));
        QCOMPARE(boundedLines.size(), lines.size());
        for (int k = 1; k < boundedLines.size(); ++k) {
            const QStringList fields = boundedLines[k].split(',');
            QCOMPARE(fields.mid(0, 5).join(','), lines[k]);
            QVERIFY2(fields[5].toDouble() < fields[3].toDouble() && fields[3].toDouble() < fields[6].toDouble(), qPrintable(boundedLines[k]));
        }
    }

    // --interval-level: intervals of another level, measured (the checkpoint's 90 % ones are
    // not given back for them; a forecast says how to keep them), stored beside those and given
    // back like them, and in the forecasts' bounds.
    void intervalLevelIsChosen()
    {
        QTemporaryDir dir;
        const QString model = dir.path() + "/model.h5";
        QVERIFY(QFile::copy(m_checkpoint, model));
        const auto reportOf = [](const CliRun& run) { return QJsonDocument::fromJson(run.out.toUtf8()).object(); };
        const QJsonObject ninety = reportOf(runCli({"evaluate", "--data", m_demo, "--checkpoint", model, "--json", "--store"}));
        QCOMPARE(ninety["intervals"].toObject()["level"].toDouble(), 0.9);
        // Before they are stored, forecasts measure them, and say how to keep them.
        const CliRun unkept = runCli({"forecast", "--data", m_demo, "--checkpoint", model, "--at", "100", "--intervals",
                                      "--interval-level", "97.5", "--out", dir.path() + "/unkept.csv"});
        QVERIFY2(unkept.exitCode == 0 && unkept.err.contains("intervals: 97.5 % ") && !unkept.err.contains("as the checkpoint keeps them")
                     && unkept.err.contains("intervals measured now, not kept: `himnet evaluate --store --interval-level 97.5` with the same "
                                            "--data and --checkpoint keeps them"),
                 qPrintable(unkept.err));
        const CliRun measured = runCli({"evaluate", "--data", m_demo, "--checkpoint", model, "--interval-level", "97.5", "--store"});
        QVERIFY2(measured.exitCode == 0, qPrintable(measured.err));
        QVERIFY2(measured.out.contains(QRegularExpression("^intervals: 97.5 % \\(calibrated on \\d+ validation windows\\) held ", QRegularExpression::MultilineOption)),
                 qPrintable(measured.out));
        const QJsonObject stored = reportOf(runCli({"evaluate", "--data", m_demo, "--checkpoint", model, "--interval-level", "97.5", "--json"}));
        QVERIFY(stored["from_checkpoint"].toBool());
        const QJsonObject wide = stored["intervals"].toObject(), usual = ninety["intervals"].toObject();
        QCOMPARE(wide["level"].toDouble(), 0.975);
        QVERIFY2(wide["mean_half_width"].toDouble() > usual["mean_half_width"].toDouble()
                     && wide["coverage"].toDouble() > usual["coverage"].toDouble(),
                 qPrintable(QString("97.5 %: ± %1, held %2; 90 %: ± %3, held %4").arg(wide["mean_half_width"].toDouble())
                                .arg(wide["coverage"].toDouble()).arg(usual["mean_half_width"].toDouble()).arg(usual["coverage"].toDouble())));
        // The MAE is the same whatever the level.
        QCOMPARE(stored["all"].toObject()["mae"].toDouble(), ninety["all"].toObject()["mae"].toDouble());
        // Forecasts with the stored 97.5 % bounds; the usual level's, stored beside them, too.
        const CliRun bounded = runCli({"forecast", "--data", m_demo, "--checkpoint", model, "--at", "100", "--intervals",
                                       "--interval-level", "97.5", "--out", dir.path() + "/bounded.csv"});
        QVERIFY2(bounded.exitCode == 0 && bounded.err.contains("intervals: 97.5 % ") && bounded.err.contains(", as the checkpoint keeps them"),
                 qPrintable(bounded.err));
        const QStringList lines = QString::fromStdString(himnet::testing::fileBytes((dir.path() + "/bounded.csv").toStdString())).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QString("timestamp,sensor,horizon,forecast,actual,lower_97.5,upper_97.5"));
        QCOMPARE(lines.size(), 1 + 12 * 30);
        const CliRun usualBounds = runCli({"forecast", "--data", m_demo, "--checkpoint", model, "--at", "100", "--intervals", "--out", dir.path() + "/usual.csv"});
        QVERIFY2(usualBounds.exitCode == 0 && usualBounds.err.contains("as the checkpoint keeps them") && usualBounds.err.contains("intervals: 90 % "),
                 qPrintable(usualBounds.err));
        // Out of range, or without --intervals: refused before anything runs.
        for (const QString& level : {QString("100"), QString("20"), QString("ninety")}) {
            const CliRun refused = runCli({"evaluate", "--data", m_demo, "--checkpoint", model, "--interval-level", level});
            QCOMPARE(refused.exitCode, 2);
            QVERIFY2(refused.err.contains("--interval-level: a percentage from 50 to 99.9 is expected, not " + level), qPrintable(refused.err));
        }
        const CliRun alone = runCli({"forecast", "--data", m_demo, "--checkpoint", model, "--interval-level", "95", "--out", dir.path() + "/no.csv"});
        QCOMPARE(alone.exitCode, 2);
        QVERIFY2(alone.err.contains("--interval-level requires --intervals"), qPrintable(alone.err));
        QVERIFY(!QFile::exists(dir.path() + "/no.csv"));
    }

    void embedDescribesTheEmbeddings()
    {
        QTemporaryDir dir;
        // embed: node embeddings with zones give ARI and NMI; the CSV has a row per point.
        const CliRun embed = runCli({"embed", "--checkpoint", m_checkpoint, "--data", m_demo, "--what", "node", "--clusters", "5",
                                  "--iterations", "300", "--out", dir.path() + "/node.csv", "--json"});
        QCOMPARE(embed.exitCode, 0);
        const QJsonObject e = QJsonDocument::fromJson(embed.out.toUtf8()).object();
        QCOMPARE(e["points"].toInt(), 30);
        QCOMPARE(e["clusters"].toObject()["k"].toInt(), 5);
        QCOMPARE(e["clusters"].toObject()["clear_structure"].toBool(), e["clusters"].toObject()["silhouette"].toDouble() > 0.25);
        QVERIFY(e["ari"].isDouble() && e["nmi"].isDouble());
        QVERIFY(e["start_correlation"].toDouble() > 0 && e["start_correlation"].toDouble() < 1); // trained, from its seed's start
        QVERIFY(!e.contains("started_from"));
        QFile nodes(dir.path() + "/node.csv");
        QVERIFY(nodes.open(QIODevice::ReadOnly));
        const QStringList rows = QString::fromUtf8(nodes.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 31);
        QVERIFY(rows.first().startsWith("point,name,sensor,slot,day_of_week,zone,value,x,y,cluster,e0"));
        // Without the data: time-of-day embeddings by PCA, no zones to agree with.
        const CliRun tod = runCli({"embed", "--checkpoint", m_checkpoint, "--what", "tod", "--method", "pca", "--out", dir.path() + "/tod.csv", "--json"});
        QCOMPARE(tod.exitCode, 0);
        const QJsonObject t = QJsonDocument::fromJson(tod.out.toUtf8()).object();
        QCOMPARE(t["points"].toInt(), 288);
        QVERIFY(!t.contains("ari"));
        QCOMPARE(t["explained_variance"].toArray().size(), 2);
        // Time of day comes with its daily order, which only time of day has.
        const QJsonObject order = t["daily_order"].toObject();
        QVERIFY(order["neighbour_ratio"].toDouble() > 0);
        QCOMPARE(order["reading"].toString().toStdString(), himnet::dailyOrderName(himnet::readDailyOrder(order["neighbour_ratio"].toDouble())));
        QVERIFY(!e.contains("daily_order"));
        // Spatiotemporal embeddings need the data, and say so.
        const CliRun st = runCli({"embed", "--checkpoint", m_checkpoint, "--what", "st", "--out", dir.path() + "/st.csv"});
        QCOMPARE(st.exitCode, 2);
        QVERIFY2(st.err.contains("--data"), qPrintable(st.err));
    }

    // The device is resolved before the banner: no half-printed "device " line ahead of the error.
    void trainWithoutTheGpuItAsksForSaysSoAlone()
    {
        if (himnet::cudaAvailable()) QSKIP("this machine has a GPU");
        QTemporaryDir dir;
        const QString data = QString::fromStdString(himnet::testing::sharedPath("datasets/la-week"));
        const CliRun r = runCli({"train", "--data", data, "--out", dir.filePath("x.h5"), "--device", "cuda"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("himnet: CUDA was requested but this LibTorch build sees no GPU"), qPrintable(r.err));
        QVERIFY(!QFile::exists(dir.filePath("x.h5")));
    }

    // `info` takes the dataset as every other command does (--data), or as its argument.
    void infoSummarisesADataset_data()
    {
        QTest::addColumn<bool>("asOption");
        QTest::newRow("argument") << false;
        QTest::newRow("--data") << true;
    }

    void infoSummarisesADataset()
    {
        QFETCH(bool, asOption);
        const QString laWeek = QString::fromStdString(himnet::testing::sharedPath("datasets/la-week"));
        const CliRun r = runCli(asOption ? QStringList{"info", "--data", laWeek} : QStringList{"info", laWeek});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QRegularExpression("sensors +207\\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains("2016 x 300 s (288 per day), 7.0 days"), qPrintable(r.out));
        // And how training would split it: the test days are ones training never sees.
        QVERIFY2(r.out.contains("  training      preset default, split by time (70 / 10 / 20 %): train 2012-03-01 00:00 to 2012-03-05 22:05 "
                                "(1395 windows), validation 2012-03-05 20:15 to 2012-03-06 14:40 (199 windows), test 2012-03-06 12:50 to "
                                "2012-03-07 23:55 (399 windows)\n"
                                "  context       days never seen in training: Tuesday, Wednesday"),
                 qPrintable(r.out));
        // And what a model trained so must beat: the naive forecasts on its test windows (the
        // figures `evaluate` sets beside any model's on them).
        QVERIFY2(r.out.contains("\n  baselines     last value MAE 4.39 mph (15 min 3.55, 30 min 4.35, 60 min 5.73); historical average MAE "
                                "4.65 mph (15 min 4.67, 30 min 4.66, 60 min 4.63) over 399 test windows: a model must beat 4.39 mph overall\n"),
                 qPrintable(r.out));
        const CliRun json = runCli({"info", laWeek, "--json"});
        const QJsonObject training = QJsonDocument::fromJson(json.out.toUtf8()).object()["training"].toObject();
        QCOMPARE(training["test"].toObject()["windows"].toInt(), 399);
        QCOMPARE(training["test"].toObject()["from"].toString(), QStringLiteral("2012-03-06 12:50:00"));
        QCOMPARE(training["train_ratio"].toDouble(), 0.7);
        QCOMPARE(training["temporal_context"].toString(), QStringLiteral("weekday-weekend"));
        QCOMPARE(training["unseen_days"].toArray(), QJsonArray({"Tuesday", "Wednesday"}));
        QCOMPARE(training["preset"].toString(), QStringLiteral("default"));
        const QJsonObject baselines = training["baselines"].toObject();
        QCOMPARE(baselines["windows"].toInt(), 399);
        QCOMPARE(baselines["steps"].toArray().size(), 12);
        QVERIFY(std::abs(baselines["last_value"].toObject()["mae"].toDouble() - 4.39) < 0.005);
        QVERIFY(std::abs(baselines["historical_average"].toObject()["mae"].toDouble() - 4.65) < 0.005);
    }

    // --from and --until read a period of the series alone, for every command; the model keeps
    // the period it was trained on.
    void aPeriodIsReadAlone()
    {
        QTemporaryDir dir;
        const QString laWeek = QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")), model = dir.path() + "/model.h5";
        const QStringList period{"--from", "2012-03-03", "--until", "2012-03-05"};
        const CliRun info = runCli(QStringList{"info", laWeek} + period);
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        for (const char* part : {"576 x 300 s (288 per day), 2.0 days", "span          2012-03-03 00:00:00 .. 2012-03-04 23:55:00 UTC",
                                 "note          read 576 of the series' 2016 steps, those from 2012-03-03 00:00:00 until 2012-03-05 00:00:00"})
            QVERIFY2(info.out.contains(QLatin1String(part)), qPrintable(info.out));
        const CliRun trained = runCli(QStringList{"train", "--data", laWeek, "--out", model, "--hidden", "8", "--epochs", "1", "--max-batches", "2", "--quiet"} + period);
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        const CliRun inspect = runCli({"inspect", model});
        QVERIFY2(inspect.out.contains("period       2012-03-03 00:00:00 to 2012-03-04 23:55:00 (the series its training split into training, "
                                      "validation and test)"),
                 qPrintable(inspect.out));
    }

    // A model goes to the reference implementation as a state dict, and comes back from one as
    // a checkpoint that evaluates as the model it came from.
    void importAndExportCarryAModelBothWays()
    {
        QTemporaryDir dir;
        const QString demo = dir.path() + "/demo", model = dir.path() + "/model.h5", stateDict = dir.path() + "/model.pt",
                      imported = dir.path() + "/imported.h5";
        QCOMPARE(runCli({"demo", "--out", demo, "--sensors", "30", "--weeks", "1"}).exitCode, 0);
        const CliRun trained = runCli({"train", "--data", demo, "--out", model, "--hidden", "8", "--epochs", "1", "--max-batches", "4",
                                       "--temporal-context", "paper", "--quiet"});
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        const CliRun exported = runCli({"export", "--checkpoint", model, "--out", stateDict});
        QVERIFY2(exported.exitCode == 0 && exported.out.contains("wrote " + stateDict), qPrintable(exported.out + exported.err));
        QVERIFY2(!exported.err.contains("note:"), qPrintable(exported.err)); // the paper's context: nothing differs
        const CliRun unimported = runCli({"evaluate", "--data", demo, "--checkpoint", stateDict});
        QCOMPARE(unimported.exitCode, 2);
        QVERIFY2(unimported.err.contains("himnet import --state-dict model.pt --data DATA"), qPrintable(unimported.err));

        // A week of data: its training never reaches some days, which the model trained with the
        // paper's context is fed as they are.
        const CliRun r = runCli({"import", "--state-dict", stateDict, "--data", demo, "--out", imported, "--temporal-context", "paper", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(json["config"].toObject()["hidden_dim"].toInt(), 8);
        QVERIFY(json["scaler"].toObject()["std"].toDouble() > 0);
        QVERIFY(json["split"].toObject()["test"].toObject()["windows"].toInt() > 0);
        const CliRun text = runCli({"import", "--state-dict", stateDict, "--data", demo, "--out", dir.path() + "/nearest.h5"});
        QVERIFY2(text.out.contains("scaler     mean") && text.out.contains("split by time (70 / 10 / 20 %)")
                     && text.out.contains("each fed as the nearest trained day of its kind"),
                 qPrintable(text.out));
        const auto mae = [&](const QString& checkpoint) {
            const CliRun e = runCli({"evaluate", "--data", demo, "--checkpoint", checkpoint, "--json", "--recompute"});
            return QJsonDocument::fromJson(e.out.toUtf8()).object()["all"].toObject()["mae"].toDouble(-1);
        };
        QCOMPARE(mae(imported), mae(model));
        const CliRun inspect = runCli({"inspect", imported});
        QVERIFY2(inspect.out.contains("imported     from " + stateDict + " (a reference state dict)"), qPrintable(inspect.out));

        // The reference's model trained further here: it starts from its weights and their
        // validation loss, and says so.
        const QString tuned = dir.path() + "/tuned.h5";
        const CliRun fineTuned = runCli({"train", "--data", demo, "--out", tuned, "--init-from", stateDict, "--epochs", "1",
                                         "--max-batches", "2", "--json"});
        QVERIFY2(fineTuned.exitCode == 0, qPrintable(fineTuned.err));
        QVERIFY(QJsonDocument::fromJson(fineTuned.out.toUtf8()).object()["starting_val_loss"].toDouble(-1) > 0);
        const CliRun tunedInspect = runCli({"inspect", tuned});
        QVERIFY2(tunedInspect.out.contains("started      from the weights of " + stateDict + " (validation loss "), qPrintable(tunedInspect.out));
        QVERIFY2(tunedInspect.out.contains("hidden       8 "), qPrintable(tunedInspect.out));
        // Its embeddings are compared with the reference model's, which it started from.
        const CliRun tunedEmbed = runCli({"embed", "--checkpoint", tuned, "--what", "node", "--method", "pca", "--out", dir.path() + "/tuned.csv", "--json"});
        const QJsonObject movedFrom = QJsonDocument::fromJson(tunedEmbed.out.toUtf8()).object();
        QCOMPARE(movedFrom["started_from"].toString(), QFileInfo(stateDict).absoluteFilePath());
        QVERIFY(movedFrom["start_correlation"].toDouble() > 0.5);
        const CliRun tunedEmbedText = runCli({"embed", "--checkpoint", tuned, "--what", "node", "--method", "pca", "--out", dir.path() + "/tuned.csv"});
        QVERIFY2(tunedEmbedText.out.contains("training: correlation with those of " + QFileInfo(stateDict).fileName() + ", which the training started from, "),
                 qPrintable(tunedEmbedText.out));
    }

private:
    QTemporaryDir m_dir;
    QString m_demo, m_checkpoint;
    CliRun m_trained;
};

QTEST_MAIN(TestCli)
#include "test_cli.moc"
