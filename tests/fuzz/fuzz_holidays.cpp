// A holiday file (--holidays, or Training Options in the app): a date per line, the day of the
// week it behaves like, its name. A calendar read from a file must then read back as a
// checkpoint keeps it (its JSON), whatever the file held.
#include "himnet/holidays.h"
#include "fuzz_input.h"

#include <optional>

namespace himnet::fuzzing {

void fuzzHolidays(const uint8_t* data, size_t size)
{
    const std::string path = writeInput(data, size, "holidays.csv");
    std::optional<HolidayCalendar> calendar;
    readOrRefuse(path, [&] { calendar = HolidayCalendar::fromFile(path); });
    if (!calendar) return;
    calendar->describe();
    std::optional<HolidayCalendar> kept;
    try {
        kept = HolidayCalendar::fromJson(calendar->toJson(), "a checkpoint");
    } catch (const std::exception& e) {
        throw Finding(std::string("the calendar read from a file does not read back as a checkpoint keeps it: ") + e.what());
    }
    if (*kept != *calendar) throw Finding("the calendar read from a file reads back as another");
}

} // namespace himnet::fuzzing
