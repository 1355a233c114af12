#include "himnet/model_analysis.h"
#include "analysis/matrix_tensor.h"
#include "analysis/model_embeddings.h"
#include "core/device.h"
#include "core/text.h"
#include "himnet/errors.h"
#include "himnet/model_file.h"
#include "train/trained_model.h"
#include "train/training_state.h"

#include <cmath>
#include <limits>

namespace himnet {
namespace {

/// Sum over a stack's convolutions of W Wᵀ, W its weights pool flattened to (D, K*C*O): the
/// squared norm of the weights it generates from a mixing vector e is eᵀ G e.
torch::Tensor poolGram(const GcruStack& stack)
{
    torch::Tensor gram;
    for (const auto& item : stack->named_parameters(true)) {
        if (!endsWith(item.key(), "weights_pool")) continue;
        const torch::Tensor w = item.value().detach().to(torch::kCPU, torch::kDouble).flatten(1);
        gram = gram.defined() ? gram + w.mm(w.t()) : w.mm(w.t());
    }
    return gram;
}

/// sqrt(eᵀ G e) for every row e of `mixing` (rows, D).
torch::Tensor generatedNorms(const torch::Tensor& mixing, const torch::Tensor& gram)
{
    return (mixing.mm(gram) * mixing).sum(1).clamp_min(0).sqrt();
}

torch::Tensor cpuDouble(const torch::Tensor& t) { return t.detach().to(torch::kCPU, torch::kDouble); }

} // namespace

struct ModelAnalysis::Impl {
    std::string path;
    HimNetConfig config;
    HimNet model{nullptr};
    torch::Device device = torch::kCPU;
    std::vector<std::string> sensorIds;
    std::shared_ptr<const Dataset> data;
    std::unique_ptr<WindowedData> windows;
    std::string noWindows; ///< why data given have no windows (too short for the training's splits)
    /// The embeddings training began with, as the checkpoint keeps them (/start), in the
    /// order of sensorIds; empty in files that do not.
    NamedTensors start;
    /// Of the training, when the checkpoint records it and drew its weights as seededModel
    /// draws them now: where it began, for files without /start.
    std::optional<uint64_t> seed;
    std::string startedFrom; ///< the record's initial_weights

    const WindowedData& requireWindows(const char* what) const
    {
        if (!windows && !noWindows.empty()) throw InputError(path + ": " + what + " need longer data: " + noWindows);
        if (!windows)
            throw InputError(what + std::string(" of ") + path + " need the dataset it was trained on (--data)");
        return *windows;
    }

    void requireMeta(bool used, const char* stack) const
    {
        if (!used)
            throw InputError(path + ": the " + std::string(stack) +
                             " of this model has plain weights (an ablation), no meta-parameter pool");
    }

