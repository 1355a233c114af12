#include "number_format.h"

#include <QLocale>

#include <clocale>

void useOneNumberFormat()
{
    std::setlocale(LC_NUMERIC, "C"); // as Qt's documentation advises for code that uses C's number conversions
    QLocale::setDefault(QLocale::c());
}
