#include "pems_fixtures.h"

#include "export_fixtures.h"

#include <zlib.h>

#include <cmath>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace himnet::testing {
namespace {

// "03/01/2012 00:05:00", as PeMS writes its times.
std::string pemsTime(int64_t utcSeconds)
{
    const std::time_t t = static_cast<std::time_t>(utcSeconds);
    std::tm parts{};
    gmtime_r(&t, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%m/%d/%Y %H:%M:%S", &parts);
    return text;
}

} // namespace

int pemsFlowOf(float speed) { return static_cast<int>(std::lround(speed * 3)); }

std::string pemsStationRows(int64_t from, int64_t to, const std::function<bool(int64_t step)>& keep)
{
    const Dataset& week = laWeek();
    std::ostringstream out;
    for (int64_t t = from; t < to; ++t) {
        if (keep && !keep(t)) continue;
        for (int64_t n = 0; n < week.numNodes; ++n) {
            const float speed = week.value(t, n);
            const bool missing = speed == week.missingValue;
            const std::string flow = missing ? "" : std::to_string(pemsFlowOf(speed));
            std::ostringstream v;
            if (!missing) v << std::setprecision(9) << speed;
            out << pemsTime(week.timestamps[t]) << ',' << week.sensorIds[n] << ",7,5,S," << (n % 5 == 0 ? "OR" : "ML") << ",.439,30,"
                << (n % 7 == 0 ? 0 : 100) << ',' << flow << ',' << (missing ? "" : ".0296") << ',' << v.str();
            for (int64_t lane = 0; lane < 2 + n % 3; ++lane) out << ",10," << flow << ",.03," << v.str() << ",1";
            out << '\n';
        }
    }
    return out.str();
}

void writeFileMaybeGzipped(const std::string& path, const std::string& text)
{
    if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
        gzFile file = gzopen(path.c_str(), "wb");
        gzwrite(file, text.data(), static_cast<unsigned>(text.size()));
        gzclose(file);
        return;
    }
    std::ofstream(path) << text;
}

std::string writePemsDay(const QTemporaryDir& dir, int day, const std::string& suffix)
{
    const std::string path = dir.filePath(QStringLiteral("d07_text_station_5min_2012_03_%1").arg(day + 1, 2, 10, QLatin1Char('0'))).toStdString() + suffix;
    writeFileMaybeGzipped(path, pemsStationRows(day * kPemsStepsPerDay, (day + 1) * kPemsStepsPerDay));
    return path;
}

std::string writePemsStationList(const QTemporaryDir& dir, int64_t blankSensor)
{
    const Dataset& located = laWeekWithLocations();
    const std::string path = dir.filePath(QStringLiteral("d07_text_meta_2012_03_01.txt")).toStdString();
    std::ofstream out(path);
    out << std::setprecision(10)
        << "ID\tFwy\tDir\tDistrict\tCounty\tCity\tState_PM\tAbs_PM\tLatitude\tLongitude\tLength\tType\tLanes\tName\tUser_ID_1\tUser_ID_2\tUser_ID_3\tUser_ID_4\n";
    for (int64_t n = 0; n < located.numNodes; ++n) {
        out << located.sensorIds[n] << "\t5\tS\t7\t37\t\t1.2\t100.1\t";
        if (n != blankSensor) out << located.locations[n].latitude << '\t' << located.locations[n].longitude;
        else out << '\t';
        out << "\t.439\tML\t3\tSTATION " << n << "\t\t\t\t\n";
    }
    out << "999001\t5\tS\t7\t37\t\t1.3\t100.2\t\t\t\tOR\t1\tRAMP UNSURVEYED\t\t\t\t\n";
    return path;
}

} // namespace himnet::testing
