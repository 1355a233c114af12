#pragma once
// What the tables of errors by sensor and by hour share: the nine figure columns (HimNet and the
// two baselines) and the two of the forecast intervals, the predicate "below both baselines",
// and writing one as .csv or .xlsx.
#include "himnet/evaluation.h"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace himnet {

/// "HimNet MAE (km/h)", "HimNet RMSE (km/h)", "HimNet MAPE %", then the last value's and the
/// historical average's.
std::vector<std::string> figureColumns(const std::string& unit);
/// The nine figures of `row` (SensorMetrics or HourMetrics), in figureColumns' order.
template <class Row>
std::vector<double> figuresOf(const Row& row)
{
    std::vector<double> figures;
    for (const ErrorMetrics* m : {&row.model, &row.lastValue, &row.historicalAverage})
        for (double figure : {m->mae, m->rmse, m->mape}) figures.push_back(figure);
    return figures;
}
/// "90 % interval held %", "90 % interval half-width (km/h)": the columns of an interval's
/// coverage (IntervalCoverage) after the figures; none when `level` is 0 (no intervals).
std::vector<std::string> intervalColumns(double level, const std::string& unit);
/// The share held (%) and the mean half-width of `coverage`, in intervalColumns' order.
inline std::vector<double> intervalFiguresOf(const IntervalCoverage& coverage)
{
    return {100 * coverage.covered, coverage.meanHalfWidth};
}
/// HimNet's MAE below both baselines', over present targets only.
template <class Row>
bool modelBeatsBoth(const Row& row)
{
    return row.targets > 0 && row.model.mae < std::min(row.lastValue.mae, row.historicalAverage.mae);
}
/// Writes `path`, whole or not at all: .xlsx as a workbook `addSheet` fills, .csv as `csv()`.
/// InputError naming `path` (and saying it holds `what`) for another extension.
void writeMetricTable(const std::string& path, const std::string& what, const std::function<std::string()>& csv,
                      const std::function<void(WorkbookWriter&)>& addSheet);

} // namespace himnet
