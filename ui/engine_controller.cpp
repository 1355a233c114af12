#include "engine_controller.h"

EngineController::EngineController(QObject* parent) : QObject(parent)
{
    registerEngineTypes();
    m_thread.setObjectName(QStringLiteral("himnet-engine"));
    m_worker = new EngineWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &EngineWorker::modelInspected, this, &EngineController::modelInspected);
    connect(m_worker, &EngineWorker::datasetLoaded, this, &EngineController::datasetLoaded);
    connect(m_worker, &EngineWorker::datasetNeedsDateOrder, this, &EngineController::datasetNeedsDateOrder);
    connect(m_worker, &EngineWorker::modelLoaded, this, &EngineController::modelLoaded);
    connect(m_worker, &EngineWorker::modelImported, this, &EngineController::modelImported);
    connect(m_worker, &EngineWorker::forecastReady, this, &EngineController::forecastReady);
    connect(m_worker, &EngineWorker::evaluated, this, &EngineController::evaluated);
    connect(m_worker, &EngineWorker::evaluationProgress, this, &EngineController::evaluationProgress);
    connect(m_worker, &EngineWorker::evaluationFailed, this, &EngineController::evaluationFailed);
    connect(m_worker, &EngineWorker::evaluationKept, this, &EngineController::evaluationKept);
    connect(m_worker, &EngineWorker::testForecastsProgress, this, &EngineController::testForecastsProgress);
    connect(m_worker, &EngineWorker::testForecastsExported, this, &EngineController::testForecastsExported);
    connect(m_worker, &EngineWorker::testForecastsStopped, this, &EngineController::testForecastsStopped);
    connect(m_worker, &EngineWorker::testForecastsFailed, this, &EngineController::testForecastsFailed);
    connect(m_worker, &EngineWorker::trainingProgress, this, &EngineController::trainingProgress);
    connect(m_worker, &EngineWorker::trainingEmbeddingsMapped, this, &EngineController::trainingEmbeddingsMapped);
    connect(m_worker, &EngineWorker::trainingFinished, this, [this](const himnet::TrainResult& result, const QString& path) {
        m_training = false;
        Q_EMIT trainingStateChanged(false);
        Q_EMIT trainingFinished(result, path);
    });
    connect(m_worker, &EngineWorker::embeddingProgress, this, &EngineController::embeddingProgress);
    connect(m_worker, &EngineWorker::embeddingMapped, this, &EngineController::embeddingMapped);
    connect(m_worker, &EngineWorker::poolsSummarised, this, &EngineController::poolsSummarised);
    connect(m_worker, &EngineWorker::baselinesMeasured, this, &EngineController::baselinesMeasured);
    connect(m_worker, &EngineWorker::modelNeedsSteps, this, &EngineController::modelNeedsSteps);
    connect(m_worker, &EngineWorker::failed, this, [this](const QString& message) {
        if (m_training) {
            m_training = false;
            Q_EMIT trainingStateChanged(false);
        }
        Q_EMIT failed(message);
    });
    m_thread.start();
}

template <typename Job> void EngineController::post(Job job, int* ofKind)
{
    ++m_pending;
    if (ofKind) ++*ofKind;
    QMetaObject::invokeMethod(m_worker, [this, job = std::move(job), ofKind] {
        job(m_worker);
        // Queued behind the results the job sent, so they are handled (and may post more) first.
        QMetaObject::invokeMethod(this, [this, ofKind] {
            if (ofKind) --*ofKind;
            if (--m_pending == 0) Q_EMIT idle();
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

EngineController::~EngineController()
{
    m_worker->stopAll();
    m_thread.quit();
    m_thread.wait();
}

void EngineController::loadDataset(const QString& path, const himnet::LoadOptions& options)
{
    m_worker->supersedeModel();
    post([path, options](EngineWorker* w) { w->loadDataset(path, options); });
}

void EngineController::loadDemoCity(int sensors, int weeks, uint seed)
{
    m_worker->supersedeModel();
    post([sensors, weeks, seed](EngineWorker* w) { w->loadDemoCity(sensors, weeks, seed); });
}

void EngineController::loadModel(const QString& checkpointPath, std::shared_ptr<const himnet::Dataset> data)
{
    m_worker->supersedeModel();
    post([checkpointPath, data](EngineWorker* w) { w->loadModel(checkpointPath, data); });
}

void EngineController::importModel(const QString& stateDictPath, std::shared_ptr<const himnet::Dataset> data, const QString& checkpointPath)
{
    m_worker->supersedeModel();
    post([stateDictPath, data, checkpointPath](EngineWorker* w) { w->importModel(stateDictPath, data, checkpointPath); });
}

void EngineController::forecast(qint64 origin)
{
    m_worker->setLatestForecastOrigin(origin);
    post([origin](EngineWorker* w) { w->forecast(origin); });
}

void EngineController::evaluate(bool keepInCheckpoint, const QString& keptReports)
{
    post([generation = m_worker->modelGeneration(), id = ++m_lastEvaluationId, keepInCheckpoint, keptReports](EngineWorker* w) {
        w->evaluate(generation, id, keepInCheckpoint, keptReports);
    });
}

void EngineController::boundByKeptIntervals()
{
    post([generation = m_worker->modelGeneration()](EngineWorker* w) { w->boundByKeptIntervals(generation); });
}

void EngineController::stopEvaluations() { m_worker->stopEvaluationsThrough(m_lastEvaluationId); }

void EngineController::exportTestForecasts(const QString& path)
{
    post([generation = m_worker->modelGeneration(), id = ++m_lastExportId, path](EngineWorker* w) {
        w->exportTestForecasts(generation, id, path);
    }, &m_exportsPending);
}

void EngineController::stopTestForecastsExports() { m_worker->stopExportsThrough(m_lastExportId); }

void EngineController::train(const himnet::TrainingOptions& options, std::shared_ptr<const himnet::Dataset> data)
{
    m_training = true;
    Q_EMIT trainingStateChanged(true);
    post([id = ++m_lastTrainingId, options, data](EngineWorker* w) { w->train(id, options, data); });
}

void EngineController::pauseTraining(bool paused) { m_worker->pauseTraining(m_lastTrainingId, paused); }

void EngineController::stopTraining() { m_worker->stopTrainingsThrough(m_lastTrainingId); }

void EngineController::mapEmbeddings(const EmbeddingRequest& request)
{
    post([request](EngineWorker* w) { w->mapEmbeddings(request); });
}

void EngineController::cancelEmbedding() { m_worker->cancelEmbedding(); }

void EngineController::summarisePools(const QString& checkpointPath, std::shared_ptr<const himnet::Dataset> data)
{
    post([checkpointPath, data](EngineWorker* w) { w->summarisePools(checkpointPath, data); });
}

void EngineController::measureBaselines(std::shared_ptr<const himnet::Dataset> data, const himnet::TrainingOptions& options, const QString& plan)
{
    const quint64 id = ++m_lastBaselinesId;
    m_worker->setLatestBaselinesRequest(id);
    post([id, data, options, plan](EngineWorker* w) { w->measureBaselines(id, data, options, plan); });
}
