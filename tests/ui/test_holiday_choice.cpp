// The Training panel's Holidays row, offscreen, on Shenzhen's January 2015: none, the US
// federal holidays or a file of dates; the plan lists those in the data, a file that cannot
// be read (a bad line, or gone since it was chosen) is refused by name and changes nothing,
// the model trained keeps its calendar, which the Model tab shows with its period, and a
// fine-tuning of it starts from that calendar unless another is chosen, none included; each
// dataset opens with the holidays chosen for it last time.
#include "himnet/holidays.h"
#include "himnet/training.h"
#include "model_summary_view.h"
#include "npz_fixtures.h"
#include "split_choice.h"
#include "window_test_support.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

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

class TestHolidayChoice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareStudioForTests(); }
    void cleanupTestCase() { removeStudioTestData(); }

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
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->hasMetrics(), 180000);
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
        QVERIFY2(planText().contains(shenzhen + ": cannot open the holiday file"), qPrintable(planText()));

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
        QVERIFY2(split->planLabel()->text().contains(file + ": cannot open the holiday file"), qPrintable(split->planLabel()->text()));
        MainWindow reopened; // as at the next start: the file is still the one chosen for it
        reopened.openDataset(again, false);
        waitForDataset(reopened);
        QVERIFY2(reopened.trainingDashboard()->splitChoice()->planLabel()->text().contains(file), "the file is forgotten");
    }
};

QTEST_MAIN(TestHolidayChoice)
#include "test_holiday_choice.moc"
