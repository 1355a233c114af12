// HDF5 checkpoints: round trip, atomic replacement, and every way a model file can be wrong
// (the data it opens on read otherwise than it was trained on: test_model_on_other_readings).
#include "refusals.h"
#include "small_checkpoint.h"
#include "himnet/errors.h"
#include "himnet/model_file.h"
#include "himnet/output_files.h"
#include "io/replace_file.h"
#include "model/himnet.h"
#include "test_tensors.h"
#include "train/checkpoint.h"
#include "train/trained_model.h"
#include "train/training_state.h"
#include "io/hdf5_file.h"
#include "io/hdf5_seal.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

using namespace himnet;
using testing::checkpointOf;
using testing::smallConfig;

namespace {

// A checkpoint's /metrics as evaluate --json writes them, with `more` (period, unit). Plain
// string literals: moc misreads raw ones.
const char* const kPeriodAndUnit = ", \"period\": {\"from\": \"2012-03-06 12:50:00\", \"to\": \"2012-03-07 23:55:00\"}, \"unit\": \"mph\"";
const char* const kNoUnit = ", \"unit\": null";
const char* const kIntervals = ", \"unit\": \"mph\", \"intervals\": {\"level\": 0.9, \"coverage\": 0.8817, \"mean_half_width\": 5.1234, "
                               "\"targets\": 100, \"calibration_split\": \"val\", \"calibration_windows\": 199, \"pooled_cells\": 0, \"horizons\": []}";
const char* const kAnotherForm = "{\"all\": {\"mae\": 3.1}}";
const char* const kNoJson = "{\"all\": {\"ma";

QString keptMetrics(const char* more)
{
    return QString("{\"all\": {\"mae\": 3.1, \"rmse\": 6.0, \"mape\": 9.5}, \"baselines\": "
                   "{\"last_value\": {\"mae\": 3.5, \"rmse\": 6.5, \"mape\": 9.0}, "
                   "\"historical_average\": {\"mae\": 4.0, \"rmse\": 7.0, \"mape\": 12.0}}, \"split\": \"test\", \"windows\": 399")
        + more + "}";
}

} // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Before sensor ids were read as UTF-8, a Windows-1252 table's ids went into checkpoints as
    // they were: read back, they are the UTF-8 ids the same table reads as now, and the name
    // goes into JSON (`himnet inspect --json`).
    void idsWrittenInWindows1252ReadBackAsUtf8()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/model.h5").toStdString();
        HimNet model(smallConfig());
        Checkpoint written = checkpointOf(model);
        written.dataset->name = "z\xE4hlungen";
        written.dataset->sensorIds.front() = "Stra\xDF" "e 2";
        writeCheckpoint(path, written);
        const Checkpoint read = readCheckpoint(path);
        QCOMPARE(read.dataset->name, std::string("z\u00e4hlungen"));
        QCOMPARE(read.dataset->sensorIds.front(), std::string("Stra\u00df" "e 2"));
        QCOMPARE(read.dataset->sensorIds.back(), written.dataset->sensorIds.back());
    }

    void roundTripKeepsEverything()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/model.h5").toStdString();
        HimNet model(smallConfig());
        const Checkpoint written = checkpointOf(model);
        writeCheckpoint(path, written);
        const Checkpoint read = readCheckpoint(path);
        QVERIFY(read.config == written.config);
        QCOMPARE(read.params.size(), written.params.size());
        HimNet restored(read.config);
        loadStateDict(*restored, read.params, path);
        const auto a = stateDictOf(*model), b = stateDictOf(*restored);
        for (size_t i = 0; i < a.size(); ++i) QVERIFY2(torch::equal(a[i].second, b[i].second), a[i].first.c_str());
        QCOMPARE(read.scaler->mean, 54.2);
        QCOMPARE(read.scaler->std, 19.7);
        QCOMPARE(read.dataset->name, std::string("la-week"));
        QCOMPARE(read.dataset->sensorIds, written.dataset->sensorIds);
        QCOMPARE(read.history.size(), size_t(2));
        QCOMPARE(read.history[1].valLoss, 3.4);
        QCOMPARE(read.metrics, written.metrics);
        QCOMPARE(read.optimizerState, written.optimizerState);
        QVERIFY(torch::equal(read.optimizerTensors.at(0).second, torch::ones({6, 16})));
        QCOMPARE(read.start.size(), size_t(3));
        QVERIFY(sameTensors(read.start, written.start));
    }

    // The metrics a checkpoint keeps are summarised for inspect and the Model tab, from what
    // evaluate --json writes; older files lack the period and unit; metrics of another form
    // are left out of the summary, which still describes the model.
    void keptMetricsAreSummarised_data()
    {
        QTest::addColumn<QString>("metrics");
        QTest::addColumn<QList<double>>("otherLevels"); // of the reports kept beside, in the order stored
        QTest::addColumn<QString>("described");         // empty: none
        QTest::newRow("a report") << keptMetrics(kPeriodAndUnit) << QList<double>{}
                                  << "MAE 3.10 mph (last value 3.50, historical average 4.00) on the test split, 2012-03-06 12:50 to 2012-03-07 23:55, 399 windows";
        QTest::newRow("without period and unit") << keptMetrics(kNoUnit) << QList<double>{}
                                                 << "MAE 3.10 (last value 3.50, historical average 4.00) on the test split, 399 windows";
        const QString withIntervals = "MAE 3.10 mph (last value 3.50, historical average 4.00) on the test split, 399 windows; 90 % "
                                      "intervals held 88.2 % of its targets (± 5.12 mph on average)";
        QTest::newRow("with intervals") << keptMetrics(kIntervals) << QList<double>{} << withIntervals;
        QTest::newRow("and one other level") << keptMetrics(kIntervals) << QList<double>{0.95} << withIntervals + "; 95 % intervals kept too";
        QTest::newRow("and three, from the lowest") << keptMetrics(kIntervals) << QList<double>{0.99, 0.8, 0.975}
                                                    << withIntervals + "; 80 %, 97.5 % and 99 % intervals kept too";
        QTest::newRow("of another form") << QString(kAnotherForm) << QList<double>{} << "";
        QTest::newRow("no JSON") << QString(kNoJson) << QList<double>{} << "";
    }

    void keptMetricsAreSummarised()
    {
        QFETCH(QString, metrics);
        QFETCH(QList<double>, otherLevels);
        QFETCH(QString, described);
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/model.h5").toStdString();
        HimNet model(smallConfig());
        Checkpoint c = checkpointOf(model);
        c.metrics = metrics.toStdString();
        for (const double level : otherLevels) c.otherLevelEvaluations.push_back({"fingerprint", "usual", level, "{}", {}});
        writeCheckpoint(path, c);
        QCOMPARE(readCheckpoint(path).otherLevelEvaluations.size(), size_t(otherLevels.size()));
        if (!otherLevels.isEmpty()) QCOMPARE(readCheckpoint(path).otherLevelEvaluations.back().intervalLevel, otherLevels.back());
        const ModelFileSummary s = inspectModelFile(path);
        QCOMPARE(s.metrics.has_value(), !described.isEmpty());
        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(s))).object();
        QCOMPARE(json.contains("metrics"), !described.isEmpty());
        if (described.isEmpty()) return;
        QCOMPARE(QString::fromStdString(s.metrics->describe()), described);
        QCOMPARE(json["metrics"].toObject()["mae"].toDouble(), 3.1);
        QCOMPARE(json["metrics"].toObject()["historical_average"].toObject()["rmse"].toDouble(), 7.0);
        QCOMPARE(json["metrics"].toObject()["windows"].toInt(), 399);
        QCOMPARE(json["metrics"].toObject().contains("intervals"), metrics.contains("intervals"));
        if (!metrics.contains("intervals")) return;
        const QJsonObject intervals = json["metrics"].toObject()["intervals"].toObject();
        QCOMPARE(intervals["coverage"].toDouble(), 0.8817);
        QList<double> levels = otherLevels;
        std::sort(levels.begin(), levels.end());
        QCOMPARE(intervals["other_levels"].toArray().toVariantList().size(), levels.size());
        for (int i = 0; i < levels.size(); ++i) QCOMPARE(intervals["other_levels"].toArray()[i].toDouble(), levels[i]);
    }

    // The zones found per epoch (demo city) survive the round trip; on other data, and on
    // epochs trained before they were recorded, there are none. NaN: an epoch without.
    void zonesFoundPerEpochSurviveTheRoundTrip_data()
    {
        QTest::addColumn<QList<double>>("ari");
        const double none = std::nan("");
        QTest::newRow("data without zones") << QList<double>{none, none};
        QTest::newRow("every epoch") << QList<double>{0.41, 1.0};
        QTest::newRow("from epoch 2 on") << QList<double>{none, 0.73};
        QTest::newRow("worse than chance") << QList<double>{-0.04, 0.2};
    }

    void zonesFoundPerEpochSurviveTheRoundTrip()
    {
        QFETCH(QList<double>, ari);
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/model.h5").toStdString();
        HimNet model(smallConfig());
        Checkpoint written = checkpointOf(model);
        for (qsizetype i = 0; i < ari.size(); ++i)
            if (!std::isnan(ari[i])) written.history[static_cast<size_t>(i)].zones = LabelAgreement{5, ari[i], 0.5 + ari[i] / 2};
        writeCheckpoint(path, written);
        const Checkpoint read = readCheckpoint(path);
        QCOMPARE(read.history.size(), written.history.size());
        for (size_t i = 0; i < read.history.size(); ++i) {
            const auto& expected = written.history[i].zones;
            const auto& got = read.history[i].zones;
            QCOMPARE(got.has_value(), expected.has_value());
            if (!expected) continue;
            QCOMPARE(got->k, 5);
            QCOMPARE(got->ari, expected->ari);
            QCOMPARE(got->nmi, expected->nmi);
        }
        QCOMPARE(inspectModelFile(path).history.back().zones.has_value(), written.history.back().zones.has_value()); // the app plots these
    }

    void writeReplacesAtomicallyAndLeavesNoTemporaryFile()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/model.h5").toStdString();
        HimNet first(smallConfig());
        writeCheckpoint(path, checkpointOf(first));
        HimNet second(smallConfig());
        writeCheckpoint(path, checkpointOf(second));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"model.h5"});
        HimNet restored(smallConfig());
        loadStateDict(*restored, readCheckpoint(path).params, path);
        QVERIFY(torch::equal(restored->node_embedding, second->node_embedding));
        QVERIFY(!torch::equal(restored->node_embedding, first->node_embedding));
    }

    void temporariesOfKilledWritersAreRemoved()
    {
        QTemporaryDir dir;
        const QString stale = dir.path() + "/.model.h5.tmp-999999999"; // no such process
        const QString other = dir.path() + "/.other.h5.tmp-999999999"; // another checkpoint's
        for (const QString& path : {stale, other}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("torn");
        }
        HimNet model(smallConfig());
        writeCheckpoint((dir.path() + "/model.h5").toStdString(), checkpointOf(model));
        QVERIFY(!QFile::exists(stale));
        QVERIFY(QFile::exists(other));
        QVERIFY(QFile::exists(dir.path() + "/model.h5"));
    }

    // Every file the engine writes whole (checkpoints, forecast exports) goes through
    // replaceFile: a write that fails part way leaves the file there as it was and no temporary
    // behind, and its error names the file asked for, of the type the writer threw.
    void failedWritesLeaveTheFileAsItWas_data()
    {
        QTest::addColumn<bool>("inputError"); // else a RuntimeFailure, as a full disk gives
        QTest::newRow("runtime failure") << false;
        QTest::newRow("input error") << true;
    }

    void failedWritesLeaveTheFileAsItWas()
    {
        QFETCH(bool, inputError);
        QTemporaryDir dir;
        const std::string target = (dir.path() + "/forecast.csv").toStdString();
        std::ofstream(target) << "an earlier export\n";
        const auto failedWrite = [&] {
            replaceFile(target, [&](const std::string& temporary) {
                std::ofstream(temporary) << "half a";
                const std::string problem = temporary + ": write failed (disk full?)";
                if (inputError) throw InputError(problem);
                throw RuntimeFailure(problem);
            });
        };
        const QStringList message{QString::fromStdString(target + ": write failed (disk full?)")};
        const QString wrong = inputError ? testing::refusalMismatch<InputError>(failedWrite, message)
                                         : testing::refusalMismatch<RuntimeFailure>(failedWrite, message);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        std::ifstream in(target);
        std::string kept;
        std::getline(in, kept);
        QCOMPARE(kept, std::string("an earlier export"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"forecast.csv"});
        replaceFile(target, [](const std::string& temporary) { std::ofstream(temporary) << "the new one\n"; });
        std::ifstream again(target);
        std::getline(again, kept);
        QCOMPARE(kept, std::string("the new one"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"forecast.csv"});
    }

    void unwritableTargetIsARuntimeFailure()
    {
        HimNet model(smallConfig());
        QVERIFY_THROWS_EXCEPTION(RuntimeFailure, writeCheckpoint("/nonexistent-dir/model.h5", checkpointOf(model)));
    }

    // Where a file cannot be written is told before the work that fills it (himnet train's
    // first epoch, a forecast of many origins); a place it can go is left as it was.
    void writableFilesAreToldBeforehand_data()
    {
        QTest::addColumn<QString>("name"); // in a fresh folder
        QTest::addColumn<QString>("problem"); // empty: writable
        QTest::newRow("a new file") << "model.h5" << "";
        QTest::newRow("a file there") << "existing.h5" << "";
        QTest::newRow("in no folder") << "missing/model.h5" << "cannot be written: its folder %1/missing does not exist";
        QTest::newRow("under a file") << "existing.h5/model.h5" << "cannot be written: %1/existing.h5 is not a folder";
        QTest::newRow("a folder") << "folder" << "is a folder: name a file in it";
        QTest::newRow("a read-only folder") << "read-only/model.h5" << "cannot be written: %1/read-only does not let a file be made in it (Permission denied)";
    }

    void writableFilesAreToldBeforehand()
    {
        QFETCH(QString, name);
        QFETCH(QString, problem);
        if (name.startsWith("read-only") && ::geteuid() == 0) QSKIP("root writes into read-only folders");
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("folder") && QDir(dir.path()).mkdir("read-only"));
        QFile::setPermissions(dir.path() + "/read-only", QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        std::ofstream((dir.path() + "/existing.h5").toStdString()) << "kept";
        const std::string path = (dir.path() + "/" + name).toStdString();
        if (problem.isEmpty()) {
            requireWritableFile(path); // a throw fails the test
        } else {
            const QString wrong = testing::refusalMismatch([&] { requireWritableFile(path); },
                                                           {QString::fromStdString(path) + ": " + problem.replace("%1", dir.path())});
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        }
        QFile::setPermissions(dir.path() + "/read-only", QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"existing.h5"});
        std::ifstream in((dir.path() + "/existing.h5").toStdString());
        std::string kept;
        in >> kept;
        QCOMPARE(kept, std::string("kept"));
    }

    void checkpointFromAnotherNetworkListsDifferences()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/other.h5").toStdString();
        HimNet other(smallConfig(9));
        writeCheckpoint(path, checkpointOf(other));
        HimNet mine(smallConfig(6));
        const QString wrong = testing::refusalMismatch([&] { loadStateDict(*mine, readCheckpoint(path).params, path); },
                                                       {QString::fromStdString(path), "node_embedding has shape (9, 16), the network expects (6, 16)"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void missingAndUnexpectedNamesAreListed()
    {
        HimNet model(smallConfig());
        NamedTensors tensors = stateDictOf(*model);
        tensors.erase(tensors.begin());
        tensors.emplace_back("encoder_x.cells.0.gate.weights_pool", torch::zeros({2, 2}));
        const QString wrong = testing::refusalMismatch([&] { loadStateDict(*model, tensors, "edited.pt"); },
                                                       {"missing node_embedding", "unexpected encoder_x.cells.0.gate.weights_pool"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void nonFiniteParametersAreRejectedBeforeAnyCopy()
    {
        HimNet model(smallConfig());
        const torch::Tensor before = model->node_embedding.detach().clone();
        NamedTensors tensors;
        for (const auto& [name, t] : stateDictOf(*model)) tensors.emplace_back(name, torch::zeros_like(t));
        tensors.back().second[0] = std::numeric_limits<float>::quiet_NaN();
        const QString wrong = testing::refusalMismatch([&] { loadStateDict(*model, tensors, "nan.h5"); },
                                                       {"nan.h5", "holds NaN or infinite values (in " + QString::fromStdString(tensors.back().first)
                                                                      + "): not a usable model"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QVERIFY(torch::equal(model->node_embedding.detach(), before));
    }

    void badFilesNameTheFileAndTheProblem_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("problem");
        QTest::newRow("missing") << "missing" << "file not found";
        QTest::newRow("empty") << "empty" << "file is empty";
        QTest::newRow("csv") << "csv" << "not a PyTorch state dict";
        QTest::newRow("foreign hdf5") << "golden" << "not a HimNet Studio checkpoint";
        QTest::newRow("truncated") << "truncated" << "truncated";
    }

    void badFilesNameTheFileAndTheProblem()
    {
        QFETCH(QString, kind);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/" + kind + ".h5").toStdString();
        if (kind == "empty") std::ofstream(path).flush();
        if (kind == "csv") std::ofstream(path) << "sensor,speed\n1,2\n";
        if (kind == "golden") std::filesystem::copy_file(testing::sharedPath("golden/himnet_small.h5"), path);
        if (kind == "truncated") {
            HimNet model(smallConfig());
            writeCheckpoint(path, checkpointOf(model));
            std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
        }
        const QString wrong = testing::refusalMismatch([&] { inspectModelFile(path); }, {QString::fromStdString(path), problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // The split training used goes into the checkpoint: a split file's windows themselves (the
    // checkpoint needs the file no more), or the shares of a split by time. A checkpoint written
    // before windows were kept still names its file.
    void theSplitTrainedWithIsKept_data()
    {
        QTest::addColumn<QString>("splitFile");
        QTest::addColumn<bool>("windowsKept");
        QTest::addColumn<QString>("described");
        QTest::newRow("by time") << QString() << false << "by time (60 / 20 / 20 %)";
        QTest::newRow("by a split file") << "/elsewhere/sz-taxi/index.npz" << true << "by index.npz (4 / 2 / 3 windows, kept in the checkpoint)";
        QTest::newRow("written before windows were kept") << "/elsewhere/sz-taxi/index.npz" << false
                                                           << "by index.npz (its windows are read from that file)";
    }

    void theSplitTrainedWithIsKept()
    {
        QFETCH(QString, splitFile);
        QFETCH(bool, windowsKept);
        QFETCH(QString, described);
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/model.h5").toStdString();
        HimNet model(smallConfig());
        Checkpoint written = checkpointOf(model);
        TrainingRecord record;
        record.options.trainRatio = 0.6;
        record.options.valRatio = 0.2;
        record.options.splitFile = splitFile.toStdString();
        written.training = toJson(record);
        if (windowsKept) written.split = SplitIndex{{0, 1, 2, 3}, {20, 21}, {40, 41, 45}, 12, 12};
        writeCheckpoint(path, written);

        const Checkpoint read = readCheckpoint(path);
        QCOMPARE(read.split.has_value(), windowsKept);
        if (windowsKept) {
            QCOMPARE(read.split->train, written.split->train);
            QCOMPARE(read.split->val, written.split->val);
            QCOMPARE(read.split->test, written.split->test);
            QCOMPARE(read.split->inSteps, int64_t(12));
            // The windows come from the checkpoint: the split file named is nowhere.
            const WindowOptions windows = windowOptionsFor(record.options, read.config, read.split);
            QVERIFY(windows.index.has_value());
            QCOMPARE(windows.index->test, written.split->test);
        }
        const ModelFileSummary summary = inspectModelFile(path);
        QVERIFY(summary.split.has_value());
        QCOMPARE(QString::fromStdString(summary.split->describe()), described);
        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(summary))).object()["split"].toObject();
        if (splitFile.isEmpty()) {
            QVERIFY(json["file"].isNull());
            QCOMPARE(json["train_ratio"].toDouble(), 0.6);
        } else {
            QCOMPARE(json["file"].toString(), QStringLiteral("index.npz"));
            QCOMPARE(json["windows"].toObject()["test"].toInt(), windowsKept ? 3 : 0);
        }
    }

    // Kept windows belong to the recording the model was trained on: on a shorter one they are
    // refused, naming the checkpoint and the split file, rather than read past its end.
    void keptWindowsPastTheSeriesAreRefused()
    {
        TrainedModel trained;
        trained.path = "/models/sz.h5";
        trained.options.splitFile = "/data/sz-taxi/index.npz";
        trained.checkpoint.config = smallConfig(1);
        trained.checkpoint.split = SplitIndex{{0, 1, 2}, {2000}, {2900, 2952}, 12, 12};
        auto data = std::make_shared<Dataset>();
        data->name = "sz-taxi, its first week";
        data->numNodes = 1;
        data->numSteps = 672;
        data->intervalSeconds = 900;
        data->sensorIds = {"road 1"};
        for (int64_t t = 0; t < data->numSteps; ++t) {
            data->timestamps.push_back(1420070400 + t * 900);
            data->values.push_back(20.0f + static_cast<float>(t % 9));
        }
        data->validate();
        const QString wrong = testing::refusalMismatch([&] { windowsFor(trained, data); },
                                                       {"/models/sz.h5: was trained and tested on the windows of index.npz (kept in the "
                                                        "checkpoint), which need 2976 steps; sz-taxi, its first week has 672: not the "
                                                        "recording it was trained on"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        std::string whyNone;
        QVERIFY(!windowsIfAny(trained, data, whyNone)); // the app then forecasts, without a test period
        QVERIFY(whyNone.find("not the recording it was trained on") != std::string::npos);
    }

    // Kept windows that are not window starts are refused, naming the file and the part.
    void malformedKeptWindowsAreRefused_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("problem");
        QTest::newRow("a part missing") << "no test" << "/split has no test windows";
        QTest::newRow("a negative start") << "negative" << "/split/val must be a list of window starts (non-negative integers)";
        QTest::newRow("fractional starts") << "fractions" << "/split/train must be a list of window starts";
        QTest::newRow("an empty part") << "empty" << "/split/test must be a list of window starts";
        QTest::newRow("windows of no length") << "no length" << "/split: window lengths must be positive";
    }

    void malformedKeptWindowsAreRefused()
    {
        QFETCH(QString, damage);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/model.h5").toStdString();
        HimNet model(smallConfig());
        Checkpoint written = checkpointOf(model);
        written.split = SplitIndex{{0, 1, 2, 3}, {20, 21}, {40, 41, 45}, 12, 12};
        writeCheckpoint(path, written);
        {
            H5::H5File file(path, H5F_ACC_RDWR);
            H5::Group split = file.openGroup("split");
            const auto replace = [&split](const char* name, const torch::Tensor& values) {
                split.unlink(name);
                h5::writeTensor(split, name, values);
            };
            if (damage == "no test") split.unlink("test");
            if (damage == "negative") replace("val", torch::tensor({int64_t{-3}, int64_t{20}}));
            if (damage == "fractions") replace("train", torch::tensor({0.5, 1.5}, torch::kFloat64));
            if (damage == "empty") replace("test", torch::zeros({0}, torch::kInt64));
            if (damage == "no length") {
                split.removeAttr("out_steps");
                h5::writeIntAttribute(split, "out_steps", 0);
            }
        }
        h5::seal(path, kCheckpointFormat); // as a writer that made them would have sealed the file
        const QString wrong = testing::refusalMismatch([&] { readCheckpoint(path); }, {QString::fromStdString(path), problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // A training record no training of ours wrote (an earlier version's file without a seal,
    // another program's) is refused naming the file: resumed, a batch size of 0 divided by zero,
    // a negative rate trained away from the data, a day mapped to an eighth day of the week read
    // past the embedding's table.
    void malformedTrainingRecordsAreRefused_data()
    {
        QTest::addColumn<QString>("part");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value"); // JSON
        QTest::addColumn<QString>("problem");
        QTest::newRow("as written") << "state" << "epochs_done" << "3" << "";
        QTest::newRow("a batch size of 0") << "options" << "batch_size" << "0" << "batch size must be at least 1";
        QTest::newRow("a negative learning rate") << "options" << "lr" << "-0.001" << "learning rate must be a positive number";
        QTest::newRow("no room for a test period") << "options" << "train_ratio" << "0.95" << "leave room for a test period";
        QTest::newRow("an unknown precision") << "options" << "precision" << "\"fp8\"" << "training options: unknown precision 'fp8'";
        QTest::newRow("an unknown context") << "context" << "mode" << "\"sideways\"" << "unknown temporal context 'sideways'";
        QTest::newRow("an eighth day") << "context" << "day_of_week" << "[0, 1, 2, 3, 4, 5, 7]" << "maps a day outside 0 to 6";
        QTest::newRow("a slot before midnight") << "context" << "slot" << "[-1, 1, 2, 3]" << "maps a time of day outside 0 to 3";
        QTest::newRow("a slot of another day") << "context" << "slot" << "[0, 1, 2, 4]" << "maps a time of day outside 0 to 3";
        QTest::newRow("negative epochs done") << "state" << "epochs_done" << "-2" << "progress counts must be non-negative";
        QTest::newRow("negative stale epochs") << "state" << "stale_epochs" << "-1" << "progress counts must be non-negative";
    }

    void malformedTrainingRecordsAreRefused()
    {
        QFETCH(QString, part);
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, problem);
        const int64_t stepsPerDay = 4;
        TrainingRecord written;
        written.options = presetOptions("default");
        written.state.rng = "1";
        written.context.mode = TemporalContext::WeekdayWeekend;
        written.context.dayOfWeek = {0, 1, 2, 3, 4, 5, 5};
        written.context.slot = {0, 1, 2, 3};
        QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(written))).object();
        QJsonObject changed = json[part].toObject();
        changed[key] = QJsonDocument::fromJson(("[" + value + "]").toUtf8()).array().at(0);
        json[part] = changed;
        const std::string record = QJsonDocument(json).toJson().toStdString();
        const auto parse = [&] { return parseTrainingRecord(record, stepsPerDay, "model.h5"); };
        if (problem.isEmpty()) {
            QCOMPARE(parse().state.epochsDone, int64_t(3));
            QCOMPARE(parse().context.slot, written.context.slot);
            return;
        }
        const QString wrong = testing::refusalMismatch([&] { parse(); }, {"model.h5: ", problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void inspectDescribesCheckpointsAndReferenceStateDicts()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/model.h5").toStdString();
        HimNet model(smallConfig());
        writeCheckpoint(path, checkpointOf(model));
        const ModelFileSummary ours = inspectModelFile(path);
        QCOMPARE(ours.format, std::string(kCheckpointFormat));
        QCOMPARE(ours.parameterCount, smallConfig().parameterCount());
        QCOMPARE(ours.epochsTrained, int64_t(2));
        QCOMPARE(ours.datasetName, std::string("la-week"));
        QVERIFY(ours.sealed);
        QVERIFY(nlohmann::json::parse(toJson(ours)).at("sealed").get<bool>());

        const ModelFileSummary reference = inspectModelFile(testing::sharedPath("golden/himnet_small_state_dict.pt"));
        QCOMPARE(reference.format, std::string("pytorch-state-dict"));
        QCOMPARE(reference.parameterCount, int64_t(11766));
        QCOMPARE(reference.config.numNodes, int64_t(7));
        QCOMPARE(reference.config.hiddenDim, int64_t(8));
        QCOMPARE(reference.config.chebK, int64_t(2));
        QCOMPARE(reference.config.stEmbeddingDim, int64_t(6));
        QCOMPARE(reference.tensors.size(), size_t(19));
        QVERIFY(!reference.sealed);
    }
};

QTEST_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
