#pragma once
// Contexts never seen in training (HIMNET.md): a day of week or time-of-day slot whose
// embedding the training windows never index stays at its random initial value. This plans
// a mapping of days and slots onto trained ones, and says what it did.
#include "himnet/training.h"

#include <array>
#include <string>
#include <vector>

namespace himnet {

class WindowedData;

struct TemporalContextMap {
    TemporalContext mode = TemporalContext::Paper;
    std::array<int64_t, 7> dayOfWeek{0, 1, 2, 3, 4, 5, 6}; ///< day -> day fed to the model
    std::vector<int64_t> slot;           ///< slot -> slot fed to the model; empty: identity
    std::vector<int> unseenDays;         ///< days of week absent from the training windows
    int64_t unseenSlots = 0;             ///< time-of-day slots absent from the training windows

    bool isIdentity() const;
    /// One sentence for the user: which days/slots are unseen and what is done about it.
    std::string describe() const;
    std::string toJson() const;
    static TemporalContextMap fromJson(const std::string& json, int64_t stepsPerDay);
};

/// Looks at the contexts the training windows index (the last input step of each) and
/// builds the mapping for `mode`.
TemporalContextMap planTemporalContext(const WindowedData& windows, TemporalContext mode);
/// The same from the training windows' starts and every step's time-of-day slot and day of
/// week (Monday = 0), for windows of `inSteps` inputs.
TemporalContextMap planTemporalContext(const std::vector<int64_t>& trainStarts, const std::vector<int64_t>& slots,
                                       const std::vector<int64_t>& daysOfWeek, int64_t inSteps, int64_t stepsPerDay,
                                       TemporalContext mode);

} // namespace himnet
