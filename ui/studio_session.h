#pragma once
// What the user is looking at: the current dataset, trained model, forecast, time origin,
// horizon, colouring and selection. Views read it and listen to its signals; they never keep
// copies of the data. Lives on the GUI thread.
#include "engine_types.h"

#include <QColor>
#include <QObject>
#include <QVector>

#include <algorithm>
#include <optional>

class StudioSession : public QObject {
    Q_OBJECT
public:
    /// Error: at the forecast origin and horizon; SensorError: each sensor's MAE over the whole
    /// test period (the metrics'), where the model does well and where not; SensorGain: by how
    /// much HimNet's MAE there is below the better baseline's (gainOverBaselines), where the
    /// model is worth more than a naive forecast and where not; SensorIntervalHeld: the share
    /// of each sensor's test targets inside HimNet's forecast interval, where its band can be
    /// trusted and where it reads narrower than it should.
    enum class ColourMode { Observed, Forecast, Error, Zone, Cluster, SensorError, SensorGain, SensorIntervalHeld };
    Q_ENUM(ColourMode)
    enum class GraphMode { Road, Learned, Hidden };
    Q_ENUM(GraphMode)

    explicit StudioSession(QObject* parent = nullptr);

    bool hasDataset() const { return static_cast<bool>(m_dataset.data); }
    const LoadedDataset& dataset() const { return m_dataset; }
    const himnet::Dataset& data() const { return *m_dataset.data; }
    void setDataset(const LoadedDataset& dataset);
    /// "speed (km/h)", or "value" when the dataset does not say what it measures.
    QString valueLabel() const;
    /// "speed", or "value" when the dataset does not say what it measures.
    QString quantityName() const;
    /// " km/h" to follow a figure, or "" when the unit is unknown.
    QString unitSuffix() const;
    /// " (km/h)" to follow a label, or "" when the unit is unknown.
    QString unitInBrackets() const;
    /// The dataset's name as a file name ("la-week"), for the files written from it: the
    /// checkpoints training writes, the names Save As suggests; "himnet" without a dataset.
    QString fileNameStem() const;
    /// `name` (a dataset's, which a manifest sets to anything: "Downtown / Night shift") as a
    /// file name: what file systems refuse (\ / : * ? " < > |) and control characters as '-',
    /// dots and spaces at either end dropped; "himnet" when nothing is left.
    static QString fileNameStemOf(QString name);

    bool hasModel() const { return m_model.has_value(); }
    const LoadedModel& model() const { return *m_model; }
    void setModel(const LoadedModel& model);

    bool hasForecast() const { return m_forecast.has_value(); }
    const himnet::Forecast& forecast() const { return *m_forecast; }
    void setForecast(const himnet::Forecast& forecast);

    bool hasMetrics() const { return m_metrics.has_value(); }
    const himnet::EvaluationReport& metrics() const { return *m_metrics; }
    void setMetrics(const himnet::EvaluationReport& report);

    /// What a model trained on the dataset split as `plan` (himnet::TrainingPlan::toJson) must
    /// beat: the naive forecasts' errors on its test windows; null until measured for it.
    const himnet::BaselineErrors* baselinesOf(const QString& plan) const;
    /// The latest measured on the dataset open (of the plan the Training tab shows, once
    /// measured), or null.
    const himnet::BaselineErrors* latestBaselines() const { return m_baselines ? &m_baselines->errors : nullptr; }
    /// Ignored unless measured on the dataset open: one asked for before another was opened.
    void setBaselines(const PlanBaselines& baselines);
    /// Those of another plan are being measured: none meanwhile.
    void clearBaselines();

