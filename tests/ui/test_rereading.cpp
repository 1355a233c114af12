// The window rereads a dataset with reading options: the sheet and column asked for, said
// and remembered for the next start; the options offered when a file is opened; a checkpoint
// of other steps opened once the data are read again at its steps, and a model of another
// period once they are read over its period; the days before a change of level left out;
// options the file contradicts refused while the dataset shown stays.
#include "engine_controller.h"
#include "reading_options.h"
#include "reading_options_dialog.h"
#include "reading_options_fixtures.h"
#include "window_test_support.h"

#include "npz_fixtures.h"
#include "quick_training.h"
#include "patience.h"

#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QtTest>

#include <fstream>

using himnet::LoadOptions;
using namespace reading_options_testing;

Q_DECLARE_METATYPE(LoadOptions)

class TestRereading : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { studio_testing::prepareStudioForTests(); }
    void cleanupTestCase() { studio_testing::removeStudioTestData(); }
    void init() { QSettings().clear(); }

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
        studio_testing::letWindowAsk(window);
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

    // sz-taxi's speeds settle at another level on 11 January and stay there: the summary offers
    // to read it from then on, and the window reads that period, asks once more (no change of
    // level in it now) and remembers it for the file.
    void aChangeOfLevelIsOfferedToBeLeftOut()
    {
        QTemporaryDir dir;
        himnet::testing::copySzTaxi(dir.path().toStdString(), false);
        MainWindow window;
        window.show();
        studio_testing::letWindowAsk(window);
        QStringList summaries;
        bool laterLevelOffered = false, offeredAgain = true;
        studio_testing::whenShown<QMessageBox>([&](QMessageBox* first) {
            summaries << first->text();
            QPushButton* laterLevel = buttonLabelled(first, QStringLiteral("Read from 2015-01-11 On"));
            laterLevelOffered = laterLevel != nullptr;
            studio_testing::whenShown<QMessageBox>([&](QMessageBox* second) {
                summaries << second->text();
                offeredAgain = buttonLabelled(second, QStringLiteral("Read from 2015-01-11 On")) != nullptr;
                second->button(QMessageBox::Open)->click();
            });
            if (laterLevel) laterLevel->click();
            else first->button(QMessageBox::Open)->click();
        });
        window.openDataset(dir.path());
        studio_testing::waitForDataset(window);
        qputenv("HIMNET_NO_DIALOGS", "1");
        QVERIFY(laterLevelOffered);
        QVERIFY(!offeredAgain);
        QCOMPARE(summaries.size(), 2);
        QVERIFY2(summaries[0].contains(QStringLiteral("the readings change level")), qPrintable(summaries[0]));
        QVERIFY2(summaries[1].contains(QStringLiteral("2015-01-11 00:00:00 … 2015-01-31 23:45:00 UTC"))
                     && !summaries[1].contains(QStringLiteral("the readings change level")),
                 qPrintable(summaries[1]));
        QCOMPARE(window.session()->data().timestamps.front(), himnet::parseTimestamp("2015-01-11"));
        QCOMPARE(rememberedReadingOptions(dir.path()).from, std::optional<int64_t>(himnet::parseTimestamp("2015-01-11")));
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
        QVERIFY(needsSteps.wait(himnet::testing::patience(60000)));
        QCOMPARE(needsSteps.first().at(1).toLongLong(), qlonglong(900));
        QCOMPARE(needsSteps.first().at(2).toString(), modelOfTotals ? QStringLiteral("sum") : QString());
        if (stampedEvery == 3600) { // coarser than the model: nothing to read it at
            const QString message = window.statusBar()->currentMessage(); // and a dialog, where dialogs are allowed
            QVERIFY2(message.contains(QStringLiteral("was trained with 96 steps per day (every 15 min)")), qPrintable(message));
            QVERIFY(!window.session()->hasModel());
            QCOMPARE(window.session()->data().intervalSeconds, int64_t(3600));
            return;
        }
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), himnet::testing::patience(60000));
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

    // A model trained on sz-taxi's last three weeks, opened on the whole month, would be tested
    // on steps it trained on; one that keeps the windows of a split file, opened on the last
    // three weeks, on none. The window offers to read the month as for the model's training and
    // opens it there, or opens it on the data as read, where the metrics say why they mislead.
    // Read over a period it never trained on, it opens without a question.
    void aModelOpenedOnAnotherPeriodOffersItsOwn_data()
    {
        QTest::addColumn<bool>("splitFile");   // trained on the whole month's index.npz windows
        QTest::addColumn<QString>("trainedFrom");
        QTest::addColumn<QString>("readFrom");  // as the window first reads the month
        QTest::addColumn<QString>("readUntil");
        QTest::addColumn<bool>("offered");
        QTest::addColumn<bool>("readItsPeriod"); // the answer
        QTest::addColumn<QString>("noteThen");   // in the metrics' notes, or the reason for none
        QTest::newRow("tested on steps it trained on: its period read") << false << "2015-01-11" << "" << "" << true << true << "";
        QTest::newRow("tested on steps it trained on: kept as read")
            << false << "2015-01-11" << "" << "" << true << false << "test windows forecast steps the model trained on";
        QTest::newRow("windows that number other steps: the month read") << true << "" << "2015-01-11" << "" << true << true << "";
        QTest::newRow("windows that number other steps: kept as read")
            << true << "" << "2015-01-11" << "" << true << false << "(kept in the checkpoint), which number the steps of";
        QTest::newRow("a period it never trained on") << false << "2015-01-11" << "" << "2015-01-11" << false << false << "";
    }

    void aModelOpenedOnAnotherPeriodOffersItsOwn()
    {
        QFETCH(bool, splitFile);
        QFETCH(QString, trainedFrom);
        QFETCH(QString, readFrom);
        QFETCH(QString, readUntil);
        QFETCH(bool, offered);
        QFETCH(bool, readItsPeriod);
        QFETCH(QString, noteThen);
        const auto timeOf = [](const QString& text) {
            return text.isEmpty() ? std::nullopt : std::optional<int64_t>(himnet::parseTimestamp(text.toStdString()));
        };
        QTemporaryDir dir;
        himnet::testing::copySzTaxi(dir.path().toStdString(), splitFile);
        const QString checkpoint = dir.filePath(QStringLiteral("model.h5"));
        {
            LoadOptions trainedOn;
            trainedOn.from = timeOf(trainedFrom);
            const auto data = std::make_shared<const himnet::Dataset>(himnet::loadDataset(dir.path().toStdString(), trainedOn));
            himnet::TrainingOptions o = himnet::testing::tinyOptions(checkpoint.toStdString());
            o.splitFile = data->splitFile; // as the app and the CLI train: on its windows
            QCOMPARE(o.splitFile.empty(), !splitFile);
            himnet::train(data, o);
        }
        LoadOptions asRead;
        asRead.from = timeOf(readFrom);
        asRead.until = timeOf(readUntil);
        MainWindow window;
        window.show();
        window.openDataset(dir.path(), asRead, /*confirm=*/false);
        studio_testing::waitForDataset(window);

        studio_testing::letWindowAsk(window);
        QString question, details;
        QPointer<QTimer> watch = studio_testing::whenShown<QMessageBox>([&](QMessageBox* box) {
            question = box->text();
            details = box->detailedText();
            QPushButton* answer = buttonLabelled(box, readItsPeriod ? QStringLiteral("Read Its Period") : QStringLiteral("Open on the Data as Read"));
            if (answer) answer->click();
            else box->close();
        });
        QSignalSpy evaluated(window.engine(), &EngineController::evaluated);
        QSignalSpy failed(window.engine(), &EngineController::failed);
        window.openCheckpoint(checkpoint);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), himnet::testing::patience(60000));
        const bool measured = !splitFile || readItsPeriod; // the windows it keeps need the whole month
        if (measured) QVERIFY(evaluated.count() > 0 || evaluated.wait(himnet::testing::patience(60000)));
        qputenv("HIMNET_NO_DIALOGS", "1");
        delete watch.data(); // not needed where it asked: it has deleted itself
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(!question.isEmpty(), offered);
        if (offered) {
            const QString name = QFileInfo(dir.path()).fileName();
            const QString asked = QStringLiteral("model.h5 was trained on %1 from %2 to 2015-01-31 23:45:00 UTC; it is read from %3 to 2015-01-31 23:45:00 UTC. %4\n\n"
                                                 "Read %1 as for the model's training (%5) and open the model there?")
                                      .arg(name, splitFile ? QStringLiteral("2015-01-01 00:00:00") : QStringLiteral("2015-01-11 00:00:00"),
                                           splitFile ? QStringLiteral("2015-01-11 00:00:00") : QStringLiteral("2015-01-01 00:00:00"),
                                           splitFile ? QStringLiteral("The model has no test period there to measure it on.")
                                                     : QStringLiteral("Some of the model's test windows there forecast steps it trained on: their scores would flatter it."),
                                           splitFile ? QStringLiteral("the whole series") : QStringLiteral("steps from 2015-01-11 00:00:00 UTC on"));
            QCOMPARE(question, asked);
            QVERIFY2(details.contains(QStringLiteral("read it with --from")) || details.contains(QStringLiteral("read the data as for its training")),
                     qPrintable(details));
        }
        // Read over its period, or as at first.
        const LoadOptions expected = readItsPeriod ? [&] {
            LoadOptions its;
            its.from = timeOf(trainedFrom);
            return its;
        }() : asRead;
        QCOMPARE(window.datasetReadingOptions().from, expected.from);
        QCOMPARE(window.datasetReadingOptions().until, expected.until);
        QCOMPARE(rememberedReadingOptions(dir.path()).from, expected.from);
        QCOMPARE(window.session()->data().timestamps.front(), expected.from.value_or(himnet::parseTimestamp("2015-01-01")));
        QStringList notes(window.session()->model().noTestPeriod);
        if (measured)
            for (const std::string& note : window.session()->metrics().notes) notes << QString::fromStdString(note);
        const QString said = notes.join(QStringLiteral(" | "));
        QVERIFY2(noteThen.isEmpty() ? !said.contains(QStringLiteral("trained on")) : said.contains(noteThen), qPrintable(said));
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
        QVERIFY(failed.wait(himnet::testing::patience(60000)));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("counts.csv")) && message.contains(QStringLiteral("does not divide a day")), qPrintable(message));
        QCOMPARE(window.session()->data().intervalSeconds, int64_t(900));
        QCOMPARE(rememberedReadingOptions(path).intervalSeconds, std::optional<int64_t>(900));
    }
};

QTEST_MAIN(TestRereading)
#include "test_rereading.moc"
