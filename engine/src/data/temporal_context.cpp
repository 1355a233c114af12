#include "data/temporal_context.h"
#include "data/windowed_data.h"
#include "himnet/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace himnet {
TemporalContext parseTemporalContext(const std::string& text)
{
    if (text == "paper") return TemporalContext::Paper;
    if (text == "weekday-weekend") return TemporalContext::WeekdayWeekend;
    if (text == "auto") return TemporalContext::Auto;
    if (text == "nearest-day") return TemporalContext::NearestDay;
    throw InputError("unknown temporal context '" + text + "': expected auto, paper, weekday-weekend or nearest-day");
}

std::string toString(TemporalContext context)
{
    switch (context) {
    case TemporalContext::Paper: return "paper";
    case TemporalContext::WeekdayWeekend: return "weekday-weekend";
    case TemporalContext::Auto: return "auto";
    case TemporalContext::NearestDay: return "nearest-day";
    }
    return "auto";
}

bool TemporalContextMap::isIdentity() const
{
    for (int d = 0; d < 7; ++d)
        if (dayOfWeek[d] != d) return false;
    for (size_t s = 0; s < slot.size(); ++s)
        if (slot[s] != static_cast<int64_t>(s)) return false;
    return true;
}

std::string TemporalContextMap::describe() const
{
    std::string text;
    if (!unseenDays.empty()) {
        text = "days never seen in training: ";
        for (size_t i = 0; i < unseenDays.size(); ++i) text += std::string(i ? ", " : "") + dayOfWeekName(unseenDays[i]);
        if (mode == TemporalContext::Paper) {
            text += " (kept as in the paper: their embeddings stay untrained)";
        } else if (mode == TemporalContext::NearestDay) {
            text += " (each fed as the nearest trained day of its kind: ";
            for (size_t i = 0; i < unseenDays.size(); ++i)
                text += std::string(i ? ", " : "") + dayOfWeekName(unseenDays[i]) + " as "
                    + dayOfWeekName(static_cast<int>(dayOfWeek[static_cast<size_t>(unseenDays[i])]));
            text += ")";
        } else {
            text += " (days of week collapsed to weekday/weekend, so they share trained context)";
        }
    }
    if (unseenSlots > 0) {
        text += std::string(text.empty() ? "" : "; ") + std::to_string(unseenSlots) + " time-of-day slots never seen in training"
            + (mode == TemporalContext::Paper ? " (kept as in the paper)" : " (mapped to the nearest trained slot)");
    }
    return text.empty() ? "every day of week and time-of-day slot occurs in training" : text;
}

std::string TemporalContextMap::toJson() const
{
    return nlohmann::json{{"mode", toString(mode)}, {"day_of_week", dayOfWeek}, {"slot", slot},
                          {"unseen_days", unseenDays}, {"unseen_slots", unseenSlots}}
        .dump();
}

TemporalContextMap TemporalContextMap::fromJson(const std::string& json, int64_t stepsPerDay)
{
    TemporalContextMap m;
    const nlohmann::json j = nlohmann::json::parse(json);
    m.mode = parseTemporalContext(j.at("mode").get<std::string>());
    const auto days = j.at("day_of_week").get<std::vector<int64_t>>();
    if (days.size() != 7) throw InputError("temporal context: day_of_week must have 7 entries");
    std::copy(days.begin(), days.end(), m.dayOfWeek.begin());
    m.slot = j.at("slot").get<std::vector<int64_t>>();
    if (!m.slot.empty() && static_cast<int64_t>(m.slot.size()) != stepsPerDay)
        throw InputError("temporal context: slot map has " + std::to_string(m.slot.size()) + " entries for "
                         + std::to_string(stepsPerDay) + " steps per day");
    // The maps index the model's day-of-week and time-of-day embeddings: an entry outside them
    // would read past their tables.
    const auto outside = [](const auto& entries, int64_t count) {
        return std::any_of(entries.begin(), entries.end(), [count](auto e) { return e < 0 || e >= count; });
    };
    if (outside(m.dayOfWeek, 7)) throw InputError("temporal context: day_of_week maps a day outside 0 to 6");
    if (outside(m.slot, stepsPerDay))
        throw InputError("temporal context: slot maps a time of day outside 0 to " + std::to_string(stepsPerDay - 1));
    m.unseenDays = j.value("unseen_days", std::vector<int>{});
    m.unseenSlots = j.value("unseen_slots", int64_t{0});
    return m;
}

