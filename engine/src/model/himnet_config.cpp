#include "himnet/himnet_config.h"
#include "himnet/errors.h"

#include <nlohmann/json.hpp>

namespace himnet {
namespace {

void requireAtLeast(const char* name, int64_t value, int64_t minimum)
{
    if (value < minimum)
        throw InputError(std::string("model configuration: ") + name + " must be at least " + std::to_string(minimum)
                         + ", got " + std::to_string(value));
}

// One GCRU layer = a gate (2H outputs) and an update (H outputs) meta graph convolution,
// each a weight pool (D, K*(C+H), O) plus a bias pool (D, O).
int64_t gcruParameters(int64_t pool, int64_t inChannels, int64_t hidden, int64_t chebK)
{
    const int64_t rows = chebK * (inChannels + hidden);
    return pool * rows * 2 * hidden + pool * 2 * hidden + pool * rows * hidden + pool * hidden;
}

int64_t stackParameters(const HimNetConfig& c, int64_t pool, int64_t firstChannels)
{
    int64_t total = 0;
    for (int64_t layer = 0; layer < c.numLayers; ++layer)
        total += gcruParameters(pool, layer == 0 ? firstChannels : c.hiddenDim, c.hiddenDim, c.chebK);
    return total;
}

} // namespace

void HimNetConfig::validate() const
{
    requireAtLeast("num_nodes", numNodes, 1);
    requireAtLeast("input_dim", inputDim, 3);
    requireAtLeast("output_dim", outputDim, 1);
    requireAtLeast("ycov_dim", yCovDim, 2);
    requireAtLeast("in_steps", inSteps, 1);
    requireAtLeast("out_steps", outSteps, 1);
    requireAtLeast("hidden_dim", hiddenDim, 1);
    requireAtLeast("num_layers", numLayers, 1);
    requireAtLeast("cheb_k", chebK, 2);
    requireAtLeast("tod_embedding_dim", todEmbeddingDim, 1);
    requireAtLeast("dow_embedding_dim", dowEmbeddingDim, 1);
    requireAtLeast("node_embedding_dim", nodeEmbeddingDim, 1);
    requireAtLeast("st_embedding_dim", stEmbeddingDim, 1);
    requireAtLeast("steps_per_day", stepsPerDay, 1);
    requireAtLeast("tf_decay_steps", tfDecaySteps, 0);
}

int64_t HimNetConfig::parameterCount() const
{
    const int64_t embeddings = numNodes * nodeEmbeddingDim + stepsPerDay * todEmbeddingDim + 7 * dowEmbeddingDim;
    const int64_t projections = stEmbeddingDim * hiddenDim + stEmbeddingDim + outputDim * hiddenDim + outputDim;
    return embeddings + projections + stackParameters(*this, spatialPoolSize(), inputDim)
        + stackParameters(*this, temporalPoolSize(), inputDim)
        + stackParameters(*this, spatioTemporalPoolSize(), outputDim + yCovDim);
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
