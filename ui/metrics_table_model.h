#pragma once
// Per-horizon MAE / RMSE / MAPE of HimNet and both baselines, as a table model: one row per
// horizon step and a last row for all steps. Holds a copy of the report it shows.
#include "himnet/evaluation.h"

#include <QAbstractTableModel>

class MetricsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setReport(const himnet::EvaluationReport& report);
    const himnet::EvaluationReport& report() const { return m_report; }
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The table as CSV (header row, then one row per horizon and "all").
    QString toCsv() const;
    /// The table as an Excel workbook: a sheet "Metrics" (horizon, minutes ahead, then the
    /// columns, MAE and RMSE headed with their unit) and a sheet "About" (split, windows,
    /// interval, unit and the report's notes). Throws himnet's errors naming `path`.
    void writeWorkbook(const std::string& path) const;

private:
    const himnet::ErrorMetrics& metricsAt(int row, int column) const;
    himnet::EvaluationReport m_report;
    bool m_hasReport = false;
};
