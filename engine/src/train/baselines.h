#pragma once
// The two naive forecasts every result is compared with, on the same windows.
#include "data/windowed_data.h"

namespace himnet {

/// Repeats the last observed (non-missing) value of each sensor's input window for every
/// horizon step; (B, Q, N, 1).
torch::Tensor lastValueForecast(const WindowedData& windows, const std::vector<int64_t>& windowStarts);

/// Mean of the same slot of the week over the training period, per sensor. Slots of the
/// week never observed there fall back to the same slot on days of the same kind (weekday
/// or weekend), then on any day, then to the sensor's mean.
class HistoricalAverage {
public:
    explicit HistoricalAverage(const WindowedData& windows);
    torch::Tensor forecast(const std::vector<int64_t>& windowStarts) const; ///< (B, Q, N, 1)
    /// How many (slot of week, sensor) cells had to fall back, of how many.
    int64_t fallbackCells() const { return m_fallbacks; }
    int64_t cells() const { return m_table.size(0) * m_table.size(1); }

private:
    const WindowedData& m_windows;
    torch::Tensor m_table; ///< (7 * P, N) float32
    int64_t m_fallbacks = 0;
};

} // namespace himnet
