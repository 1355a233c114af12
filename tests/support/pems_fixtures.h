#pragma once
// PeMS station files written from la-week's real readings (METR-LA's sensors are PeMS District
// 7 stations), as the Caltrans clearinghouse serves them: headerless rows of varying length,
// month-first times, a day per file, beside the district's tab-separated station list.
#include <QTemporaryDir>

#include <cstdint>
#include <functional>
#include <string>

namespace himnet::testing {

inline constexpr int64_t kPemsStepsPerDay = 288;

/// The Total Flow written for a reading of la-week: a whole number of vehicles that follows the speed.
int pemsFlowOf(float speed);

/// la-week's readings of steps [from, to) that `keep` passes (all by default) as PeMS station
/// rows: one on-ramp in five, one station in seven imputed (0 % observed), two to four lanes of
/// five fields each; a missing reading leaves its fields blank, as PeMS does. Total Flow from
/// pemsFlowOf, Avg Occupancy .0296, Avg Speed la-week's speed.
std::string pemsStationRows(int64_t from, int64_t to, const std::function<bool(int64_t step)>& keep = {});

/// `text` written to `path`, gzipped when the name ends in .gz.
void writeFileMaybeGzipped(const std::string& path, const std::string& text);

/// la-week's day `day` (0 = 2012-03-01) as the clearinghouse names its 5-minute file, in `dir`
/// (`suffix`: ".txt.gz" or ".txt"); its path.
std::string writePemsDay(const QTemporaryDir& dir, int day, const std::string& suffix = ".txt.gz");

/// District 7's station list as PeMS writes it (tabs, a header, one more station than the
/// data, not yet surveyed), in `dir`; the data's sensor `blankSensor` (if any) listed with its
/// coordinates blank. Its path.
std::string writePemsStationList(const QTemporaryDir& dir, int64_t blankSensor = -1);

} // namespace himnet::testing
