#include "himnet/dataset_summary.h"
#include "core/json_text.h"
#include "himnet/holidays.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace himnet {

namespace {

struct DayMean {
    int64_t day = 0;   ///< days since 1970-01-01
    double mean = 0;   ///< of the day's present readings, over every sensor
    int64_t steps = 0; ///< of the data on that day
};

/// A note when the readings settle at another level part-way and stay there (sz-taxi's speeds
/// halve from 11 January 2015 on): the split of the days into two runs, of three days or more
/// each, whose daily means differ by a quarter or more with every day of one run apart from
/// every day of the other. Weekends and single odd days never make such runs; a changed sensor
/// fleet, a new way of counting or a unit changed part-way do. The later run's first day goes
/// to `changedOn`; empty when there is none.
std::string levelShiftNote(const std::vector<DayMean>& days, const std::string& unit, std::string& changedOn)
{
    constexpr size_t kShortestRun = 3;
    constexpr double kLeastChange = 0.25;
    if (days.size() < 2 * kShortestRun) return {};
    double bestChange = 0, bestBefore = 0, bestAfter = 0;
    size_t bestSplit = 0;
    for (size_t k = kShortestRun; k + kShortestRun <= days.size(); ++k) {
        double lowBefore = 1e300, highBefore = -1e300, lowAfter = 1e300, highAfter = -1e300, before = 0, after = 0;
        for (size_t i = 0; i < days.size(); ++i) {
            const double m = days[i].mean;
            (i < k ? before : after) += m;
            if (i < k) lowBefore = std::min(lowBefore, m), highBefore = std::max(highBefore, m);
            else lowAfter = std::min(lowAfter, m), highAfter = std::max(highAfter, m);
        }
        before /= static_cast<double>(k);
        after /= static_cast<double>(days.size() - k);
        const bool apart = highAfter < lowBefore || highBefore < lowAfter;
        const double change = std::abs(after - before) / std::max(1e-12, std::min(std::abs(before), std::abs(after)));
        if (apart && change >= kLeastChange && change > bestChange) bestChange = change, bestSplit = k, bestBefore = before, bestAfter = after;
    }
    if (bestSplit == 0) return {};
    const std::string u = unit.empty() ? "" : " " + unit;
    const std::string changed = dateText(days[bestSplit].day);
    changedOn = changed;
    char text[640];
    std::snprintf(text, sizeof text,
                  "the readings change level: their daily mean is %.1f%s up to %s and %.1f%s from %s on (%+.0f %%), every day of the "
                  "one period apart from every day of the other; did the sensors, or how the data were collected, change then? "
                  "A model trained across it learns from both levels: to train on the later one alone, read from %s on (--from %s, "
                  "or Reading Options in the app)",
                  bestBefore, u.c_str(), dateText(days[bestSplit - 1].day).c_str(), bestAfter, u.c_str(), changed.c_str(),
                  100.0 * (bestAfter - bestBefore) / std::abs(bestBefore), changed.c_str(), changed.c_str());
    return text;
}

} // namespace

