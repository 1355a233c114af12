// Forecast files (CSV, HDF5, Excel workbooks), written a forecast at a time: a file of
// thousands of origins (a test period of a large network) never has them all in memory.
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "himnet/forecasting.h"
#include "core/text.h"
#include "io/hdf5_file.h"
#include "io/replace_file.h"
#include "himnet/workbook_writer.h"

#include <cmath>
#include <fstream>
#include <memory>

namespace himnet {
namespace {

enum class ForecastFormat { Csv, Hdf5, Workbook };

/// The format `path`'s name asks for; InputError naming it for a name of no forecast file.
ForecastFormat forecastFormatOf(const std::string& path)
{
    if (!isForecastFilePath(path))
        throw InputError(describeProblem(path, "forecasts are written as .csv, .h5 (HDF5) or .xlsx (an Excel workbook)"));
    const std::string name = lowerCase(path);
    if (endsWith(name, ".h5") || endsWith(name, ".hdf5")) return ForecastFormat::Hdf5;
    return endsWith(name, ".xlsx") ? ForecastFormat::Workbook : ForecastFormat::Csv;
}

/// InputError naming `path` when `f` has no interval of `level` (0: has one) where the file's first had.
void requireSameInterval(const std::string& path, const Forecast& f, double level)
{
    if (f.hasInterval() != (level > 0) || (level > 0 && f.intervalLevel != level))
        throw InputError(describeProblem(path, "forecasts with and without intervals (or of other levels) cannot share a file"));
}

/// One forecast file being written: `count` forecasts added in order, then finished.
class ForecastFileSink {
public:
    virtual ~ForecastFileSink() = default;
    virtual void add(const Forecast& f) = 0;
    virtual void finish() = 0;
};

class CsvSink final : public ForecastFileSink {
public:
    CsvSink(const std::string& path, double intervalLevel) : m_path(path), m_out(path), m_level(intervalLevel)
    {
        if (!m_out) throw RuntimeFailure(describeProblem(path, "cannot be written"));
        m_out << "timestamp,sensor,horizon,forecast,actual";
        if (m_level > 0) m_out << ",lower_" << levelPercent(m_level) << ",upper_" << levelPercent(m_level);
        m_out << '\n';
    }
    void add(const Forecast& f) override
    {
        requireSameInterval(m_path, f, m_level);
        if (m_ids.empty())
            for (const auto& id : f.sensorIds) m_ids.push_back(csvField(id));
        for (int64_t q = 0; q < f.horizon; ++q) {
            const std::string when = formatTimestamp(f.timestamps[static_cast<size_t>(q)]);
            for (int64_t n = 0; n < f.sensors; ++n) {
                const float actual = f.actualValue(q, n);
                m_out << when << ',' << m_ids[static_cast<size_t>(n)] << ',' << q + 1 << ',' << formatDecimal(f.value(q, n), 4, true)
                      << ',' << (std::isnan(actual) ? std::string() : formatDecimal(actual, 4, true));
                if (m_level > 0) m_out << ',' << formatDecimal(f.lowerValue(q, n), 4, true) << ',' << formatDecimal(f.upperValue(q, n), 4, true);
                m_out << '\n';
            }
        }
        if (!m_out) throw RuntimeFailure(describeProblem(m_path, "write failed (disk full?)"));
    }
    void finish() override
    {
        m_out.close();
        if (!m_out) throw RuntimeFailure(describeProblem(m_path, "write failed (disk full?)"));
    }

private:
    std::string m_path;
    std::ofstream m_out;
    double m_level;
    std::vector<std::string> m_ids; ///< as CSV fields
};

/// /forecast, /actual (F, Q, N), /timestamps (F, Q), /last_observed (F), made at the first
/// forecast and filled a forecast's slab at a time.
class Hdf5Sink final : public ForecastFileSink {
public:
    Hdf5Sink(const std::string& path, int64_t count, double intervalLevel) : m_path(path), m_count(count), m_level(intervalLevel)
    {
        guard([&] { m_file = H5::H5File(path, H5F_ACC_TRUNC); });
    }
    void add(const Forecast& f) override
    {
        requireSameInterval(m_path, f, m_level);
        guard([&] {
            if (m_written == 0) create(f);
            const hsize_t Q = static_cast<hsize_t>(f.horizon), N = static_cast<hsize_t>(f.sensors), row = static_cast<hsize_t>(m_written);
            writeRow(m_forecast, f.values.data(), H5::PredType::NATIVE_FLOAT, row, {Q, N});
            writeRow(m_actual, f.actual.data(), H5::PredType::NATIVE_FLOAT, row, {Q, N});
            writeRow(m_timestamps, f.timestamps.data(), H5::PredType::NATIVE_INT64, row, {Q});
            writeRow(m_lastObserved, &f.lastObserved, H5::PredType::NATIVE_INT64, row, {});
            if (m_level > 0) {
                writeRow(m_lower, f.lower.data(), H5::PredType::NATIVE_FLOAT, row, {Q, N});
                writeRow(m_upper, f.upper.data(), H5::PredType::NATIVE_FLOAT, row, {Q, N});
            }
        });
        ++m_written;
    }
    void finish() override
    {
        if (m_written != m_count)
            throw RuntimeFailure(describeProblem(m_path, "holds " + countOf(m_written, "forecast") + " of the " + std::to_string(m_count) + " it was made for"));
        guard([&] { m_file.close(); });
    }

private:
    template <typename Body>
    void guard(Body&& body)
    {
        try {
            body();
        } catch (const H5::Exception& e) {
            throw RuntimeFailure(describeProblem(m_path, "cannot be written: " + h5::describe(e)));
        }
    }

