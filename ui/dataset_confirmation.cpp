#include "dataset_confirmation.h"

#include "engine_types.h"
#include "reading_options.h"

#include "himnet/errors.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

namespace {

/// "format: long-xlsx, sheet 'Speeds', column 'Speed (mph)'": how the series was read.
QString formatLine(const himnet::DatasetSummary& s)
{
    QString line = QObject::tr("format: %1").arg(QString::fromStdString(s.format));
    if (!s.sheet.empty()) line += QObject::tr(", sheet '%1'").arg(QString::fromStdString(s.sheet));
    if (!s.valueColumn.empty()) line += QObject::tr(", column '%1'").arg(QString::fromStdString(s.valueColumn));
    return line;
}

} // namespace

DatasetChoice askToOpenDataset(const LoadedDataset& dataset, QWidget* parent)
{
    const auto& s = dataset.summary;
    QString notes;
    for (const std::string& note : s.notes) notes += QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(note).toHtmlEscaped());
    QMessageBox box(QMessageBox::Question, QObject::tr("Open dataset"),
                    QObject::tr("<b>%1</b><br>%2 sensors, %3 steps every %4 (%5 days)<br>%6 … %7 UTC<br>missing %8 %<br>%9<br>%10%11")
                        .arg(QString::fromStdString(s.name))
                        .arg(s.sensors)
                        .arg(s.steps)
                        .arg(intervalText(s.intervalSeconds))
                        .arg(s.days, 0, 'f', 1)
                        .arg(QString::fromStdString(s.start), QString::fromStdString(s.end))
                        .arg(s.missingPercent, 0, 'f', 2)
                        .arg(s.hasCoordinates ? QObject::tr("coordinates: yes") : QObject::tr("coordinates: no (graph layout)"))
                        .arg(formatLine(s), notes),
                    QMessageBox::Open | QMessageBox::Cancel, parent);
    box.setDetailedText(QString::fromStdString(himnet::toText(s)));
    QPushButton* options = box.addButton(QObject::tr("Reading Options…"), QMessageBox::ActionRole);
    options->setToolTip(QObject::tr("Say how to read what the files do not say: value column, interval, start, missing value, unit"));
    QPushButton* laterLevel = nullptr;
    if (!s.levelChangedOn.empty()) {
        laterLevel = box.addButton(QObject::tr("Read from %1 On").arg(QString::fromStdString(s.levelChangedOn)), QMessageBox::ActionRole);
        laterLevel->setToolTip(QObject::tr("Leave out the days before the readings changed level, so that a model learns the later level "
                                           "alone (Read from, in Reading Options, changes it)"));
    }
    const int answer = box.exec();
    if (box.clickedButton() == options) return DatasetChoice::ChangeReadingOptions;
    if (laterLevel && box.clickedButton() == laterLevel) return DatasetChoice::ReadFromLevelChange;
    return answer == QMessageBox::Open ? DatasetChoice::Open : DatasetChoice::Cancel;
}

QString readingOfDate(const QString& date, himnet::DateOrder order)
{
    try {
        const int64_t seconds = himnet::parseTimestamp(date.toStdString(), order);
        return QLocale::c().toString(QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC), QStringLiteral("d MMMM yyyy"));
    } catch (const himnet::InputError&) {
        return {};
    }
}

std::optional<himnet::DateOrder> askDateOrder(const QString& path, const QString& date, QWidget* parent)
{
    const QString monthFirst = readingOfDate(date, himnet::DateOrder::MonthFirst), dayFirst = readingOfDate(date, himnet::DateOrder::DayFirst);
    QMessageBox box(QMessageBox::Question, QObject::tr("Open dataset"),
                    QObject::tr("<b>Is %1 %2 or %3?</b><br>The dates of %4 are written with slashes, and they do not show "
                                "whether the month or the day comes first (a file of one day, say, with no number above 12).")
                        .arg(date.toHtmlEscaped(), monthFirst, dayFirst, QFileInfo(path).fileName().toHtmlEscaped()),
                    QMessageBox::Cancel, parent);
    QPushButton* month = box.addButton(QObject::tr("Month First: %1").arg(monthFirst), QMessageBox::AcceptRole);
    month->setObjectName(QStringLiteral("monthFirstButton"));
    month->setToolTip(QObject::tr("As in the US: 12/4 is 4 December"));
    QPushButton* day = box.addButton(QObject::tr("Day First: %1").arg(dayFirst), QMessageBox::AcceptRole);
    day->setObjectName(QStringLiteral("dayFirstButton"));
    day->setToolTip(QObject::tr("As in most of the world: 12/4 is 12 April"));
    box.setInformativeText(QObject::tr("The answer is remembered for this file (File → Reading Options changes it)."));
    box.exec();
    if (box.clickedButton() == month) return himnet::DateOrder::MonthFirst;
    if (box.clickedButton() == day) return himnet::DateOrder::DayFirst;
    return std::nullopt;
}
