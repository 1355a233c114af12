// Reading options: they survive the settings file and come back when the file is reopened,
// and the dialog offers what fits the file (an interval and start without timestamps, a value
// column, a sheet, lane types), reads its entries and names the one it cannot read. The window
// rereading a dataset with them: test_rereading.
#include "dataset_settings.h"
#include "engine_controller.h"
#include "reading_options.h"
#include "reading_options_dialog.h"
#include "reading_options_fixtures.h"
#include "pems_fixtures.h"
#include "shared_path.h"
#include "window_test_support.h"


#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using himnet::LoadOptions;
using namespace reading_options_testing;


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
        QTest::newRow("a period") << readingPeriod("2015-01-11", "2015-02-01") << "steps from 2015-01-11 00:00:00 until 2015-02-01 00:00:00 UTC";
        QTest::newRow("from a time on") << readingPeriod("2015-01-11 06:00", "") << "steps from 2015-01-11 06:00:00 UTC on";
        QTest::newRow("up to a time") << readingPeriod("", "2015-02-01") << "steps before 2015-02-01 00:00:00 UTC";
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
        rememberHolidays(a, QStringLiteral("us"));
        rememberHolidays(b, dir.filePath(QStringLiteral("holidays.csv")));
        keepDatasetSettingsOnlyFor({b}); // a left the recent datasets
        QVERIFY(readingOptionsEmpty(rememberedReadingOptions(a)));
        QVERIFY(rememberedHolidays(a).isEmpty());
        QCOMPARE(rememberedReadingOptions(b).intervalSeconds, std::optional<int64_t>(3600));
        QCOMPARE(rememberedHolidays(b), dir.filePath(QStringLiteral("holidays.csv")));
        rememberReadingOptions(b, {});
        rememberHolidays(b, QString());
        QVERIFY(!QSettings().contains(QStringLiteral("datasetReadingOptions")));
        QVERIFY(!QSettings().contains(QStringLiteral("datasetHolidays")));
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

    // The period to read, typed as people type times (day first with the date order given); one
    // that ends before it begins, or a time that is none, is named and blocks "Read Again". The
    // placeholders show the steps the data has as read.
    void dialogReadsThePeriod_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("until");
        QTest::addColumn<QString>("dateOrder"); // the date-order box's data: "", "mdy" or "dmy"
        QTest::addColumn<LoadOptions>("expected");
        QTest::addColumn<QString>("problem"); // start of the message, or empty
        QTest::newRow("from a day on") << "2021-03-02" << "" << "" << readingPeriod("2021-03-02", "") << "";
        QTest::newRow("six hours") << " 2021-03-01 06:00 " << "2021-03-01T12:00:00Z" << ""
                                   << readingPeriod("2021-03-01 06:00", "2021-03-01 12:00") << "";
        QTest::newRow("day first, as the date order says") << "" << "2/3/2021" << "dmy" << readingPeriod("", "2021-03-02") << "";
        QTest::newRow("slashes without a date order") << "2/3/2021" << "" << "" << LoadOptions{} << "Read from: ";
        QTest::newRow("a time in words") << "" << "next week" << "" << LoadOptions{} << "Read until: cannot read 'next week'";
        QTest::newRow("ending before it begins") << "2021-03-02" << "2021-03-01" << "" << LoadOptions{}
                                                 << "Read until: 2021-03-01 00:00:00 is not after the time to read from, 2021-03-02 00:00:00";
    }

    void dialogReadsThePeriod()
    {
        QFETCH(QString, from);
        QFETCH(QString, until);
        QFETCH(QString, dateOrder);
        QFETCH(LoadOptions, expected);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const himnet::Dataset read = himnet::loadDataset(writeDetectorExport(dir).toStdString());
        ReadingOptionsDialog dialog({}, read);
        QCOMPARE(entry(dialog, "fromEdit")->placeholderText(), QStringLiteral("the first step: 2021-03-01 00:00:00"));
        QCOMPARE(entry(dialog, "untilEdit")->placeholderText(), QStringLiteral("to the last step: 2021-03-02 23:55:00"));
        auto* order = dialog.findChild<QComboBox*>(QStringLiteral("dateOrderBox"));
        order->setCurrentIndex(order->findData(dateOrder));
        entry(dialog, "fromEdit")->setText(from);
        entry(dialog, "untilEdit")->setText(until);
        QVERIFY2(problem.isEmpty() ? dialog.problem().isEmpty() : dialog.problem().startsWith(problem), qPrintable(dialog.problem()));
        QCOMPARE(readAgainButton(dialog)->isEnabled(), problem.isEmpty());
        if (!problem.isEmpty()) return;
        LoadOptions withOrder = expected;
        if (dateOrder == "dmy") withOrder.dateOrder = himnet::DateOrder::DayFirst;
        QVERIFY2(sameOptions(dialog.options(), withOrder), qPrintable(describeReadingOptions(dialog.options())));
        // Read with them, and opened again: the entries hold the period, the placeholders the
        // whole series' first and last step, where an empty entry reads from and to.
        const himnet::Dataset period = himnet::loadDataset(writeDetectorExport(dir).toStdString(), dialog.options());
        ReadingOptionsDialog again(dialog.options(), period);
        QVERIFY2(sameOptions(again.options(), withOrder), qPrintable(describeReadingOptions(again.options())));
        QCOMPARE(entry(again, "fromEdit")->placeholderText(), QStringLiteral("the first step: 2021-03-01 00:00:00"));
        QCOMPARE(entry(again, "untilEdit")->placeholderText(), QStringLiteral("to the last step: 2021-03-02 23:55:00"));
        again.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Reset)->click();
        QVERIFY(entry(again, "fromEdit")->text().isEmpty() && entry(again, "untilEdit")->text().isEmpty());
    }

    // A file without timestamps read for a period: the first timestamp shown is the file's
    // first row's, where the series starts, not the period's first step.
    void aPeriodLeavesTheFirstTimestampTheFiles()
    {
        QTemporaryDir dir;
        const LoadOptions secondDayOn = readingPeriod("2018-01-02", "");
        const himnet::Dataset read = himnet::loadDataset(writeCountsWithoutTimestamps(dir).toStdString(), secondDayOn);
        QCOMPARE(himnet::formatTimestamp(read.timestamps.front()), std::string("2018-01-02 00:00:00"));
        ReadingOptionsDialog dialog(secondDayOn, read);
        QCOMPARE(entry(dialog, "startEdit")->placeholderText(), QStringLiteral("2018-01-01 00:00:00 (used now)"));
        QCOMPARE(entry(dialog, "fromEdit")->text(), QStringLiteral("2018-01-02 00:00:00"));
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

};

QTEST_MAIN(TestReadingOptions)
#include "test_reading_options.moc"
