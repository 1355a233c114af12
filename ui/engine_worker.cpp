#include "engine_worker.h"

#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "himnet/failure_text.h"
#include "himnet/learned_graph.h"
#include "himnet/model_analysis.h"
#include "himnet/reference_models.h"
#include "himnet/graph_layout.h"
#include "himnet/kept_intervals.h"
#include "himnet/runtime.h"

#include <QFileInfo>

#include <exception>

struct EngineWorker::ModelState {
    QString checkpoint;
    std::shared_ptr<const himnet::Dataset> data;
    std::unique_ptr<himnet::Forecaster> forecaster;
};

namespace {

LoadedDataset prepare(himnet::Dataset dataset)
{
    LoadedDataset loaded;
    loaded.summary = himnet::summarizeDataset(dataset);
    loaded.geographic = dataset.hasLocations();
    if (loaded.geographic) {
        for (const auto& where : dataset.locations) loaded.positions.push_back(webMercator(where));
    } else {
        // No coordinates: lay the road graph out, on a scale comparable to a city (20 km).
        for (const auto& [x, y] : himnet::roadGraphLayout(dataset.numNodes, dataset.edges))
            loaded.positions.push_back(QPointF(x * 20000.0, y * 20000.0));
    }
    loaded.data = std::make_shared<const himnet::Dataset>(std::move(dataset));
    return loaded;
}

/// An engine message for a caption: the files it names by their names, not their whole paths
/// (error dialogs keep the paths).
QString withFileNames(const std::string& message, std::initializer_list<std::string> paths)
{
    QString text = QString::fromStdString(message);
    for (const std::string& path : paths)
        if (!path.empty()) text.replace(QString::fromStdString(path), QFileInfo(QString::fromStdString(path)).fileName());
    return text;
}

/// What `work()` gives back; when it throws (but for a cancellation), `tell` hears the failure's
/// message first, for the view that waits on that work, and the exception goes on to guarded(),
/// which sends failed().
template <typename Work, typename Tell>
auto tellingFailure(Tell&& tell, Work&& work) -> decltype(work())
{
    try {
        return work();
    } catch (const himnet::Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        tell(QString::fromStdString(himnet::describeFailure(e)));
        throw;
    } catch (...) {
        tell(QStringLiteral("unexpected error in the engine"));
        throw;
    }
}

} // namespace

EngineWorker::EngineWorker() = default;
EngineWorker::~EngineWorker() = default;

template <typename Work>
void EngineWorker::guarded(Work&& work)
{
    try {
        work();
    } catch (const himnet::Cancelled&) {
        // asked for by whoever cancelled: nothing to report
    } catch (const std::exception& e) { // LibTorch's too: without its backtrace, memory said as such
        Q_EMIT failed(QString::fromStdString(himnet::describeFailure(e)));
    } catch (...) {
        Q_EMIT failed(QStringLiteral("unexpected error in the engine"));
    }
}

void EngineWorker::requestCancel()
{
    m_cancel.cancel();
    { // a training between its look at the token and its wait is waiting by now: it hears this
        std::lock_guard<std::mutex> lock(m_pauseMutex);
    }
    m_pauseChanged.notify_all(); // a paused training stops waiting
}

quint64 EngineWorker::supersedeModel()
{
    const quint64 generation = ++m_modelGeneration;
    m_modelWorkCancel.cancel();
    return generation;
}

void EngineWorker::stopExportsThrough(quint64 exportId)
{
    quint64 stopped = m_exportsStoppedThrough.load();
    while (stopped < exportId && !m_exportsStoppedThrough.compare_exchange_weak(stopped, exportId)) {
    }
}

void EngineWorker::stopAll()
{
    supersedeModel();
    requestCancel();
    cancelEmbedding();
}

void EngineWorker::pauseTraining(quint64 trainingId, bool paused)
{
    {
        std::lock_guard<std::mutex> lock(m_pauseMutex);
        if (paused) m_pausedTraining = trainingId;
        else if (m_pausedTraining == trainingId) m_pausedTraining = 0;
    }
    m_pauseChanged.notify_all();
}

void EngineWorker::waitWhilePaused(quint64 trainingId)
{
    std::unique_lock<std::mutex> lock(m_pauseMutex);
    m_pauseChanged.wait(lock, [&] { return m_pausedTraining != trainingId || m_cancel.isCancelled(); });
}

void EngineWorker::loadDataset(const QString& path, const himnet::LoadOptions& options)
{
    guarded([&] {
        try {
            Q_EMIT datasetLoaded(prepare(himnet::loadDataset(path.toStdString(), options)));
        } catch (const himnet::DateOrderUnsettled& e) {
            Q_EMIT datasetNeedsDateOrder(QString::fromStdString(e.date()), QString::fromStdString(e.what()));
        }
    });
}

