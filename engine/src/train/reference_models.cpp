#include "himnet/reference_models.h"
#include "himnet/errors.h"
#include "io/replace_file.h"
#include "train/checkpoint.h"
#include "train/starting_weights.h"
#include "train/trained_model.h"
#include "train/training_plan.h"
#include "train/training_state.h"

#include <filesystem>
#include <fstream>

namespace himnet {
namespace {

/// How an imported model is fed the days and slots its training never reached: its days were
/// trained apart, so never collapsed into weekday and weekend, which would feed it days it knows
/// as others.
TemporalContext importedContext(TemporalContext requested, const std::string& stateDictPath)
{
    if (requested == TemporalContext::WeekdayWeekend)
        throw InputError(describeProblem(stateDictPath, "its days of week were trained apart: read as weekday or weekend, it would be fed "
                                                        "days it knows as others (use nearest-day, or paper)"));
    return requested == TemporalContext::Auto ? TemporalContext::NearestDay : requested;
}

/// Whether `earlier` (the checkpoint an import would replace) holds the model `now` does: the
/// same record (state dict, split, context), network, scaler, sensors and weights.
bool sameImport(const Checkpoint& earlier, const Checkpoint& now)
{
    if (earlier.training != now.training || earlier.config != now.config || !earlier.scaler || !earlier.dataset
        || earlier.scaler->mean != now.scaler->mean || earlier.scaler->std != now.scaler->std
        || earlier.dataset->sensorIds != now.dataset->sensorIds)
        return false;
    return sameTensors(earlier.params, now.params); // read back in name order
}

} // namespace

ImportedModel importStateDict(const std::string& stateDictPath, std::shared_ptr<const Dataset> data, const TrainingOptions& options,
                              const std::string& checkpointPath)
{
    if (looksLikeHdf5(stateDictPath))
        throw InputError(describeProblem(stateDictPath, "is an HDF5 file, not a state dict saved with torch.save (a HimNet Studio "
                                                        "checkpoint opens as it is)"));
    ModelWeights given = stateDictWeightsFor(stateDictPath, *data);
    HimNetConfig config = given.config;
    // Shapes say nothing of how it was trained; the preset's teacher forcing is as good as any.
    config.tfDecaySteps = options.model.tfDecaySteps;
    config.useTeacherForcing = options.model.useTeacherForcing;

    TrainingRecord record;
    record.options = options;
    record.options.model = config;
    record.options.temporalContext = importedContext(options.temporalContext, stateDictPath);
    record.options.checkpointPath = checkpointPath;
    record.options.resume = false;
    record.initialisation = 0; // its initial weights were drawn elsewhere
    record.importedFrom = std::filesystem::absolute(stateDictPath).string();
    WindowedData windows(data, windowOptionsFor(record.options, config));
    record.context = planTemporalContext(windows, record.options.temporalContext);

    Checkpoint c;
    c.config = config;
    c.params = std::move(given.params);
    c.scaler = ScalerState{windows.scaler().mean, windows.scaler().std};
    c.dataset = datasetStampOf(*data);
    c.training = toJson(record);
    c.split = windows.options().index;
    // The same model imported again (the app imports a .pt at every opening) keeps what was
    // measured of it; its fingerprint still decides whether that is given back.
    if (looksLikeHdf5(checkpointPath)) {
        try {
            const Checkpoint earlier = readCheckpoint(checkpointPath);
            if (sameImport(earlier, c)) {
                c.metrics = earlier.metrics;
                c.evaluation = earlier.evaluation;
                c.otherLevelEvaluations = earlier.otherLevelEvaluations;
            }
        } catch (const InputError&) { // not a checkpoint we can read: replaced whole
        }
    }
    writeCheckpoint(checkpointPath, c);

    ImportedModel imported;
    imported.checkpointPath = checkpointPath;
    imported.config = config;
    imported.parameterCount = config.parameterCount();
    imported.scalerMean = windows.scaler().mean;
    imported.scalerStd = windows.scaler().std;
    imported.plan = trainingPlanOf(windows, record.context, record.options);
    return imported;
}

std::string exportStateDict(const std::string& checkpointPath, const std::string& stateDictPath)
{
    const Checkpoint c = readCheckpoint(checkpointPath);
    std::string caveat;
    if (!c.training.empty()) {
        // The map feeds the model other days and slots, as embeddings and as input values
        // alike: no rewriting of the weights makes the reference feed them so.
        const TemporalContextMap context = parseTrainingRecord(c.training, c.config.stepsPerDay, checkpointPath).context;
        if (!context.isIdentity())
            caveat = "HimNet Studio feeds it trained days or slots in place of those its training never saw (" + context.describe()
                + "); the reference implementation feeds every day and slot as it is, so its forecasts for those differ "
                  "(train with --temporal-context paper for a model both use alike)";
    }
    c10::Dict<std::string, torch::Tensor> dict;
    for (const auto& [name, tensor] : c.params) dict.insert(name, tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous());
    const std::vector<char> bytes = torch::pickle_save(dict);
    replaceFile(stateDictPath, [&](const std::string& temporary) {
        std::ofstream out(temporary, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush()) throw RuntimeFailure(describeProblem(stateDictPath, "could not be written (disk full?)"));
    });
    return caveat;
}

} // namespace himnet
