#include "himnet/himnet_config.h"
#include "himnet/errors.h"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <sstream>

namespace himnet {
namespace {

// Far beyond any network, window or embedding one machine trains (PEMS07 has 883 sensors),
// and small enough that no product of a few of them overflows the counts below.
constexpr int64_t kMaxDimension = int64_t(1) << 24;

void requireDimension(const char* name, int64_t value, int64_t minimum)
{
    if (value < minimum)
        throw InputError(std::string("model configuration: ") + name + " must be at least " + std::to_string(minimum)
                         + ", got " + std::to_string(value));
    if (value > kMaxDimension)
        throw InputError(std::string("model configuration: ") + name + " must be at most " + std::to_string(kMaxDimension)
                         + ", got " + std::to_string(value));
}

// One GCRU layer = a gate (2H outputs) and an update (H outputs) meta graph convolution,
// each a weight pool (D, K*(C+H), O) plus a bias pool (D, O). Count is int64_t for the count
// itself, and long double to check first, without overflow, that a configuration is buildable.
template <typename Count>
Count gcruParameters(Count pool, Count inChannels, Count hidden, Count chebK)
{
    const Count rows = chebK * (inChannels + hidden);
    return pool * rows * 2 * hidden + pool * 2 * hidden + pool * rows * hidden + pool * hidden;
}

template <typename Count>
Count stackParameters(const HimNetConfig& c, int64_t pool, int64_t firstChannels)
{
    Count total = 0;
    for (int64_t layer = 0; layer < c.numLayers; ++layer)
        total += gcruParameters<Count>(pool, layer == 0 ? firstChannels : c.hiddenDim, c.hiddenDim, c.chebK);
    return total;
}

template <typename Count>
Count parametersOf(const HimNetConfig& c)
{
    const Count embeddings = Count(c.numNodes) * c.nodeEmbeddingDim + Count(c.stepsPerDay) * c.todEmbeddingDim
        + Count(7) * c.dowEmbeddingDim;
    const Count projections = Count(c.stEmbeddingDim) * c.hiddenDim + c.stEmbeddingDim + Count(c.outputDim) * c.hiddenDim
        + c.outputDim;
    return embeddings + projections + stackParameters<Count>(c, c.spatialPoolSize(), c.inputDim)
        + stackParameters<Count>(c, c.temporalPoolSize(), c.inputDim)
        + stackParameters<Count>(c, c.spatioTemporalPoolSize(), c.outputDim + c.yCovDim);
}

} // namespace

void HimNetConfig::validate() const
{
    requireDimension("num_nodes", numNodes, 1);
    requireDimension("input_dim", inputDim, 3);
    requireDimension("output_dim", outputDim, 1);
    requireDimension("ycov_dim", yCovDim, 2);
    requireDimension("in_steps", inSteps, 1);
    requireDimension("out_steps", outSteps, 1);
    requireDimension("hidden_dim", hiddenDim, 1);
    requireDimension("num_layers", numLayers, 1);
    requireDimension("cheb_k", chebK, 2);
    requireDimension("tod_embedding_dim", todEmbeddingDim, 1);
    requireDimension("dow_embedding_dim", dowEmbeddingDim, 1);
    requireDimension("node_embedding_dim", nodeEmbeddingDim, 1);
    requireDimension("st_embedding_dim", stEmbeddingDim, 1);
    requireDimension("steps_per_day", stepsPerDay, 1);
    if (tfDecaySteps < 0) // a count of batches, not a dimension: no bound above
        throw InputError("model configuration: tf_decay_steps must be at least 0, got " + std::to_string(tfDecaySteps));
    // Counted in long double: the int64_t count of a configuration such as hidden_dim 10^7
    // overflows. The bound is a thousand times the largest published network's (PEMS07's),
    // and far beyond what one machine trains; without it, LibTorch is asked for terabytes.
    const long double parameters = parametersOf<long double>(*this);
    if (parameters > static_cast<long double>(kMaxParameters)) {
        std::ostringstream text;
        text << std::fixed << std::setprecision(0) << "model configuration: " << parameters << " parameters (" << parameters * 4 / (1ull << 30)
             << " GiB of weights) is beyond the " << kMaxParameters
             << " that HimNet Studio builds; a smaller hidden_dim or fewer embedding dimensions need fewer";
        throw InputError(text.str());
    }
}

int64_t HimNetConfig::parameterCount() const
{
    return parametersOf<int64_t>(*this);
}

// Keys follow the reference implementation's constructor arguments, so a config written
// by us reads naturally next to the reference's YAML files.
std::string HimNetConfig::toJson() const
{
    nlohmann::json j{
        {"num_nodes", numNodes},         {"input_dim", inputDim},
        {"output_dim", outputDim},       {"ycov_dim", yCovDim},
        {"in_steps", inSteps},           {"out_steps", outSteps},
        {"hidden_dim", hiddenDim},       {"num_layers", numLayers},
        {"cheb_k", chebK},               {"tod_embedding_dim", todEmbeddingDim},
        {"dow_embedding_dim", dowEmbeddingDim}, {"node_embedding_dim", nodeEmbeddingDim},
        {"st_embedding_dim", stEmbeddingDim},   {"steps_per_day", stepsPerDay},
        {"tf_decay_steps", tfDecaySteps},       {"use_teacher_forcing", useTeacherForcing},
        {"spatial_meta", useSpatialMeta},       {"temporal_meta", useTemporalMeta},
        {"spatiotemporal_meta", useSpatioTemporalMeta},
    };
    return j.dump();
}

HimNetConfig HimNetConfig::fromJson(const std::string& json, const std::string& source)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(describeProblem(source, std::string("model configuration is not valid JSON: ") + e.what()));
    }
    if (!j.is_object()) throw InputError(describeProblem(source, "model configuration is not a JSON object"));
    HimNetConfig c;
    auto read = [&](const char* key, int64_t& field) {
        if (!j.contains(key)) return;
        if (!j[key].is_number_integer())
            throw InputError(describeProblem(source, std::string("model configuration: ") + key + " is not an integer"));
        field = j[key].get<int64_t>();
    };
    read("num_nodes", c.numNodes);
    read("input_dim", c.inputDim);
    read("output_dim", c.outputDim);
    read("ycov_dim", c.yCovDim);
    read("in_steps", c.inSteps);
    read("out_steps", c.outSteps);
    read("hidden_dim", c.hiddenDim);
    read("num_layers", c.numLayers);
    read("cheb_k", c.chebK);
    read("tod_embedding_dim", c.todEmbeddingDim);
    read("dow_embedding_dim", c.dowEmbeddingDim);
    read("node_embedding_dim", c.nodeEmbeddingDim);
    read("st_embedding_dim", c.stEmbeddingDim);
    read("steps_per_day", c.stepsPerDay);
    read("tf_decay_steps", c.tfDecaySteps);
    auto readFlag = [&](const char* key, bool& field) {
        if (!j.contains(key)) return;
        if (!j[key].is_boolean())
            throw InputError(describeProblem(source, std::string("model configuration: ") + key + " is not true or false"));
        field = j[key].get<bool>();
    };
    readFlag("use_teacher_forcing", c.useTeacherForcing);
    readFlag("spatial_meta", c.useSpatialMeta);
    readFlag("temporal_meta", c.useTemporalMeta);
    readFlag("spatiotemporal_meta", c.useSpatioTemporalMeta);
    try {
        c.validate();
    } catch (const InputError& e) {
        throw InputError(describeProblem(source, e.what()));
    }
    return c;
}

bool HimNetConfig::operator==(const HimNetConfig& o) const
{
    return numNodes == o.numNodes && inputDim == o.inputDim && outputDim == o.outputDim && yCovDim == o.yCovDim
        && inSteps == o.inSteps && outSteps == o.outSteps && hiddenDim == o.hiddenDim && numLayers == o.numLayers
        && chebK == o.chebK && todEmbeddingDim == o.todEmbeddingDim && dowEmbeddingDim == o.dowEmbeddingDim
        && nodeEmbeddingDim == o.nodeEmbeddingDim && stEmbeddingDim == o.stEmbeddingDim
        && stepsPerDay == o.stepsPerDay && tfDecaySteps == o.tfDecaySteps && useTeacherForcing == o.useTeacherForcing
        && useSpatialMeta == o.useSpatialMeta && useTemporalMeta == o.useTemporalMeta
        && useSpatioTemporalMeta == o.useSpatioTemporalMeta;
}

} // namespace himnet
