#pragma once
// Evaluation against the paper's protocol: masked MAE, RMSE and MAPE per horizon step and
// over all steps, beside two baselines computed on the same windows.
#include "himnet/cancel_token.h"
#include "himnet/dataset.h"
#include "himnet/runtime.h"
#include "himnet/workbook_writer.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace himnet {

struct ErrorMetrics {
    double mae = 0;
    double rmse = 0;
    double mape = 0; ///< percent
};

struct HorizonMetrics {
    int64_t step = 0; ///< 1-based horizon step
    ErrorMetrics model, lastValue, historicalAverage;
};

/// One sensor's errors over every horizon step of the split's windows.
/// How often the true values fell inside HimNet's forecast intervals (ForecastIntervals): over
/// the targets of one horizon step, or of every step (at one sensor, in one hour, or overall).
struct IntervalCoverage {
    int64_t step = 0;         ///< 1-based; 0 over all steps
    int64_t targets = 0;      ///< present targets measured; 0 without intervals
    double covered = 0;       ///< the share of them inside their interval, 0 … 1
    double meanHalfWidth = 0; ///< of their intervals, in the data's unit
};

struct SensorMetrics {
    std::string id;
    int64_t targets = 0; ///< present targets measured; 0: none in the period (its metrics are 0)
    ErrorMetrics model, lastValue, historicalAverage;
    IntervalCoverage interval; ///< how often HimNet's intervals held at the sensor
};

/// Errors over the targets at one hour of the clock (the targets' times as the data's timestamps
/// give them), on one day of the week or over several, every sensor together.
struct HourMetrics {
    std::string days; ///< "Monday" … "Sunday", or "all days", "weekdays", "weekends"
    int hour = 0;     ///< 0 … 23: the targets from hour:00 to hour:59
    int64_t targets = 0; ///< present targets measured; 0: none (its metrics are 0)
    ErrorMetrics model, lastValue, historicalAverage;
    IntervalCoverage interval; ///< how often HimNet's intervals held in the hour
};

/// Which days of the week errors by hour are taken over (weekends: Saturday and Sunday).
enum class DaysOfWeek { All, Weekdays, Weekends };

/// Each sensor's error sums in each hour of the week, from which errorsByHour() measures any set
/// of sensors: index hourOfWeek * sensors + sensor (hour of week: day * 24 + hour, Monday 0:00
/// = 0). Sums of |error|, error² and |error| / |target|, of HimNet, the last value and the
/// historical average, over `targets` present targets; and of those, how many fell inside
/// HimNet's forecast interval and the sum of their intervals' half-widths.
struct SensorHourSums {
    int64_t sensors = 0;
    std::vector<double> targets;
    std::vector<double> abs[3], squares[3], fractions[3]; ///< [0] HimNet, [1] last value, [2] historical average
    std::vector<double> covered, halfWidths; ///< empty without intervals
};

/// The factor of horizon step `q` of `hourFactors` ((horizon, 24), ForecastIntervals) at
/// `secondOfDay`: each hour's factor holds at the middle of its hour (7:30 for 7:00), and from
/// one middle to the next (across midnight too) it goes linearly, so that the band widens and
/// narrows smoothly instead of by steps on the hour. 1 when `hourFactors` is empty.
inline float hourFactorAt(const std::vector<float>& hourFactors, int64_t q, int64_t secondOfDay)
{
    if (hourFactors.empty()) return 1.0f;
    constexpr int64_t day = 86400, hour = 3600;
    const int64_t sinceMiddle = (((secondOfDay - hour / 2) % day) + day) % day; // since the middle of hour `before`
    const int64_t before = sinceMiddle / hour, after = (before + 1) % 24;
    const double w = static_cast<double>(sinceMiddle % hour) / hour;
    const float* factors = hourFactors.data() + q * 24;
    return static_cast<float>((1.0 - w) * factors[before] + w * factors[after]);
}

