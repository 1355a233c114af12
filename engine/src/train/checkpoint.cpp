#include "train/checkpoint.h"
#include "himnet/errors.h"
#include "himnet/runtime.h"
#include "core/text.h"
#include "core/utf8.h"
#include "io/hdf5_file.h"
#include "io/hdf5_seal.h"
#include "train/stored_evaluation.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace himnet {
namespace fs = std::filesystem;
namespace {

std::vector<double> column(const std::vector<EpochRecord>& history, double EpochRecord::*field)
{
    std::vector<double> out;
    out.reserve(history.size());
    for (const auto& record : history) out.push_back(record.*field);
    return out;
}

torch::Tensor toTensor(const std::vector<double>& values)
{
    return torch::tensor(values, torch::TensorOptions().dtype(torch::kFloat64)).reshape({static_cast<int64_t>(values.size())});
}

/// The zones found per epoch (EpochRecord::zones), on data with known zones only: zones_k
/// (0 where an epoch has none), zones_ari and zones_nmi (NaN there).
void writeZoneColumns(H5::Group& history, const std::vector<EpochRecord>& records)
{
    if (std::none_of(records.begin(), records.end(), [](const EpochRecord& r) { return r.zones.has_value(); })) return;
    std::vector<double> k, ari, nmi;
    for (const auto& r : records) {
        k.push_back(r.zones ? r.zones->k : 0);
        ari.push_back(r.zones ? r.zones->ari : std::nan(""));
        nmi.push_back(r.zones ? r.zones->nmi : std::nan(""));
    }
    h5::writeTensor(history, "zones_k", toTensor(k).to(torch::kInt64));
    h5::writeTensor(history, "zones_ari", toTensor(ari));
    h5::writeTensor(history, "zones_nmi", toTensor(nmi));
}

void readZoneColumns(H5::Group& history, std::vector<EpochRecord>& records, const std::string& path)
{
    if (!h5::exists(history, "zones_ari")) return; // no zones, or written before they were recorded
    const auto k = h5::readTensor(history, "zones_k", path).to(torch::kInt64);
    const auto ari = h5::readTensor(history, "zones_ari", path).to(torch::kFloat64);
    const auto nmi = h5::readTensor(history, "zones_nmi", path).to(torch::kFloat64);
    const auto n = static_cast<int64_t>(records.size());
    if (k.numel() != n || ari.numel() != n || nmi.numel() != n)
        throw InputError(describeProblem(path, "/history columns have different lengths"));
    for (int64_t i = 0; i < n; ++i)
        if (k[i].item<int64_t>() > 0)
            records[static_cast<size_t>(i)].zones = LabelAgreement{static_cast<int>(k[i].item<int64_t>()), ari[i].item<double>(), nmi[i].item<double>()};
}

using SplitPart = std::pair<const char*, std::vector<int64_t> SplitIndex::*>;
constexpr SplitPart kSplitParts[] = {{"train", &SplitIndex::train}, {"val", &SplitIndex::val}, {"test", &SplitIndex::test}};

void writeSplit(H5::H5File& file, const SplitIndex& split)
{
    H5::Group group = file.createGroup("split");
    h5::writeIntAttribute(group, "in_steps", split.inSteps);
    h5::writeIntAttribute(group, "out_steps", split.outSteps);
    for (const auto& [name, part] : kSplitParts)
        h5::writeTensor(group, name, torch::tensor(split.*part, torch::TensorOptions().dtype(torch::kInt64)));
}

SplitIndex readSplit(const H5::Group& group, const std::string& path)
{
    SplitIndex split;
    split.inSteps = h5::readIntAttribute(group, "in_steps", path);
    split.outSteps = h5::readIntAttribute(group, "out_steps", path);
    if (split.inSteps < 1 || split.outSteps < 1) throw InputError(describeProblem(path, "/split: window lengths must be positive"));
    for (const auto& [name, part] : kSplitParts) {
        if (!h5::exists(group, name)) throw InputError(describeProblem(path, std::string("/split has no ") + name + " windows"));
        const torch::Tensor starts = h5::readTensor(group, name, path);
        if (starts.dim() != 1 || starts.numel() == 0 || !c10::isIntegralType(starts.scalar_type(), false)
            || starts.min().item<int64_t>() < 0)
            throw InputError(describeProblem(path, std::string("/split/") + name + " must be a list of window starts (non-negative integers)"));
        const torch::Tensor values = starts.to(torch::kInt64).contiguous();
        split.*part = std::vector<int64_t>(values.data_ptr<int64_t>(), values.data_ptr<int64_t>() + values.numel());
    }
    return split;
}

/// Writes `tensors` into `group` under their names.
void writeTensors(H5::Group& group, const NamedTensors& tensors)
{
    for (const auto& [name, tensor] : tensors) h5::writeTensor(group, name, tensor);
}

/// Every dataset of `group`, by name.
NamedTensors readTensors(const H5::Group& group, const std::string& path)
{
    NamedTensors tensors;
    for (const auto& name : h5::childNames(group)) tensors.emplace_back(name, h5::readTensor(group, name, path));
    return tensors;
}

void writeContents(H5::H5File& file, const Checkpoint& c)
{
    h5::writeStringAttribute(file, "format", kCheckpointFormat);
    h5::writeIntAttribute(file, "format_version", kCheckpointFormatVersion);
    h5::writeStringAttribute(file, "config", c.config.toJson());
    h5::writeStringAttribute(file, "producer", "HimNet Studio " + versionString());

    H5::Group params = file.createGroup("params");
    writeTensors(params, c.params);

    if (c.scaler) {
        H5::Group scaler = file.createGroup("scaler");
        h5::writeDoubleAttribute(scaler, "mean", c.scaler->mean);
        h5::writeDoubleAttribute(scaler, "std", c.scaler->std);
    }
    if (c.dataset) {
        H5::Group dataset = file.createGroup("dataset");
        h5::writeStringAttribute(dataset, "name", c.dataset->name);
        h5::writeIntAttribute(dataset, "steps_per_day", c.dataset->stepsPerDay);
        h5::writeStrings(dataset, "sensor_ids", c.dataset->sensorIds);
        if (!c.dataset->valueColumn.empty()) h5::writeStringAttribute(dataset, "value_column", c.dataset->valueColumn);
        if (c.dataset->aggregation) h5::writeStringAttribute(dataset, "aggregation", aggregationName(*c.dataset->aggregation));
        if (!c.dataset->laneTypes.empty()) h5::writeStringAttribute(dataset, "lane_types", joined(c.dataset->laneTypes, ","));
        if (c.dataset->firstTime) h5::writeStringAttribute(dataset, "first_time", formatTimestamp(*c.dataset->firstTime));
        if (c.dataset->lastTime) h5::writeStringAttribute(dataset, "last_time", formatTimestamp(*c.dataset->lastTime));
    }
    H5::Group history = file.createGroup("history");
    std::vector<double> epochs;
    for (const auto& record : c.history) epochs.push_back(static_cast<double>(record.epoch));
    h5::writeTensor(history, "epoch", toTensor(epochs).to(torch::kInt64));
    h5::writeTensor(history, "train_loss", toTensor(column(c.history, &EpochRecord::trainLoss)));
    h5::writeTensor(history, "val_loss", toTensor(column(c.history, &EpochRecord::valLoss)));
    h5::writeTensor(history, "lr", toTensor(column(c.history, &EpochRecord::learningRate)));
    h5::writeTensor(history, "seconds", toTensor(column(c.history, &EpochRecord::seconds)));
    writeZoneColumns(history, c.history);

    if (!c.optimizerState.empty() || !c.optimizerTensors.empty()) {
        H5::Group optimizer = file.createGroup("optimizer");
        h5::writeStringAttribute(optimizer, "state", c.optimizerState);
        writeTensors(optimizer, c.optimizerTensors);
    }
    if (!c.resumeParams.empty()) {
        H5::Group resume = file.createGroup("resume");
        writeTensors(resume, c.resumeParams);
    }
    if (!c.start.empty()) {
        H5::Group start = file.createGroup("start");
        writeTensors(start, c.start);
    }
    if (!c.training.empty()) {
        H5::Group training = file.createGroup("training");
        h5::writeStringAttribute(training, "json", c.training);
    }
    if (c.split) writeSplit(file, *c.split);
    if (!c.metrics.empty()) {
        H5::Group metrics = file.createGroup("metrics");
        h5::writeStringAttribute(metrics, "json", c.metrics);
    }
    writeStoredEvaluations(file, c.evaluation, c.otherLevelEvaluations);
}

/// Everything a checkpoint holds, once it is known to be one and undamaged.
Checkpoint readContents(const H5::H5File& file, const std::string& path)
{
    Checkpoint c;
    c.config = HimNetConfig::fromJson(h5::readStringAttribute(file, "config", path), path);
    if (!h5::exists(file, "params")) throw InputError(describeProblem(path, "checkpoint has no /params group"));
    c.params = readTensors(file.openGroup("params"), path);

    if (h5::exists(file, "scaler")) {
        H5::Group scaler = file.openGroup("scaler");
        c.scaler = ScalerState{h5::readDoubleAttribute(scaler, "mean", path), h5::readDoubleAttribute(scaler, "std", path)};
    }
    if (h5::exists(file, "dataset")) {
        H5::Group dataset = file.openGroup("dataset");
        c.dataset = DatasetStamp{asUtf8(h5::readStringAttribute(dataset, "name", path)), h5::readStrings(dataset, "sensor_ids", path),
                                 h5::readIntAttribute(dataset, "steps_per_day", path), {}, {}, {}, {}, {}};
        // Written before sensor ids were read as UTF-8: a checkpoint of a Windows-1252 table's
        // ids still matches the table, and its name still goes into JSON.
        for (std::string& id : c.dataset->sensorIds) id = asUtf8(id);
        if (h5::hasAttribute(dataset, "value_column")) c.dataset->valueColumn = h5::readStringAttribute(dataset, "value_column", path);
        try {
            if (h5::hasAttribute(dataset, "aggregation")) c.dataset->aggregation = parseAggregation(h5::readStringAttribute(dataset, "aggregation", path));
            if (h5::hasAttribute(dataset, "lane_types")) c.dataset->laneTypes = parseLaneTypes(h5::readStringAttribute(dataset, "lane_types", path));
            if (h5::hasAttribute(dataset, "first_time")) c.dataset->firstTime = parseTimestamp(h5::readStringAttribute(dataset, "first_time", path));
            if (h5::hasAttribute(dataset, "last_time")) c.dataset->lastTime = parseTimestamp(h5::readStringAttribute(dataset, "last_time", path));
        } catch (const InputError& e) {
            throw InputError(describeProblem(path, std::string("/dataset: ") + e.what()));
        }
    }
    if (h5::exists(file, "history")) {
        H5::Group history = file.openGroup("history");
        const auto epoch = h5::readTensor(history, "epoch", path).to(torch::kInt64);
        const auto train = h5::readTensor(history, "train_loss", path).to(torch::kFloat64);
        const auto val = h5::readTensor(history, "val_loss", path).to(torch::kFloat64);
        const auto lr = h5::readTensor(history, "lr", path).to(torch::kFloat64);
        const auto seconds = h5::readTensor(history, "seconds", path).to(torch::kFloat64);
        const int64_t n = epoch.numel();
        if (train.numel() != n || val.numel() != n || lr.numel() != n || seconds.numel() != n)
            throw InputError(describeProblem(path, "/history columns have different lengths"));
        for (int64_t i = 0; i < n; ++i)
            c.history.push_back({epoch[i].item<int64_t>(), train[i].item<double>(), val[i].item<double>(),
                                 lr[i].item<double>(), seconds[i].item<double>(), std::nullopt});
        readZoneColumns(history, c.history, path);
    }
    if (h5::exists(file, "optimizer")) {
        H5::Group optimizer = file.openGroup("optimizer");
        c.optimizerState = h5::readStringAttribute(optimizer, "state", path);
        c.optimizerTensors = readTensors(optimizer, path);
    }
    if (h5::exists(file, "resume")) c.resumeParams = readTensors(file.openGroup("resume"), path);
    if (h5::exists(file, "start")) c.start = readTensors(file.openGroup("start"), path);
    if (h5::exists(file, "training")) c.training = h5::readStringAttribute(file.openGroup("training"), "json", path);
    if (h5::exists(file, "split")) c.split = readSplit(file.openGroup("split"), path);
    if (h5::exists(file, "metrics")) c.metrics = h5::readStringAttribute(file.openGroup("metrics"), "json", path);
    readStoredEvaluations(file, path, c.evaluation, c.otherLevelEvaluations);
    return c;
}

} // namespace

