// Holiday calendars: the US federal rules, and lists of dates read from a file.
#include "himnet/holidays.h"
#include "data/text_decoding.h"
#include "core/text.h"
#include "core/utf8.h"
#include "himnet/dataset.h"
#include "himnet/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <tuple>

namespace himnet {

namespace {

struct CivilDate {
    int64_t year;
    int month, day; ///< 1-based
};

/// Days since 1970-01-01 of a proleptic Gregorian date (eras of 400 years, March-based years
/// so that the leap day falls at the end).
int64_t daysFromCivil(int64_t year, int month, int day)
{
    year -= month <= 2;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const int64_t yearOfEra = year - era * 400;
    const int64_t dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

CivilDate civilFromDays(int64_t days)
{
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int64_t dayOfEra = days - era * 146097;
    const int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const int64_t mp = (5 * dayOfYear + 2) / 153;
    const int day = static_cast<int>(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yearOfEra + era * 400 + (month <= 2), month, day};
}

int64_t weekdayOf(int64_t day) { return ((day + 3) % 7 + 7) % 7; } // 1970-01-01 was a Thursday; Monday = 0

/// The `nth` (1-based; -1: the last) `weekday` of a month.
int64_t nthWeekday(int64_t year, int month, int64_t weekday, int nth)
{
    if (nth < 0) {
        const int64_t last = daysFromCivil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) - 1;
        return last - (weekdayOf(last) - weekday + 7) % 7;
    }
    const int64_t first = daysFromCivil(year, month, 1);
    return first + (weekday - weekdayOf(first) + 7) % 7 + 7 * (nth - 1);
}

/// A fixed-date holiday on the weekday it is observed: Friday for a Saturday, Monday for a Sunday.
int64_t observed(int64_t day)
{
    const int64_t weekday = weekdayOf(day);
    return weekday == 5 ? day - 1 : weekday == 6 ? day + 1 : day;
}

/// The federal holidays observed in `year` (New Year's Day of the next year can be observed
/// on December 31).
std::vector<SpecialDay> usFederalHolidaysOf(int64_t year)
{
    constexpr int64_t monday = 0, thursday = 3;
    std::vector<SpecialDay> days;
    const auto add = [&](int64_t day, const char* name, int64_t since = 0) {
        if (year >= since) days.push_back({day, 6, name});
    };
    add(observed(daysFromCivil(year, 1, 1)), "New Year's Day");
    add(nthWeekday(year, 1, monday, 3), "Martin Luther King Jr. Day", 1986);
    add(nthWeekday(year, 2, monday, 3), "Washington's Birthday");
    add(nthWeekday(year, 5, monday, -1), "Memorial Day");
    add(observed(daysFromCivil(year, 6, 19)), "Juneteenth", 2021);
    add(observed(daysFromCivil(year, 7, 4)), "Independence Day");
    add(nthWeekday(year, 9, monday, 1), "Labor Day");
    add(nthWeekday(year, 10, monday, 2), "Columbus Day");
    add(observed(daysFromCivil(year, 11, 11)), "Veterans Day");
    add(nthWeekday(year, 11, thursday, 4), "Thanksgiving Day");
    add(observed(daysFromCivil(year, 12, 25)), "Christmas Day");
    add(observed(daysFromCivil(year + 1, 1, 1)), "New Year's Day");
    return days;
}

/// The fields of one CSV line: commas separate them, double quotes may enclose one (a quote
/// inside doubled), spaces around them are dropped.
std::vector<std::string> csvFields(const std::string& line)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"') fields.back() += line[++i];
        else if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) fields.emplace_back();
        else fields.back() += c;
    }
    for (auto& field : fields) {
        const size_t begin = field.find_first_not_of(" \t\r"), end = field.find_last_not_of(" \t\r");
        field = begin == std::string::npos ? std::string() : field.substr(begin, end - begin + 1);
    }
    return fields;
}