TemporalContextMap planTemporalContext(const WindowedData& windows, TemporalContext mode)
{
    return planTemporalContext(windows.starts(Split::Train), windows.slots(), windows.daysOfWeek(), windows.options().inSteps,
                               windows.dataset().stepsPerDay(), mode);
}

TemporalContextMap planTemporalContext(const std::vector<int64_t>& trainStarts, const std::vector<int64_t>& slots,
                                       const std::vector<int64_t>& daysOfWeek, int64_t inSteps, int64_t stepsPerDay,
                                       TemporalContext mode)
{
    const int64_t P = stepsPerDay, last = inSteps - 1;
    std::array<bool, 7> daySeen{};
    std::vector<bool> slotSeen(static_cast<size_t>(P), false);
    for (int64_t s : trainStarts) {
        daySeen[static_cast<size_t>(daysOfWeek[static_cast<size_t>(s + last)])] = true;
        slotSeen[static_cast<size_t>(slots[static_cast<size_t>(s + last)])] = true;
    }
    TemporalContextMap m;
    for (int d = 0; d < 7; ++d)
        if (!daySeen[d]) m.unseenDays.push_back(d);
    for (bool seen : slotSeen) m.unseenSlots += seen ? 0 : 1;
    m.mode = mode == TemporalContext::Auto ? (m.unseenDays.empty() && m.unseenSlots == 0 ? TemporalContext::Paper
                                                                                       : TemporalContext::WeekdayWeekend)
                                           : mode;
    if (m.mode == TemporalContext::Paper) return m;

    bool weekdaySeen = false, weekendSeen = false;
    for (int d = 0; d < 7; ++d) (d < 5 ? weekdaySeen : weekendSeen) |= daySeen[d];
    if (m.mode == TemporalContext::NearestDay) {
        // The nearest trained day of the same kind around the week (the earlier on a tie); of
        // either kind when training saw none of its own.
        for (int d = 0; d < 7; ++d) {
            if (daySeen[d]) continue;
            const bool kindSeen = d >= 5 ? weekendSeen : weekdaySeen;
            for (int offset = 1; offset <= 3; ++offset) {
                const int before = (d - offset + 7) % 7, after = (d + offset) % 7;
                const auto fits = [&](int day) { return daySeen[day] && (!kindSeen || (day >= 5) == (d >= 5)); };
                if (fits(before)) { m.dayOfWeek[d] = before; break; }
                if (fits(after)) { m.dayOfWeek[d] = after; break; }
            }
        }
    } else {
        // Weekdays share Monday's context, weekends Saturday's; if training saw no day of one
        // kind, that kind borrows the other's.
        for (int d = 0; d < 7; ++d) {
            const bool weekend = d >= 5;
            m.dayOfWeek[d] = (weekend && weekendSeen) || (!weekend && !weekdaySeen) ? 5 : 0;
        }
    }
    // Slots: nearest trained slot on the daily circle.
    m.slot.resize(static_cast<size_t>(P));
    for (int64_t s = 0; s < P; ++s) {
        m.slot[s] = s;
        if (slotSeen[s]) continue;
        for (int64_t offset = 1; offset <= P / 2; ++offset) {
            if (slotSeen[(s + offset) % P]) { m.slot[s] = (s + offset) % P; break; }
            if (slotSeen[(s - offset + P) % P]) { m.slot[s] = (s - offset + P) % P; break; }
        }
    }
    return m;
}

} // namespace himnet