/// Split-conformal forecast intervals, normalised by the time of day: at each horizon step,
/// sensor and time, HimNet's forecast ± halfWidths(step, sensor) × the step's hour factor at
/// that time (hourFactorAt). The factor is how far the traffic strays at that hour from its
/// usual level (the readings' mean distance from their sensor's mean at that time of day over
/// the training period, every sensor together, relative to its mean over the day), so the band
/// widens in the rush hours and narrows at night. The half-width is what the validation period's errors, divided by
/// their factor, stayed within for `level` of the targets (of n, the ⌈(n + 1) · level⌉-th
/// smallest). How often the report's own split fell inside them says whether they hold on days
/// the calibration never saw. A cell with too few validation targets for its own half-width
/// takes its step's over every sensor.
struct ForecastIntervals {
    double level = 0;                ///< 0.9; 0 when there are none (`missing` says why)
    std::string calibrationSplit;    ///< "val"
    int64_t calibrationWindows = 0;
    int64_t horizon = 0, sensors = 0;
    std::vector<float> halfWidths;   ///< (horizon, sensors), in the data's unit, at a factor of 1
    std::vector<float> hourFactors;  ///< (horizon, 24); empty: 1 at every hour
    int64_t pooledCells = 0;         ///< cells given their step's half-width over every sensor
    std::vector<IntervalCoverage> steps; ///< on the report's split, one per horizon step
    IntervalCoverage all;
    /// The 24 hours of the day on the report's split (hour h at h): where the band holds and
    /// where not. EvaluationReport's sensors and hours of the week hold the same per sensor and
    /// per hour of the week.
    std::vector<IntervalCoverage> hours;
    std::string missing;             ///< why there are none
    bool empty() const { return halfWidths.empty(); }
    /// q, n 0-based; the half-width at the middle of `hour` (0 … 23), where its factor holds.
    float halfWidth(int64_t q, int64_t n, int hour) const { return halfWidthAt(q, n, hour * 3600 + 1800); }
    /// The half-width for a target at `utcSeconds` (its time of day, as the data's timestamps give it).
    float halfWidthAt(int64_t q, int64_t n, int64_t utcSeconds) const
    {
        return halfWidths[static_cast<size_t>(q * sensors + n)] * hourFactorAt(hourFactors, q, utcSeconds);
    }
};

/// The level of the intervals evaluations give unless asked for another.
constexpr double kIntervalLevel = 0.9;
/// Whether `level` can be asked for: from 0.5 to 0.999 (the conformal rank of a level near 1
/// needs many validation targets: ForecastIntervals::missing says when they are too few).
inline bool isIntervalLevel(double level) { return level >= 0.5 && level <= 0.999 + 1e-12; } // 99.9 / 100 is 0.9990000000000001
/// Whether two levels are one: equal but for rounding (95 / 100 against 0.95).
inline bool sameIntervalLevel(double a, double b) { return std::abs(a - b) < 1e-9; }
/// The levels a forecast's band is offered at (the app's Band). A checkpoint's test report is
/// measured at all of them at once, from one pass over the data, so that switching between them
/// needs no new one.
inline const std::vector<double>& bandLevels()
{
    static const std::vector<double> levels{0.8, 0.9, 0.95, 0.99};
    return levels;
}
/// A level as a percentage, as the tables, files and views write it: "90" of 0.9, "97.5" of
/// 0.975.
std::string levelPercent(double level);

struct EvaluationReport {
    std::string split;    ///< "val" or "test"
    int64_t windows = 0;
    /// The times its windows span (UTC seconds): the first window's first input to the last
    /// window's last target, as TrainingPlan's periods.
    int64_t firstTime = 0, lastTime = 0;
    int64_t intervalSeconds = 300;
    std::string unit; ///< of MAE and RMSE (the dataset's); empty when unknown
    ErrorMetrics all, lastValue, historicalAverage;
    std::vector<HorizonMetrics> horizons;
    std::vector<SensorMetrics> sensors; ///< in the dataset's order
    /// The 168 hours of the week, Monday 0:00 first (day * 24 + hour); empty in reports of
    /// other sources. errorsByHour() combines them.
    std::vector<HourMetrics> hoursOfWeek;
    /// The same per sensor, for errors by hour of a selection; empty in reports of other sources.
    SensorHourSums sensorHours;
    /// Of the test split: calibrated on the validation period, measured on the test period.
    /// Empty in reports of the validation split.
    ForecastIntervals intervals;
    std::vector<std::string> notes;
    /// Non-empty when targets near zero make most of HimNet's MAPE (Shenzhen's near-empty
    /// roads, say): what share, and that MAE and RMSE are the figures to read.
    std::string mapeCaveat;
    /// Of the weights, data and split measured (evaluateCheckpoint's reports; empty in others):
    /// equal fingerprints, equal reports.
    std::string fingerprint;
    /// What fingerprint would be with intervals of the usual level (kIntervalLevel): reports
    /// that share it differ only in their intervals' level.
    std::string usualLevelFingerprint;
    /// Read back from the checkpoint, where it was stored when measured on the same weights and
    /// data, rather than measured again.
    bool fromCheckpoint = false;
    /// Read back from a folder of kept reports (evaluateCheckpoint's `keptReports`), where an
    /// earlier evaluation of the same weights and data left it, rather than measured again.
    bool fromKeptReports = false;
    /// The same report with intervals of the other levels asked for from the same pass
    /// (evaluateCheckpoint's `alsoLevels`), which storeMetrics and keepReport keep beside it;
    /// empty in reports given back rather than measured.
    std::vector<EvaluationReport> atOtherLevels;
};

