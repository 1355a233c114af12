// Dates with slashes that nothing settles: the latest day of a US feed, 12/4/2026, has no
// number above 12. The window asks which date it is, naming both readings, reads the file in
// the order answered and remembers it; cancelled, nothing is opened and the status bar says
// why. The Reading Options dialog says the order as well.
#include "dataset_confirmation.h"
#include "reading_options.h"
#include "reading_options_dialog.h"
#include "window_test_support.h"

#include "himnet/dataset.h"
#include "patience.h"

#include <QComboBox>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using himnet::DateOrder;
using himnet::LoadOptions;

namespace {

/// The feed's latest day, 12/4/2026, 5-minute speeds at three detectors, as a US export writes it.
QString writeTodaysFeed(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("today.csv"));
    std::ofstream out(path.toStdString());
    out << "Time,D1,D2,D3\n";
    for (int t = 0; t < 288; ++t) {
        char time[32];
        std::snprintf(time, sizeof time, "12/4/2026 %02d:%02d", t / 12, t % 12 * 5);
        out << time << ',' << 50 + t % 9 << ',' << 60 - t % 7 << ',' << 40 + t % 5 << '\n';
    }
    return path;
}

QPushButton* namedButton(QWidget* box, const QString& name) { return box->findChild<QPushButton*>(name); }

} // namespace

class TestDateOrder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { studio_testing::prepareStudioForTests(); }
    void cleanupTestCase() { studio_testing::removeStudioTestData(); }
    void init() { QSettings().clear(); }

    // The question's buttons say the date each order makes; an order in which it is no date
    // makes none.
    void eachOrderReadsTheDateAsAPersonSaysIt_data()
    {
        QTest::addColumn<QString>("date");
        QTest::addColumn<QString>("monthFirst");
        QTest::addColumn<QString>("dayFirst");
        QTest::newRow("today in the US") << "12/4/2026" << "4 December 2026" << "12 April 2026";
        QTest::newRow("zero-padded") << "03/01/2012" << "1 March 2012" << "3 January 2012";
        QTest::newRow("a 13th day") << "3/13/2012" << "13 March 2012" << "";
    }

    void eachOrderReadsTheDateAsAPersonSaysIt()
    {
        QFETCH(QString, date);
        QFETCH(QString, monthFirst);
        QFETCH(QString, dayFirst);
        QCOMPARE(readingOfDate(date, DateOrder::MonthFirst), monthFirst);
        QCOMPARE(readingOfDate(date, DateOrder::DayFirst), dayFirst);
    }

    // Opening the feed asks; the answer reads it as that date, is remembered for the file, and
    // reopening it asks no more. Cancelled, the window keeps what it had and says why.
    void oneDayOfSlashedDatesIsReadAsAnswered_data()
    {
        QTest::addColumn<QString>("answer"); // the button's name; empty: Cancel
        QTest::addColumn<QString>("firstStep");
        QTest::addColumn<int>("remembered"); // DateOrder
        QTest::newRow("month first") << "monthFirstButton" << "2026-12-04 00:00:00" << int(DateOrder::MonthFirst);
        QTest::newRow("day first") << "dayFirstButton" << "2026-04-12 00:00:00" << int(DateOrder::DayFirst);
        QTest::newRow("cancelled") << "" << "" << int(DateOrder::Unstated);
    }

    void oneDayOfSlashedDatesIsReadAsAnswered()
    {
        QFETCH(QString, answer);
        QFETCH(QString, firstStep);
        QFETCH(int, remembered);
        QTemporaryDir dir;
        const QString path = writeTodaysFeed(dir);
        MainWindow window;
        window.show();
        studio_testing::letWindowAsk(window);
        QString question, monthButton, dayButton;
        bool summaryShown = false;
        studio_testing::whenShown<QMessageBox>([&](QMessageBox* box) {
            question = box->text();
            monthButton = namedButton(box, QStringLiteral("monthFirstButton"))->text();
            dayButton = namedButton(box, QStringLiteral("dayFirstButton"))->text();
            if (answer.isEmpty()) {
                box->button(QMessageBox::Cancel)->click();
                return;
            }
            studio_testing::whenShown<QMessageBox>([&](QMessageBox* summary) { // the file read, before it opens
                summaryShown = summary->text().contains(QStringLiteral("today"));
                summary->button(QMessageBox::Open)->click();
            });
            namedButton(box, answer)->click();
        });
        window.openDataset(path);
        if (answer.isEmpty()) {
            QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().contains(QStringLiteral("the month or the day first")), himnet::testing::patience(30000));
        } else {
            studio_testing::waitForDataset(window);
        }
        qputenv("HIMNET_NO_DIALOGS", "1");
        QVERIFY2(question.contains(QStringLiteral("Is 12/4/2026 4 December 2026 or 12 April 2026?")) && question.contains(QStringLiteral("today.csv")),
                 qPrintable(question));
        QCOMPARE(monthButton.remove(QLatin1Char('&')), QStringLiteral("Month First: 4 December 2026"));
        QCOMPARE(dayButton.remove(QLatin1Char('&')), QStringLiteral("Day First: 12 April 2026"));
        QCOMPARE(rememberedReadingOptions(path).dateOrder.value_or(DateOrder::Unstated), DateOrder(remembered));
        if (answer.isEmpty()) {
            QVERIFY(!window.session()->hasDataset());
            return;
        }
        QVERIFY(summaryShown);
        QCOMPARE(QString::fromStdString(himnet::formatTimestamp(window.session()->data().timestamps.front())), firstStep);

        // Reopened (the recent menu, the next start): read in the order answered, unasked.
        MainWindow reopened;
        reopened.openDataset(path, /*confirm=*/false);
        studio_testing::waitForDataset(reopened);
        QCOMPARE(QString::fromStdString(himnet::formatTimestamp(reopened.session()->data().timestamps.front())), firstStep);
    }

    // Reading Options says the order too, for files with timestamps: as read now, changed,
    // and back to "as the dates show" with the other entries.
    void readingOptionsSayTheOrder()
    {
        QTemporaryDir dir;
        const QString path = writeTodaysFeed(dir);
        LoadOptions monthFirst;
        monthFirst.dateOrder = DateOrder::MonthFirst;
        const himnet::Dataset read = himnet::loadDataset(path.toStdString(), monthFirst);
        ReadingOptionsDialog dialog(monthFirst, read);
        auto* box = dialog.findChild<QComboBox*>(QStringLiteral("dateOrderBox"));
        QVERIFY(box && box->isVisibleTo(&dialog));
        QCOMPARE(box->currentData().toString(), QStringLiteral("mdy"));
        QCOMPARE(dialog.options().dateOrder, std::optional<DateOrder>(DateOrder::MonthFirst));
        box->setCurrentIndex(box->findData(QStringLiteral("dmy")));
        QVERIFY(dialog.problem().isEmpty());
        QCOMPARE(dialog.options().dateOrder, std::optional<DateOrder>(DateOrder::DayFirst));
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Reset)->click();
        QVERIFY(!dialog.options().dateOrder);

        // Files without timestamps have no dates to read: no such row.
        const QString counts = dir.filePath(QStringLiteral("counts.csv"));
        std::ofstream(counts.toStdString()) << "a,b\n1,2\n3,4\n5,6\n";
        ReadingOptionsDialog plain(LoadOptions{}, himnet::loadDataset(counts.toStdString()));
        QVERIFY(!plain.findChild<QComboBox*>(QStringLiteral("dateOrderBox"))->isVisibleTo(&plain));
    }
};

QTEST_MAIN(TestDateOrder)
#include "test_date_order.moc"
