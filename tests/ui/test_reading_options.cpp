// Reading options: a file without timestamps is read at the interval and start the user
// gives, the options survive the settings file and come back when the file is reopened,
// the dialog reads its entries and names the one it cannot read, and the window rereads the
// dataset with them.
#include "engine_controller.h"
#include "reading_options.h"
#include "reading_options_dialog.h"
#include "pems_fixtures.h"
#include "shared_path.h"
#include "test_paths.h"
#include "window_test_support.h"

#include "himnet/errors.h"
#include "quick_training.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <functional>

using himnet::LoadOptions;

namespace {

LoadOptions optionsWith(std::optional<int64_t> interval, std::optional<int64_t> start, std::optional<float> missing,
                        std::optional<std::string> quantity, std::optional<std::string> unit)
{
    LoadOptions o;
    o.intervalSeconds = interval;
    o.startTime = start;
    o.missingValue = missing;
    o.quantity = std::move(quantity);
    o.unit = std::move(unit);
    return o;
}

LoadOptions readingColumn(const std::string& column)
{
    LoadOptions o;
    o.valueColumn = column;
    return o;
}

LoadOptions totalledInto(int64_t interval)
{
    LoadOptions o;
    o.intervalSeconds = interval;
    o.aggregation = himnet::Aggregation::Sum;
    return o;
}

LoadOptions readingDates(himnet::DateOrder order)
{
    LoadOptions o;
    o.dateOrder = order;
    return o;
}

LoadOptions readingLaneTypes(std::vector<std::string> types)
{
    LoadOptions o;
    o.laneTypes = std::move(types);
    return o;
}

LoadOptions readingSheet(const std::string& sheet)
{
    LoadOptions o;
    o.sheet = sheet;
    return o;
}

/// Made by openpyxl from la-week: sheets "Speeds" (a long table) and "Locations".
QString speedsWorkbook() { return QStringLiteral(HIMNET_TEST_DATA_DIR "/workbooks/la-long-1904.xlsx"); }

bool sameOptions(const LoadOptions& a, const LoadOptions& b)
{
    return a.intervalSeconds == b.intervalSeconds && a.startTime == b.startTime && a.missingValue == b.missingValue
        && a.quantity == b.quantity && a.unit == b.unit && a.valueColumn == b.valueColumn && a.sheet == b.sheet
        && a.aggregation == b.aggregation && a.dateOrder == b.dateOrder && a.laneTypes == b.laneTypes;
}

QString describe(const LoadOptions& o)
{
    return describeReadingOptions(o) + QStringLiteral(" [interval %1, start %2]")
                                           .arg(o.intervalSeconds ? QString::number(*o.intervalSeconds) : QStringLiteral("-"),
                                                o.startTime ? QString::number(*o.startTime) : QStringLiteral("-"));
}

/// Eight days of 15-minute counts at three sensors, in a CSV without timestamps: read as the
/// files say, it would be 5-minute steps from 2018-01-01.
QString writeCountsWithoutTimestamps(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("counts.csv"));
    std::ofstream out(path.toStdString());
    out << "north,centre,south\n";
    for (int t = 0; t < 8 * 96; ++t) out << 100 + t % 96 << ',' << 200 + t % 7 << ',' << (t % 50 == 0 ? -1 : 50 + t % 13) << '\n';
    return path;
}

/// Two days of three detectors as a traffic database exports them: a row per time and detector,
/// two value columns.
QString writeDetectorExport(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("detectors.csv"));
    std::ofstream out(path.toStdString());
    out << "timestamp,detector,flow,speed\n";
    for (int t = 0; t < 2 * 288; ++t)
        for (int d = 0; d < 3; ++d)
            out << himnet::formatTimestamp(himnet::parseTimestamp("2021-03-01") + t * 300) << ",D" << d << ',' << 20 + (t + d) % 30 << ','
                << 50 + (t * d) % 20 << '\n';
    return path;
}

LoadOptions countsAsTheyWereTaken()
{
    return optionsWith(900, himnet::parseTimestamp("2021-03-01"), -1.0f, std::string("flow"), std::string("veh/15 min"));
}

QLineEdit* entry(const ReadingOptionsDialog& dialog, const char* name) { return dialog.findChild<QLineEdit*>(QString::fromLatin1(name)); }

QPushButton* readAgainButton(const ReadingOptionsDialog& dialog)
{
    return dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

QPushButton* buttonLabelled(QWidget* dialog, const QString& text)
{
    for (auto* button : dialog->findChildren<QPushButton*>())
        if (button->text().remove(QLatin1Char('&')) == text) return button;
    return nullptr;
}

} // namespace

