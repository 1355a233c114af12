// Each sensor's test errors, HimNet against the two baselines: the lines of `himnet evaluate`,
// its --sensors file, and the sheet of the app's metrics workbook.
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "core/text.h"
#include "io/replace_file.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace himnet {
namespace {

constexpr const char* kForecasters[] = {"HimNet", "Last value", "Hist. avg"};

std::vector<std::string> sensorColumns(const EvaluationReport& r)
{
    const std::string unit = r.unit.empty() ? "" : " (" + r.unit + ")";
    std::vector<std::string> columns{"sensor", "targets"};
    for (const char* forecaster : kForecasters)
        for (const std::string& figure : {"MAE" + unit, "RMSE" + unit, std::string("MAPE %")})
            columns.push_back(std::string(forecaster) + " " + figure);
    return columns;
}

std::vector<double> figuresOf(const SensorMetrics& s)
{
    std::vector<double> figures;
    for (const ErrorMetrics* m : {&s.model, &s.lastValue, &s.historicalAverage})
        for (double figure : {m->mae, m->rmse, m->mape}) figures.push_back(figure);
    return figures;
}

} // namespace

bool beatsBothBaselines(const SensorMetrics& s) { return s.targets > 0 && s.model.mae < std::min(s.lastValue.mae, s.historicalAverage.mae); }

int64_t sensorsMeasured(const EvaluationReport& r)
{
    return std::count_if(r.sensors.begin(), r.sensors.end(), [](const SensorMetrics& s) { return s.targets > 0; });
}

int64_t sensorsBeatingBothBaselines(const EvaluationReport& r)
{
    return std::count_if(r.sensors.begin(), r.sensors.end(), beatsBothBaselines);
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

std::string sensorMetricsCsv(const EvaluationReport& r)
{
    std::vector<std::string> header;
    for (const auto& column : sensorColumns(r)) header.push_back(csvField(column));
    std::string csv = joined(header, ",") + "\n";
    for (const auto& s : r.sensors) {
        csv += csvField(s.id) + "," + std::to_string(s.targets);
        // A sensor without a reading in the period has no errors, not errors of 0.
        for (double figure : figuresOf(s)) csv += "," + (s.targets > 0 ? formatDecimal(figure, 4, true) : std::string());
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
            for (double figure : figuresOf(s)) row.emplace_back(figure);
        book.addRow(row);
    }
}

void writeSensorMetrics(const EvaluationReport& r, const std::string& path)
{
    const std::string name = lowerCase(path);
    if (endsWith(name, ".xlsx")) {
        WorkbookWriter book;
        addSensorSheet(book, r);
        book.save(path);
        return;
    }
    if (!endsWith(name, ".csv"))
        throw InputError(describeProblem(path, "the sensors' metrics are written as .csv or .xlsx"));
    const std::string csv = sensorMetricsCsv(r);
    replaceFile(path, [&](const std::string& temporary) {
        std::ofstream out(temporary, std::ios::binary);
        out << csv;
        if (!out.flush()) throw RuntimeFailure(describeProblem(path, "write failed (disk full?)"));
    });
}

} // namespace himnet
