#include "train/stored_evaluation.h"
#include "train/forecast_intervals.h"
#include "core/content_hash.h"
#include "core/text.h"
#include "himnet/errors.h"
#include "io/hdf5_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <sstream>

namespace himnet {
namespace {

/// Raised whenever what an evaluation reports, or how it measures it, changes: reports stored by
/// earlier versions are then measured again rather than shown without what is new.
// 2: forecast intervals; 3: their coverage by hour and factors per hour; 4: their coverage per sensor and hour of the week;
// 5: the hour factors go linearly from one hour's middle to the next instead of by steps on the hour
constexpr int64_t kEvaluationVersion = 5;

/// The sums per sensor and hour, as datasets of the /evaluation group.
const char* const kTargets = "sensor_hour_targets";
const std::array<const char*, 3> kSums = {"sensor_hour_abs", "sensor_hour_squares", "sensor_hour_fractions"};
/// The targets inside HimNet's intervals, and the sum of their half-widths, per sensor and hour.
const char* const kCovered = "sensor_hour_covered";
const char* const kCoveredWidths = "sensor_hour_half_widths";
/// The intervals' half-widths, (horizon, sensors).
const char* const kHalfWidths = "interval_half_widths";
/// Their factors per hour of the day, (horizon, 24).
const char* const kHourFactors = "interval_hour_factors";

nlohmann::json figures(const ErrorMetrics& m) { return {m.mae, m.rmse, m.mape}; }

ErrorMetrics figuresFrom(const nlohmann::json& j)
{
    if (!j.is_array() || j.size() != 3) throw std::invalid_argument("figures are not [MAE, RMSE, MAPE]");
    const auto number = [](const nlohmann::json& x) { // JSON has no NaN: a NaN figure was written as null
        return x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>();
    };
    return {number(j[0]), number(j[1]), number(j[2])};
}

/// HimNet's, the last value's and the historical average's figures of a row.
template <class Row>
nlohmann::json comparedFigures(const Row& row)
{
    return {figures(row.model), figures(row.lastValue), figures(row.historicalAverage)};
}

template <class Row>
void readComparedFigures(const nlohmann::json& j, Row& row)
{
    const nlohmann::json& three = j.at("figures");
    if (!three.is_array() || three.size() != 3) throw std::invalid_argument("a row has no figures of three forecasters");
    row.model = figuresFrom(three[0]);
    row.lastValue = figuresFrom(three[1]);
    row.historicalAverage = figuresFrom(three[2]);
}

torch::Tensor doubles(const std::vector<double>& values) { return torch::tensor(values, torch::kFloat64); }

std::vector<double> valuesOf(const torch::Tensor& t)
{
    const torch::Tensor c = t.to(torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

const torch::Tensor& tensorNamed(const NamedTensors& tensors, const std::string& name)
{
    for (const auto& [tensorName, tensor] : tensors)
        if (tensorName == name) return tensor;
    throw std::invalid_argument("its dataset '" + name + "' is missing");
}

nlohmann::json storedCoverageJson(const IntervalCoverage& c) { return {c.step, c.targets, c.covered, c.meanHalfWidth}; }

IntervalCoverage storedCoverageFrom(const nlohmann::json& j)
{
    if (!j.is_array() || j.size() != 4) throw std::invalid_argument("an interval coverage is not [step, targets, covered, mean half-width]");
    return {j[0].get<int64_t>(), j[1].get<int64_t>(), j[2].get<double>(), j[3].get<double>()};
}

/// The intervals but their half-widths, which are a dataset of their own.
nlohmann::json storedIntervalsJson(const ForecastIntervals& intervals)
{
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& step : intervals.steps) steps.push_back(storedCoverageJson(step));
    nlohmann::json hours = nlohmann::json::array();
    for (const auto& hour : intervals.hours) hours.push_back(storedCoverageJson(hour));
    return {{"level", intervals.level},
            {"hours", hours},
            {"calibration_split", intervals.calibrationSplit},
            {"calibration_windows", intervals.calibrationWindows},
            {"horizon", intervals.horizon},
            {"sensors", intervals.sensors},
            {"pooled_cells", intervals.pooledCells},
            {"steps", steps},
            {"all", storedCoverageJson(intervals.all)},
            {"missing", intervals.missing}};
}

ForecastIntervals storedIntervalsFrom(const nlohmann::json& j, const NamedTensors& tensors);

} // namespace

EvaluationFingerprints evaluationFingerprints(const TrainedModel& trained, const WindowedData& windows, Split split, double intervalLevel)
{
    ContentHash hash;
    hash.add(kEvaluationVersion).add(std::string(splitName(split)));
    const Checkpoint& c = trained.checkpoint;
    hash.add(c.config.toJson()).add(c.training);
    for (const auto& [name, tensor] : c.params) {
        const torch::Tensor values = tensor.contiguous().cpu();
        hash.add(name).add(std::string(values.dtype().name())).add(values.sizes().vec());
        hash.add(values.data_ptr(), static_cast<size_t>(values.numel()) * values.element_size());
    }
    hash.add(windows.scaler().mean).add(windows.scaler().std).add(trained.context.toJson());
    const Dataset& data = windows.dataset();
    hash.add(data.numNodes).add(data.numChannels).add(data.values).add(static_cast<double>(data.missingValue));
    hash.add(data.timestamps).add(data.intervalSeconds).add(data.sensorIds).add(data.quantity).add(data.unit);
    hash.add(windows.options().inSteps).add(windows.options().outSteps);
    hash.add(windows.starts(split)).add(windows.starts(Split::Train));
    if (split == Split::Test) hash.add(windows.starts(Split::Val)); // the intervals' calibration
    return EvaluationFingerprints(hash, split, intervalLevel);
}

EvaluationFingerprints::EvaluationFingerprints(const ContentHash& measured, Split split, double intervalLevel)
    : m_measured(measured), m_split(split)
{
    usualLevel = measured.hex();
    ofLevel = atLevel(intervalLevel);
}

std::string EvaluationFingerprints::atLevel(double level) const
{
    // Not the usual level, so that the reports of that level stored before stay current.
    if (m_split != Split::Test || level == kIntervalLevel) return usualLevel;
    ContentHash withLevel = m_measured;
    return withLevel.add(level).hex();
}

void writeStoredEvaluation(H5::Group& group, const StoredEvaluation& stored, const StoredEvaluation* sharing)
{
    h5::writeStringAttribute(group, "fingerprint", stored.fingerprint);
    h5::writeStringAttribute(group, "usual_level_fingerprint", stored.usualLevelFingerprint);
    h5::writeDoubleAttribute(group, "interval_level", stored.intervalLevel);
    h5::writeStringAttribute(group, "json", stored.json);
    if (sharing && (stored.usualLevelFingerprint.empty() || sharing->usualLevelFingerprint != stored.usualLevelFingerprint))
        sharing = nullptr; // of other weights or data: nothing in common
    const auto inSharing = [&](const std::string& name, const torch::Tensor& tensor) {
        if (!sharing) return false;
        return std::any_of(sharing->tensors.begin(), sharing->tensors.end(), [&](const auto& other) {
            return other.first == name && other.second.sizes() == tensor.sizes() && torch::equal(other.second, tensor);
        });
    };
    std::vector<std::string> shared;
    for (const auto& [name, tensor] : stored.tensors) {
        if (inSharing(name, tensor))
            shared.push_back(name);
        else
            h5::writeTensor(group, name, tensor);
    }
    if (!shared.empty()) h5::writeStringAttribute(group, "shared_datasets", joined(shared, ","));
}

StoredEvaluation readStoredEvaluation(const H5::Group& group, const std::string& path, const StoredEvaluation* sharing)
{
    StoredEvaluation stored;
    stored.fingerprint = h5::readStringAttribute(group, "fingerprint", path);
    stored.json = h5::readStringAttribute(group, "json", path);
    for (const auto& name : h5::childNames(group)) stored.tensors.emplace_back(name, h5::readTensor(group, name, path));
    if (h5::hasAttribute(group, "interval_level")) {
        stored.usualLevelFingerprint = h5::readStringAttribute(group, "usual_level_fingerprint", path);
        stored.intervalLevel = h5::readDoubleAttribute(group, "interval_level", path);
    } else { // kept by version 0.2.0, which had the level in its JSON only
        try {
            stored.intervalLevel = nlohmann::json::parse(stored.json).at("intervals").at("level").get<double>();
        } catch (const std::exception&) { // unreadable: reportOf says so when it is asked for
        }
        if (stored.intervalLevel == 0 || sameIntervalLevel(stored.intervalLevel, kIntervalLevel)) stored.usualLevelFingerprint = stored.fingerprint;
    }
    if (h5::hasAttribute(group, "shared_datasets") && sharing && !stored.usualLevelFingerprint.empty()
        && sharing->usualLevelFingerprint == stored.usualLevelFingerprint) { // the sums it shares with `sharing`
        std::istringstream names(h5::readStringAttribute(group, "shared_datasets", path));
        for (std::string name; std::getline(names, name, ',');)
            for (const auto& [sharedName, tensor] : sharing->tensors)
                if (sharedName == name) stored.tensors.emplace_back(name, tensor);
    }
    return stored;
}

void writeStoredEvaluations(H5::Group& parent, const std::optional<StoredEvaluation>& described,
                            const std::vector<StoredEvaluation>& otherLevels)
{
    if (described) {
        H5::Group evaluation = parent.createGroup("evaluation");
        writeStoredEvaluation(evaluation, *described);
    }
    if (otherLevels.empty()) return;
    H5::Group levels = parent.createGroup("evaluation_levels");
    for (size_t i = 0; i < otherLevels.size(); ++i) {
        const StoredEvaluation& other = otherLevels[i];
        H5::Group group = levels.createGroup(levelPercent(other.intervalLevel));
        writeStoredEvaluation(group, other, described ? &*described : nullptr);
        h5::writeIntAttribute(group, "order", static_cast<int64_t>(i));
    }
}

void readStoredEvaluations(const H5::Group& parent, const std::string& path, std::optional<StoredEvaluation>& described,
                           std::vector<StoredEvaluation>& otherLevels)
{
    described.reset();
    otherLevels.clear();
    if (h5::exists(parent, "evaluation")) described = readStoredEvaluation(parent.openGroup("evaluation"), path);
    if (!h5::exists(parent, "evaluation_levels")) return;
    const H5::Group levels = parent.openGroup("evaluation_levels");
    std::vector<std::pair<int64_t, StoredEvaluation>> ordered;
    for (const auto& name : h5::childNames(levels)) {
        const H5::Group group = levels.openGroup(name);
        const int64_t order = h5::hasAttribute(group, "order") ? h5::readIntAttribute(group, "order", path) : static_cast<int64_t>(ordered.size());
        ordered.emplace_back(order, readStoredEvaluation(group, path, described ? &*described : nullptr));
    }
    // In the order they were stored (the groups are named by level), as keepStoredEvaluation
    // drops the oldest first.
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [order, stored] : ordered) otherLevels.push_back(std::move(stored));
}

void keepStoredEvaluation(std::optional<StoredEvaluation>& described, std::vector<StoredEvaluation>& otherLevels, StoredEvaluation stored,
                          size_t maxOtherLevels)
{
    std::vector<StoredEvaluation> kept;
    if (described) kept.push_back(std::move(*described));
    for (StoredEvaluation& other : otherLevels) kept.push_back(std::move(other));
    // Only reports of the same weights, data and split stay, one per level.
    const auto stale = [&](const StoredEvaluation& e) {
        return stored.usualLevelFingerprint.empty() || e.usualLevelFingerprint != stored.usualLevelFingerprint
            || sameIntervalLevel(e.intervalLevel, stored.intervalLevel);
    };
    kept.erase(std::remove_if(kept.begin(), kept.end(), stale), kept.end());
    kept.push_back(std::move(stored));
    const auto usual = std::find_if(kept.begin(), kept.end(), [](const StoredEvaluation& e) {
        return e.intervalLevel == 0 || sameIntervalLevel(e.intervalLevel, kIntervalLevel);
    });
    const auto chosen = usual != kept.end() ? usual : kept.end() - 1; // else the newest
    described = std::move(*chosen);
    kept.erase(chosen);
    while (kept.size() > maxOtherLevels) kept.erase(kept.begin());
    otherLevels = std::move(kept);
}

void keepStoredEvaluation(Checkpoint& checkpoint, StoredEvaluation stored, size_t otherLevels)
{
    keepStoredEvaluation(checkpoint.evaluation, checkpoint.otherLevelEvaluations, std::move(stored), otherLevels);
}

const StoredEvaluation* storedEvaluationWith(const std::optional<StoredEvaluation>& described,
                                             const std::vector<StoredEvaluation>& otherLevels, const std::string& fingerprint)
{
    if (described && described->fingerprint == fingerprint) return &*described;
    for (const StoredEvaluation& other : otherLevels)
        if (other.fingerprint == fingerprint) return &other;
    return nullptr;
}

const StoredEvaluation* storedEvaluationWith(const Checkpoint& checkpoint, const std::string& fingerprint)
{
    return storedEvaluationWith(checkpoint.evaluation, checkpoint.otherLevelEvaluations, fingerprint);
}

const StoredEvaluation* storedEvaluationAtLevel(const std::optional<StoredEvaluation>& described,
                                                const std::vector<StoredEvaluation>& otherLevels, double level)
{
    if (!described) return nullptr;
    if (level == 0 || sameIntervalLevel(described->intervalLevel, level)) return &*described;
    for (const StoredEvaluation& other : otherLevels)
        if (sameIntervalLevel(other.intervalLevel, level)) return &other;
    return nullptr;
}

const StoredEvaluation* storedEvaluationAtLevel(const Checkpoint& checkpoint, double level)
{
    return storedEvaluationAtLevel(checkpoint.evaluation, checkpoint.otherLevelEvaluations, level);
}

StoredEvaluation storedEvaluationOf(const EvaluationReport& r)
{
    nlohmann::json horizons = nlohmann::json::array(), sensors = nlohmann::json::array(), hours = nlohmann::json::array();
    for (const auto& h : r.horizons) horizons.push_back({{"step", h.step}, {"figures", comparedFigures(h)}});
    for (const auto& s : r.sensors) sensors.push_back({{"id", s.id}, {"targets", s.targets}, {"figures", comparedFigures(s)}});
    for (const auto& h : r.hoursOfWeek)
        hours.push_back({{"days", h.days}, {"hour", h.hour}, {"targets", h.targets}, {"figures", comparedFigures(h)}});
    const nlohmann::json json{{"version", kEvaluationVersion},
                              {"split", r.split},
                              {"windows", r.windows},
                              {"first_time", r.firstTime},
                              {"last_time", r.lastTime},
                              {"interval_seconds", r.intervalSeconds},
                              {"unit", r.unit},
                              {"figures", comparedFigures(HorizonMetrics{0, r.all, r.lastValue, r.historicalAverage})},
                              {"horizons", horizons},
                              {"sensors", sensors},
                              {"hours_of_week", hours},
                              {"sensor_hours_sensors", r.sensorHours.sensors},
                              {"notes", r.notes},
                              {"mape_caveat", r.mapeCaveat},
                              {"intervals", storedIntervalsJson(r.intervals)}};
    StoredEvaluation stored;
    stored.fingerprint = r.fingerprint;
    stored.usualLevelFingerprint = r.usualLevelFingerprint;
    stored.intervalLevel = r.intervals.level;
    stored.json = json.dump(); // doubles in the shortest text that reads back to the same bits
    const SensorHourSums& h = r.sensorHours;
    if (!h.targets.empty()) {
        const auto forecasters = [](const std::vector<double>(&sums)[3]) {
            return torch::stack({doubles(sums[0]), doubles(sums[1]), doubles(sums[2])});
        };
        stored.tensors.emplace_back(kTargets, doubles(h.targets));
        stored.tensors.emplace_back(kSums[0], forecasters(h.abs));
        stored.tensors.emplace_back(kSums[1], forecasters(h.squares));
        stored.tensors.emplace_back(kSums[2], forecasters(h.fractions));
        if (!h.covered.empty()) {
            stored.tensors.emplace_back(kCovered, doubles(h.covered));
            stored.tensors.emplace_back(kCoveredWidths, doubles(h.halfWidths));
        }
    }
    if (!r.intervals.empty())
        stored.tensors.emplace_back(kHalfWidths, torch::tensor(r.intervals.halfWidths, torch::kFloat32)
                                                     .view({r.intervals.horizon, r.intervals.sensors}));
    if (!r.intervals.hourFactors.empty())
        stored.tensors.emplace_back(kHourFactors, torch::tensor(r.intervals.hourFactors, torch::kFloat32).view({r.intervals.horizon, 24}));
    return stored;
}

EvaluationReport reportOf(const StoredEvaluation& stored, const std::string& path)
{
    try {
        const nlohmann::json j = nlohmann::json::parse(stored.json);
        if (j.at("version").get<int64_t>() != kEvaluationVersion)
            throw std::invalid_argument("it is of version " + j.at("version").dump() + " (this build writes "
                                        + std::to_string(kEvaluationVersion) + ")");
        EvaluationReport r;
        r.fingerprint = stored.fingerprint;
        r.usualLevelFingerprint = stored.usualLevelFingerprint;
        r.split = j.at("split").get<std::string>();
        r.windows = j.at("windows").get<int64_t>();
        r.firstTime = j.at("first_time").get<int64_t>();
        r.lastTime = j.at("last_time").get<int64_t>();
        r.intervalSeconds = j.at("interval_seconds").get<int64_t>();
        r.unit = j.at("unit").get<std::string>();
        HorizonMetrics overall;
        readComparedFigures(j, overall);
        r.all = overall.model;
        r.lastValue = overall.lastValue;
        r.historicalAverage = overall.historicalAverage;
        for (const auto& h : j.at("horizons")) {
            HorizonMetrics row;
            row.step = h.at("step").get<int64_t>();
            readComparedFigures(h, row);
            r.horizons.push_back(row);
        }
        for (const auto& s : j.at("sensors")) {
            SensorMetrics row;
            row.id = s.at("id").get<std::string>();
            row.targets = s.at("targets").get<int64_t>();
            readComparedFigures(s, row);
            r.sensors.push_back(row);
        }
        for (const auto& h : j.at("hours_of_week")) {
            HourMetrics row;
            row.days = h.at("days").get<std::string>();
            row.hour = h.at("hour").get<int>();
            row.targets = h.at("targets").get<int64_t>();
            readComparedFigures(h, row);
            r.hoursOfWeek.push_back(row);
        }
        r.notes = j.at("notes").get<std::vector<std::string>>();
        r.mapeCaveat = j.at("mape_caveat").get<std::string>();
        r.intervals = storedIntervalsFrom(j.at("intervals"), stored.tensors);
        SensorHourSums& sums = r.sensorHours;
        sums.sensors = j.at("sensor_hours_sensors").get<int64_t>();
        if (sums.sensors > 0) {
            sums.targets = valuesOf(tensorNamed(stored.tensors, kTargets));
            const size_t cells = r.hoursOfWeek.size() * static_cast<size_t>(sums.sensors);
            if (sums.sensors != static_cast<int64_t>(r.sensors.size()) || sums.targets.size() != cells)
                throw std::invalid_argument("its sums per sensor and hour are not of its " + std::to_string(r.sensors.size())
                                            + " sensors and " + std::to_string(r.hoursOfWeek.size()) + " hours");
            std::vector<double>(*sumsOfKind[3])[3] = {&sums.abs, &sums.squares, &sums.fractions};
            for (size_t kind = 0; kind < kSums.size(); ++kind) {
                const torch::Tensor& t = tensorNamed(stored.tensors, kSums[kind]);
                if (t.dim() != 2 || t.size(0) != 3 || t.size(1) != static_cast<int64_t>(cells))
                    throw std::invalid_argument(std::string("its dataset '") + kSums[kind] + "' is not of 3 forecasters by "
                                                + std::to_string(cells) + " cells");
                for (int64_t f = 0; f < 3; ++f) (*sumsOfKind[kind])[f] = valuesOf(t[f]);
            }
            if (!r.intervals.empty()) {
                sums.covered = valuesOf(tensorNamed(stored.tensors, kCovered));
                sums.halfWidths = valuesOf(tensorNamed(stored.tensors, kCoveredWidths));
                if (sums.covered.size() != cells || sums.halfWidths.size() != cells)
                    throw std::invalid_argument(std::string("its datasets '") + kCovered + "' and '" + kCoveredWidths + "' are not of "
                                                + std::to_string(cells) + " cells");
            }
        }
        addIntervalCoverageOfCells(r);
        return r;
    } catch (const std::exception& e) { // nlohmann's errors, ours above
        throw InputError(describeProblem(path, std::string("its stored evaluation cannot be read back: ") + e.what()));
    }
}

EvaluationReport checkpointReport(const StoredEvaluation& stored, const std::string& checkpointPath)
{
    EvaluationReport r = reportOf(stored, checkpointPath);
    r.fromCheckpoint = true;
    return r;
}

namespace {

ForecastIntervals storedIntervalsFrom(const nlohmann::json& j, const NamedTensors& tensors)
{
    ForecastIntervals r;
    r.level = j.at("level").get<double>();
    r.calibrationSplit = j.at("calibration_split").get<std::string>();
    r.calibrationWindows = j.at("calibration_windows").get<int64_t>();
    r.horizon = j.at("horizon").get<int64_t>();
    r.sensors = j.at("sensors").get<int64_t>();
    r.pooledCells = j.at("pooled_cells").get<int64_t>();
    for (const auto& step : j.at("steps")) r.steps.push_back(storedCoverageFrom(step));
    r.all = storedCoverageFrom(j.at("all"));
    for (const auto& hour : j.at("hours")) r.hours.push_back(storedCoverageFrom(hour));
    r.missing = j.at("missing").get<std::string>();
    if (r.level > 0) {
        const torch::Tensor& t = tensorNamed(tensors, kHalfWidths);
        if (t.dim() != 2 || t.size(0) != r.horizon || t.size(1) != r.sensors)
            throw std::invalid_argument(std::string("its dataset '") + kHalfWidths + "' is not of " + std::to_string(r.horizon)
                                        + " steps by " + std::to_string(r.sensors) + " sensors");
        const torch::Tensor c = t.to(torch::kFloat32).contiguous();
        r.halfWidths.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
        for (const auto& [name, factors] : tensors) {
            if (name != kHourFactors) continue;
            if (factors.dim() != 2 || factors.size(0) != r.horizon || factors.size(1) != 24)
                throw std::invalid_argument(std::string("its dataset '") + kHourFactors + "' is not of " + std::to_string(r.horizon)
                                            + " steps by 24 hours");
            const torch::Tensor f = factors.to(torch::kFloat32).contiguous();
            r.hourFactors.assign(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
        }
    }
    return r;
}

} // namespace

} // namespace himnet
