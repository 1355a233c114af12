#include "reading_options.h"
#include "dataset_settings.h"

#include "himnet/errors.h"

#include <QLocale>
#include <QObject>
#include <QStringList>

#include <cmath>
#include <limits>
#include <tuple>

namespace {

const QString kSettingsGroup = QStringLiteral("datasetReadingOptions"); // dataset_settings.cpp prunes it too
const QString kInterval = QStringLiteral("intervalSeconds");
const QString kStart = QStringLiteral("startTime");
const QString kMissing = QStringLiteral("missingValue");
const QString kQuantity = QStringLiteral("quantity");
const QString kUnit = QStringLiteral("unit");
const QString kValueColumn = QStringLiteral("valueColumn");
const QString kSheet = QStringLiteral("sheet");
const QString kAggregation = QStringLiteral("aggregation");
const QString kDateOrder = QStringLiteral("dateOrder");
const QString kLaneTypes = QStringLiteral("laneTypes");
const QString kFrom = QStringLiteral("from");
const QString kUntil = QStringLiteral("until");

// Settings files store numbers as text: a value counts when it converts.
std::optional<qint64> integerIn(const QVariantMap& map, const QString& key)
{
    bool ok = false;
    const qint64 value = map.value(key).toLongLong(&ok);
    return map.contains(key) && ok ? std::optional<qint64>(value) : std::nullopt;
}

} // namespace

QString intervalText(int64_t seconds) { return QString::fromStdString(himnet::formatInterval(seconds)); }

QString laneTypesText(const std::vector<std::string>& types)
{
    QStringList texts;
    for (const auto& type : types) texts << QString::fromStdString(type);
    return texts.join(QStringLiteral(", "));
}

ParsedReadingEntries parseReadingEntries(const ReadingEntries& entries)
{
    ParsedReadingEntries parsed;
    himnet::LoadOptions& o = parsed.options;
    auto failed = [&parsed](const QString& problem) {
        parsed.problem = problem;
        return parsed;
    };
    try {
        if (const QString text = entries.interval.trimmed(); !text.isEmpty()) {
            o.intervalSeconds = himnet::parseInterval(text.toStdString());
            if (86400 % *o.intervalSeconds != 0)
                return failed(QObject::tr("Sampling interval: %1 does not divide a day (a model learns one embedding per time of day)")
                                  .arg(intervalText(*o.intervalSeconds)));
        }
    } catch (const himnet::InputError& e) {
        return failed(QObject::tr("Sampling interval: %1").arg(QString::fromStdString(e.what())));
    }
    try {
        if (const QString text = entries.aggregate.trimmed(); !text.isEmpty()) o.aggregation = himnet::parseAggregation(text.toStdString());
    } catch (const himnet::InputError& e) {
        return failed(QObject::tr("Combine readings: %1").arg(QString::fromStdString(e.what())));
    }
    try {
        if (const QString text = entries.start.trimmed(); !text.isEmpty()) o.startTime = himnet::parseTimestamp(text.toStdString());
    } catch (const himnet::InputError& e) {
        return failed(QObject::tr("First timestamp: %1").arg(QString::fromStdString(e.what())));
    }
    if (const QString text = entries.missingValue.trimmed(); !text.isEmpty()) {
        bool ok = false;
        const double value = QLocale::c().toDouble(text, &ok);
        if (!ok || !std::isfinite(value) || std::abs(value) > std::numeric_limits<float>::max())
            return failed(QObject::tr("Missing-value marker: cannot read '%1' as a number").arg(text));
        o.missingValue = static_cast<float>(value);
    }
    if (const QString text = entries.quantity.trimmed(); !text.isEmpty()) o.quantity = text.toStdString();
    if (const QString text = entries.unit.trimmed(); !text.isEmpty()) o.unit = text.toStdString();
    if (const QString text = entries.valueColumn.trimmed(); !text.isEmpty()) o.valueColumn = text.toStdString();
    if (!entries.sheet.isEmpty()) o.sheet = entries.sheet.toStdString(); // as named: a sheet's name may end in a space
    try {
        if (const QString text = entries.dateOrder.trimmed(); !text.isEmpty()) o.dateOrder = himnet::parseDateOrder(text.toStdString());
    } catch (const himnet::InputError& e) {
        return failed(QObject::tr("Date order: %1").arg(QString::fromStdString(e.what())));
    }
    try {
        if (const QString text = entries.laneTypes.trimmed(); !text.isEmpty()) o.laneTypes = himnet::parseLaneTypes(text.toStdString());
    } catch (const himnet::InputError& e) {
        return failed(QObject::tr("Lane types: %1").arg(QString::fromStdString(e.what())));
    }
    const himnet::DateOrder order = o.dateOrder.value_or(himnet::DateOrder::Unstated);
    for (const auto& [text, time, name] : {std::tuple{entries.from.trimmed(), &o.from, QObject::tr("Read from")},
                                           std::tuple{entries.until.trimmed(), &o.until, QObject::tr("Read until")}})
        try {
            if (!text.isEmpty()) *time = himnet::parseTimestamp(text.toStdString(), order);
        } catch (const himnet::InputError& e) {
            return failed(QObject::tr("%1: %2").arg(name, QString::fromStdString(e.what())));
        }
    if (o.from && o.until && *o.until <= *o.from)
        return failed(QObject::tr("Read until: %1 is not after the time to read from, %2")
                          .arg(QString::fromStdString(himnet::formatTimestamp(*o.until)), QString::fromStdString(himnet::formatTimestamp(*o.from))));
    return parsed;
}


