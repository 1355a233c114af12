#include "german_locale.h"
#include "patience.h"

#include <QFileInfo>
#include <QProcess>

namespace himnet::testing {

QString buildGermanLocale(const QString& folder)
{
    const QString locale = folder + QStringLiteral("/de_DE.UTF-8");
    QProcess localedef;
    localedef.setProcessChannelMode(QProcess::MergedChannels);
    localedef.start(QStringLiteral("localedef"), {"-i", "de_DE", "-f", "UTF-8", locale});
    if (!localedef.waitForFinished(himnet::testing::patience(120000))) return QStringLiteral("localedef did not finish");
    if (!QFileInfo::exists(locale)) // it warns, and may exit non-zero, over details that do not matter here
        return QStringLiteral("localedef built no German locale (is Debian's locales package installed? scripts/install-deps.sh "
                              "installs it): ")
            + QString::fromLocal8Bit(localedef.readAll());
    qputenv("LOCPATH", folder.toLocal8Bit());
    return {};
}

} // namespace himnet::testing
