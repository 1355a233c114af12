#pragma once
// Lives on the engine thread. Every slot runs engine work synchronously and answers with a
// result signal or failed(message); no exception escapes a slot.
#include "himnet/model_file.h"

#include <QObject>
#include <QString>

Q_DECLARE_METATYPE(himnet::ModelFileSummary)

class EngineWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

public Q_SLOTS:
    /// Reads a checkpoint or reference state dict and emits modelInspected or failed.
    void inspectModel(const QString& path);

Q_SIGNALS:
    void modelInspected(const himnet::ModelFileSummary& summary);
    /// `message` names the file and the problem, ready for a dialog.
    void failed(const QString& message);
};
