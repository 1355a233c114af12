#include "number_format.h"
#include "himnet/evaluation.h"

#include <QDateTime>
#include <QLocale>

#include <clocale>

void useOneNumberFormat()
{
    std::setlocale(LC_NUMERIC, "C"); // as Qt's documentation advises for code that uses C's number conversions
    QLocale::setDefault(QLocale::c());
}

QString timeText(qint64 utcSeconds, bool withYear)
{
    return QLocale::c().toString(QDateTime::fromSecsSinceEpoch(utcSeconds, Qt::UTC),
                                 withYear ? QStringLiteral("ddd d MMM yyyy HH:mm") : QStringLiteral("ddd d MMM HH:mm"));
}

QString levelText(double level) { return QString::fromStdString(himnet::levelPercent(level)); }
