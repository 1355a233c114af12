#pragma once
// What the app keeps for each dataset file or folder across starts (the reading options, the
// holidays chosen for training), in QSettings under one group per kind, keyed by the absolute
// path, for the recent datasets only.
#include <QString>
#include <QStringList>
#include <QVariant>

/// The value of `group` kept for the dataset at `path` (absolute or relative); invalid if none.
QVariant datasetSetting(const QString& group, const QString& path);
/// Keeps `value` for `path` in `group`; an invalid or empty value forgets it.
void setDatasetSetting(const QString& group, const QString& path, const QVariant& value);
/// Forgets, in every group, the datasets but `paths` (the recent ones), so that they do not pile up.
void keepDatasetSettingsOnlyFor(const QStringList& paths);

/// The holidays last chosen for training on the dataset at `path`: "us", a file's path; empty: none.
QString rememberedHolidays(const QString& path);
void rememberHolidays(const QString& path, const QString& choice);