QVariantMap readingOptionsToVariant(const himnet::LoadOptions& options)
{
    QVariantMap map;
    if (options.intervalSeconds) map[kInterval] = qint64(*options.intervalSeconds);
    if (options.startTime) map[kStart] = qint64(*options.startTime);
    if (options.missingValue) map[kMissing] = double(*options.missingValue);
    if (options.quantity) map[kQuantity] = QString::fromStdString(*options.quantity);
    if (options.unit) map[kUnit] = QString::fromStdString(*options.unit);
    if (options.valueColumn) map[kValueColumn] = QString::fromStdString(*options.valueColumn);
    if (options.sheet) map[kSheet] = QString::fromStdString(*options.sheet);
    if (options.aggregation) map[kAggregation] = QString::fromStdString(himnet::aggregationName(*options.aggregation));
    if (options.dateOrder == himnet::DateOrder::MonthFirst) map[kDateOrder] = QStringLiteral("mdy");
    if (options.dateOrder == himnet::DateOrder::DayFirst) map[kDateOrder] = QStringLiteral("dmy");
    if (!options.laneTypes.empty()) map[kLaneTypes] = laneTypesText(options.laneTypes);
    if (options.from) map[kFrom] = qint64(*options.from);
    if (options.until) map[kUntil] = qint64(*options.until);
    return map;
}

himnet::LoadOptions readingOptionsFromVariant(const QVariantMap& map)
{
    himnet::LoadOptions options;
    if (const auto interval = integerIn(map, kInterval); interval && *interval > 0) options.intervalSeconds = *interval;
    if (const auto start = integerIn(map, kStart)) options.startTime = *start;
    if (const auto from = integerIn(map, kFrom)) options.from = *from;
    if (const auto until = integerIn(map, kUntil)) options.until = *until;
    bool ok = false;
    const double missing = map.value(kMissing).toDouble(&ok);
    if (map.contains(kMissing) && ok && std::isfinite(missing)) options.missingValue = static_cast<float>(missing);
    if (const QString quantity = map.value(kQuantity).toString(); !quantity.isEmpty()) options.quantity = quantity.toStdString();
    if (const QString unit = map.value(kUnit).toString(); !unit.isEmpty()) options.unit = unit.toStdString();
    if (const QString column = map.value(kValueColumn).toString(); !column.isEmpty()) options.valueColumn = column.toStdString();
    if (const QString sheet = map.value(kSheet).toString(); !sheet.isEmpty()) options.sheet = sheet.toStdString();
    const QString aggregation = map.value(kAggregation).toString();
    if (aggregation == QLatin1String("sum")) options.aggregation = himnet::Aggregation::Sum;
    else if (aggregation == QLatin1String("mean")) options.aggregation = himnet::Aggregation::Mean;
    const QString dateOrder = map.value(kDateOrder).toString();
    if (dateOrder == QLatin1String("mdy")) options.dateOrder = himnet::DateOrder::MonthFirst;
    else if (dateOrder == QLatin1String("dmy")) options.dateOrder = himnet::DateOrder::DayFirst;
    try {
        options.laneTypes = himnet::parseLaneTypes(map.value(kLaneTypes).toString().toStdString());
    } catch (const himnet::InputError&) {
        // a code this version does not know: read every station
    }
    return options;
}

