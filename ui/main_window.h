#pragma once
// The application window: menus, toolbar, docks and status bar. It wires the views to the
// session and the EngineController; the views themselves live in their own classes.
#include "himnet/dataset.h"

#include <QMainWindow>

namespace himnet {
struct ModelFileSummary;
}
class EmbeddingExplorer;
class EngineController;
class ExportProgress;
class ForecastPlot;
class MetricsPanel;
class MetricsTableModel;
class PoolWeightsView;
class ModelSummaryView;
class QAction;
class QLabel;
class QMenu;
class SensorMapView;
class StudioSession;
class TrainingDashboard;
struct LoadedDataset;
struct LoadedModel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a dataset file or folder, read with the options last used for it
    /// (reading_options.h). With `confirm`, a summary asks before it replaces the current one,
    /// and offers to change those options (skipped when HIMNET_NO_DIALOGS is set). Errors go
    /// to a dialog.
    void openDataset(const QString& path, bool confirm = true);
    /// The same, read with `options`; once shown, they are remembered for `path`.
    void openDataset(const QString& path, const himnet::LoadOptions& options, bool confirm = true);
    /// The dataset shown and the options it was read with; an empty path for the demo city.
    QString datasetPath() const { return m_datasetPath; }
    const himnet::LoadOptions& datasetReadingOptions() const { return m_datasetOptions; }
    /// Generates and shows the built-in demo city.
    void openDemoCity();
    /// Loads a checkpoint for the current dataset: forecasts, metrics and the learned graph follow.
    void openCheckpoint(const QString& path);
    /// What to show at start: the last dataset, or the demo city on first start.
    void openStartupDataset();
    /// Opens what was dropped on the window: a dataset (a file or a folder), a model (a
    /// checkpoint, for the dataset shown), or one of each (the model once the dataset is shown).
    void openDroppedFiles(const QStringList& paths);
    /// Trains on the current dataset with the Training tab's settings; the checkpoint goes
    /// to the app's data folder and is loaded when training ends.
    void startTraining();

    EngineController* engine() const { return m_engine; }
    StudioSession* session() const { return m_session; }
    SensorMapView* mapView() const { return m_map; }
    ForecastPlot* forecastPlot() const { return m_forecast; }
    TrainingDashboard* trainingDashboard() const { return m_training; }
    MetricsTableModel* metricsModel() const;
    ModelSummaryView* modelSummaryView() const { return m_modelSummary; }
    EmbeddingExplorer* embeddingExplorer() const { return m_explorer; }
    PoolWeightsView* poolWeightsView() const { return m_pools; }
    /// Brings a dock to the front: "forecast", "training", "metrics", "model", "explorer", "pools";
    /// "sensors", "hours": the Metrics dock on its By sensor table, its By hour plot; "band": on
    /// its By hour plot of where the forecast intervals held.
    bool raiseDock(const QString& name);

Q_SIGNALS:
    /// The session shows a new dataset (after confirmation).
    void datasetShown();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createDocks();
    void createActions();
    void wireEngine();
    /// The open model's measuring: its reports, the Band's level, a training going first
    /// (main_window_measuring.cpp).
    void wireMeasuring();
    void showDataset(const LoadedDataset& dataset);
    /// Continue (Training tab) resumes the file `summary` describes, when it holds a training state.
    void offerToContinue(const himnet::ModelFileSummary& summary);
    /// Asks how to read `read`'s files and reads them again; false when the user cancels.
    bool rereadWithNewOptions(const QString& path, const himnet::LoadOptions& current, const himnet::Dataset& read, bool confirm);
    void changeReadingOptions();
    /// A model trained on other steps than the dataset was read into: when the dataset's files
    /// carry no timestamps, offers to read them at the model's interval, and when their
    /// timestamps are finer than its steps (or were combined another way), to combine them into
    /// its steps as the model's were, averaged or totalled; opens it then.
    void offerToReadAsModelSteps(const QString& checkpoint, qint64 modelIntervalSeconds, const QString& modelAggregation,
                                 bool readableAsModelSteps, const QString& message);
    /// A model opened on another period of the series it was trained on, whose test scores
    /// would mislead there (LoadedModel::otherPeriodNote): offers to read the data over its
    /// period and open it then. False when there is nothing to offer, or the user keeps the
    /// data as read.
    bool offerToReadTrainedPeriod(const LoadedModel& model);
    /// The dataset being opened has dates with slashes whose order nothing settles: asks
    /// which, and reads it again in that order (remembered with its reading options).
    void askDateOrderAndReread(const QString& date, const QString& message);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void chooseDatasetFile();
    void chooseDatasetFolder();
    void chooseCheckpoint();
    void saveCheckpointAs();
    /// The best weights of `checkpoint` as a state dict the reference implementation loads.
    void exportStateDict(const QString& checkpoint, const QString& target);
    void exportForecast();
    /// Every test window's forecast, as the metrics measure them, to a file chosen (on the
    /// engine thread, progress in the status bar).
    void exportTestForecasts();
    void showAbout();
    void showError(const QString& message);
    /// Whether the window may ask: not when HIMNET_NO_DIALOGS is set (tests, screenshots).
    static bool dialogsAllowed();
    /// 1500 x 950, or less on a screen that has less room.
    QSize firstWindowSize() const;
    QString checkpointFolder() const;
    /// Where the evaluations of model files the app was given (and does not write to) are
    /// kept, so that opening one again on the same data need not measure it again.
    QString keptReportsFolder() const;
    /// Whether `path` is one of the checkpoints the app trains into checkpointFolder().
    bool isOwnCheckpoint(const QString& path) const;
    /// Measures the model on the test split, the Metrics dock saying how far: the app's own
    /// checkpoints keep the report, others have it kept in keptReportsFolder().
    void measure(const LoadedModel& model);
    /// After a training that stopped the open model's measuring and opens no model of its own
    /// (stopped before its first epoch ended, or failed): measures the open model again.
    void measureAgainAfterTraining();

    EngineController* m_engine;
    StudioSession* m_session;
    SensorMapView* m_map = nullptr;
    ForecastPlot* m_forecast = nullptr;
    TrainingDashboard* m_training = nullptr;
    MetricsPanel* m_metrics = nullptr;
    ModelSummaryView* m_modelSummary = nullptr;
    EmbeddingExplorer* m_explorer = nullptr;
    PoolWeightsView* m_pools = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QLabel* m_statusRuntime = nullptr;
    ExportProgress* m_exportProgress = nullptr; ///< in the status bar while test-period forecasts are written
    QAction* m_readingOptionsAction = nullptr;
    QString m_pendingPath; ///< dataset being loaded on the user's request
    himnet::LoadOptions m_pendingOptions;
    bool m_pendingConfirm = false;
    QString m_datasetPath; ///< the dataset shown; empty for the demo city
    himnet::LoadOptions m_datasetOptions;
    QString m_checkpointAfterReread; ///< opened once the dataset has been read again for it
    bool m_measuringStoppedForTraining = false; ///< the open model's, when a training started
};
