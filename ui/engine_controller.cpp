#include "engine_controller.h"

EngineController::EngineController(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<himnet::ModelFileSummary>();
    m_thread.setObjectName(QStringLiteral("himnet-engine"));
    m_worker = new EngineWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &EngineWorker::modelInspected, this, &EngineController::modelInspected);
    connect(m_worker, &EngineWorker::failed, this, &EngineController::failed);
    m_thread.start();
}

EngineController::~EngineController()
{
    m_thread.quit();
    m_thread.wait();
}

void EngineController::inspectModel(const QString& path)
{
    QMetaObject::invokeMethod(m_worker, "inspectModel", Qt::QueuedConnection, Q_ARG(QString, path));
}
