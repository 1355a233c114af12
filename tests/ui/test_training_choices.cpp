// The Training panel's choices before training starts, offscreen: float32 or mixed precision,
// CUDA graphs only with a GPU; how the data is split, seen with each period's dates and
// windows and followed by the training (data too short for the shares cannot start); and the
// holidays, on Shenzhen's January 2015: none, the US federal holidays or a file of dates, the
// plan listing those in the data, a file that cannot be read (a bad line, or gone since it was
// chosen) refused by name, changing nothing; the model trained keeps its calendar, which the
// Model tab shows with its period; a fine-tuning of it starts from that calendar unless
// another is chosen, none included, and reads unseen days as the model did unless told
// otherwise; each dataset opens with the holidays chosen for it last time.
#include "engine_controller.h"
#include "himnet/evaluation.h"
#include "himnet/holidays.h"
#include "himnet/runtime.h"
#include "himnet/training.h"
#include "model_summary_view.h"
#include "shared_path.h"
#include "studio_session.h"
#include "npz_fixtures.h"
#include "quick_training.h"
#include "split_choice.h"
#include "window_test_support.h"
#include "patience.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace studio_testing;

namespace {

QString writeHolidayFile(const QTemporaryDir& dir, const QString& name, const char* text)
{
    const QString path = dir.filePath(name);
    std::ofstream(path.toStdString(), std::ios::binary) << text;
    return path;
}

} // namespace

