#include "metrics_table_model.h"

#include "himnet/workbook_writer.h"

#include <QColor>
#include <QFont>

namespace {
const char* kColumns[] = {"HimNet MAE", "HimNet RMSE", "HimNet MAPE %", "Last value MAE", "Last value RMSE", "Last value MAPE %",
                          "Hist. avg MAE", "Hist. avg RMSE", "Hist. avg MAPE %"};
constexpr int kColumnCount = 9;
} // namespace

void MetricsTableModel::setReport(const himnet::EvaluationReport& report)
{
    beginResetModel();
    m_report = report;
    m_hasReport = true;
    endResetModel();
}

void MetricsTableModel::clear()
{
    beginResetModel();
    m_report = {};
    m_hasReport = false;
    endResetModel();
}

int MetricsTableModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_hasReport) return 0;
    return static_cast<int>(m_report.horizons.size()) + 1;
}

int MetricsTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : kColumnCount; }

const himnet::ErrorMetrics& MetricsTableModel::metricsAt(int row, int column) const
{
    const bool all = row == static_cast<int>(m_report.horizons.size());
    const int family = column / 3;
    if (all) return family == 0 ? m_report.all : family == 1 ? m_report.lastValue : m_report.historicalAverage;
    const auto& h = m_report.horizons[static_cast<size_t>(row)];
    return family == 0 ? h.model : family == 1 ? h.lastValue : h.historicalAverage;
}

QVariant MetricsTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_hasReport || index.row() >= rowCount() || index.column() >= kColumnCount) return {};
    const himnet::ErrorMetrics& m = metricsAt(index.row(), index.column());
    const double value = index.column() % 3 == 0 ? m.mae : index.column() % 3 == 1 ? m.rmse : m.mape;
    switch (role) {
    case Qt::DisplayRole: return QString::number(value, 'f', 2);
    case Qt::UserRole: return value;
    case Qt::TextAlignmentRole: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (index.row() == rowCount() - 1) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole: {
        // HimNet's figures turn green where they beat both baselines.
        if (index.column() >= 3) return {};
        const double baselineA = index.column() % 3 == 0 ? metricsAt(index.row(), 3).mae : index.column() % 3 == 1 ? metricsAt(index.row(), 4).rmse : metricsAt(index.row(), 5).mape;
        const double baselineB = index.column() % 3 == 0 ? metricsAt(index.row(), 6).mae : index.column() % 3 == 1 ? metricsAt(index.row(), 7).rmse : metricsAt(index.row(), 8).mape;
        return value < std::min(baselineA, baselineB) ? QColor(0x1b, 0x7a, 0x2e) : QColor(0xa0, 0x1c, 0x1c);
    }
    default: return {};
    }
}

QVariant MetricsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Horizontal) return section >= 0 && section < kColumnCount ? tr(kColumns[section]) : QVariant();
    if (!m_hasReport || section < 0 || section >= rowCount()) return {};
    if (section == static_cast<int>(m_report.horizons.size())) return tr("all");
    const qint64 step = m_report.horizons[static_cast<size_t>(section)].step;
    return tr("%1 (%2 min)").arg(step).arg(step * m_report.intervalSeconds / 60);
}

void MetricsTableModel::writeWorkbook(const std::string& path) const
{
    const std::string unit = m_report.unit.empty() ? std::string() : " (" + m_report.unit + ")";
    std::vector<std::string> header{"horizon", "minutes ahead"};
    for (int column = 0; column < kColumnCount; ++column) header.push_back(kColumns[column] + (column % 3 == 2 ? std::string() : unit));
    himnet::WorkbookWriter book;
    book.addSheet("Metrics", header);
    for (int row = 0; row < rowCount(); ++row) {
        std::vector<himnet::SheetCell> cells;
        if (row == static_cast<int>(m_report.horizons.size())) cells = {std::string("all"), {}};
        else {
            const double step = static_cast<double>(m_report.horizons[static_cast<size_t>(row)].step);
            cells = {step, step * static_cast<double>(m_report.intervalSeconds) / 60.0};
        }
        for (int column = 0; column < kColumnCount; ++column) cells.emplace_back(data(index(row, column), Qt::UserRole).toDouble());
        book.addRow(cells);
    }
    himnet::addSensorSheet(book, m_report);
    if (!m_report.hoursOfWeek.empty()) himnet::addHourSheet(book, m_report);
    book.addSheet("About", {"item", "value"});
    book.addRow({std::string("split"), m_report.split});
    book.addRow({std::string("windows"), static_cast<double>(m_report.windows)});
    book.addRow({std::string("from (first input, UTC)"), himnet::SheetTime{m_report.firstTime}});
    book.addRow({std::string("to (last target, UTC)"), himnet::SheetTime{m_report.lastTime}});
    book.addRow({std::string("step (minutes)"), static_cast<double>(m_report.intervalSeconds) / 60.0});
    book.addRow({std::string("unit of MAE and RMSE"), m_report.unit.empty() ? std::string("not known") : m_report.unit});
    for (const auto& note : m_report.notes) book.addRow({std::string("note"), note});
    if (!m_report.mapeCaveat.empty()) book.addRow({std::string("MAPE"), m_report.mapeCaveat});
    book.save(path);
}

QString MetricsTableModel::toCsv() const
{
    QString csv = QStringLiteral("horizon");
    for (const char* column : kColumns) csv += ',' + QString(column);
    csv += '\n';
    for (int row = 0; row < rowCount(); ++row) {
        csv += row == static_cast<int>(m_report.horizons.size()) ? QStringLiteral("all") : QString::number(m_report.horizons[static_cast<size_t>(row)].step);
        for (int column = 0; column < kColumnCount; ++column) csv += ',' + QString::number(data(index(row, column), Qt::UserRole).toDouble(), 'f', 4);
        csv += '\n';
    }
    return csv;
}