Q_DECLARE_METATYPE(LoadOptions)

class TestReadingOptions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { studio_testing::prepareStudioForTests(); }
    void cleanupTestCase() { studio_testing::removeStudioTestData(); }
    void init() { QSettings().clear(); }

    // Through the settings file (numbers come back as text there) and back, each option as it was.
    void optionsSurviveTheSettings_data()
    {
        QTest::addColumn<LoadOptions>("options");
        QTest::addColumn<QString>("description");
        QTest::newRow("none") << LoadOptions{} << "as the files say";
        QTest::newRow("interval") << optionsWith(900, {}, {}, {}, {}) << "every 15 min";
        QTest::newRow("hourly from a start") << optionsWith(3600, himnet::parseTimestamp("2021-03-01 06:00"), {}, {}, {})
                                             << "every 1 h, from 2021-03-01 06:00:00 UTC";
        QTest::newRow("missing marker") << optionsWith({}, {}, -1.0f, {}, {}) << "missing value -1";
        QTest::newRow("unit alone") << optionsWith({}, {}, {}, {}, std::string("km/h")) << "unit km/h";
        QTest::newRow("value column") << readingColumn("speed") << "column 'speed'";
        QTest::newRow("sheet") << readingSheet("Counts 2024 ") << "sheet 'Counts 2024 '";
        QTest::newRow("totalled") << totalledInto(900) << "every 15 min, totalled";
        QTest::newRow("dates month first") << readingDates(himnet::DateOrder::MonthFirst) << "dates month first";
        QTest::newRow("dates day first") << readingDates(himnet::DateOrder::DayFirst) << "dates day first";
        QTest::newRow("lane types") << readingLaneTypes({"ML", "HV"}) << "lane types ML, HV";
        QTest::newRow("everything") << countsAsTheyWereTaken()
                                    << "every 15 min, from 2021-03-01 00:00:00 UTC, missing value -1, flow (veh/15 min)";
    }

    void optionsSurviveTheSettings()
    {
        QFETCH(LoadOptions, options);
        QFETCH(QString, description);
        QCOMPARE(describeReadingOptions(options), description);
        QVERIFY2(sameOptions(readingOptionsFromVariant(readingOptionsToVariant(options)), options), qPrintable(describe(options)));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("counts.csv"));
        rememberReadingOptions(path, options);
        QSettings().sync();
        const LoadOptions back = rememberedReadingOptions(path);
        QVERIFY2(sameOptions(back, options), qPrintable(describe(back) + " != " + describe(options)));
        QVERIFY(readingOptionsEmpty(rememberedReadingOptions(dir.filePath(QStringLiteral("other.csv")))));
    }

    // Settings edited by hand, or written by another version, cannot set nonsense.
    void unreadableSettingsLeaveOptionsUnset()
    {
        const QVariantMap map{{QStringLiteral("intervalSeconds"), QStringLiteral("fifteen")},
                              {QStringLiteral("startTime"), QStringLiteral("")},
                              {QStringLiteral("missingValue"), QStringLiteral("nan")},
                              {QStringLiteral("quantity"), QStringLiteral("")}};
        QVERIFY(readingOptionsEmpty(readingOptionsFromVariant(map)));
        QVERIFY(readingOptionsEmpty(readingOptionsFromVariant({{QStringLiteral("intervalSeconds"), -300}})));
    }

    void emptyOptionsAndForgottenDatasetsLeaveNoTrace()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.csv")), b = dir.filePath(QStringLiteral("b.csv"));
        rememberReadingOptions(a, countsAsTheyWereTaken());
        rememberReadingOptions(b, optionsWith(3600, {}, {}, {}, {}));
        keepReadingOptionsOnlyFor({b}); // a left the recent datasets
        QVERIFY(readingOptionsEmpty(rememberedReadingOptions(a)));
        QCOMPARE(rememberedReadingOptions(b).intervalSeconds, std::optional<int64_t>(3600));
        rememberReadingOptions(b, {});
        QVERIFY(!QSettings().contains(QStringLiteral("datasetReadingOptions")));
    }

    // Each entry read as typed; the first one that cannot be read is named and blocks "Read Again".
    void dialogReadsItsEntries_data()
    {
        QTest::addColumn<QString>("interval");
        QTest::addColumn<QString>("start");
        QTest::addColumn<QString>("missing");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<LoadOptions>("expected");
        QTest::addColumn<QString>("problem"); // start of the message, or empty
        QTest::newRow("all empty: as the files say") << "" << "" << "" << "" << LoadOptions{} << "";
        QTest::newRow("as people write them")
            << "15 min" << "2021-03-01" << "-1" << " veh/15 min "
            << optionsWith(900, himnet::parseTimestamp("2021-03-01"), -1.0f, {}, std::string("veh/15 min")) << "";
        QTest::newRow("seconds and a day-first date") << "600" << "01.03.2021 06:00" << "" << ""
                                                      << optionsWith(600, himnet::parseTimestamp("2021-03-01 06:00"), {}, {}, {}) << "";
        QTest::newRow("interval in words") << "a quarter hour" << "" << "" << "" << LoadOptions{} << "Sampling interval: cannot read";
        QTest::newRow("interval that does not divide a day") << "7 min" << "" << "" << "" << optionsWith(420, {}, {}, {}, {})
                                                             << "Sampling interval: 7 min does not divide a day";
        QTest::newRow("start in words") << "" << "last Monday" << "" << "" << LoadOptions{} << "First timestamp: cannot read";
        QTest::newRow("marker not a number") << "" << "" << "n/a" << "" << LoadOptions{}
                                             << "Missing-value marker: cannot read 'n/a' as a number";
        QTest::newRow("marker not finite") << "" << "" << "inf" << "" << LoadOptions{} << "Missing-value marker: cannot read 'inf'";
    }

    void dialogReadsItsEntries()
    {
        QFETCH(QString, interval);
        QFETCH(QString, start);
        QFETCH(QString, missing);
        QFETCH(QString, unit);
        QFETCH(LoadOptions, expected);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const himnet::Dataset read = himnet::loadDataset(writeCountsWithoutTimestamps(dir).toStdString());
        ReadingOptionsDialog dialog({}, read);
        QVERIFY(entry(dialog, "intervalEdit")->isEnabled() && entry(dialog, "startEdit")->isEnabled());
        entry(dialog, "intervalEdit")->setText(interval);
        entry(dialog, "startEdit")->setText(start);
        entry(dialog, "missingEdit")->setText(missing);
        entry(dialog, "unitEdit")->setText(unit);
        QVERIFY2(problem.isEmpty() ? dialog.problem().isEmpty() : dialog.problem().startsWith(problem), qPrintable(dialog.problem()));
        QCOMPARE(readAgainButton(dialog)->isEnabled(), problem.isEmpty());
        auto* label = dialog.findChild<QLabel*>(QStringLiteral("problemLabel"));
        QCOMPARE(label->text(), dialog.problem());
        QCOMPARE(label->isVisibleTo(&dialog), !problem.isEmpty());
        if (problem.isEmpty()) QVERIFY2(sameOptions(dialog.options(), expected), qPrintable(describe(dialog.options())));
    }

    // PeMS station files offer their lane types, typed as people type them; an unknown one is
    // named and blocks "Read Again". Other files have no such row.
    void laneTypesAreOfferedForPemsFiles()
    {
        QTemporaryDir dir;
        const std::string day = himnet::testing::writePemsDay(dir, 0);
        const himnet::Dataset read = himnet::loadDataset(day, readingLaneTypes({"ML"}));
        ReadingOptionsDialog dialog(readingLaneTypes({"ML"}), read);
        QLineEdit* laneTypes = entry(dialog, "laneTypesEdit");
        QVERIFY(laneTypes->isVisibleTo(&dialog));
        QCOMPARE(laneTypes->text(), QStringLiteral("ML"));
        laneTypes->setText(QStringLiteral("ml hv"));
        QVERIFY(dialog.problem().isEmpty());
        QCOMPARE(dialog.options().laneTypes, (std::vector<std::string>{"ML", "HV"}));
        laneTypes->setText(QStringLiteral("ML, ramps"));
        QVERIFY2(dialog.problem().startsWith(QStringLiteral("Lane types: 'RAMPS' is no PeMS lane type")), qPrintable(dialog.problem()));
        QVERIFY(!readAgainButton(dialog)->isEnabled());

        const himnet::Dataset counts = himnet::loadDataset(writeCountsWithoutTimestamps(dir).toStdString());
        ReadingOptionsDialog plain({}, counts);
        QVERIFY(!entry(plain, "laneTypesEdit")->isVisibleTo(&plain));
    }

    // Opened again, the dialog shows the options in use and gives them back unchanged; what the
    // reader assumed is listed, and "As the Files Say" empties every entry.
    void dialogStartsFromTheOptionsInUse()
    {
        QTemporaryDir dir;
        const std::string path = writeCountsWithoutTimestamps(dir).toStdString();
        const himnet::Dataset assumed = himnet::loadDataset(path);
        ReadingOptionsDialog first({}, assumed);
        auto* notes = first.findChild<QLabel*>(QStringLiteral("notesLabel"));
        QVERIFY(notes->isVisibleTo(&first));
        QVERIFY2(notes->text().contains(QStringLiteral("assumed 5-minute steps")), qPrintable(notes->text()));
        QVERIFY2(entry(first, "intervalEdit")->placeholderText().contains(QStringLiteral("5 min")),
                 qPrintable(entry(first, "intervalEdit")->placeholderText()));

        const LoadOptions inUse = countsAsTheyWereTaken();
        const himnet::Dataset read = himnet::loadDataset(path, inUse);
        ReadingOptionsDialog again(inUse, read);
        QCOMPARE(entry(again, "intervalEdit")->text(), QStringLiteral("15 min"));
        QCOMPARE(entry(again, "startEdit")->text(), QStringLiteral("2021-03-01 00:00:00"));
        QVERIFY2(sameOptions(again.options(), inUse), qPrintable(describe(again.options())));
        QVERIFY(!again.findChild<QLabel*>(QStringLiteral("notesLabel"))->isVisibleTo(&again)); // nothing assumed now
        again.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Reset)->click();
        QVERIFY(readingOptionsEmpty(again.options()));
        for (const char* name : {"intervalEdit", "startEdit", "missingEdit", "quantityEdit", "unitEdit"})
            QVERIFY2(entry(again, name)->text().isEmpty(), name);
    }

    // Files with timestamps say when every reading was taken: a start given as well could only
    // contradict them, so that entry is off and gives nothing. An interval makes longer steps
    // of their readings, and the window reads la-week's 5-minute speeds as 15-minute means.
    void startIsOffAndIntervalAveragesWhenTheFilesHaveTimestamps()
    {
        const QString laWeek = QString::fromStdString(himnet::testing::sharedPath("datasets/la-week"));
        const himnet::Dataset read = himnet::loadDataset(laWeek.toStdString());
        ReadingOptionsDialog dialog({}, read);
        QLineEdit* interval = entry(dialog, "intervalEdit");
        QLineEdit* start = entry(dialog, "startEdit");
        QVERIFY(interval->isEnabled() && !start->isEnabled());
        QVERIFY2(interval->placeholderText().contains(QStringLiteral("from the timestamps: 5 min")), qPrintable(interval->placeholderText()));
        QVERIFY2(interval->toolTip().contains(QStringLiteral("combines their readings")), qPrintable(interval->toolTip()));
        interval->setText(QStringLiteral("15 min"));
        start->setText(QStringLiteral("2020-01-01"));
        entry(dialog, "unitEdit")->setText(QStringLiteral("km/h"));
        QCOMPARE(dialog.options().intervalSeconds, std::optional<int64_t>(900));
        QVERIFY(!dialog.options().startTime);
        QCOMPARE(dialog.options().unit, std::optional<std::string>("km/h"));

        MainWindow window;
        window.show();
        window.openDataset(laWeek, optionsWith(900, {}, {}, {}, {}), /*confirm=*/false);
        studio_testing::waitForDataset(window);
        const himnet::Dataset& d = window.session()->data();
        QCOMPARE(d.intervalSeconds, int64_t(900));
        QCOMPARE(d.numSteps, read.numSteps / 3);
        QVERIFY(std::abs(d.value(1, 0) - (read.value(3, 0) + read.value(4, 0) + read.value(5, 0)) / 3.0f) < 1e-4f);
    }

    // Readings combined into longer steps are averaged unless the user says they are counts:
    // the choice is offered only for files with timestamps, and only while an interval is
    // entered; the window then reads la-week's 5-minute readings as 15-minute totals.
    void combiningIsOfferedWithAnInterval()
    {
        const QString laWeek = QString::fromStdString(himnet::testing::sharedPath("datasets/la-week"));
        const himnet::Dataset read = himnet::loadDataset(laWeek.toStdString());
        ReadingOptionsDialog dialog({}, read);
        auto* aggregate = dialog.findChild<QComboBox*>(QStringLiteral("aggregateBox"));
        QVERIFY(aggregate->isVisibleTo(&dialog));
        QVERIFY(!aggregate->isEnabled()); // no interval entered: each step is one reading
        QCOMPARE(aggregate->count(), 2);
        entry(dialog, "intervalEdit")->setText(QStringLiteral("15 min"));
        QVERIFY(aggregate->isEnabled());
        QVERIFY(!dialog.options().aggregation);
        aggregate->setCurrentIndex(1);
        QVERIFY2(sameOptions(dialog.options(), totalledInto(900)), qPrintable(describe(dialog.options())));
        entry(dialog, "intervalEdit")->clear();
        QVERIFY(!dialog.options().aggregation); // nothing to total without a longer step
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Reset)->click();
        QCOMPARE(aggregate->currentIndex(), 0);

        ReadingOptionsDialog again(totalledInto(900), read); // the options in use come back
        QCOMPARE(again.findChild<QComboBox*>(QStringLiteral("aggregateBox"))->currentIndex(), 1);
        QVERIFY2(sameOptions(again.options(), totalledInto(900)), qPrintable(describe(again.options())));

        QTemporaryDir dir; // a file without timestamps: each row is one step, nothing to combine
        ReadingOptionsDialog plain({}, himnet::loadDataset(writeCountsWithoutTimestamps(dir).toStdString()));
        QVERIFY(!plain.findChild<QComboBox*>(QStringLiteral("aggregateBox"))->isVisibleTo(&plain));

        MainWindow window;
        window.show();
        window.openDataset(laWeek, totalledInto(900), /*confirm=*/false);
        studio_testing::waitForDataset(window);
        const himnet::Dataset& d = window.session()->data();
        QCOMPARE(d.numSteps, read.numSteps / 3);
        QCOMPARE(d.aggregation, std::optional<himnet::Aggregation>(himnet::Aggregation::Sum));
        QVERIFY(std::abs(d.value(1, 0) - (read.value(3, 0) + read.value(4, 0) + read.value(5, 0))) < 1e-3f);
        QCOMPARE(rememberedReadingOptions(laWeek).aggregation, std::optional<himnet::Aggregation>(himnet::Aggregation::Sum));
    }

    // A long table with several value columns offers them; the one chosen is read, and "As the
    // Files Say" goes back to the file's default. A wide file has no column to choose.
    void valueColumnIsOfferedForLongTables()
    {
        QTemporaryDir dir;
        const himnet::Dataset read = himnet::loadDataset(writeDetectorExport(dir).toStdString());
        QCOMPARE(read.valueColumn, std::string("flow"));
        ReadingOptionsDialog dialog({}, read);
        auto* columns = dialog.findChild<QComboBox*>(QStringLiteral("valueColumnBox"));
        QVERIFY(columns && columns->isEnabled());
        QCOMPARE(columns->count(), 3);
        QCOMPARE(columns->itemText(0), QStringLiteral("as the file says: flow"));
        QVERIFY(!dialog.options().valueColumn);
        columns->setCurrentIndex(columns->findText(QStringLiteral("speed")));
        QCOMPARE(dialog.options().valueColumn, std::optional<std::string>("speed"));
        QVERIFY(readAgainButton(dialog)->isEnabled());
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Reset)->click();
        QCOMPARE(columns->currentIndex(), 0);
        QVERIFY(readingOptionsEmpty(dialog.options()));

        ReadingOptionsDialog chosen(readingColumn("speed"), himnet::loadDataset(writeDetectorExport(dir).toStdString(), readingColumn("speed")));
        QCOMPARE(chosen.findChild<QComboBox*>(QStringLiteral("valueColumnBox"))->currentText(), QStringLiteral("speed"));
        QCOMPARE(chosen.findChild<QComboBox*>(QStringLiteral("valueColumnBox"))->itemText(0), QStringLiteral("as the file says"));
        QVERIFY(sameOptions(chosen.options(), readingColumn("speed")));

        ReadingOptionsDialog wide({}, himnet::loadDataset(writeCountsWithoutTimestamps(dir).toStdString()));
        QVERIFY(!wide.findChild<QComboBox*>(QStringLiteral("valueColumnBox"))->isEnabled());
        QVERIFY(!wide.options().valueColumn);
    }

    // An Excel workbook of several sheets offers them. The value columns listed are the sheet's
    // read now, so choosing another sheet goes back to its default column until it is read.
    void sheetIsOfferedForWorkbooks()
    {
        const himnet::Dataset read = himnet::loadDataset(speedsWorkbook().toStdString());
        ReadingOptionsDialog dialog({}, read);
        auto* sheets = dialog.findChild<QComboBox*>(QStringLiteral("sheetBox"));
        auto* columns = dialog.findChild<QComboBox*>(QStringLiteral("valueColumnBox"));
        QVERIFY(sheets && sheets->isEnabled() && columns->isEnabled());
        QCOMPARE(sheets->count(), 3);
        QCOMPARE(sheets->itemText(0), QStringLiteral("the first: Speeds"));
        QVERIFY(!dialog.options().sheet);
        columns->setCurrentIndex(columns->findText(QStringLiteral("Volume")));
        sheets->setCurrentIndex(sheets->findText(QStringLiteral("Locations")));
        QCOMPARE(dialog.options().sheet, std::optional<std::string>("Locations"));
        QVERIFY(!dialog.options().valueColumn);
        QVERIFY(!columns->isEnabled());
        sheets->setCurrentIndex(sheets->findText(QStringLiteral("Speeds")));
        QVERIFY(columns->isEnabled());
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Reset)->click();
        QVERIFY(readingOptionsEmpty(dialog.options()));

        QTemporaryDir dir;
        ReadingOptionsDialog csv({}, himnet::loadDataset(writeCountsWithoutTimestamps(dir).toStdString()));
        QVERIFY(!csv.findChild<QComboBox*>(QStringLiteral("sheetBox"))->isVisibleTo(&csv)); // no sheets, no row
        QVERIFY(sheets->isVisibleTo(&dialog));
        QVERIFY(!csv.options().sheet);
    }

    // The window reads the sheet asked for, says so, and reads it again at the next start.
    void windowReadsTheSheetAskedFor()
    {
        MainWindow window;
        window.show();
        window.openDataset(speedsWorkbook(), /*confirm=*/false);
        studio_testing::waitForDataset(window);
        QCOMPARE(window.session()->data().sheet, std::string("Speeds"));
        QVERIFY(window.session()->data().hasLocations()); // from its sheet "Locations"
        window.openDataset(speedsWorkbook(), readingSheet("Locations"), /*confirm=*/false);
        studio_testing::waitForDataset(window);
        QCOMPARE(window.session()->data().sheet, std::string("Locations"));
        QCOMPARE(window.session()->data().numNodes, int64_t(3)); // id, latitude, longitude read as a series
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.contains(QStringLiteral("sheet 'Locations'")), qPrintable(status));

        MainWindow reopened;
        reopened.openStartupDataset();
        studio_testing::waitForDataset(reopened);
        QCOMPARE(reopened.session()->data().sheet, std::string("Locations"));
    }

    // The window reads the column asked for, says so, and reads it again at the next start.
    void windowReadsTheColumnAskedFor()
    {
        QTemporaryDir dir;
        const QString path = writeDetectorExport(dir);
        MainWindow window;
        window.show();
        window.openDataset(path, /*confirm=*/false);
        studio_testing::waitForDataset(window);
        QCOMPARE(window.session()->data().valueColumn, std::string("flow"));
        QCOMPARE(window.session()->data().numNodes, int64_t(3));
        window.openDataset(path, readingColumn("speed"), /*confirm=*/false);
        studio_testing::waitForDataset(window);
        const himnet::Dataset& d = window.session()->data();
        QCOMPARE(d.valueColumn, std::string("speed"));
        QCOMPARE(d.quantity, std::string("speed"));
        QCOMPARE(d.value(1, d.indexOf("D1")), 51.0f);
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.contains(QStringLiteral("column 'speed'")), qPrintable(status));

        MainWindow reopened;
        reopened.openStartupDataset();
        studio_testing::waitForDataset(reopened);
        QCOMPARE(reopened.session()->data().valueColumn, std::string("speed"));
    }

    // The window reads the file as told, remembers it, reads it the same way when it is opened
    // again (recent menu, next start), and forgets nothing when the demo city is shown between.
    void windowRereadsAndRemembers()
    {
        QTemporaryDir dir;
        const QString path = writeCountsWithoutTimestamps(dir);
        MainWindow window;
        window.show();
        auto* action = window.findChild<QAction*>(QStringLiteral("actionReadingOptions"));
        QVERIFY(action);

        window.openDataset(path, /*confirm=*/false);
        studio_testing::waitForDataset(window);
        QCOMPARE(window.session()->data().intervalSeconds, int64_t(300)); // as assumed
        QVERIFY(action->isEnabled());

        window.openDataset(path, countsAsTheyWereTaken(), /*confirm=*/false);
        studio_testing::waitForDataset(window);
        const himnet::Dataset& d = window.session()->data();
        QCOMPARE(d.intervalSeconds, int64_t(900));
        QCOMPARE(d.stepsPerDay(), int64_t(96));
        QCOMPARE(d.timestamps.front(), himnet::parseTimestamp("2021-03-01"));
        QCOMPARE(d.unit, std::string("veh/15 min"));
        QVERIFY(d.isMissing(0, 2)); // -1 marks a missing reading
        QVERIFY(d.notes.empty());
        QCOMPARE(window.datasetPath(), path);
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.contains(QStringLiteral("Read every 15 min, from 2021-03-01 00:00:00 UTC")), qPrintable(status));
        QVERIFY(sameOptions(window.datasetReadingOptions(), countsAsTheyWereTaken()));

        window.openDemoCity();
        studio_testing::waitForDataset(window);
        QVERIFY(!action->isEnabled()); // the demo city is generated, not read
        QVERIFY(window.datasetPath().isEmpty());

        MainWindow reopened; // as at the next start
        reopened.openStartupDataset();
        studio_testing::waitForDataset(reopened);
        QCOMPARE(reopened.datasetPath(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(reopened.session()->data().intervalSeconds, int64_t(900));
        QCOMPARE(reopened.session()->data().timestamps.front(), himnet::parseTimestamp("2021-03-01"));
    }

    // As a user opens a file: the summary says what was assumed and offers the reading
    // options; the file is read again with them and the summary asks once more.
    void openingAFileOffersTheReadingOptions()
    {
        QTemporaryDir dir;
        const QString path = writeCountsWithoutTimestamps(dir);
        MainWindow window;
        window.show();
        qunsetenv("HIMNET_NO_DIALOGS");
        // Should a step below fail, the dialog it left open is closed and the checks report it.
        QTimer::singleShot(60000, &window, [] {
            if (QWidget* stuck = QApplication::activeModalWidget()) stuck->close();
        });
        QStringList summaries;
        bool optionsClicked = false, readAgain = false;
        studio_testing::whenShown<QMessageBox>([&](QMessageBox* first) {
            summaries << first->text();
            QPushButton* options = buttonLabelled(first, QStringLiteral("Reading Options…"));
            QVERIFY(options);
            optionsClicked = true;
            studio_testing::whenShown<ReadingOptionsDialog>([&](ReadingOptionsDialog* dialog) {
                entry(*dialog, "intervalEdit")->setText(QStringLiteral("15 min"));
                entry(*dialog, "startEdit")->setText(QStringLiteral("2021-03-01"));
                readAgain = readAgainButton(*dialog)->isEnabled();
                studio_testing::whenShown<QMessageBox>([&](QMessageBox* second) {
                    summaries << second->text();
                    second->button(QMessageBox::Open)->click();
                });
                readAgainButton(*dialog)->click();
            });
            options->click();
        });
        window.openDataset(path);
        studio_testing::waitForDataset(window);
        qputenv("HIMNET_NO_DIALOGS", "1");
        QVERIFY(optionsClicked && readAgain);
        QCOMPARE(summaries.size(), 2);
        QVERIFY2(summaries[0].contains(QStringLiteral("every 5 min")) && summaries[0].contains(QStringLiteral("assumed 5-minute steps")),
                 qPrintable(summaries[0]));
        QVERIFY2(summaries[1].contains(QStringLiteral("every 15 min")) && summaries[1].contains(QStringLiteral("2021-03-01 00:00:00")),
                 qPrintable(summaries[1]));
        QCOMPARE(window.session()->data().intervalSeconds, int64_t(900));
        QCOMPARE(rememberedReadingOptions(path).startTime, std::optional<int64_t>(himnet::parseTimestamp("2021-03-01")));
    }

    // A model of 15-minute steps opened on that CSV read at the assumed 5 minutes: the window
    // reads the file again at the model's interval, remembers it, and opens the model. A file
    // whose timestamps say 5 minutes is read again with its readings combined into the model's
    // steps as the model's were: averaged, or totalled for a model of totals (also when they
    // had been averaged into 15-minute steps already). A file of hourly timestamps is not read
    // again: the model is refused, in words.
    void checkpointOfOtherStepsIsOpenedAfterReadingAgain_data()
    {
        QTest::addColumn<bool>("timestamps");
        QTest::addColumn<int>("stampedEvery"); // seconds between timestamps
        QTest::addColumn<bool>("modelOfTotals");
        QTest::addColumn<int>("openedEvery");  // the interval the window first reads the file at; 0: as the file says
        QTest::newRow("no timestamps: read again") << false << 0 << false << 0;
        QTest::newRow("5-minute timestamps: averaged into the model's 15-minute steps") << true << 300 << false << 0;
        QTest::newRow("5-minute timestamps, a model of totals: totalled into its steps") << true << 300 << true << 0;
        QTest::newRow("averaged into 15-minute steps, a model of totals: totalled instead") << true << 300 << true << 900;
        QTest::newRow("hourly timestamps: refused") << true << 3600 << false << 0;
    }

    void checkpointOfOtherStepsIsOpenedAfterReadingAgain()
    {
        QFETCH(bool, timestamps);
        QFETCH(int, stampedEvery);
        QFETCH(bool, modelOfTotals);
        QFETCH(int, openedEvery);
        QTemporaryDir dir;
        const QString path = writeCountsWithoutTimestamps(dir);
        QString opened = path;
        if (timestamps) { // the same counts with timestamps
            opened = dir.filePath(QStringLiteral("stamped.csv"));
            std::ifstream in(path.toStdString());
            std::ofstream out(opened.toStdString());
            std::string line;
            std::getline(in, line);
            out << "timestamp," << line << '\n';
            for (int64_t t = himnet::parseTimestamp("2021-03-01"); std::getline(in, line); t += stampedEvery)
                out << himnet::formatTimestamp(t) << ',' << line << '\n';
        }
        const std::string checkpoint = dir.filePath(QStringLiteral("counts-15min.h5")).toStdString();
        {
            himnet::TrainingOptions o = himnet::testing::quickOptions(checkpoint, 8);
            o.epochs = 1;
            o.maxBatchesPerEpoch = 2;
            LoadOptions totals = optionsWith(900, {}, -1.0f, {}, {});
            totals.aggregation = himnet::Aggregation::Sum;
            const himnet::Dataset trainedOn = modelOfTotals ? himnet::loadDataset(opened.toStdString(), totals)
                                                            : himnet::loadDataset(path.toStdString(), countsAsTheyWereTaken());
            himnet::train(std::make_shared<const himnet::Dataset>(trainedOn), o);
        }
        MainWindow window;
        window.show();
        window.openDataset(opened, optionsWith(openedEvery ? std::optional<int64_t>(openedEvery) : std::nullopt, {}, {}, {}, {}),
                           /*confirm=*/false);
        studio_testing::waitForDataset(window);
        const int64_t readEvery = openedEvery ? openedEvery : timestamps ? stampedEvery : 300;
        QCOMPARE(window.session()->data().intervalSeconds, readEvery);
        QSignalSpy failed(window.engine(), &EngineController::failed);
        QSignalSpy needsSteps(window.engine(), &EngineController::modelNeedsSteps);
        window.openCheckpoint(QString::fromStdString(checkpoint));
        QVERIFY(needsSteps.wait(60000));
        QCOMPARE(needsSteps.first().at(1).toLongLong(), qlonglong(900));
        QCOMPARE(needsSteps.first().at(2).toString(), modelOfTotals ? QStringLiteral("sum") : QString());
        if (stampedEvery == 3600) { // coarser than the model: nothing to read it at
            const QString message = window.statusBar()->currentMessage(); // and a dialog, where dialogs are allowed
            QVERIFY2(message.contains(QStringLiteral("was trained with 96 steps per day (every 15 min)")), qPrintable(message));
            QVERIFY(!window.session()->hasModel());
            QCOMPARE(window.session()->data().intervalSeconds, int64_t(3600));
            return;
        }
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        const himnet::Dataset& d = window.session()->data();
        QCOMPARE(d.intervalSeconds, int64_t(900));
        QCOMPARE(rememberedReadingOptions(opened).intervalSeconds, std::optional<int64_t>(900));
        if (!timestamps) return;
        QCOMPARE(d.numSteps, int64_t(8 * 96 / 3)); // 5-minute readings, three to a step
        // The north sensor counts 100 + (step of the day): 103, 104 and 105 make the second step.
        const auto combined = modelOfTotals ? std::optional<himnet::Aggregation>(himnet::Aggregation::Sum)
                                            : std::optional<himnet::Aggregation>(himnet::Aggregation::Mean);
        QCOMPARE(d.aggregation, combined);
        QCOMPARE(d.value(1, 0), modelOfTotals ? 312.0f : 104.0f);
        QCOMPARE(rememberedReadingOptions(opened).aggregation, modelOfTotals ? combined : std::nullopt);
    }

    // Options the file contradicts (a 7-minute interval, which no day divides) are refused with
    // the file's name, and the dataset shown stays, read as before.
    void optionsThatCannotApplyKeepTheDatasetShown()
    {
        QTemporaryDir dir;
        const QString path = writeCountsWithoutTimestamps(dir);
        MainWindow window;
        window.show();
        window.openDataset(path, countsAsTheyWereTaken(), /*confirm=*/false);
        studio_testing::waitForDataset(window);
        QSignalSpy failed(window.engine(), &EngineController::failed);
        window.openDataset(path, optionsWith(420, {}, {}, {}, {}), /*confirm=*/false);
        QVERIFY(failed.wait(60000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("counts.csv")) && message.contains(QStringLiteral("does not divide a day")), qPrintable(message));
        QCOMPARE(window.session()->data().intervalSeconds, int64_t(900));
        QCOMPARE(rememberedReadingOptions(path).intervalSeconds, std::optional<int64_t>(900));
    }
};

QTEST_MAIN(TestReadingOptions)
#include "test_reading_options.moc"
