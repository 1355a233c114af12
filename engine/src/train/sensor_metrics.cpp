// Each sensor's test errors, HimNet against the two baselines: the lines of `himnet evaluate`,
// its --sensors file, and the sheet of the app's metrics workbook; and what the hours' table
// shares with it (metric_tables.h).
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "train/metric_tables.h"
#include "core/text.h"
#include "io/replace_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace himnet {
namespace {

std::vector<std::string> sensorColumns(const EvaluationReport& r)
{
    std::vector<std::string> columns{"sensor", "targets"};
    for (auto& column : figureColumns(r.unit)) columns.push_back(std::move(column));
    for (auto& column : intervalColumns(r.intervals.level, r.unit)) columns.push_back(std::move(column));
    return columns;
}

/// Each sensor's figures in sensorColumns' order: the errors, then its intervals' coverage.
std::vector<double> sensorFigures(const EvaluationReport& r, const SensorMetrics& s)
{
    std::vector<double> figures = figuresOf(s);
    if (r.intervals.level > 0)
        for (double figure : intervalFiguresOf(s.interval)) figures.push_back(figure);
    return figures;
}

bool heldLessThan(const SensorMetrics* a, const SensorMetrics* b) { return a->interval.covered < b->interval.covered; }

} // namespace

std::vector<std::string> figureColumns(const std::string& unit)
{
    const std::string inUnit = unit.empty() ? "" : " (" + unit + ")";
    std::vector<std::string> columns;
    for (const char* forecaster : {"HimNet", "Last value", "Hist. avg"})
        for (const std::string& figure : {"MAE" + inUnit, "RMSE" + inUnit, std::string("MAPE %")})
            columns.push_back(std::string(forecaster) + " " + figure);
    return columns;
}

std::vector<std::string> intervalColumns(double level, const std::string& unit)
{
    if (level <= 0) return {};
    const std::string percent = levelPercent(level) + " % interval ";
    return {percent + "held %", percent + "half-width" + (unit.empty() ? "" : " (" + unit + ")")};
}

bool isMetricTablePath(const std::string& path)
{
    const std::string name = lowerCase(path);
    return endsWith(name, ".csv") || endsWith(name, ".xlsx");
}

void writeMetricTable(const std::string& path, const std::string& what, const std::function<std::string()>& csv,
                      const std::function<void(WorkbookWriter&)>& addSheet)
{
    if (!isMetricTablePath(path)) throw InputError(describeProblem(path, what + " are written as .csv or .xlsx"));
    if (endsWith(lowerCase(path), ".xlsx")) {
        WorkbookWriter book;
        addSheet(book);
        book.save(path);
        return;
    }
    const std::string text = csv();
    replaceFile(path, [&](const std::string& temporary) {
        std::ofstream out(temporary, std::ios::binary);
        out << text;
        if (!out.flush()) throw RuntimeFailure(describeProblem(path, "write failed (disk full?)"));
    });
}

bool beatsBothBaselines(const SensorMetrics& s) { return modelBeatsBoth(s); }

int64_t sensorsMeasured(const EvaluationReport& r)
{
    return std::count_if(r.sensors.begin(), r.sensors.end(), [](const SensorMetrics& s) { return s.targets > 0; });
}

int64_t sensorsBeatingBothBaselines(const EvaluationReport& r)
{
    return std::count_if(r.sensors.begin(), r.sensors.end(), [](const SensorMetrics& s) { return beatsBothBaselines(s); });
}

std::string sensorSummary(const EvaluationReport& r)
{
    std::vector<const SensorMetrics*> measured;
    for (const auto& s : r.sensors)
        if (s.targets > 0) measured.push_back(&s);
    if (measured.empty()) return {};
    std::stable_sort(measured.begin(), measured.end(), [](const SensorMetrics* a, const SensorMetrics* b) { return a->model.mae > b->model.mae; });
    std::string text = "sensors: HimNet's MAE is below both baselines' at " + std::to_string(sensorsBeatingBothBaselines(r)) + " of "
        + std::to_string(measured.size()) + "; highest:";
    for (size_t i = 0; i < std::min<size_t>(5, measured.size()); ++i)
        text += (i == 0 ? " " : ", ") + measured[i]->id + " (" + formatDecimal(measured[i]->model.mae, 2, true) + ")";
    return text + "\n";
}

std::string sensorsHeldLeast(const EvaluationReport& r, size_t count)
{
    std::vector<const SensorMetrics*> measured;
    for (const auto& s : r.sensors)
        if (s.interval.targets > 0) measured.push_back(&s);
    std::stable_sort(measured.begin(), measured.end(), heldLessThan);
    std::string text;
    for (size_t k = 0; k < std::min(count, measured.size()); ++k)
        text += (k == 0 ? "" : ", ") + measured[k]->id + " (" + formatDecimal(100 * measured[k]->interval.covered, 1, true) + " %)";
    return text;
}

std::string sensorMetricsCsv(const EvaluationReport& r)
{
    std::vector<std::string> header;
    for (const auto& column : sensorColumns(r)) header.push_back(csvField(column));
    std::string csv = joined(header, ",") + "\n";
    for (const auto& s : r.sensors) {
        csv += csvField(s.id) + "," + std::to_string(s.targets);
        // A sensor without a reading in the period has no errors, not errors of 0.
        for (double figure : sensorFigures(r, s)) csv += "," + (s.targets > 0 ? formatDecimal(figure, 4, true) : std::string());
        csv += '\n';
    }
    return csv;
}

void addSensorSheet(WorkbookWriter& book, const EvaluationReport& r)
{
    book.addSheet("Sensors", sensorColumns(r));
    for (const auto& s : r.sensors) {
        std::vector<SheetCell> row{s.id, static_cast<double>(s.targets)};
        if (s.targets > 0)
            for (double figure : sensorFigures(r, s)) row.emplace_back(figure);
        book.addRow(row);
    }
}

void writeSensorMetrics(const EvaluationReport& r, const std::string& path)
{
    writeMetricTable(
        path, "the sensors' metrics", [&] { return sensorMetricsCsv(r); }, [&](WorkbookWriter& book) { addSensorSheet(book, r); });
}

} // namespace himnet
