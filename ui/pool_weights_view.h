#pragma once
// Heatmaps of a model's meta-parameter pools (QCPColorMap): the mixing coefficients each
// sensor and each time of day applies to its pool, and the norms of the weights the pools
// generate per day × time of day and per sensor × time of day. Sensors are ordered by known
// zone (else by embedding cluster) so that heterogeneity shows as blocks.
#include "engine_types.h"

#include <QWidget>

#include <optional>

class EngineController;
class QComboBox;
class QCPColorMap;
class QCPColorScale;
class QCustomPlot;
class QLabel;
class StudioSession;

class PoolWeightsView : public QWidget {
    Q_OBJECT
public:
    enum class Heatmap { SensorMixing, TimeOfDayMixing, TemporalNorms, SpatioTemporalNorms };
    Q_ENUM(Heatmap)

    PoolWeightsView(StudioSession* session, EngineController* engine, QWidget* parent = nullptr);

    bool hasMaps() const { return m_maps.has_value(); }
    const PoolMaps& maps() const { return *m_maps; }
    void showHeatmap(Heatmap heatmap);
    Heatmap heatmap() const { return m_heatmap; }
    /// The matrix on screen, rows as drawn (bottom to top), with row and column labels.
    struct Table {
        QStringList rowLabels, columnLabels;
        QVector<QVector<double>> values;
    };
    Table currentTable() const;

    bool exportPng(const QString& path);
    bool exportCsv(const QString& path);

    QCustomPlot* plot() const { return m_plot; }
    QCPColorMap* colourMap() const { return m_map; }
    QLabel* statusLabel() const { return m_status; }

Q_SIGNALS:
    void mapsShown();

private:
    void redraw();
    QVector<int> sensorOrder() const;

    StudioSession* m_session;
    EngineController* m_engine;
    QCustomPlot* m_plot;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale;
    QComboBox* m_choice;
    QLabel* m_status;
    std::optional<PoolMaps> m_maps;
    Heatmap m_heatmap = Heatmap::SensorMixing;
};
