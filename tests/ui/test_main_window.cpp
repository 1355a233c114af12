// The main window starts offscreen, reads a model file through the engine thread, and
// survives a broken file with an error instead of a crash.
#include "engine_controller.h"
#include "main_window.h"
#include "model_summary_view.h"
#include "test_tensors.h"

#include <QDockWidget>
#include <QSignalSpy>
#include <QtTest>

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qputenv("HIMNET_NO_DIALOGS", "1");
        QCoreApplication::setOrganizationName(QStringLiteral("HimNet Studio Tests"));
    }

    void startsWithMenusDockAndStatus()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QString("HimNet Studio"));
        QVERIFY(window.findChild<QDockWidget*>("modelDock"));
        QVERIFY(window.findChild<QAction*>("actionOpenModel"));
    }

    void openingAReferenceStateDictFillsTheSummary()
    {
        MainWindow window;
        QSignalSpy inspected(window.engine(), &EngineController::modelInspected);
        QSignalSpy failed(window.engine(), &EngineController::failed);
        window.openModelFile(QString::fromStdString(himnet::testing::sharedPath("golden/himnet_small_state_dict.pt")));
        QVERIFY(inspected.wait(20000));
        QCOMPARE(failed.count(), 0);
        const auto summary = inspected.first().first().value<himnet::ModelFileSummary>();
        QCOMPARE(summary.parameterCount, int64_t(11766));
        const auto rows = window.modelSummaryView()->findItems("Parameters", Qt::MatchExactly);
        QCOMPARE(rows.size(), 1);
        QVERIFY(rows.first()->text(1).remove(QRegularExpression("[^0-9]")) == "11766");
    }

    void brokenFileReportsAnErrorAndTheWindowLives()
    {
        MainWindow window;
        QTemporaryDir dir;
        const QString path = dir.path() + "/broken.h5";
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\x89HDF\r\n\x1a\ngarbage");
        file.close();
        QSignalSpy failed(window.engine(), &EngineController::failed);
        window.openModelFile(path);
        QVERIFY(failed.wait(20000));
        QVERIFY(failed.first().first().toString().contains(path));
        // The engine thread still answers after the failure.
        QSignalSpy inspected(window.engine(), &EngineController::modelInspected);
        window.openModelFile(QString::fromStdString(himnet::testing::sharedPath("golden/himnet_small_state_dict.pt")));
        QVERIFY(inspected.wait(20000));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
