#pragma once
// Training, validation and test windows (T in, Q out, stride 1) over a Dataset, the z-score
// scaler of the training inputs, and batches cut lazily from the (T, N) series — windows are
// never materialised (METR-LA's would take 3 GB).
#include "data/series_readers.h"
#include "himnet/dataset.h"
#include "himnet/holidays.h"

#include <torch/torch.h>

#include <array>
#include <memory>
#include <optional>

namespace himnet {

enum class Split { Train, Val, Test };
const char* splitName(Split split);

struct WindowOptions {
    int64_t inSteps = 12;
    int64_t outSteps = 12;
    double trainRatio = 0.7; ///< chronological ratios; the rest after validation is test
    double valRatio = 0.1;
    std::optional<SplitIndex> index; ///< the reference's exact windows, instead of ratios
    HolidayCalendar holidays;        ///< days read as another day of week (holidays as Sundays)
};

struct Scaler {
    double mean = 0;
    double std = 1;
    torch::Tensor transform(const torch::Tensor& raw) const { return (raw - mean) / std; }
    torch::Tensor inverse(const torch::Tensor& scaled) const { return scaled * std + mean; }
};

/// One batch, on the requested device.
struct Batch {
    torch::Tensor x;      ///< (B, T, N, 3): scaled value, time-of-day fraction, day of week
    torch::Tensor yCov;   ///< (B, Q, N, 2): time-of-day fraction, day of week of the targets
    torch::Tensor target; ///< (B, Q, N, 1): raw values (missing ones equal the missing value)
    torch::Tensor labels; ///< (B, Q, N, 1): scaled targets, for teacher forcing
    std::vector<int64_t> starts; ///< the window start of each sample
};

/// Time-of-day slot (0 .. 86400/interval - 1) and day of week (Monday = 0) of a UTC timestamp.
struct CalendarPosition {
    int64_t slot = 0;
    int64_t dayOfWeek = 0;
};
CalendarPosition calendarPosition(int64_t timestamp, int64_t intervalSeconds);

/// Time-of-day fractions slot / P as float32, nudged up where float32 rounding would make
/// the model's truncation floor(fraction * P) land on the previous slot.
float timeOfDayFraction(int64_t slot, int64_t stepsPerDay);

/// The window starts of each split: the index's where it has one, else chronological by the
/// ratios. Throws InputError naming `source` when the series of `steps` steps is too short
/// for one window per split, or the index does not fit it.
struct SplitStarts {
    std::vector<int64_t> train, val, test;
};
SplitStarts splitWindows(int64_t steps, const WindowOptions& options, const std::string& source);

class WindowedData {
public:
    /// Keeps `dataset` alive and reads its channel 0 in place. Throws InputError when the
    /// series is too short for one window per split or the index does not fit it.
    WindowedData(std::shared_ptr<const Dataset> dataset, const WindowOptions& options = {});

    const Dataset& dataset() const { return *m_dataset; }
    const WindowOptions& options() const { return m_options; }
    const Scaler& scaler() const { return m_scaler; }
    const std::vector<int64_t>& starts(Split split) const;
    int64_t count(Split split) const { return static_cast<int64_t>(starts(split).size()); }

    /// Samples `indices` (positions in starts(split)) as one batch on `device`.
    Batch batch(Split split, const std::vector<int64_t>& indices, const torch::Device& device = torch::kCPU) const;
    /// A batch of windows starting at the given time steps (any step with room for T + Q).
    Batch batchAt(const std::vector<int64_t>& windowStarts, const torch::Device& device = torch::kCPU) const;

    /// Feeds the model mapped days of week and time-of-day slots from now on (see
    /// temporal_context.h); the raw slots() and daysOfWeek() stay as they are.
    void setTemporalContext(const std::array<int64_t, 7>& dayMap, const std::vector<int64_t>& slotMap);
    /// Uses `scaler` (e.g. a checkpoint's) instead of the one computed from the training windows.
    void setScaler(const Scaler& scaler) { m_scaler = scaler; }

    /// Time-of-day slot (0..P-1) and day of week (Monday = 0) of every step, a special day of
    /// the options' holiday calendar as the day it behaves like.
    const std::vector<int64_t>& slots() const { return m_slot; }
    const std::vector<int64_t>& daysOfWeek() const { return m_dow; }

private:
    std::shared_ptr<const Dataset> m_dataset;
    WindowOptions m_options;
    torch::Tensor m_values;   ///< (T, N) float32 view of channel 0
    torch::Tensor m_tod, m_dow_tensor; ///< (T,) float32
    std::vector<int64_t> m_slot, m_dow;
    std::vector<int64_t> m_train, m_val, m_test;
    Scaler m_scaler;
};

} // namespace himnet
