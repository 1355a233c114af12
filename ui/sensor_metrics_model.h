#pragma once
// Each sensor's test errors as a table model, read from the session's metrics (it keeps no
// copy): sensor, its zone where the data's zones are known (the demo city's), readings
// measured, HimNet's MAE and by how much it is below the better baseline's, HimNet's RMSE and
// MAPE, the two baselines' MAE, and, where the metrics have forecast intervals, how often the
// sensor's targets fell inside them and their mean half-width.
// Sorted by a proxy on Qt::UserRole (numbers; sensors without readings with the worst), it
// finds the sensors the model forecasts worst, often detectors that misbehave.
#include <QAbstractTableModel>
#include <QList>

class StudioSession;

class SensorMetricsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// Gain: StudioSession::gainOverBaselines, per cent. IntervalHeld: the share of targets
    /// inside HimNet's interval, per cent; IntervalHalfWidth: their mean half-width. In the
    /// order shown.
    enum Column { Sensor, Zone, Readings, Mae, Gain, Rmse, Mape, LastValueMae, HistoricalAverageMae, IntervalHeld, IntervalHalfWidth };

    explicit SensorMetricsModel(StudioSession* session, QObject* parent = nullptr);

    /// Where `column` is shown; -1 when it is not (Zone, on data without zones; the intervals'
    /// columns, in metrics without intervals).
    int columnOf(Column column) const { return static_cast<int>(m_columns.indexOf(column)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    /// DisplayRole: the text; UserRole: what it sorts by; ForegroundRole: HimNet's MAE green
    /// where it beats both baselines' at that sensor, red where not, and the share held red
    /// where it falls more than 2 points short of the intervals' level.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    /// DisplayRole: the column's name; ToolTipRole: what it holds.
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void reset();

    StudioSession* m_session;
    QList<Column> m_columns; ///< those shown, in order
};