    void create(const Forecast& f)
    {
        h5::writeStringAttribute(m_file, "dataset", f.datasetName);
        h5::writeStringAttribute(m_file, "producer", "HimNet Studio " + versionString());
        for (const auto& [name, text] : {std::pair{"quantity", f.quantity}, std::pair{"unit", f.unit}})
            if (!text.empty()) h5::writeStringAttribute(m_file, name, text);
        const hsize_t F = static_cast<hsize_t>(m_count), Q = static_cast<hsize_t>(f.horizon), N = static_cast<hsize_t>(f.sensors);
        const auto dataset = [&](const char* name, const H5::PredType& type, std::vector<hsize_t> dims) {
            return m_file.createDataSet(name, type, H5::DataSpace(static_cast<int>(dims.size()), dims.data()));
        };
        m_forecast = dataset("forecast", H5::PredType::IEEE_F32LE, {F, Q, N});
        m_actual = dataset("actual", H5::PredType::IEEE_F32LE, {F, Q, N});
        m_timestamps = dataset("timestamps", H5::PredType::STD_I64LE, {F, Q});
        m_lastObserved = dataset("last_observed", H5::PredType::STD_I64LE, {F});
        h5::writeStrings(m_file, "sensor_ids", f.sensorIds);
        if (m_level > 0) {
            m_lower = dataset("lower", H5::PredType::IEEE_F32LE, {F, Q, N});
            m_upper = dataset("upper", H5::PredType::IEEE_F32LE, {F, Q, N});
            h5::writeStringAttribute(m_file, "interval_level", formatDecimal(m_level, 4, false));
        }
    }

    /// Writes `values` (of shape `shape`) as row `row` of `dataset`'s first dimension.
    static void writeRow(H5::DataSet& dataset, const void* values, const H5::PredType& type, hsize_t row, std::vector<hsize_t> shape)
    {
        H5::DataSpace file = dataset.getSpace();
        std::vector<hsize_t> start(shape.size() + 1, 0), extent{1};
        start[0] = row;
        extent.insert(extent.end(), shape.begin(), shape.end());
        file.selectHyperslab(H5S_SELECT_SET, extent.data(), start.data());
        const H5::DataSpace memory(static_cast<int>(extent.size()), extent.data());
        dataset.write(values, type, memory, file);
    }

    std::string m_path;
    int64_t m_count = 0, m_written = 0;
    double m_level;
    H5::H5File m_file;
    H5::DataSet m_forecast, m_actual, m_timestamps, m_lastObserved, m_lower, m_upper;
};

/// A sheet "Forecast" of a row per (step, sensor) and a sheet "About"; the workbook is zipped
/// at finish().
class WorkbookSink final : public ForecastFileSink {
public:
    WorkbookSink(const std::string& path, double intervalLevel) : m_path(path), m_level(intervalLevel) {}
    void add(const Forecast& f) override
    {
        requireSameInterval(m_path, f, m_level);
        if (m_lastObserved.empty()) start(f);
        for (int64_t q = 0; q < f.horizon; ++q)
            for (int64_t n = 0; n < f.sensors; ++n) {
                std::vector<SheetCell> row{SheetTime{f.timestamps[static_cast<size_t>(q)]}, m_ids[static_cast<size_t>(n)],
                                           static_cast<double>(q + 1), static_cast<double>((q + 1) * m_step) / 60.0,
                                           static_cast<double>(f.value(q, n)), static_cast<double>(f.actualValue(q, n))}; // NaN: an empty cell
                if (m_level > 0) row.insert(row.end(), {static_cast<double>(f.lowerValue(q, n)), static_cast<double>(f.upperValue(q, n))});
                m_book.addRow(row);
            }
        m_lastObserved.push_back(f.timestamps.front() - m_step);
    }
    void finish() override
    {
        m_book.addSheet("About", {"item", "value"});
        m_book.addRow({std::string("dataset"), m_dataset});
        m_book.addRow({std::string("quantity"), m_quantity.empty() ? std::string("not known") : m_quantity});
        m_book.addRow({std::string("unit"), m_unit.empty() ? std::string("not known") : m_unit});
        if (m_level > 0)
            m_book.addRow({std::string("interval"), levelPercent(m_level) + " % of the validation period's errors were within lower … upper"});
        for (const int64_t time : m_lastObserved) m_book.addRow({std::string("last observed (UTC)"), SheetTime{time}});
        m_book.addRow({std::string("written by"), "HimNet Studio " + versionString()});
        m_book.save(m_path);
    }

private:
    void start(const Forecast& f)
    {
        m_dataset = f.datasetName;
        m_quantity = f.quantity;
        m_unit = f.unit;
        m_step = f.horizon > 1 ? f.timestamps[1] - f.timestamps[0] : 0;
        const std::string unit = f.unit.empty() ? "" : " (" + f.unit + ")";
        std::vector<std::string> header{"time (UTC)", "sensor", "horizon (steps)", "minutes ahead", "forecast" + unit, "actual" + unit};
        if (m_level > 0) header.insert(header.end(), {levelPercent(m_level) + " % lower" + unit, levelPercent(m_level) + " % upper" + unit});
        m_book.addSheet("Forecast", header);
        // Ids that are plain numbers are written as numbers, as a spreadsheet would keep them
        // ("773869"); others ("00123", "D7-North") as text, as they are.
        for (const auto& id : f.sensorIds) {
            const bool plainNumber = id.size() < 16 && allDigits(id) && (id[0] != '0' || id.size() == 1);
            m_ids.push_back(plainNumber ? SheetCell(std::stod(id)) : SheetCell(id));
        }
    }

