#pragma once
// Exports built from la-week's real METR-LA readings, as the reader tests write them: the
// files of traffic databases and spreadsheets must read as the published wide file does.
#include "himnet/dataset.h"

#include <QTemporaryDir>

#include <cstdint>
#include <string>
#include <vector>

namespace himnet::testing {

/// la-week, with missing readings planted (one in 53): the published week has none, and
/// exports must keep a missing reading missing.
const Dataset& laWeek();

/// la-week's folder as published, with its sensors' locations.
const Dataset& laWeekWithLocations();

struct LongRow {
    int64_t step, node;
};

/// Every reading of la-week's first `steps` steps at its first `nodes` sensors, step by step.
std::vector<LongRow> firstReadings(int64_t steps, int64_t nodes);

/// la-week as a long table (`header`: time, detector and two value columns, speed in mph and
/// km/h), its rows in `order`, written to detectors.csv in `dir`.
std::string writeLongTable(const QTemporaryDir& dir, const std::vector<LongRow>& order,
                           const std::string& header = "timestamp,detector,speed,speed_kmh");

/// A table of la-week's locations for its sensors `nodes`, in that order, headed `header`
/// ("Detector ID,Latitude,Longitude"), written to `path`.
void writeLaWeekLocations(const std::string& path, const std::string& header, const std::vector<int64_t>& nodes);

/// `text` with some of its lines changed as `changes` says, each line then ended by "\n":
/// "R=…" replaces row R (the first line is row 1) and "R.C=…" the C-th comma-separated field of
/// that row; changes are separated by '|'.
std::string withRowsChanged(const std::string& text, const QString& changes);

/// `text` written to export.csv in `dir`.
std::string writeText(const QTemporaryDir& dir, const std::string& text);

/// `utf8` as UTF-16 bytes, little- or big-endian, with a byte-order mark or without: what Excel's
/// "Unicode Text" export and PowerShell's Out-File write.
std::string utf16Of(const std::string& utf8, bool littleEndian, bool byteOrderMark);

/// Whether one of the notes reading made contains `text`.
bool anyNoteContains(const Dataset& d, const std::string& text);

} // namespace himnet::testing
