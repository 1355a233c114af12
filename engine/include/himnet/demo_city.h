#pragma once
// The built-in demo city: a plausible road network whose heterogeneity we planted and
// therefore know. Zones with their own weekday and weekend profiles and peak directions,
// congestion that travels along roads, incidents, noise and sensor outages. Deterministic
// for a seed.
#include "himnet/dataset.h"
#include "himnet/holidays.h"

#include <cstdint>
#include <string>

namespace himnet {

struct DemoCityOptions {
    int64_t sensors = 160;      ///< 20 .. 2000
    int64_t weeks = 4;          ///< 1 .. 52
    uint32_t seed = 7;
    int64_t intervalSeconds = 300;
    std::string start = "2024-03-04"; ///< a Monday, UTC
    /// Days whose traffic follows the day of week they behave like (a holiday: Sunday's), for
    /// showing what a holiday calendar does (himnet train --holidays). None by default.
    HolidayCalendar holidays;
};

/// The zones, in label order.
const std::vector<std::string>& demoCityZoneNames();

/// Generates the city. Throws InputError when an option is out of range.
Dataset generateDemoCity(const DemoCityOptions& options = {});

/// Writes `dataset` as a dataset folder loadDataset() reads back: series.h5 (pandas HDF5
/// layout of METR-LA), graph_sensor_locations.csv, distances.csv (edge list), zones.csv
/// (when known) and the dataset.json manifest. Creates the folder if needed.
void writeDatasetFolder(const Dataset& dataset, const std::string& folder);

} // namespace himnet
