#pragma once
// The heterogeneity explorer: one kind of learned embedding projected to 2-D (t-SNE, live
// and cancellable, or PCA), coloured by cluster, zone, time of day, day of week or value.
// Click, Ctrl+click and rubber-band selections are shared with the map both ways through the
// session; the selected sensors' mean daily profile is plotted below (DailyProfilePlot).
// The scatter itself is drawn by drawEmbeddingScene (embedding_scatter.h); the status line
// says how the map was made and what it shows (clusters, zones found, daily order). While a model
// trains, the sensor, time-of-day or day-of-week embeddings of every finished epoch are drawn
// as they come (TrainingEmbeddings), until the trained model replaces them.
#include "embedding_scatter.h"
#include "engine_types.h"

#include <QWidget>

#include <optional>

class EngineController;
class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class StudioSession;

class EmbeddingExplorer : public QWidget {
    Q_OBJECT
public:
    using ColourBy = EmbeddingColouring;

    EmbeddingExplorer(StudioSession* session, EngineController* engine, QWidget* parent = nullptr);

    /// Asks the engine for the current settings' map (needs a loaded model).
    void run();
    void cancel();
    bool isRunning() const { return m_running; }
    bool hasResult() const { return m_result.has_value(); }
    const EmbeddingResult& result() const { return *m_result; }

    /// Selects points as a click or rubber band would; for sensor embeddings this sets the
    /// session's (and so the map's) selection.
    void selectPoints(const QList<int>& points);
    /// Points whose projection lies inside `area` (plot coordinates), then selectPoints.
    void selectPointsIn(const QRectF& area);
    /// Every point of k-means cluster `cluster`.
    void selectCluster(int cluster);
    /// Finds a sensor by id; false (and a message) when the network has none.
    bool findSensor(const QString& sensorId);
    /// Points drawn as selected.
    const QList<int>& highlightedPoints() const { return m_highlighted; }

    void setColourBy(ColourBy colour);
    ColourBy colourBy() const { return m_colourBy; }

    bool exportPng(const QString& path);
    /// Throws nothing: false and a message in the status line when the file cannot be written.
    bool exportCsv(const QString& path);

    QCustomPlot* scatterPlot() const { return m_scatter; }
    QCustomPlot* profilePlot() const { return m_profile; }
    QComboBox* kindBox() const { return m_kind; }
    QComboBox* methodBox() const { return m_method; }
    QSpinBox* perplexityBox() const { return m_perplexity; }
    QSpinBox* iterationsBox() const { return m_iterations; }
    QSpinBox* clustersBox() const { return m_clusters; }
    QLabel* statusLabel() const { return m_status; }

Q_SIGNALS:
    /// A finished (or cancelled) map is on screen.
    void mapShown();
    /// A live t-SNE layout was drawn.
    void progressShown(int iteration);
    /// The sensors' embeddings of a training still running are on screen, as of this epoch.
    void trainingMapShown(qint64 epoch);

private:
    void onProgress(int iteration, int iterations, const QVector<QPointF>& layout);
    void onMapped(const EmbeddingResult& result);
    void onTrainingMapped(const EmbeddingResult& result);
    /// Draws `result` and describes it in the status line, after `heading` when there is one.
    void display(const EmbeddingResult& result, const QString& heading);
    himnet::EmbeddingMapOptions currentOptions() const;
    himnet::EmbeddingKind currentKind() const;
    /// Tells the engine how to draw the node embeddings after each epoch of a training.
    void sendTrainingOptions();
    void updateAvailability();
    /// What the scatter shows now, for drawEmbeddingScene.
    EmbeddingScene scene() const;
    void redraw(bool rescale);
    /// Draws the points of the sensors selected in the session (the map's selection) as selected.
    void highlightSelectedSensors();
    /// Points of the sensors selected in the session (sensor embeddings only).
    QList<int> pointsOfSelectedSensors() const;
    void onClick(const QPointF& pixel, bool add);
    QList<int> sensorsOf(const QList<int>& points) const;
    bool sensorKind() const;

    StudioSession* m_session;
    EngineController* m_engine;
    QCustomPlot* m_scatter;
    QCustomPlot* m_profile;
    QComboBox* m_kind;
    QComboBox* m_method;
    QSpinBox* m_perplexity;
    QSpinBox* m_iterations;
    QSpinBox* m_clusters;
    QComboBox* m_colour;
    QComboBox* m_clusterPick;
    QLineEdit* m_search;
    QPushButton* m_runButton;
    QPushButton* m_cancelButton;
    QLabel* m_status;

    std::optional<EmbeddingResult> m_result;
    QVector<QPointF> m_layout; ///< what is drawn: the final layout or the live one
    QList<int> m_highlighted;
    ColourBy m_colourBy = ColourBy::Cluster;
    bool m_running = false;
    int m_pending = 0; ///< requests sent and not yet answered (a new model queues one behind a running one)
    QPoint m_pressPixel;
};
