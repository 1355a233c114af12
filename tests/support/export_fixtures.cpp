#include "export_fixtures.h"

#include "shared_path.h"

#include <QString>

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace himnet::testing {

const Dataset& laWeek()
{
    static const Dataset d = [] {
        Dataset week = loadDataset(sharedPath("datasets/la-week/metr-la-week1.h5"));
        for (size_t i = 0; i < week.values.size(); i += 53) week.values[i] = week.missingValue;
        return week;
    }();
    return d;
}

const Dataset& laWeekWithLocations()
{
    static const Dataset d = loadDataset(sharedPath("datasets/la-week"));
    return d;
}

std::vector<LongRow> firstReadings(int64_t steps, int64_t nodes)
{
    std::vector<LongRow> rows;
    for (int64_t t = 0; t < steps; ++t)
        for (int64_t n = 0; n < nodes; ++n) rows.push_back({t, n});
    return rows;
}

void writeLaWeekLocations(const std::string& path, const std::string& header, const std::vector<int64_t>& nodes)
{
    const Dataset& located = laWeekWithLocations();
    std::ofstream out(path);
    out << std::setprecision(10) << header << '\n';
    for (int64_t n : nodes) out << located.sensorIds[n] << ',' << located.locations[n].latitude << ',' << located.locations[n].longitude << '\n';
}

std::string writeLongTable(const QTemporaryDir& dir, const std::vector<LongRow>& order, const std::string& header)
{
    const Dataset& d = laWeek();
    const std::string path = dir.filePath(QStringLiteral("detectors.csv")).toStdString();
    std::ofstream out(path);
    out << header << '\n';
    for (const auto& r : order) {
        const float v = d.value(r.step, r.node);
        out << formatTimestamp(d.timestamps[r.step]) << ',' << d.sensorIds[r.node] << ',' << v << ',' << v * 1.609344f << '\n';
    }
    return path;
}

std::string withRowsChanged(const std::string& text, const QString& changes)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    for (const QString& change : changes.split('|', Qt::SkipEmptyParts)) {
        const int equals = change.indexOf('=');
        const QStringList where = change.left(equals).split('.');
        std::string& line = lines.at(static_cast<size_t>(where[0].toInt() - 1));
        const QString replacement = change.mid(equals + 1);
        if (where.size() == 1) {
            line = replacement.toStdString();
            continue;
        }
        QStringList fields = QString::fromStdString(line).split(',');
        fields[where[1].toInt() - 1] = replacement;
        line = fields.join(',').toStdString();
    }
    std::string changed;
    for (const auto& line : lines) changed += line + "\n";
    return changed;
}

std::string writeText(const QTemporaryDir& dir, const std::string& text)
{
    const std::string path = dir.filePath(QStringLiteral("export.csv")).toStdString();
    std::ofstream(path) << text;
    return path;
}

bool anyNoteContains(const Dataset& d, const std::string& text)
{
    return std::any_of(d.notes.begin(), d.notes.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

std::string utf16Of(const std::string& utf8, bool littleEndian, bool byteOrderMark)
{
    std::string bytes;
    const auto put = [&](char16_t unit) {
        const char low = static_cast<char>(unit & 0xFF), high = static_cast<char>(unit >> 8);
        bytes += littleEndian ? low : high;
        bytes += littleEndian ? high : low;
    };
    if (byteOrderMark) put(0xFEFF);
    for (const QChar c : QString::fromStdString(utf8)) put(c.unicode());
    return bytes;
}

} // namespace himnet::testing