/// The contract of `himnet evaluate --json` (ARCHITECTURE.md), and "sensors": [{id, targets,
/// mae, rmse, mape, last_value, historical_average, interval: {coverage, mean_half_width},
/// interval_half_widths}] (only id and targets for a sensor without targets; interval and its
/// half-widths with intervals); "hours": the 24 hours of the day over all days, and
/// "hours_of_week": the 168 of the week, [{day, hour, targets, mae, …, interval}] alike; "from_checkpoint": whether it is
/// the report the checkpoint kept (EvaluationReport::fromCheckpoint).
std::string toJson(const EvaluationReport& report);
/// A table: steps 3, 6, 12 (in minutes too) and all, model against both baselines; then at
/// how many sensors HimNet beats both, and the sensors it forecasts worst; then the same of
/// the hours of the day.
std::string toTable(const EvaluationReport& report);

/// "intervals: 90 % (calibrated on 1234 validation windows) held 88.4 % of test targets (step 3:
/// 89.9 %, …); mean half-width 5.12 mph" and a line break, then "intervals held least at
/// 17:00 (71.2 %), …" and one, and "intervals held least at sensors 717446 (61.0 %), …" and
/// one; empty without intervals.
std::string intervalSummary(const EvaluationReport& report);
/// The `count` hours of the day (with targets) where the intervals held least: "17:00 (71.2 %),
/// 08:00 (74.0 %)"; empty without.
std::string hoursHeldLeast(const ForecastIntervals& intervals, size_t count);
/// The `count` sensors (with targets) where the intervals held least: "717446 (61.0 %), …";
/// empty without intervals.
std::string sensorsHeldLeast(const EvaluationReport& report, size_t count);
/// Whether HimNet's MAE at the sensor is below both baselines' (never, without targets).
bool beatsBothBaselines(const SensorMetrics& sensor);
/// How many sensors have targets in the report's period.
int64_t sensorsMeasured(const EvaluationReport& report);
/// How many sensors with targets HimNet forecasts with a lower MAE than both baselines.
int64_t sensorsBeatingBothBaselines(const EvaluationReport& report);
/// "sensors: HimNet's MAE is below both baselines' at 180 of 207; highest: 717446 (9.83), …"
/// and a line break; empty without sensors measured.
std::string sensorSummary(const EvaluationReport& report);
/// The sensors' errors as CSV: sensor, targets, then MAE, RMSE and MAPE of HimNet, the last
/// value and the historical average (the unit in the headers), then, with intervals, the share
/// of targets inside them (%) and their mean half-width, in the dataset's order; empty figures
/// for a sensor without targets.
std::string sensorMetricsCsv(const EvaluationReport& report);
/// Adds a sheet "Sensors" of the same columns (the workbook of the app's metrics).
void addSensorSheet(WorkbookWriter& book, const EvaluationReport& report);
/// Whether writeSensorMetrics and writeHourMetrics can write `path`: it ends in .csv or .xlsx,
/// in any case.
bool isMetricTablePath(const std::string& path);
/// Writes the sensors' errors to `path`: .csv, or .xlsx (a workbook of one sheet), whole or not
/// at all. InputError naming `path` for another extension, RuntimeFailure when it cannot be written.
void writeSensorMetrics(const EvaluationReport& report, const std::string& path);

