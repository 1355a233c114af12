#include "data/time_grid.h"
#include "himnet/errors.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>

namespace himnet {
namespace {

// The most common gap between consecutive (sorted, distinct) timestamps; the smallest of ties.
int64_t mostCommonGap(const std::vector<int64_t>& sorted)
{
    std::map<int64_t, int64_t> counts;
    for (size_t i = 1; i < sorted.size(); ++i) ++counts[sorted[i] - sorted[i - 1]];
    int64_t gap = 0, best = 0;
    for (const auto& [g, count] : counts)
        if (count > best) {
            gap = g;
            best = count;
        }
    return gap;
}

// "rows 12 and 13" for CSV files, "steps 11 and 12" for the others (1-based).
std::string namedRows(const SeriesData& s, int64_t a, int64_t b)
{
    const int64_t offset = s.headerRows > 0 ? s.headerRows + 1 : 1;
    return (s.headerRows > 0 ? "rows " : "steps ") + std::to_string(a + offset) + " and " + std::to_string(b + offset);
}

struct Gap {
    int64_t steps = 0;  ///< grid steps left out
    int64_t after = 0;  ///< the last timestamp before them
};

Gap longestGap(const std::vector<int64_t>& sorted, int64_t step)
{
    Gap gap{0, sorted.front()};
    for (size_t i = 1; i < sorted.size(); ++i)
        if ((sorted[i] - sorted[i - 1]) / step - 1 > gap.steps) gap = {(sorted[i] - sorted[i - 1]) / step - 1, sorted[i - 1]};
    return gap;
}

// Each grid step gets the mean of the readings its rows give for each sensor, leaving out
// blank cells and missing readings, times `scale`; a step no reading reaches is an empty cell.
// With one row per step (a series on its own grid) and a scale of 1 this moves each row to its
// step, values exactly kept.
void combineOverGrid(SeriesData& s, const std::vector<int64_t>& gridStepOfRow, int64_t gridSteps, float missingValue, double scale)
{
    const int64_t width = s.nodes * s.channels, rows = static_cast<int64_t>(gridStepOfRow.size());
    std::vector<bool> blank(s.values.size(), false);
    for (size_t cell : s.emptyCells) blank[cell] = true;
    std::vector<double> sums(static_cast<size_t>(gridSteps * width), 0.0);
    std::vector<int32_t> counts(sums.size(), 0);
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < width; ++c) {
            const size_t from = static_cast<size_t>(r * width + c), to = static_cast<size_t>(gridStepOfRow[r] * width + c);
            if (blank[from] || s.values[from] == missingValue) continue;
            sums[to] += s.values[from];
            ++counts[to];
        }
    s.values.assign(sums.size(), 0.0f);
    s.emptyCells.clear();
    for (size_t cell = 0; cell < sums.size(); ++cell) {
        if (counts[cell] > 0) s.values[cell] = static_cast<float>(sums[cell] / counts[cell] * scale);
        else s.emptyCells.push_back(cell);
    }
    s.steps = gridSteps;
}

// The start of the step of `interval` that holds `t` (steps start at multiples of the interval).
int64_t stepStart(int64_t t, int64_t interval) { return t - ((t % interval) + interval) % interval; }

} // namespace

std::string unitStep(int64_t seconds)
{
    if (seconds == 60) return "min";
    if (seconds == 3600) return "h";
    if (seconds == 86400) return "day";
    return formatInterval(seconds);
}

