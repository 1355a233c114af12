// The test errors by hour of the day (and of the week): when HimNet forecasts well and when a
// naive forecast does as well — the lines of `himnet evaluate`, its --hours file, and the sheet
// of the app's metrics workbook.
#include "himnet/evaluation.h"
#include "train/forecast_intervals.h"
#include "train/metric_tables.h"
#include "core/text.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iterator>

namespace himnet {
namespace {

std::string hourText(int hour)
{
    char text[8];
    std::snprintf(text, sizeof text, "%02d:00", hour);
    return text;
}

const char* daysName(DaysOfWeek days)
{
    switch (days) {
    case DaysOfWeek::Weekdays: return "weekdays";
    case DaysOfWeek::Weekends: return "weekends";
    case DaysOfWeek::All: break;
    }
    return "all days";
}

/// Sums of errors, from which the means of several cells combine exactly: MAE and MAPE are
/// means over the targets, RMSE the root of one.
struct ErrorSums {
    double abs = 0, sq = 0, pct = 0;
    void add(const ErrorMetrics& m, double targets)
    {
        abs += m.mae * targets;
        sq += m.rmse * m.rmse * targets;
        pct += m.mape * targets;
    }
    ErrorMetrics mean(double targets) const
    {
        if (targets <= 0) return {};
        return {abs / targets, std::sqrt(sq / targets), pct / targets};
    }
};

std::vector<std::string> hourColumns(const std::string& unit, double intervalLevel)
{
    std::vector<std::string> columns{"days", "hour", "targets"};
    for (auto& column : figureColumns(unit)) columns.push_back(std::move(column));
    for (auto& column : intervalColumns(intervalLevel, unit)) columns.push_back(std::move(column));
    return columns;
}

/// An hour's figures in hourColumns' order.
std::vector<double> hourFigures(const HourMetrics& h, double intervalLevel)
{
    std::vector<double> figures = figuresOf(h);
    if (intervalLevel > 0)
        for (double figure : intervalFiguresOf(h.interval)) figures.push_back(figure);
    return figures;
}

} // namespace

std::vector<HourMetrics> errorsByHour(const EvaluationReport& r, DaysOfWeek days)
{
    if (r.hoursOfWeek.empty()) return {};
    std::array<ErrorSums, 24> model, last, average;
    std::array<CoverageSums, 24> coverage;
    std::array<int64_t, 24> targets{};
    for (size_t i = 0; i < r.hoursOfWeek.size(); ++i) {
        const HourMetrics& cell = r.hoursOfWeek[i];
        if (!daysInclude(days, static_cast<int>(i / 24)) || cell.targets == 0) continue;
        const auto h = static_cast<size_t>(cell.hour);
        const double n = static_cast<double>(cell.targets);
        model[h].add(cell.model, n);
        last[h].add(cell.lastValue, n);
        average[h].add(cell.historicalAverage, n);
        coverage[h].add(cell.interval);
        targets[h] += cell.targets;
    }
    std::vector<HourMetrics> hours;
    for (size_t h = 0; h < 24; ++h) {
        const double n = static_cast<double>(targets[h]);
        hours.push_back({daysName(days), static_cast<int>(h), targets[h], model[h].mean(n), last[h].mean(n), average[h].mean(n),
                         coverage[h].coverage()});
    }
    return hours;
}

std::vector<HourMetrics> errorsByHour(const EvaluationReport& r, DaysOfWeek days, const std::vector<int64_t>& sensors)
{
    const SensorHourSums& sums = r.sensorHours;
    const auto cells = static_cast<size_t>(168 * std::max<int64_t>(sums.sensors, 0));
    if (cells == 0 || sums.targets.size() != cells) return {};
    for (size_t f = 0; f < 3; ++f)
        if (sums.abs[f].size() != cells || sums.squares[f].size() != cells || sums.fractions[f].size() != cells) return {};
    std::array<std::array<ErrorSums, 24>, 3> forecasters;
    std::array<CoverageSums, 24> coverage;
    std::array<int64_t, 24> targets{};
    const bool withIntervals = sums.covered.size() == sums.targets.size() && sums.halfWidths.size() == sums.targets.size();
    for (size_t c = 0; c < 168; ++c) {
        if (!daysInclude(days, static_cast<int>(c / 24))) continue;
        const size_t h = c % 24;
        for (int64_t n : sensors) {
            if (n < 0 || n >= sums.sensors) continue;
            const size_t i = c * static_cast<size_t>(sums.sensors) + static_cast<size_t>(n);
            targets[h] += static_cast<int64_t>(sums.targets[i]);
            for (size_t f = 0; f < 3; ++f) {
                forecasters[f][h].abs += sums.abs[f][i];
                forecasters[f][h].sq += sums.squares[f][i];
                forecasters[f][h].pct += 100.0 * sums.fractions[f][i];
            }
            if (withIntervals) coverage[h].add(sums.targets[i], sums.covered[i], sums.halfWidths[i]);
        }
    }
    std::vector<HourMetrics> hours;
    for (size_t h = 0; h < 24; ++h) {
        const double n = static_cast<double>(targets[h]);
        hours.push_back({daysName(days), static_cast<int>(h), targets[h], forecasters[0][h].mean(n), forecasters[1][h].mean(n),
                         forecasters[2][h].mean(n), coverage[h].coverage()});
    }
    return hours;
}

bool beatsBothBaselines(const HourMetrics& hour) { return modelBeatsBoth(hour); }

int64_t hoursMeasured(const std::vector<HourMetrics>& hours)
{
    return std::count_if(hours.begin(), hours.end(), [](const HourMetrics& h) { return h.targets > 0; });
}

int64_t hoursBeatingBothBaselines(const std::vector<HourMetrics>& hours)
{
    return std::count_if(hours.begin(), hours.end(), [](const HourMetrics& h) { return beatsBothBaselines(h); });
}

bool daysInclude(DaysOfWeek days, int dayOfWeek)
{
    const bool weekend = dayOfWeek >= 5; // Saturday, Sunday
    return days == DaysOfWeek::All || (days == DaysOfWeek::Weekends) == weekend;
}

std::string hourSummary(const EvaluationReport& r)
{
    const std::vector<HourMetrics> hours = errorsByHour(r);
    std::vector<HourMetrics> measured;
    std::copy_if(hours.begin(), hours.end(), std::back_inserter(measured), [](const HourMetrics& h) { return h.targets > 0; });
    if (measured.empty()) return {};
    std::string text = "hours: HimNet's MAE is below both baselines' in " + std::to_string(hoursBeatingBothBaselines(hours)) + " of "
        + std::to_string(measured.size()) + " hours of the day; highest:";
    std::stable_sort(measured.begin(), measured.end(), [](const HourMetrics& a, const HourMetrics& b) { return a.model.mae > b.model.mae; });
    for (size_t i = 0; i < std::min<size_t>(3, measured.size()); ++i)
        text += (i == 0 ? " " : ", ") + hourText(measured[i].hour) + " (" + formatDecimal(measured[i].model.mae, 2, true) + ")";
    return text + "\n";
}

std::string hourMetricsCsv(const std::vector<HourMetrics>& hours, const std::string& unit, double intervalLevel)
{
    std::vector<std::string> header;
    for (const auto& column : hourColumns(unit, intervalLevel)) header.push_back(csvField(column));
    std::string csv = joined(header, ",") + "\n";
    for (const HourMetrics& h : hours) {
        csv += csvField(h.days) + "," + hourText(h.hour) + "," + std::to_string(h.targets);
        for (double figure : hourFigures(h, intervalLevel)) csv += "," + (h.targets > 0 ? formatDecimal(figure, 4, true) : std::string());
        csv += '\n';
    }
    return csv;
}

void addHourSheet(WorkbookWriter& book, const EvaluationReport& r)
{
    book.addSheet("Hours", hourColumns(r.unit, r.intervals.level));
    for (const HourMetrics& h : r.hoursOfWeek) {
        std::vector<SheetCell> row{h.days, hourText(h.hour), static_cast<double>(h.targets)};
        if (h.targets > 0)
            for (double figure : hourFigures(h, r.intervals.level)) row.emplace_back(figure);
        book.addRow(row);
    }
}

void writeHourMetrics(const EvaluationReport& r, const std::string& path)
{
    writeMetricTable(
        path, "the hours' metrics", [&] { return hourMetricsCsv(r.hoursOfWeek, r.unit, r.intervals.level); },
        [&](WorkbookWriter& book) { addHourSheet(book, r); });
}

} // namespace himnet
