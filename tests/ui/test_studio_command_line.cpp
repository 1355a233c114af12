// The himnet-studio executable as a file manager or a server starts it: without a display,
// help and version print and the app says what to do; a dataset named on the command line
// opens and joins the recent datasets; two datasets at once are refused.
#include "test_paths.h"
#include "german_locale.h"
#include "shared_path.h"
#include "window_test_support.h"
#include "patience.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSettings>
#include <QTimeZone>
#include <QtTest>

using namespace studio_testing;

namespace {

struct StudioRun {
    int exitCode = -1;
    QString printed; ///< standard output and error
};

/// Runs himnet-studio offscreen with `arguments`, its settings and data under `home`, and a
/// screenshot as soon as the dataset shows (then it quits); in `workingDirectory` when given,
/// with the variables of `locale` (LANG and LC_ALL) when given.
StudioRun runStudio(const QTemporaryDir& home, const QStringList& arguments, const QString& workingDirectory = {}, const QString& locale = {})
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!locale.isEmpty())
        for (const char* name : {"LANG", "LC_ALL"}) environment.insert(name, locale);
    environment.insert("QT_QPA_PLATFORM", "offscreen");
    environment.insert("XDG_CONFIG_HOME", home.filePath("config"));
    environment.insert("XDG_DATA_HOME", home.filePath("data"));
    QProcess studio;
    studio.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty()) studio.setWorkingDirectory(workingDirectory);
    studio.start(QStringLiteral(HIMNET_STUDIO_PATH),
                 arguments + QStringList{"--screenshot", home.filePath("window.png"), "--screenshot-delay", "0"});
    if (!studio.waitForFinished(himnet::testing::patience(120000))) return {};
    return {studio.exitCode(), QString::fromUtf8(studio.readAllStandardOutput() + studio.readAllStandardError())};
}

/// The app's own settings file under `home`, and its data folder.
QString studioSettingsFile(const QTemporaryDir& home) { return home.filePath("config/HimNet/HimNet Studio.conf"); }
QString studioDataFolder(const QTemporaryDir& home) { return home.filePath("data/HimNet/HimNet Studio"); }

/// Where version 0.1 kept them.
QString earlierSettingsFile(const QTemporaryDir& home) { return home.filePath("config/HimNet Studio/HimNet Studio.conf"); }
QString earlierDataFolder(const QTemporaryDir& home) { return home.filePath("data/HimNet Studio/HimNet Studio"); }

/// Writes a day of 5-minute readings of two sensors, with decimal points, to `path`.
bool writeADayOfReadings(const QString& path)
{
    QString text = QStringLiteral("time,A,B\n");
    for (int m = 0; m < 24 * 60; m += 5)
        text += QStringLiteral("2020-01-01 %1:%2,%3,3.25\n").arg(m / 60, 2, 10, QLatin1Char('0')).arg(m % 60, 2, 10, QLatin1Char('0')).arg(60 + m / 100.0);
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) > 0;
}

