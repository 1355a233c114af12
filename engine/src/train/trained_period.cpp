#include "train/trained_period.h"
#include "train/trained_model.h"
#include "himnet/errors.h"
#include "himnet/holidays.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace himnet {
namespace {

// A time as the command line takes it: the date alone at midnight.
std::string timeArgument(int64_t time)
{
    if (time % 86400 == 0) return dateText(epochDay(time));
    std::string text = formatTimestamp(time);
    std::replace(text.begin(), text.end(), ' ', 'T');
    return text + "Z";
}

std::string spanText(int64_t first, int64_t last) { return "from " + formatTimestamp(first) + " to " + formatTimestamp(last); }

} // namespace

bool readOverTrainedPeriod(const DatasetStamp& trainedOn, const Dataset& data)
{
    return !trainedOn.firstTime || !trainedOn.lastTime || data.timestamps.empty()
        || (*trainedOn.firstTime == data.timestamps.front() && *trainedOn.lastTime == data.timestamps.back());
}

bool holdsTrainedPeriod(const DatasetStamp& trainedOn, const Dataset& data)
{
    if (!trainedOn.firstTime || !trainedOn.lastTime || data.timestamps.empty()) return false;
    return data.seriesFirstTime.value_or(data.timestamps.front()) <= *trainedOn.firstTime
        && data.seriesLastTime.value_or(data.timestamps.back()) >= *trainedOn.lastTime;
}

std::optional<TrainedPeriod> readingPeriodOf(const DatasetStamp& trainedOn, int64_t intervalSeconds)
{
    if (!trainedOn.firstTime || !trainedOn.lastTime) return std::nullopt;
    return TrainedPeriod{*trainedOn.firstTime, *trainedOn.lastTime + intervalSeconds};
}

std::string periodArguments(const DatasetStamp& trainedOn, int64_t intervalSeconds)
{
    const std::optional<TrainedPeriod> period = readingPeriodOf(trainedOn, intervalSeconds);
    if (!period) return {};
    return "--from " + timeArgument(period->from) + " --until " + timeArgument(period->until);
}

void requireSamePeriodAsTrained(const std::string& checkpointPath, const std::optional<DatasetStamp>& trainedOn, const Dataset& data)
{
    if (!trainedOn || readOverTrainedPeriod(*trainedOn, data)) return;
    throw InputError(describeProblem(checkpointPath, "was trained on " + trainedOn->name + " " + spanText(*trainedOn->firstTime, *trainedOn->lastTime) + "; "
                                                         + data.name + " is read " + spanText(data.timestamps.front(), data.timestamps.back())
                                                         + ": a training resumes over the period it began with (read it with "
                                                         + periodArguments(*trainedOn, data.intervalSeconds)
                                                         + ", or Read from and Read until in Reading Options in the app), and a training "
                                                         "from its weights takes another (--init-from, or Start from the open model in the app)"));
}

void requireSplitWindowsFit(const TrainedModel& trained, const Dataset& data)
{
    const std::optional<DatasetStamp>& stamp = trained.checkpoint.dataset;
    if (!trained.checkpoint.split || data.timestamps.empty()) return;
    const std::string windowsOf = "was trained and tested on the windows of " + std::filesystem::path(trained.options.splitFile).filename().string()
        + " (kept in the checkpoint), which number the steps of ";
    if (!stamp || !stamp->firstTime) {
        // A checkpoint from before a period could be read alone was trained on the whole
        // series: its windows number the steps from the series' first.
        if (!data.seriesFirstTime || *data.seriesFirstTime == data.timestamps.front()) return;
        throw InputError(describeProblem(trained.path, windowsOf + "the whole series, from " + formatTimestamp(*data.seriesFirstTime) + "; " + data.name
                                                           + " is read from " + formatTimestamp(data.timestamps.front())
                                                           + " (read the whole series: leave out --from and --until, or clear Read from and "
                                                             "Read until in Reading Options in the app)"));
    }
    if (*stamp->firstTime == data.timestamps.front()) return;
    throw InputError(describeProblem(trained.path, windowsOf + stamp->name + " from " + formatTimestamp(*stamp->firstTime) + "; " + data.name + " is read from "
                                                       + formatTimestamp(data.timestamps.front()) + " (read it with "
                                                       + periodArguments(*stamp, data.intervalSeconds)
                                                       + ", or Read from and Read until in Reading Options in the app)"));
}

std::string trainedStepsNote(const TrainedModel& trained, const WindowedData& windows, Split split)
{
    const std::optional<DatasetStamp>& stamp = trained.checkpoint.dataset;
    const Dataset& data = windows.dataset();
    if (!stamp || readOverTrainedPeriod(*stamp, data)) return {};
    const int64_t interval = data.intervalSeconds, in = windows.options().inSteps, out = windows.options().outSteps;
    // The training windows over the series it was trained on, as its training split it.
    SplitStarts trainedOn;
    try {
        trainedOn = splitWindows((*stamp->lastTime - *stamp->firstTime) / interval + 1,
                                 windowOptionsFor(trained.options, trained.checkpoint.config, trained.checkpoint.split), trained.path);
    } catch (const InputError&) {
        return {};
    }
    if (trainedOn.train.empty()) return {};
    const int64_t trainedFrom = *stamp->firstTime + trainedOn.train.front() * interval;
    const int64_t trainedTo = *stamp->firstTime + (trainedOn.train.back() + in + out - 1) * interval;
    const std::vector<int64_t>& starts = windows.starts(split);
    const auto overlapping = std::count_if(starts.begin(), starts.end(), [&](int64_t start) {
        const int64_t firstTarget = data.timestamps[static_cast<size_t>(start + in)];
        const int64_t lastTarget = data.timestamps[static_cast<size_t>(start + in + out - 1)];
        return firstTarget <= trainedTo && lastTarget >= trainedFrom;
    });
    if (overlapping == 0) return {};
    char share[64];
    std::snprintf(share, sizeof share, "%lld of its %zu %s windows", static_cast<long long>(overlapping), starts.size(), split == Split::Val ? "validation" : splitName(split));
    return std::string(share) + " forecast steps the model trained on (its training windows ran " + spanText(trainedFrom, trainedTo) + " of "
        + stamp->name + " read " + spanText(*stamp->firstTime, *stamp->lastTime)
        + "; the data is read over another period): their scores flatter it; read the data as for its training (" + periodArguments(*stamp, interval)
        + ", or Read from and Read until in Reading Options in the app) to measure it on steps it never saw";
}

} // namespace himnet