    /// Runs `fn` over `origins` in batches of windows; `fn` gets the batch's x.
    void forEachWindowBatch(const std::vector<int64_t>& origins, const std::function<void(const torch::Tensor&)>& fn) const
    {
        const WindowedData& w = requireWindows("the spatiotemporal embeddings");
        const int64_t first = config.inSteps - 1, last = w.dataset().numSteps - 1 - config.outSteps;
        std::vector<int64_t> starts;
        for (int64_t origin : origins) {
            if (origin < first || origin > last)
                throw InputError("origin " + std::to_string(origin) + " is outside " + w.dataset().name + " (" +
                                 std::to_string(first) + " .. " + std::to_string(last) + ")");
            starts.push_back(origin - config.inSteps + 1);
        }
        torch::NoGradGuard noGrad;
        constexpr size_t chunk = 32;
        for (size_t b = 0; b < starts.size(); b += chunk) {
            const std::vector<int64_t> part(starts.begin() + static_cast<std::ptrdiff_t>(b),
                                            starts.begin() + static_cast<std::ptrdiff_t>(std::min(starts.size(), b + chunk)));
            fn(w.batchAt(part, device).x);
        }
    }
};

ModelAnalysis::ModelAnalysis(const std::string& checkpointPath, std::shared_ptr<const Dataset> data, DeviceKind device)
    : m(std::make_unique<Impl>())
{
    m->path = checkpointPath;
    if (data) {
        TrainedModel trained = loadTrainedModel(checkpointPath, *data, device);
        m->config = trained.checkpoint.config;
        m->model = trained.model;
        m->device = trained.device;
        m->windows = windowsIfAny(trained, data, m->noWindows); // the latest hours of a feed: what needs no windows still works
        m->start = trained.checkpoint.start;
        m->seed = trained.startingSeed;
        m->startedFrom = trained.options.initialWeights;
        m->sensorIds = data->sensorIds;
        m->data = std::move(data);
        return;
    }
    // Without data, weights are enough: those of a checkpoint, or of a reference state dict,
    // whose embeddings and pools need no scaler or split.
    Checkpoint c;
    if (isReferenceStateDict(checkpointPath)) {
        c.params = readPickledStateDict(checkpointPath);
        c.config = inferConfigFromStateDict(c.params, checkpointPath);
    } else {
        c = readCheckpoint(checkpointPath);
    }
    m->config = c.config;
    m->device = resolveDevice(device);
    m->model = HimNet(c.config);
    m->model->to(m->device);
    loadStateDict(*m->model, c.params, checkpointPath);
    m->model->eval();
    m->start = c.start;
    if (!c.training.empty()) {
        const TrainingRecord record = parseTrainingRecord(c.training, c.config.stepsPerDay, checkpointPath);
        m->seed = startingSeed(record);
        m->startedFrom = record.options.initialWeights;
    }
    if (c.dataset && static_cast<int64_t>(c.dataset->sensorIds.size()) == c.config.numNodes)
        m->sensorIds = c.dataset->sensorIds;
    else
        for (int64_t n = 0; n < c.config.numNodes; ++n) m->sensorIds.push_back(std::to_string(n));
}

ModelAnalysis::~ModelAnalysis() = default;

const HimNetConfig& ModelAnalysis::config() const { return m->config; }
const std::string& ModelAnalysis::checkpointPath() const { return m->path; }
const std::vector<std::string>& ModelAnalysis::sensorIds() const { return m->sensorIds; }
int64_t ModelAnalysis::stepsPerDay() const { return m->config.stepsPerDay; }
bool ModelAnalysis::hasData() const { return static_cast<bool>(m->windows); }

Matrix ModelAnalysis::nodeEmbeddings() const { return toMatrix(m->model->node_embedding); }
Matrix ModelAnalysis::timeOfDayEmbeddings() const { return toMatrix(m->model->tod_embedding->weight); }
Matrix ModelAnalysis::dayOfWeekEmbeddings() const { return toMatrix(m->model->dow_embedding->weight); }

std::optional<EmbeddingTables> ModelAnalysis::startingEmbeddings() const
{
    if (!m->start.empty()) return embeddingTablesFrom(m->start, m->config, m->path);
    if (!m->seed) return std::nullopt;
    return embeddingTablesOf(*seededModel(m->config, *m->seed));
}

const std::string& ModelAnalysis::startedFrom() const { return m->startedFrom; }

Matrix ModelAnalysis::temporalMixing(int dayOfWeek) const
{
    if (dayOfWeek < 0 || dayOfWeek > 6) throw InputError("day of week must be 0 (Monday) .. 6, got " + std::to_string(dayOfWeek));
    const torch::Tensor tod = cpuDouble(m->model->tod_embedding->weight);
    const torch::Tensor dow = cpuDouble(m->model->dow_embedding->weight)[dayOfWeek].unsqueeze(0).expand({tod.size(0), -1});
    return toMatrix(torch::cat({tod, dow}, 1));
}

std::vector<int64_t> ModelAnalysis::oneDayOrigins(int64_t count) const
{
    const WindowedData& w = m->requireWindows("the weights generated per forecast");
    if (count < 1) throw InputError("the number of origins must be at least 1");
    const int64_t p = m->config.stepsPerDay;
    const int64_t first = m->config.inSteps - 1, last = w.dataset().numSteps - 1 - m->config.outSteps;
    const auto fitsFrom = [&](int64_t midnight) { return midnight >= first && midnight + p - 1 <= last; };
    int64_t start = -1;
    const int64_t testOrigin = w.count(Split::Test) > 0 ? w.starts(Split::Test).front() + m->config.inSteps - 1 : first;
    for (int64_t t = testOrigin; t <= last && start < 0; ++t)
        if (w.slots()[static_cast<size_t>(t)] == 0 && fitsFrom(t)) start = t;
    for (int64_t t = last - p + 1; t >= first && start < 0; --t) // the last whole day available
        if (w.slots()[static_cast<size_t>(t)] == 0 && fitsFrom(t)) start = t;
    std::vector<int64_t> origins;
    if (start < 0) { // less than a day of data: spread over what there is
        for (int64_t i = 0; i < count; ++i)
            origins.push_back(first + (last - first) * i / std::max<int64_t>(1, count - 1));
    } else {
        for (int64_t i = 0; i < count; ++i) origins.push_back(start + p * i / count);
    }
    origins.erase(std::unique(origins.begin(), origins.end()), origins.end());
    return origins;
}

std::vector<int64_t> ModelAnalysis::timeOfDaySlots(const std::vector<int64_t>& steps) const
{
    const WindowedData& w = m->requireWindows("time-of-day slots");
    std::vector<int64_t> slots;
    slots.reserve(steps.size());
    for (int64_t t : steps) {
        if (t < 0 || t >= static_cast<int64_t>(w.slots().size()))
            throw InputError("step " + std::to_string(t) + " is outside the data (0 .. " + std::to_string(w.slots().size() - 1) + ")");
        slots.push_back(w.slots()[static_cast<size_t>(t)]);
    }
    return slots;
}

Matrix ModelAnalysis::spatioTemporalEmbeddings(const std::vector<int64_t>& origins) const
{
    std::vector<torch::Tensor> parts;
    m->forEachWindowBatch(origins, [&](const torch::Tensor& x) { parts.push_back(cpuDouble(m->model->spatioTemporalEmbedding(x))); });
    if (parts.empty()) throw InputError("no origins given for the spatiotemporal embeddings");
    return toMatrix(torch::cat(parts, 0).flatten(0, 1));
}

std::vector<double> ModelAnalysis::spatialWeightNorms() const
{
    m->requireMeta(m->config.useSpatialMeta, "spatial encoder");
    torch::NoGradGuard noGrad;
    const torch::Tensor norms = generatedNorms(cpuDouble(m->model->node_embedding), poolGram(m->model->encoder_s));
    return std::vector<double>(norms.data_ptr<double>(), norms.data_ptr<double>() + norms.numel());
}

Matrix ModelAnalysis::temporalWeightNorms() const
{
    m->requireMeta(m->config.useTemporalMeta, "temporal encoder");
    torch::NoGradGuard noGrad;
    const torch::Tensor gram = poolGram(m->model->encoder_t);
    Matrix out(7, m->config.stepsPerDay);
    for (int day = 0; day < 7; ++day) {
        const torch::Tensor norms = generatedNorms(toTensor(temporalMixing(day)), gram).contiguous();
        std::copy(norms.data_ptr<double>(), norms.data_ptr<double>() + norms.numel(),
                  out.values.begin() + static_cast<std::ptrdiff_t>(day * out.cols));
    }
    return out;
}

Matrix ModelAnalysis::spatioTemporalWeightNorms(const std::vector<int64_t>& origins) const
{
    m->requireMeta(m->config.useSpatioTemporalMeta, "decoder");
    const torch::Tensor gram = poolGram(m->model->decoder);
    std::vector<torch::Tensor> parts;
    m->forEachWindowBatch(origins, [&](const torch::Tensor& x) {
        const torch::Tensor e = cpuDouble(m->model->spatioTemporalEmbedding(x)); // (B, N, d)
        parts.push_back(generatedNorms(e.flatten(0, 1), gram).reshape({e.size(0), e.size(1)}));
    });
    if (parts.empty()) throw InputError("no origins given for the decoder's weight norms");
    return toMatrix(torch::cat(parts, 0));
}

std::vector<double> meanDailyProfile(const Dataset& data, const std::vector<int64_t>& sensors)
{
    const int64_t p = data.stepsPerDay();
    std::vector<double> sum(static_cast<size_t>(p), 0.0), count(static_cast<size_t>(p), 0.0);
    for (int64_t n : sensors)
        if (n < 0 || n >= data.numNodes)
            throw InputError("sensor index " + std::to_string(n) + " is not in " + data.name);
    for (int64_t t = 0; t < data.numSteps; ++t) {
        const size_t slot = static_cast<size_t>(calendarPosition(data.timestamps[static_cast<size_t>(t)], data.intervalSeconds).slot);
        for (int64_t n : sensors) {
            if (data.isMissing(t, n)) continue;
            sum[slot] += data.value(t, n);
            count[slot] += 1;
        }
    }
    std::vector<double> mean(static_cast<size_t>(p));
    for (size_t s = 0; s < mean.size(); ++s) mean[s] = count[s] > 0 ? sum[s] / count[s] : std::numeric_limits<double>::quiet_NaN();
    return mean;
}

} // namespace himnet
