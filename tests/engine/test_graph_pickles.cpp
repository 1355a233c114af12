// A road graph pickled as DCRNN publishes METR-LA's (adj_mx.pkl), and as Python 2 and 3 and
// NumPy 1 and 2 write it, gives the same links as the weights in a table: matched to the data's
// sensors by id, the links of sensors outside the data left out. What is not plain data (a
// pickle may call any Python function), a damaged file and another network's graph are refused.
// The pickles in tests/data/graphs hold la-week's published weights for 40 of its sensors, in
// a shuffled order (make_graph_pickles.py there wrote them).
#include "data/graph_pickle.h"
#include "export_fixtures.h"
#include "refusals.h"
#include "shared_path.h"
#include "test_paths.h"
#include "himnet/dataset.h"
#include "himnet/errors.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace himnet;
namespace fs = std::filesystem;

namespace {

std::string graphFixture(const QString& name) { return QStringLiteral(HIMNET_TEST_DATA_DIR "/graphs/%1").arg(name).toStdString(); }

void writeBytes(const fs::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

/// An hour of 5-minute readings of `sensors` as a wide CSV.
std::string anHourOfReadings(const std::vector<std::string>& sensors)
{
    std::string text = "time";
    for (const auto& id : sensors) text += "," + id;
    text += "\n";
    for (int m = 0; m < 60; m += 5) {
        text += "2020-01-01 00:" + std::string(m < 10 ? "0" : "") + std::to_string(m);
        for (size_t i = 0; i < sensors.size(); ++i) text += ",60";
        text += "\n";
    }
    return text;
}

/// The links of `d` as (from sensor, to sensor) → weight.
std::map<std::pair<std::string, std::string>, double> linksOf(const Dataset& d)
{
    std::map<std::pair<std::string, std::string>, double> links;
    for (const auto& e : d.edges) links[{d.sensorIds[static_cast<size_t>(e.from)], d.sensorIds[static_cast<size_t>(e.to)]}] = e.weight;
    return links;
}

} // namespace

class TestGraphPickles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dcrnnGraphsGiveTheLinksOfTheirTable_data()
    {
        QTest::addColumn<QString>("pickle");
        QTest::newRow("Python 2, protocol 2 (DCRNN's adj_mx.pkl)") << "adj_mx_py2.pkl";
        QTest::newRow("Python 2, protocol 0 (its pickle.dump's default: text)") << "adj_mx_py2_protocol0.pkl";
        QTest::newRow("Python 3, protocol 0") << "adj_mx_protocol0.pkl";
        QTest::newRow("Python 3, protocol 1") << "adj_mx_protocol1.pkl";
        QTest::newRow("Python 3, protocol 2") << "adj_mx_py3.pkl";
        QTest::newRow("protocol 4, NumPy 2, float64 in Fortran order") << "adj_mx_protocol4.pkl";
        QTest::newRow("protocol 5, ids and matrix") << "adj_mx_protocol5.pkl";
    }

    // la-week's series beside a pickle of its weights for 40 of its sensors: those sensors are
    // linked as la-week's own table links them (los_adj.csv), the others not at all.
    void dcrnnGraphsGiveTheLinksOfTheirTable()
    {
        QFETCH(QString, pickle);
        static const Dataset laWeek = loadDataset(testing::sharedPath("datasets/la-week"));
        const PickledGraph graph = readGraphPickle(graphFixture(pickle));
        QCOMPARE(graph.nodes, int64_t(40));
        QCOMPARE(graph.sensorIds.size(), size_t(40));
        QCOMPARE(graph.sensorIds.front(), std::string("717819"));

        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        fs::copy_file(testing::sharedPath("datasets/la-week/los_speed.csv"), folder / "los_speed.csv");
        fs::copy_file(graphFixture(pickle), folder / pickle.toStdString());
        const Dataset d = loadDataset(folder.string());
        QCOMPARE(d.numNodes, int64_t(207));
        QVERIFY(testing::anyNoteContains(d, pickle.toStdString() + ": 167 sensors of the data are not in the graph and have no links (first: '773869')"));

        const std::set<std::string> chosen(graph.sensorIds.begin(), graph.sensorIds.end());
        std::map<std::pair<std::string, std::string>, double> expected;
        for (const auto& [link, weight] : linksOf(laWeek))
            if (chosen.count(link.first) && chosen.count(link.second)) expected[link] = weight;
        const auto links = linksOf(d);
        QCOMPARE(expected.size(), size_t(86)); // los_adj.csv links these 40 sensors 86 times
        QCOMPARE(links.size(), expected.size());
        for (const auto& [link, weight] : expected) {
            const auto found = links.find(link);
            QVERIFY2(found != links.end(), (link.first + " - " + link.second).c_str());
            QVERIFY(std::abs(found->second - weight) < 1e-7 * std::max(1.0, weight)); // float32 in all but one
        }
    }

    // A matrix alone is read in the data's order of sensors.
    void aMatrixAloneFollowsTheDataOrder()
    {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        writeBytes(folder / "speeds.csv", anHourOfReadings({"a", "b", "c"}));
        fs::copy_file(graphFixture("adj_matrix_only.pkl"), folder / "adj.pkl");
        const Dataset d = loadDataset(folder.string());
        const auto links = linksOf(d);
        const std::map<std::pair<std::string, std::string>, double> expected{
            {{"a", "b"}, 0.5}, {{"b", "a"}, 0.5}, {{"b", "c"}, 0.25}, {{"c", "b"}, 0.25}};
        QCOMPARE(links, expected);
    }

