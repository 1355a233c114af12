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
    connect(m_worker, &EngineWorker::modelLoaded, this, &EngineController::modelLoaded);
    connect(m_worker, &EngineWorker::forecastReady, this, &EngineController::forecastReady);
    connect(m_worker, &EngineWorker::evaluated, this, &EngineController::evaluated);
    connect(m_worker, &EngineWorker::trainingProgress, this, &EngineController::trainingProgress);
    connect(m_worker, &EngineWorker::trainingFinished, this, [this](const himnet::TrainResult& result, const QString& path) {
        m_training = false;
        Q_EMIT trainingStateChanged(false);
        Q_EMIT trainingFinished(result, path);
    });
    connect(m_worker, &EngineWorker::embeddingProgress, this, &EngineController::embeddingProgress);
    connect(m_worker, &EngineWorker::embeddingMapped, this, &EngineController::embeddingMapped);
    connect(m_worker, &EngineWorker::poolsSummarised, this, &EngineController::poolsSummarised);
    connect(m_worker, &EngineWorker::failed, this, [this](const QString& message) {
        if (m_training) {
            m_training = false;
            Q_EMIT trainingStateChanged(false);
        }
        Q_EMIT failed(message);
    });
    m_thread.start();
}

EngineController::~EngineController()
{
    m_worker->stopAll();
    m_thread.quit();
    m_thread.wait();
}

void EngineController::loadDataset(const QString& path)
{
    m_worker->supersedeModel();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, path] { w->loadDataset(path); }, Qt::QueuedConnection);
}

void EngineController::loadDemoCity(int sensors, int weeks, uint seed)
{
    m_worker->supersedeModel();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, sensors, weeks, seed] { w->loadDemoCity(sensors, weeks, seed); },
                              Qt::QueuedConnection);
}

void EngineController::loadModel(const QString& checkpointPath, std::shared_ptr<const himnet::Dataset> data)
{
    m_worker->supersedeModel();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, checkpointPath, data] { w->loadModel(checkpointPath, data); },
                              Qt::QueuedConnection);
}

void EngineController::forecast(qint64 origin)
{
    m_worker->setLatestForecastOrigin(origin);
    QMetaObject::invokeMethod(m_worker, [w = m_worker, origin] { w->forecast(origin); }, Qt::QueuedConnection);
}

void EngineController::evaluate()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, generation = m_worker->modelGeneration()] { w->evaluate(generation); },
                              Qt::QueuedConnection);
}

void EngineController::train(const himnet::TrainingOptions& options, std::shared_ptr<const himnet::Dataset> data)
{
    m_training = true;
    Q_EMIT trainingStateChanged(true);
    QMetaObject::invokeMethod(m_worker, [w = m_worker, options, data] { w->train(options, data); }, Qt::QueuedConnection);
}

void EngineController::pauseTraining(bool paused) { m_worker->setPaused(paused); }

void EngineController::stopTraining() { m_worker->requestCancel(); }

void EngineController::mapEmbeddings(const EmbeddingRequest& request)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, request] { w->mapEmbeddings(request); }, Qt::QueuedConnection);
}

void EngineController::cancelEmbedding() { m_worker->cancelEmbedding(); }

void EngineController::summarisePools(const QString& checkpointPath, std::shared_ptr<const himnet::Dataset> data)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, checkpointPath, data] { w->summarisePools(checkpointPath, data); },
                              Qt::QueuedConnection);
}