void EngineWorker::loadDemoCity(int sensors, int weeks, uint seed)
{
    guarded([&] {
        himnet::DemoCityOptions options;
        options.sensors = sensors;
        options.weeks = weeks;
        options.seed = seed;
        Q_EMIT datasetLoaded(prepare(himnet::generateDemoCity(options)));
    });
}

void EngineWorker::loadModel(const QString& checkpointPath, std::shared_ptr<const himnet::Dataset> data)
{
    guarded([&] {
        // Described first: a file that holds no model yet (a training stopped in its first
        // epoch) can still be continued, though loading it fails below.
        LoadedModel loaded;
        loaded.summary = himnet::inspectModelFile(checkpointPath.toStdString());
        Q_EMIT modelInspected(loaded.summary);
        auto state = std::make_unique<ModelState>();
        state->checkpoint = checkpointPath;
        state->data = data;
        try {
            state->forecaster = std::make_unique<himnet::Forecaster>(data, checkpointPath.toStdString(), himnet::DeviceKind::Auto);
        } catch (const himnet::StepMismatch& e) {
            const auto aggregation = e.modelAggregation();
            Q_EMIT modelNeedsSteps(checkpointPath, e.modelIntervalSeconds(),
                                   aggregation ? QString::fromStdString(himnet::aggregationName(*aggregation)) : QString(),
                                   e.readableAsModelSteps(), QString::fromStdString(e.what()));
            return;
        }
        // Data without a test period (the latest hours of a feed) cannot measure the intervals:
        // the checkpoint's kept ones give the forecasts their bounds, of the level asked for
        // when it keeps them, else of the level it keeps (the plot names it).
        if (!state->forecaster->noTestPeriod().empty()) useKeptIntervals(*state->forecaster, checkpointPath.toStdString());
        loaded.checkpointPath = checkpointPath;
        loaded.firstOrigin = state->forecaster->firstOrigin();
        loaded.lastOrigin = state->forecaster->lastOrigin();
        loaded.firstTestOrigin = state->forecaster->firstTestOrigin();
        loaded.noTestPeriod = withFileNames(state->forecaster->noTestPeriod(), {data->sourcePath, checkpointPath.toStdString()});
        loaded.otherPeriodNote = withFileNames(state->forecaster->otherPeriodNote(), {data->sourcePath, checkpointPath.toStdString()});
        loaded.trainedPeriod = state->forecaster->trainedPeriod();
        loaded.learnedEdges = himnet::learnedGraphEdges(checkpointPath.toStdString(), 3);
        m_model = std::move(state);
        Q_EMIT modelLoaded(loaded);
    });
}

void EngineWorker::importModel(const QString& stateDictPath, std::shared_ptr<const himnet::Dataset> data, const QString& checkpointPath)
{
    bool imported = false;
    guarded([&] {
        const himnet::ImportedModel m = himnet::importStateDict(stateDictPath.toStdString(), data, himnet::trainingDefaults(*data),
                                                                 checkpointPath.toStdString());
        Q_EMIT modelImported(stateDictPath, checkpointPath,
                             tr("scaler mean %1, std %2 of the training windows; %3; %4")
                                 .arg(m.scalerMean, 0, 'g', 6)
                                 .arg(m.scalerStd, 0, 'g', 6)
                                 .arg(QString::fromStdString(m.plan.describeSplit()), QString::fromStdString(m.plan.contextNote)));
        imported = true;
    });
    if (imported) loadModel(checkpointPath, std::move(data));
}

void EngineWorker::useKeptIntervals(himnet::Forecaster& forecaster, const std::string& checkpointPath) const
{
    // Of the Band's level, else of the level the checkpoint describes (the plot names it).
    if (const auto kept = himnet::keptReportWithIntervals(forecaster, checkpointPath, {m_intervalLevel.load(), 0.0}))
        forecaster.setIntervals(kept->intervals);
}

void EngineWorker::boundByKeptIntervals(quint64 generation)
{
    if (generation != m_modelGeneration.load()) return;
    guarded([&] {
        if (m_model && !m_model->forecaster->noTestPeriod().empty())
            useKeptIntervals(*m_model->forecaster, m_model->checkpoint.toStdString());
    });
}

void EngineWorker::forecast(qint64 origin)
{
    const quint64 requests = m_forecastRequests.load(); // before the origin, which is stored first
    const qint64 latest = m_latestOrigin.load();
    if (latest >= 0 && latest != origin) return; // a newer request is queued behind this one
    if (latest == origin && requests == m_forecastsAnswered) return; // answered between two passes of an export
    guarded([&] {
        if (!m_model) throw himnet::InputError("no trained model is loaded: train one or open a checkpoint first");
        Q_EMIT forecastReady(m_model->forecaster->at(origin));
        m_forecastsAnswered = requests;
    });
}

