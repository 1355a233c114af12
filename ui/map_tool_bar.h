#pragma once
// The map's toolbar: what colours the sensors (observed value, forecast, its error, zone,
// embedding cluster), which graph joins them (road, learned, none), fitting the map, and
// starting a training. It reads and sets the session's modes; it keeps no state of its own.
#include <QToolBar>

class QComboBox;
class SensorMapView;
class StudioSession;

class MapToolBar : public QToolBar {
    Q_OBJECT
public:
    MapToolBar(StudioSession* session, SensorMapView* map, QWidget* parent = nullptr);

Q_SIGNALS:
    void trainRequested();

private:
    /// "where the 90 % band held", of the level measured (or asked for, before metrics).
    QString bandHeldText() const;

    StudioSession* m_session;
    QComboBox* m_colourBox;
    QComboBox* m_graphBox;
};