void placeOnRegularGrid(SeriesData& s, const std::string& path, std::optional<int64_t> interval, Aggregation aggregation, float missingValue)
{
    if (s.timestamps.empty()) return;
    const int64_t steps = static_cast<int64_t>(s.timestamps.size());
    std::vector<int64_t> order(static_cast<size_t>(steps));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return s.timestamps[a] < s.timestamps[b]; });
    std::vector<int64_t> sorted(static_cast<size_t>(steps));
    for (int64_t i = 0; i < steps; ++i) sorted[i] = s.timestamps[order[i]];
    for (int64_t i = 1; i < steps; ++i)
        if (sorted[i] == sorted[i - 1])
            throw InputError(describeProblem(path, "the time " + formatTimestamp(sorted[i]) + " appears twice ("
                                                       + namedRows(s, std::min(order[i - 1], order[i]), std::max(order[i - 1], order[i])) + ")"
                                                       + kRepeatedTimeHint));
    const int64_t fileStep = steps > 1 ? mostCommonGap(sorted) : 300;
    const int64_t step = interval ? *interval : fileStep;
    if (step <= 0) throw InputError(describeProblem(path, "the sampling interval must be positive"));
    // A coarser interval that the file's is a whole part of: its readings are combined per step.
    const bool averaging = interval && *interval > fileStep && *interval % fileStep == 0;
    const int64_t readingsPerStep = averaging ? step / fileStep : 1;
    const int64_t first = averaging ? stepStart(sorted.front(), step) : sorted.front();
    if (!averaging)
        for (int64_t t : sorted)
            if ((t - first) % step != 0)
                throw InputError(describeProblem(path, formatTimestamp(t) + " is not on the " + formatInterval(step) + " grid of the series, which starts at "
                                                           + formatTimestamp(first) + " UTC"
                                                           + (interval ? "" : " (the interval is the most common gap between its timestamps)")));
    std::vector<int64_t> stepTimes; // the steps the file gives, in time order
    for (int64_t t : sorted) {
        const int64_t start = averaging ? stepStart(t, step) : t;
        if (stepTimes.empty() || stepTimes.back() != start) stepTimes.push_back(start);
    }
    const int64_t given = static_cast<int64_t>(stepTimes.size());
    const int64_t gridSteps = (stepTimes.back() - first) / step + 1, absent = gridSteps - given;
    const Gap gap = longestGap(stepTimes, step);
    const std::string gapText = std::to_string(gap.steps) + " steps after " + formatTimestamp(gap.after);
    if (absent > given)
        throw InputError(describeProblem(path, "its " + std::to_string(steps) + " timestamps span " + formatTimestamp(sorted.front()) + " .. "
                                                   + formatTimestamp(sorted.back()) + ", " + std::to_string(gridSteps) + " steps of "
                                                   + formatInterval(step) + ": more are absent than present (the longest gap: "
                                                   + gapText + "); is a timestamp or the interval wrong?"));
    const bool inOrder = std::is_sorted(s.timestamps.begin(), s.timestamps.end());
    if (!averaging && absent == 0 && inOrder) return;

    std::vector<int64_t> gridStepOfRow(static_cast<size_t>(steps));
    for (int64_t r = 0; r < steps; ++r) gridStepOfRow[r] = ((averaging ? stepStart(s.timestamps[r], step) : s.timestamps[r]) - first) / step;
    // A total over a step whose readings are not all there counts the absent ones at the mean
    // of those present: a step missing one of its five 1-minute counts is not 20 % short.
    combineOverGrid(s, gridStepOfRow, gridSteps, missingValue,
                    aggregation == Aggregation::Sum ? static_cast<double>(readingsPerStep) : 1.0);
    s.timestamps.resize(static_cast<size_t>(gridSteps));
    for (int64_t g = 0; g < gridSteps; ++g) s.timestamps[g] = first + g * step;
    if (!inOrder) s.notes.push_back("the rows are not in time order: read in time order");
    if (averaging) {
        s.aggregation = aggregation;
        s.combinedFromSeconds = fileStep;
        if (aggregation == Aggregation::Sum)
            s.notes.push_back("readings every " + formatInterval(fileStep) + " totalled into steps of " + formatInterval(step)
                              + ": each step is the sum of its sensor's " + std::to_string(readingsPerStep)
                              + " readings from its start to the next step's, a missing one counted at the mean of the others");
        else
            s.notes.push_back("readings every " + formatInterval(fileStep) + " averaged into steps of " + formatInterval(step)
                              + ": each step is the mean of its sensor's readings from its start to the next step's");
    }
    if (absent > 0) {
        char share[16];
        std::snprintf(share, sizeof share, "%.1f", 100.0 * static_cast<double>(absent) / static_cast<double>(gridSteps));
        s.notes.push_back(std::to_string(absent) + " of " + std::to_string(gridSteps) + " steps (" + share
                          + " %) are absent from the file: added as missing readings (the longest gap: " + gapText + ")");
    }
}

} // namespace himnet
