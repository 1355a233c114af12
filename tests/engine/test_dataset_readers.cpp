// Every shared real dataset loads as it should; NumPy variants parse. (The reference's split
// files: test_windows; times and intervals as text: test_time_steps.)
#include "export_fixtures.h"
#include "npz_fixtures.h"
#include "refusals.h"
#include "core/text.h"
#include "data/npy_array.h"
#include "data/series_readers.h"
#include "himnet/dataset.h"
#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "himnet/dataset_summary.h"
#include "himnet/road_graph.h"
#include "test_tensors.h"

#include <QtTest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <filesystem>
#include <fstream>

using namespace himnet;

namespace {

template <typename T>
std::string raw(std::initializer_list<T> values, bool bigEndian = false)
{
    std::string out;
    for (T v : values) {
        char b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));
        if (bigEndian) std::reverse(b, b + sizeof(T));
        out.append(b, sizeof(T));
    }
    return out;
}

/// `file` rewritten in another CSV dialect: its separator, decimal commas, a UTF-8
/// byte-order mark, CRLF line ends. The shared files have no quoted fields.
std::string rewrittenCsv(const std::string& file, char separator, bool decimalComma, bool byteOrderMark, bool crlf)
{
    std::ifstream in(file);
    std::string out = byteOrderMark ? "\xEF\xBB\xBF" : "", line;
    while (std::getline(in, line)) {
        for (char& c : line) {
            if (c == ',') c = separator;
            else if (c == '.' && decimalComma) c = ',';
        }
        out += line + (crlf ? "\r\n" : "\n");
    }
    return out;
}

/// Rows of a `missingValue` column: the default 0, and -1 as `--missing-value -1` sets it.
void addMissingValueRows()
{
    QTest::addColumn<float>("missingValue");
    QTest::newRow("default, 0") << 0.0f;
    QTest::newRow("--missing-value -1") << -1.0f;
}

/// Loads `path` as `--missing-value` would (the default when 0).
Dataset loadWithMissingValue(const std::string& path, float missingValue)
{
    LoadOptions options;
    if (missingValue != 0) options.missingValue = missingValue;
    return loadDataset(path, options);
}

} // namespace

