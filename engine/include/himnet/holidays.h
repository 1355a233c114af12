#pragma once
// Days that do not follow their day of week: public holidays, when traffic looks like a
// Sunday's, and in some countries working days moved onto a weekend, when it looks like a
// weekday's. The model reads each such day as the day of week it behaves like, in training,
// evaluation and forecasts alike; the calendar is kept in the checkpoint with the training
// options, so a model never depends on the file it was read from.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace himnet {

/// A date that behaves like another day of the week.
struct SpecialDay {
    int64_t day = 0;        ///< days since 1970-01-01 (UTC, as the data's timestamps)
    int64_t behavesLike = 6; ///< day of week, Monday = 0; a holiday behaves like a Sunday (6)
    std::string name;       ///< "Memorial Day"; may be empty

    /// "2012-05-28 (Memorial Day) as a Sunday"
    std::string describe() const;
    bool operator==(const SpecialDay& other) const;
};

class HolidayCalendar {
public:
    /// No special days: every date is its own day of week.
    HolidayCalendar() = default;
    /// The United States' federal holidays, on the days they are observed (one on a Saturday
    /// is observed the Friday before, one on a Sunday the Monday after), for any year.
    static HolidayCalendar usFederal();
    /// A CSV or text file, a date per line: "2015-01-01", "2015-01-01,New Year's Day" (a
    /// holiday: read as a Sunday) or "2015-01-04,Friday,Make-up working day" (read as that day
    /// of week). Blank lines and lines from '#' on are skipped; a first line "date,..." is a
    /// header. Throws InputError naming the file and the line: a date that does not parse, a
    /// day name that is not one, a date listed twice, no date at all.
    static HolidayCalendar fromFile(const std::string& path);
    /// "none" or empty: none; "us": usFederal(); anything else is a file for fromFile().
    static HolidayCalendar fromChoice(const std::string& choice);

    bool empty() const { return !m_usFederal && m_listed.empty(); }
    /// "US federal holidays", the file's name, or "none".
    const std::string& name() const { return m_name; }
    /// "US federal holidays, read as Sundays"; "holidays.csv, 4 dates: 3 read as Sundays, 1 as
    /// another day of week"; "none".
    std::string describe() const;

    /// The special day on `day` (days since 1970-01-01), if it is one.
    std::optional<SpecialDay> on(int64_t day) const;
    /// The day of week `day` is read as (Monday = 0): its own, or the one it behaves like.
    int64_t dayOfWeek(int64_t day) const;
    /// The special days from `firstDay` to `lastDay`, in order.
    std::vector<SpecialDay> between(int64_t firstDay, int64_t lastDay) const;

    /// {"name", "us_federal": bool, "days": [["2015-01-04", 4, "Make-up working day"], …]}
    std::string toJson() const;
    /// InputError naming `source` when the JSON is not one toJson() writes.
    static HolidayCalendar fromJson(const std::string& json, const std::string& source = {});

    bool operator==(const HolidayCalendar& other) const;
    bool operator!=(const HolidayCalendar& other) const { return !(*this == other); }

private:
    std::string m_name = "none";
    bool m_usFederal = false;
    std::vector<SpecialDay> m_listed; ///< by day; on the same day, they win over the rule's
};

/// Days since 1970-01-01 of a UTC timestamp in seconds.
int64_t epochDay(int64_t timestamp);
/// "2012-05-28" of a day since 1970-01-01.
std::string dateText(int64_t day);

} // namespace himnet
