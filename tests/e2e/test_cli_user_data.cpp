// `himnet` on the files users bring, end to end: a traffic database's export (its rows in any
// order), a planner's workbook, a US feed's slashed dates, counts totalled into steps, and a
// folder of PeMS station files as the clearinghouse serves them, a calendar of holidays. Each
// is read, trained on for real (a tiny model), evaluated and, where the feed is short,
// forecast from.
#include "cli_run.h"
#include "export_fixtures.h"
#include "npz_fixtures.h"
#include "pems_fixtures.h"
#include "himnet/dataset.h"
#include "shared_path.h"
#include "test_paths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <utility>
#include <random>

using himnet::testing::CliRun;
using himnet::testing::runCli;

namespace {

/// The first three days of la-week as a traffic database exports them: a row per time and
/// detector (`time,detector,flow_proxy,speed`), the night of the second day absent (the export
/// server was down), readings of one detector left out for a day, rows `shuffled` or in time order.
void writeDetectorExport(const QString& path, bool shuffled)
{
    const himnet::Dataset week = himnet::loadDataset(himnet::testing::sharedPath("datasets/la-week/metr-la-week1.h5"));
    std::vector<std::string> rows;
    for (int64_t t = 0; t < 3 * 288; ++t) {
        if (t >= 288 + 12 * 0 && t < 288 + 12 * 5) continue; // 00:00-05:00 on day two
        for (int64_t n = 0; n < week.numNodes; ++n) {
            if (n == 4 && t < 288) continue;
            rows.push_back(himnet::formatTimestamp(week.timestamps[t]) + "," + week.sensorIds[n] + "," + std::to_string(100 - week.value(t, n))
                           + "," + std::to_string(week.value(t, n)));
        }
    }
    if (shuffled) std::shuffle(rows.begin(), rows.end(), std::mt19937(11));
    std::ofstream out(path.toStdString());
    out << "time,detector,flow_proxy,speed\n";
    for (const auto& row : rows) out << row << '\n';
}

} // namespace