    std::string m_path;
    double m_level;
    WorkbookWriter m_book;
    std::string m_dataset, m_quantity, m_unit; ///< the first forecast's
    int64_t m_step = 0;
    std::vector<SheetCell> m_ids;
    std::vector<int64_t> m_lastObserved;
};

std::unique_ptr<ForecastFileSink> openSink(ForecastFormat format, const std::string& path, int64_t count, double intervalLevel)
{
    switch (format) {
    case ForecastFormat::Hdf5: return std::make_unique<Hdf5Sink>(path, count, intervalLevel);
    case ForecastFormat::Workbook: return std::make_unique<WorkbookSink>(path, intervalLevel);
    case ForecastFormat::Csv: break;
    }
    return std::make_unique<CsvSink>(path, intervalLevel);
}

/// InputError naming `path` when `count` forecasts of `horizon` steps for `sensors` sensors do
/// not fit a workbook's sheet, saying how many do.
void requireRowsFit(const std::string& path, int64_t count, int64_t horizon, int64_t sensors)
{
    const int64_t rowsEach = horizon * sensors, room = WorkbookWriter::kMaxRows - 1; // below the header
    if (count * rowsEach <= room) return;
    throw InputError(describeProblem(path, countOf(count, "forecast") + " of " + std::to_string(horizon) + " steps for " + countOf(sensors, "sensor")
                                               + " take " + std::to_string(count * rowsEach) + " rows; an Excel sheet holds "
                                               + std::to_string(room) + " below its header: at most " + countOf(room / rowsEach, "origin")
                                               + " in a workbook (or write .csv or .h5, which hold any number)"));
}

/// `count` forecasts of `horizon` steps for `sensors` sensors (with intervals of `intervalLevel`,
/// or 0: none), which `produce` adds in order,
/// written to `path` in the format of its name. The name, the count and a workbook's rows are
/// checked first; the file replaces an earlier one only once whole (replaceFile).
void writeForecasts(const std::string& path, int64_t count, int64_t horizon, int64_t sensors, double intervalLevel,
                    const std::function<void(ForecastFileSink&)>& produce)
{
    const ForecastFormat format = forecastFormatOf(path);
    if (count == 0) throw InputError("no forecasts to write to " + path);
    if (format == ForecastFormat::Workbook) requireRowsFit(path, count, horizon, sensors);
    replaceFile(path, [&](const std::string& temporary) {
        const auto sink = openSink(format, temporary, count, intervalLevel);
        produce(*sink);
        sink->finish();
    });
}

} // namespace

bool isForecastFilePath(const std::string& path)
{
    const std::string name = lowerCase(path);
    return endsWith(name, ".csv") || endsWith(name, ".h5") || endsWith(name, ".hdf5") || endsWith(name, ".xlsx");
}

void writeForecastFile(const std::vector<Forecast>& forecasts, const std::string& path)
{
    const int64_t horizon = forecasts.empty() ? 0 : forecasts.front().horizon, sensors = forecasts.empty() ? 0 : forecasts.front().sensors;
    const double level = forecasts.empty() ? 0.0 : forecasts.front().intervalLevel;
    writeForecasts(path, static_cast<int64_t>(forecasts.size()), horizon, sensors, level, [&](ForecastFileSink& sink) {
        for (const Forecast& f : forecasts) sink.add(f);
    });
}

void writeForecastFile(const Forecaster& forecaster, const std::vector<int64_t>& origins, const std::string& path,
                       const std::function<void(int64_t written)>& progress)
{
    writeForecasts(path, static_cast<int64_t>(origins.size()), forecaster.horizon(), forecaster.sensorCount(), forecaster.intervalLevel(),
                   [&](ForecastFileSink& sink) {
        int64_t written = 0;
        forecaster.forEachPass(origins, [&](std::vector<Forecast>& pass) {
            for (const Forecast& f : pass) sink.add(f);
            written += static_cast<int64_t>(pass.size());
            if (progress) progress(written);
        });
    });
}

} // namespace himnet
