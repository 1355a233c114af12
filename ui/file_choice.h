#pragma once
// Asking where to write a file (a forecast, the metrics, a checkpoint): the folder used last
// time, a suggested name, and the extension of the type chosen when the name typed has none,
// since the file's type follows its extension (himnet::writeForecastFile).
#include <QString>

class QWidget;

/// `path` ending in the first extension `filter` lists ("Excel workbook (*.xlsx)" gives
/// ".xlsx") when its file name has none; otherwise `path` as it is.
QString withFilterSuffix(const QString& path, const QString& filter);

/// A save dialog over `filters` ("CSV (*.csv);;Excel workbook (*.xlsx)"), opened in the folder
/// last written to, on `suggestedName`. Empty when cancelled.
QString chooseFileToWrite(QWidget* parent, const QString& title, const QString& suggestedName, const QString& filters);