/// Monday = 0 for "Monday", "monday", "Mon"; nothing for anything else.
std::optional<int64_t> parseDayName(const std::string& text)
{
    const std::string word = lowerCase(text);
    for (int64_t d = 0; d < 7; ++d) {
        const std::string name = lowerCase(dayOfWeekName(d));
        if (word == name || word == name.substr(0, 3)) return d;
    }
    return std::nullopt;
}

bool earlier(const SpecialDay& a, const SpecialDay& b) { return a.day < b.day; }

} // namespace

int64_t epochDay(int64_t timestamp) { return timestamp >= 0 ? timestamp / 86400 : (timestamp - 86399) / 86400; }

std::string dateText(int64_t day)
{
    const CivilDate date = civilFromDays(day);
    char text[48]; // room for any int64 year and int fields, as the compiler counts them
    std::snprintf(text, sizeof text, "%04lld-%02d-%02d", static_cast<long long>(date.year), date.month, date.day);
    return text;
}

std::string SpecialDay::describe() const
{
    return dateText(day) + (name.empty() ? "" : " (" + name + ")") + " as a " + dayOfWeekName(behavesLike);
}

bool SpecialDay::operator==(const SpecialDay& other) const
{
    return std::tie(day, behavesLike, name) == std::tie(other.day, other.behavesLike, other.name);
}

HolidayCalendar HolidayCalendar::usFederal()
{
    HolidayCalendar calendar;
    calendar.m_name = "US federal holidays";
    calendar.m_usFederal = true;
    return calendar;
}

HolidayCalendar HolidayCalendar::fromFile(const std::string& path)
{
    std::istringstream in(readTextFile(path, "a holiday file"));
    HolidayCalendar calendar;
    calendar.m_name = asUtf8(std::filesystem::path(path).filename().string());
    std::string line;
    bool firstRow = true;
    std::map<int64_t, int> lineOfDay; // of each date listed
    for (int number = 1; std::getline(in, line); ++number) {
        line = asUtf8(line.substr(0, line.find('#'))); // a spreadsheet's export may be in Windows-1252
        std::vector<std::string> fields = csvFields(line);
        if (fields.size() == 1 && fields[0].empty()) continue;
        const auto fail = [&](const std::string& problem) {
            throw InputError(describeProblem(path, "line " + std::to_string(number) + ": " + problem));
        };
        const bool header = firstRow && lowerCase(fields[0]) == "date";
        firstRow = false;
        if (header) continue;
        int64_t timestamp = 0;
        try {
            timestamp = parseTimestamp(fields[0]);
        } catch (const InputError&) {
            fail("'" + fields[0] + "' is not a date (write 2015-01-01)");
        }
        if (timestamp % 86400 != 0) fail("'" + fields[0] + "' is not a whole day (write the date alone, 2015-01-01)");
        if (timestamp > kLatestTimestamp) fail("'" + fields[0] + "' lies past the year 9999"); // epoch seconds of 12 digits
        if (fields[0].size() == 10 && fields[0][4] == '-' && dateText(epochDay(timestamp)) != fields[0])
            fail("'" + fields[0] + "' is not a day of the calendar");
        SpecialDay special{epochDay(timestamp), 6, {}};
        // "date,name" for a holiday, or "date,day of week,name".
        size_t nameField = 1;
        if (fields.size() > 1) {
            if (const auto day = parseDayName(fields[1])) {
                special.behavesLike = *day;
                nameField = 2;
            } else if (fields.size() > 2) {
                fail("'" + fields[1] + "' is not a day of the week (write Sunday, or Friday for a working day)");
            }
        }
        if (fields.size() > nameField + 1) fail("too many fields: write date, day it behaves like, name");
        if (fields.size() > nameField) special.name = fields[nameField];
        if (const auto [listed, added] = lineOfDay.emplace(special.day, number); !added)
            fail(dateText(special.day) + " is listed twice (first on line " + std::to_string(listed->second) + ")");
        calendar.m_listed.push_back(special);
    }
    if (in.bad()) throw InputError(describeProblem(path, "cannot read the holiday file"));
    if (calendar.m_listed.empty()) throw InputError(describeProblem(path, "lists no dates (write one per line: 2015-01-01,New Year's Day)"));
    std::sort(calendar.m_listed.begin(), calendar.m_listed.end(), earlier);
    return calendar;
}

