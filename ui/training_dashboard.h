#pragma once
// Training controls and live figures: preset and hyperparameters, new weights or the open
// model's (fine-tuning), start / pause / resume / stop, continue a saved training, train and validation loss curves, learning rate,
// throughput, ETA and progress.
// It asks the engine through the controller; the training itself runs on the engine thread.
#include "himnet/training.h"

#include <QTimer>

#include <optional>
#include <QWidget>

class EngineController;
class QCheckBox;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class SplitChoice;
class StudioSession;

class TrainingDashboard : public QWidget {
    Q_OBJECT
public:
    TrainingDashboard(StudioSession* session, EngineController* engine, QWidget* parent = nullptr);

    /// The options the form describes, for the current dataset.
    himnet::TrainingOptions options() const;
    /// Starts training with the form's options, writing `checkpointPath`.
    void start(const QString& checkpointPath);
    /// The checkpoint Continue resumes (empty: none), with the epochs it holds finished, the
    /// batches of the next one already trained, and how it splits the data (splitText; empty
    /// when it is the form's).
    void setResumable(const QString& checkpointPath, qint64 epochsDone, qint64 batchesIntoEpoch, const QString& split = {});
    QString resumableCheckpoint() const { return m_resumePath; }
    /// Continues the training saved in the resumable checkpoint up to the form's epoch count;
    /// the checkpoint's other options stay as they were.
    void continueTraining();
    /// Plots the epochs a checkpoint holds (train and validation loss per epoch), and for a
    /// fine-tuning the validation loss of the weights it started from at epoch 0, unless the
    /// plot already shows that checkpoint's training live.
    void showHistory(const QString& checkpointPath, const std::vector<himnet::EpochRecord>& history,
                     std::optional<double> startingValLoss = std::nullopt);
    /// Whether Start fine-tunes the open model (its weights, its shape) rather than drawing new weights.
    bool startsFromOpenModel() const;

    QPushButton* startButton() const { return m_start; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* stopButton() const { return m_stop; }
    QPushButton* continueButton() const { return m_continue; }
    QCustomPlot* lossPlot() const { return m_plot; }
    QSpinBox* epochsBox() const { return m_epochs; }
    QSpinBox* hiddenBox() const { return m_hidden; }
    QSpinBox* maxBatchesBox() const { return m_maxBatches; }
    QComboBox* precisionBox() const { return m_precision; }
    /// New weights (the seed's), or the open model's: TrainingOptions::initialWeights.
    QComboBox* startFromBox() const { return m_startFrom; }
    QCheckBox* cudaGraphsBox() const { return m_cudaGraphs; }
    SplitChoice* splitChoice() const { return m_splitChoice; }
    /// What the training is doing, or waits for; and the time elapsed and left.
    QLabel* statusLabel() const { return m_status; }
    QLabel* timeLabel() const { return m_eta; }

Q_SIGNALS:
    /// The user pressed Start; the main window picks the checkpoint path and calls start().
    void startRequested();

private:
    /// Shows `text` in the status line, which stays hidden until there is something to say
    /// (before the first training it would only push the form down out of sight).
    void say(const QString& text);
    /// The time left after `progress`, in its line (hidden until then, as the status).
    void sayTimeLeft(const himnet::TrainProgress& progress);
    void applyPreset(const QString& name);
    /// Offers the open model to start from, when there is one; keeps the choice where it can.
    void offerOpenModel();
    /// The hidden size is the open model's when starting from it, the form's otherwise.
    void showShapeSource();
    /// Empties every curve (losses, zones found).
    void clearCurves();
    /// The zones-found curve and its axis, for data with known zones.
    void showZoneCurve(bool shown);
    void onProgress(const himnet::TrainProgress& progress);
    void onStateChanged(bool training);
    /// Start is offered with data that can be split as chosen, while nothing trains.
    void offerStart();
    /// Starts the engine on `options`; `keepPlot`: the curves continue (a resume of the plotted run).
    void run(himnet::TrainingOptions options, bool keepPlot);

    StudioSession* m_session;
    EngineController* m_engine;
    QComboBox* m_preset;
    QComboBox* m_startFrom; ///< item data: the checkpoint to start from; empty for the seed's weights
    QSpinBox *m_epochs, *m_hidden, *m_batch, *m_maxBatches, *m_seed;
    QDoubleSpinBox* m_lr;
    QComboBox* m_precision; ///< float32 or bfloat16 products (himnet::Precision)
    QCheckBox* m_cudaGraphs; ///< TrainingOptions::cudaGraphs; enabled only where a GPU is visible
    SplitChoice* m_splitChoice; ///< the split and the temporal context
    QPushButton *m_start, *m_pause, *m_stop, *m_continue;
    QProgressBar* m_progress;
    QLabel *m_status, *m_rate, *m_eta;
    QLabel* m_memory; ///< that a step may need more memory than there is, for as long as the training runs
    QCustomPlot* m_plot;
    QTimer m_replot; ///< coalesces per-batch updates into one replot per 40 ms
    bool m_paused = false;
    /// What the status says once the export a training waits for ends; empty when none waits.
    QString m_startsAfterExport;
    QString m_resumePath;
    QString m_plotted; ///< the checkpoint whose training the curves show
    qint64 m_resumeEpochsDone = 0, m_resumeBatches = 0;
    int m_formHidden = 64; ///< the hidden size set in the form, while the box shows the open model's
    himnet::TrainingOptions m_presetOptions;
};
