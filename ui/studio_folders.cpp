#include "studio_folders.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace {

const QString kApplication = QStringLiteral("HimNet Studio");
const QString kOrganization = QStringLiteral("HimNet");
const QString kEarlierOrganization = QStringLiteral("HimNet Studio");

/// `path` with `from` at its start replaced by `to`; any other path as it is.
QString movedPath(const QString& path, const QString& from, const QString& to)
{
    if (path == from) return to;
    if (path.startsWith(from + QLatin1Char('/'))) return to + path.mid(from.size());
    return path;
}

/// Points every setting that names a file or folder inside the moved data folder at its new
/// place (the last folder a file dialog showed, a recent dataset kept there).
void followTheMove(QSettings& settings, const QString& from, const QString& to)
{
    for (const QString& key : settings.allKeys()) {
        const QVariant value = settings.value(key);
        if (value.typeId() == QMetaType::QString) {
            const QString moved = movedPath(value.toString(), from, to);
            if (moved != value.toString()) settings.setValue(key, moved);
        } else if (value.typeId() == QMetaType::QStringList) {
            QStringList paths = value.toStringList();
            for (QString& path : paths) path = movedPath(path, from, to);
            if (paths != value.toStringList()) settings.setValue(key, paths);
        }
    }
}

/// Moves `from` to `to` when `from` exists and `to` does not, and removes `from`'s parent if
/// that leaves it empty; says what it did in `log`. Returns whether it moved anything.
bool moveIfAlone(const QString& from, const QString& to, QStringList& log)
{
    if (!QFileInfo::exists(from) || QFileInfo::exists(to)) return false;
    QDir().mkpath(QFileInfo(to).absolutePath());
    if (!QDir().rename(from, to)) {
        log << QStringLiteral("Could not move %1 to %2; the Studio starts without what it holds").arg(from, to);
        return false;
    }
    QDir().rmdir(QFileInfo(from).absolutePath()); // only when empty
    log << QStringLiteral("Moved %1 to %2").arg(from, to);
    return true;
}

} // namespace

QStringList useStudioFolders()
{
    QCoreApplication::setApplicationName(kApplication);
    QCoreApplication::setOrganizationName(kOrganization);

    const QString dataRoot = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    const QString configRoot = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    const QString oldData = dataRoot + '/' + kEarlierOrganization + '/' + kApplication;
    const QString newData = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString oldSettings = configRoot + '/' + kEarlierOrganization + '/' + kApplication + QStringLiteral(".conf");
    QStringList log;
    const bool dataMoved = moveIfAlone(oldData, newData, log);
    moveIfAlone(oldSettings, QSettings().fileName(), log);
    if (dataMoved) {
        QSettings settings;
        followTheMove(settings, oldData, newData);
    }
    return log;
}
