#pragma once
// Lives on the engine thread. Every slot runs engine work synchronously and answers with a
// result signal or failed(message); no exception escapes a slot. Training can be paused and
// cancelled from the GUI thread through the plain (thread-safe) methods, since the worker's
// event loop is busy while it trains.
#include "engine_types.h"
#include "training_embeddings.h"

#include <QObject>

#include <atomic>
#include <condition_variable>
#include <mutex>

class EngineWorker : public QObject {
    Q_OBJECT
public:
    EngineWorker();
    ~EngineWorker() override;

    // Thread-safe controls, called from the GUI thread.
    /// Stops a training that runs, before its next batch (as stopAll does).
    void requestCancel();
    /// Stops the trainings numbered up to `trainingId`: one running before its next batch, one
    /// still queued before it begins (trainingFinished, cancelled, with nothing trained), so that
    /// a Stop clicked while the engine finishes other work is not lost.
    void stopTrainingsThrough(quint64 trainingId);
    /// Stops a running embedding projection before its next iteration.
    void cancelEmbedding() { m_analysisCancel.cancel(); }
    /// Training `trainingId` waits before its next batch while paused, also when paused while
    /// it still waited its turn; a pause of a training that has ended holds no later one.
    void pauseTraining(quint64 trainingId, bool paused);
    /// Which embeddings are drawn after each epoch of a training, and how; none: not at all.
    void setTrainingPictureSettings(std::optional<TrainingPictureSettings> settings)
    {
        m_trainingEmbeddings.setSettings(std::move(settings));
    }
    /// Forecast requests coalesce: only the newest origin is computed. An evaluation or an
    /// export of the test period serves it between two batches, before the request's turn.
    void setLatestForecastOrigin(qint64 origin)
    {
        m_latestOrigin.store(origin);
        m_forecastRequests.fetch_add(1); // after the origin: whoever sees the count sees it
    }
    /// The loaded model is about to be replaced (another dataset or checkpoint, or the window
    /// closes): an evaluation or export of it that runs stops at its next batch, one still
    /// queued is skipped. Returns the new model generation.
    quint64 supersedeModel();
    /// The model generation an evaluation or export request is made for.
    quint64 modelGeneration() const { return m_modelGeneration.load(); }
    /// Stops the exports of test-period forecasts numbered up to `exportId`: one running stops
    /// at its next pass, those still queued write nothing (testForecastsStopped for each).
    void stopExportsThrough(quint64 exportId);
    /// Stops the evaluations numbered up to `evaluationId`, running or queued, and nothing else
    /// of the model (a training asked for is not to wait for them).
    void stopEvaluationsThrough(quint64 evaluationId) { m_evaluationsStoppedThrough.store(evaluationId); }
    /// The level of forecast intervals that evaluations measure from now on, and that a model
    /// opened on data without a test period takes from its checkpoint.
    void setIntervalLevel(double level) { m_intervalLevel.store(level); }
    /// Requests for the naive forecasts' errors of a split coalesce: only the newest is measured.
    void setLatestBaselinesRequest(quint64 request) { m_latestBaselinesRequest.store(request); }
    /// Everything running stops as soon as it can: training (after its batch), a projection,
    /// an evaluation or export. For the window's closing.
    void stopAll();

public Q_SLOTS:
    void loadDataset(const QString& path, const himnet::LoadOptions& options);
    void loadDemoCity(int sensors, int weeks, uint seed);
    /// Describes the checkpoint (modelInspected), then loads its best weights for `data` (kept
    /// for forecast/evaluate; modelLoaded).
    void loadModel(const QString& checkpointPath, std::shared_ptr<const himnet::Dataset> data);
    /// Makes a checkpoint at `checkpointPath` of the reference state dict at `stateDictPath`,
    /// with the scaler and split of `data`'s training defaults (modelImported), then loads it
    /// as loadModel does.
    void importModel(const QString& stateDictPath, std::shared_ptr<const himnet::Dataset> data, const QString& checkpointPath);
    void forecast(qint64 origin);
    /// A model opened on data without a test period (a feed's latest hours), unless
    /// `generation` has been superseded: its forecasts bounded from now on by the intervals its
    /// checkpoint keeps of the level asked for (setIntervalLevel), else of the level it keeps.
    /// Other models are measured at that level instead (evaluate).
    void boundByKeptIntervals(quint64 generation);
    /// Metrics of the loaded model on the test split, unless `generation` has been superseded:
    /// the report its checkpoint keeps when measured on the same weights and data, else
    /// measured now, and then, with `keepInCheckpoint`, stored there for the next opening. A
    /// checkpoint not to be written to has its reports kept in the folder `keptReports` (when
    /// given), found there at the next opening. While it measures, evaluationProgress after
    /// each batch; evaluationFailed (and failed) when it cannot. Evaluation `evaluationId`
    /// stopped (stopEvaluationsThrough) before it began is skipped, one running stops at its
    /// next batch, neither saying more.
    void evaluate(quint64 generation, quint64 evaluationId, bool keepInCheckpoint, const QString& keptReports);
    /// The loaded model's forecasts from every window of the test split (those evaluate
    /// measures) written to `path` (.csv, .h5 or .xlsx) a pass at a time: testForecastsProgress
    /// after each pass, then testForecastsExported; or testForecastsFailed and failed; or
    /// testForecastsStopped, when `generation` has been superseded or export `exportId` stopped
    /// (stopExportsThrough), before it began or between two passes. An earlier file at `path`
    /// is kept unless the export runs to its end.
    void exportTestForecasts(quint64 generation, quint64 exportId, const QString& path);
    /// Trains as `options` say: trainingProgress after each batch, then trainingFinished; or
    /// failed. Training `trainingId` stopped (stopTrainingsThrough) before it began ends at once.
    void train(quint64 trainingId, const himnet::TrainingOptions& options, std::shared_ptr<const himnet::Dataset> data);
    /// Extracts, projects and clusters one kind of embedding; progress while t-SNE runs.
    void mapEmbeddings(const EmbeddingRequest& request);
    /// Mixing coefficients and generated-weight norms of the checkpoint's pools.
    void summarisePools(const QString& checkpointPath, std::shared_ptr<const himnet::Dataset> data);
    /// The naive forecasts' errors on the test windows of `data` split as `options` say, whose
    /// plan is `plan` (himnet::TrainingPlan::toJson): baselinesMeasured; nothing when request
    /// `request` is no longer the newest, or the data cannot be split so (the Training tab
    /// says why).
    void measureBaselines(quint64 request, std::shared_ptr<const himnet::Dataset> data, const himnet::TrainingOptions& options,
                          const QString& plan);

Q_SIGNALS:
    void modelInspected(const himnet::ModelFileSummary& summary);
    void datasetLoaded(const LoadedDataset& dataset);
    void modelLoaded(const LoadedModel& model);
    /// `description`: what the import took from the data (scaler, split, untrained days).
    void modelImported(const QString& stateDictPath, const QString& checkpointPath, const QString& description);
    void forecastReady(const himnet::Forecast& forecast);
    void evaluated(const himnet::EvaluationReport& report);
    /// While evaluate() measures: `measured` of the test split's `windows`, after each batch.
    void evaluationProgress(qint64 measured, qint64 windows);
    /// evaluate() could not measure the model (sent before failed(), with its message).
    void evaluationFailed(const QString& message);
    void testForecastsProgress(qint64 written, qint64 total);
    void testForecastsExported(const QString& path, qint64 count);
    /// An export of the test period's forecasts to `path` ended before its end, nothing written.
    void testForecastsStopped(const QString& path);
    /// An export of the test period's forecasts to `path` failed (sent before failed(), which
    /// says why): nothing written there.
    void testForecastsFailed(const QString& path);
    /// After evaluated(), the checkpoint now keeps that report: its summary, with what it keeps.
    void evaluationKept(const himnet::ModelFileSummary& summary);
    void trainingProgress(const himnet::TrainProgress& progress);
    void trainingFinished(const himnet::TrainResult& result, const QString& checkpointPath);
    /// After each epoch of a training, its embeddings projected (TrainingEmbeddings).
    void trainingEmbeddingsMapped(const EmbeddingResult& result);
    /// The t-SNE layout so far, every few iterations.
    void embeddingProgress(int iteration, int iterations, const QVector<QPointF>& layout);
    /// Also sent, with map.cancelled set, when the projection was cancelled.
    void embeddingMapped(const EmbeddingResult& result);
    void poolsSummarised(const PoolMaps& maps);
    void baselinesMeasured(const PlanBaselines& baselines);
    /// `message` names the file and the problem, ready for a dialog.
    void failed(const QString& message);
    /// Instead of failed(): the dataset's dates with slashes can be read month first or day
    /// first, and nothing settles which; `date` is one as the file writes it ("12/4/2026")
    /// (himnet::DateOrderUnsettled).
    void datasetNeedsDateOrder(const QString& date, const QString& message);
    /// Instead of failed(): the model at `checkpointPath` was trained on other steps than the
    /// dataset's: every `modelIntervalSeconds`, finer readings combined by `modelAggregation`
    /// ("mean", "sum", or empty when the checkpoint does not say) (himnet::StepMismatch).
    void modelNeedsSteps(const QString& checkpointPath, qint64 modelIntervalSeconds, const QString& modelAggregation,
                         bool readableAsModelSteps, const QString& message);

private:
    template <typename Work>
    void guarded(Work&& work);
    /// `forecaster`'s forecasts bounded by the intervals `checkpointPath` keeps of the level
    /// asked for, else of the level it keeps; left as they are when it keeps none.
    void useKeptIntervals(himnet::Forecaster& forecaster, const std::string& checkpointPath) const;
    /// While training `trainingId` is paused and not cancelled.
    void waitWhilePaused(quint64 trainingId);
    /// Between two batches of an evaluation or passes of an export: the forecast from the newest
    /// origin asked for, if none has been sent for it yet, so that the window need not wait
    /// minutes for their end.
    void serveForecastAskedMeanwhile();

