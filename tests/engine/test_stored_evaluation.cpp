// The evaluation a checkpoint keeps: given back whole while the weights, the data and the split
// are those it was measured on, measured again when anything of them differs or what is kept
// cannot be read; and the fingerprint that tells.
#include "core/content_hash.h"
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "himnet/training.h"
#include "io/hdf5_file.h"
#include "quick_training.h"
#include "shared_path.h"
#include "train/checkpoint.h"
#include "train/kept_reports.h"
#include "train/stored_evaluation.h"

#include <H5Cpp.h>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

using namespace himnet;

namespace {

bool sameFigures(const ErrorMetrics& a, const ErrorMetrics& b) { return a.mae == b.mae && a.rmse == b.rmse && a.mape == b.mape; }

template <class Row>
bool sameRow(const Row& a, const Row& b)
{
    return sameFigures(a.model, b.model) && sameFigures(a.lastValue, b.lastValue) && sameFigures(a.historicalAverage, b.historicalAverage);
}

/// Every field of two reports, bit for bit (fromCheckpoint aside); the first difference, or empty.
std::string differenceBetween(const EvaluationReport& a, const EvaluationReport& b)
{
    if (a.split != b.split || a.windows != b.windows || a.firstTime != b.firstTime || a.lastTime != b.lastTime
        || a.intervalSeconds != b.intervalSeconds || a.unit != b.unit)
        return "split, windows, period or unit";
    if (!sameFigures(a.all, b.all) || !sameFigures(a.lastValue, b.lastValue) || !sameFigures(a.historicalAverage, b.historicalAverage))
        return "overall figures";
    if (a.horizons.size() != b.horizons.size()) return "horizons";
    for (size_t i = 0; i < a.horizons.size(); ++i)
        if (a.horizons[i].step != b.horizons[i].step || !sameRow(a.horizons[i], b.horizons[i])) return "horizon " + std::to_string(i + 1);
    if (a.sensors.size() != b.sensors.size()) return "sensors";
    for (size_t i = 0; i < a.sensors.size(); ++i)
        if (a.sensors[i].id != b.sensors[i].id || a.sensors[i].targets != b.sensors[i].targets || !sameRow(a.sensors[i], b.sensors[i]))
            return "sensor " + a.sensors[i].id;
    if (a.hoursOfWeek.size() != b.hoursOfWeek.size()) return "hours of the week";
    for (size_t i = 0; i < a.hoursOfWeek.size(); ++i) {
        const HourMetrics &x = a.hoursOfWeek[i], &y = b.hoursOfWeek[i];
        if (x.days != y.days || x.hour != y.hour || x.targets != y.targets || !sameRow(x, y)) return "hour of the week " + std::to_string(i);
    }
    const SensorHourSums &x = a.sensorHours, &y = b.sensorHours;
    if (x.sensors != y.sensors || x.targets != y.targets) return "sums per sensor and hour: targets";
    for (int f = 0; f < 3; ++f)
        if (x.abs[f] != y.abs[f] || x.squares[f] != y.squares[f] || x.fractions[f] != y.fractions[f])
            return "sums per sensor and hour of forecaster " + std::to_string(f);
    if (a.notes != b.notes || a.mapeCaveat != b.mapeCaveat) return "notes";
    const ForecastIntervals &i = a.intervals, &j = b.intervals;
    if (i.level != j.level || i.calibrationSplit != j.calibrationSplit || i.calibrationWindows != j.calibrationWindows
        || i.horizon != j.horizon || i.sensors != j.sensors || i.halfWidths != j.halfWidths || i.pooledCells != j.pooledCells
        || i.missing != j.missing || i.steps.size() != j.steps.size())
        return "intervals";
    const auto sameCoverage = [](const IntervalCoverage& x, const IntervalCoverage& y) {
        return x.step == y.step && x.targets == y.targets && x.covered == y.covered && x.meanHalfWidth == y.meanHalfWidth;
    };
    if (!sameCoverage(i.all, j.all)) return "intervals' coverage";
    for (size_t k = 0; k < i.steps.size(); ++k)
        if (!sameCoverage(i.steps[k], j.steps[k])) return "intervals' coverage at step " + std::to_string(k + 1);
    if (i.hours.size() != j.hours.size()) return "intervals' hours";
    for (size_t k = 0; k < i.hours.size(); ++k)
        if (!sameCoverage(i.hours[k], j.hours[k])) return "intervals' coverage at hour " + std::to_string(k);
    if (x.covered != y.covered || x.halfWidths != y.halfWidths) return "intervals' sums per sensor and hour";
    for (size_t k = 0; k < a.sensors.size(); ++k)
        if (!sameCoverage(a.sensors[k].interval, b.sensors[k].interval)) return "intervals' coverage at sensor " + a.sensors[k].id;
    for (size_t k = 0; k < a.hoursOfWeek.size(); ++k)
        if (!sameCoverage(a.hoursOfWeek[k].interval, b.hoursOfWeek[k].interval))
            return "intervals' coverage at hour of the week " + std::to_string(k);
    if (a.fingerprint != b.fingerprint) return "fingerprint";
    return {};
}

using DataChange = std::function<void(Dataset&)>;

} // namespace

