#include "test_files.h"

#include <cmath>
#include <fstream>
#include <iterator>

namespace himnet::testing {

std::string writeFileIn(const QTemporaryDir& dir, const std::string& name, const std::string& bytes)
{
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

std::string fileBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ForecastCsvError forecastCsvError(const QStringList& lines, int horizon)
{
    double absoluteErrors = 0;
    ForecastCsvError error;
    const QString step = QString::number(horizon);
    for (const QString& line : lines.mid(1)) {
        const QStringList fields = line.split(',');
        if (fields[2] != step || fields[4].isEmpty()) continue;
        absoluteErrors += std::abs(fields[3].toDouble() - fields[4].toDouble());
        ++error.targets;
    }
    if (error.targets > 0) error.mae = absoluteErrors / static_cast<double>(error.targets);
    return error;
}

} // namespace himnet::testing
