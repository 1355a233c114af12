#pragma once
// The application window: menus, toolbar, docks and status bar. It wires the views to the
// session and the EngineController; the views themselves live in their own classes.
#include <QMainWindow>

namespace himnet {
struct ModelFileSummary;
}
class EmbeddingExplorer;
class EngineController;
class ForecastPlot;
class MetricsTableModel;
class PoolWeightsView;
class ModelSummaryView;
class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class SensorMapView;
class StudioSession;
class TrainingDashboard;
struct LoadedDataset;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a dataset file or folder. With `confirm`, a summary asks before it replaces the
    /// current one (skipped when HIMNET_NO_DIALOGS is set). Errors go to a dialog.
    void openDataset(const QString& path, bool confirm = true);
    /// Generates and shows the built-in demo city.
    void openDemoCity();
    /// Loads a checkpoint for the current dataset: forecasts, metrics and the learned graph follow.
    void openCheckpoint(const QString& path);
    /// What to show at start: the last dataset, or the demo city on first start.
    void openStartupDataset();
    /// Trains on the current dataset with the Training tab's settings; the checkpoint goes
    /// to the app's data folder and is loaded when training ends.
    void startTraining();

    EngineController* engine() const { return m_engine; }
    StudioSession* session() const { return m_session; }
    SensorMapView* mapView() const { return m_map; }
    ForecastPlot* forecastPlot() const { return m_forecast; }
    TrainingDashboard* trainingDashboard() const { return m_training; }
    MetricsTableModel* metricsModel() const { return m_metricsModel; }
    ModelSummaryView* modelSummaryView() const { return m_modelSummary; }
    EmbeddingExplorer* embeddingExplorer() const { return m_explorer; }
    PoolWeightsView* poolWeightsView() const { return m_pools; }
    /// Brings a dock to the front: "forecast", "training", "metrics", "model", "explorer", "pools".
    bool raiseDock(const QString& name);

Q_SIGNALS:
    /// The session shows a new dataset (after confirmation).
    void datasetShown();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createDocks();
    void createActions();
    void wireEngine();
    void showDataset(const LoadedDataset& dataset);
    /// Continue (Training tab) resumes the file `summary` describes, when it holds a training state.
    void offerToContinue(const himnet::ModelFileSummary& summary);
    bool confirmDataset(const LoadedDataset& dataset);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void chooseDatasetFile();
    void chooseDatasetFolder();
    void chooseCheckpoint();
    void saveCheckpointAs();
    void exportForecast();
    void exportMetrics();
    void showAbout();
    void showError(const QString& message);
    QString checkpointFolder() const;

    EngineController* m_engine;
    StudioSession* m_session;
    SensorMapView* m_map = nullptr;
    ForecastPlot* m_forecast = nullptr;
    TrainingDashboard* m_training = nullptr;
    MetricsTableModel* m_metricsModel = nullptr;
    ModelSummaryView* m_modelSummary = nullptr;
    EmbeddingExplorer* m_explorer = nullptr;
    PoolWeightsView* m_pools = nullptr;
    QComboBox* m_colourBox = nullptr;
    QComboBox* m_graphBox = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QLabel* m_statusRuntime = nullptr;
    QString m_pendingPath; ///< dataset being loaded on the user's request
    bool m_pendingConfirm = false;
};