void EngineWorker::evaluate(quint64 generation, quint64 evaluationId, bool keepInCheckpoint, const QString& keptReports)
{
    // Reset before comparing: a supersedeModel() after the comparison cancels this evaluation,
    // one before it is seen by the comparison.
    m_modelWorkCancel.reset();
    const auto stopped = [&] { return evaluationId <= m_evaluationsStoppedThrough.load(); };
    if (generation != m_modelGeneration.load() || stopped()) return;
    guarded([&] {
        if (!m_model) throw himnet::InputError("no trained model is loaded: train one or open a checkpoint first");
        const std::string checkpoint = m_model->checkpoint.toStdString();
        const std::string folder = keepInCheckpoint ? std::string() : keptReports.toStdString();
        const auto onBatch = [&](int64_t measured, int64_t windows) {
            if (stopped()) throw himnet::Cancelled("measuring of the test split stopped");
            Q_EMIT evaluationProgress(measured, windows);
            serveForecastAskedMeanwhile();
        };
        himnet::EvaluationReport report = tellingFailure([this](const QString& why) { Q_EMIT evaluationFailed(why); }, [&] {
            // When it is kept, at every level of the Band from the same pass: switching the Band then measures nothing.
            const bool kept = keepInCheckpoint || !folder.empty();
            return himnet::evaluateCheckpoint(m_model->data, checkpoint, "test", himnet::DeviceKind::Auto, &m_modelWorkCancel,
                                              himnet::StoredReport::WhenCurrent, folder, onBatch, m_intervalLevel.load(),
                                              kept ? himnet::bandLevels() : std::vector<double>{});
        });
        m_model->forecaster->setIntervals(report.intervals); // of its sensors and steps: the report is of this model and data
        std::vector<himnet::EvaluationReport> otherLevels = std::move(report.atOtherLevels); // only kept: not sent to the views
        report.atOtherLevels.clear();
        Q_EMIT evaluated(report);
        report.atOtherLevels = std::move(otherLevels);
        if (!folder.empty() && !report.fromCheckpoint && !report.fromKeptReports) {
            try {
                himnet::keepReport(folder, report);
            } catch (const std::exception& e) { // the report is shown; only the next opening measures again
                qWarning("%s", e.what());
            }
        }
        if (keepInCheckpoint && !report.fromCheckpoint) {
            try {
                himnet::storeMetrics(checkpoint, report);
                Q_EMIT evaluationKept(himnet::inspectModelFile(checkpoint));
            } catch (const std::exception& e) { // the report is shown; only the next opening measures again
                qWarning("%s", e.what());
            }
        }
    });
}

void EngineWorker::exportTestForecasts(quint64 generation, quint64 exportId, const QString& path)
{
    m_modelWorkCancel.reset(); // before comparing, as in evaluate()
    const auto stopped = [&] { return m_modelWorkCancel.isCancelled() || exportId <= m_exportsStoppedThrough.load(); };
    if (generation != m_modelGeneration.load() || stopped()) {
        Q_EMIT testForecastsStopped(path);
        return;
    }
    bool stoppedBetweenPasses = false;
    guarded([&] {
        tellingFailure([&](const QString&) { Q_EMIT testForecastsFailed(path); }, [&] {
            if (!m_model) throw himnet::InputError("no trained model is loaded: train one or open a checkpoint first");
            const himnet::Forecaster& forecaster = *m_model->forecaster;
            const std::vector<int64_t>& origins = forecaster.splitOrigins("test");
            const auto total = static_cast<qint64>(origins.size());
            himnet::writeForecastFile(forecaster, origins, path.toStdString(), [&](int64_t written) {
                if (stopped()) { // a model replaced, or the user's stop: the earlier file stays
                    stoppedBetweenPasses = true;
                    throw himnet::Cancelled("export of the test period's forecasts stopped");
                }
                Q_EMIT testForecastsProgress(written, total);
                serveForecastAskedMeanwhile();
            });
            Q_EMIT testForecastsExported(path, total);
        });
    });
    if (stoppedBetweenPasses) Q_EMIT testForecastsStopped(path);
}

void EngineWorker::serveForecastAskedMeanwhile()
{
    const quint64 requests = m_forecastRequests.load();
    const qint64 origin = m_latestOrigin.load();
    if (requests == m_forecastsAnswered || origin < 0 || !m_model) return;
    try {
        Q_EMIT forecastReady(m_model->forecaster->at(origin));
        m_forecastsAnswered = requests;
    } catch (const std::exception&) { // the request, in its turn, says what is wrong
    }
}

