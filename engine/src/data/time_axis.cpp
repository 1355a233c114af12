// Time parsing and formatting for datasets: UTC throughout, so that a file reads the same
// on every machine whatever its time zone.
#include "himnet/dataset.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <limits>

namespace himnet {

namespace {

/// Splits `text` at `separator` into exactly `count` runs of up to four digits.
bool splitNumbers(const std::string& text, char separator, int count, std::string parts[])
{
    size_t begin = 0;
    for (int i = 0; i < count; ++i) {
        const size_t end = i < count - 1 ? text.find(separator, begin) : text.size();
        if (end == std::string::npos) return false;
        parts[i] = text.substr(begin, end - begin);
        if (!allDigits(parts[i]) || parts[i].size() > 4) return false;
        begin = end + 1;
    }
    return true;
}

/// ISO "2012-03-01", day first with dots as much of Europe writes it, "01.03.2012", or with
/// slashes in `order` ("3/1/2012"), which only the file's dates as a whole can give.
bool parseDate(const std::string& text, DateOrder order, int& year, int& month, int& day)
{
    std::string p[3];
    if (order != DateOrder::Unstated && splitNumbers(text, '/', 3, p) && p[2].size() == 4) {
        const int first = std::stoi(p[0]), second = std::stoi(p[1]);
        month = order == DateOrder::MonthFirst ? first : second;
        day = order == DateOrder::MonthFirst ? second : first;
        year = std::stoi(p[2]);
        return true;
    }
    if (splitNumbers(text, '-', 3, p) && p[0].size() == 4) {
        year = std::stoi(p[0]), month = std::stoi(p[1]), day = std::stoi(p[2]);
        return true;
    }
    if (splitNumbers(text, '.', 3, p) && p[2].size() == 4) {
        day = std::stoi(p[0]), month = std::stoi(p[1]), year = std::stoi(p[2]);
        return true;
    }
    return false;
}

/// "08:05", "08:05:00" or "08:05:00.000" (pandas writes the fraction; it is dropped).
bool parseClock(const std::string& text, int& hour, int& minute, int& second)
{
    const std::string whole = text.substr(0, text.find('.'));
    if (whole.size() < text.size() && !allDigits(text.substr(whole.size() + 1))) return false;
    std::string p[3];
    if (splitNumbers(whole, ':', 3, p)) {
        hour = std::stoi(p[0]), minute = std::stoi(p[1]), second = std::stoi(p[2]);
        return true;
    }
    if (whole.size() < text.size() || !splitNumbers(whole, ':', 2, p)) return false; // a fraction needs seconds
    hour = std::stoi(p[0]), minute = std::stoi(p[1]), second = 0;
    return true;
}

} // namespace

int64_t parseTimestamp(const std::string& text, DateOrder order)
{
    std::string t = text;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    t.erase(0, std::min(t.size(), t.find_first_not_of(" \t")));
    // Epoch seconds; or milliseconds (JavaScript, Java, InfluxDB exports), microseconds or
    // nanoseconds (pandas' int64 index): 13, 16 or 19 digits, which as seconds would lie past the
    // year 33000. 19 digits beyond int64 (after 2262) fall through to the message below.
    int64_t epoch = 0;
    if (allDigits(t) && t.size() <= 12 && parseWholeNumber(t, epoch)) return epoch;
    if (allDigits(t) && (t.size() == 13 || t.size() == 16 || t.size() == 19) && parseWholeNumber(t, epoch))
        return epoch / (t.size() == 13 ? 1000 : t.size() == 16 ? 1000000 : 1000000000);
    if (!t.empty() && (t.back() == 'Z' || t.back() == 'z')) t.pop_back();
    const size_t split = t.find_first_of(" T");
    const std::string date = t.substr(0, split);
    std::string clock = split == std::string::npos ? std::string() : t.substr(split + 1);
    clock.erase(0, std::min(clock.size(), clock.find_first_not_of(' ')));
    // An offset from UTC, as pandas writes a zone-aware index: "08:05:00+01:00".
    int64_t offsetSeconds = 0;
    bool offsetOk = true;
    if (const size_t sign = clock.find_first_of("+-"); sign != std::string::npos) {
        std::string offset = clock.substr(sign + 1);
        offset.erase(std::remove(offset.begin(), offset.end(), ':'), offset.end());
        offsetOk = allDigits(offset) && (offset.size() == 2 || offset.size() == 4);
        if (offsetOk) {
            const int hours = std::stoi(offset.substr(0, 2)), minutes = offset.size() == 4 ? std::stoi(offset.substr(2)) : 0;
            offsetOk = hours <= 14 && minutes < 60;
            offsetSeconds = (clock[sign] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        }
        clock.erase(sign);
        while (!clock.empty() && clock.back() == ' ') clock.pop_back();
    }
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    const bool ok = offsetOk && parseDate(date, order, year, month, day) && (split == std::string::npos || parseClock(clock, hour, minute, second));
    if (!ok && order == DateOrder::Unstated && date.find('/') != std::string::npos)
        throw DateOrderUnsettled("cannot read '" + text + "' as a time: a date with slashes may put the month or the day first, and "
                                 "the file's dates do not tell which (as a number above 12, or several days in a row, would): "
                                 "say it (--date-order mdy or dmy, \"date_order\" in a dataset.json, or Reading Options in the app), "
                                 "or write it as 2012-03-01 08:05:00",
                                 date);
    if (!ok || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        throw InputError("cannot read '" + text
                         + "' as a time (expected e.g. 2012-03-01 08:05:00, 2012-03-01 09:05:00+01:00, 01.03.2012 08:05, or epoch "
                           "seconds or milliseconds)");
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<int64_t>(timegm(&tm)) - offsetSeconds;
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
    if (number > 86400 / factor) throw InputError("'" + text + "' is longer than a day: steps must divide a day (e.g. 5min, 15min, 1h)");
    return number * factor;
}

std::string formatInterval(int64_t seconds)
{
    if (seconds > 0 && seconds % 3600 == 0) return std::to_string(seconds / 3600) + " h";
    if (seconds > 0 && seconds % 60 == 0) return std::to_string(seconds / 60) + " min";
    return std::to_string(seconds) + " s";
}

std::string aggregationName(Aggregation aggregation) { return aggregation == Aggregation::Sum ? "sum" : "mean"; }

Aggregation parseAggregation(const std::string& text)
{
    const std::string word = lowerCase(text);
    if (word == "mean" || word == "average") return Aggregation::Mean;
    if (word == "sum" || word == "total") return Aggregation::Sum;
    throw InputError("cannot read '" + text + "' as a way to combine readings (expected mean, for levels and rates such as speed, "
                     "or sum, for counts such as vehicles per interval)");
}

DateOrder parseDateOrder(const std::string& text)
{
    const std::string word = lowerCase(text);
    if (word == "mdy" || word == "month-first" || word == "us") return DateOrder::MonthFirst;
    if (word == "dmy" || word == "day-first") return DateOrder::DayFirst;
    throw InputError("cannot read '" + text + "' as a date order (expected mdy, month first as in the US, or dmy, day first)");
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