    // The links of the graph's sensors that the data lacks are left out, with a note.
    void sensorsOutsideTheDataAreLeftOut()
    {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        const PickledGraph graph = readGraphPickle(graphFixture("adj_mx_py2.pkl"));
        writeBytes(folder / "speeds.csv", anHourOfReadings({graph.sensorIds.begin(), graph.sensorIds.begin() + 30}));
        fs::copy_file(graphFixture("adj_mx_py2.pkl"), folder / "adj_mx.pkl");
        const Dataset d = loadDataset(folder.string());
        QVERIFY(testing::anyNoteContains(d, "adj_mx.pkl: the links of 10 sensors not in the data left out (first: '" + graph.sensorIds[30] + "')"));
        size_t within = 0;
        for (size_t i = 0; i < 30; ++i)
            for (size_t j = 0; j < 30; ++j) within += i != j && graph.weights[i * 40 + j] > 0;
        QCOMPARE(d.edges.size(), within);
    }

    void badPicklesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes"); // the pickle; empty: the DCRNN fixture cut short
        QTest::addColumn<QString>("sensors");  // the data's, separated by commas
        QTest::addColumn<QString>("problem");
        QTest::newRow("cut short") << QByteArray() << "a,b,c" << "truncated pickle: it ends before its last entry";
        QTest::newRow("a call of os.system") << QByteArray("\x80\x02" "cos\nsystem\nq\x00U\x05" "echo!q\x01\x85q\x02Rq\x03.", 31) << "a,b,c"
                                             << "holds a Python object made by os.system, which is not read here";
        QTest::newRow("a call of os.system, protocol 0") << QByteArray("cos\nsystem\n(S'echo!'\ntR.") << "a,b,c"
                                                         << "holds a Python object made by os.system, which is not read here";
        QTest::newRow("protocol 0 cut short") << QByteArray("(lp0\nI1\na") << "a,b,c" << "is no Python pickle, or one cut short";
        QTest::newRow("protocol 0, a string unquoted") << QByteArray("(lp0\nS'717819\na.") << "a,b,c" << "a string that is not quoted (byte 5)";
        QTest::newRow("protocol 0, no integer") << QByteArray("(lp0\nI12x\na.") << "a,b,c" << "'12x' is no integer";
        QTest::newRow("protocol 0, no number") << QByteArray("(lp0\nF1,5\na.") << "a,b,c" << "'1,5' is no number";
        QTest::newRow("text") << QByteArray("a,b\n1,2\n") << "a,b,c" << "is no Python pickle, or one cut short";
        QTest::newRow("protocol 6") << QByteArray("\x80\x06N.", 4) << "a,b,c" << "is a Python pickle of a protocol other than 0 to 5";
        QTest::newRow("a set") << QByteArray("\x80\x04\x8f\x94.", 5) << "a,b,c" << "uses pickle opcode 0x8f, which is not read here";
        // Found by fuzzing (tests/fuzz): a list inside itself leaked (shared ownership in a cycle),
        // nesting thousands deep overflowed the stack when freed, and integers of 19 digits beyond
        // 64 bits threw from the standard library.
        QTest::newRow("a list inside itself") << QByteArray("(lp0\ng0\na.") << "a,b,c"
                                              << "holds a list, tuple or dict that contains itself, which plain data does not";
        QTest::newRow("a list inside itself, thrown away") << QByteArray("(lp0\ng0\na0(lp1\nI1\na.") << "a,b,c"
                                                           << "holds no weight matrix";
        QTest::newRow("lists nested 100000 deep") << QByteArray(100000, ']').append(QByteArray(99999, 'a')).append('.') << "a,b,c"
                                                  << "nests lists, tuples and dicts more than 100 deep, which plain data does not";
        QTest::newRow("lists nested 100000 deep, thrown away") << QByteArray(100000, ']').append(QByteArray(99999, 'a')).append("0N.")
                                                               << "a,b,c" << "holds no weight matrix";
        QTest::newRow("an integer beyond 64 bits") << QByteArray("(lp0\nI9999999999999999999\na.") << "a,b,c"
                                                   << "'9999999999999999999' is no integer (or one beyond 64 bits)";
        QTest::newRow("a memo index beyond 64 bits") << QByteArray("(lp0\ng99999999999999999999\na.") << "a,b,c"
                                                     << "'99999999999999999999' is no memo index";
        QTest::newRow("another network's graph") << QByteArray() << "x,y,z" << "";
        QTest::newRow("a matrix of another size") << QByteArray() << "a,b,c,d" << "";
    }

    void badPicklesAreRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, sensors);
        QFETCH(QString, problem);
        const QString row = QTest::currentDataTag();
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        std::vector<std::string> ids;
        for (const QString& id : sensors.split(',')) ids.push_back(id.toStdString());
        writeBytes(folder / "speeds.csv", anHourOfReadings(ids));
        const fs::path pickle = folder / "adj_mx.pkl";
        if (row == "another network's graph") {
            fs::copy_file(graphFixture("adj_mx_py3.pkl"), pickle);
            problem = "names none of the data's sensors (first: '717819'): is it the graph of another network?";
        } else if (row == "a matrix of another size") {
            fs::copy_file(graphFixture("adj_matrix_only.pkl"), pickle);
            problem = "weight matrix is 3 x 3 but the series has 4 sensors, and the file names none of them";
        } else if (bytes.isEmpty()) {
            fs::copy_file(graphFixture("adj_mx_py2.pkl"), pickle);
            fs::resize_file(pickle, 3000);
        } else {
            writeBytes(pickle, bytes.toStdString());
        }
        const QString wrong = testing::refusalMismatch([&] { loadDataset(folder.string()); }, {"adj_mx.pkl", problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_MAIN(TestGraphPickles)
#include "test_graph_pickles.moc"
