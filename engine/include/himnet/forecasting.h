#pragma once
// Forecasts from a trained model: the next Q steps after any time index of the data,
// and their export to CSV, HDF5 and Excel workbooks.
#include "himnet/dataset.h"
#include "himnet/evaluation.h"
#include "himnet/runtime.h"

#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace himnet {

struct Forecast {
    std::string datasetName;
    std::string quantity, unit;        ///< what the values measure and their unit (Dataset's; may be empty)
    int64_t lastObserved = 0;          ///< index of the last input step; forecasts start after it
    std::vector<int64_t> timestamps;   ///< Q forecast times (UTC seconds)
    std::vector<std::string> sensorIds;
    int64_t horizon = 0, sensors = 0;
    std::vector<float> values;         ///< (Q, N) forecast, in the data's unit
    std::vector<float> actual;         ///< (Q, N) observed value; NaN where missing or beyond the data
    /// Its interval (Forecaster::setIntervals): `intervalLevel` (0.9) of the errors fall
    /// within lower … upper, (Q, N) each; level 0 and both empty without one.
    double intervalLevel = 0;
    std::vector<float> lower, upper;
    bool hasInterval() const { return !lower.empty(); }
    float lowerValue(int64_t q, int64_t n) const { return lower[static_cast<size_t>(q * sensors + n)]; }
    float upperValue(int64_t q, int64_t n) const { return upper[static_cast<size_t>(q * sensors + n)]; }
    float value(int64_t q, int64_t n) const { return values[static_cast<size_t>(q * sensors + n)]; }
    float actualValue(int64_t q, int64_t n) const { return actual[static_cast<size_t>(q * sensors + n)]; }
};

/// The period of the series a model was trained on, as LoadOptions::from and until read it:
/// UTC seconds, `until` the step after its last.
struct TrainedPeriod {
    int64_t from = 0;
    int64_t until = 0;
};

class Forecaster {
public:
    /// Loads the best weights of `checkpointPath` for `data` (InputError when they do not match,
    /// or `data` holds fewer steps than one forecast needs before it: the latest hours of a
    /// feed are enough).
    Forecaster(std::shared_ptr<const Dataset> data, const std::string& checkpointPath, DeviceKind device = DeviceKind::Auto);
    ~Forecaster();
    Forecaster(const Forecaster&) = delete;
    Forecaster& operator=(const Forecaster&) = delete;

    /// From now on every forecast carries its interval: the forecast ± `intervals`' half-width
    /// of its step and sensor (those of the model's test report, evaluateCheckpoint's). Empty
    /// intervals: none again. InputError when they are of other sensors or fewer steps.
    void setIntervals(const ForecastIntervals& intervals);
    /// The level of the intervals forecasts carry; 0 without.
    double intervalLevel() const;

    /// Forecast from the 12 steps ending at `lastObserved` (from inSteps - 1 to the last step).
    Forecast at(int64_t lastObserved) const;
    /// Forecasts for several origins, a pass of the model at a time (forEachPass).
    std::vector<Forecast> at(const std::vector<int64_t>& lastObserved) const;
    /// The forecasts from `lastObserved`, in order, handed to `sink` a pass of the model (16
    /// origins) at a time, each pass's before the next is made: what a caller keeps of them is
    /// all they hold in memory. InputError naming the data, before the first pass, when an
    /// origin has too few steps before it or lies past the last step.
    void forEachPass(const std::vector<int64_t>& lastObserved, const std::function<void(std::vector<Forecast>&)>& sink) const;
    /// Steps ahead of each forecast (the model's horizon) and sensors forecast.
    int64_t horizon() const;
    int64_t sensorCount() const;
    /// The origins of every window of the training's split "val" or "test": the windows
    /// `evaluateCheckpoint` measures, so that forecasts from them score as its report does.
    /// InputError naming the file when the data holds none (noTestPeriod's reason).
    const std::vector<int64_t>& splitOrigins(const std::string& split) const;
    /// The step whose timestamp is `timestamp` (InputError when none is).
    int64_t indexOf(int64_t timestamp) const;
    int64_t firstOrigin() const;
    int64_t lastOrigin() const;
    /// Index of the first test window's last input step, for "forecast the test period"; the
    /// first origin for a series too short for the training's splits.
    int64_t firstTestOrigin() const;
    /// Why the data has no test period to measure the model on (too short for the training's
    /// splits), naming the file; empty when it has one.
    const std::string& noTestPeriod() const;
    /// The period the model was trained on; unset when its checkpoint does not keep it.
    std::optional<TrainedPeriod> trainedPeriod() const;
    /// Why the data, read over another period than the model's training, measures it badly:
    /// some test windows forecast steps it trained on (their scores flatter it), or there is
    /// no test period at all (the windows it keeps number other steps, or the period is too
    /// short). Says how to read the data as for its training; empty when read over its period.
    const std::string& otherPeriodNote() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

/// Forecast files: by the name's extension, .csv a CSV table with header
/// timestamp,sensor,horizon,forecast,actual (actual empty where unknown); .h5/.hdf5 HDF5 with
/// /forecast and /actual (F, Q, N), /timestamps (F, Q) int64, /last_observed (F), /sensor_ids
/// and the dataset, quantity and unit as attributes; .xlsx an Excel workbook with a sheet
/// "Forecast" (time as date cells, sensor, horizon in steps and minutes, forecast and actual
/// headed with their unit; actual empty where unknown) and a sheet "About" (dataset, quantity,
/// unit, the last observed time of each origin's forecast, the producer). Forecasts with an
/// interval add its bounds: CSV columns lower_90,upper_90; HDF5 /lower and /upper (F, Q, N)
/// and an attribute interval_level; workbook columns "90 % lower", "90 % upper" and an About
/// row. All forecasts of a file have an interval of the same level, or none.

/// Whether writeForecastFile writes `path`: it ends in .csv, .h5, .hdf5 or .xlsx, in any case.
bool isForecastFilePath(const std::string& path);
/// `forecasts` (of one dataset and model) written to `path` in the format of its name;
/// InputError naming `path` for another name, which would have been written as CSV under a
/// name that says otherwise. An earlier file at `path` is replaced only once the new one is whole.
void writeForecastFile(const std::vector<Forecast>& forecasts, const std::string& path);
/// The forecasts from `origins` written to `path` (as above) as the model makes them, a pass
/// at a time: memory stays that of one pass however many origins there are. The name, the
/// origins and, for a workbook, its rows (Excel's 1 048 576 a sheet) are checked before the
/// first forecast; `progress` hears how many forecasts are written after each pass.
void writeForecastFile(const Forecaster& forecaster, const std::vector<int64_t>& origins, const std::string& path,
                       const std::function<void(int64_t written)>& progress = {});

} // namespace himnet