/// The 24 hours of the day over `days`, each combining the report's hours of the week exactly
/// (as if measured together); empty when the report has none.
std::vector<HourMetrics> errorsByHour(const EvaluationReport& report, DaysOfWeek days = DaysOfWeek::All);
/// The same over `sensors` (indices in the dataset's order) alone, from the report's sums per
/// sensor; empty when it has none. Indices out of range are skipped.
std::vector<HourMetrics> errorsByHour(const EvaluationReport& report, DaysOfWeek days, const std::vector<int64_t>& sensors);
/// Whether HimNet's MAE in the hour is below both baselines' (never, without targets).
bool beatsBothBaselines(const HourMetrics& hour);
/// How many of `hours` have targets, and in how many of those HimNet beats both baselines.
int64_t hoursMeasured(const std::vector<HourMetrics>& hours);
int64_t hoursBeatingBothBaselines(const std::vector<HourMetrics>& hours);
/// Whether day `dayOfWeek` (Monday = 0) is among `days`.
bool daysInclude(DaysOfWeek days, int dayOfWeek);
/// "hours: HimNet's MAE is below both baselines' in 22 of 24 hours of the day; highest: 17:00
/// (5.12), …" and a line break; empty without hours measured.
std::string hourSummary(const EvaluationReport& report);
/// Hours' errors as CSV: days, hour ("08:00"), targets, then the figures of sensorMetricsCsv
/// (those of the intervals when `intervalLevel`, the intervals' level, is above 0), empty for
/// an hour without targets.
std::string hourMetricsCsv(const std::vector<HourMetrics>& hours, const std::string& unit, double intervalLevel = 0);
/// Adds a sheet "Hours" of the same columns, with the report's 168 hours of the week.
void addHourSheet(WorkbookWriter& book, const EvaluationReport& report);
/// Writes the 168 hours of the week to `path` (.csv or .xlsx) as writeSensorMetrics does.
void writeHourMetrics(const EvaluationReport& report, const std::string& path);

/// Stores `report` in the checkpoint, atomically: for a report of evaluateCheckpoint, whole
/// with its fingerprint, for evaluateCheckpoint to give back while weights and data stay the
/// same, beside those of the same weights and data at other interval levels (one per level),
/// its atOtherLevels too. /metrics (toJson) describes the report of the usual level when it
/// keeps one, else `report`.
void storeMetrics(const std::string& checkpointPath, const EvaluationReport& report);

/// The report stored in the checkpoint (storeMetrics) with intervals of `level`, or with 0 the
/// one its /metrics describes, whatever data it was measured on; none when it keeps none.
/// InputError naming the file when it cannot be read back.
std::optional<EvaluationReport> storedReport(const std::string& checkpointPath, double level = 0);

/// Whether evaluateCheckpoint may give back the report stored in the checkpoint.
enum class StoredReport {
    WhenCurrent, ///< when it was measured on the same weights, data and split (its fingerprint says)
    Ignore       ///< measure again in any case
};

/// While an evaluation measures: the windows measured so far, of all the split's, after each
/// batch (on the evaluating thread, which waits for it: a caller may do short work there).
using EvaluationProgress = std::function<void(int64_t measured, int64_t windows)>;

/// Evaluates the best weights of `checkpointPath` on `split` ("val" or "test") of `data`, or
/// gives back the report stored with them (see StoredReport), or else, when `keptReports`
/// names a folder, the one keepReport kept there for the same weights, data and split.
/// `onProgress` hears of each batch measured (not of a report given back). A test report's
/// forecast intervals are of `intervalLevel` (isIntervalLevel); a stored report of another
/// level is not given back. When the report is measured, it is measured at each of `alsoLevels`
/// too from the same pass (EvaluationReport::atOtherLevels; not again at `intervalLevel`).
/// Throws InputError when the checkpoint does not belong to this dataset's network, or for a
/// level out of range, and Cancelled between batches once `cancel` is set.
EvaluationReport evaluateCheckpoint(std::shared_ptr<const Dataset> data, const std::string& checkpointPath,
                                    const std::string& split = "test", DeviceKind device = DeviceKind::Auto,
                                    const CancelToken* cancel = nullptr, StoredReport stored = StoredReport::WhenCurrent,
                                    const std::string& keptReports = {}, const EvaluationProgress& onProgress = {},
                                    double intervalLevel = kIntervalLevel, const std::vector<double>& alsoLevels = {});

/// Keeps `report` (of evaluateCheckpoint) in `folder`, its atOtherLevels too, for
/// evaluateCheckpoint to give back while the weights and data stay the same: for model files
/// that are not to be written to.
/// One file per model and data, its levels beside each other as in a checkpoint, written
/// atomically; the folder keeps the `capacity` files most recently kept or given back. Throws
/// RuntimeFailure naming the file when it cannot be written.
void keepReport(const std::string& folder, const EvaluationReport& report, int capacity = 24);

} // namespace himnet