class TestCliUserData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A model trained on one export of a network evaluates on another export of it whose rows
    // come in another order: the long table's sensors are ordered by id, not by row.
    void trainsOnADatabaseExport()
    {
        QTemporaryDir dir;
        const QString ordered = dir.filePath("export-a.csv"), shuffled = dir.filePath("export-b.csv"), checkpoint = dir.filePath("model.h5");
        writeDetectorExport(ordered, false);
        writeDetectorExport(shuffled, true);
        const CliRun info = runCli({"info", ordered, "--value-column", "speed", "--json"});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        const QJsonObject summary = QJsonDocument::fromJson(info.out.toUtf8()).object();
        QCOMPARE(summary["format"].toString(), QStringLiteral("long-csv"));
        QCOMPARE(summary["value_column"].toString(), QStringLiteral("speed"));
        QCOMPARE(summary["steps"].toInt(), 3 * 288);
        QCOMPARE(summary["sensors"].toInt(), 207);
        const QString notes = QJsonDocument(summary["notes"].toArray()).toJson();
        QVERIFY2(notes.contains("60 of 864 steps (6.9 %) are absent from the file") && notes.contains("(time, sensor) cells that no row gives"),
                 qPrintable(notes));
        const CliRun trained = runCli({"train", "--data", ordered, "--value-column", "speed", "--out", checkpoint, "--hidden", "8", "--epochs", "1",
                                    "--max-batches", "4", "--threads", "1"});
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        const CliRun evaluated = runCli({"evaluate", "--data", shuffled, "--value-column", "speed", "--checkpoint", checkpoint, "--json"});
        QVERIFY2(evaluated.exitCode == 0, qPrintable(evaluated.err));
        const double mae = QJsonDocument::fromJson(evaluated.out.toUtf8()).object()["all"].toObject()["mae"].toDouble();
        QVERIFY2(mae > 0 && mae < 100, qPrintable(evaluated.out));
        // A column the export does not have is refused, its columns named.
        const CliRun wrong = runCli({"evaluate", "--data", shuffled, "--value-column", "occupancy", "--checkpoint", checkpoint});
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.contains("export-b.csv: has no value column 'occupancy' (its value columns: flow_proxy, speed)"), qPrintable(wrong.err));
    }

    // The reference's data folders hold a split file (index.npz) beside the series: training
    // uses its windows, and the test split it measures on is the file's; --split-ratios splits
    // by time instead. Either way `himnet train` says how, with dates and windows.
    void trainsOnTheSplitFileBesideTheSeries()
    {
        QTemporaryDir dir;
        himnet::testing::copySzTaxi(dir.path().toStdString(), true);
        const QString data = dir.path(), checkpoint = dir.filePath("model.h5");
        const QStringList tiny{"--hidden", "8", "--epochs", "1", "--max-batches", "2", "--threads", "1"};
        const CliRun bySplitFile = runCli(QStringList{"train", "--data", data, "--out", checkpoint} + tiny);
        QVERIFY2(bySplitFile.exitCode == 0, qPrintable(bySplitFile.err));
        QVERIFY2(bySplitFile.err.contains("split by index.npz: train 2015-01-01 00:00 to 2015-01-22 01:30 (2000 windows), validation "
                                          "2015-01-22 08:30 to 2015-01-25 17:00 (300 windows), test 2015-01-26 00:00 to 2015-01-31 23:45 (553 windows)"),
                 qPrintable(bySplitFile.err));
        QVERIFY2(bySplitFile.out.contains("test split, 553 windows (2015-01-26 00:00 to 2015-01-31 23:45)"), qPrintable(bySplitFile.out));
        // The checkpoint keeps where the windows came from: evaluated again, the same test split.
        const CliRun evaluated = runCli({"evaluate", "--data", data, "--checkpoint", checkpoint, "--json"});
        QVERIFY2(evaluated.exitCode == 0, qPrintable(evaluated.err));
        const QJsonObject report = QJsonDocument::fromJson(evaluated.out.toUtf8()).object();
        QCOMPARE(report["windows"].toInt(), 553);
        QCOMPARE(report["period"].toObject()["from"].toString(), QStringLiteral("2015-01-26 00:00:00"));
        QCOMPARE(report["period"].toObject()["to"].toString(), QStringLiteral("2015-01-31 23:45:00"));
        const CliRun inspected = runCli({"inspect", checkpoint});
        QVERIFY2(inspected.out.contains("split        by index.npz (2000 / 300 / 553 windows, kept in the checkpoint)"), qPrintable(inspected.out));
        // It keeps the windows themselves: without the split file (a checkpoint copied to another
        // machine), it is measured on the same test windows and resumes on the same split.
        QVERIFY(QFile::remove(dir.filePath("index.npz")));
        const CliRun withoutFile = runCli({"evaluate", "--data", data, "--checkpoint", checkpoint, "--json"});
        QVERIFY2(withoutFile.exitCode == 0, qPrintable(withoutFile.err));
        const QJsonObject again = QJsonDocument::fromJson(withoutFile.out.toUtf8()).object();
        QCOMPARE(again["windows"].toInt(), 553);
        QCOMPARE(again["period"].toObject()["from"].toString(), QStringLiteral("2015-01-26 00:00:00"));
        QCOMPARE(again["all"].toObject()["mae"].toDouble(), report["all"].toObject()["mae"].toDouble());
        const CliRun resumed = runCli({"train", "--data", data, "--out", checkpoint, "--resume", "--epochs", "2", "--threads", "1"});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.err.contains("split by index.npz: train 2015-01-01 00:00 to 2015-01-22 01:30 (2000 windows)"), qPrintable(resumed.err));
        QVERIFY2(resumed.out.contains("test split, 553 windows"), qPrintable(resumed.out));

        const CliRun byTime = runCli(QStringList{"train", "--data", data, "--out", dir.filePath("by-time.h5"), "--split-ratios", "0.6,0.2"} + tiny);
        QVERIFY2(byTime.exitCode == 0, qPrintable(byTime.err));
        QVERIFY2(byTime.err.contains("split by time (60 / 20 / 20 %): train 2015-01-01 00:00 to "), qPrintable(byTime.err));
        QVERIFY2(byTime.out.contains("test split, 590 windows"), qPrintable(byTime.out));
        // Shares that leave no test period, or two ways to split at once, are refused.
        const CliRun noTest = runCli({"train", "--data", data, "--out", dir.filePath("never.h5"), "--split-ratios", "0.8,0.2"});
        QCOMPARE(noTest.exitCode, 2);
        QVERIFY2(noTest.err.contains("must each be above 0 and leave room for a test period"), qPrintable(noTest.err));
        const CliRun both = runCli({"train", "--data", data, "--out", dir.filePath("never.h5"), "--split-ratios", "0.6,0.2", "--split-file",
                                    dir.filePath("index.npz")});
        QCOMPARE(both.exitCode, 2);
        QVERIFY2(both.err.contains("excludes"), qPrintable(both.err));
    }

    // A planner's workbook, as LibreOffice Calc saved it (la-week's first day): read, trained on
    // and evaluated like any other file; a sheet it does not have is refused, its sheets named.
    void trainsOnAnExcelWorkbook()
    {
        QTemporaryDir dir;
        const QString workbook = QStringLiteral(HIMNET_TEST_DATA_DIR "/workbooks/la-day-wide.xlsx"), checkpoint = dir.filePath("model.h5");
        const CliRun info = runCli({"info", workbook, "--json"});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        const QJsonObject summary = QJsonDocument::fromJson(info.out.toUtf8()).object();
        QCOMPARE(summary["format"].toString(), QStringLiteral("wide-xlsx"));
        QCOMPARE(summary["sheet"].toString(), QStringLiteral("la-day-wide"));
        QCOMPARE(summary["steps"].toInt(), 288);
        QCOMPARE(summary["sensors"].toInt(), 207);
        const CliRun trained = runCli({"train", "--data", workbook, "--out", checkpoint, "--hidden", "8", "--epochs", "1", "--max-batches", "4",
                                    "--threads", "1"});
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        const CliRun evaluated = runCli({"evaluate", "--data", workbook, "--checkpoint", checkpoint, "--json"});
        QVERIFY2(evaluated.exitCode == 0, qPrintable(evaluated.err));
        const double mae = QJsonDocument::fromJson(evaluated.out.toUtf8()).object()["all"].toObject()["mae"].toDouble();
        QVERIFY2(mae > 0 && mae < 100, qPrintable(evaluated.out));
        const CliRun wrong = runCli({"info", workbook, "--sheet", "Counts"});
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.contains("la-day-wide.xlsx: has no sheet 'Counts' (its sheets: la-day-wide)"), qPrintable(wrong.err));
    }

    // The latest day of a US feed, "12/4/2026 08:05": its dates cannot tell month from day, so
    // info refuses it saying how to say which, and reads it with --date-order mdy as 4 December.
    void oneDayOfSlashedDatesIsReadInTheOrderSaid()
    {
        QTemporaryDir dir;
        const QString feed = dir.filePath("today.csv");
        {
            QFile file(feed);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QTextStream out(&file);
            out << "time,D1,D2\n";
            for (int t = 0; t < 288; ++t) out << QStringLiteral("12/4/2026 %1:%2,%3,%4\n").arg(t / 12, 2, 10, QLatin1Char('0')).arg(t % 12 * 5, 2, 10, QLatin1Char('0')).arg(50 + t % 7).arg(40 + t % 5);
        }
        const CliRun unsaid = runCli({"info", feed});
        QCOMPARE(unsaid.exitCode, 2);
        QVERIFY2(unsaid.err.contains("today.csv") && unsaid.err.contains("--date-order mdy or dmy"), qPrintable(unsaid.err));
        const CliRun said = runCli({"info", feed, "--json", "--date-order", "mdy"});
        QVERIFY2(said.exitCode == 0, qPrintable(said.err));
        const QJsonObject summary = QJsonDocument::fromJson(said.out.toUtf8()).object();
        QCOMPARE(summary["steps"].toInt(), 288);
        QVERIFY2(summary["start"].toString().startsWith("2026-12-04 00:00"), qPrintable(summary["start"].toString()));
    }

    // Counts from a traffic database every 5 minutes, totalled into 15-minute steps: info says
    // so, the model keeps it, and evaluating on the same counts averaged, or not combined at
    // all, is refused with the options that read them as the model was trained.
    void trainsOnCountsTotalledIntoSteps()
    {
        QTemporaryDir dir;
        const QString counts = dir.filePath("counts.csv"), checkpoint = dir.filePath("model.h5");
        writeDetectorExport(counts, false);
        const QStringList totalled{"--value-column", "flow_proxy", "--interval", "15min", "--aggregate", "sum"};
        const CliRun info = runCli(QStringList{"info", counts, "--json"} + totalled);
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        const QJsonObject summary = QJsonDocument::fromJson(info.out.toUtf8()).object();
        QCOMPARE(summary["aggregation"].toString(), QStringLiteral("sum"));
        QCOMPARE(summary["interval_seconds"].toInt(), 900);
        QCOMPARE(summary["steps"].toInt(), 3 * 96);
        const CliRun trained = runCli(QStringList{"train", "--data", counts, "--out", checkpoint, "--hidden", "8", "--epochs", "1", "--max-batches",
                                               "4", "--threads", "1"} + totalled);
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        const CliRun inspected = runCli({"inspect", checkpoint});
        QVERIFY2(inspected.out.contains("column 'flow_proxy', readings totalled into steps"), qPrintable(inspected.out));
        const CliRun evaluated = runCli(QStringList{"evaluate", "--data", counts, "--checkpoint", checkpoint, "--json"} + totalled);
        QVERIFY2(evaluated.exitCode == 0, qPrintable(evaluated.err));
        const CliRun averaged = runCli({"evaluate", "--data", counts, "--checkpoint", checkpoint, "--value-column", "flow_proxy", "--interval", "15min"});
        QCOMPARE(averaged.exitCode, 2);
        QVERIFY2(averaged.err.contains("model.h5: was trained on readings totalled into its steps; counts's were averaged (read them with "
                                       "--aggregate sum"),
                 qPrintable(averaged.err));
        const CliRun fine = runCli({"evaluate", "--data", counts, "--checkpoint", checkpoint, "--value-column", "flow_proxy"});
        QCOMPARE(fine.exitCode, 2);
        QVERIFY2(fine.err.contains("its readings can be totalled into the model's steps (--interval 15min --aggregate sum"), qPrintable(fine.err));

        // The latest hours of the feed are enough to forecast the next: 4 h of 5-minute counts,
        // too short for the training's splits, forecast from their last step.
        const QString latest = dir.filePath("latest.csv"), forecast = dir.filePath("next-hours.csv");
        {
            std::ifstream in(counts.toStdString());
            std::vector<std::string> lines;
            for (std::string line; std::getline(in, line);) lines.push_back(line);
            std::ofstream out(latest.toStdString());
            out << lines.front() << '\n';
            for (size_t i = lines.size() - 48 * 207; i < lines.size(); ++i) out << lines[i] << '\n';
        }
        const CliRun next = runCli(QStringList{"forecast", "--data", latest, "--checkpoint", checkpoint, "--out", forecast} + totalled);
        QVERIFY2(next.exitCode == 0, qPrintable(next.err));
        QFile written(forecast);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = written.readAll().trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + 12 * 207);
        QVERIFY2(rows[1].startsWith("2012-03-04 00:00:00,"), rows[1].constData()); // the step after the last observed, 23:45
        {
            std::ifstream in(latest.toStdString());
            std::vector<std::string> lines;
            for (std::string line; std::getline(in, line);) lines.push_back(line);
            std::ofstream out(latest.toStdString());
            for (size_t i = 0; i <= 12 * 207; ++i) out << lines[i] << '\n'; // the header and an hour: four steps
        }
        const CliRun tooShort = runCli(QStringList{"forecast", "--data", latest, "--checkpoint", checkpoint, "--out", forecast} + totalled);
        QCOMPARE(tooShort.exitCode, 2);
        QVERIFY2(tooShort.err.contains("latest.csv: has 4 steps; a forecast needs the 12 before it (3 h of readings)"), qPrintable(tooShort.err));
    }

    // Three days of District 7 as PeMS serves them (gzipped day files, the station list beside
    // them): info reads the folder as one series with its map, a tiny model trains on the
    // stations' speeds, and evaluates on them with its checkpoint saved in the same folder. A
    // model of the mainline alone is evaluated on the mainline alone.
    void trainsOnAFolderOfPemsDays()
    {
        QTemporaryDir dir;
        for (int day = 0; day < 3; ++day) himnet::testing::writePemsDay(dir, day);
        himnet::testing::writePemsStationList(dir);
        const QString folder = dir.path(), checkpoint = dir.filePath("model.h5");
        const CliRun info = runCli({"info", folder, "--value-column", "Avg Speed", "--json"});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        const QJsonObject summary = QJsonDocument::fromJson(info.out.toUtf8()).object();
        QCOMPARE(summary["format"].toString(), QStringLiteral("pems-station"));
        QCOMPARE(summary["value_column"].toString(), QStringLiteral("Avg Speed"));
        QCOMPARE(summary["steps"].toInt(), 3 * 288);
        QCOMPARE(summary["sensors"].toInt(), 207);
        QCOMPARE(summary["unit"].toString(), QStringLiteral("mph"));
        QVERIFY2(summary["coordinates"].toBool(), qPrintable(info.out));
        const CliRun mainline = runCli({"info", folder, "--lane-types", "ML", "--json"});
        QVERIFY2(mainline.exitCode == 0, qPrintable(mainline.err));
        QCOMPARE(QJsonDocument::fromJson(mainline.out.toUtf8()).object()["sensors"].toInt(), 165);
        const CliRun trained = runCli({"train", "--data", folder, "--value-column", "Avg Speed", "--out", checkpoint, "--hidden", "8",
                                       "--epochs", "1", "--max-batches", "4", "--threads", "1"});
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        // The model saved beside its data is no series of it.
        const CliRun again = runCli({"info", folder, "--value-column", "Avg Speed", "--json"});
        QVERIFY2(again.exitCode == 0 && again.out.contains("model.h5 is a HimNet Studio checkpoint (a trained model), not data: left out"),
                 qPrintable(again.out + again.err));
        const CliRun evaluated = runCli({"evaluate", "--data", folder, "--value-column", "Avg Speed", "--checkpoint", checkpoint, "--json"});
        QVERIFY2(evaluated.exitCode == 0, qPrintable(evaluated.err));
        const double mae = QJsonDocument::fromJson(evaluated.out.toUtf8()).object()["all"].toObject()["mae"].toDouble();
        QVERIFY2(mae > 0 && mae < 100, qPrintable(evaluated.out));

        // A model of the mainline alone keeps its lane types: the whole folder is another
        // network to it, and the refusal says how to read the folder as it was trained.
        const QString mainlineModel = dir.filePath("mainline.h5");
        const CliRun trainedMainline = runCli({"train", "--data", folder, "--lane-types", "ML", "--out", mainlineModel, "--hidden", "8",
                                               "--epochs", "1", "--max-batches", "2", "--threads", "1"});
        QVERIFY2(trainedMainline.exitCode == 0, qPrintable(trainedMainline.err));
        const CliRun inspected = runCli({"inspect", mainlineModel});
        QVERIFY2(inspected.out.contains("PeMS lane types ML"), qPrintable(inspected.out));
        const CliRun inspectedJson = runCli({"inspect", mainlineModel, "--json"});
        QCOMPARE(QJsonDocument::fromJson(inspectedJson.out.toUtf8()).object()["lane_types"].toArray(), QJsonArray{QStringLiteral("ML")});
        const CliRun allStations = runCli({"evaluate", "--data", folder, "--checkpoint", mainlineModel});
        QCOMPARE(allStations.exitCode, 2);
        QVERIFY2(allStations.err.contains("mainline.h5: was trained on the PeMS stations of lane types ML of")
                     && allStations.err.contains("is read for all lane types (read it with --lane-types ML"),
                 qPrintable(allStations.err));
        QCOMPARE(runCli({"evaluate", "--data", folder, "--checkpoint", mainlineModel, "--lane-types", "ml"}).exitCode, 0);
        const CliRun mainlineOfAll = runCli({"evaluate", "--data", folder, "--value-column", "Avg Speed", "--checkpoint", checkpoint, "--lane-types", "ML"});
        QCOMPARE(mainlineOfAll.exitCode, 2);
        QVERIFY2(mainlineOfAll.err.contains("(read it without --lane-types"), qPrintable(mainlineOfAll.err));
        // Data that is no PeMS folder has no lane types to read differently: the model is
        // refused for its sensors.
        const CliRun otherNetwork = runCli({"evaluate", "--data", QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")), "--checkpoint", mainlineModel});
        QCOMPARE(otherNetwork.exitCode, 2);
        QVERIFY2(otherNetwork.err.contains("mainline.h5: was trained on a network of 165 sensors; la-week has 207")
                     && !otherNetwork.err.contains("lane types"),
                 qPrintable(otherNetwork.err));
    }

    // A city whose Memorial Day traffic is a Sunday's: info lists the holiday with --holidays,
    // training keeps the calendar (inspect shows it), the same command resumed is accepted and
    // one with another calendar or starting model is refused, as is a holiday file with a bad line.
    void holidaysFollowTheModel()
    {
        QTemporaryDir dir;
        const QString city = dir.filePath("city"), checkpoint = dir.filePath("model.h5");
        const CliRun demo = runCli({"demo", "--out", city, "--sensors", "20", "--weeks", "2", "--start", "2024-05-20", "--holidays", "us"});
        QVERIFY2(demo.exitCode == 0, qPrintable(demo.err));
        const CliRun info = runCli({"info", city, "--holidays", "us"});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        QVERIFY2(info.out.contains("holidays      US federal holidays, 1 in the data: 2024-05-27 (Memorial Day) as a Sunday"), qPrintable(info.out));
        const QStringList tiny{"--hidden", "8", "--max-batches", "2", "--threads", "1"};
        const CliRun trained = runCli(QStringList{"train", "--data", city, "--out", checkpoint, "--epochs", "1", "--holidays", "us"} + tiny);
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        QVERIFY2(trained.err.contains("US federal holidays, 1 in the data: 2024-05-27 (Memorial Day) as a Sunday"), qPrintable(trained.err));
        const CliRun inspected = runCli({"inspect", checkpoint, "--json"});
        QCOMPARE(QJsonDocument::fromJson(inspected.out.toUtf8()).object()["holidays"].toObject()["name"].toString(), QStringLiteral("US federal holidays"));

        const CliRun sameAgain = runCli(QStringList{"train", "--data", city, "--out", checkpoint, "--epochs", "2", "--holidays", "us", "--resume"} + tiny);
        QVERIFY2(sameAgain.exitCode == 0, qPrintable(sameAgain.err));
        const QString file = dir.filePath("holidays.csv");
        std::ofstream(file.toStdString()) << "2024-05-27,Memorial Day\n";
        const CliRun otherCalendar = runCli(QStringList{"train", "--data", city, "--out", checkpoint, "--epochs", "3", "--holidays", file, "--resume"} + tiny);
        QCOMPARE(otherCalendar.exitCode, 2);
        QVERIFY2(otherCalendar.err.contains("--holidays " + file + " with --resume: model.h5 was trained with US federal holidays"), qPrintable(otherCalendar.err));
        const CliRun otherStart = runCli(QStringList{"train", "--data", city, "--out", checkpoint, "--epochs", "3", "--init-from", file, "--resume"} + tiny);
        QCOMPARE(otherStart.exitCode, 2);
        QVERIFY2(otherStart.err.contains("with --resume: model.h5 began from its seed's weights"), qPrintable(otherStart.err));

        // A fine-tuning keeps the calendar of the model it starts from, unless told otherwise: none too.
        for (const auto& [asked, kept] : {std::pair{QStringList(), QStringLiteral("US federal holidays")},
                                          std::pair{QStringList{"--holidays", "none"}, QString()}}) {
            const QString tuned = dir.filePath("tuned.h5");
            QFile::remove(tuned);
            const CliRun fineTuned = runCli(QStringList{"train", "--data", city, "--out", tuned, "--epochs", "1", "--init-from", checkpoint, "--max-batches", "2", "--threads", "1"} + asked);
            QVERIFY2(fineTuned.exitCode == 0, qPrintable(fineTuned.err));
            const CliRun tunedInspected = runCli({"inspect", tuned, "--json"});
            QCOMPARE(QJsonDocument::fromJson(tunedInspected.out.toUtf8()).object()["holidays"].toObject()["name"].toString(), kept);
        }

        std::ofstream(file.toStdString()) << "2024-05-27\n2024-05-32\n";
        const CliRun badFile = runCli(QStringList{"train", "--data", city, "--out", dir.filePath("other.h5"), "--epochs", "1", "--holidays", file} + tiny);
        QCOMPARE(badFile.exitCode, 2);
        QVERIFY2(badFile.err.contains(file + ": line 2: "), qPrintable(badFile.err));
        QVERIFY(!QFile::exists(dir.filePath("other.h5")));
    }
};

QTEST_MAIN(TestCliUserData)
#include "test_cli_user_data.moc"
