#include "himnet/errors.h"
#include "himnet/forecasting.h"
#include "core/text.h"
#include "train/trained_model.h"
#include "train/trained_period.h"

#include <algorithm>
#include <iterator>
#include <limits>

namespace himnet {

struct Forecaster::Impl {
    std::shared_ptr<const Dataset> data;
    TrainedModel trained;
    int64_t firstTestOrigin = 0;
    std::vector<int64_t> valOrigins, testOrigins; ///< the last input step of each window of the split
    std::string noTestPeriod;
    std::string otherPeriodNote;
    ForecastIntervals intervals; ///< empty: forecasts without one
};

Forecaster::Forecaster(std::shared_ptr<const Dataset> data, const std::string& checkpointPath, DeviceKind device)
    : m(std::make_unique<Impl>())
{
    m->data = data;
    m->trained = loadTrainedModel(checkpointPath, *data, device);
    const int64_t inSteps = m->trained.checkpoint.config.inSteps;
    if (data->numSteps < inSteps)
        throw InputError(describeProblem(data->sourcePath, "has " + countOf(data->numSteps, "step")
                                                               + "; a forecast needs the "
                                                               + std::to_string(inSteps) + " before it (" + formatInterval(inSteps * data->intervalSeconds)
                                                               + " of readings)"));
    // A forecast needs only the steps before it: the latest hours of a feed forecast the next
    // one. A series long enough for the training's splits also says where its test period starts.
    m->firstTestOrigin = inSteps - 1;
    const auto windows = windowsIfAny(m->trained, data, m->noTestPeriod);
    if (windows) {
        for (auto [split, origins] : {std::pair{Split::Val, &m->valOrigins}, std::pair{Split::Test, &m->testOrigins}})
            for (int64_t start : windows->starts(split)) origins->push_back(start + inSteps - 1);
        if (!m->testOrigins.empty()) m->firstTestOrigin = m->testOrigins.front();
    }
    // Data read over another period of a series that holds the model's own measures it on
    // steps it trained on, or on none: the note says so, and how to read it as its training did.
    if (const auto& stamp = m->trained.checkpoint.dataset; stamp && !readOverTrainedPeriod(*stamp, *data) && holdsTrainedPeriod(*stamp, *data))
        m->otherPeriodNote = windows ? trainedStepsNote(m->trained, *windows, Split::Test) : m->noTestPeriod;
}

Forecaster::~Forecaster() = default;

int64_t Forecaster::firstOrigin() const { return m->trained.checkpoint.config.inSteps - 1; }
int64_t Forecaster::lastOrigin() const { return m->data->numSteps - 1; }
int64_t Forecaster::firstTestOrigin() const { return m->firstTestOrigin; }
const std::string& Forecaster::noTestPeriod() const { return m->noTestPeriod; }
const std::string& Forecaster::otherPeriodNote() const { return m->otherPeriodNote; }

int64_t Forecaster::horizon() const { return m->trained.checkpoint.config.outSteps; }
int64_t Forecaster::sensorCount() const { return m->data->numNodes; }

const std::vector<int64_t>& Forecaster::splitOrigins(const std::string& split) const
{
    if (split != "val" && split != "test") throw InputError("unknown split '" + split + "': expected val or test");
    const std::vector<int64_t>& origins = split == "val" ? m->valOrigins : m->testOrigins;
    if (!m->noTestPeriod.empty()) throw InputError(m->noTestPeriod);
    if (origins.empty())
        throw InputError(describeProblem(m->data->sourcePath, "has no " + std::string(split == "val" ? "validation" : "test")
                                                                  + " windows in the split that " + m->trained.path + " was trained with"));
    return origins;
}

std::optional<TrainedPeriod> Forecaster::trainedPeriod() const
{
    const std::optional<DatasetStamp>& stamp = m->trained.checkpoint.dataset;
    return stamp ? readingPeriodOf(*stamp, m->data->intervalSeconds) : std::nullopt;
}

int64_t Forecaster::indexOf(int64_t timestamp) const
{
    const Dataset& d = *m->data;
    const int64_t offset = timestamp - d.timestamps.front();
    if (offset < 0 || offset % d.intervalSeconds != 0 || offset / d.intervalSeconds >= d.numSteps)
        throw InputError(describeProblem(d.sourcePath, "no step at " + formatTimestamp(timestamp) + " (data runs from "
                                                           + formatTimestamp(d.timestamps.front()) + " to "
                                                           + formatTimestamp(d.timestamps.back()) + " every "
                                                           + std::to_string(d.intervalSeconds) + " s)"));
    return offset / d.intervalSeconds;
}

Forecast Forecaster::at(int64_t lastObserved) const { return at(std::vector<int64_t>{lastObserved}).front(); }

namespace {

/// Origins forecast in one pass of the model. Inference keeps some 5 MB per window of METR-LA's
/// network: 1 900 origins at once took 9.7 GB and four minutes on a 2-core CPU, where passes of
/// 16 take 340 MB and 50 s (for 600 origins, passes of 8, 32, 64 and 256 were slower, the last
/// two in more memory: docs/PERFORMANCE.md).
constexpr size_t kOriginsPerPass = 16;

/// The model's forecasts from `origins` (each the last observed step), (B, Q, N) on the CPU in
/// the data's units. Inputs come from the data; target covariates from the calendar, so that
/// forecasts can run past the last observed step.
torch::Tensor forecastsFrom(TrainedModel& trained, const Dataset& d, const std::vector<int64_t>& origins)
{
    const HimNetConfig& c = trained.checkpoint.config;
    const int64_t B = static_cast<int64_t>(origins.size()), T = c.inSteps, Q = c.outSteps, N = d.numNodes, P = d.stepsPerDay();
    torch::Tensor values = torch::empty({B, T, N}, torch::kFloat32);
    float* value = values.data_ptr<float>();
    for (int64_t b = 0; b < B; ++b)
        for (int64_t t = 0; t < T; ++t)
            for (int64_t n = 0; n < N; ++n) *value++ = d.value(origins[b] - T + 1 + t, n);
    const TemporalContextMap& context = trained.context;
    const HolidayCalendar& holidays = trained.options.holidays;
    // (B, length, N, 2): the time of day and day of week of `length` steps from each window's
    // `firstAfterOrigin` steps after its origin, the same for every sensor.
    const auto covariates = [&](int64_t firstAfterOrigin, int64_t length) {
        torch::Tensor out = torch::empty({B, length, 1, 2}, torch::kFloat32);
        float* entry = out.data_ptr<float>();
        for (int64_t b = 0; b < B; ++b)
            for (int64_t k = 0; k < length; ++k) {
                const int64_t time = d.timestamps.front() + (origins[b] + firstAfterOrigin + k) * d.intervalSeconds;
                const CalendarPosition when = calendarPosition(time, d.intervalSeconds);
                const int64_t slot = context.slot.empty() ? when.slot : context.slot[static_cast<size_t>(when.slot)];
                const int64_t day = holidays.dayOfWeek(epochDay(time));
                *entry++ = timeOfDayFraction(slot, P);
                *entry++ = static_cast<float>(context.dayOfWeek[static_cast<size_t>(day)]);
            }
        return out.expand({B, length, N, 2});
    };
    const torch::Device device = trained.device;
    const torch::Tensor x = torch::cat({trained.scaler.transform(values).unsqueeze(-1), covariates(1 - T, T)}, -1).to(device);
    torch::NoGradGuard noGrad;
    return trained.scaler.inverse(trained.model->forward(x, covariates(1, Q).contiguous().to(device))).to(torch::kCPU).contiguous();
}

} // namespace

std::vector<Forecast> Forecaster::at(const std::vector<int64_t>& origins) const
{
    std::vector<Forecast> out;
    out.reserve(origins.size());
    forEachPass(origins, [&out](std::vector<Forecast>& pass) { std::move(pass.begin(), pass.end(), std::back_inserter(out)); });
    return out;
}

void Forecaster::forEachPass(const std::vector<int64_t>& origins, const std::function<void(std::vector<Forecast>&)>& sink) const
{
    const Dataset& d = *m->data;
    const HimNetConfig& c = m->trained.checkpoint.config;
    const int64_t T = c.inSteps, Q = c.outSteps, N = d.numNodes;
    for (int64_t origin : origins)
        if (origin < T - 1 || origin >= d.numSteps)
            throw InputError(describeProblem(d.sourcePath, "cannot forecast from step " + std::to_string(origin) + ": it needs "
                                                               + std::to_string(T) + " observed steps up to it (valid: "
                                                               + std::to_string(T - 1) + " to " + std::to_string(d.numSteps - 1) + ")"));
    for (size_t first = 0; first < origins.size(); first += kOriginsPerPass) {
        const std::vector<int64_t> pass(origins.begin() + static_cast<std::ptrdiff_t>(first),
                                        origins.begin() + static_cast<std::ptrdiff_t>(std::min(origins.size(), first + kOriginsPerPass)));
        const torch::Tensor prediction = forecastsFrom(m->trained, d, pass);
        std::vector<Forecast> forecasts;
        for (size_t b = 0; b < pass.size(); ++b) {
            Forecast f;
            f.datasetName = d.name;
            f.quantity = d.quantity;
            f.unit = d.unit;
            f.lastObserved = pass[b];
            f.horizon = Q;
            f.sensors = N;
            f.sensorIds = d.sensorIds;
            const float* p = prediction[static_cast<int64_t>(b)].data_ptr<float>();
            f.values.assign(p, p + Q * N);
            f.actual.assign(static_cast<size_t>(Q * N), std::numeric_limits<float>::quiet_NaN());
            for (int64_t q = 0; q < Q; ++q) {
                const int64_t t = pass[b] + 1 + q;
                f.timestamps.push_back(d.timestamps.front() + t * d.intervalSeconds);
                if (t >= d.numSteps) continue;
                for (int64_t n = 0; n < N; ++n)
                    if (!d.isMissing(t, n)) f.actual[static_cast<size_t>(q * N + n)] = d.value(t, n);
            }
            if (const ForecastIntervals& in = m->intervals; !in.empty()) {
                f.intervalLevel = in.level;
                f.lower.resize(f.values.size());
                f.upper.resize(f.values.size());
                for (int64_t q = 0; q < Q; ++q)
                    for (int64_t n = 0; n < N; ++n) {
                        const auto i = static_cast<size_t>(q * N + n);
                        const float w = in.halfWidthAt(q, n, f.timestamps[static_cast<size_t>(q)]);
                        f.lower[i] = f.values[i] - w;
                        f.upper[i] = f.values[i] + w;
                    }
            }
            forecasts.push_back(std::move(f));
        }
        sink(forecasts);
    }
}

void Forecaster::setIntervals(const ForecastIntervals& intervals)
{
    if (!intervals.empty() && (intervals.sensors != sensorCount() || intervals.horizon < horizon()))
        throw InputError(describeProblem(m->trained.path, "its forecast intervals are of " + countOf(intervals.sensors, "sensor") + " and "
                                                              + countOf(intervals.horizon, "step") + "; the model forecasts "
                                                              + countOf(sensorCount(), "sensor") + " " + countOf(horizon(), "step")
                                                              + " ahead"));
    m->intervals = intervals;
}

double Forecaster::intervalLevel() const { return m->intervals.empty() ? 0.0 : m->intervals.level; }

} // namespace himnet