    /// The last observed step: forecasts start after it, the map shows it.
    qint64 origin() const { return m_origin; }
    /// Clamped to the steps from firstOrigin() to the last.
    void setOrigin(qint64 origin);
    /// Steps a forecast reads, up to its origin.
    static constexpr qint64 kInputSteps = 12;
    /// The first step a forecast can start from: the one that ends its first kInputSteps; the
    /// last step of a series shorter than that, which can be shown but not forecast.
    qint64 firstOrigin() const { return hasDataset() ? std::min<qint64>(kInputSteps, data().numSteps) - 1 : 0; }
    /// 1-based horizon step the map colours forecasts and errors by.
    int horizon() const { return m_horizon; }
    void setHorizon(int horizon);
    /// Minutes of a horizon step, from the data's interval.
    int horizonMinutes(int step) const;
    /// The level of the forecast intervals asked for (the forecast's Band choice): evaluations
    /// size them to it. The metrics' own intervals say the level they were measured at.
    double intervalLevel() const { return m_intervalLevel; }
    /// Ignores a level himnet::isIntervalLevel refuses.
    void setIntervalLevel(double level);
    /// That of the metrics' intervals; intervalLevel() without them.
    double measuredIntervalLevel() const;

    ColourMode colourMode() const { return m_colourMode; }
    void setColourMode(ColourMode mode);
    GraphMode graphMode() const { return m_graphMode; }
    void setGraphMode(GraphMode mode);

    /// k-means clusters of the node embeddings (the explorer's latest), one per sensor; empty
    /// until computed. Cleared when the dataset or the model changes.
    const QVector<int>& sensorClusters() const { return m_clusters; }
    int clusterCount() const { return m_clusterCount; }
    void setSensorClusters(const QVector<int>& clusters, int count);

    const QList<int>& selection() const { return m_selection; }
    void setSelection(const QList<int>& sensors);

    /// The value a sensor is coloured by in the current mode; NaN when unknown.
    double colourValue(int sensor) const;
    /// Range of colourValue over all sensors (for the legend), or (0, 1).
    std::pair<double, double> colourRange() const;
    /// The test errors of a sensor (the metrics'), or null without metrics or readings there.
    const himnet::SensorMetrics* sensorMetrics(int sensor) const;
    /// Per cent by which HimNet's test MAE is below the better baseline's (last value or
    /// historical average) at a sensor: 20 where it is a fifth lower, negative where it is
    /// higher; NaN where the baselines are exact (MAE 0).
    static double gainOverBaselines(const himnet::SensorMetrics& metrics);
    /// How far short of their level the forecast intervals may hold before a view marks them
    /// (red, shaded, a warning): 2 points, more than the test period's sampling alone explains.
    static constexpr double kIntervalShortfall = 0.02;
    /// Whether `coverage` (of a sensor, an hour, or all) fell more than kIntervalShortfall short
    /// of the intervals' `level`, so that the band reads narrower than it should; never without targets.
    static bool heldShort(const himnet::IntervalCoverage& coverage, double level)
    {
        return coverage.targets > 0 && coverage.covered < level - kIntervalShortfall;
    }
    /// Whether small values are good in the current mode (errors): drawn green.
    bool colourModeIsError() const { return m_colourMode == ColourMode::Error || m_colourMode == ColourMode::SensorError; }
    /// The colour of a sensor in the current mode.
    QColor colourOf(int sensor) const { return colourOf(sensor, colourRange()); }
    /// The same on a scale already known (colourRange(), computed once to colour every sensor).
    QColor colourOf(int sensor, const std::pair<double, double>& range) const;
    /// Distinct colours for categories (zones).
    static QColor categoryColour(int index);
    /// Slow is red, free flow green: speeds read at a glance.
    static QColor speedColour(double fraction);

Q_SIGNALS:
    void datasetChanged();
    void modelChanged();
    void forecastChanged();
    void metricsChanged();
    void baselinesChanged();
    void originChanged(qint64 origin);
    void horizonChanged(int horizon);
    void intervalLevelChanged(double level);
    void colourModeChanged();
    void graphModeChanged();
    void selectionChanged();
    void clustersChanged();

private:
    LoadedDataset m_dataset;
    std::optional<LoadedModel> m_model;
    std::optional<himnet::Forecast> m_forecast;
    std::optional<himnet::EvaluationReport> m_metrics;
    std::optional<PlanBaselines> m_baselines; ///< of the latest plan measured, on m_dataset (setBaselines, setDataset)
    qint64 m_origin = 0;
    int m_horizon = 3;
    double m_intervalLevel = himnet::kIntervalLevel;
    ColourMode m_colourMode = ColourMode::Observed;
    GraphMode m_graphMode = GraphMode::Road;
    QList<int> m_selection;
    QVector<int> m_clusters;
    int m_clusterCount = 0;
};