class TestTrainingChoices : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareStudioForTests(); }
    void cleanupTestCase() { removeStudioTestData(); }

    // Float32 unless the user picks mixed precision; the choice says whether it is fast here.
    void precisionChoiceReachesTheTrainingOptions()
    {
        MainWindow window;
        TrainingDashboard* dashboard = window.trainingDashboard();
        QComboBox* precision = dashboard->precisionBox();
        QCOMPARE(precision->count(), 2);
        QVERIFY(dashboard->options().precision == himnet::Precision::Float32);
        precision->setCurrentIndex(1);
        QVERIFY(dashboard->options().precision == himnet::Precision::BFloat16);
        QCOMPARE(precision->currentText().contains(QStringLiteral("faster here")),
                 himnet::hasFastBFloat16(himnet::DeviceKind::Auto));
    }

    // CUDA graphs are offered where a GPU is visible; elsewhere the box is off, says why, and a
    // tick cannot reach the training options.
    void cudaGraphsAreOfferedOnlyWithAGpu()
    {
        MainWindow window;
        TrainingDashboard* dashboard = window.trainingDashboard();
        QCheckBox* graphs = dashboard->cudaGraphsBox();
        QVERIFY(!graphs->isChecked());
        QVERIFY(!dashboard->options().cudaGraphs);
        QCOMPARE(graphs->isEnabled(), himnet::cudaAvailable());
        graphs->setChecked(true);
        QCOMPARE(dashboard->options().cudaGraphs, himnet::cudaAvailable());
        if (!himnet::cudaAvailable()) QVERIFY2(graphs->toolTip().contains(QStringLiteral("need a GPU")), qPrintable(graphs->toolTip()));
    }

    // How the data is split is seen and chosen before training: the split file that came with
    // the data, or shares by time; the dates and windows of each period; the days training
    // never sees; and training and its metrics follow the choice.
    void theSplitIsSeenAndChosenBeforeTraining()
    {
        QTemporaryDir dir;
        himnet::testing::copySzTaxi(dir.path().toStdString(), true);
        const std::string splitFile = (std::filesystem::path(dir.path().toStdString()) / "index.npz").string();
        MainWindow window;
        window.show();
        window.openDataset(dir.path(), false);
        waitForDataset(window);
        TrainingDashboard* dashboard = window.trainingDashboard();
        SplitChoice* split = dashboard->splitChoice();
        const auto planText = [&] { return split->planLabel()->text(); };

        // The split file that came with the data is chosen, its windows shown; no shares apply.
        QCOMPARE(split->splitBox()->count(), 2);
        QCOMPARE(split->splitBox()->currentText(), QStringLiteral("index.npz (came with the data)"));
        QCOMPARE(dashboard->options().splitFile, splitFile);
        QVERIFY(!split->trainPercentBox()->isEnabled());
        QVERIFY2(planText().contains("In 2015:") && planText().contains("Thu 1 Jan 00:00 – Thu 22 Jan 01:30") && planText().contains("2000 windows")
                     && planText().contains("300 windows") && planText().contains("553 windows"),
                 qPrintable(planText()));
        QVERIFY(dashboard->startButton()->isEnabled());

        // By time: the preset's shares, which the user can change; the plan follows.
        split->splitBox()->setCurrentIndex(0);
        QVERIFY(split->trainPercentBox()->isEnabled());
        QVERIFY(dashboard->options().splitFile.empty());
        QCOMPARE(dashboard->options().trainRatio, 0.7);
        split->trainPercentBox()->setValue(60);
        split->valPercentBox()->setValue(20);
        QCOMPARE(dashboard->options().trainRatio, 0.6);
        QCOMPARE(dashboard->options().valRatio, 0.2);
        const himnet::TrainingPlan byTime = himnet::planTraining(window.session()->data(), dashboard->options());
        for (const auto* period : {&byTime.train, &byTime.val, &byTime.test})
            QVERIFY2(planText().contains(QStringLiteral("%1 windows").arg(period->windows)), qPrintable(planText()));
        // The two shares always leave the test period some.
        split->trainPercentBox()->setValue(95);
        QCOMPARE(split->valPercentBox()->value(), 4);

        // Five per cent trains: Thursday and Friday, 1 and 2 January 2015. The other days are
        // read as weekday or weekend, unless the paper's way is chosen, which is warned of.
        split->trainPercentBox()->setValue(5);
        split->valPercentBox()->setValue(5);
        QVERIFY2(planText().contains("Monday, Tuesday, Wednesday, Saturday and Sunday never occur in training: days are read as weekday or weekend"),
                 qPrintable(planText()));
        split->contextBox()->setCurrentIndex(split->contextBox()->findData(static_cast<int>(himnet::TemporalContext::Paper)));
        QVERIFY(dashboard->options().temporalContext == himnet::TemporalContext::Paper);
        QVERIFY2(planText().contains("as in the paper, their embeddings stay untrained"), qPrintable(planText()));

        // Trained by the split file, the model is measured on its test windows.
        split->splitBox()->setCurrentIndex(1);
        configureTinyTraining(dashboard, 1, 2);
        QSignalSpy idle(window.engine(), &EngineController::idle);
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        QVERIFY(!split->splitBox()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasMetrics(), himnet::testing::patience(180000));
        QCOMPARE(window.session()->metrics().windows, int64_t(553));
        // The metrics say which period they measure.
        const QString caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"))->text();
        QVERIFY2(caption.startsWith("Test split (Mon 26 Jan 2015 00:00 – Sat 31 Jan 23:45, 553 windows): HimNet against"), qPrintable(caption));
        // The Model tab says which split the model was trained on, kept in its checkpoint.
        QTRY_COMPARE(window.modelSummaryView()->findItems(QStringLiteral("Split"), Qt::MatchExactly).size(), 1);
        QCOMPARE(window.modelSummaryView()->findItems(QStringLiteral("Split"), Qt::MatchExactly).front()->text(1),
                 QStringLiteral("By index.npz, 2000 / 300 / 553 windows (training / validation / test), kept in the checkpoint"));
    }

    // Before any training, the plan and the Metrics panel say what a model trained so must
    // beat: the naive forecasts' MAE on the test period, measured on the engine thread, as
    // `himnet info` gives it; a changed split is measured again, its requests coalescing.
    void whatAModelMustBeatIsSaidBeforeTraining()
    {
        MainWindow window;
        window.show();
        window.openDataset(QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")), false);
        waitForDataset(window);
        TrainingDashboard* dashboard = window.trainingDashboard();
        SplitChoice* split = dashboard->splitChoice();
        const auto planText = [&] { return split->planLabel()->text(); };
        const auto caption = [&] { return window.findChild<QLabel*>(QStringLiteral("metricsCaption"))->text(); };
        const auto said = [&] {
            const himnet::BaselineErrors e = himnet::baselineErrors(window.session()->dataset().data, dashboard->options());
            const auto figure = [](double mae) { return QString::number(mae, 'f', 2); };
            return QStringLiteral("on the test period, the last value's MAE is %1 mph and the historical average's %2 mph (60 min ahead: %3 and %4)")
                .arg(figure(e.lastValue.mae), figure(e.historicalAverage.mae), figure(e.steps.back().lastValue.mae),
                     figure(e.steps.back().historicalAverage.mae));
        };
        // la-week's usual split: the figures `himnet info` prints (test_cli).
        QCOMPARE(said(), QStringLiteral("on the test period, the last value's MAE is 4.39 mph and the historical average's 4.65 mph "
                                        "(60 min ahead: 5.73 and 4.63)"));
        QTRY_VERIFY2_WITH_TIMEOUT(planText().contains("What a model must beat: " + said() + "."), qPrintable(planText()),
                                  himnet::testing::patience(30000));
        QVERIFY2(caption().contains("No trained model yet") && caption().contains("What it must beat, with the split the Training tab plans: " + said() + "."),
                 qPrintable(caption()));

        QSignalSpy measured(window.engine(), &EngineController::baselinesMeasured);
        QSignalSpy idle(window.engine(), &EngineController::idle);
        for (int train = 61; train <= 63; ++train) split->trainPercentBox()->setValue(train);
        split->valPercentBox()->setValue(17);
        QVERIFY2(planText().contains("Measuring the naive forecasts on the test period") && !planText().contains("What a model must beat"),
                 qPrintable(planText()));
        QVERIFY2(!caption().contains("What it must beat"), qPrintable(caption())); // not the split before's
        QVERIFY(idle.wait(himnet::testing::patience(30000)));
        QVERIFY2(measured.size() >= 1 && measured.size() <= 2, qPrintable(QString::number(measured.size()))); // the running one, then the latest
        QVERIFY2(planText().contains("What a model must beat: " + said() + "."), qPrintable(planText()));
        QVERIFY2(caption().contains(said()), qPrintable(caption()));
        QVERIFY(said() != QStringLiteral("on the test period, the last value's MAE is 4.39 mph and the historical average's 4.65 mph "
                                         "(60 min ahead: 5.73 and 4.63)"));

        // Measured on another dataset (asked for before this one opened): not taken for this one's.
        const PlanBaselines latest{window.session()->dataset().data, QStringLiteral("latest"), *window.session()->latestBaselines()};
        auto other = std::make_shared<himnet::Dataset>(window.session()->data());
        window.session()->setBaselines({other, QStringLiteral("other"), latest.errors});
        QVERIFY(!window.session()->baselinesOf(QStringLiteral("other")));

        // The same file opened again is measured again, for the split it then plans.
        QSignalSpy reopened(window.session(), &StudioSession::datasetChanged);
        window.openDataset(QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")), false);
        QVERIFY(reopened.wait(himnet::testing::patience(30000)));
        QTRY_VERIFY2_WITH_TIMEOUT(planText().contains("What a model must beat: " + said() + "."), qPrintable(planText()),
                                  himnet::testing::patience(30000));
        QVERIFY2(caption().contains(said()), qPrintable(caption()));
    }

    // Data too short for the chosen shares cannot be trained: Start waits, and the plan says why.
    void dataTooShortForTheSplitCannotStart()
    {
        QTemporaryDir dir;
        QString csv = QStringLiteral("time,a,b\n");
        for (int t = 0; t < 27; ++t)
            csv += QStringLiteral("2024-05-06 %1:%2,%3,%4\n").arg(t / 12, 2, 10, QLatin1Char('0')).arg(t % 12 * 5, 2, 10, QLatin1Char('0')).arg(50 + t % 7).arg(40 + t % 5);
        QFile file(dir.path() + "/short.csv");
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(csv.toUtf8());
        file.close();
        MainWindow window;
        window.show();
        window.openDataset(file.fileName(), false);
        waitForDataset(window);
        TrainingDashboard* dashboard = window.trainingDashboard();
        SplitChoice* split = dashboard->splitChoice();
        QCOMPARE(split->splitBox()->count(), 1); // no split file came with it
        QVERIFY(!dashboard->startButton()->isEnabled());
        QVERIFY2(split->planLabel()->text().contains("Cannot split the data so: ") && split->planLabel()->text().contains("short.csv: the series has 27 steps: too short"),
                 qPrintable(split->planLabel()->text()));
        split->trainPercentBox()->setValue(50);
        split->valPercentBox()->setValue(25);
        QVERIFY(dashboard->startButton()->isEnabled());
        QVERIFY2(split->planLabel()->text().contains("2 windows") && split->planLabel()->text().contains("1 window<"),
                 qPrintable(split->planLabel()->text()));
    }

    void holidaysAreChosenSeenAndKeptWithTheModel()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath("sz")));
        himnet::testing::copySzTaxi(dir.filePath("sz").toStdString(), false);
        MainWindow window;
        window.show();
        window.openDataset(dir.filePath("sz"), false);
        waitForDataset(window);
        TrainingDashboard* dashboard = window.trainingDashboard();
        SplitChoice* split = dashboard->splitChoice();
        QComboBox* box = split->holidaysBox();
        const auto planText = [&] { return split->planLabel()->text(); };

        // None at first: every day is its own day of week.
        QCOMPARE(box->currentText(), QStringLiteral("none"));
        QVERIFY(dashboard->options().holidays.empty());
        QVERIFY2(!planText().contains("Holidays"), qPrintable(planText()));

        // The US federal holidays: two fall in the data.
        box->setCurrentIndex(box->findData(QStringLiteral("us")));
        QVERIFY(dashboard->options().holidays == himnet::HolidayCalendar::usFederal());
        QVERIFY2(planText().contains("Holidays: US federal holidays, 2 in the data: 2015-01-01 (New Year's Day) as a Sunday, "
                                     "2015-01-19 (Martin Luther King Jr. Day) as a Sunday."),
                 qPrintable(planText()));

        // A file that cannot be read is refused by name, and the choice stays as it was.
        const QString bad = writeHolidayFile(dir, "bad.csv", "2015-01-01\nNew Year\n");
        QVERIFY(!split->chooseHolidayFile(bad));
        QVERIFY2(planText().contains(bad + ": line 2: 'New Year' is not a date"), qPrintable(planText()));
        QCOMPARE(box->currentText(), QStringLiteral("US federal holidays"));
        QVERIFY(dashboard->options().holidays == himnet::HolidayCalendar::usFederal());

        // Shenzhen's own: the New Year holiday, and the Sunday worked as a Friday instead.
        const QString shenzhen = writeHolidayFile(dir, "shenzhen-2015.csv",
                                                  "date,day,name\n2015-01-01,Sunday,New Year\n2015-01-02,Sunday,New Year\n"
                                                  "2015-01-03,Sunday,New Year\n2015-01-04,Friday,Working day\n");
        QVERIFY(split->chooseHolidayFile(shenzhen));
        QCOMPARE(box->currentText(), QStringLiteral("shenzhen-2015.csv"));
        QVERIFY(dashboard->options().holidays == himnet::HolidayCalendar::fromFile(shenzhen.toStdString()));
        QVERIFY2(!planText().contains("bad.csv"), qPrintable(planText()));
        QVERIFY2(planText().contains("shenzhen-2015.csv, 4 in the data: 2015-01-01 (New Year) as a Sunday") &&
                     planText().contains("2015-01-04 (Working day) as a Friday"),
                 qPrintable(planText()));

        // Back to none, and to the file again: it stays in the list.
        box->setCurrentIndex(0);
        QVERIFY(dashboard->options().holidays.empty());
        QCOMPARE(box->findData(shenzhen), 2);
        box->setCurrentIndex(2);
        QVERIFY(dashboard->options().holidays == himnet::HolidayCalendar::fromFile(shenzhen.toStdString()));

        // The model trained keeps the calendar, even once its file is gone.
        configureTinyTraining(dashboard, 1, 2);
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        QVERIFY(!box->isEnabled());
        QVERIFY(QFile::remove(shenzhen));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasMetrics(), himnet::testing::patience(180000));
        QTRY_COMPARE(window.modelSummaryView()->findItems(QStringLiteral("Holidays"), Qt::MatchExactly).size(), 1);
        QCOMPARE(window.modelSummaryView()->findItems(QStringLiteral("Holidays"), Qt::MatchExactly).front()->text(1),
                 QStringLiteral("shenzhen-2015.csv, 4 dates: 3 read as Sundays, 1 as another day of week"));
        // And the period of the series it was trained on.
        const QList<QTreeWidgetItem*> period = window.modelSummaryView()->findItems(QStringLiteral("Period"), Qt::MatchExactly);
        QCOMPARE(period.size(), 1);
        QCOMPARE(period.front()->text(1), QStringLiteral("2015-01-01 00:00:00 to 2015-01-31 23:45:00 UTC (training, validation and test)"));
        QTRY_VERIFY(box->isEnabled());

        // Chosen again from the list once its file is gone, it is refused by name, and the
        // choice stays as it was.
        box->setCurrentIndex(0);
        box->setCurrentIndex(2);
        QCOMPARE(box->currentIndex(), 0);
        QVERIFY(dashboard->options().holidays.empty());
        QVERIFY2(planText().contains(shenzhen + ": file not found"), qPrintable(planText()));

        // Fine-tuning the open model starts from its calendar, offered first; none, chosen,
        // drops it; new weights again come back to the choice made before.
        box->setCurrentIndex(box->findData(QStringLiteral("us")));
        QComboBox* startFrom = dashboard->startFromBox();
        startFrom->setCurrentIndex(1);
        QCOMPARE(box->currentIndex(), 0);
        QCOMPARE(box->currentText(), QStringLiteral("the open model's (shenzhen-2015.csv)"));
        const himnet::HolidayCalendar models = window.session()->model().summary.holidays;
        QVERIFY(!models.empty());
        QVERIFY(dashboard->options().holidays == models && dashboard->options().holidaysChosen);
        QVERIFY2(planText().contains("Holidays: shenzhen-2015.csv, 4 in the data"), qPrintable(planText()));
        box->setCurrentIndex(box->findData(QString()));
        QVERIFY(dashboard->options().holidays.empty() && dashboard->options().holidaysChosen);
        QVERIFY2(!planText().contains("Holidays"), qPrintable(planText()));
        box->setCurrentIndex(0);
        QVERIFY(dashboard->options().holidays == models);
        startFrom->setCurrentIndex(0);
        QCOMPARE(box->findData(QStringLiteral("<model>")), -1);
        QCOMPARE(box->currentText(), QStringLiteral("US federal holidays"));
        QVERIFY(dashboard->options().holidays == himnet::HolidayCalendar::usFederal());
    }

    // A fine-tuning left to auto reads the days of week training never sees as its model's
    // training did (here the nearest trained day): the box says so, and the plan and the
    // options follow; with new weights, auto is the preset's again.
    void aFineTuningReadsUnseenDaysAsItsModel()
    {
        QTemporaryDir dir;
        himnet::testing::copySzTaxi(dir.path().toStdString(), false);
        const QString checkpoint = dir.filePath(QStringLiteral("nearest-day.h5"));
        {
            himnet::TrainingOptions o = himnet::testing::tinyOptions(checkpoint.toStdString());
            o.temporalContext = himnet::TemporalContext::NearestDay;
            himnet::train(std::make_shared<const himnet::Dataset>(himnet::loadDataset(dir.path().toStdString())), o);
        }
        MainWindow window;
        window.show();
        window.openDataset(dir.path(), false);
        waitForDataset(window);
        window.openCheckpoint(checkpoint);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasModel(), himnet::testing::patience(60000));
        const QList<QTreeWidgetItem*> days = window.modelSummaryView()->findItems(QStringLiteral("Days of week"), Qt::MatchExactly);
        QCOMPARE(days.size(), 1);
        QCOMPARE(days.front()->text(1), QStringLiteral("a day training never saw is read as the nearest of its kind it did"));
        TrainingDashboard* dashboard = window.trainingDashboard();
        SplitChoice* split = dashboard->splitChoice();
        split->trainPercentBox()->setValue(5); // Thursday and Friday train: five days never seen
        split->valPercentBox()->setValue(5);
        QComboBox* context = split->contextBox();
        QCOMPARE(context->currentText(), QStringLiteral("auto: weekday / weekend when a day is missing"));
        QVERIFY(dashboard->options().temporalContext == himnet::TemporalContext::Auto);

        dashboard->startFromBox()->setCurrentIndex(1);
        QCOMPARE(context->currentText(), QStringLiteral("auto: the open model's (nearest trained day)"));
        QVERIFY(dashboard->options().temporalContext == himnet::TemporalContext::NearestDay);
        QVERIFY2(split->planLabel()->text().contains("each is read as the nearest day of its kind"), qPrintable(split->planLabel()->text()));
        context->setCurrentIndex(context->findData(static_cast<int>(himnet::TemporalContext::Paper)));
        QVERIFY(dashboard->options().temporalContext == himnet::TemporalContext::Paper); // a choice stays one
        context->setCurrentIndex(0);

        dashboard->startFromBox()->setCurrentIndex(0);
        QCOMPARE(context->currentText(), QStringLiteral("auto: weekday / weekend when a day is missing"));
        QVERIFY(dashboard->options().temporalContext == himnet::TemporalContext::Auto);
        QVERIFY2(split->planLabel()->text().contains("days are read as weekday or weekend"), qPrintable(split->planLabel()->text()));
    }

    // Holidays belong to the place the data comes from: each dataset opens with those chosen
    // for it last time (a file read again, and none, said why, once it is gone); the demo
    // city, generated anew, keeps none.
    void holidaysAreRememberedForEachDataset()
    {
        QTemporaryDir dir;
        const QString shenzhen = dir.filePath("sz"), again = dir.filePath("sz-again");
        for (const QString& folder : {shenzhen, again}) {
            QVERIFY(QDir().mkpath(folder));
            himnet::testing::copySzTaxi(folder.toStdString(), false);
        }
        const QString file = writeHolidayFile(dir, "shenzhen-2015.csv", "2015-01-01,New Year\n");
        MainWindow window;
        window.show();
        SplitChoice* split = window.trainingDashboard()->splitChoice();
        QComboBox* box = split->holidaysBox();
        const auto open = [&](const QString& path) {
            if (path.isEmpty()) window.openDemoCity();
            else window.openDataset(path, false);
            waitForDataset(window);
        };
        open(shenzhen);
        QCOMPARE(box->currentText(), QStringLiteral("none"));
        box->setCurrentIndex(box->findData(QStringLiteral("us")));
        open(again);
        QCOMPARE(box->currentText(), QStringLiteral("none")); // not the other dataset's
        QVERIFY(split->chooseHolidayFile(file));
        open(QString());
        QCOMPARE(box->currentText(), QStringLiteral("none"));
        box->setCurrentIndex(box->findData(QStringLiteral("us"))); // for this demo city alone

        open(shenzhen);
        QCOMPARE(box->currentText(), QStringLiteral("US federal holidays"));
        QVERIFY(window.trainingDashboard()->options().holidays == himnet::HolidayCalendar::usFederal());
        open(again);
        QCOMPARE(box->currentText(), QStringLiteral("shenzhen-2015.csv"));
        QVERIFY(window.trainingDashboard()->options().holidays == himnet::HolidayCalendar::fromFile(file.toStdString()));
        open(QString());
        QCOMPARE(box->currentText(), QStringLiteral("none"));

        QVERIFY(QFile::remove(file));
        open(again);
        QCOMPARE(box->currentText(), QStringLiteral("none"));
        QVERIFY(window.trainingDashboard()->options().holidays.empty());
        QVERIFY2(split->planLabel()->text().contains(file + ": file not found"), qPrintable(split->planLabel()->text()));
        MainWindow reopened; // as at the next start: the file is still the one chosen for it
        reopened.openDataset(again, false);
        waitForDataset(reopened);
        QVERIFY2(reopened.trainingDashboard()->splitChoice()->planLabel()->text().contains(file), "the file is forgotten");
    }
};

QTEST_MAIN(TestTrainingChoices)
#include "test_training_choices.moc"
