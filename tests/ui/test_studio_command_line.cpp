// The himnet-studio executable as a file manager or a server starts it: without a display,
// help and version print and the app says what to do; a dataset named on the command line
// opens and joins the recent datasets; two datasets at once are refused.
#include "test_paths.h"
#include "shared_path.h"
#include "window_test_support.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSettings>
#include <QtTest>

using namespace studio_testing;

class TestStudioCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { studio_testing::prepareStudioForTests(); }
    void cleanupTestCase() { studio_testing::removeStudioTestData(); }

    // On a server (no X11, no Wayland) help and version still print, and starting the app
    // says what to do instead of Qt's abort about its xcb plugin.
    void studioWithoutADisplay_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("output");
        QTest::newRow("--help") << QStringList{"--help"} << 0 << "--dataset <path>";
        QTest::newRow("--version") << QStringList{"--version"} << 0 << "HimNet Studio 0.";
        QTest::newRow("the app") << QStringList{"--demo"} << 2 << "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)";
    }

    void studioWithoutADisplay()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, output);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) environment.remove(name);
        QProcess studio;
        studio.setProcessEnvironment(environment);
        studio.start(QStringLiteral(HIMNET_STUDIO_PATH), arguments);
        QVERIFY(studio.waitForFinished(60000));
        const QString printed = QString::fromUtf8(studio.readAllStandardOutput() + studio.readAllStandardError());
        QCOMPARE(studio.exitStatus(), QProcess::NormalExit);
        QCOMPARE(studio.exitCode(), exitCode);
        QVERIFY2(printed.contains(output), qPrintable(printed));
        QVERIFY2(!printed.contains("xcb"), qPrintable(printed));
    }

    // A dataset named on the command line opens, as from a file manager (the desktop entry's
    // Exec=himnet-studio %f); the app records it among the recent datasets of its own settings.
    void studioOpensTheDatasetItIsGiven_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("output");
        const QString laWeek = QString::fromStdString(himnet::testing::sharedPath("datasets/la-week"));
        const QString szTaxi = QString::fromStdString(himnet::testing::sharedPath("datasets/sz-taxi"));
        QTest::newRow("a path") << QStringList{laWeek} << 0 << QString();
        QTest::newRow("a relative path") << QStringList{"sz-taxi"} << 0 << QString(); // started in the datasets folder
        QTest::newRow("two paths") << QStringList{laWeek, szTaxi} << 2 << "one dataset at a time";
        QTest::newRow("a path and --dataset") << QStringList{"--dataset", laWeek, szTaxi} << 2 << "one dataset at a time";
    }

    void studioOpensTheDatasetItIsGiven()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, output);
        QTemporaryDir home;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("QT_QPA_PLATFORM", "offscreen");
        environment.insert("XDG_CONFIG_HOME", home.filePath("config"));
        environment.insert("XDG_DATA_HOME", home.filePath("data"));
        QProcess studio;
        studio.setProcessEnvironment(environment);
        const QString datasets = QString::fromStdString(himnet::testing::sharedPath("datasets"));
        studio.setWorkingDirectory(datasets);
        studio.start(QStringLiteral(HIMNET_STUDIO_PATH),
                     arguments + QStringList{"--screenshot", home.filePath("window.png"), "--screenshot-delay", "0"});
        QVERIFY(studio.waitForFinished(120000));
        const QString printed = QString::fromUtf8(studio.readAllStandardOutput() + studio.readAllStandardError());
        QCOMPARE(studio.exitCode(), exitCode);
        QVERIFY2(printed.contains(output), qPrintable(printed));
        if (exitCode != 0) return;
        QVERIFY(QImage(home.filePath("window.png")).width() > 0);
        const QSettings settings(home.filePath("config/HimNet Studio/HimNet Studio.conf"), QSettings::IniFormat);
        QCOMPARE(settings.value("recentDatasets").toStringList().value(0), QDir(datasets).absoluteFilePath(arguments.front()));
    }

    // A file without timestamps read as the command line says, as `himnet` reads it; the app
    // remembers how. What cannot be read is named, and the options need a dataset.
    void studioReadsTheDatasetAsItIsTold_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("output");
        QTest::addColumn<qlonglong>("rememberedInterval");
        QTest::newRow("interval and start") << QStringList{"--interval", "15min", "--start", "2021-03-01", "--unit", "veh/15 min"} << 0
                                            << QString() << qlonglong(900);
        QTest::newRow("interval in words") << QStringList{"--interval", "a quarter hour"} << 2 << "himnet-studio: Sampling interval: cannot read"
                                           << qlonglong(0);
        QTest::newRow("marker not a number") << QStringList{"--missing-value", "n/a"} << 2
                                             << "himnet-studio: Missing-value marker: cannot read 'n/a'" << qlonglong(0);
    }

    void studioReadsTheDatasetAsItIsTold()
    {
        QFETCH(QStringList, options);
        QFETCH(int, exitCode);
        QFETCH(QString, output);
        QFETCH(qlonglong, rememberedInterval);
        QTemporaryDir home;
        const QString csv = home.filePath("counts.csv");
        {
            QFile file(csv);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("north,south\n");
            for (int t = 0; t < 4 * 96; ++t) file.write(QByteArray::number(100 + t % 96) + "," + QByteArray::number(50 + t % 7) + "\n");
        }
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("QT_QPA_PLATFORM", "offscreen");
        environment.insert("XDG_CONFIG_HOME", home.filePath("config"));
        environment.insert("XDG_DATA_HOME", home.filePath("data"));
        QProcess studio;
        studio.setProcessEnvironment(environment);
        studio.start(QStringLiteral(HIMNET_STUDIO_PATH),
                     QStringList{csv} + options + QStringList{"--screenshot", home.filePath("window.png"), "--screenshot-delay", "0"});
        QVERIFY(studio.waitForFinished(120000));
        const QString printed = QString::fromUtf8(studio.readAllStandardOutput() + studio.readAllStandardError());
        QCOMPARE(studio.exitCode(), exitCode);
        QVERIFY2(printed.contains(output), qPrintable(printed));
        if (exitCode != 0) return;
        const QSettings settings(home.filePath("config/HimNet Studio/HimNet Studio.conf"), QSettings::IniFormat);
        const QVariantMap remembered = settings.value("datasetReadingOptions").toMap().value(csv).toMap();
        QCOMPARE(remembered.value("intervalSeconds").toLongLong(), rememberedInterval);
        QCOMPARE(remembered.value("unit").toString(), QStringLiteral("veh/15 min"));
    }

    void readingOptionsNeedADataset()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("QT_QPA_PLATFORM", "offscreen");
        QProcess studio;
        studio.setProcessEnvironment(environment);
        studio.start(QStringLiteral(HIMNET_STUDIO_PATH), QStringList{"--demo", "--unit", "mph"});
        QVERIFY(studio.waitForFinished(60000));
        QCOMPARE(studio.exitCode(), 2);
        const QString printed = QString::fromUtf8(studio.readAllStandardError());
        QVERIFY2(printed.contains("say how to read a dataset: name one"), qPrintable(printed));
    }
};

QTEST_MAIN(TestStudioCommandLine)
#include "test_studio_command_line.moc"