DatasetStamp datasetStampOf(const Dataset& d)
{
    DatasetStamp stamp{d.name, d.sensorIds, d.stepsPerDay(), d.valueColumn, d.aggregation, d.laneTypes, {}, {}};
    if (!d.timestamps.empty()) stamp.firstTime = d.timestamps.front(), stamp.lastTime = d.timestamps.back();
    return stamp;
}

bool looksLikeHdf5(const std::string& path)
{
    static const char kSignature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    // At the start, or after a user block (our seal's), as HDF5 looks for it.
    for (const int64_t offset : {int64_t(0), h5::kSealSize}) {
        std::ifstream in(path, std::ios::binary);
        char head[8] = {};
        if (in.seekg(offset) && in.read(head, 8) && std::memcmp(head, kSignature, 8) == 0) return true;
    }
    return false;
}

void writeCheckpoint(const std::string& path, const Checkpoint& checkpoint)
{
    h5::writeSealedFile(path, kCheckpointFormat, [&](H5::H5File& file) { writeContents(file, checkpoint); });
}

namespace {

/// `path` open for reading, once known to be a checkpoint of a version this build reads.
H5::H5File openCheckpoint(const std::string& path)
{
    H5::H5File file = h5::openForReading(path);
    if (!carriesCheckpointFormat(file, path))
        throw InputError(describeProblem(path, "not a HimNet Studio checkpoint (no format attribute '"
                                                   + std::string(kCheckpointFormat) + "')"));
    const int64_t version = h5::readIntAttribute(file, "format_version", path);
    if (version > kCheckpointFormatVersion)
        throw InputError(describeProblem(path, "checkpoint format version " + std::to_string(version)
                                                   + " is newer than this build understands ("
                                                   + std::to_string(kCheckpointFormatVersion) + ")"));
    return file;
}

} // namespace

Checkpoint readCheckpoint(const std::string& path)
{
    const H5::H5File file = openCheckpoint(path);
    return h5::guarded(path, "damaged checkpoint", [&] { return readContents(file, path); });
}

void readCheckpointEvaluations(const std::string& path, std::optional<StoredEvaluation>& evaluation,
                               std::vector<StoredEvaluation>& otherLevelEvaluations)
{
    const H5::H5File file = openCheckpoint(path);
    h5::guarded(path, "damaged checkpoint", [&] { readStoredEvaluations(file, path, evaluation, otherLevelEvaluations); });
}

} // namespace himnet
