// readPandasHdf5 (series_readers.h): METR-LA's and PEMS-BAY's pandas frames. The one reader
// that needs HDF5 and LibTorch; the others (series_readers.cpp and the files beside it) need
// neither, so that they can be built on their own (tests/fuzz).
#include "core/utf8.h"
#include "data/series_readers.h"
#include "himnet/errors.h"
#include "io/checkpoint_format.h"
#include "io/hdf5_file.h"

#include <algorithm>
#include <string>

namespace himnet {

namespace {

/// readPandasHdf5, whose HDF5 failures (a damaged file) become InputErrors naming the file.
SeriesData readPandasFrame(const std::string& path, const std::string& key)
{
    H5::H5File file = h5::openForReading(path);
    if (carriesCheckpointFormat(file, path))
        throw InputError(describeProblem(path, "is a HimNet Studio checkpoint (a trained model), not a dataset: open it as a "
                                               "checkpoint, or describe it with himnet inspect"));
    if (!h5::exists(file, key)) {
        std::string groups;
        for (const auto& name : h5::childNames(file)) groups += (groups.empty() ? "" : ", ") + name;
        throw InputError(describeProblem(path, "has no pandas key '" + key + "' (top-level entries: "
                                                   + (groups.empty() ? "none" : groups) + ")"));
    }
    H5::Group group = file.openGroup(key);
    const std::string valuesName = "block0_values";
    if (!h5::exists(group, valuesName) || !h5::exists(group, "axis0") || !h5::exists(group, "axis1"))
        throw InputError(describeProblem(path, "/" + key + " is not a pandas frame in fixed format "
                                                   "(expected axis0, axis1 and block0_values)"));
    const auto blocks = h5::childNames(group);
    if (std::count_if(blocks.begin(), blocks.end(), [](const std::string& n) { return n.rfind("block", 0) == 0 && n.find("_values") != std::string::npos; }) > 1)
        throw InputError(describeProblem(path, "/" + key + " has several value blocks (mixed column types); "
                                                   "expected one numeric block"));
    torch::Tensor values = h5::readTensor(group, valuesName, path);
    if (values.dim() != 2)
        throw InputError(describeProblem(path, "/" + key + "/" + valuesName + " has " + std::to_string(values.dim())
                                                   + " dimensions, expected 2 (steps, sensors)"));
    SeriesData s;
    s.format = "pandas-hdf5";
    s.steps = values.size(0);
    s.nodes = values.size(1);
    H5::DataSet axis0 = group.openDataSet("axis0");
    if (axis0.getTypeClass() == H5T_STRING) {
        s.sensorIds = h5::readStrings(group, "axis0", path);
        for (std::string& id : s.sensorIds) id = asUtf8(id); // Python 2's pandas wrote bytes
    } else {
        const torch::Tensor ids = h5::readTensor(group, "axis0", path).to(torch::kInt64);
        for (int64_t i = 0; i < ids.numel(); ++i) s.sensorIds.push_back(std::to_string(ids[i].item<int64_t>()));
    }
    if (static_cast<int64_t>(s.sensorIds.size()) != s.nodes)
        throw InputError(describeProblem(path, "/" + key + "/axis0 has " + std::to_string(s.sensorIds.size())
                                                   + " sensor ids but the values have " + std::to_string(s.nodes) + " columns"));
    const torch::Tensor ns = h5::readTensor(group, "axis1", path);
    if (ns.scalar_type() != torch::kInt64 || ns.numel() != s.steps)
        throw InputError(describeProblem(path, "/" + key + "/axis1 must hold " + std::to_string(s.steps)
                                                   + " int64 timestamps (nanoseconds)"));
    const int64_t* p = ns.data_ptr<int64_t>();
    s.timestamps.assign(p, p + s.steps);
    for (auto& t : s.timestamps) t /= 1000000000LL;
    const torch::Tensor f = values.to(torch::kFloat32).contiguous();
    s.values.assign(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
    return s;
}

} // namespace

SeriesData readPandasHdf5(const std::string& path, const std::string& key)
{
    return h5::guarded(path, "cannot be read as a pandas frame", [&] { return readPandasFrame(path, key); });
}

} // namespace himnet
