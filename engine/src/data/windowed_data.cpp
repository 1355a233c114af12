#include "data/windowed_data.h"
#include "himnet/errors.h"

#include <cmath>

namespace himnet {

const char* splitName(Split split)
{
    switch (split) {
    case Split::Train: return "train";
    case Split::Val: return "val";
    case Split::Test: return "test";
    }
    return "?";
}

CalendarPosition calendarPosition(int64_t timestamp, int64_t intervalSeconds)
{
    const int64_t day = timestamp >= 0 ? timestamp / 86400 : (timestamp - 86399) / 86400;
    // 1970-01-01 was a Thursday; Monday = 0.
    return {(timestamp - day * 86400) / intervalSeconds, ((day + 3) % 7 + 7) % 7};
}

float timeOfDayFraction(int64_t slot, int64_t stepsPerDay)
{
    float fraction = static_cast<float>(slot) / static_cast<float>(stepsPerDay);
    while (static_cast<int64_t>(fraction * static_cast<float>(stepsPerDay)) < slot)
        fraction = std::nextafter(fraction, 1.0f);
    return fraction;
}

SplitStarts splitWindows(int64_t steps, const WindowOptions& options, const std::string& source)
{
    const int64_t T = steps, span = options.inSteps + options.outSteps;
    auto fail = [&](const std::string& problem) { throw InputError(describeProblem(source, problem)); };
    if (options.inSteps < 1 || options.outSteps < 1) fail("window lengths must be positive");
    SplitStarts starts;
    if (options.index) {
        const SplitIndex& index = *options.index;
        if (index.inSteps != options.inSteps || index.outSteps != options.outSteps)
            fail("the split file's windows are " + std::to_string(index.inSteps) + " + " + std::to_string(index.outSteps)
                 + " steps, the model expects " + std::to_string(options.inSteps) + " + " + std::to_string(options.outSteps));
        for (const auto& [name, part] : {std::pair{"training", &index.train}, {"validation", &index.val}, {"test", &index.test}}) {
            if (part->empty()) fail(std::string("the split file has no ") + name + " windows");
            for (int64_t s : *part)
                if (s + span > T)
                    fail("the split file has a window starting at step " + std::to_string(s) + ", past the series' "
                         + std::to_string(T) + " steps (is it the split file of another dataset?)");
        }
        starts.train = index.train;
        starts.val = index.val;
        starts.test = index.test;
    } else {
        if (options.trainRatio <= 0 || options.valRatio < 0 || options.trainRatio + options.valRatio >= 1)
            fail("split ratios must leave room for training, validation and test windows");
        const int64_t samples = T - span + 1;
        const int64_t train = std::llround(samples * options.trainRatio);
        const int64_t val = std::llround(samples * options.valRatio);
        if (samples < 3 || train < 1 || val < 1 || samples - train - val < 1)
            fail("the series has " + std::to_string(T) + " steps: too short for training, validation and test windows of "
                 + std::to_string(span) + " steps");
        for (int64_t s = 0; s < samples; ++s) (s < train ? starts.train : s < train + val ? starts.val : starts.test).push_back(s);
    }
    if (starts.train.empty()) fail("no training windows");
    return starts;
}

WindowedData::WindowedData(std::shared_ptr<const Dataset> dataset, const WindowOptions& options)
    : m_dataset(std::move(dataset)), m_options(options)
{
    const Dataset& d = *m_dataset;
    const int64_t T = d.numSteps, N = d.numNodes;
    auto fail = [&](const std::string& problem) { throw InputError(describeProblem(d.sourcePath, problem)); };
    SplitStarts starts = splitWindows(T, options, d.sourcePath);
    m_train = std::move(starts.train);
    m_val = std::move(starts.val);
    m_test = std::move(starts.test);

    // Zero-copy view of channel 0 of the (T, N, C) values.
    m_values = torch::from_blob(const_cast<float*>(d.values.data()), {T, N}, {N * d.numChannels, d.numChannels},
                                torch::TensorOptions().dtype(torch::kFloat32));

    const int64_t P = d.stepsPerDay();
    m_slot.resize(static_cast<size_t>(T));
    m_dow.resize(static_cast<size_t>(T));
    std::vector<float> tod(static_cast<size_t>(T)), dow(static_cast<size_t>(T));
    for (int64_t t = 0; t < T; ++t) {
        const CalendarPosition when = calendarPosition(d.timestamps[static_cast<size_t>(t)], d.intervalSeconds);
        m_slot[t] = when.slot;
        m_dow[t] = options.holidays.dayOfWeek(epochDay(d.timestamps[static_cast<size_t>(t)]));
        tod[t] = timeOfDayFraction(m_slot[t], P);
        dow[t] = static_cast<float>(m_dow[t]);
    }
    m_tod = torch::tensor(tod);
    m_dow_tensor = torch::tensor(dow);

    // The reference's scaler: mean and std of channel 0 over all training *input windows*
    // (overlapping, so step t counts once for every window that contains it).
    std::vector<double> weight(static_cast<size_t>(T + 1), 0.0);
    for (int64_t s : m_train) {
        weight[static_cast<size_t>(s)] += 1.0;
        weight[static_cast<size_t>(s + options.inSteps)] -= 1.0;
    }
    double running = 0, total = 0, sum = 0, sumSquares = 0;
    for (int64_t t = 0; t < T; ++t) {
        running += weight[static_cast<size_t>(t)];
        if (running == 0) continue;
        for (int64_t n = 0; n < N; ++n) {
            const double v = d.value(t, n);
            sum += running * v;
            sumSquares += running * v * v;
        }
        total += running * static_cast<double>(N);
    }
    m_scaler.mean = sum / total;
    const double variance = std::max(0.0, sumSquares / total - m_scaler.mean * m_scaler.mean);
    m_scaler.std = std::sqrt(variance);
    if (!(m_scaler.std > 0)) fail("the training inputs are constant; nothing to learn");
}

void WindowedData::setTemporalContext(const std::array<int64_t, 7>& dayMap, const std::vector<int64_t>& slotMap)
{
    const int64_t T = m_dataset->numSteps, P = m_dataset->stepsPerDay();
    std::vector<float> tod(static_cast<size_t>(T)), dow(static_cast<size_t>(T));
    for (int64_t t = 0; t < T; ++t) {
        const int64_t slot = slotMap.empty() ? m_slot[t] : slotMap[static_cast<size_t>(m_slot[t])];
        tod[t] = timeOfDayFraction(slot, P);
        dow[t] = static_cast<float>(dayMap[static_cast<size_t>(m_dow[t])]);
    }
    m_tod = torch::tensor(tod);
    m_dow_tensor = torch::tensor(dow);
}

const std::vector<int64_t>& WindowedData::starts(Split split) const
{
    switch (split) {
    case Split::Train: return m_train;
    case Split::Val: return m_val;
    case Split::Test: return m_test;
    }
    return m_test;
}

Batch WindowedData::batch(Split split, const std::vector<int64_t>& indices, const torch::Device& device) const
{
    const auto& all = starts(split);
    std::vector<int64_t> chosen;
    chosen.reserve(indices.size());
    for (int64_t i : indices) chosen.push_back(all.at(static_cast<size_t>(i)));
    return batchAt(chosen, device);
}

Batch WindowedData::batchAt(const std::vector<int64_t>& windowStarts, const torch::Device& device) const
{
    const int64_t B = static_cast<int64_t>(windowStarts.size()), Tin = m_options.inSteps, Q = m_options.outSteps;
    const int64_t N = m_dataset->numNodes, T = m_dataset->numSteps;
    for (int64_t s : windowStarts)
        if (s < 0 || s + Tin + Q > T)
            throw InputError(describeProblem(m_dataset->sourcePath, "no full window starts at step " + std::to_string(s)));
    const torch::Tensor starts = torch::tensor(windowStarts, torch::kLong).view({B, 1});
    const torch::Tensor inputSteps = (starts + torch::arange(Tin, torch::kLong)).view({-1});
    const torch::Tensor outputSteps = (starts + Tin + torch::arange(Q, torch::kLong)).view({-1});

    auto covariates = [&](const torch::Tensor& steps, int64_t length) {
        const torch::Tensor tod = m_tod.index_select(0, steps).view({B, length, 1, 1}).expand({B, length, N, 1});
        const torch::Tensor dow = m_dow_tensor.index_select(0, steps).view({B, length, 1, 1}).expand({B, length, N, 1});
        return torch::cat({tod, dow}, -1);
    };
    Batch b;
    const torch::Tensor inputs = m_values.index_select(0, inputSteps).view({B, Tin, N, 1});
    b.x = torch::cat({m_scaler.transform(inputs).to(torch::kFloat32), covariates(inputSteps, Tin)}, -1).to(device);
    b.yCov = covariates(outputSteps, Q).to(device);
    b.target = m_values.index_select(0, outputSteps).view({B, Q, N, 1}).to(device);
    b.labels = m_scaler.transform(b.target).to(torch::kFloat32);
    b.starts = windowStarts;
    return b;
}

} // namespace himnet