HolidayCalendar HolidayCalendar::fromChoice(const std::string& choice)
{
    const std::string word = lowerCase(choice);
    if (word.empty() || word == "none") return {};
    if (word == "us") return usFederal();
    return fromFile(choice);
}

std::string HolidayCalendar::describe() const
{
    if (m_usFederal) return m_name + ", read as Sundays";
    if (m_listed.empty()) return m_name;
    const auto sundays = std::count_if(m_listed.begin(), m_listed.end(), [](const SpecialDay& d) { return d.behavesLike == 6; });
    const auto others = static_cast<long long>(m_listed.size()) - sundays;
    const std::string dates = m_name + ", " + countOf(static_cast<long long>(m_listed.size()), "date");
    if (others == 0) return dates + " read as Sundays";
    if (sundays == 0) return dates + " read as another day of week";
    return dates + ": " + std::to_string(sundays) + " read as Sundays, " + std::to_string(others) + " as another day of week";
}

std::optional<SpecialDay> HolidayCalendar::on(int64_t day) const
{
    const auto listed = std::lower_bound(m_listed.begin(), m_listed.end(), SpecialDay{day, 0, {}}, earlier);
    if (listed != m_listed.end() && listed->day == day) return *listed;
    if (m_usFederal)
        for (const SpecialDay& holiday : usFederalHolidaysOf(civilFromDays(day).year))
            if (holiday.day == day) return holiday;
    return std::nullopt;
}

int64_t HolidayCalendar::dayOfWeek(int64_t day) const
{
    if (empty()) return weekdayOf(day);
    const auto special = on(day);
    return special ? special->behavesLike : weekdayOf(day);
}

std::vector<SpecialDay> HolidayCalendar::between(int64_t firstDay, int64_t lastDay) const
{
    std::vector<SpecialDay> days;
    if (empty()) return days;
    for (int64_t day = firstDay; day <= lastDay; ++day)
        if (auto special = on(day)) days.push_back(std::move(*special));
    return days;
}

std::string HolidayCalendar::toJson() const
{
    nlohmann::json days = nlohmann::json::array();
    for (const SpecialDay& d : m_listed) days.push_back({dateText(d.day), d.behavesLike, d.name});
    return nlohmann::json{{"name", m_name}, {"us_federal", m_usFederal}, {"days", days}}.dump();
}

HolidayCalendar HolidayCalendar::fromJson(const std::string& json, const std::string& source)
{
    try {
        const nlohmann::json j = nlohmann::json::parse(json);
        HolidayCalendar calendar;
        calendar.m_name = j.at("name").get<std::string>();
        calendar.m_usFederal = j.at("us_federal").get<bool>();
        for (const auto& d : j.at("days")) {
            SpecialDay special{epochDay(parseTimestamp(d.at(0).get<std::string>())), d.at(1).get<int64_t>(), d.at(2).get<std::string>()};
            if (special.behavesLike < 0 || special.behavesLike > 6) throw InputError("day of week out of range");
            calendar.m_listed.push_back(std::move(special));
        }
        std::sort(calendar.m_listed.begin(), calendar.m_listed.end(), earlier);
        return calendar;
    } catch (const std::exception& e) {
        throw InputError(describeProblem(source, std::string("its holiday calendar cannot be read: ") + e.what()));
    }
}

bool HolidayCalendar::operator==(const HolidayCalendar& other) const
{
    return m_name == other.m_name && m_usFederal == other.m_usFederal && m_listed == other.m_listed;
}

} // namespace himnet