Q_DECLARE_METATYPE(DataChange)

class TestStoredEvaluation : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<const Dataset> m_data;
    std::string m_trained;      ///< a tiny model of la-week, its evaluation stored
    EvaluationReport m_measured; ///< that evaluation

    /// A copy of the trained checkpoint, for a test to change.
    std::string copyOfTrained(const QString& name) const
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        if (!QFile::copy(QString::fromStdString(m_trained), path)) qFatal("cannot copy the checkpoint");
        return path.toStdString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_data = std::make_shared<const Dataset>(loadDataset(testing::sharedPath("datasets/la-week")));
        m_trained = m_dir.filePath("la-week.h5").toStdString();
        train(m_data, testing::tinyOptions(m_trained));
        QVERIFY(!readCheckpoint(m_trained).evaluation); // training keeps no evaluation: it comes after
        m_measured = evaluateCheckpoint(m_data, m_trained, "test", DeviceKind::Cpu);
        QVERIFY(!m_measured.fromCheckpoint);
        QCOMPARE(m_measured.fingerprint.size(), size_t(16));
        QCOMPARE(m_measured.sensorHours.targets.size(), size_t(168 * 207));
        QCOMPARE(m_measured.intervals.halfWidths.size(), size_t(12 * 207)); // stored with them
        QCOMPARE(m_measured.sensorHours.covered.size(), size_t(168 * 207));  // and where they held
        QVERIFY(m_measured.sensors.at(0).interval.targets > 0);
        storeMetrics(m_trained, m_measured);
    }

    // What the checkpoint keeps reads back to the same report, every figure to the bit.
    void theStoredReportReadsBackWhole()
    {
        const Checkpoint c = readCheckpoint(m_trained);
        QVERIFY(c.evaluation);
        QCOMPARE(c.evaluation->fingerprint, m_measured.fingerprint);
        QVERIFY(!c.metrics.empty()); // and the JSON of `himnet evaluate`, as before
        const EvaluationReport read = reportOf(*c.evaluation, m_trained);
        const std::string difference = differenceBetween(read, m_measured);
        QVERIFY2(difference.empty(), difference.c_str());
    }

    // Opened again on the same data, the checkpoint gives its report back without running the
    // model; asked to, it measures again, and finds the same.
    void theSameWeightsAndDataGiveTheStoredReportBack()
    {
        const EvaluationReport again = evaluateCheckpoint(m_data, m_trained, "test", DeviceKind::Cpu);
        QVERIFY(again.fromCheckpoint);
        std::string difference = differenceBetween(again, m_measured);
        QVERIFY2(difference.empty(), difference.c_str());
        QVERIFY(toTable(again).find("note: as stored in the checkpoint") != std::string::npos);
        QVERIFY(toJson(again).find("\"from_checkpoint\": true") != std::string::npos);

        const EvaluationReport remeasured = evaluateCheckpoint(m_data, m_trained, "test", DeviceKind::Cpu, nullptr, StoredReport::Ignore);
        QVERIFY(!remeasured.fromCheckpoint);
        difference = differenceBetween(remeasured, m_measured);
        QVERIFY2(difference.empty(), difference.c_str());
    }

    // Anything the figures depend on makes another fingerprint, and the evaluation runs.
    void anyDifferenceInTheDataMeasuresAgain_data()
    {
        QTest::addColumn<DataChange>("change");
        const auto testStep = [](const Dataset& d) { return static_cast<size_t>(d.numSteps - 5); };
        QTest::newRow("a reading in the test period") << DataChange([testStep](Dataset& d) {
            d.values[testStep(d) * static_cast<size_t>(d.numNodes * d.numChannels)] += 1.0f;
        });
        QTest::newRow("a reading in the training period (the historical average's)") << DataChange([](Dataset& d) {
            d.values[static_cast<size_t>(10 * d.numNodes * d.numChannels + 3)] += 1.0f;
        });
        QTest::newRow("the missing-value marker") << DataChange([](Dataset& d) { d.missingValue = -1; });
        QTest::newRow("the time axis a day later") << DataChange([](Dataset& d) {
            for (auto& t : d.timestamps) t += 86400;
        });
        QTest::newRow("the unit") << DataChange([](Dataset& d) { d.unit = "km/h"; });
    }

    void anyDifferenceInTheDataMeasuresAgain()
    {
        QFETCH(DataChange, change);
        Dataset changed = *m_data;
        change(changed);
        const EvaluationReport r = evaluateCheckpoint(std::make_shared<const Dataset>(changed), m_trained, "test", DeviceKind::Cpu);
        QVERIFY(!r.fromCheckpoint);
        QVERIFY(r.fingerprint != m_measured.fingerprint);
    }

    // Another split, or other weights in the same file (trained on), is another evaluation too.
    void anotherSplitOrOtherWeightsMeasureAgain()
    {
        const EvaluationReport validation = evaluateCheckpoint(m_data, m_trained, "val", DeviceKind::Cpu);
        QVERIFY(!validation.fromCheckpoint);
        QCOMPARE(validation.split, std::string("val"));
        QVERIFY(validation.fingerprint != m_measured.fingerprint);

        const std::string changed = copyOfTrained("changed-weights.h5");
        Checkpoint c = readCheckpoint(changed);
        c.params.front().second = c.params.front().second.clone();
        c.params.front().second.view(-1)[0] += 1e-3f;
        writeCheckpoint(changed, c);
        QVERIFY(readCheckpoint(changed).evaluation);
        QVERIFY(!evaluateCheckpoint(m_data, changed, "test", DeviceKind::Cpu).fromCheckpoint);

        // Training on from the checkpoint writes a new one, without the old report.
        const std::string resumed = copyOfTrained("resumed.h5");
        TrainingOptions more = testing::tinyOptions(resumed);
        more.epochs = 2;
        more.resume = true;
        train(m_data, more);
        QVERIFY(!readCheckpoint(resumed).evaluation);
        QVERIFY(!evaluateCheckpoint(m_data, resumed, "test", DeviceKind::Cpu).fromCheckpoint);
    }

    // Reports of other interval levels are kept beside the usual one's, one per level: each is
    // given back while the weights and data stay; /evaluation and /metrics stay of the usual
    // level; the most recently stored levels stay, in their order; a report of other data
    // replaces them all.
    void reportsOfOtherLevelsAreKeptBeside()
    {
        const std::string path = copyOfTrained("levels.h5");
        const std::string metricsBefore = readCheckpoint(path).metrics;
        const auto evaluate = [&](double level, StoredReport stored = StoredReport::WhenCurrent) {
            return evaluateCheckpoint(m_data, path, "test", DeviceKind::Cpu, nullptr, stored, {}, {}, level);
        };
        const EvaluationReport at95 = evaluate(0.95);
        QVERIFY(!at95.fromCheckpoint);
        QCOMPARE(at95.usualLevelFingerprint, m_measured.fingerprint);
        QCOMPARE(m_measured.usualLevelFingerprint, m_measured.fingerprint);
        storeMetrics(path, at95);
        Checkpoint c = readCheckpoint(path);
        QCOMPARE(c.evaluation->fingerprint, m_measured.fingerprint);
        QCOMPARE(c.metrics, metricsBefore);
        QCOMPARE(c.otherLevelEvaluations.size(), size_t(1));
        QCOMPARE(c.otherLevelEvaluations[0].intervalLevel, 0.95);

        const EvaluationReport again95 = evaluate(0.95), again90 = evaluate(0.9);
        QVERIFY(again95.fromCheckpoint && again90.fromCheckpoint);
        std::string difference = differenceBetween(again95, at95);
        QVERIFY2(difference.empty(), difference.c_str());
        difference = differenceBetween(again90, m_measured);
        QVERIFY2(difference.empty(), difference.c_str());
        QCOMPARE(storedReport(path)->intervals.level, 0.9);
        QCOMPARE(storedReport(path, 0.95)->intervals.level, 0.95);
        QVERIFY(!storedReport(path, 0.8));
        difference = differenceBetween(*storedReport(path, 0.95), at95);
        QVERIFY2(difference.empty(), difference.c_str());
        // Read without the weights, the reports are those of the whole checkpoint.
        std::optional<StoredEvaluation> described;
        std::vector<StoredEvaluation> otherLevels;
        readCheckpointEvaluations(path, described, otherLevels);
        QVERIFY(described);
        QCOMPARE(otherLevels.size(), c.otherLevelEvaluations.size());
        std::vector<std::pair<const StoredEvaluation*, const StoredEvaluation*>> pairs{{&*described, &*c.evaluation}};
        for (size_t i = 0; i < otherLevels.size(); ++i) pairs.emplace_back(&otherLevels[i], &c.otherLevelEvaluations[i]);
        for (const auto& [read, whole] : pairs) {
            QCOMPARE(read->fingerprint, whole->fingerprint);
            QCOMPARE(read->usualLevelFingerprint, whole->usualLevelFingerprint);
            QCOMPARE(read->intervalLevel, whole->intervalLevel);
            QCOMPARE(read->json, whole->json);
            QCOMPARE(read->tensors.size(), whole->tensors.size());
            for (size_t t = 0; t < read->tensors.size(); ++t) {
                QCOMPARE(read->tensors[t].first, whole->tensors[t].first);
                QVERIFY(torch::equal(read->tensors[t].second, whole->tensors[t].second));
            }
        }

        // The newest stay, in the order stored, a level stored again counting as newest.
        storeMetrics(path, evaluate(0.8));
        storeMetrics(path, evaluate(0.95, StoredReport::Ignore));
        c = readCheckpoint(path);
        QCOMPARE(c.otherLevelEvaluations.size(), size_t(2));
        QCOMPARE(c.otherLevelEvaluations[0].intervalLevel, 0.8);
        QCOMPARE(c.otherLevelEvaluations[1].intervalLevel, 0.95);
        keepStoredEvaluation(c, storedEvaluationOf(evaluate(0.99)), 2);
        QCOMPARE(c.otherLevelEvaluations.size(), size_t(2));
        QCOMPARE(c.otherLevelEvaluations[0].intervalLevel, 0.95);
        QCOMPARE(c.otherLevelEvaluations[1].intervalLevel, 0.99);
        QCOMPARE(c.evaluation->intervalLevel, 0.9);

        // Of other data: those of the data before go.
        Dataset changed = *m_data;
        changed.values.back() += 0.5f;
        const EvaluationReport other = evaluateCheckpoint(std::make_shared<const Dataset>(changed), path, "test", DeviceKind::Cpu,
                                                          nullptr, StoredReport::WhenCurrent, {}, {}, 0.95);
        storeMetrics(path, other);
        c = readCheckpoint(path);
        QCOMPARE(c.evaluation->fingerprint, other.fingerprint); // no usual level's report of these data: it is the one
        QVERIFY(c.otherLevelEvaluations.empty());
        QCOMPARE(c.metrics, toJson(other));
        QVERIFY(!evaluate(0.9).fromCheckpoint);

        // The usual level's report, once stored, takes /evaluation and /metrics over.
        storeMetrics(path, evaluateCheckpoint(std::make_shared<const Dataset>(changed), path, "test", DeviceKind::Cpu));
        c = readCheckpoint(path);
        QCOMPARE(c.evaluation->intervalLevel, 0.9);
        QCOMPARE(c.otherLevelEvaluations.size(), size_t(1));
        QCOMPARE(c.otherLevelEvaluations[0].fingerprint, other.fingerprint);
    }

    // The Band's levels measured at once: each report is the one measured at its level alone, to
    // the bit and fingerprint; all are kept, the other levels' groups without the sums they
    // share with /evaluation, and each reads back whole; a folder keeps them in one file.
    void theBandsLevelsAreMeasuredInOnePass()
    {
        const std::string path = copyOfTrained("band-levels.h5");
        const auto evaluate = [&](double level, StoredReport stored, const std::vector<double>& also = {}) {
            return evaluateCheckpoint(m_data, path, "test", DeviceKind::Cpu, nullptr, stored, {}, {}, level, also);
        };
        const EvaluationReport all = evaluate(0.9, StoredReport::Ignore, bandLevels());
        std::string difference = differenceBetween(all, m_measured);
        QVERIFY2(difference.empty(), difference.c_str());
        QCOMPARE(all.atOtherLevels.size(), size_t(3)); // 90 % is the report itself
        const std::vector<double> others{0.8, 0.95, 0.99};
        for (size_t l = 0; l < others.size(); ++l) {
            const EvaluationReport& other = all.atOtherLevels[l];
            const EvaluationReport alone = evaluate(others[l], StoredReport::Ignore);
            QCOMPARE(other.intervals.level, others[l]);
            difference = differenceBetween(other, alone);
            QVERIFY2(difference.empty(), (levelPercent(others[l]) + " %: " + difference).c_str());
            QCOMPARE(other.usualLevelFingerprint, m_measured.fingerprint);
            QVERIFY(other.atOtherLevels.empty());
        }
        QVERIFY(all.atOtherLevels[0].intervals.all.meanHalfWidth < all.atOtherLevels[1].intervals.all.meanHalfWidth);

        storeMetrics(path, all);
        const Checkpoint c = readCheckpoint(path);
        QCOMPARE(c.evaluation->fingerprint, m_measured.fingerprint);
        QCOMPARE(c.metrics, toJson(all));
        QCOMPARE(c.otherLevelEvaluations.size(), size_t(3));
        {
            H5::H5File file(path, H5F_ACC_RDONLY);
            const H5::Group at95 = file.openGroup("evaluation_levels").openGroup("95");
            QVERIFY(!h5::exists(at95, "sensor_hour_abs"));   // the error sums are /evaluation's
            QVERIFY(!h5::exists(at95, "sensor_hour_targets"));
            QVERIFY(h5::exists(at95, "sensor_hour_covered")); // where its intervals held is its own
            QVERIFY(h5::readStringAttribute(at95, "shared_datasets", path).find("sensor_hour_abs") != std::string::npos);
        }
        for (size_t l = 0; l < others.size(); ++l) {
            const EvaluationReport kept = evaluate(others[l], StoredReport::WhenCurrent);
            QVERIFY(kept.fromCheckpoint);
            difference = differenceBetween(kept, all.atOtherLevels[l]);
            QVERIFY2(difference.empty(), (levelPercent(others[l]) + " % from the checkpoint: " + difference).c_str());
        }
        // Stored again, with nothing shared: a report of other data at /evaluation shares nothing.
        Checkpoint alone = c;
        alone.evaluation->usualLevelFingerprint = "another";
        writeCheckpoint(path, alone);
        {
            H5::H5File file(path, H5F_ACC_RDONLY);
            QVERIFY(h5::exists(file.openGroup("evaluation_levels").openGroup("95"), "sensor_hour_abs"));
        }

        const QTemporaryDir folder;
        const std::string given = copyOfTrained("band-levels-given.h5");
        Checkpoint unmeasured = readCheckpoint(given);
        unmeasured.evaluation.reset();
        writeCheckpoint(given, unmeasured);
        const EvaluationReport measured = evaluateCheckpoint(m_data, given, "test", DeviceKind::Cpu, nullptr, StoredReport::Ignore,
                                                             folder.path().toStdString(), {}, 0.95, bandLevels());
        QCOMPARE(measured.atOtherLevels.size(), size_t(3)); // 80, 90, 99
        keepReport(folder.path().toStdString(), measured);
        // One file of the model and data, its levels beside each other as in a checkpoint.
        QCOMPARE(QDir(folder.path()).entryList({"*.h5"}, QDir::Files),
                 QStringList{QString::fromStdString(measured.usualLevelFingerprint) + ".h5"});
        for (double level : bandLevels())
            QVERIFY(evaluateCheckpoint(m_data, given, "test", DeviceKind::Cpu, nullptr, StoredReport::WhenCurrent, folder.path().toStdString(),
                                       {}, level)
                        .fromKeptReports);

        // A validation report has no intervals: one report, whatever the levels.
        QVERIFY(evaluateCheckpoint(m_data, path, "val", DeviceKind::Cpu, nullptr, StoredReport::Ignore, {}, {}, 0.9, bandLevels())
                    .atOtherLevels.empty());
        QVERIFY_THROWS_EXCEPTION(InputError, evaluate(0.9, StoredReport::Ignore, {0.3}));
    }

    // A report kept by version 0.2.0 has its level in its JSON only; the usual level's is its
    // own usual-level fingerprint, another level's has none (it is replaced by the next stored).
    void reportsOfTheVersionBeforeReadTheirLevel()
    {
        const std::string path = m_dir.filePath("0.2.0-report.h5").toStdString();
        const auto written = [&](const EvaluationReport& report) {
            const StoredEvaluation stored = storedEvaluationOf(report);
            {
                H5::H5File file(path, H5F_ACC_TRUNC);
                H5::Group group = file.createGroup("evaluation");
                h5::writeStringAttribute(group, "fingerprint", stored.fingerprint);
                h5::writeStringAttribute(group, "json", stored.json);
            }
            H5::H5File file(path, H5F_ACC_RDONLY);
            return readStoredEvaluation(file.openGroup("evaluation"), path);
        };
        StoredEvaluation read = written(m_measured);
        QCOMPARE(read.intervalLevel, 0.9);
        QCOMPARE(read.usualLevelFingerprint, m_measured.fingerprint);
        read = written(evaluateCheckpoint(m_data, m_trained, "test", DeviceKind::Cpu, nullptr, StoredReport::WhenCurrent, {}, {}, 0.8));
        QCOMPARE(read.intervalLevel, 0.8);
        QVERIFY(read.usualLevelFingerprint.empty());
    }

    // A model file not to be written to has its report kept in a folder instead: opened again
    // on the same data, the report comes back from there whole; asked to measure, or on other
    // data, it measures; a damaged kept report is measured again; a level measured later joins
    // the file of its model and data; the folder keeps the files most recently kept or used.
    void reportsOfFilesNotWrittenToAreKeptInAFolder()
    {
        const std::string given = copyOfTrained("given.h5");
        Checkpoint c = readCheckpoint(given);
        c.evaluation.reset();
        writeCheckpoint(given, c);
        const std::string folder = m_dir.filePath("kept").toStdString();
        const auto evaluate = [&](std::shared_ptr<const Dataset> data, StoredReport stored) {
            return evaluateCheckpoint(std::move(data), given, "test", DeviceKind::Cpu, nullptr, stored, folder);
        };
        const EvaluationReport first = evaluate(m_data, StoredReport::WhenCurrent);
        QVERIFY(!first.fromCheckpoint && !first.fromKeptReports);
        keepReport(folder, first);
        QVERIFY(!readCheckpoint(given).evaluation); // the file itself stays as it was

        const EvaluationReport again = evaluate(m_data, StoredReport::WhenCurrent);
        QVERIFY(again.fromKeptReports && !again.fromCheckpoint);
        const std::string difference = differenceBetween(again, m_measured);
        QVERIFY2(difference.empty(), difference.c_str());
        QVERIFY(!evaluate(m_data, StoredReport::Ignore).fromKeptReports);
        QVERIFY(!evaluateCheckpoint(m_data, given, "test", DeviceKind::Cpu).fromKeptReports); // no folder given
        Dataset changed = *m_data;
        changed.values.back() += 0.5f;
        QVERIFY(!evaluate(std::make_shared<const Dataset>(changed), StoredReport::WhenCurrent).fromKeptReports);

        // A kept report cut short is measured again, and can be kept anew.
        const std::string keptFile = keptReportPath(folder, first.fingerprint);
        std::filesystem::resize_file(keptFile, std::filesystem::file_size(keptFile) / 2);
        const EvaluationReport remeasured = evaluate(m_data, StoredReport::WhenCurrent);
        QVERIFY(!remeasured.fromKeptReports);
        QCOMPARE(remeasured.all.mae, m_measured.all.mae);
        keepReport(folder, remeasured);
        QVERIFY(evaluate(m_data, StoredReport::WhenCurrent).fromKeptReports);

        // So is one with a byte changed in its sums (it is sealed, as checkpoints are).
        {
            std::fstream file(keptFile, std::ios::binary | std::ios::in | std::ios::out);
            file.seekg(static_cast<std::streamoff>(std::filesystem::file_size(keptFile) / 2));
            const char byte = static_cast<char>(file.get() ^ 0x01);
            file.seekp(static_cast<std::streamoff>(std::filesystem::file_size(keptFile) / 2));
            file.put(byte);
        }
        const EvaluationReport afterDamage = evaluate(m_data, StoredReport::WhenCurrent);
        QVERIFY(!afterDamage.fromKeptReports);
        QCOMPARE(afterDamage.all.mae, m_measured.all.mae);
        keepReport(folder, afterDamage);
        QVERIFY(evaluate(m_data, StoredReport::WhenCurrent).fromKeptReports);

        // Another level joins them, and both come back.
        const auto atLevel = [&](double level) {
            return evaluateCheckpoint(m_data, given, "test", DeviceKind::Cpu, nullptr, StoredReport::WhenCurrent, folder, {}, level);
        };
        const EvaluationReport wide = atLevel(0.975);
        QVERIFY(!wide.fromKeptReports);
        keepReport(folder, wide);
        QVERIFY(atLevel(0.975).fromKeptReports && atLevel(0.9).fromKeptReports);
        QCOMPARE(std::distance(std::filesystem::directory_iterator(folder), std::filesystem::directory_iterator()), 1);

        // Room for one: the validation split's report, kept last, stays.
        const EvaluationReport validation = evaluateCheckpoint(m_data, given, "val", DeviceKind::Cpu, nullptr, StoredReport::WhenCurrent, folder);
        keepReport(folder, validation, 1);
        QVERIFY(!std::filesystem::exists(keptFile));
        QVERIFY(std::filesystem::exists(keptReportPath(folder, validation.fingerprint)));
        QVERIFY_THROWS_EXCEPTION(InputError, keepReport(folder, EvaluationReport{})); // only evaluateCheckpoint's reports
    }

    // A kept report that cannot be read back (damaged, or of a later version) is measured
    // again, with a note naming the file and what is wrong; the model stays usable.
    void anUnreadableStoredReportIsMeasuredAgain_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("problem");
        QTest::newRow("JSON cut short") << "cut" << "its stored evaluation cannot be read back: ";
        QTest::newRow("a later version") << "version" << "it is of version 99 (this build writes 5)";
        QTest::newRow("sums of another network") << "sums" << "its sums per sensor and hour are not of its 207 sensors and 168 hours";
        QTest::newRow("a sum missing") << "missing" << "its dataset 'sensor_hour_squares' is missing";
        QTest::newRow("intervals of another network") << "widths" << "its dataset 'interval_half_widths' is not of 12 steps by 207 sensors";
        QTest::newRow("intervals missing") << "no widths" << "its dataset 'interval_half_widths' is missing";
        QTest::newRow("coverage of another network") << "coverage"
                                                     << "its datasets 'sensor_hour_covered' and 'sensor_hour_half_widths' are not of 34776 cells";
    }

    void anUnreadableStoredReportIsMeasuredAgain()
    {
        QFETCH(QString, damage);
        QFETCH(QString, problem);
        const std::string path = copyOfTrained("damaged.h5");
        Checkpoint c = readCheckpoint(path);
        StoredEvaluation& kept = *c.evaluation;
        if (damage == "cut") kept.json.resize(kept.json.size() / 2);
        if (damage == "version") kept.json.replace(kept.json.find("\"version\":5"), 11, "\"version\":99");
        const auto named = [&](const std::string& name) {
            return std::find_if(kept.tensors.begin(), kept.tensors.end(), [&](const auto& t) { return t.first == name; });
        };
        if (damage == "sums") named("sensor_hour_targets")->second = named("sensor_hour_targets")->second.narrow(0, 0, 168 * 200);
        if (damage == "missing") kept.tensors.erase(named("sensor_hour_squares"));
        if (damage == "widths") named("interval_half_widths")->second = named("interval_half_widths")->second.narrow(1, 0, 200);
        if (damage == "no widths") kept.tensors.erase(named("interval_half_widths"));
        if (damage == "coverage") named("sensor_hour_covered")->second = named("sensor_hour_covered")->second.narrow(0, 0, 168 * 200);
        writeCheckpoint(path, c);
        const EvaluationReport r = evaluateCheckpoint(m_data, path, "test", DeviceKind::Cpu);
        QVERIFY(!r.fromCheckpoint);
        QCOMPARE(r.all.mae, m_measured.all.mae);
        const QString note = QString::fromStdString(r.notes.back());
        QVERIFY2(note.startsWith(QString::fromStdString(path) + ": its stored evaluation cannot be read back: ") && note.contains(problem)
                     && note.endsWith("; measured again"),
                 qPrintable(note));
        QVERIFY_THROWS_EXCEPTION(InputError, reportOf(kept, path));
    }

    // The fingerprint's hash: equal bytes, equal hashes; any change, another one; pieces are
    // delimited; any length, including the tail of fewer than eight bytes.
    void contentHashTellsInputsApart()
    {
        const auto hashOf = [](const std::vector<std::string>& pieces) {
            ContentHash h;
            for (const auto& piece : pieces) h.add(piece);
            return h.hex();
        };
        QCOMPARE(hashOf({"ab", "c"}), hashOf({"ab", "c"}));
        QVERIFY(hashOf({"ab", "c"}) != hashOf({"a", "bc"}));
        QVERIFY(hashOf({""}) != hashOf({}));
        std::vector<float> values(1001, 1.5f);
        const std::string whole = ContentHash().add(values).hex();
        QCOMPARE(whole.size(), size_t(16));
        QVERIFY(whole.find_first_not_of("0123456789abcdef") == std::string::npos);
        for (size_t at : {size_t(0), size_t(500), size_t(1000)}) { // the last in the tail
            std::vector<float> changed = values;
            changed[at] = std::nextafter(1.5f, 2.0f); // one bit
            QVERIFY(ContentHash().add(changed).hex() != whole);
        }
        values.pop_back();
        QVERIFY(ContentHash().add(values).hex() != whole);
    }
};

QTEST_MAIN(TestStoredEvaluation)
#include "test_stored_evaluation.moc"