class TestDatasetReaders : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void laWeekHdf5AndCsvAreIdentical()
    {
        const Dataset h5 = loadDataset(testing::sharedPath("datasets/la-week/metr-la-week1.h5"));
        const Dataset csv = loadDataset(testing::sharedPath("datasets/la-week/los_speed.csv"));
        QCOMPARE(h5.numNodes, int64_t(207));
        QCOMPARE(h5.numSteps, int64_t(2016));
        QCOMPARE(csv.numNodes, h5.numNodes);
        QCOMPARE(csv.numSteps, h5.numSteps);
        QVERIFY(csv.values == h5.values);
        QVERIFY(csv.timestamps == h5.timestamps);
        QVERIFY(csv.sensorIds == h5.sensorIds);
        QCOMPARE(h5.timestamps.front(), parseTimestamp("2012-03-01 00:00:00"));
        QCOMPARE(h5.timestamps.back(), parseTimestamp("2012-03-07 23:55:00"));
        QCOMPARE(h5.stepsPerDay(), int64_t(288));
        QCOMPARE(h5.sensorIds.front(), std::string("773869"));
    }

    // What spreadsheets write: semicolons with decimal commas (most of Europe), tabs, a
    // byte-order mark, CRLF. Each reads exactly as the plain file does.
    void csvDialectsReadAlike_data()
    {
        QTest::addColumn<char>("separator");
        QTest::addColumn<bool>("decimalComma");
        QTest::addColumn<bool>("byteOrderMark");
        QTest::addColumn<bool>("crlf");
        QTest::newRow("semicolons, decimal commas") << ';' << true << false << false;
        QTest::newRow("semicolons, decimal points") << ';' << false << false << false;
        QTest::newRow("tabs") << '\t' << false << false << false;
        QTest::newRow("byte-order mark, CRLF") << ',' << false << true << true;
        QTest::newRow("Excel, German locale") << ';' << true << true << true;
    }

    void csvDialectsReadAlike()
    {
        QFETCH(char, separator);
        QFETCH(bool, decimalComma);
        QFETCH(bool, byteOrderMark);
        QFETCH(bool, crlf);
        QTemporaryDir dir;
        const auto write = [&](const std::string& name) {
            const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
            std::ofstream(path, std::ios::binary)
                << rewrittenCsv(testing::sharedPath("datasets/la-week/" + name), separator, decimalComma, byteOrderMark, crlf);
            return path;
        };
        const Dataset plain = loadDataset(testing::sharedPath("datasets/la-week/los_speed.csv"));
        const Dataset dialect = loadDataset(write("los_speed.csv"));
        QCOMPARE(dialect.numNodes, plain.numNodes);
        QCOMPARE(dialect.numSteps, plain.numSteps);
        QVERIFY(dialect.sensorIds == plain.sensorIds);
        QVERIFY(dialect.values == plain.values);
        const auto plainPlaces = readLocationsCsv(testing::sharedPath("datasets/la-week/graph_sensor_locations.csv"));
        const auto places = readLocationsCsv(write("graph_sensor_locations.csv"));
        QCOMPARE(places.size(), plainPlaces.size());
        for (size_t i = 0; i < places.size(); ++i) {
            QCOMPARE(places[i].first, plainPlaces[i].first);
            QCOMPARE(places[i].second.latitude, plainPlaces[i].second.latitude);
            QCOMPARE(places[i].second.longitude, plainPlaces[i].second.longitude);
        }
    }

    // A spreadsheet saves no reading as a blank cell: a missing reading, whatever value marks
    // missing readings in this dataset.
    void blankCellsAreMissingReadings_data()
    {
        addMissingValueRows();
    }

    void blankCellsAreMissingReadings()
    {
        QFETCH(float, missingValue);
        QTemporaryDir dir;
        const std::string path = dir.filePath("blanks.csv").toStdString();
        std::ofstream(path) << "timestamp,a,b\n2024-01-01 00:00,5,\n2024-01-01 00:05, ,7\n2024-01-01 00:10,6,8\n";
        const Dataset d = loadWithMissingValue(path, missingValue);
        QCOMPARE(d.numSteps, int64_t(3));
        QCOMPARE(d.missingValue, missingValue);
        QVERIFY(d.isMissing(0, 1) && d.isMissing(1, 0));
        QVERIFY(!d.isMissing(0, 0) && !d.isMissing(1, 1) && !d.isMissing(2, 0) && !d.isMissing(2, 1));
        QCOMPARE(d.value(1, 1), 7.0f);
    }

    // Whether the time axis came from the files: the app lets the user set it only where it did not.
    void timeAxisSaysWhereItCameFrom_data()
    {
        QTest::addColumn<QString>("dataset"); // a shared dataset, or a CSV written here
        QTest::addColumn<bool>("inFiles");
        QTest::addColumn<qlonglong>("interval");
        QTest::addColumn<int>("assumptions"); // notes saying what was assumed
        QTest::newRow("la-week, pandas timestamps") << "datasets/la-week" << true << qlonglong(300) << 0;
        QTest::newRow("sz-taxi, the published files' table") << "datasets/sz-taxi" << false << qlonglong(900) << 0;
        QTest::newRow("CSV with timestamps") << "timestamps.csv" << true << qlonglong(900) << 0;
        QTest::newRow("CSV without, assumed") << "plain.csv" << false << qlonglong(300) << 2;
    }

    void timeAxisSaysWhereItCameFrom()
    {
        QFETCH(QString, dataset);
        QFETCH(bool, inFiles);
        QFETCH(qlonglong, interval);
        QFETCH(int, assumptions);
        QTemporaryDir dir;
        std::ofstream(dir.filePath("timestamps.csv").toStdString()) << "timestamp,a,b\n2024-01-01 00:00,5,6\n2024-01-01 00:15,7,8\n";
        std::ofstream(dir.filePath("plain.csv").toStdString()) << "a,b\n5,6\n7,8\n";
        const std::string path = dataset.startsWith("datasets/") ? testing::sharedPath(dataset.toStdString())
                                                                 : dir.filePath(dataset).toStdString();
        const Dataset d = loadDataset(path);
        QCOMPARE(d.timeAxisInFiles, inFiles);
        QCOMPARE(d.intervalSeconds, int64_t(interval));
        const auto assumed = std::count_if(d.notes.begin(), d.notes.end(),
                                           [](const std::string& note) { return note.find("no timestamps in the file: assumed") == 0; });
        QCOMPARE(int(assumed), assumptions);
    }

    // A value that differs from the missing one by less than the series' own precision is the
    // missing value written through some arithmetic (Shenzhen has zeros of 1e-17 km/h).
    void roundingNoiseAtTheMissingValueIsMissing_data()
    {
        addMissingValueRows();
    }

    void roundingNoiseAtTheMissingValueIsMissing()
    {
        QFETCH(float, missingValue);
        QTemporaryDir dir;
        const std::string path = dir.filePath("noise.csv").toStdString();
        // Largest magnitude 100: float precision there is 1.2e-5. 1e-3 is a reading.
        const std::string noise = missingValue == 0 ? "2.4e-17" : "-1.000001";
        const std::string near = missingValue == 0 ? "0.001" : "-0.999";
        std::ofstream(path) << "timestamp,a,b\n2024-01-01 00:00,100," << noise << "\n2024-01-01 00:05," << near
                            << ",7\n2024-01-01 00:10,6,-3e-6\n";
        const Dataset d = loadWithMissingValue(path, missingValue);
        QVERIFY(d.isMissing(0, 1));
        QVERIFY(!d.isMissing(1, 0));
        QCOMPARE(d.isMissing(2, 1), missingValue == 0); // 3e-6 from 0, 1 from -1
        const std::string note = missingValue == 0 ? "2 values within 1.2e-05 of the missing value 0"
                                                   : "1 values within 1.2e-05 of the missing value -1";
        QCOMPARE(d.notes.size(), size_t(1));
        QVERIFY2(d.notes.front().find(note) == 0, d.notes.front().c_str());
    }

    void laWeekFolderHasCoordinatesAndGraph()
    {
        const Dataset d = loadDataset(testing::sharedPath("datasets/la-week"));
        QCOMPARE(d.numNodes, int64_t(207));
        QVERIFY(d.hasLocations());
        QCOMPARE(d.locations[0].latitude, 34.15497);
        QCOMPARE(d.locations[0].longitude, -118.31829);
        for (const auto& p : d.locations) QVERIFY(p.latitude > 33.9 && p.latitude < 34.4 && p.longitude > -118.6 && p.longitude < -118.0);
        QVERIFY(d.edges.size() > 1000);
        const DatasetSummary s = summarizeDataset(d);
        QCOMPARE(s.missingPercent, 0.0);
        QCOMPARE(s.start, std::string("2012-03-01 00:00:00"));
        QVERIFY(s.notes.empty()); // its weekend is faster, not another level
    }

    void szTaxiIsFifteenMinutesWithoutCoordinates()
    {
        const Dataset d = loadDataset(testing::sharedPath("datasets/sz-taxi"));
        QCOMPARE(d.numNodes, int64_t(156));
        QCOMPARE(d.numSteps, int64_t(2976));
        QCOMPARE(d.intervalSeconds, int64_t(900));
        QCOMPARE(d.stepsPerDay(), int64_t(96));
        QCOMPARE(d.timestamps.front(), parseTimestamp("2015-01-01"));
        QVERIFY(!d.hasLocations());
        const DatasetSummary s = summarizeDataset(d);
        QVERIFY2(s.missingPercent > 20 && s.missingPercent < 30, qPrintable(QString::number(s.missingPercent)));
        QVERIFY(!d.edges.empty()); // the map draws the road graph (test_graph_layout)
        // 63 readings of 1e-17 .. 1e-5 km/h are zeros, missing like the others.
        QCOMPARE(d.notes.size(), size_t(1));
        QVERIFY2(d.notes.front().find("63 values within 1.0e-05 of the missing value 0") == 0, d.notes.front().c_str());
        for (float v : d.values) QVERIFY(v == 0 || v > 1e-5f);
        // Its speeds fall to about half from 11 January on and stay there: the summary says so.
        QCOMPARE(s.notes.size(), size_t(2));
        QVERIFY2(QString::fromStdString(s.notes.back())
                     .contains(QRegularExpression("^the readings change level: their daily mean is 2\\d\\.\\d km/h up to 2015-01-10 and 1\\d\\.\\d km/h "
                                                  "from 2015-01-11 on \\(-3\\d %\\)")),
                 s.notes.back().c_str());
    }

    // A change of level that lasts is noted with the day it starts; a smaller one, or one odd
    // day, is not.
    void aLastingChangeOfLevelIsNoted_data()
    {
        QTest::addColumn<int>("firstDay");
        QTest::addColumn<int>("lastDay");
        QTest::addColumn<double>("factor");
        QTest::addColumn<QString>("note");
        QTest::addColumn<QString>("changedOn"); // the later level's first day
        QTest::newRow("as generated") << 0 << -1 << 1.0 << QString() << QString();
        QTest::newRow("60 % from day 10 on") << 10 << 28 << 0.6
                                             << "km/h up to 2024-03-13 and \\d+\\.\\d km/h from 2024-03-14 on \\(-[34]\\d %\\).*read from "
                                                "2024-03-14 on \\(--from 2024-03-14, or Reading Options in the app\\)$"
                                             << "2024-03-14";
        QTest::newRow("150 % up to day 4") << 0 << 4 << 1.5 << "km/h up to 2024-03-08 and \\d+\\.\\d km/h from 2024-03-09 on \\(-[23]\\d %\\)"
                                           << "2024-03-09";
        QTest::newRow("90 % from day 10 on") << 10 << 28 << 0.9 << QString() << QString();
        QTest::newRow("one odd day") << 10 << 10 << 0.5 << QString() << QString();
    }
    void aLastingChangeOfLevelIsNoted()
    {
        QFETCH(int, firstDay);
        QFETCH(int, lastDay);
        QFETCH(double, factor);
        QFETCH(QString, note);
        QFETCH(QString, changedOn);
        Dataset d = generateDemoCity();
        const int64_t P = d.stepsPerDay();
        for (int64_t t = firstDay * P; t < std::min(d.numSteps, (lastDay + 1) * P); ++t)
            for (int64_t n = 0; n < d.numNodes; ++n) {
                float& v = d.values[static_cast<size_t>((t * d.numNodes + n) * d.numChannels)];
                if (v != d.missingValue) v = static_cast<float>(v * factor);
            }
        const DatasetSummary summary = summarizeDataset(d);
        QCOMPARE(QString::fromStdString(summary.levelChangedOn), changedOn);
        const QJsonValue json = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(summary))).object()["level_changed_on"];
        QCOMPARE(json.isNull() ? QString() : json.toString(), changedOn);
        const std::vector<std::string>& notes = summary.notes;
        if (note.isEmpty()) {
            QVERIFY2(notes.empty(), notes.empty() ? "" : notes.front().c_str());
            return;
        }
        QCOMPARE(notes.size(), size_t(1));
        QVERIFY2(QString::fromStdString(notes.front()).contains(QRegularExpression(note)), notes.front().c_str());
    }

    void pemsGraphs_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("listedLinks");
        QTest::addColumn<int>("components");
        QTest::addColumn<int>("kernelEdges");
        QTest::addColumn<int>("kernelComponents");
        // PeMS lists neighbours: every link stays. PEMS-BAY lists every pair within reach:
        // DCRNN's kernel keeps the near ones.
        QTest::newRow("PEMS08") << "PEMS08.csv" << 170 << 295 << 1 << 295 << 1;
        QTest::newRow("PEMS04") << "PEMS04.csv" << 307 << 340 << 12 << 340 << 12;
        QTest::newRow("PEMS-BAY") << "distances_bay_2017.csv" << 325 << 8033 << 5 << 2369 << 7;
    }

    void pemsGraphs()
    {
        QFETCH(QString, file);
        QFETCH(int, nodes);
        QFETCH(int, listedLinks);
        QFETCH(int, components);
        QFETCH(int, kernelEdges);
        QFETCH(int, kernelComponents);
        const std::string path = testing::sharedPath("datasets/pems-graphs/" + file.toStdString());
        QVERIFY(looksLikeEdgeList(path));
        const RoadGraphFile g = loadEdgeListGraph(path);
        QCOMPARE(static_cast<int>(g.nodeIds.size()), nodes);
        const GraphStatistics listed = graphStatistics(nodes, g.listedLinks);
        QCOMPARE(static_cast<int>(listed.edges), listedLinks);
        QCOMPARE(static_cast<int>(listed.components), components);
        const GraphStatistics kernel = graphStatistics(nodes, g.edges);
        QCOMPARE(static_cast<int>(kernel.edges), kernelEdges);
        QCOMPARE(static_cast<int>(kernel.components), kernelComponents);
        for (const auto& e : g.edges) QVERIFY(e.weight >= g.kernelThreshold && e.weight <= 1.0);
    }

    // A PeMS folder as published (PEMS04.npz or .npy beside the PEMS04.csv edge list): the map
    // and the statistics get every listed road, not the 117 pieces the 0.1 kernel would leave.
    void pemsFolderKeepsEveryListedRoad()
    {
        QTemporaryDir dir;
        constexpr int steps = 24, sensors = 307;
        std::vector<float> values(steps * sensors);
        for (size_t i = 0; i < values.size(); ++i) values[i] = 100.0f + static_cast<float>(i % 97);
        const std::string data(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
        std::ofstream(dir.filePath("PEMS04.npy").toStdString(), std::ios::binary) << testing::npyBytes("<f4", {24, 307, 1}, data);
        QVERIFY(QFile::copy(QString::fromStdString(testing::sharedPath("datasets/pems-graphs/PEMS04.csv")), dir.filePath("PEMS04.csv")));
        const Dataset d = loadDataset(dir.path().toStdString());
        QCOMPARE(d.numNodes, int64_t(sensors));
        const GraphStatistics g = graphStatistics(d.numNodes, d.edges);
        QCOMPARE(g.edges, int64_t(340));
        QCOMPARE(g.components, int64_t(12));
        QCOMPARE(g.isolatedNodes, int64_t(0));
    }

    // A list of neighbours at near-equal distances (found by fuzzing, tests/fuzz): the kernel's
    // sigma is tiny next to them and their weights round to 0. Such links were kept with
    // weight 0, which the graph's contract, weights in (0, 1], does not allow (the dataset no
    // longer validated). A list of neighbours keeps every link: as a link, of the least weight.
    void linksOfNearEqualDistancesStayLinks()
    {
        QTemporaryDir dir;
        std::ofstream(dir.filePath("speeds.csv").toStdString()) << "time,a,b,c,d\n2024-03-04 00:00,50,51,52,53\n2024-03-04 00:05,50,51,52,53\n";
        std::ofstream(dir.filePath("distances.csv").toStdString()) << "from,to,cost\na,b,100\nb,c,100\nc,d,100\nd,a,100.5\n";
        const Dataset d = loadDataset(dir.path().toStdString()); // sigma 0.22: exp(-(100 / 0.22)^2) is 0
        QCOMPARE(d.edges.size(), size_t{4});
        for (const GraphEdge& e : d.edges) QVERIFY2(e.weight > 0 && e.weight <= 1, qPrintable(QString::number(e.weight)));
        QCOMPARE(graphStatistics(d.numNodes, d.edges).components, int64_t{1});
        d.validate();
    }

    // PEMS08 as published: flow, occupancy and speed per sensor. Flows of 0 are counted for
    // the note on zeros; the other channels' zeros (occupancy at night) are not flows.
    void zeroFlowsOfAThreeChannelSeriesAreCounted()
    {
        QTemporaryDir dir;
        constexpr int steps = 24, sensors = 5, channels = 3;
        std::vector<float> values(steps * sensors * channels);
        for (size_t i = 0; i < values.size(); ++i) values[i] = i % channels == 1 ? 0.0f : 50.0f + static_cast<float>(i % 7);
        for (size_t cell : {size_t(0), size_t(3 * channels), size_t(17 * channels)}) values[cell] = 0.0f; // three flows of 0
        const std::string data(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
        std::ofstream(dir.filePath("PEMS08.npy").toStdString(), std::ios::binary) << testing::npyBytes("<f4", {24, 5, 3}, data);
        const Dataset d = loadDataset(dir.filePath("PEMS08.npy").toStdString());
        QCOMPARE(d.numChannels, int64_t(channels));
        QCOMPARE(d.quantity, std::string("flow"));
        const auto note = std::find_if(d.notes.begin(), d.notes.end(), [](const std::string& n) { return n.find("of 0 (") != std::string::npos; });
        QVERIFY(note != d.notes.end());
        QVERIFY2(note->rfind("3 readings of 0 (2.50 %) count as missing", 0) == 0, note->c_str());
    }

    void bayLocationsWithoutHeader()
    {
        const auto rows = readLocationsCsv(testing::sharedPath("datasets/pems-graphs/graph_sensor_locations_bay.csv"));
        QCOMPARE(rows.size(), size_t(325));
        QCOMPARE(rows.front().first, std::string("400001"));
        QVERIFY(rows.front().second.latitude > 37 && rows.front().second.latitude < 38);
    }

    // Location tables as agencies export them: coordinates headed with their datum or unit, in
    // any case and order, beside other columns. Coordinates that are no latitude/longitude say
    // what is likely wrong: columns swapped, or metres of a projected grid.
    void locationHeadersAsAgenciesWriteThem_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("problem"); // empty: D2 at (34.3, -118.1)
        QTest::newRow("plain") << "sensor_id,latitude,longitude\nD1,34.2,-118.3\nD2,34.3,-118.1\n" << "";
        QTest::newRow("datum in brackets, other columns")
            << "Station ID,Name,Latitude (WGS84),Longitude (WGS84)\nD1,Main St,34.2,-118.3\nD2,Elm St,34.3,-118.1\n" << "";
        QTest::newRow("unit after an underscore, capitals") << "DETECTOR,LONG_DD,LAT_DD\nD1,-118.3,34.2\nD2,-118.1,34.3\n" << "";
        QTest::newRow("lng and lat") << "detector,lng,lat\nD1,-118.3,34.2\nD2,-118.1,34.3\n" << "";
        QTest::newRow("latency is no latitude") << "detector,latency,lat,lon\nD1,5,34.2,-118.3\nD2,6,34.3,-118.1\n" << "";
        QTest::newRow("swapped") << "detector,lon,lat\nD1,34.2,-118.3\nD2,34.3,-118.1\n"
                                 << "row 2: (-118.3, 34.2) is not a latitude/longitude (are the latitude and longitude columns swapped?)";
        QTest::newRow("projected metres") << "detector,x,y\nD1,384000,3780000\nD2,384100,3780200\n"
                                          << "(3780000, 384000) is not a latitude/longitude (projected coordinates";
    }

    void locationHeadersAsAgenciesWriteThem()
    {
        QFETCH(QString, table);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string path = dir.filePath("locations.csv").toStdString();
        std::ofstream(path) << table.toStdString();
        if (!problem.isEmpty()) {
            const QString wrong = testing::refusalMismatch([&] { readLocationsCsv(path); }, {problem});
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
            return;
        }
        const auto rows = readLocationsCsv(path);
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(rows[1].first, std::string("D2"));
        QCOMPARE(rows[1].second.latitude, 34.3);
        QCOMPARE(rows[1].second.longitude, -118.1);
    }

    void npyVariants_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QList<double>>("expected");
        QTest::addColumn<QList<qlonglong>>("shape");
        QTest::newRow("float32 C") << QByteArray::fromStdString(testing::npyBytes("<f4", {2, 3}, raw<float>({1, 2, 3, 4, 5, 6})))
                                   << QList<double>{1, 2, 3, 4, 5, 6} << QList<qlonglong>{2, 3};
        QTest::newRow("float64 Fortran") << QByteArray::fromStdString(testing::npyBytes("<f8", {2, 3}, raw<double>({1, 4, 2, 5, 3, 6}), true))
                                         << QList<double>{1, 2, 3, 4, 5, 6} << QList<qlonglong>{2, 3};
        QTest::newRow("big-endian float64") << QByteArray::fromStdString(testing::npyBytes(">f8", {3}, raw<double>({0.5, -2, 7}, true)))
                                            << QList<double>{0.5, -2, 7} << QList<qlonglong>{3};
        QTest::newRow("int16 3-D Fortran") << QByteArray::fromStdString(testing::npyBytes("<i2", {2, 1, 2}, raw<int16_t>({1, 3, 2, 4}), true))
                                           << QList<double>{1, 2, 3, 4} << QList<qlonglong>{2, 1, 2};
        QTest::newRow("uint8") << QByteArray::fromStdString(testing::npyBytes("|u1", {2}, std::string("\x05\xff", 2)))
                               << QList<double>{5, 255} << QList<qlonglong>{2};
    }

    void npyVariants()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QList<double>, expected);
        QFETCH(QList<qlonglong>, shape);
        const NpyArray a = parseNpy(bytes.toStdString(), "fixture.npy");
        QCOMPARE(QList<qlonglong>(a.shape.begin(), a.shape.end()), shape);
        QCOMPARE(a.size(), static_cast<int64_t>(expected.size()));
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(a.isInteger ? static_cast<double>(a.integer[i]) : a.real[i], expected[i]);
    }

    // What the values measure reaches axes and tables: known for the published files, given by
    // a manifest or the options otherwise (the options first, then the manifest, then the file).
    void datasetsSayWhatTheyMeasure_data()
    {
        QTest::addColumn<QString>("path");     // under ../shared, or under a temporary folder after "tmp:"
        QTest::addColumn<QString>("manifest"); // dataset.json written beside it in the temporary folder
        QTest::addColumn<QString>("optionUnit");
        QTest::addColumn<QString>("quantity");
        QTest::addColumn<QString>("unit");
        QTest::newRow("METR-LA week, CSV") << "datasets/la-week/los_speed.csv" << "" << "" << "speed" << "mph";
        QTest::newRow("METR-LA week, pandas HDF5") << "datasets/la-week/metr-la-week1.h5" << "" << "" << "speed" << "mph";
        QTest::newRow("METR-LA week, folder") << "datasets/la-week" << "" << "" << "speed" << "mph";
        QTest::newRow("Shenzhen taxis") << "datasets/sz-taxi/SZ_taxi.npz" << "" << "" << "speed" << "km/h";
        QTest::newRow("PEMS08 flows") << "tmp:PEMS08.npy" << "" << "" << "flow" << "veh/5 min";
        QTest::newRow("unknown file") << "tmp:counts.npy" << "" << "" << "" << "";
        QTest::newRow("manifest") << "tmp:" << R"({"series": "counts.npy", "quantity": "occupancy", "unit": "%"})" << ""
                                  << "occupancy" << "%";
        QTest::newRow("manifest over the file") << "tmp:" << R"({"series": "PEMS08.npy", "unit": "veh/h"})" << "" << "flow" << "veh/h";
        QTest::newRow("options over the manifest") << "tmp:" << R"({"series": "counts.npy", "unit": "veh/h"})" << "veh/5 min" << ""
                                                   << "veh/5 min";
    }

    void datasetsSayWhatTheyMeasure()
    {
        QFETCH(QString, path);
        QFETCH(QString, manifest);
        QFETCH(QString, optionUnit);
        QFETCH(QString, quantity);
        QFETCH(QString, unit);
        QTemporaryDir tmp;
        std::string load;
        if (!path.startsWith("tmp:")) {
            load = testing::sharedPath(path.toStdString());
        } else {
            const std::string series = testing::npyBytes("<f4", {3, 2}, raw<float>({1, 2, 3, 4, 5, 6}));
            for (const char* name : {"PEMS08.npy", "counts.npy"})
                std::ofstream(tmp.filePath(name).toStdString(), std::ios::binary) << series;
            if (!manifest.isEmpty()) std::ofstream(tmp.filePath("dataset.json").toStdString()) << manifest.toStdString();
            load = tmp.filePath(path.mid(4)).toStdString();
        }
        LoadOptions options;
        if (!optionUnit.isEmpty()) options.unit = optionUnit.toStdString();
        const Dataset d = loadDataset(load, options);
        QCOMPARE(QString::fromStdString(d.quantity), quantity);
        QCOMPARE(QString::fromStdString(d.unit), unit);
        const QString label = (quantity.isEmpty() ? "value" : quantity) + (unit.isEmpty() ? "" : " (" + unit + ")");
        QCOMPARE(QString::fromStdString(d.valueLabel()), label);
        const DatasetSummary s = summarizeDataset(d);
        QVERIFY2(QString::fromStdString(toText(s)).contains(unit.isEmpty() ? "values        min" : " in " + unit + ": min"),
                 toText(s).c_str());
        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(s))).object();
        QCOMPARE(json["unit"].toString(), unit);
        QCOMPARE(json["unit"].isNull(), unit.isEmpty());
        QCOMPARE(json["quantity"].isNull(), quantity.isEmpty());
    }
};

QTEST_MAIN(TestDatasetReaders)
#include "test_dataset_readers.moc"
