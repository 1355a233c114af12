#pragma once
// What a trained HimNet learned, as plain matrices: its spatial, time-of-day, day-of-week and
// spatiotemporal embeddings, and how its meta-parameter pools turn them into weights.
#include "himnet/dataset.h"
#include "himnet/embedding_tables.h"
#include "himnet/himnet_config.h"
#include "himnet/matrix.h"
#include "himnet/runtime.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace himnet {

class ModelAnalysis {
public:
    /// Reads the best weights of `checkpointPath`. `data`, when given, must be the network the
    /// model was trained on (InputError naming the file otherwise); the spatiotemporal views
    /// need it, the others do not, and without it `checkpointPath` may also be a reference
    /// state dict (.pt).
    explicit ModelAnalysis(const std::string& checkpointPath, std::shared_ptr<const Dataset> data = nullptr,
                           DeviceKind device = DeviceKind::Cpu);
    ~ModelAnalysis();
    ModelAnalysis(const ModelAnalysis&) = delete;
    ModelAnalysis& operator=(const ModelAnalysis&) = delete;

    const HimNetConfig& config() const;
    const std::string& checkpointPath() const;
    /// The sensors, from the data or else from the checkpoint ("0", "1", ... when it has none).
    const std::vector<std::string>& sensorIds() const;
    int64_t stepsPerDay() const;
    bool hasData() const;

    /// Node embeddings E (N, d_node): the mixing coefficients of the spatial encoder's pools.
    Matrix nodeEmbeddings() const;
    /// Time-of-day embeddings (P, d_tod), one row per slot of the day.
    Matrix timeOfDayEmbeddings() const;
    /// Day-of-week embeddings (7, d_dow), Monday first.
    Matrix dayOfWeekEmbeddings() const;
    /// The node, time-of-day and day-of-week embeddings the training started from: those the
    /// checkpoint keeps (a seed's draw, or the model a fine-tuning started from), or in files
    /// from before it kept them, its seed's initial weights drawn again. Nothing for a model
    /// imported from a state dict, or a file that does not say how it was trained. Throws
    /// InputError naming the file when the kept ones do not fit the model.
    std::optional<EmbeddingTables> startingEmbeddings() const;
    /// The model file a fine-tuning started from, as its record names it (an absolute path):
    /// startingEmbeddings are that model's. Empty for a training from its seed's random weights.
    const std::string& startedFrom() const;
    /// The temporal encoder's mixing coefficients e_t = [tod, dow] for every slot of one day
    /// of week (P, d_tod + d_dow).
    Matrix temporalMixing(int dayOfWeek) const;

    /// `count` forecast origins (last observed steps) spread evenly over one day, starting at
    /// midnight of the first whole day of the test period (or the last whole day available).
    std::vector<int64_t> oneDayOrigins(int64_t count) const;
    /// The time-of-day slot (0 .. P-1) of each of these steps of the data; InputError outside it.
    std::vector<int64_t> timeOfDaySlots(const std::vector<int64_t>& steps) const;
    /// Spatiotemporal embeddings of the windows ending at `origins`, (origins * N, d_st),
    /// origin-major: row s * N + n is sensor n at origins[s].
    Matrix spatioTemporalEmbeddings(const std::vector<int64_t>& origins) const;

    /// Frobenius norm of the weights the spatial encoder generates for each node (N), summed
    /// over its layers and convolutions: sqrt(sum eᵀ G e) with G the pools' Gram matrix.
    std::vector<double> spatialWeightNorms() const;
    /// Norm of the temporal encoder's generated weights per day of week and slot, (7, P).
    Matrix temporalWeightNorms() const;
    /// Norm of the decoder's generated weights per origin and node, (origins, N).
    Matrix spatioTemporalWeightNorms(const std::vector<int64_t>& origins) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

/// Mean value of each time-of-day slot (P) over all days and the given sensors, ignoring
/// missing readings; NaN for a slot with no reading.
std::vector<double> meanDailyProfile(const Dataset& data, const std::vector<int64_t>& sensors);

} // namespace himnet