DatasetSummary summarizeDataset(const Dataset& d)
{
    DatasetSummary s;
    s.name = d.name;
    s.path = d.sourcePath;
    s.format = d.format;
    s.quantity = d.quantity;
    s.unit = d.unit;
    s.valueColumn = d.valueColumn;
    s.valueColumns = d.valueColumns;
    s.sheet = d.sheet;
    s.sheets = d.sheets;
    s.sensors = d.numNodes;
    s.steps = d.numSteps;
    s.channels = d.numChannels;
    s.intervalSeconds = d.intervalSeconds;
    if (d.aggregation) s.aggregation = aggregationName(*d.aggregation);
    s.stepsPerDay = d.stepsPerDay();
    if (!d.timestamps.empty()) {
        s.start = formatTimestamp(d.timestamps.front());
        s.end = formatTimestamp(d.timestamps.back());
    }
    s.days = static_cast<double>(d.numSteps * d.intervalSeconds) / 86400.0;
    int64_t missing = 0, present = 0;
    double sum = 0, lo = 1e300, hi = -1e300;
    std::vector<DayMean> days;
    int64_t dayCount = 0;
    for (int64_t t = 0; t < d.numSteps; ++t) {
        const int64_t day = t < static_cast<int64_t>(d.timestamps.size()) ? epochDay(d.timestamps[static_cast<size_t>(t)]) : 0;
        if (days.empty() || days.back().day != day) {
            if (!days.empty()) days.back().mean = dayCount > 0 ? days.back().mean / static_cast<double>(dayCount) : NAN;
            days.push_back({day, 0, 0});
            dayCount = 0;
        }
        ++days.back().steps;
        for (int64_t n = 0; n < d.numNodes; ++n) {
            const float v = d.value(t, n);
            if (v == d.missingValue) {
                ++missing;
                continue;
            }
            ++present;
            sum += v;
            days.back().mean += v;
            ++dayCount;
            lo = std::min(lo, static_cast<double>(v));
            hi = std::max(hi, static_cast<double>(v));
        }
    }
    if (!days.empty()) days.back().mean = dayCount > 0 ? days.back().mean / static_cast<double>(dayCount) : NAN;
    // Days the data cover for half a day or less (its first and last, often) would weigh some
    // hours of the day only.
    const int64_t halfDay = d.stepsPerDay() / 2;
    days.erase(std::remove_if(days.begin(), days.end(), [halfDay](const DayMean& m) { return std::isnan(m.mean) || m.steps <= halfDay; }),
               days.end());
    s.missingPercent = 100.0 * static_cast<double>(missing) / static_cast<double>(std::max<int64_t>(1, missing + present));
    if (present > 0) {
        s.minValue = lo;
        s.maxValue = hi;
        s.meanValue = sum / static_cast<double>(present);
    }
    s.hasCoordinates = d.hasLocations();
    s.hasGraph = !d.edges.empty();
    s.graph = graphStatistics(d.numNodes, d.edges);
    s.zoneNames = d.zoneNames;
    s.zoneSizes.assign(d.zoneNames.size(), 0);
    for (int z : d.zoneLabels) ++s.zoneSizes[static_cast<size_t>(z)];
    s.notes = d.notes;
    if (d.timestamps.size() == static_cast<size_t>(d.numSteps))
        if (std::string shift = levelShiftNote(days, d.unit, s.levelChangedOn); !shift.empty()) s.notes.push_back(std::move(shift));
    return s;
}

namespace {

std::string graphLine(const GraphStatistics& g)
{
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, "%lld edges, %lld component(s) (largest %lld nodes, %lld isolated), degree min %.0f / mean %.2f / max %.0f",
                  static_cast<long long>(g.edges), static_cast<long long>(g.components), static_cast<long long>(g.largestComponent),
                  static_cast<long long>(g.isolatedNodes), g.minDegree, g.meanDegree, g.maxDegree);
    return buffer;
}

nlohmann::json graphJson(const GraphStatistics& g)
{
    return {{"nodes", g.nodes},           {"edges", g.edges},
            {"components", g.components}, {"largest_component", g.largestComponent},
            {"isolated_nodes", g.isolatedNodes}, {"degree", {{"min", g.minDegree}, {"mean", g.meanDegree}, {"max", g.maxDegree}}}};
}

} // namespace

