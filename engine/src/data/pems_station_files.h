#pragma once
// Station files of PeMS, the Caltrans Performance Measurement System, as its clearinghouse
// serves them: the source of every PEMS benchmark. Headerless rows of
//   Timestamp, Station, District, Freeway #, Direction of Travel, Lane Type, Station Length,
//   Samples, % Observed, Total Flow, Avg Occupancy, Avg Speed
// then fields for each lane, so that the rows of a file differ in length. Timestamps are
// month first ("01/15/2019 08:05:00"). The 5-minute, hourly and daily station files share
// these columns; a 5-minute file holds a day ("d07_text_station_5min_2019_01_15.txt.gz"),
// and a district's stations, with their coordinates, are listed in its metadata files
// ("d07_text_meta_2019_01_10.txt", tab-separated, headed ID … Latitude Longitude …).
#include "data/series_readers.h"

#include <optional>
#include <string>
#include <vector>

namespace himnet {

/// True for a row laid out as a PeMS station file's: a month-first timestamp, a station id,
/// district and freeway numbers, a direction (N, S, E, W) and a lane type (ML, OR, FR, HV…).
bool isPemsStationRow(const std::vector<std::string>& row);

/// "5min", "hour" or "day" for a station file's name as the clearinghouse gives it
/// ("d07_text_station_5min_2019_01_15.txt.gz"); empty for any other name.
std::string pemsStationFileKind(const std::string& fileName);

/// True for a district's station list by its clearinghouse name ("d07_text_meta_2019_01_10.txt").
bool isPemsMetaFileName(const std::string& fileName);
/// The district a clearinghouse file name begins with, lower case: "d07" for
/// "D07_text_meta_2019_01_10.txt".
std::string pemsDistrictOf(const std::string& fileName);

/// Reads station files (a day each, say) as one series: a sensor per station, the steps of
/// every file. `valueColumn`: "Total Flow" (the default, as the PEMS benchmarks read),
/// "Avg Occupancy" or "Avg Speed". Dates are read month first unless `dateOrder` says
/// otherwise. Notes say how many files were read, the stations' lane types, and how much of
/// the data PeMS observed rather than imputed. A file that is not a station file, a row
/// cut short, and a station and time given twice (a day's file copied) are refused, naming
/// the file and row.
/// `laneTypes`: read only the stations of these lane types ("ML", "HV"…; all when empty),
/// the others named in a note; none of them among the stations is refused, naming those there are.
SeriesData readPemsStationFiles(const std::vector<std::string>& paths, const std::optional<std::string>& valueColumn = {},
                                DateOrder dateOrder = DateOrder::Unstated, const std::vector<std::string>& laneTypes = {});

} // namespace himnet
