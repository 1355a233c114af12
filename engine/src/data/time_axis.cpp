// Time parsing and formatting for datasets: UTC throughout, so that a file reads the same
// on every machine whatever its time zone.
#include "himnet/dataset.h"
#include "himnet/errors.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace himnet {

int64_t parseTimestamp(const std::string& text)
{
    std::string t = text;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    size_t start = 0;
    while (start < t.size() && std::isspace(static_cast<unsigned char>(t[start]))) ++start;
    t = t.substr(start);
    if (!t.empty() && t.find_first_not_of("0123456789") == std::string::npos) return std::stoll(t);
    if (!t.empty() && (t.back() == 'Z' || t.back() == 'z')) t.pop_back();
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char separator = ' ';
    int consumed = 0;
    const int fields = std::sscanf(t.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &year, &month, &day, &separator, &hour,
                                   &minute, &second, &consumed);
    bool ok = false;
    if (fields == 3) {
        ok = t.size() == 10;
    } else if (fields >= 6 && (separator == ' ' || separator == 'T')) {
        if (fields == 6) {
            second = 0;
            int used = 0;
            std::sscanf(t.c_str(), "%*4d-%*2d-%*2d%*c%*2d:%*2d%n", &used);
            ok = used == static_cast<int>(t.size());
        } else {
            // Tolerate fractional seconds ("08:05:00.000") that pandas writes.
            ok = consumed == static_cast<int>(t.size()) || (consumed < static_cast<int>(t.size()) && t[consumed] == '.');
        }
    }
    if (!ok || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        throw InputError("cannot read '" + text + "' as a time (expected e.g. 2012-03-01 08:05:00 or epoch seconds)");
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<int64_t>(timegm(&tm));
}

int64_t parseInterval(const std::string& text)
{
    size_t used = 0;
    long long number = 0;
    try {
        number = std::stoll(text, &used);
    } catch (const std::exception&) {
        throw InputError("cannot read '" + text + "' as an interval (expected e.g. 300, 5min, 15m, 1h)");
    }
    std::string unit = text.substr(used);
    while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
    int64_t factor = 0;
    if (unit.empty() || unit == "s" || unit == "sec" || unit == "seconds") factor = 1;
    else if (unit == "m" || unit == "min" || unit == "minutes" || unit == "T") factor = 60;
    else if (unit == "h" || unit == "hour" || unit == "hours" || unit == "H") factor = 3600;
    if (factor == 0 || number <= 0)
        throw InputError("cannot read '" + text + "' as a positive interval (expected e.g. 300, 5min, 15m, 1h)");
    return number * factor;
}

std::string formatTimestamp(int64_t seconds)
{
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &tm);
    return buffer;
}

} // namespace himnet

namespace himnet {

std::string formatTimeOfDay(int64_t slot, int64_t stepsPerDay)
{
    const int64_t minutes = slot * 1440 / stepsPerDay;
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
    return text;
}

std::string dayOfWeekName(int64_t dayOfWeek)
{
    static const char* names[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    if (dayOfWeek < 0 || dayOfWeek > 6) throw InputError("day of week must be 0 (Monday) .. 6, got " + std::to_string(dayOfWeek));
    return names[dayOfWeek];
}

} // namespace himnet