std::string toText(const DatasetSummary& s)
{
    std::ostringstream out;
    char line[256];
    out << s.name << "  (" << s.path << ")\n";
    out << "  format        " << s.format << "\n";
    out << "  sensors       " << s.sensors << "\n";
    std::snprintf(line, sizeof line, "  steps         %lld x %lld s (%lld per day), %.1f days\n", static_cast<long long>(s.steps),
                  static_cast<long long>(s.intervalSeconds), static_cast<long long>(s.stepsPerDay), s.days);
    out << line;
    out << "  span          " << s.start << " .. " << s.end << " UTC\n";
    if (s.channels > 1) out << "  channels      " << s.channels << " (channel 0 is forecast)\n";
    std::string measured = s.quantity; // "speed in mph: " / "speed: " / "in mph: " / ""
    if (!s.unit.empty()) measured += (measured.empty() ? "in " : " in ") + s.unit;
    if (!measured.empty()) measured += ": ";
    std::snprintf(line, sizeof line, "  values        %smin %.2f, mean %.2f, max %.2f; missing %.2f %%\n", measured.c_str(),
                  s.minValue, s.meanValue, s.maxValue, s.missingPercent);
    out << line;
    if (!s.sheet.empty()) out << "  sheet         " << s.sheet << (s.sheets.size() > 1 ? " (of " + std::to_string(s.sheets.size()) + ")" : "") << "\n";
    if (!s.valueColumn.empty()) {
        out << "  column        " << s.valueColumn;
        if (s.valueColumns.size() > 1) {
            out << " (of ";
            for (size_t c = 0; c < s.valueColumns.size(); ++c) out << (c ? ", " : "") << s.valueColumns[c];
            out << ")";
        }
        out << "\n";
    }
    out << "  coordinates   " << (s.hasCoordinates ? "yes (latitude/longitude)" : "no (the map uses a graph layout)") << "\n";
    out << "  graph         " << (s.hasGraph ? graphLine(s.graph) : std::string("none (HimNet learns its own)")) << "\n";
    if (!s.zoneNames.empty()) {
        out << "  zones         ";
        for (size_t z = 0; z < s.zoneNames.size(); ++z) out << (z ? ", " : "") << s.zoneNames[z] << " " << s.zoneSizes[z];
        out << "\n";
    }
    for (const auto& note : s.notes) out << "  note          " << note << "\n";
    return out.str();
}

std::string toJson(const DatasetSummary& s)
{
    nlohmann::json j{{"name", s.name},
                     {"path", s.path},
                     {"format", s.format},
                     {"sensors", s.sensors},
                     {"steps", s.steps},
                     {"channels", s.channels},
                     {"interval_seconds", s.intervalSeconds},
                     {"steps_per_day", s.stepsPerDay},
                     {"aggregation", textOrNull(s.aggregation)},
                     {"start", s.start},
                     {"end", s.end},
                     {"days", s.days},
                     {"missing_percent", s.missingPercent},
                     {"values", {{"min", s.minValue}, {"mean", s.meanValue}, {"max", s.maxValue}}},
                     {"quantity", textOrNull(s.quantity)},
                     {"unit", textOrNull(s.unit)},
                     {"value_column", textOrNull(s.valueColumn)},
                     {"value_columns", s.valueColumns},
                     {"sheet", textOrNull(s.sheet)},
                     {"sheets", s.sheets},
                     {"coordinates", s.hasCoordinates},
                     {"graph", s.hasGraph ? graphJson(s.graph) : nlohmann::json(nullptr)},
                     {"notes", s.notes},
                     {"level_changed_on", textOrNull(s.levelChangedOn)}};
    if (!s.zoneNames.empty()) {
        nlohmann::json zones = nlohmann::json::object();
        for (size_t z = 0; z < s.zoneNames.size(); ++z) zones[s.zoneNames[z]] = s.zoneSizes[z];
        j["zones"] = zones;
    }
    return j.dump(2);
}

std::string describeGraphFile(const std::string& path, bool json)
{
    const RoadGraphFile graph = loadEdgeListGraph(path);
    const int64_t nodes = static_cast<int64_t>(graph.nodeIds.size());
    const GraphStatistics kernel = graphStatistics(nodes, graph.edges);
    const GraphStatistics listed = graphStatistics(nodes, graph.listedLinks);
    if (json)
        return nlohmann::json{{"path", path}, {"format", "edge-list"}, {"nodes", nodes},
                              {"graph", graphJson(kernel)}, {"listed_links", graphJson(listed)}}.dump(2);
    return path + "\n  format        edge list\n  nodes         " + std::to_string(nodes)
        + "\n  listed links  " + graphLine(listed) + "\n  kernel graph  " + graphLine(kernel)
        + (graph.kernelThreshold > 0 ? "\n                (DCRNN's Gaussian kernel of the distances, weights below 0.1 dropped)\n"
                                     : "\n                (DCRNN's Gaussian kernel of the distances; a list of neighbours: every link kept)\n");
}

} // namespace himnet
