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

    /// Asks the engine to read a model file; answers with modelInspected or failed.
    void inspectModel(const QString& path);

Q_SIGNALS:
    void modelInspected(const himnet::ModelFileSummary& summary);
    void failed(const QString& message);

private:
    QThread m_thread;
    EngineWorker* m_worker = nullptr; // owned by m_thread's finished() -> deleteLater
};
