#pragma once
// What the reading-options tests share: options built one field at a time, how two of them
// compare and read, the files they are tried on (counts without timestamps, a detector
// export, a workbook) and the dialog's entries and buttons.
#include "reading_options.h"
#include "reading_options_dialog.h"
#include "test_paths.h"

#include "himnet/dataset.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>

#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace reading_options_testing {

using himnet::LoadOptions;

inline LoadOptions optionsWith(std::optional<int64_t> interval, std::optional<int64_t> start, std::optional<float> missing,
                        std::optional<std::string> quantity, std::optional<std::string> unit)
{
    LoadOptions o;
    o.intervalSeconds = interval;
    o.startTime = start;
    o.missingValue = missing;
    o.quantity = std::move(quantity);
    o.unit = std::move(unit);
    return o;
}

inline LoadOptions readingColumn(const std::string& column)
{
    LoadOptions o;
    o.valueColumn = column;
    return o;
}

inline LoadOptions totalledInto(int64_t interval)
{
    LoadOptions o;
    o.intervalSeconds = interval;
    o.aggregation = himnet::Aggregation::Sum;
    return o;
}

inline LoadOptions readingDates(himnet::DateOrder order)
{
    LoadOptions o;
    o.dateOrder = order;
    return o;
}

inline LoadOptions readingLaneTypes(std::vector<std::string> types)
{
    LoadOptions o;
    o.laneTypes = std::move(types);
    return o;
}

inline LoadOptions readingSheet(const std::string& sheet)
{
    LoadOptions o;
    o.sheet = sheet;
    return o;
}

/// The steps from `from` until `until` (empty: unset) alone.
inline LoadOptions readingPeriod(const std::string& from, const std::string& until)
{
    LoadOptions o;
    if (!from.empty()) o.from = himnet::parseTimestamp(from);
    if (!until.empty()) o.until = himnet::parseTimestamp(until);
    return o;
}

/// Made by openpyxl from la-week: sheets "Speeds" (a long table) and "Locations".
inline QString speedsWorkbook() { return QStringLiteral(HIMNET_TEST_DATA_DIR "/workbooks/la-long-1904.xlsx"); }

inline bool sameOptions(const LoadOptions& a, const LoadOptions& b)
{
    return a.intervalSeconds == b.intervalSeconds && a.startTime == b.startTime && a.missingValue == b.missingValue
        && a.quantity == b.quantity && a.unit == b.unit && a.valueColumn == b.valueColumn && a.sheet == b.sheet
        && a.aggregation == b.aggregation && a.dateOrder == b.dateOrder && a.laneTypes == b.laneTypes && a.from == b.from && a.until == b.until;
}

inline QString describe(const LoadOptions& o)
{
    return describeReadingOptions(o) + QStringLiteral(" [interval %1, start %2]")
                                           .arg(o.intervalSeconds ? QString::number(*o.intervalSeconds) : QStringLiteral("-"),
                                                o.startTime ? QString::number(*o.startTime) : QStringLiteral("-"));
}

/// Eight days of 15-minute counts at three sensors, in a CSV without timestamps: read as the
/// files say, it would be 5-minute steps from 2018-01-01.
inline QString writeCountsWithoutTimestamps(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("counts.csv"));
    std::ofstream out(path.toStdString());
    out << "north,centre,south\n";
    for (int t = 0; t < 8 * 96; ++t) out << 100 + t % 96 << ',' << 200 + t % 7 << ',' << (t % 50 == 0 ? -1 : 50 + t % 13) << '\n';
    return path;
}

/// Two days of three detectors as a traffic database exports them: a row per time and detector,
/// two value columns.
inline QString writeDetectorExport(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("detectors.csv"));
    std::ofstream out(path.toStdString());
    out << "timestamp,detector,flow,speed\n";
    for (int t = 0; t < 2 * 288; ++t)
        for (int d = 0; d < 3; ++d)
            out << himnet::formatTimestamp(himnet::parseTimestamp("2021-03-01") + t * 300) << ",D" << d << ',' << 20 + (t + d) % 30 << ','
                << 50 + (t * d) % 20 << '\n';
    return path;
}

inline LoadOptions countsAsTheyWereTaken()
{
    return optionsWith(900, himnet::parseTimestamp("2021-03-01"), -1.0f, std::string("flow"), std::string("veh/15 min"));
}

inline QLineEdit* entry(const ReadingOptionsDialog& dialog, const char* name) { return dialog.findChild<QLineEdit*>(QString::fromLatin1(name)); }

inline QPushButton* readAgainButton(const ReadingOptionsDialog& dialog)
{
    return dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

inline QPushButton* buttonLabelled(QWidget* dialog, const QString& text)
{
    for (auto* button : dialog->findChildren<QPushButton*>())
        if (button->text().remove(QLatin1Char('&')) == text) return button;
    return nullptr;
}

} // namespace reading_options_testing