/// Writes `bytes` to `path`, making its folder.
bool writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

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
        QVERIFY(studio.waitForFinished(himnet::testing::patience(60000)));
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
        const QString datasets = QString::fromStdString(himnet::testing::sharedPath("datasets"));
        const StudioRun run = runStudio(home, arguments, datasets);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.printed.contains(output), qPrintable(run.printed));
        if (exitCode != 0) return;
        QVERIFY(QImage(home.filePath("window.png")).width() > 0);
        const QSettings settings(studioSettingsFile(home), QSettings::IniFormat);
        QCOMPARE(settings.value("recentDatasets").toStringList().value(0), QDir(datasets).absoluteFilePath(arguments.front()));
    }

    // A German desktop (decimal commas) opens a published file of decimal points: Qt gives the
    // app its user's locale, and the engine's numbers must not follow it (they did: 64.5 read
    // as 64, and the app stopped on the error).
    void studioOpensAFileUnderAGermanLocale()
    {
        QTemporaryDir home, locales;
        const QString why = himnet::testing::buildGermanLocale(locales.path());
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(writeADayOfReadings(home.filePath("points.csv")));
        const StudioRun run = runStudio(home, {home.filePath("points.csv")}, {}, QStringLiteral("de_DE.UTF-8"));
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("exit code %1: %2").arg(run.exitCode).arg(run.printed)));
        QVERIFY(QImage(home.filePath("window.png")).width() > 0);
    }

    // A file read as the command line says, as `himnet` reads it (the interval and start of a
    // file without timestamps; a long table's value column); the app remembers how. What cannot
    // be read is named, and the options need a dataset.
    void studioReadsTheDatasetAsItIsTold_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QVariantMap>("remembered");
        QTest::newRow("interval and start") << QStringList{"--interval", "15min", "--start", "2021-03-01", "--unit", "veh/15 min"} << 0
                                            << QString()
                                            << QVariantMap{{"intervalSeconds", "900"}, {"startTime", "1614556800"}, {"unit", "veh/15 min"}};
        QTest::newRow("a long table's column, its reading options shown")
            << QStringList{"--value-column", "speed", "--show", "reading-options"} << 0 << QString()
                                               << QVariantMap{{"valueColumn", "speed"}};
        QTest::newRow("a workbook's sheet, its reading options shown")
            << QStringList{"--sheet", "Speeds", "--show", "reading-options"} << 0 << QString() << QVariantMap{{"sheet", "Speeds"}};
        QTest::newRow("a long table's counts totalled into hours")
            << QStringList{"--value-column", "flow", "--interval", "1h", "--aggregate", "sum"} << 0 << QString()
            << QVariantMap{{"valueColumn", "flow"}, {"intervalSeconds", "3600"}, {"aggregation", "sum"}};
        QTest::newRow("aggregation in words") << QStringList{"--interval", "1h", "--aggregate", "median"} << 2
                                              << "himnet-studio: Combine readings: cannot read 'median' as a way to combine readings"
                                              << QVariantMap{};
        QTest::newRow("interval in words") << QStringList{"--interval", "a quarter hour"} << 2 << "himnet-studio: Sampling interval: cannot read"
                                           << QVariantMap{};
        QTest::newRow("marker not a number") << QStringList{"--missing-value", "n/a"} << 2
                                             << "himnet-studio: Missing-value marker: cannot read 'n/a'" << QVariantMap{};
        QTest::newRow("a long table's date order") << QStringList{"--value-column", "speed", "--date-order", "mdy"} << 0 << QString()
                                                   << QVariantMap{{"valueColumn", "speed"}, {"dateOrder", "mdy"}};
        QTest::newRow("no lane type") << QStringList{"--lane-types", "ramps"} << 2
                                      << "himnet-studio: Lane types: 'RAMPS' is no PeMS lane type" << QVariantMap{};
        QTest::newRow("a long table's second day") << QStringList{"--value-column", "speed", "--from", "2021-03-02", "--until", "2021-03-03"}
                                                   << 0 << QString()
                                                   << QVariantMap{{"valueColumn", "speed"}, {"from", "1614643200"}, {"until", "1614729600"}};
        QTest::newRow("a period in words") << QStringList{"--from", "soon"} << 2 << "himnet-studio: Read from: cannot read 'soon'" << QVariantMap{};
    }

    void studioReadsTheDatasetAsItIsTold()
    {
        QFETCH(QStringList, options);
        QFETCH(int, exitCode);
        QFETCH(QString, output);
        QFETCH(QVariantMap, remembered);
        QTemporaryDir home;
        const bool longTable = options.contains("--value-column"), workbook = options.contains("--sheet");
        // A workbook: la-week's first two hours as openpyxl saved them (sheets Speeds, Locations).
        const QString dataFile = home.filePath(workbook ? "speeds.xlsx" : longTable ? "detectors.csv" : "counts.csv");
        if (workbook) QVERIFY(QFile::copy(QStringLiteral(HIMNET_TEST_DATA_DIR "/workbooks/la-long-1904.xlsx"), dataFile));
        else {
            QFile file(dataFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(longTable ? "time,detector,flow,speed\n" : "north,south\n");
            for (int t = 0; t < 4 * 96; ++t) {
                const QByteArray a = QByteArray::number(100 + t % 96), b = QByteArray::number(50 + t % 7);
                if (longTable) {
                    const QByteArray when = QDateTime::fromSecsSinceEpoch(1614556800 + t * 900, QTimeZone::utc()).toString(Qt::ISODate).toUtf8();
                    file.write(when + ",north," + a + "," + b + "\n" + when + ",south," + b + "," + a + "\n");
                } else {
                    file.write(a + "," + b + "\n");
                }
            }
        }
        const StudioRun run = runStudio(home, QStringList{dataFile} + options);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.printed.contains(output), qPrintable(run.printed));
        if (exitCode != 0) return;
        const QSettings settings(studioSettingsFile(home), QSettings::IniFormat);
        const QVariantMap kept = settings.value("datasetReadingOptions").toMap().value(dataFile).toMap();
        QCOMPARE(kept.keys(), remembered.keys());
        for (auto it = remembered.begin(); it != remembered.end(); ++it) QCOMPARE(kept.value(it.key()).toString(), it.value().toString());
        // The picture is the window, or with --show reading-options the dialog alone.
        const QImage picture(home.filePath("window.png"));
        QVERIFY(!picture.isNull());
        QCOMPARE(picture.width() < 800, options.contains("reading-options"));
    }

    // Version 0.1 kept its checkpoints in ".../HimNet Studio/HimNet Studio". The app
    // moves them, and its settings, to the folders it uses now, and points the settings that
    // named the old folder at the new one; where the new folders exist already, it moves nothing.
    void foldersOfEarlierVersionsMove_data()
    {
        QTest::addColumn<bool>("newFoldersExist");
        QTest::newRow("an earlier version's folders") << false;
        QTest::newRow("new folders there already") << true;
    }

    void foldersOfEarlierVersionsMove()
    {
        QFETCH(bool, newFoldersExist);
        QTemporaryDir home;
        const QString data = home.filePath("day.csv");
        QVERIFY(writeADayOfReadings(data));
        const QString oldCheckpoints = earlierDataFolder(home) + "/checkpoints", newCheckpoints = studioDataFolder(home) + "/checkpoints";
        QVERIFY(writeFile(oldCheckpoints + "/day-20260101-120000.h5", "an earlier checkpoint"));
        {
            QSettings earlier(earlierSettingsFile(home), QSettings::IniFormat);
            earlier.setValue("paths/lastDataDir", oldCheckpoints);
            earlier.setValue("recentDatasets", QStringList{oldCheckpoints + "/kept.csv", "/elsewhere/other.csv"});
        }
        if (newFoldersExist) {
            QVERIFY(writeFile(newCheckpoints + "/day-20261201-120000.h5", "a newer checkpoint"));
            QSettings now(studioSettingsFile(home), QSettings::IniFormat);
            now.setValue("paths/lastDataDir", "/data");
        }

        const StudioRun run = runStudio(home, {data});
        QVERIFY2(run.exitCode == 0, qPrintable(run.printed));
        QCOMPARE(run.printed.contains("Moved"), !newFoldersExist);
        // Nothing is lost: the earlier checkpoint is in one place or the other.
        QCOMPARE(QFile::exists(oldCheckpoints + "/day-20260101-120000.h5"), newFoldersExist);
        QCOMPARE(QFile::exists(newCheckpoints + "/day-20260101-120000.h5"), !newFoldersExist);
        QCOMPARE(QFile::exists(earlierSettingsFile(home)), newFoldersExist);
        QCOMPARE(QDir(home.filePath("data/HimNet Studio")).exists(), newFoldersExist); // its emptied parent is gone
        const QSettings settings(studioSettingsFile(home), QSettings::IniFormat);
        QCOMPARE(settings.value("paths/lastDataDir").toString(), newFoldersExist ? QStringLiteral("/data") : newCheckpoints);
        const QStringList recent = settings.value("recentDatasets").toStringList();
        QCOMPARE(recent.value(0), data);
        if (!newFoldersExist) QCOMPARE(recent.mid(1), (QStringList{newCheckpoints + "/kept.csv", "/elsewhere/other.csv"}));
        else QCOMPARE(recent.size(), 1);
    }

    void readingOptionsNeedADataset()
    {
        QTemporaryDir home;
        const StudioRun run = runStudio(home, {"--demo", "--unit", "mph"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.printed.contains("say how to read a dataset: name one"), qPrintable(run.printed));
    }
};

QTEST_MAIN(TestStudioCommandLine)
#include "test_studio_command_line.moc"
