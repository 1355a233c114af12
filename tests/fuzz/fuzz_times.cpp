// The texts a user or a file gives for times: timestamps in every date order, intervals, ways to
// combine readings, date orders, PeMS lane types.
#include "data/series_readers.h"
#include "fuzz_input.h"

namespace himnet::fuzzing {

void fuzzTimes(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    for (const DateOrder order : {DateOrder::Unstated, DateOrder::DayFirst, DateOrder::MonthFirst}) {
        readOrRefuse({}, [&] { parseTimestamp(text, order); });
        readOrRefuse({}, [&] { parseTableTime(text, order); });
    }
    looksLikeTimestamp(text);
    readOrRefuse({}, [&] { parseInterval(text); });
    readOrRefuse({}, [&] { parseAggregation(text); });
    readOrRefuse({}, [&] { parseDateOrder(text); });
    readOrRefuse({}, [&] { parseLaneTypes(text); });
}

} // namespace himnet::fuzzing
