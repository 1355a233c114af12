#pragma once
// The sensor map: sensors at their Web Mercator positions (or the graph layout), road or
// learned graph edges, coloured by the session's mode with a legend. Wheel zooms, right or
// middle drag pans, click selects a sensor, rubber band selects several; tooltips on hover.
#include <QGraphicsView>

class StudioSession;
class MapLegend;
class QGraphicsPathItem;
class SensorItem;

class SensorMapView : public QGraphicsView {
    Q_OBJECT
public:
    explicit SensorMapView(StudioSession* session, QWidget* parent = nullptr);
    ~SensorMapView() override;

    /// Sensor items on the map, in sensor order (for tests and tools).
    const QVector<SensorItem*>& sensorItems() const { return m_items; }
    /// Fits every sensor into the view.
    void fitAll();
    const MapLegend* legend() const { return m_legend; }

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    void recolour();
    /// A tooltip line: in how many hours of the day HimNet beats both baselines at `sensor`, and
    /// its worst hour; empty without hours measured there. Worked out for every sensor once per
    /// metrics (PEMS07's 883: 3.9 ms), not at every recolour (each step of the slider).
    QString hoursText(int sensor);
    void redrawEdges();
    void syncSelectionFromScene();
    void syncSelectionToScene();

    StudioSession* m_session;
    std::vector<QString> m_hoursTexts; ///< hoursText() of every sensor, of the metrics shown; empty: not yet
    QGraphicsScene* m_scene;
    QVector<SensorItem*> m_items;
    QRectF m_sensorBounds; ///< the sensors, with a margin
    QGraphicsPathItem* m_edges = nullptr;
    MapLegend* m_legend;
    bool m_syncing = false;
    bool m_panning = false;
};
