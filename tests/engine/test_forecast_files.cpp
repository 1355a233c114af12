// Forecast files written as the model makes them, a pass at a time: the same files as those
// written from forecasts held whole, forecasts from every window of a split that score as the
// evaluation does, and what cannot be written refused before the first forecast.
#include "core/text.h"
#include "data/text_table.h"
#include "himnet/evaluation.h"
#include "himnet/forecasting.h"
#include "io/hdf5_file.h"
#include "quick_training.h"
#include "refusals.h"
#include "test_files.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <sstream>

using namespace himnet;
using namespace himnet::testing;

namespace {

/// What a forecast file holds, as text to compare: a CSV's text, an HDF5 file's datasets and
/// attributes, a workbook's sheets cell by cell.
std::string contentsOf(const std::string& path)
{
    if (path.size() > 4 && path.substr(path.size() - 4) == ".csv") return fileBytes(path);
    std::ostringstream out;
    if (path.size() > 3 && path.substr(path.size() - 3) == ".h5") {
        const H5::H5File file(path, H5F_ACC_RDONLY);
        for (const char* attribute : {"dataset", "producer", "quantity", "unit"})
            out << attribute << '=' << h5::readStringAttribute(file, attribute, path) << '\n';
        out.precision(9); // every float exactly
        for (const char* name : {"forecast", "actual", "timestamps", "last_observed"}) {
            const torch::Tensor read = h5::readTensor(file, name, path);
            const torch::Tensor t = read.flatten().to(torch::kDouble).contiguous();
            out << name << ' ' << read.sizes() << ':';
            for (const double* v = t.data_ptr<double>(); v != t.data_ptr<double>() + t.numel(); ++v) out << ' ' << *v;
            out << '\n';
        }
        for (const auto& id : h5::readStrings(file, "sensor_ids", path)) out << id << ',';
        return out.str();
    }
    for (const char* sheet : {"#Forecast", "#About"})
        for (const auto& row : readTextTable(path + sheet).rows) {
            for (const auto& cell : row) out << cell << '|';
            out << '\n';
        }
    return out.str();
}

/// Files in `folder` (a failed write leaves no temporary behind).
QStringList filesIn(const QTemporaryDir& folder)
{
    return QDir(folder.path()).entryList(QDir::Files | QDir::Hidden);
}

} // namespace

class TestForecastFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_data = quickDemoCity(30, 2);
        QVERIFY(m_dir.isValid());
        m_checkpoint = m_dir.filePath("model.h5").toStdString();
        train(m_data, tinyOptions(m_checkpoint));
        m_forecaster = std::make_unique<Forecaster>(m_data, m_checkpoint, DeviceKind::Cpu);
    }

    void streamedFilesHoldWhatFilesWrittenWholeDo_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("csv") << "f.csv";
        QTest::newRow("hdf5") << "f.h5";
        QTest::newRow("workbook") << "f.xlsx";
    }

    void streamedFilesHoldWhatFilesWrittenWholeDo()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        std::vector<int64_t> origins; // three passes: 16, 16 and 8 origins
        for (int64_t k = 0; k < 40; ++k) origins.push_back(m_forecaster->firstTestOrigin() + 3 * k);
        const std::string whole = dir.filePath("whole-" + name).toStdString(), streamed = dir.filePath(name).toStdString();
        writeForecastFile(m_forecaster->at(origins), whole);
        std::vector<int64_t> progress;
        writeForecastFile(*m_forecaster, origins, streamed, [&](int64_t written) { progress.push_back(written); });
        QCOMPARE(progress, (std::vector<int64_t>{16, 32, 40}));
        const std::string expected = contentsOf(whole), written = contentsOf(streamed);
        QVERIFY(expected.size() > 1000);
        QCOMPARE(written, expected);
        if (name.endsWith(".csv")) QCOMPARE(std::count(written.begin(), written.end(), '\n'), std::ptrdiff_t(1 + 40 * 12 * 30));
        QCOMPARE(filesIn(dir).size(), 2);
    }

    // The forecasts from every window of a split are those the evaluation measures: their
    // errors over the actual values beside them are its report's, horizon by horizon.
    void splitForecastsScoreAsTheEvaluation_data()
    {
        QTest::addColumn<QString>("split");
        QTest::newRow("validation") << "val";
        QTest::newRow("test") << "test";
    }

    void splitForecastsScoreAsTheEvaluation()
    {
        QFETCH(QString, split);
        QTemporaryDir dir;
        const std::string path = dir.filePath("split.h5").toStdString();
        const std::vector<int64_t>& origins = m_forecaster->splitOrigins(split.toStdString());
        const EvaluationReport report = evaluateCheckpoint(m_data, m_checkpoint, split.toStdString(), DeviceKind::Cpu, nullptr,
                                                           StoredReport::Ignore);
        QCOMPARE(int64_t(origins.size()), report.windows);
        QVERIFY(report.windows > 100);
        writeForecastFile(*m_forecaster, origins, path);
        const H5::H5File file(path, H5F_ACC_RDONLY);
        const torch::Tensor forecast = h5::readTensor(file, "forecast", path).to(torch::kDouble);
        const torch::Tensor actual = h5::readTensor(file, "actual", path).to(torch::kDouble);
        const torch::Tensor lastObserved = h5::readTensor(file, "last_observed", path);
        QCOMPARE(forecast.sizes(), (c10::IntArrayRef{report.windows, 12, 30}));
        QCOMPARE(lastObserved[0].item<int64_t>(), origins.front());
        QCOMPARE(lastObserved[-1].item<int64_t>(), origins.back());
        const torch::Tensor present = ~actual.isnan();
        for (int64_t q = 0; q < 12; ++q) {
            const torch::Tensor error = (forecast.select(1, q) - actual.select(1, q)).abs().masked_select(present.select(1, q));
            const double mae = error.mean().item<double>(), expected = report.horizons[static_cast<size_t>(q)].model.mae;
            QVERIFY2(std::abs(mae - expected) <= 1e-4 * expected, qPrintable(QString("horizon %1: %2 against %3").arg(q + 1).arg(mae).arg(expected)));
        }
    }

    // With the test report's intervals set, every file holds each forecast's bounds: the
    // forecast ± its step's and sensor's half-width. Over the test period's windows the actual
    // values inside them are the share the report counted, step by step.
    void intervalsInFilesHoldTheReportsCoverage()
    {
        QTemporaryDir dir;
        const EvaluationReport report = evaluateCheckpoint(m_data, m_checkpoint, "test", DeviceKind::Cpu, nullptr, StoredReport::Ignore);
        const ForecastIntervals& intervals = report.intervals;
        QVERIFY2(!intervals.empty(), intervals.missing.c_str());
        Forecaster forecaster(m_data, m_checkpoint, DeviceKind::Cpu);
        QCOMPARE(forecaster.intervalLevel(), 0.0);
        forecaster.setIntervals(intervals);
        QCOMPARE(forecaster.intervalLevel(), 0.9);

        const std::string h5Path = dir.filePath("test.h5").toStdString();
        const std::vector<int64_t>& origins = forecaster.splitOrigins("test");
        writeForecastFile(forecaster, origins, h5Path);
        const H5::H5File file(h5Path, H5F_ACC_RDONLY);
        QCOMPARE(h5::readStringAttribute(file, "interval_level", h5Path), std::string("0.9"));
        const torch::Tensor forecast = h5::readTensor(file, "forecast", h5Path).to(torch::kDouble);
        const torch::Tensor actual = h5::readTensor(file, "actual", h5Path).to(torch::kDouble);
        const torch::Tensor lower = h5::readTensor(file, "lower", h5Path).to(torch::kDouble);
        const torch::Tensor upper = h5::readTensor(file, "upper", h5Path).to(torch::kDouble);
        // Each target's half-width: its step's and sensor's, at its hour of the day.
        const torch::Tensor timestamps = h5::readTensor(file, "timestamps", h5Path);
        torch::Tensor halfWidths = torch::empty_like(forecast);
        for (int64_t f = 0; f < forecast.size(0); ++f)
            for (int64_t q = 0; q < 12; ++q)
                for (int64_t n = 0; n < 30; ++n)
                    halfWidths[f][q][n] = intervals.halfWidthAt(q, n, timestamps[f][q].item<int64_t>());
        QVERIFY(torch::allclose(upper - forecast, halfWidths, 0, 1e-4));
        QVERIFY(torch::allclose(forecast - lower, halfWidths, 0, 1e-4));
        QCOMPARE(intervals.hourFactors.size(), size_t(12 * 24));
        const torch::Tensor present = ~actual.isnan();
        const torch::Tensor inside = (actual >= lower).logical_and(actual <= upper).logical_and(present);
        for (int64_t q = 0; q < 12; ++q) {
            const double covered = inside.select(1, q).sum().item<double>() / present.select(1, q).sum().item<double>();
            const double expected = intervals.steps[static_cast<size_t>(q)].covered;
            QVERIFY2(std::abs(covered - expected) <= 2e-3, qPrintable(QString("step %1: %2 against %3").arg(q + 1).arg(covered).arg(expected)));
        }

        // CSV and workbook: two more columns, headed with the level (and the unit).
        const Forecast one = forecaster.at(origins.front());
        QVERIFY(one.hasInterval());
        const std::string csvPath = dir.filePath("one.csv").toStdString(), bookPath = dir.filePath("one.xlsx").toStdString();
        writeForecastFile({one}, csvPath);
        writeForecastFile({one}, bookPath);
        const TextTable csv = readTextTable(csvPath), book = readTextTable(bookPath);
        QCOMPARE(csv.rows[0], (std::vector<std::string>{"timestamp", "sensor", "horizon", "forecast", "actual", "lower_90", "upper_90"}));
        QCOMPARE(book.rows[0][6], std::string("90 % lower (km/h)"));
        QCOMPARE(book.rows[0][7], std::string("90 % upper (km/h)"));
        const auto row = [](const TextTable& table, int64_t q, int64_t n) { return table.rows[static_cast<size_t>(1 + q * 30 + n)]; };
        for (int64_t q : {0, 11})
            for (int64_t n : {0, 29}) {
                const float w = intervals.halfWidthAt(q, n, one.timestamps[size_t(q)]);
                QCOMPARE(std::stod(row(csv, q, n)[5]), std::stod(formatDecimal(one.value(q, n) - w, 4, true)));
                QCOMPARE(std::stod(row(csv, q, n)[6]), std::stod(formatDecimal(one.value(q, n) + w, 4, true)));
                QCOMPARE(float(std::stod(row(book, q, n)[7])), one.upperValue(q, n));
            }

        // Forecasts with and without an interval never share a file; intervals of another
        // network are refused, naming the model.
        const Forecast plain = m_forecaster->at(origins.front());
        const QString mixed = refusalMismatch([&] { writeForecastFile({one, plain}, csvPath); },
                                              {QString::fromStdString(csvPath), "forecasts with and without intervals"});
        QVERIFY2(mixed.isEmpty(), qPrintable(mixed));
        ForecastIntervals fewer = intervals;
        fewer.sensors = 29;
        const QString other = refusalMismatch([&] { forecaster.setIntervals(fewer); },
                                              {QString::fromStdString(m_checkpoint), "its forecast intervals are of 29 sensors and 12 steps"});
        QVERIFY2(other.isEmpty(), qPrintable(other));
        forecaster.setIntervals({});
        QVERIFY(!forecaster.at(origins.front()).hasInterval());
    }

    void splitsThatAreNoneAreRefused()
    {
        const QString wrong = refusalMismatch([&] { m_forecaster->splitOrigins("train"); }, {"unknown split 'train'", "val or test"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        // The latest hours of a feed forecast the next, but hold no windows of the training's splits.
        Dataset latest = *m_data;
        const int64_t keep = 20; // a window of the splits spans 24
        latest.values.erase(latest.values.begin(), latest.values.end() - keep * latest.numNodes * latest.numChannels);
        latest.timestamps.erase(latest.timestamps.begin(), latest.timestamps.end() - keep);
        latest.numSteps = keep;
        const Forecaster onFeed(std::make_shared<const Dataset>(latest), m_checkpoint, DeviceKind::Cpu);
        QCOMPARE(onFeed.at(onFeed.lastOrigin()).horizon, int64_t(12));
        const QString none = refusalMismatch([&] { onFeed.splitOrigins("test"); }, {"20 steps"});
        QVERIFY2(none.isEmpty(), qPrintable(none));
    }

    // A workbook of more rows than an Excel sheet holds is refused before any forecast is
    // made, saying how many origins fit; an earlier file stays as it was.
    void workbooksTooLargeAreRefusedBeforeTheFirstForecast()
    {
        QTemporaryDir dir;
        const std::string path = writeFileIn(dir, "big.xlsx", "an earlier export");
        std::vector<int64_t> origins;
        for (int64_t k = 0; k < 2913; ++k) origins.push_back(m_forecaster->firstOrigin() + k); // 2 912 x 12 x 30 rows fit
        int64_t passes = 0;
        const QString wrong = refusalMismatch([&] { writeForecastFile(*m_forecaster, origins, path, [&](int64_t) { ++passes; }); },
                                              {"big.xlsx", "2913 forecasts of 12 steps for 30 sensors take 1048680 rows",
                                               "at most 2912 origins in a workbook", "write .csv or .h5"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QCOMPARE(passes, int64_t(0));
        // Forecasts held whole are refused alike, before the file is touched.
        const std::vector<Forecast> many(2913, m_forecaster->at(m_forecaster->firstOrigin()));
        const QString wholeWrong = refusalMismatch([&] { writeForecastFile(many, path); }, {"big.xlsx", "at most 2912 origins"});
        QVERIFY2(wholeWrong.isEmpty(), qPrintable(wholeWrong));
        QCOMPARE(fileBytes(path), std::string("an earlier export"));
        QCOMPARE(filesIn(dir), QStringList{"big.xlsx"});
    }

    // Origins the data cannot forecast from are refused before the first pass; an earlier
    // file stays, and no temporary is left beside it.
    void badOriginsLeaveTheEarlierFile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("pastTheEnd");
        QTest::newRow("csv, too early") << "f.csv" << false;
        QTest::newRow("hdf5, past the end") << "f.h5" << true;
        QTest::newRow("workbook, past the end") << "f.xlsx" << true;
    }

    void badOriginsLeaveTheEarlierFile()
    {
        QFETCH(QString, name);
        QFETCH(bool, pastTheEnd);
        QTemporaryDir dir;
        const std::string path = writeFileIn(dir, name.toStdString(), "an earlier export");
        std::vector<int64_t> origins;
        for (int64_t k = 0; k < 20; ++k) origins.push_back(m_forecaster->firstOrigin() + k);
        origins.push_back(pastTheEnd ? m_forecaster->lastOrigin() + 1 : m_forecaster->firstOrigin() - 1);
        const QString wrong = refusalMismatch([&] { writeForecastFile(*m_forecaster, origins, path); }, {"cannot forecast from step"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QCOMPARE(fileBytes(path), std::string("an earlier export"));
        QCOMPARE(filesIn(dir), QStringList{name});
    }

private:
    QTemporaryDir m_dir;
    std::shared_ptr<const Dataset> m_data;
    std::string m_checkpoint;
    std::unique_ptr<Forecaster> m_forecaster;
};

QTEST_MAIN(TestForecastFiles)
#include "test_forecast_files.moc"
