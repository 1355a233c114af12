// PeMS station files read as one long table (pems_station_files.h).
#include "data/pems_station_files.h"
#include "data/text_table.h"
#include "data/time_grid.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>

namespace himnet {
namespace {

// The columns every station file begins with, as PeMS documents them.
const std::vector<std::string> kStationColumns = {"Timestamp",     "Station",     "District",   "Freeway #",
                                                  "Direction of Travel", "Lane Type", "Station Length", "Samples",
                                                  "% Observed",    "Total Flow",  "Avg Occupancy", "Avg Speed"};
constexpr size_t kLaneType = 5, kObserved = 8;
constexpr size_t kTotalFlow = 9, kAvgOccupancy = 10, kAvgSpeed = 11;

// The lane types of PeMS, and what a planner calls them.
const std::map<std::string, std::string>& laneTypeNames()
{
    static const std::map<std::string, std::string> names = {
        {"ML", "mainline"},       {"OR", "on-ramp"},       {"FR", "off-ramp"}, {"HV", "HOV lane"},
        {"CD", "collector/distributor"}, {"CH", "conventional highway"}, {"FF", "freeway-to-freeway connector"}};
    return names;
}

// "veh/5 min" for 5-minute files, "veh/h" for hourly ones: flow counts vehicles per step.
std::string flowUnit(const std::vector<int64_t>& timestamps)
{
    int64_t step = 0;
    for (size_t t = 1; t < timestamps.size(); ++t)
        if (const int64_t gap = timestamps[t] - timestamps[t - 1]; step == 0 || gap < step) step = gap;
    return step > 0 ? "veh/" + unitStep(step) : "veh";
}

// PeMS writes California's local time, whose clock changes on Sundays at 02:00 (rules of 2007
// on; before, the first Sunday of April and the last of October).
std::tm partsOf(int64_t localTime)
{
    const std::time_t t = static_cast<std::time_t>(localTime);
    std::tm parts{};
    gmtime_r(&t, &parts);
    return parts;
}

// When daylight saving time ends (the first Sunday of November), the hour from 01:00 shows twice.
bool californiaClockRepeats(int64_t localTime)
{
    const std::tm parts = partsOf(localTime);
    if (parts.tm_hour != 1 || parts.tm_wday != 0) return false;
    if (parts.tm_year + 1900 >= 2007) return parts.tm_mon == 10 && parts.tm_mday <= 7;
    return parts.tm_mon == 9 && parts.tm_mday >= 25;
}

// When it begins (the second Sunday of March), the hour from 02:00 is skipped.
bool californiaClockSkips(int64_t dayStart)
{
    const std::tm parts = partsOf(dayStart);
    if (parts.tm_wday != 0) return false;
    if (parts.tm_year + 1900 >= 2007) return parts.tm_mon == 2 && parts.tm_mday >= 8 && parts.tm_mday <= 14;
    return parts.tm_mon == 3 && parts.tm_mday <= 7;
}

// A note for each skipped hour within the readings' span that no reading falls in, so that its
// missing steps are not taken for an outage. `times`: the distinct times read, in order.
void noteSkippedHours(const std::vector<int64_t>& times, std::vector<std::string>& notes)
{
    if (times.empty()) return;
    for (int64_t day = times.front() - times.front() % 86400; day <= times.back(); day += 86400) {
        const int64_t from = day + 2 * 3600, to = from + 3600;
        if (!californiaClockSkips(day) || from < times.front() || to > times.back()) continue;
        if (std::lower_bound(times.begin(), times.end(), from) != std::lower_bound(times.begin(), times.end(), to)) continue;
        notes.push_back("the hour from " + formatTimestamp(from).substr(0, 16) + " has no readings: California's clocks skip it "
                        "when daylight saving time begins, so its steps are missing readings");
    }
}

bool isAsked(const std::vector<std::string>& laneTypes, const std::string& type)
{
    return laneTypes.empty() || std::find(laneTypes.begin(), laneTypes.end(), type) != laneTypes.end();
}

// "165 mainline (ML), 42 on-ramp (OR)": the stations of each lane type whose being asked for in
// `laneTypes` is `asked`, the most numerous first.
std::string stationsByLaneType(const std::map<std::string, std::string>& laneTypeOfStation, const std::vector<std::string>& laneTypes, bool asked)
{
    std::map<std::string, int64_t> stations;
    for (const auto& [station, type] : laneTypeOfStation)
        if (isAsked(laneTypes, type) == asked) ++stations[type];
    std::vector<std::pair<int64_t, std::string>> byCount;
    for (const auto& [type, count] : stations) byCount.emplace_back(count, type);
    std::sort(byCount.begin(), byCount.end(), [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    std::vector<std::string> parts;
    for (const auto& [count, type] : byCount) {
        const auto name = laneTypeNames().find(type);
        parts.push_back(std::to_string(count) + " " + (name != laneTypeNames().end() ? name->second + " (" + type + ")" : type));
    }
    return joined(parts);
}

} // namespace

bool isPemsStationRow(const std::vector<std::string>& row)
{
    if (row.size() < kStationColumns.size()) return false;
    const std::string& time = row[0]; // 01/15/2019 08:05:00
    if (time.size() != 19 || time[2] != '/' || time[5] != '/' || time[10] != ' ' || time[13] != ':' || time[16] != ':') return false;
    const std::string& direction = row[4];
    return allDigits(row[1]) && allDigits(row[2]) && allDigits(row[3]) && direction.size() == 1
        && std::string("NSEW").find(direction[0]) != std::string::npos && laneTypeNames().count(row[kLaneType]) == 1;
}

std::vector<std::string> parseLaneTypes(const std::string& text)
{
    std::vector<std::string> types;
    std::string word;
    const auto take = [&] {
        if (word.empty()) return;
        std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (laneTypeNames().count(word) == 0) {
            std::vector<std::string> known;
            for (const auto& [code, name] : laneTypeNames()) known.push_back(code + " (" + name + ")");
            throw InputError("'" + word + "' is no PeMS lane type (they are " + joined(known) + ")");
        }
        if (std::find(types.begin(), types.end(), word) == types.end()) types.push_back(word);
        word.clear();
    };
    for (const char c : text) {
        if (c == ',' || c == ' ' || c == ';') take();
        else word += c;
    }
    take();
    return types;
}

std::string pemsStationFileKind(const std::string& fileName)
{
    const std::string name = lowerCase(fileName);
    // dNN_text_station_<kind>_<date>
    if (name.size() < 4 || name[0] != 'd' || !std::isdigit(static_cast<unsigned char>(name[1]))
        || !std::isdigit(static_cast<unsigned char>(name[2])) || name.compare(3, 14, "_text_station_") != 0 || !isTextTablePath(name))
        return {};
    for (const char* kind : {"5min", "hour", "day"})
        if (name.compare(17, std::string(kind).size() + 1, std::string(kind) + "_") == 0) return kind;
    return {};
}

bool isPemsMetaFileName(const std::string& fileName)
{
    const std::string name = lowerCase(fileName);
    return name.size() > 12 && name[0] == 'd' && std::isdigit(static_cast<unsigned char>(name[1]))
        && std::isdigit(static_cast<unsigned char>(name[2])) && name.compare(3, 11, "_text_meta_") == 0 && isTextTablePath(name);
}

std::string pemsDistrictOf(const std::string& fileName) { return lowerCase(fileName.substr(0, 3)); }

SeriesData readPemsStationFiles(const std::vector<std::string>& paths, const std::optional<std::string>& valueColumn, DateOrder dateOrder,
                                const std::vector<std::string>& laneTypes)
{
    if (paths.empty()) throw InputError("no PeMS station files to read");
    LongTableFiles files;
    files.paths = paths;
    files.header = kStationColumns;
    files.raggedRows = true;
    files.clockRepeats = californiaClockRepeats;
    // Every file must be a station file: a stray one in the folder is named, not read as garbage.
    for (const auto& path : paths) {
        const TextTable head = readTextTable(path, 1);
        if (!isPemsStationRow(head.rows.front()))
            throw InputError(describeProblem(path, "is not a PeMS station file" + std::string(paths.size() > 1 ? " as the others are" : "")
                                                       + " (its first row: '" + joined(head.rows.front(), ",").substr(0, 80) + "')"));
        if (files.firstRow.empty()) files.firstRow = head.rows.front();
    }
    // What the rows kept and left out say, counted per reader (rows are read on threads).
    struct RowTally {
        std::map<std::string, std::string> laneTypeOfStation;
        double observedSum = 0;
        int64_t observedRows = 0, keptRows = 0;
    };
    std::vector<RowTally> tallies(tableReaderThreads());
    files.keepRow = [&](const std::vector<std::string>& row, size_t reader) {
        if (row.size() <= kObserved) return true; // to be refused as cut short
        RowTally& tally = tallies[reader];
        const std::string& type = row[kLaneType];
        tally.laneTypeOfStation.emplace(row[1], type);
        if (!isAsked(laneTypes, type)) return false;
        ++tally.keptRows;
        double observed = 0;
        if (parseNumber(row[kObserved], observed)) {
            tally.observedSum += observed;
            ++tally.observedRows;
        }
        return true;
    };
    RowTally all;
    const auto addUpTallies = [&] {
        for (const RowTally& tally : tallies) {
            all.laneTypeOfStation.insert(tally.laneTypeOfStation.begin(), tally.laneTypeOfStation.end());
            all.observedSum += tally.observedSum;
            all.observedRows += tally.observedRows;
            all.keptRows += tally.keptRows;
        }
    };
    SeriesData s;
    s.format = "pems-station";
    if (paths.size() > 1) s.notes.push_back(countOf(static_cast<long long>(paths.size()), "PeMS station file") + " read as one series");
    LongTableLayout layout{0, 1, {kTotalFlow, kAvgOccupancy, kAvgSpeed}, std::nullopt};
    try {
        readLongTableFiles(files, layout, valueColumn, dateOrder == DateOrder::Unstated ? DateOrder::MonthFirst : dateOrder, s);
    } catch (const InputError&) {
        addUpTallies();
        if (all.keptRows == 0 && !all.laneTypeOfStation.empty()) // every row left out: say which lane types there are
            throw InputError(describeProblem(paths.front(), "has no station of lane type " + joined(laneTypes) + " ("
                                                                + stationsByLaneType(all.laneTypeOfStation, {}, true) + ")"));
        throw;
    }
    addUpTallies();

    noteSkippedHours(s.timestamps, s.notes);
    if (s.valueColumn == kStationColumns[kTotalFlow]) {
        s.quantity = "flow";
        s.unit = flowUnit(s.timestamps);
    } else if (s.valueColumn == kStationColumns[kAvgOccupancy]) {
        s.quantity = "occupancy";
        s.unit.clear(); // a fraction of the time, 0 to 1
    } else {
        s.quantity = "speed";
        s.unit = "mph";
    }
    const std::string leftOut = stationsByLaneType(all.laneTypeOfStation, laneTypes, false);
    s.notes.push_back("stations by lane type: " + stationsByLaneType(all.laneTypeOfStation, laneTypes, true)
                      + (leftOut.empty() ? "" : " read; " + leftOut + " left out (--lane-types, or Reading Options in the app)"));
    if (all.observedRows > 0 && all.observedSum / static_cast<double>(all.observedRows) < 99.5) {
        char note[200];
        std::snprintf(note, sizeof note, "PeMS observed %.0f%% of these lane readings and imputed the rest (its '%% Observed' column)",
                      all.observedSum / static_cast<double>(all.observedRows));
        s.notes.push_back(note);
    }
    return s;
}

} // namespace himnet
