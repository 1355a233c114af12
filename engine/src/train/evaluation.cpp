#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "train/kept_reports.h"
#include "train/baselines.h"
#include "train/metrics.h"
#include "train/metrics_json.h"
#include "train/stored_evaluation.h"
#include "train/trained_model.h"
#include "train/trained_period.h"
#include "train/training_plan.h"
#include "train/evaluation_internal.h"
#include "train/forecast_intervals.h"
#include "core/json_text.h"
#include "core/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <optional>
#include <sstream>

namespace himnet {
namespace {

/// The mean magnitude of the present readings.
double meanMagnitude(const Dataset& data)
{
    double sum = 0;
    int64_t count = 0;
    for (float v : data.values)
        if (v != data.missingValue) {
            sum += std::abs(static_cast<double>(v));
            ++count;
        }
    return count > 0 ? sum / static_cast<double>(count) : 0.0;
}

constexpr int64_t kHoursOfWeek = 7 * 24;

/// (B, Q) each: the hour of the week (day * 24 + hour, Monday 0:00 = 0) and the time of day
/// in seconds of each window's targets.
struct TargetTimes {
    torch::Tensor hourOfWeek, secondOfDay;
};

TargetTimes timesOfTargets(const WindowedData& windows, const std::vector<int64_t>& starts)
{
    const int64_t Q = windows.options().outSteps, interval = windows.dataset().intervalSeconds;
    std::vector<int64_t> hours, seconds;
    hours.reserve(starts.size() * static_cast<size_t>(Q));
    seconds.reserve(hours.capacity());
    for (int64_t start : starts)
        for (int64_t q = 0; q < Q; ++q) {
            const auto t = static_cast<size_t>(start + windows.options().inSteps + q);
            seconds.push_back(windows.slots()[t] * interval);
            hours.push_back(windows.daysOfWeek()[t] * 24 + seconds.back() / 3600);
        }
    const int64_t B = static_cast<int64_t>(starts.size());
    return {torch::tensor(hours, torch::kLong).view({B, Q}), torch::tensor(seconds, torch::kLong).view({B, Q})};
}

/// Each sensor's sums per hour of the week, of HimNet's and the baselines' accumulators.
SensorHourSums sensorHourSums(int64_t sensors, const std::array<const MetricAccumulator*, 3>& forecasters)
{
    SensorHourSums sums;
    sums.sensors = sensors;
    const auto values = [](const torch::Tensor& t) {
        const torch::Tensor c = t.contiguous();
        return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
    };
    for (size_t f = 0; f < 3; ++f) {
        const MetricAccumulator::CellSums cells = forecasters[f]->cellSums();
        if (!cells.abs.defined()) return {}; // no window evaluated
        if (f == 0) sums.targets = values(cells.count);
        sums.abs[f] = values(cells.abs);
        sums.squares[f] = values(cells.sq);
        sums.fractions[f] = values(cells.pct);
    }
    return sums;
}

} // namespace

std::vector<EvaluationReport> evaluateModel(HimNetImpl& model, const WindowedData& windows, Split split, const torch::Device& device,
                                           const CancelToken* cancel, const EvaluationProgress& onProgress,
                                           const std::vector<double>& intervalLevels)
{
    if (intervalLevels.empty()) throw std::invalid_argument("evaluateModel: no interval level given");
    const int64_t Q = windows.options().outSteps;
    const Dataset& data = windows.dataset();
    const double missing = data.missingValue;
    const double nearZero = 0.01 * meanMagnitude(data);
    MetricAccumulator ours(Q, missing, nearZero, kHoursOfWeek), last(Q, missing, 0, kHoursOfWeek), average(Q, missing, 0, kHoursOfWeek);
    const HistoricalAverage historical(windows);
    const int64_t count = windows.count(split);
    // The test split's intervals are calibrated on the validation windows, measured first.
    const int64_t calibrationCount = split == Split::Test ? windows.count(Split::Val) : 0;
    int64_t measured = 0;
    const auto measuredBatch = [&](const Batch& batch) {
        measured += static_cast<int64_t>(batch.starts.size());
        if (onProgress) onProgress(measured, calibrationCount + count);
    };
    // A validation report has no intervals: one report, whatever the levels.
    std::vector<ForecastIntervals> intervals(split == Split::Test ? intervalLevels.size() : 1);
    if (calibrationCount > 0) {
        ConformalCalibration calibration(Q, data.numNodes, missing, hourFactorsOf(windows));
        forEachPrediction(model, windows, Split::Val, 64, device, [&](const Batch& batch, const torch::Tensor& prediction) {
            calibration.add(prediction, batch.target, timesOfTargets(windows, batch.starts).secondOfDay);
            measuredBatch(batch);
        }, cancel);
        for (size_t l = 0; l < intervals.size(); ++l)
            intervals[l] = calibration.intervals(intervalLevels[l], splitName(Split::Val), calibrationCount);
    } else if (split == Split::Test) {
        for (ForecastIntervals& none : intervals) none.missing = "the training left no validation windows to calibrate them on";
    }
    // One count per level, of the same predictions: the levels cost no pass over the data.
    std::vector<std::optional<IntervalCoverageCount>> coverage(intervals.size());
    for (size_t l = 0; l < intervals.size(); ++l)
        if (!intervals[l].empty()) coverage[l].emplace(intervals[l], missing);
    forEachPrediction(model, windows, split, 64, device, [&](const Batch& batch, const torch::Tensor& prediction) {
        const torch::Tensor target = batch.target.to(torch::kCPU);
        const TargetTimes times = timesOfTargets(windows, batch.starts);
        ours.add(prediction, target, times.hourOfWeek);
        last.add(lastValueForecast(windows, batch.starts), target, times.hourOfWeek);
        average.add(historical.forecast(batch.starts), target, times.hourOfWeek);
        for (auto& ofLevel : coverage)
            if (ofLevel) ofLevel->add(prediction, target, times.hourOfWeek, times.secondOfDay);
        measuredBatch(batch);
    }, cancel);
    EvaluationReport r;
    r.split = splitName(split);
    r.windows = count;
    const SplitPeriod period = periodOf(data, windows.starts(split), windows.options().inSteps + Q);
    r.firstTime = period.firstTime;
    r.lastTime = period.lastTime;
    r.intervalSeconds = windows.dataset().intervalSeconds;
    r.unit = windows.dataset().unit;
    r.all = ours.overall();
    r.lastValue = last.overall();
    r.historicalAverage = average.overall();
    for (int64_t q = 0; q < Q; ++q) r.horizons.push_back({q + 1, ours.step(q), last.step(q), average.step(q)});
    for (int64_t n = 0; n < data.numNodes; ++n)
        r.sensors.push_back({data.sensorIds.at(static_cast<size_t>(n)), ours.sensorTargets(n), ours.sensor(n), last.sensor(n), average.sensor(n), {}});
    for (int64_t c = 0; c < kHoursOfWeek; ++c)
        r.hoursOfWeek.push_back({dayOfWeekName(c / 24), static_cast<int>(c % 24), ours.cellTargets(c), ours.cell(c), last.cell(c), average.cell(c), {}});
    r.sensorHours = sensorHourSums(data.numNodes, {&ours, &last, &average});
    if (historical.fallbackCells() > 0) {
        char note[200];
        std::snprintf(note, sizeof note,
                      "historical average: %.1f %% of (slot of week, sensor) cells never occur in the training period and fall back "
                      "to the same slot on similar days",
                      100.0 * static_cast<double>(historical.fallbackCells()) / static_cast<double>(historical.cells()));
        r.notes.push_back(note);
    }
    if (ours.nearZeroMapeShare() > 0.5) {
        char caveat[400];
        std::snprintf(caveat, sizeof caveat,
                      "MAPE: %.0f %% of HimNet's comes from the %.1f %% of targets below %.2g%s (1 %% of the mean %s), where a "
                      "small error is a large percentage; MAE and RMSE say more",
                      100.0 * ours.nearZeroMapeShare(), 100.0 * ours.nearZeroTargetShare(), nearZero,
                      data.unit.empty() ? "" : (" " + data.unit).c_str(), data.quantityName().c_str());
        r.mapeCaveat = caveat;
    }
    std::vector<EvaluationReport> reports;
    for (size_t l = 0; l < intervals.size(); ++l) {
        EvaluationReport atLevel = l + 1 < intervals.size() ? EvaluationReport(r) : std::move(r); // the last takes r
        if (coverage[l]) {
            coverage[l]->fill(intervals[l]);
            if (!atLevel.sensorHours.targets.empty()) coverage[l]->fill(atLevel.sensorHours);
        }
        atLevel.intervals = std::move(intervals[l]);
        addIntervalCoverageOfCells(atLevel);
        if (!atLevel.intervals.missing.empty()) atLevel.notes.insert(atLevel.notes.begin(), "no forecast intervals: " + atLevel.intervals.missing);
        reports.push_back(std::move(atLevel));
    }
    return reports;
}

EvaluationReport evaluateModel(HimNetImpl& model, const WindowedData& windows, Split split, const torch::Device& device,
                               const CancelToken* cancel, const EvaluationProgress& onProgress, double intervalLevel)
{
    return std::move(evaluateModel(model, windows, split, device, cancel, onProgress, std::vector<double>{intervalLevel}).front());
}

EvaluationReport evaluateCheckpoint(std::shared_ptr<const Dataset> data, const std::string& checkpointPath,
                                    const std::string& split, DeviceKind device, const CancelToken* cancel, StoredReport stored,
                                    const std::string& keptReports, const EvaluationProgress& onProgress, double intervalLevel,
                                    const std::vector<double>& alsoLevels)
{
    if (split != "val" && split != "test") throw InputError("unknown split '" + split + "': expected val or test");
    if (!isIntervalLevel(intervalLevel))
        throw InputError("forecast intervals of " + formatDecimal(100 * intervalLevel, 4, false) + " %: the level must be from 50 % to 99.9 %");
    TrainedModel trained = loadTrainedModel(checkpointPath, *data, device);
    const auto windows = windowsFor(trained, data);
    const Split which = split == "val" ? Split::Val : Split::Test;
    const EvaluationFingerprints fingerprints = evaluationFingerprints(trained, *windows, which, intervalLevel);
    const std::string& fingerprint = fingerprints.ofLevel;
    std::string unreadable;
    if (const StoredEvaluation* kept = storedEvaluationWith(trained.checkpoint, fingerprint); kept && stored == StoredReport::WhenCurrent) {
        try {
            return checkpointReport(*kept, checkpointPath);
        } catch (const InputError& e) {
            unreadable = e.what();
        }
    }
    if (stored == StoredReport::WhenCurrent)
        if (const std::optional<StoredEvaluation> kept = keptReportFor(keptReports, fingerprints.usualLevel, fingerprint)) {
            try {
                EvaluationReport r = reportOf(*kept, keptReportPath(keptReports, fingerprints.usualLevel));
                r.fromKeptReports = true;
                return r;
            } catch (const InputError&) { // written by a later version, say: measured again, and kept anew
            }
        }
    std::vector<double> levels{intervalLevel};
    if (which == Split::Test)
        for (double level : alsoLevels) {
            if (!isIntervalLevel(level))
                throw InputError("forecast intervals of " + levelPercent(level) + " %: the level must be from 50 % to 99.9 %");
            if (std::none_of(levels.begin(), levels.end(), [&](double l) { return sameIntervalLevel(l, level); })) levels.push_back(level);
        }
    std::vector<EvaluationReport> reports = evaluateModel(*trained.model, *windows, which, trained.device, cancel, onProgress, levels);
    const std::string trainedSteps = trainedStepsNote(trained, *windows, which);
    for (size_t l = 0; l < reports.size(); ++l) {
        EvaluationReport& r = reports[l];
        r.notes.insert(r.notes.begin(), trained.context.describe());
        if (!trained.options.holidays.empty())
            r.notes.insert(r.notes.begin() + 1, "holidays: " + trained.options.holidays.describe() + " (the hours of the week count theirs as Sunday's)");
        if (!trainedSteps.empty()) r.notes.push_back(trainedSteps);
        if (!unreadable.empty() && l == 0) r.notes.push_back(unreadable + "; measured again");
        r.fingerprint = fingerprints.atLevel(levels[l]);
        r.usualLevelFingerprint = fingerprints.usualLevel;
    }
    EvaluationReport r = std::move(reports.front());
    std::move(reports.begin() + 1, reports.end(), std::back_inserter(r.atOtherLevels));
    return r;
}

std::optional<EvaluationReport> storedReport(const std::string& checkpointPath, double level)
{
    std::optional<StoredEvaluation> described;
    std::vector<StoredEvaluation> otherLevels;
    readCheckpointEvaluations(checkpointPath, described, otherLevels);
    const StoredEvaluation* kept = storedEvaluationAtLevel(described, otherLevels, level);
    if (!kept) return std::nullopt;
    return checkpointReport(*kept, checkpointPath);
}

void storeMetrics(const std::string& checkpointPath, const EvaluationReport& report)
{
    Checkpoint c = readCheckpoint(checkpointPath);
    if (report.fingerprint.empty()) {
        c.metrics = toJson(report);
    } else {
        // The other levels first: `report` is the most recently stored, the last to go.
        std::vector<const EvaluationReport*> stored;
        for (const EvaluationReport& other : report.atOtherLevels) stored.push_back(&other);
        stored.push_back(&report);
        for (const EvaluationReport* r : stored) keepStoredEvaluation(c, storedEvaluationOf(*r));
        for (const EvaluationReport* r : stored)
            if (c.evaluation->fingerprint == r->fingerprint) c.metrics = toJson(*r);
    }
    writeCheckpoint(checkpointPath, c);
}

namespace {

/// A row of errors compared: `row` and, with targets, HimNet's figures and the baselines', and
/// with intervals their coverage.
template <class Row>
nlohmann::json comparedJson(nlohmann::json row, const Row& errors)
{
    row["targets"] = errors.targets;
    if (errors.targets > 0) { // none: no errors, rather than errors of 0
        row.update(metricsJson(errors.model));
        row["last_value"] = metricsJson(errors.lastValue);
        row["historical_average"] = metricsJson(errors.historicalAverage);
    }
    if (errors.interval.targets > 0)
        row["interval"] = {{"coverage", errors.interval.covered}, {"mean_half_width", errors.interval.meanHalfWidth}};
    return row;
}

nlohmann::json coverageRowJson(const IntervalCoverage& c)
{
    return {{"targets", c.targets}, {"coverage", c.covered}, {"mean_half_width", c.meanHalfWidth}};
}

/// null without intervals; else their level, calibration and coverage, over all steps and per step.
nlohmann::json intervalsJson(const ForecastIntervals& intervals)
{
    if (intervals.empty()) return nullptr;
    nlohmann::json horizons = nlohmann::json::array();
    for (const auto& step : intervals.steps) {
        nlohmann::json row = coverageRowJson(step);
        row["step"] = step.step;
        horizons.push_back(std::move(row));
    }
    nlohmann::json hours = nlohmann::json::array();
    for (size_t hour = 0; hour < intervals.hours.size(); ++hour) {
        nlohmann::json row = coverageRowJson(intervals.hours[hour]);
        row["hour"] = hour;
        hours.push_back(std::move(row));
    }
    nlohmann::json j = coverageRowJson(intervals.all);
    nlohmann::json factors = nlohmann::json::array(); // [step][hour]
    for (int64_t q = 0; q < intervals.horizon; ++q) {
        std::vector<double> row(24, 1.0);
        if (!intervals.hourFactors.empty())
            for (int h = 0; h < 24; ++h) row[static_cast<size_t>(h)] = intervals.hourFactors[static_cast<size_t>(q * 24 + h)];
        factors.push_back(row);
    }
    j.update({{"hours", hours},
              {"hour_factors", factors},
              {"level", intervals.level},
              {"calibration_split", intervals.calibrationSplit},
              {"calibration_windows", intervals.calibrationWindows},
              {"pooled_cells", intervals.pooledCells},
              {"horizons", horizons}});
    return j;
}

} // namespace

std::string hoursHeldLeast(const ForecastIntervals& intervals, size_t count)
{
    std::vector<int> hours; // of the day, with targets
    for (size_t hour = 0; hour < intervals.hours.size(); ++hour)
        if (intervals.hours[hour].targets > 0) hours.push_back(static_cast<int>(hour));
    const auto held = [&](int hour) { return intervals.hours[static_cast<size_t>(hour)].covered; };
    std::stable_sort(hours.begin(), hours.end(), [&](int a, int b) { return held(a) < held(b); });
    std::string text;
    char item[64];
    for (size_t k = 0; k < std::min(count, hours.size()); ++k) {
        std::snprintf(item, sizeof item, "%s%02d:00 (%.1f %%)", k == 0 ? "" : ", ", hours[k], 100 * held(hours[k]));
        text += item;
    }
    return text;
}

std::string levelPercent(double level) { return formatDecimal(100 * level, 4, false); }

std::string intervalSummary(const EvaluationReport& r)
{
    const ForecastIntervals& in = r.intervals;
    if (in.empty() || in.all.targets == 0) return {};
    std::ostringstream out;
    char text[160];
    std::snprintf(text, sizeof text, "intervals: %s %% (calibrated on %lld %s windows) held %.1f %% of %s targets",
                  levelPercent(in.level).c_str(), static_cast<long long>(in.calibrationWindows),
                  in.calibrationSplit == "val" ? "validation" : in.calibrationSplit.c_str(), 100 * in.all.covered, r.split.c_str());
    out << text;
    std::string steps;
    for (const auto& step : in.steps) {
        if (step.step != 3 && step.step != 6 && step.step != 12) continue;
        std::snprintf(text, sizeof text, "%sstep %lld: %.1f %%", steps.empty() ? "" : ", ", static_cast<long long>(step.step),
                      100 * step.covered);
        steps += text;
    }
    if (!steps.empty()) out << " (" << steps << ")";
    std::snprintf(text, sizeof text, "; mean half-width %.2f%s", in.all.meanHalfWidth, r.unit.empty() ? "" : (" " + r.unit).c_str());
    out << text << "\n";
    if (const std::string least = hoursHeldLeast(in, 3); !least.empty()) out << "intervals held least at " << least << "\n";
    if (const std::string least = sensorsHeldLeast(r, 5); !least.empty()) out << "intervals held least at sensors " << least << "\n";
    return out.str();
}

std::string toJson(const EvaluationReport& r)
{
    nlohmann::json horizons = nlohmann::json::array();
    nlohmann::json lastHorizons = nlohmann::json::array(), averageHorizons = nlohmann::json::array();
    for (const auto& h : r.horizons) {
        nlohmann::json row = metricsJson(h.model);
        row["step"] = h.step;
        horizons.push_back(row);
        nlohmann::json lastRow = metricsJson(h.lastValue), averageRow = metricsJson(h.historicalAverage);
        lastRow["step"] = h.step;
        averageRow["step"] = h.step;
        lastHorizons.push_back(lastRow);
        averageHorizons.push_back(averageRow);
    }
    nlohmann::json sensors = nlohmann::json::array(), hours = nlohmann::json::array(), hoursOfWeek = nlohmann::json::array();
    for (size_t n = 0; n < r.sensors.size(); ++n) {
        nlohmann::json row = comparedJson({{"id", r.sensors[n].id}}, r.sensors[n]);
        if (!r.intervals.empty() && static_cast<int64_t>(n) < r.intervals.sensors) {
            std::vector<double> halfWidths; // at a factor of 1: intervals.hour_factors give each hour's
            for (int64_t q = 0; q < r.intervals.horizon; ++q)
                halfWidths.push_back(r.intervals.halfWidths[static_cast<size_t>(q * r.intervals.sensors) + n]);
            row["interval_half_widths"] = halfWidths;
        }
        sensors.push_back(std::move(row));
    }
    for (const auto& hour : errorsByHour(r)) hours.push_back(comparedJson({{"hour", hour.hour}}, hour));
    for (const auto& hour : r.hoursOfWeek) hoursOfWeek.push_back(comparedJson({{"day", hour.days}, {"hour", hour.hour}}, hour));
    nlohmann::json last = metricsJson(r.lastValue), average = metricsJson(r.historicalAverage);
    last["horizons"] = lastHorizons;
    average["horizons"] = averageHorizons;
    return nlohmann::json{{"all", metricsJson(r.all)},
                          {"horizons", horizons},
                          {"sensors", sensors},
                          {"hours", hours},
                          {"hours_of_week", hoursOfWeek},
                          {"baselines", {{"last_value", last}, {"historical_average", average}}},
                          {"split", r.split},
                          {"windows", r.windows},
                          {"period", {{"from", formatTimestamp(r.firstTime)}, {"to", formatTimestamp(r.lastTime)}}},
                          {"unit", textOrNull(r.unit)},
                          {"notes", r.notes},
                          {"mape_caveat", textOrNull(r.mapeCaveat)},
                          {"intervals", intervalsJson(r.intervals)},
                          {"from_checkpoint", r.fromCheckpoint}}
        .dump(2);
}

std::string toTable(const EvaluationReport& r)
{
    std::ostringstream out;
    char line[256];
    const std::string unit = r.unit.empty() ? "" : " (" + r.unit + ")";
    std::snprintf(line, sizeof line, "%s split, %lld windows (%s to %s). MAE / RMSE%s / MAPE %%\n", r.split.c_str(),
                  static_cast<long long>(r.windows), minuteText(r.firstTime).c_str(), minuteText(r.lastTime).c_str(), unit.c_str());
    out << line;
    std::snprintf(line, sizeof line, "%-18s %-24s %-24s %-24s\n", "horizon", "HimNet", "last value", "historical average");
    out << line;
    auto cell = [](const ErrorMetrics& m) {
        char text[64];
        std::snprintf(text, sizeof text, "%6.2f / %6.2f / %6.2f", m.mae, m.rmse, m.mape);
        return std::string(text);
    };
    for (const auto& h : r.horizons) {
        if (!isTableStep(h.step, static_cast<int64_t>(r.horizons.size()))) continue;
        char label[64];
        std::snprintf(label, sizeof label, "step %lld (%lld min)", static_cast<long long>(h.step),
                      static_cast<long long>(h.step * r.intervalSeconds / 60));
        std::snprintf(line, sizeof line, "%-18s %-24s %-24s %-24s\n", label, cell(h.model).c_str(), cell(h.lastValue).c_str(),
                      cell(h.historicalAverage).c_str());
        out << line;
    }
    std::snprintf(line, sizeof line, "%-18s %-24s %-24s %-24s\n", "all", cell(r.all).c_str(), cell(r.lastValue).c_str(),
                  cell(r.historicalAverage).c_str());
    out << line;
    out << intervalSummary(r) << sensorSummary(r) << hourSummary(r);
    for (const auto& note : r.notes) out << "note: " << note << "\n";
    if (!r.mapeCaveat.empty()) out << "note: " << r.mapeCaveat << "\n";
    if (r.fromCheckpoint) out << "note: as stored in the checkpoint when measured on the same weights and data\n";
    return out.str();
}

} // namespace himnet
