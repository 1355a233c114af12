// A dataset folder's manifest (dataset.json): what each key sets, the options given on the
// command line taking precedence, keys left out with a note, and every value it cannot read
// refused, naming the manifest and the key.
#include "data/dataset_manifest.h"
#include "core/text.h"
#include "himnet/dataset.h"
#include "himnet/errors.h"
#include "refusals.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace himnet;
namespace fs = std::filesystem;

namespace {

std::string writeManifest(const QTemporaryDir& dir, const QString& text)
{
    const std::string path = dir.filePath("dataset.json").toStdString();
    std::ofstream(path, std::ios::binary) << text.toStdString();
    return path;
}

std::string dateOrderName(DateOrder order)
{
    return order == DateOrder::DayFirst ? "day first" : order == DateOrder::MonthFirst ? "month first" : "unstated";
}

/// What the manifest set, a line per setting, in a fixed order: the rows compare it whole.
QString settings(const DatasetFiles& f)
{
    const auto file = [](const std::string& path) { return path.empty() ? std::string("-") : fs::path(path).filename().string(); };
    const LoadOptions& o = f.options;
    std::vector<std::string> lines{
        "series " + file(f.series) + (f.splitFileNamed ? ", split " + file(f.splitFile) : ""),
        "graph " + file(f.locations) + " " + file(f.edges) + " " + file(f.adjacency) + " " + file(f.zones),
        "name " + f.name,
    };
    if (o.startTime) lines.push_back("start " + formatTimestamp(*o.startTime));
    if (o.intervalSeconds) lines.push_back("interval " + formatInterval(*o.intervalSeconds));
    if (o.aggregation) lines.push_back("aggregate " + aggregationName(*o.aggregation));
    if (o.missingValue) lines.push_back("missing " + std::to_string(*o.missingValue));
    if (o.quantity || o.unit) lines.push_back("quantity " + o.quantity.value_or("-") + " in " + o.unit.value_or("-"));
    if (o.valueColumn) lines.push_back("column " + *o.valueColumn);
    if (o.sheet) lines.push_back("sheet " + *o.sheet);
    if (o.dateOrder) lines.push_back("dates " + dateOrderName(*o.dateOrder));
    if (!o.laneTypes.empty()) lines.push_back("lanes " + joined(o.laneTypes));
    for (const std::string& note : f.notes) lines.push_back("note: " + note);
    return QString::fromStdString(joined(lines, "\n"));
}

} // namespace

