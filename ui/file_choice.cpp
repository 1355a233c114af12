#include "file_choice.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>

namespace {
const QString kLastFolderKey = QStringLiteral("paths/lastExportDir");
}

QString withFilterSuffix(const QString& path, const QString& filter)
{
    if (path.isEmpty() || !QFileInfo(path).suffix().isEmpty()) return path;
    static const QRegularExpression firstPattern(QStringLiteral("\\*\\.([A-Za-z0-9]+)"));
    const QRegularExpressionMatch match = firstPattern.match(filter);
    return match.hasMatch() ? path + QLatin1Char('.') + match.captured(1) : path;
}

QString chooseFileToWrite(QWidget* parent, const QString& title, const QString& suggestedName, const QString& filters)
{
    QSettings settings;
    const QString folder = settings.value(kLastFolderKey, QDir::homePath()).toString();
    QString chosenFilter;
    const QString path = QFileDialog::getSaveFileName(parent, title, QDir(folder).filePath(suggestedName), filters, &chosenFilter);
    if (path.isEmpty()) return path;
    settings.setValue(kLastFolderKey, QFileInfo(path).absolutePath());
    return withFilterSuffix(path, chosenFilter.isEmpty() ? filters.section(QStringLiteral(";;"), 0, 0) : chosenFilter);
}
