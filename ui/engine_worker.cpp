#include "engine_worker.h"

#include <c10/util/Exception.h>

#include <exception>

namespace {

template <typename Work>
void guarded(EngineWorker* worker, Work&& work)
{
    try {
        work();
    } catch (const c10::Error& e) {
        Q_EMIT worker->failed(QString::fromStdString(e.what_without_backtrace()));
    } catch (const std::exception& e) {
        Q_EMIT worker->failed(QString::fromStdString(e.what()));
    } catch (...) {
        Q_EMIT worker->failed(QStringLiteral("unexpected error in the engine"));
    }
}

} // namespace

void EngineWorker::inspectModel(const QString& path)
{
    guarded(this, [&] { Q_EMIT modelInspected(himnet::inspectModelFile(path.toStdString())); });
}