bool readingOptionsEmpty(const himnet::LoadOptions& o)
{
    return !o.intervalSeconds && !o.aggregation && !o.startTime && !o.missingValue && !o.quantity && !o.unit && !o.valueColumn && !o.sheet
        && (!o.dateOrder || *o.dateOrder == himnet::DateOrder::Unstated) && o.laneTypes.empty() && !o.from && !o.until;
}

QString describeReadingOptions(const himnet::LoadOptions& o)
{
    if (readingOptionsEmpty(o)) return QObject::tr("as the files say");
    QStringList parts;
    if (o.sheet) parts << QObject::tr("sheet '%1'").arg(QString::fromStdString(*o.sheet));
    if (o.valueColumn) parts << QObject::tr("column '%1'").arg(QString::fromStdString(*o.valueColumn));
    if (o.intervalSeconds) parts << QObject::tr("every %1").arg(intervalText(*o.intervalSeconds));
    if (o.aggregation) parts << (*o.aggregation == himnet::Aggregation::Sum ? QObject::tr("totalled") : QObject::tr("averaged"));
    if (o.dateOrder == himnet::DateOrder::MonthFirst) parts << QObject::tr("dates month first");
    if (o.dateOrder == himnet::DateOrder::DayFirst) parts << QObject::tr("dates day first");
    if (!o.laneTypes.empty()) parts << QObject::tr("lane types %1").arg(laneTypesText(o.laneTypes));
    if (o.startTime) parts << QObject::tr("from %1 UTC").arg(QString::fromStdString(himnet::formatTimestamp(*o.startTime)));
    if (o.missingValue) parts << QObject::tr("missing value %1").arg(double(*o.missingValue));
    const QString quantity = o.quantity ? QString::fromStdString(*o.quantity) : QString();
    const QString unit = o.unit ? QString::fromStdString(*o.unit) : QString();
    if (!quantity.isEmpty() && !unit.isEmpty()) parts << QStringLiteral("%1 (%2)").arg(quantity, unit);
    else if (!quantity.isEmpty()) parts << quantity;
    else if (!unit.isEmpty()) parts << QObject::tr("unit %1").arg(unit);
    const auto timeText = [](int64_t time) { return QString::fromStdString(himnet::formatTimestamp(time)); };
    if (o.from && o.until) parts << QObject::tr("steps from %1 until %2 UTC").arg(timeText(*o.from), timeText(*o.until));
    else if (o.from) parts << QObject::tr("steps from %1 UTC on").arg(timeText(*o.from));
    else if (o.until) parts << QObject::tr("steps before %1 UTC").arg(timeText(*o.until));
    return parts.join(QStringLiteral(", "));
}

himnet::LoadOptions rememberedReadingOptions(const QString& path)
{
    return readingOptionsFromVariant(datasetSetting(kSettingsGroup, path).toMap());
}

void rememberReadingOptions(const QString& path, const himnet::LoadOptions& options)
{
    setDatasetSetting(kSettingsGroup, path, readingOptionsEmpty(options) ? QVariant() : QVariant(readingOptionsToVariant(options)));
}