void EngineWorker::stopTrainingsThrough(quint64 trainingId)
{
    m_trainingsStoppedThrough.store(trainingId);
    requestCancel();
}

void EngineWorker::train(quint64 trainingId, const himnet::TrainingOptions& options, std::shared_ptr<const himnet::Dataset> data)
{
    // Reset before comparing, as in evaluate(): a stop after the comparison cancels the
    // training at its first batch, one before it is seen by the comparison.
    m_cancel.reset();
    if (trainingId <= m_trainingsStoppedThrough.load()) {
        himnet::TrainResult nothing;
        nothing.cancelled = true;
        Q_EMIT trainingFinished(nothing, QString::fromStdString(options.checkpointPath));
        return;
    }
    m_trainingEmbeddings.restart();
    guarded([&] {
        const himnet::TrainResult result = himnet::train(data, options, [this, &data, trainingId](const himnet::TrainProgress& progress) {
            Q_EMIT trainingProgress(progress);
            if (auto picture = m_trainingEmbeddings.map(progress, data, &m_cancel)) Q_EMIT trainingEmbeddingsMapped(*picture);
            waitWhilePaused(trainingId);
        }, &m_cancel);
        himnet::releaseFreeMemory(); // the training's batches are gone; give their memory back
        Q_EMIT trainingFinished(result, QString::fromStdString(options.checkpointPath));
    });
}

void EngineWorker::mapEmbeddings(const EmbeddingRequest& request)
{
    m_analysisCancel.reset();
    guarded([&] {
        const himnet::ModelAnalysis analysis(request.checkpointPath.toStdString(), request.data, himnet::DeviceKind::Auto);
        std::vector<int64_t> origins;
        if (request.kind == himnet::EmbeddingKind::SpatioTemporal) origins = analysis.oneDayOrigins(request.samples);
        EmbeddingResult result;
        result.request = request;
        result.points = std::make_shared<const himnet::EmbeddingPoints>(
            himnet::embeddingPoints(analysis, request.kind, request.data.get(), origins));
        result.map = himnet::mapEmbeddings(*result.points, request.options, [this](const himnet::TsneProgress& p) {
            QVector<QPointF> layout;
            layout.reserve(static_cast<qsizetype>(p.layout->rows));
            for (int64_t i = 0; i < p.layout->rows; ++i) layout.push_back(QPointF(p.layout->at(i, 0), p.layout->at(i, 1)));
            Q_EMIT embeddingProgress(static_cast<int>(p.iteration), static_cast<int>(p.iterations), layout);
        }, &m_analysisCancel);
        Q_EMIT embeddingMapped(result);
    });
}

void EngineWorker::measureBaselines(quint64 request, std::shared_ptr<const himnet::Dataset> data,
                                    const himnet::TrainingOptions& options, const QString& plan)
{
    if (request != m_latestBaselinesRequest.load() || !data) return;
    guarded([&] {
        try {
            Q_EMIT baselinesMeasured({data, plan, himnet::baselineErrors(data, options)});
        } catch (const himnet::InputError&) { // a split the data cannot take: the plan says why
        }
    });
}

void EngineWorker::summarisePools(const QString& checkpointPath, std::shared_ptr<const himnet::Dataset> data)
{
    guarded([&] {
        const himnet::ModelAnalysis analysis(checkpointPath.toStdString(), data, himnet::DeviceKind::Auto);
        PoolMaps maps;
        maps.checkpointPath = checkpointPath;
        maps.nodeMixing = analysis.nodeEmbeddings();
        maps.timeOfDayMixing = analysis.timeOfDayEmbeddings();
        // Each part on its own: an ablated stack has no pool, and says so, without hiding the others.
        const auto attempt = [&](auto&& work) {
            try {
                work();
            } catch (const himnet::InputError& e) {
                maps.notes << withFileNames(e.what(), {checkpointPath.toStdString(), data ? data->sourcePath : std::string()});
            }
        };
        attempt([&] { maps.temporalNorms = analysis.temporalWeightNorms(); });
        attempt([&] {
            const auto origins = analysis.oneDayOrigins(std::min<int64_t>(96, analysis.stepsPerDay()));
            maps.spatioTemporalNorms = analysis.spatioTemporalWeightNorms(origins);
            maps.origins.assign(origins.begin(), origins.end());
            const auto slots = analysis.timeOfDaySlots(origins);
            maps.originSlots.assign(slots.begin(), slots.end());
        });
        Q_EMIT poolsSummarised(maps);
    });
}
