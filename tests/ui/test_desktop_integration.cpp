// The app as a desktop sees it: its icon at every theme size, and what `cmake --install` puts
// on disk (binaries, desktop entry, icons, AppStream metadata), checked with the validators
// that distributions run.
#include "studio_icon.h"
#include "test_paths.h"

#include "himnet/runtime.h"
#include "patience.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest/QtTest>

#include <set>

namespace {

/// Hues (in 30° buckets) of the icon's bright, saturated pixels: the sensors' zone colours and
/// the forecast's orange. A blank or single-colour icon has at most one.
int saturatedHues(const QImage& image)
{
    std::set<int> buckets;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.alpha() == 255 && c.hsvSaturationF() > 0.4 && c.valueF() > 0.6) buckets.insert(c.hsvHue() / 30);
        }
    return static_cast<int>(buckets.size());
}

/// The desktop entry's keys (the [Desktop Entry] group only).
QMap<QString, QString> desktopEntry(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return {};
    QMap<QString, QString> keys;
    bool inEntry = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(QLatin1Char('['))) inEntry = line == QStringLiteral("[Desktop Entry]");
        else if (inEntry && line.contains(QLatin1Char('='))) keys.insert(line.section(QLatin1Char('='), 0, 0), line.section(QLatin1Char('='), 1));
    }
    return keys;
}

struct Metainfo {
    QString id, launchable, newestRelease;
};

Metainfo readMetainfo(const QString& path)
{
    QFile file(path);
    Metainfo m;
    if (!file.open(QIODevice::ReadOnly)) return m;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        if (xml.name() == QStringLiteral("id")) m.id = xml.readElementText();
        else if (xml.name() == QStringLiteral("launchable")) m.launchable = xml.readElementText();
        else if (xml.name() == QStringLiteral("release") && m.newestRelease.isEmpty())
            m.newestRelease = xml.attributes().value(QStringLiteral("version")).toString();
    }
    return m;
}

/// Runs a validator; its output goes into the failure message.
void validate(const QString& program, const QStringList& arguments)
{
    const QString path = QStandardPaths::findExecutable(program);
    QVERIFY2(!path.isEmpty(), qPrintable(program + QStringLiteral(" is missing: scripts/install-deps.sh installs it")));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(path, arguments);
    QVERIFY(p.waitForFinished(himnet::testing::patience(60000)));
    const QString output = QString::fromUtf8(p.readAll());
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(output));
}

} // namespace

class TestDesktopIntegration : public QObject {
    Q_OBJECT

    QTemporaryDir m_prefix;

    QString installed(const QString& relative) const { return m_prefix.filePath(relative); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_prefix.isValid());
        QProcess install;
        install.setProcessChannelMode(QProcess::MergedChannels);
        install.start(QStringLiteral(HIMNET_CMAKE_COMMAND),
                      {QStringLiteral("--install"), QStringLiteral(HIMNET_BUILD_DIR), QStringLiteral("--prefix"), m_prefix.path()});
        QVERIFY(install.waitForFinished(himnet::testing::patience(120000)));
        QVERIFY2(install.exitCode() == 0, install.readAll().constData());
    }

    void iconAtEverySize_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("minimumHues");
        for (const int size : studioIconSizes())
            QTest::addRow("%dx%d", size, size) << size << (size < 40 ? 3 : 5); // below 40: three sensors and the forecast
    }

    void iconAtEverySize()
    {
        QFETCH(int, size);
        QFETCH(int, minimumHues);
        const QImage icon = paintStudioIcon(size);
        QCOMPARE(icon.size(), QSize(size, size));
        // A rounded square: clear corners, an opaque body, and the zones' colours on it.
        for (const QPoint corner : {QPoint(0, 0), QPoint(size - 1, 0), QPoint(0, size - 1), QPoint(size - 1, size - 1)})
            QCOMPARE(icon.pixelColor(corner).alpha(), 0);
        QCOMPARE(icon.pixelColor(size / 2, size / 2).alpha(), 255);
        QVERIFY2(saturatedHues(icon) >= minimumHues, qPrintable(QString::number(saturatedHues(icon))));
        // The theme's PNG is this very drawing.
        const QImage file(installed(QStringLiteral("share/icons/hicolor/%1x%1/apps/himnet-studio.png").arg(size)));
        QCOMPARE(file.size(), icon.size());
        QCOMPARE(file.convertToFormat(QImage::Format_ARGB32), icon.convertToFormat(QImage::Format_ARGB32));
    }

    void windowIconHasEverySize()
    {
        const QIcon icon = studioIcon();
        for (const int size : studioIconSizes()) QVERIFY(icon.availableSizes().contains(QSize(size, size)));
    }

    void desktopEntryStartsTheInstalledApp()
    {
        const QString path = installed(QStringLiteral("share/applications/himnet-studio.desktop"));
        const auto entry = desktopEntry(path);
        QCOMPARE(entry.value(QStringLiteral("Type")), QStringLiteral("Application"));
        QCOMPARE(entry.value(QStringLiteral("Icon")), QStringLiteral("himnet-studio"));
        const QString program = entry.value(QStringLiteral("Exec")).section(QLatin1Char(' '), 0, 0);
        QVERIFY(QFileInfo(installed(QStringLiteral("bin/") + program)).isExecutable());
        QVERIFY(QFileInfo(installed(QStringLiteral("bin/himnet"))).isExecutable());
        validate(QStringLiteral("desktop-file-validate"), {path});
    }

    void metainfoDescribesThisRelease()
    {
        const QString path = installed(QStringLiteral("share/metainfo/org.himnetstudio.HimNetStudio.metainfo.xml"));
        const Metainfo m = readMetainfo(path);
        QCOMPARE(m.id, QStringLiteral("org.himnetstudio.HimNetStudio"));
        QVERIFY(QFileInfo::exists(installed(QStringLiteral("share/applications/") + m.launchable)));
        // A new version needs its release in the metadata.
        QCOMPARE(m.newestRelease, QString::fromStdString(himnet::versionString()));
        validate(QStringLiteral("appstreamcli"), {QStringLiteral("validate"), QStringLiteral("--no-net"), path});
    }
};

QTEST_MAIN(TestDesktopIntegration)
#include "test_desktop_integration.moc"
