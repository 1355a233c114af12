// Each class of bad dataset input gives a clear error that names the file and the problem.
#include "npz_fixtures.h"
#include "refusals.h"
#include "himnet/dataset.h"
#include "himnet/errors.h"
#include "test_tensors.h"
#include "train/checkpoint.h"

#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace himnet;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string wideCsv(const std::string& extraRow = {})
{
    std::string csv = "a,b,c\n";
    for (int t = 0; t < 40; ++t) csv += std::to_string(50 + t % 5) + "," + std::to_string(40 + t % 7) + ",33\n";
    return csv + extraRow;
}

} // namespace

class TestBadDatasetInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badInputNamesFileAndProblem_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("culprit"); // the file the message must name
        QTest::addColumn<QString>("problem");
        QTest::newRow("missing file") << "missing" << "series.csv" << "not found";
        QTest::newRow("empty file") << "empty" << "series.csv" << "empty";
        QTest::newRow("truncated HDF5") << "truncated-h5" << "series.h5" << "truncated";
        QTest::newRow("not HDF5") << "fake-h5" << "series.h5" << "not an HDF5 file";
        QTest::newRow("wrong pandas key") << "wrong-key" << "series.h5" << "no pandas key 'df'";
        QTest::newRow("a checkpoint, not a dataset") << "checkpoint" << "series.h5" << "a HimNet Studio checkpoint";
        QTest::newRow("npz without data") << "npz-no-data" << "series.npz" << "no array 'data' (it holds: speed)";
        QTest::newRow("a split file, not a series") << "split-file" << "index.npz"
                                                    << "is a split file (the reference's train/val/test windows of a series, used "
                                                       "from the series' folder or by `himnet train --split-file`), not a series";
        QTest::newRow("a folder of a split file alone") << "split-folder" << "index.npz"
                                                        << "no time series found: index.npz is a split file (the reference's";
        QTest::newRow("a manifest's split file of another series") << "split-named" << "index.npz"
                                                                   << "its windows need 17856 steps, and the series has 40: is it the split "
                                                                      "file of another dataset?";
        QTest::newRow("a split file of windows without inputs") << "split-empty-windows" << "index.npz"
                                                            << "train row 0 is [5, 5, 17], not [start, start+T, start+T+Q] with "
                                                               "start >= 0 and T, Q > 0";
        QTest::newRow("a split file of windows beyond 64 bits") << "split-overflow" << "index.npz"
                                                                << "train row 1 is [-5764607520065952784, 7205759403927011328, "
                                                                   "7205759403927011340], not [start, start+T, start+T+Q]";
        QTest::newRow("npz wrong rank") << "npz-rank" << "series.npz" << "4 dimensions";
        QTest::newRow("npy shape beyond 64 bits") << "npy-shape-beyond-int64" << "series.npy"
                                                  << "the npy header's shape (9999999999999999999, 3) is no tuple of sizes";
        QTest::newRow("npy of one value, without it") << "npy-scalar-without-data" << "series.npy"
                                                      << "truncated array data: an array of shape () needs more than the 2 bytes found";
        QTest::newRow("npy of no steps and 10^17 sensors") << "npy-empty-huge" << "series.npy"
                                                           << "data holds no readings: its shape is (0, 100000000000000000)";
        QTest::newRow("npy shape whose size overflows") << "npy-shape-overflowing" << "series.npy"
                                                        << "truncated array data: an array of shape (4611686018427387904, 4) needs "
                                                           "more than the 8 bytes found";
        QTest::newRow("truncated npz") << "npz-truncated" << "series.npz" << "zip";
        QTest::newRow("ragged CSV") << "ragged" << "series.csv" << "row 42 has 2 fields, the header has 3";
        QTest::newRow("non-numeric CSV") << "text" << "series.csv" << "'fast' is not a number";
        QTest::newRow("NaN value") << "nan" << "series.csv" << "row 42, column 2: 'nan' is no reading: leave the cell blank, or write NULL";
        QTest::newRow("inf value") << "inf" << "series.csv" << "row 42, column 3: 'inf' is no reading";
        QTest::newRow("header missing") << "no-header" << "series.csv" << "header of sensor ids";
        QTest::newRow("unknown sensor in locations") << "locations" << "graph_sensor_locations.csv" << "unknown sensor 'zz'";
        QTest::newRow("sensor without location") << "locations-short" << "graph_sensor_locations.csv" << "1 sensor of the data has no location";
        QTest::newRow("edges of another network") << "edges" << "distances.csv" << "links none of the data's sensors (it names unknown sensor 'q')";
        QTest::newRow("adjacency of another size") << "adjacency" << "adj.csv" << "2 x 2 but the series has 3 sensors";
        QTest::newRow("adjacency of distances") // found by fuzzing (tests/fuzz): read as links of weight 1500
            << "adjacency-distances" << "adj.csv"
            << "weights must lie in [0, 1], found 1500 in row 1, column 2: is it a matrix of distances? Give distances as an edge list";
        QTest::newRow("zero interval") << "zero-interval" << "dataset.json" << "positive interval";
        QTest::newRow("time off the grid") << "irregular" << "series.csv" << "2020-01-01 00:12:00 is not on the 5 min grid";
        QTest::newRow("interval not dividing a day") << "odd-interval" << "series.csv" << "does not divide a day";
        // Its checkpoint kept '10000-01-01 00:00:00' as its first time, and never read back.
        QTest::newRow("epoch seconds past the year 9999") << "year-10000" << "series.csv"
                                                           << "its steps run from 10000-01-01 00:00:00 to 10000-01-01 00:10:00: "
                                                              "times must lie between the years 1000 and 9999";
        QTest::newRow("a start before the year 1000") << "year-999" << "series.csv" << "from 999-12-31 23:55:00 to 1000-01-01 00:00:00: times must lie";
        QTest::newRow("bad manifest") << "manifest" << "dataset.json" << "not valid JSON";
        QTest::newRow("unit not text") << "manifest-unit" << "dataset.json" << "'unit' must be a string";
    }

    void badInputNamesFileAndProblem()
    {
        QFETCH(QString, kind);
        QFETCH(QString, culprit);
        QFETCH(QString, problem);
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        const std::string k = kind.toStdString();
        fs::path load = dir;
        if (k == "missing") load = dir / "series.csv";
        if (k == "empty") writeText(dir / "series.csv", "");
        if (k == "truncated-h5") {
            fs::copy_file(testing::sharedPath("datasets/la-week/metr-la-week1.h5"), dir / "series.h5");
            fs::resize_file(dir / "series.h5", 2048);
        }
        if (k == "fake-h5") writeText(dir / "series.h5", "this is not hdf5");
        if (k == "wrong-key") fs::copy_file(testing::sharedPath("golden/himnet_small.h5"), dir / "series.h5");
        if (k == "checkpoint") writeCheckpoint((dir / "series.h5").string(), Checkpoint{});
        if (k == "npz-no-data") writeText(dir / "series.npz", testing::storedZip({{"speed.npy", "an array"}}));
        if (k == "split-file" || k == "split-folder")
            fs::copy_file(testing::sharedPath("datasets/himnet-splits/PEMS08/index.npz"), dir / "index.npz");
        if (k == "split-file") load = dir / "index.npz";
        if (k == "split-named") {
            fs::copy_file(testing::sharedPath("datasets/himnet-splits/PEMS08/index.npz"), dir / "index.npz");
            writeText(dir / "series.csv", wideCsv());
            writeText(dir / "dataset.json", R"({"series": "series.csv", "split": "index.npz"})");
        }
        if (k == "split-empty-windows" || k == "split-overflow") { // found by fuzzing (tests/fuzz)
            const std::vector<int64_t> train = k == "split-overflow"
                ? std::vector<int64_t>{0, 12, 24, -5764607520065952784, 7205759403927011328, 7205759403927011340}
                : std::vector<int64_t>{5, 5, 17, 6, 6, 18};
            const std::string rows = testing::npyInt64(train, {2, 3});
            writeText(dir / "index.npz", testing::storedZip({{"train.npy", rows}, {"val.npy", rows}, {"test.npy", rows}}));
            writeText(dir / "series.csv", wideCsv());
            writeText(dir / "dataset.json", R"({"series": "series.csv", "split": "index.npz"})");
        }
        if (k == "npy-shape-beyond-int64" || k == "npy-shape-overflowing" || k == "npy-scalar-without-data"
            || k == "npy-empty-huge") { // found by fuzzing (tests/fuzz)
            std::string npy = k == "npy-shape-overflowing"     ? testing::npyBytes("<f4", {int64_t(1) << 62, 4}, std::string(8, '\0'))
                              : k == "npy-scalar-without-data" ? testing::npyBytes("<f4", {}, std::string(2, '\0'))
                              : k == "npy-empty-huge"          ? testing::npyBytes("<f4", {0, 100000000000000000}, "")
                                                               : testing::npyBytes("<f4", {1000000000000000000, 3}, "");
            const size_t shape = npy.find("(1000000000000000000, 3)");
            if (shape != std::string::npos) npy.replace(shape, 24, "(9999999999999999999, 3)");
            writeText(dir / "series.npy", npy);
            load = dir / "series.npy";
        }
        if (k == "npz-truncated") {
            fs::copy_file(testing::sharedPath("datasets/sz-taxi/SZ_taxi.npz"), dir / "series.npz");
            fs::resize_file(dir / "series.npz", 1000);
        }
        if (k == "ragged") writeText(dir / "series.csv", wideCsv("1,2\n"));
        if (k == "text") writeText(dir / "series.csv", wideCsv("1,fast,3\n"));
        if (k == "nan") writeText(dir / "series.csv", wideCsv("1,nan,3\n"));
        if (k == "inf") writeText(dir / "series.csv", wideCsv("1,2,inf\n"));
        if (k == "no-header") writeText(dir / "series.csv", "50.5,40,33\n51,41,34\n");
        if (k == "locations" || k == "locations-short" || k == "edges" || k == "adjacency" || k == "adjacency-distances")
            writeText(dir / "series.csv", wideCsv());
        if (k == "locations") writeText(dir / "graph_sensor_locations.csv", "sensor_id,latitude,longitude\na,34,-118\nb,34,-118\nzz,34,-118\n");
        if (k == "locations-short") writeText(dir / "graph_sensor_locations.csv", "sensor_id,latitude,longitude\na,34,-118\nb,34,-118\n");
        if (k == "edges") writeText(dir / "distances.csv", "from,to,distance\nq,r,100\nr,s,200\n");
        if (k == "adjacency") writeText(dir / "adj.csv", "0,1\n1,0\n");
        if (k == "adjacency-distances") writeText(dir / "adj.csv", "0,1500,2700\n1500,0,1200\n2700,1200,0\n");
        if (k == "zero-interval") {
            writeText(dir / "series.csv", wideCsv());
            writeText(dir / "dataset.json", R"({"series": "series.csv", "interval": "0s"})");
        }
        if (k == "irregular")
            writeText(dir / "series.csv", "time,a\n2020-01-01 00:00,1\n2020-01-01 00:05,2\n2020-01-01 00:10,3\n2020-01-01 00:12,3\n");
        if (k == "year-10000") writeText(dir / "series.csv", "time,a\n253402300800,1\n253402301100,2\n253402301400,3\n");
        if (k == "year-999") {
            writeText(dir / "series.csv", "a,b\n1,2\n3,4\n");
            writeText(dir / "dataset.json", R"({"series": "series.csv", "interval": "5min", "start": "0999-12-31 23:55:00"})");
        }
        if (k == "odd-interval") writeText(dir / "series.csv", "time,a\n2020-01-01 00:00,1\n2020-01-01 00:07,2\n2020-01-01 00:14,3\n");
        if (k == "manifest") writeText(dir / "dataset.json", "{ series: ");
        if (k == "manifest-unit") {
            writeText(dir / "series.csv", wideCsv());
            writeText(dir / "dataset.json", R"({"series": "series.csv", "unit": 5})");
        }
        if (k == "npz-rank") // data.npy of shape (1, 1, 1, 1)
            writeText(dir / "series.npz", testing::storedZip({{"data.npy", testing::npyBytes("<f4", {1, 1, 1, 1}, std::string(4, '\0'))}}));
        const QString wrong = testing::refusalMismatch([&] { loadDataset(load.string()); }, {culprit, problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

};

QTEST_MAIN(TestBadDatasetInput)
#include "test_bad_dataset_input.moc"