class TestDatasetManifest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsWhatTheManifestSays_data()
    {
        QTest::addColumn<QString>("manifest");
        QTest::addColumn<QString>("expected");
        QTest::newRow("the series alone") << R"({"series": "speeds.csv"})"
                                          << "series speeds.csv\ngraph - - - -\nname manifest";
        QTest::newRow("every key of datasets/README.md")
            << R"({"name": "my-city", "series": "speeds.h5", "locations": "sensor_locations.csv",
                  "edges": "road_distances.csv", "adjacency": "adjacency.csv", "zones": "zones.csv",
                  "split": "index.npz", "start": "2024-03-04 00:00:00", "interval": "5min", "aggregate": "mean",
                  "missing_value": 0, "quantity": "speed", "unit": "mph", "value_column": "speed",
                  "sheet": "Speeds", "date_order": "mdy"})"
            << "series speeds.h5, split index.npz\ngraph sensor_locations.csv road_distances.csv adjacency.csv zones.csv\n"
               "name my-city\nstart 2024-03-04 00:00:00\ninterval 5 min\naggregate mean\nmissing 0.000000\n"
               "quantity speed in mph\ncolumn speed\nsheet Speeds\ndates month first";
        QTest::newRow("interval in seconds, start in epoch seconds")
            << R"({"series": "s.csv", "interval": 900, "start": 1420070400})"
            << "series s.csv\ngraph - - - -\nname manifest\nstart 2015-01-01 00:00:00\ninterval 15 min";
        QTest::newRow("a start with slashes, in the manifest's date order")
            << R"({"series": "s.csv", "start": "04/03/2024 06:00", "date_order": "dmy"})"
            << "series s.csv\ngraph - - - -\nname manifest\nstart 2024-03-04 06:00:00\ndates day first";
        QTest::newRow("lane types as a list, and totals")
            << R"({"series": "d07_text_station_5min_2024_01_01.txt.gz", "lane_types": ["ml", "hv"], "aggregate": "sum"})"
            << "series d07_text_station_5min_2024_01_01.txt.gz\ngraph - - - -\nname manifest\naggregate sum\nlanes ML, HV";
        QTest::newRow("comments, as people leave them")
            << "// exported from the agency's system\n{\"series\": \"s.csv\", /* 15-minute counts */ \"interval\": \"15min\"}"
            << "series s.csv\ngraph - - - -\nname manifest\ninterval 15 min";
        QTest::newRow("a key it does not read is left out with a note")
            << R"({"series": "s.csv", "intervall": "15min", "source": "city open data"})"
            << "series s.csv\ngraph - - - -\nname manifest\nnote: dataset.json: 'intervall', 'source' are no keys of a manifest, "
               "left out (see datasets/README.md)";
        QTest::newRow("a missing value other than 0") << R"({"series": "s.csv", "missing_value": -1})"
                                                      << "series s.csv\ngraph - - - -\nname manifest\nmissing -1.000000";
    }

    void readsWhatTheManifestSays()
    {
        QFETCH(QString, manifest);
        QFETCH(QString, expected);
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkdir("manifest")); // the folder names the dataset where the manifest does not
        const std::string path = root.filePath("manifest/dataset.json").toStdString();
        std::ofstream(path, std::ios::binary) << manifest.toStdString();
        QCOMPARE(settings(readManifest(path, {})), expected);
    }

    // The command line and the app's Reading Options override the manifest.
    void givenOptionsTakePrecedence()
    {
        QTemporaryDir dir;
        const std::string path = writeManifest(dir, R"({"series": "s.csv", "interval": "5min", "unit": "mph", "missing_value": 0})");
        LoadOptions given;
        given.intervalSeconds = 900;
        given.unit = "km/h";
        const DatasetFiles f = readManifest(path, given);
        QCOMPARE(*f.options.intervalSeconds, int64_t(900));
        QCOMPARE(*f.options.unit, std::string("km/h"));
        QCOMPARE(*f.options.missingValue, 0.0f);
    }

    // The note of a key left out reaches the dataset's notes, which the app and `himnet inspect` show.
    void noteOfKeyLeftOutReachesTheDataset()
    {
        QTemporaryDir dir;
        std::ofstream(dir.filePath("speeds.csv").toStdString()) << "time,a,b\n2024-03-04 00:00,50,60\n2024-03-04 00:05,51,61\n";
        writeManifest(dir, R"({"series": "speeds.csv", "missing": -1})");
        const Dataset d = loadDataset(dir.path().toStdString());
        QCOMPARE(d.numNodes, int64_t(2));
        const auto note = std::find_if(d.notes.begin(), d.notes.end(), [](const std::string& n) { return n.find("'missing'") != std::string::npos; });
        QVERIFY2(note != d.notes.end(), qPrintable(QString::fromStdString(joined(d.notes, "\n"))));
    }

    void refusesWhatItCannotRead_data()
    {
        QTest::addColumn<QString>("manifest");
        QTest::addColumn<QString>("problem");
        QTest::newRow("empty") << "" << "not valid JSON";
        QTest::newRow("cut short") << R"({"series": "s.csv")" << "not valid JSON";
        QTest::newRow("JSON after the object") << R"({"series": "s.csv"} {"series": "t.csv"})" << "not valid JSON";
        QTest::newRow("a list") << R"(["s.csv"])" << "holds no JSON object";
        QTest::newRow("no series") << R"({"locations": "l.csv"})" << "names no 'series' file";
        QTest::newRow("series of no name") << R"({"series": ""})" << "'series' names no file";
        QTest::newRow("series a number") << R"({"series": 5})" << "'series' must be a string, not the number 5";
        QTest::newRow("edges a list") << R"({"series": "s.csv", "edges": ["e.csv"]})" << "'edges' must be a string, not an array";
        QTest::newRow("name a number") << R"({"series": "s.csv", "name": 7})" << "'name' must be a string, not the number 7";
        QTest::newRow("interval of 0") << R"({"series": "s.csv", "interval": 0})" << "'interval': cannot read '0' as a positive interval";
        QTest::newRow("interval of a fraction") << R"({"series": "s.csv", "interval": 300.5})"
                                                << "'interval' must be a whole number or a string, not the number 300.5";
        QTest::newRow("interval beyond floats' integers") << R"({"series": "s.csv", "interval": 1e30})"
                                                          << "'interval' must be a whole number or a string, not the number 1e+30";
        QTest::newRow("interval beyond 64 bits") << R"({"series": "s.csv", "interval": 18446744073709551615})"
                                                 << "'interval': cannot read '18446744073709551615' as an interval";
        QTest::newRow("interval beyond a day") << R"({"series": "s.csv", "interval": "2880min"})"
                                               << "'interval': '2880min' is longer than a day";
        QTest::newRow("interval true") << R"({"series": "s.csv", "interval": true})"
                                       << "'interval' must be a whole number or a string, not a boolean";
        QTest::newRow("start not a time") << R"({"series": "s.csv", "start": "yesterday"})" << "'start': ";
        QTest::newRow("start with slashes, no date order") << R"({"series": "s.csv", "start": "04/03/2024"})" << "'start': ";
        QTest::newRow("start an object") << R"({"series": "s.csv", "start": {}})"
                                         << "'start' must be a whole number or a string, not an object";
        QTest::newRow("unknown aggregation") << R"({"series": "s.csv", "aggregate": "median"})" << "'aggregate': ";
        QTest::newRow("unknown date order") << R"({"series": "s.csv", "date_order": "ydm"})" << "'date_order': ";
        QTest::newRow("missing value as text") << R"({"series": "s.csv", "missing_value": "0"})"
                                               << "'missing_value' must be a number (the reading that marks a missing one, e.g. 0), "
                                                  "not the string \"0\"";
        QTest::newRow("missing value beyond floats") << R"({"series": "s.csv", "missing_value": 1e300})"
                                                     << "'missing_value' 1e+300 is beyond the range of the readings";
        QTest::newRow("unknown lane type") << R"({"series": "s.csv", "lane_types": "ML,XX"})" << "'lane_types': ";
        QTest::newRow("lane types of numbers") << R"({"series": "s.csv", "lane_types": [1]})"
                                               << "'lane_types' must list strings (\"ML\", \"HV\"), not the number 1";
        QTest::newRow("unit a number") << R"({"series": "s.csv", "unit": 5})" << "'unit' must be a string, not the number 5";
    }

    void refusesWhatItCannotRead()
    {
        QFETCH(QString, manifest);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string path = writeManifest(dir, manifest);
        const QString wrong = testing::refusalMismatch([&] { readManifest(path, {}); }, {QString::fromStdString(path), problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_MAIN(TestDatasetManifest)
#include "test_dataset_manifest.moc"
