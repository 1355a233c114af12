#pragma once
// How the app reads a dataset where its files do not say: the sampling interval and first
// timestamp of files without timestamps (or, with them, longer steps and how their readings
// are combined into them: averaged or totalled), the missing-value marker, what the values measure,
// which column of a long table (time, sensor, values) to forecast, which sheet of an Excel
// workbook holds the series, whether dates with slashes put the month or the day first,
// which lane types of PeMS stations to read, and the period to read (a level that changed, an
// outage, a month alone).
// The engine's himnet::LoadOptions, remembered per dataset path in the app's settings, so that
// reopening a file (recent menu, next start) reads it as the user said it should be read.
#include "himnet/dataset.h"

#include <QString>
#include <QStringList>
#include <QVariantMap>

/// Options as settings values; unset options have no key.
QVariantMap readingOptionsToVariant(const himnet::LoadOptions& options);
/// The inverse; keys that are missing or of the wrong kind leave their option unset.
himnet::LoadOptions readingOptionsFromVariant(const QVariantMap& map);
/// True when no option is set: the files are read as they say.
bool readingOptionsEmpty(const himnet::LoadOptions& options);
/// "sheet 'Counts', column 'flow', every 15 min, totalled, dates month first, from 2020-01-06 00:00:00 UTC, missing value -1, flow (veh/h),
/// steps from 2020-02-01 00:00:00 until 2020-03-01 00:00:00 UTC", or
/// "as the files say" when none is set.
QString describeReadingOptions(const himnet::LoadOptions& options);

/// Options as a person types them, one text per option; empty: read as the files say.
struct ReadingEntries {
    QString interval, start, missingValue, quantity, unit, valueColumn, sheet;
    QString aggregate; ///< "mean" or "sum" (himnet::parseAggregation); empty: the mean, unsaid
    QString dateOrder; ///< "mdy" or "dmy" (himnet::parseDateOrder); empty: as the dates show
    QString laneTypes; ///< PeMS lane types, "ML, HV" (himnet::parseLaneTypes); empty: all
    QString from, until; ///< the period to read (himnet::parseTimestamp, in the date order given); empty: from the first step, to the last
};
/// What `entries` give, or, in `problem`, the first that cannot be read, named
/// ("Sampling interval: …"); `options` then holds the entries read before it.
struct ParsedReadingEntries {
    himnet::LoadOptions options;
    QString problem;
};
ParsedReadingEntries parseReadingEntries(const ReadingEntries& entries);

/// himnet::formatInterval as text for the window: "15 min".
QString intervalText(int64_t seconds);
/// PeMS lane types as the window writes them (and parseLaneTypes reads them): "ML, HV".
QString laneTypesText(const std::vector<std::string>& types);

/// The options last used for the dataset at `path` (absolute or relative), none if never set.
himnet::LoadOptions rememberedReadingOptions(const QString& path);
/// Remembers `options` for `path`; empty options forget it. keepDatasetSettingsOnlyFor
/// (dataset_settings.h) forgets those of datasets no longer recent.
void rememberReadingOptions(const QString& path, const himnet::LoadOptions& options);
