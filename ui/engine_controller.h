#pragma once
// The GUI thread's handle on the engine: owns the engine thread and its EngineWorker,
// forwards requests as queued calls and relays results and errors as signals.
// Create and use it on the GUI thread only.
#include "engine_worker.h"

#include <QThread>

class EngineController : public QObject {
    Q_OBJECT
public:
    explicit EngineController(QObject* parent = nullptr);
    /// Stops the engine thread: cancels running work, quits the loop and waits.
    ~EngineController() override;

    // Loading a dataset or a model stops an evaluation of the model loaded before (it would
    // only delay the new one); evaluated() is not sent for it.
    /// `options`: how to read what the files do not say (reading_options.h).
    void loadDataset(const QString& path, const himnet::LoadOptions& options = {});
    void loadDemoCity(int sensors = 160, int weeks = 4, uint seed = 7);
    /// modelInspected, then modelLoaded or failed.
    void loadModel(const QString& checkpointPath, std::shared_ptr<const himnet::Dataset> data);
    /// modelImported, then as loadModel; or failed.
    void importModel(const QString& stateDictPath, std::shared_ptr<const himnet::Dataset> data, const QString& checkpointPath);
    /// Asks for the forecast after step `origin`; older pending requests are dropped.
    void forecast(qint64 origin);
    /// Metrics of the loaded model on the test split: evaluated(), unless superseded first.
    /// `keepInCheckpoint`: store them in the checkpoint when measured; otherwise, with
    /// `keptReports`, keep them in that folder. evaluationProgress while it measures;
    /// evaluationFailed, then failed, when it cannot (EngineWorker::evaluate).
    void evaluate(bool keepInCheckpoint = false, const QString& keptReports = {});
    /// Stops every evaluation asked for so far, running or queued: evaluated() is not sent for
    /// them. For a training that would otherwise wait behind one.
    void stopEvaluations();
    /// The level of forecast intervals the evaluations asked for from now on measure
    /// (EngineWorker::setIntervalLevel).
    void setIntervalLevel(double level) { m_worker->setIntervalLevel(level); }
    /// A model opened on a feed's latest hours: its forecasts bounded from now on by the
    /// intervals its checkpoint keeps of that level, if it keeps them
    /// (EngineWorker::boundByKeptIntervals). Ask for the forecast again after it.
    void boundByKeptIntervals();
    /// The loaded model's forecasts from every test window written to `path`: progress in
    /// testForecastsProgress, then testForecastsExported, or testForecastsFailed and failed;
    /// testForecastsStopped when another dataset or model is loaded first, or
    /// stopTestForecastsExports is called (EngineWorker::exportTestForecasts).
    void exportTestForecasts(const QString& path);
    /// Stops every export of test-period forecasts asked for so far, running or queued.
    void stopTestForecastsExports();
    void train(const himnet::TrainingOptions& options, std::shared_ptr<const himnet::Dataset> data);
    /// Of the latest training asked for: takes effect before its next batch, also when it
    /// still waits its turn.
    void pauseTraining(bool paused);
    /// Takes effect before the next batch, or before the training begins when it waits behind
    /// other work; trainingFinished follows with cancelled = true.
    void stopTraining();
    bool isTraining() const { return m_training; }
    /// Which embeddings trainingEmbeddingsMapped draws after each epoch, and how; none: it is
    /// not sent. Takes effect at the next epoch, also of a training that runs.
    void setTrainingPictureSettings(std::optional<TrainingPictureSettings> settings)
    {
        m_worker->setTrainingPictureSettings(std::move(settings));
    }
    void mapEmbeddings(const EmbeddingRequest& request);
    /// Takes effect before the next t-SNE iteration; embeddingMapped follows with the layout so far.
    void cancelEmbedding();
    void summarisePools(const QString& checkpointPath, std::shared_ptr<const himnet::Dataset> data);
    /// What a model trained on `data` split as `options` say must beat (whose plan is `plan`,
    /// himnet::TrainingPlan::toJson): baselinesMeasured, unless a newer request comes first.
    void measureBaselines(std::shared_ptr<const himnet::Dataset> data, const himnet::TrainingOptions& options, const QString& plan);
    /// True while a request is queued or running on the engine thread (training included).
    bool isBusy() const { return m_pending > 0; }
    /// True while an export of test-period forecasts is queued or running: work asked for
    /// after it (a training) waits until it ends or is stopped.
    bool isExporting() const { return m_exportsPending > 0; }

Q_SIGNALS:
    void modelInspected(const himnet::ModelFileSummary& summary);
    void datasetLoaded(const LoadedDataset& dataset);
    /// The dataset's slashed dates need their order said (EngineWorker::datasetNeedsDateOrder).
    void datasetNeedsDateOrder(const QString& date, const QString& message);
    void modelLoaded(const LoadedModel& model);
    void modelImported(const QString& stateDictPath, const QString& checkpointPath, const QString& description);
    void forecastReady(const himnet::Forecast& forecast);
    void evaluated(const himnet::EvaluationReport& report);
    void evaluationProgress(qint64 measured, qint64 windows);
    void evaluationFailed(const QString& message);
    void evaluationKept(const himnet::ModelFileSummary& summary);
    void testForecastsProgress(qint64 written, qint64 total);
    void testForecastsExported(const QString& path, qint64 count);
    void testForecastsStopped(const QString& path);
    void testForecastsFailed(const QString& path);
    void trainingProgress(const himnet::TrainProgress& progress);
    void trainingFinished(const himnet::TrainResult& result, const QString& checkpointPath);
    void trainingStateChanged(bool training);
    void trainingEmbeddingsMapped(const EmbeddingResult& result);
    void embeddingProgress(int iteration, int iterations, const QVector<QPointF>& layout);
    void embeddingMapped(const EmbeddingResult& result);
    void poolsSummarised(const PoolMaps& maps);
    void baselinesMeasured(const PlanBaselines& baselines);
    void failed(const QString& message);
    /// Sent instead of failed() when a model fits the dataset but for its steps: their interval,
    /// or how finer readings were combined into them (EngineWorker::modelNeedsSteps).
    void modelNeedsSteps(const QString& checkpointPath, qint64 modelIntervalSeconds, const QString& modelAggregation,
                         bool readableAsModelSteps, const QString& message);
    /// The last pending request has finished, after every result it sent was delivered
    /// (and whatever those results asked for has finished too).
    void idle();

private:
    /// Runs `job(worker)` on the engine thread and counts it as pending until it returns, in
    /// `ofKind` too when given.
    template <typename Job> void post(Job job, int* ofKind = nullptr);

    QThread m_thread;
    EngineWorker* m_worker = nullptr; // deleted by m_thread's finished() -> deleteLater
    bool m_training = false;
    quint64 m_lastExportId = 0;     ///< the number of the latest export of test-period forecasts
    quint64 m_lastEvaluationId = 0; ///< the number of the latest evaluation asked for
    quint64 m_lastTrainingId = 0;   ///< the number of the latest training asked for
    quint64 m_lastBaselinesId = 0;  ///< the number of the latest request for the naive forecasts' errors
    int m_pending = 0;
    int m_exportsPending = 0; ///< exports of test-period forecasts queued or running
};
