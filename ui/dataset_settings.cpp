#include "dataset_settings.h"

#include <QFileInfo>
#include <QSettings>
#include <QVariantMap>

#include <iterator>

namespace {

const QString kReadingOptionsGroup = QStringLiteral("datasetReadingOptions");
const QString kHolidaysGroup = QStringLiteral("datasetHolidays");

QString settingsPath(const QString& path) { return QFileInfo(path).absoluteFilePath(); }

void storeGroup(QSettings& settings, const QString& group, const QVariantMap& all)
{
    if (all.isEmpty()) settings.remove(group);
    else settings.setValue(group, all);
}

bool isEmptyValue(const QVariant& value)
{
    if (!value.isValid()) return true;
    if (value.typeId() == QMetaType::QVariantMap) return value.toMap().isEmpty();
    return value.toString().isEmpty();
}

} // namespace

QVariant datasetSetting(const QString& group, const QString& path)
{
    return QSettings().value(group).toMap().value(settingsPath(path));
}

void setDatasetSetting(const QString& group, const QString& path, const QVariant& value)
{
    QSettings settings;
    QVariantMap all = settings.value(group).toMap();
    if (isEmptyValue(value)) all.remove(settingsPath(path));
    else all[settingsPath(path)] = value;
    storeGroup(settings, group, all);
}

void keepDatasetSettingsOnlyFor(const QStringList& paths)
{
    QStringList kept;
    for (const QString& path : paths) kept << settingsPath(path);
    QSettings settings;
    for (const QString& group : {kReadingOptionsGroup, kHolidaysGroup}) {
        QVariantMap all = settings.value(group).toMap();
        for (auto it = all.begin(); it != all.end();) it = kept.contains(it.key()) ? std::next(it) : all.erase(it);
        storeGroup(settings, group, all);
    }
}

QString rememberedHolidays(const QString& path) { return datasetSetting(kHolidaysGroup, path).toString(); }

void rememberHolidays(const QString& path, const QString& choice) { setDatasetSetting(kHolidaysGroup, path, choice); }
