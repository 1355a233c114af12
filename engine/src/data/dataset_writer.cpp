// writeDatasetFolder(): a Dataset as files that loadDataset() — and pandas — read back.
#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "io/hdf5_file.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iomanip>

namespace himnet {
namespace fs = std::filesystem;
namespace {

// The layout pandas' HDFStore writes for a DataFrame in fixed format (METR-LA's metr-la.h5).
void writePandasFrame(const Dataset& d, const std::string& path)
{
    H5::H5File file(path, H5F_ACC_TRUNC);
    H5::Group frame = file.createGroup("df");
    h5::writeStringAttribute(frame, "pandas_type", "frame");
    h5::writeStringAttribute(frame, "pandas_version", "0.15.2");
    h5::writeStringAttribute(frame, "encoding", "UTF-8");
    h5::writeStringAttribute(frame, "errors", "strict");
    h5::writeIntAttribute(frame, "ndim", 2);
    h5::writeIntAttribute(frame, "nblocks", 1);
    for (const char* axis : {"axis0_variety", "axis1_variety", "block0_items_variety"}) h5::writeStringAttribute(frame, axis, "regular");
    h5::writeStrings(frame, "axis0", d.sensorIds);
    h5::writeStrings(frame, "block0_items", d.sensorIds);
    std::vector<int64_t> nanoseconds(d.timestamps.size());
    for (size_t t = 0; t < d.timestamps.size(); ++t) nanoseconds[t] = d.timestamps[t] * 1000000000LL;
    h5::writeTensor(frame, "axis1", torch::tensor(nanoseconds, torch::kLong));
    // Target channel only, as float64 like METR-LA.
    const torch::Tensor all = torch::from_blob(const_cast<float*>(d.values.data()), {d.numSteps, d.numNodes, d.numChannels},
                                               torch::kFloat32);
    h5::writeTensor(frame, "block0_values", all.select(2, 0).to(torch::kFloat64).contiguous());
}

std::ofstream openForWriting(const fs::path& path)
{
    std::ofstream out(path);
    if (!out) throw RuntimeFailure(describeProblem(path.string(), "cannot be written"));
    out << std::setprecision(10);
    return out;
}

} // namespace

void writeDatasetFolder(const Dataset& d, const std::string& folder)
{
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw RuntimeFailure(describeProblem(folder, "cannot create the folder: " + ec.message()));
    const fs::path root(folder);
    nlohmann::json manifest{{"name", d.name}, {"series", "series.h5"}, {"interval", d.intervalSeconds}};
    if (!d.quantity.empty()) manifest["quantity"] = d.quantity;
    if (!d.unit.empty()) manifest["unit"] = d.unit;
    try {
        writePandasFrame(d, (root / "series.h5").string());
    } catch (const H5::Exception& e) {
        throw RuntimeFailure(describeProblem((root / "series.h5").string(), "cannot be written: " + h5::describe(e)));
    }
    if (d.hasLocations()) {
        auto out = openForWriting(root / "graph_sensor_locations.csv");
        out << "index,sensor_id,latitude,longitude\n";
        for (int64_t n = 0; n < d.numNodes; ++n)
            out << n << ',' << d.sensorIds[n] << ',' << d.locations[n].latitude << ',' << d.locations[n].longitude << '\n';
        manifest["locations"] = "graph_sensor_locations.csv";
    }
    if (!d.edges.empty()) {
        // Weights, not distances: reading them back must not apply the kernel a second time.
        auto out = openForWriting(root / "graph_edges.csv");
        out << "from,to,weight\n";
        for (const auto& e : d.edges) out << d.sensorIds[e.from] << ',' << d.sensorIds[e.to] << ',' << e.weight << '\n';
        manifest["edges"] = "graph_edges.csv";
    }
    if (d.hasZones()) {
        auto out = openForWriting(root / "zones.csv");
        out << "sensor_id,zone\n";
        for (int64_t n = 0; n < d.numNodes; ++n) out << d.sensorIds[n] << ',' << d.zoneNames[d.zoneLabels[n]] << '\n';
        manifest["zones"] = "zones.csv";
    }
    openForWriting(root / "dataset.json") << manifest.dump(2) << '\n';
}

} // namespace himnet
