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

// Moves each of the file's rows to its grid step; steps no row fills become empty cells.
void spreadOverGrid(SeriesData& s, const std::vector<int64_t>& gridStepOfRow, int64_t gridSteps)
{
    const int64_t width = s.nodes * s.channels, rows = static_cast<int64_t>(gridStepOfRow.size());
    std::vector<float> values(static_cast<size_t>(gridSteps * width), 0.0f);
    std::vector<bool> filled(static_cast<size_t>(gridSteps), false);
    for (int64_t r = 0; r < rows; ++r) {
        std::copy_n(s.values.begin() + r * width, width, values.begin() + gridStepOfRow[r] * width);
        filled[gridStepOfRow[r]] = true;
    }
    std::vector<size_t> empty;
    for (size_t cell : s.emptyCells)
        empty.push_back(static_cast<size_t>(gridStepOfRow[static_cast<int64_t>(cell) / width] * width + static_cast<int64_t>(cell) % width));
    for (int64_t g = 0; g < gridSteps; ++g)
        if (!filled[g])
            for (int64_t c = 0; c < width; ++c) empty.push_back(static_cast<size_t>(g * width + c));
    std::sort(empty.begin(), empty.end());
    s.values = std::move(values);
    s.emptyCells = std::move(empty);
    s.steps = gridSteps;
}

} // namespace

void placeOnRegularGrid(SeriesData& s, const std::string& path, std::optional<int64_t> interval)
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
    const int64_t step = interval ? *interval : steps > 1 ? mostCommonGap(sorted) : 300;
    if (step <= 0) throw InputError(describeProblem(path, "the sampling interval must be positive"));
    const int64_t first = sorted.front(), last = sorted.back();
    for (int64_t t : sorted)
        if ((t - first) % step != 0)
            throw InputError(describeProblem(path, formatTimestamp(t) + " is not on the " + formatInterval(step) + " grid of the series, which starts at "
                                                       + formatTimestamp(first) + " UTC"
                                                       + (interval ? "" : " (the interval is the most common gap between its timestamps)")));
    const int64_t gridSteps = (last - first) / step + 1, absent = gridSteps - steps;
    const Gap gap = longestGap(sorted, step);
    const std::string gapText = std::to_string(gap.steps) + " steps after " + formatTimestamp(gap.after);
    if (absent > steps)
        throw InputError(describeProblem(path, "its " + std::to_string(steps) + " timestamps span " + formatTimestamp(first) + " .. "
                                                   + formatTimestamp(last) + ", " + std::to_string(gridSteps) + " steps of "
                                                   + formatInterval(step) + ": more are absent than present (the longest gap: "
                                                   + gapText + "); is a timestamp or the interval wrong?"));
    const bool inOrder = std::is_sorted(s.timestamps.begin(), s.timestamps.end());
    if (absent == 0 && inOrder) return;

    std::vector<int64_t> gridStepOfRow(static_cast<size_t>(steps));
    for (int64_t i = 0; i < steps; ++i) gridStepOfRow[order[i]] = (sorted[i] - first) / step;
    spreadOverGrid(s, gridStepOfRow, gridSteps);
    s.timestamps.resize(static_cast<size_t>(gridSteps));
    for (int64_t g = 0; g < gridSteps; ++g) s.timestamps[g] = first + g * step;
    if (!inOrder) s.notes.push_back("the rows are not in time order: read in time order");
    if (absent > 0) {
        char share[16];
        std::snprintf(share, sizeof share, "%.1f", 100.0 * static_cast<double>(absent) / static_cast<double>(gridSteps));
        s.notes.push_back(std::to_string(absent) + " of " + std::to_string(gridSteps) + " steps (" + share
                          + " %) are absent from the file: added as missing readings (the longest gap: " + gapText + ")");
    }
}

} // namespace himnet