    struct ModelState;
    std::unique_ptr<ModelState> m_model;
    TrainingEmbeddings m_trainingEmbeddings;
    himnet::CancelToken m_cancel;
    himnet::CancelToken m_analysisCancel;
    himnet::CancelToken m_modelWorkCancel; ///< stops an evaluation or export of a superseded model
    std::atomic<quint64> m_modelGeneration{0};
    std::atomic<quint64> m_exportsStoppedThrough{0};     ///< exports numbered up to it are stopped
    std::atomic<quint64> m_evaluationsStoppedThrough{0}; ///< evaluations numbered up to it are stopped
    std::atomic<quint64> m_trainingsStoppedThrough{0};   ///< trainings numbered up to it are stopped
    std::atomic<qint64> m_latestOrigin{-1};
    std::atomic<quint64> m_latestBaselinesRequest{0};
    std::atomic<double> m_intervalLevel{himnet::kIntervalLevel};
    std::atomic<quint64> m_forecastRequests{0}; ///< how many forecasts setLatestForecastOrigin has asked for
    quint64 m_forecastsAnswered = 0;            ///< the count of requests the latest forecast sent answered
    std::mutex m_pauseMutex;
    std::condition_variable m_pauseChanged;
    quint64 m_pausedTraining = 0; ///< the training paused (by its number); 0: none
};
