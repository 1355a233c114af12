// planTraining(): the split and the temporal context a training will use, without building
// its windows' tensors, so that the app can show them as the options change.
#include "train/training_plan.h"
#include "train/trained_model.h"
#include "core/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace himnet {

SplitPeriod periodOf(const Dataset& data, const std::vector<int64_t>& starts, int64_t span)
{
    SplitPeriod p;
    p.windows = static_cast<int64_t>(starts.size());
    if (starts.empty()) return p;
    const auto [first, last] = std::minmax_element(starts.begin(), starts.end());
    p.firstStep = *first;
    p.lastStep = *last + span - 1;
    p.firstTime = data.timestamps.at(static_cast<size_t>(p.firstStep));
    p.lastTime = data.timestamps.at(static_cast<size_t>(p.lastStep));
    return p;
}

std::string minuteText(int64_t time) { return formatTimestamp(time).substr(0, 16); }

std::string sharesText(double trainRatio, double valRatio)
{
    const auto percent = [](double ratio) { return std::to_string(std::lround(ratio * 100)); };
    return percent(trainRatio) + " / " + percent(valRatio) + " / " + percent(1 - trainRatio - valRatio) + " %";
}

namespace {

TrainingPlan planOf(const Dataset& data, const std::vector<int64_t>& train, const std::vector<int64_t>& val,
                    const std::vector<int64_t>& test, const WindowOptions& w, const TemporalContextMap& context,
                    const TrainingOptions& options)
{
    TrainingPlan plan;
    const int64_t span = w.inSteps + w.outSteps;
    plan.train = periodOf(data, train, span);
    plan.val = periodOf(data, val, span);
    plan.test = periodOf(data, test, span);
    plan.splitFile = options.splitFile;
    if (plan.splitFile.empty()) {
        plan.trainRatio = options.trainRatio;
        plan.valRatio = options.valRatio;
    }
    plan.context = context.mode;
    plan.unseenDays = context.unseenDays;
    plan.unseenSlots = context.unseenSlots;
    plan.contextNote = context.describe();
    plan.holidays = options.holidays.name();
    plan.specialDays = options.holidays.between(epochDay(data.timestamps.front()), epochDay(data.timestamps.back()));
    return plan;
}

} // namespace

std::string TrainingPlan::describeSplit() const
{
    std::string text = splitFile.empty() ? "split by time (" + sharesText(trainRatio, valRatio) + ")"
                                         : "split by " + std::filesystem::path(splitFile).filename().string();
    const char* separator = ": ";
    for (const auto& [name, period] : {std::pair{"train", &train}, {"validation", &val}, {"test", &test}}) {
        text += separator + std::string(name) + " " + minuteText(period->firstTime) + " to " + minuteText(period->lastTime) + " ("
            + std::to_string(period->windows) + (period->windows == 1 ? " window)" : " windows)");
        separator = ", ";
    }
    return text;
}

std::string TrainingPlan::describeHolidays() const
{
    if (specialDays.empty()) return holidays == HolidayCalendar().name() ? std::string() : holidays + ", none in the data";
    constexpr size_t listed = 6;
    std::vector<std::string> days;
    for (size_t i = 0; i < std::min(listed, specialDays.size()); ++i) days.push_back(specialDays[i].describe());
    if (specialDays.size() > listed) days.push_back("and " + std::to_string(specialDays.size() - listed) + " more");
    return holidays + ", " + std::to_string(specialDays.size()) + " in the data: " + joined(days);
}

std::string TrainingPlan::toJson() const
{
    const auto period = [](const SplitPeriod& p) {
        return nlohmann::json{{"windows", p.windows}, {"from", formatTimestamp(p.firstTime)}, {"to", formatTimestamp(p.lastTime)}};
    };
    std::vector<std::string> days;
    for (int day : unseenDays) days.push_back(dayOfWeekName(day));
    nlohmann::json j{{"split_file", splitFile.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::filesystem::path(splitFile).filename().string())},
                     {"train", period(train)},
                     {"validation", period(val)},
                     {"test", period(test)},
                     {"temporal_context", toString(context)},
                     {"unseen_days", days},
                     {"unseen_slots", unseenSlots}};
    nlohmann::json special = nlohmann::json::array();
    for (const SpecialDay& d : specialDays) special.push_back({{"date", dateText(d.day)}, {"name", d.name}, {"read_as", dayOfWeekName(d.behavesLike)}});
    j["holidays"] = {{"calendar", holidays}, {"days", special}};
    if (splitFile.empty()) {
        j["train_ratio"] = trainRatio;
        j["val_ratio"] = valRatio;
    }
    return j.dump();
}

TrainingPlan trainingPlanOf(const WindowedData& windows, const TemporalContextMap& context, const TrainingOptions& options)
{
    return planOf(windows.dataset(), windows.starts(Split::Train), windows.starts(Split::Val), windows.starts(Split::Test),
                  windows.options(), context, options);
}

TrainingPlan planTraining(const Dataset& data, const TrainingOptions& options)
{
    const WindowOptions w = windowOptionsFor(options, options.model);
    const SplitStarts starts = splitWindows(data.numSteps, w, data.sourcePath);
    std::vector<int64_t> slots(static_cast<size_t>(data.numSteps)), days(static_cast<size_t>(data.numSteps));
    for (size_t t = 0; t < slots.size(); ++t) {
        const CalendarPosition when = calendarPosition(data.timestamps[t], data.intervalSeconds);
        slots[t] = when.slot;
        days[t] = options.holidays.dayOfWeek(epochDay(data.timestamps[t]));
    }
    const TemporalContextMap context = planTemporalContext(starts.train, slots, days, w.inSteps, data.stepsPerDay(), options.temporalContext);
    return planOf(data, starts.train, starts.val, starts.test, w, context, options);
}

} // namespace himnet
