#pragma once
// The shape of a HimNet network. Plain values, no LibTorch: the UI and the CLI read and
// write it, the model is built from it, checkpoints store it as JSON.
#include <cstdint>
#include <string>

namespace himnet {

struct HimNetConfig {
    int64_t numNodes = 207;         ///< N, sensors of the network
    int64_t inputDim = 3;           ///< encoder input channels: value, time of day, day of week
    int64_t outputDim = 1;          ///< forecast channels
    int64_t yCovDim = 2;            ///< decoder covariates: time of day, day of week of the target
    int64_t inSteps = 12;           ///< T, input window
    int64_t outSteps = 12;          ///< Q, forecast horizon
    int64_t hiddenDim = 64;         ///< H
    int64_t numLayers = 1;          ///< L, GCRU layers per encoder and decoder
    int64_t chebK = 2;              ///< K, Chebyshev order (K >= 2)
    int64_t todEmbeddingDim = 8;    ///< d_tod
    int64_t dowEmbeddingDim = 8;    ///< d_dow
    int64_t nodeEmbeddingDim = 16;  ///< d_node
    int64_t stEmbeddingDim = 16;    ///< d_st
    int64_t stepsPerDay = 288;      ///< P = 86400 / sampling interval in seconds
    int64_t tfDecaySteps = 6000;    ///< tau of the teacher-forcing schedule; 0: chosen by the trainer
    bool useTeacherForcing = true;
    // Ablations of the paper (section 5.4): false replaces that component's meta-parameters
    // by plain weights (a pool of size 1 mixed by a constant), keeping every other part.
    bool useSpatialMeta = true;        ///< encoder_s mixed by node embeddings
    bool useTemporalMeta = true;       ///< encoder_t mixed by time-of-day/day-of-week embeddings
    bool useSpatioTemporalMeta = true; ///< decoder mixed by the spatiotemporal embeddings

    /// Pool sizes actually used by each stack (1 where its meta-parameters are ablated).
    int64_t spatialPoolSize() const { return useSpatialMeta ? nodeEmbeddingDim : 1; }
    int64_t temporalPoolSize() const { return useTemporalMeta ? temporalEmbeddingDim() : 1; }
    int64_t spatioTemporalPoolSize() const { return useSpatioTemporalMeta ? stEmbeddingDim : 1; }

    /// The most trainable scalars a configuration may have (8 GiB of float32 weights, about
    /// 32 GiB in training with gradients and Adam's moments).
    static constexpr int64_t kMaxParameters = int64_t(1) << 31;

    /// Throws InputError naming the first field that is out of range, or the parameter count
    /// when it is beyond kMaxParameters.
    void validate() const;
    /// Channels of the temporal embedding e_t = d_tod + d_dow.
    int64_t temporalEmbeddingDim() const { return todEmbeddingDim + dowEmbeddingDim; }
    /// Exact number of trainable scalars of the network this config describes.
    int64_t parameterCount() const;

    std::string toJson() const;
    /// Reads the JSON written by toJson(); missing keys keep their defaults. `source` names
    /// the file in error messages.
    static HimNetConfig fromJson(const std::string& json, const std::string& source = {});

    bool operator==(const HimNetConfig& other) const;
    bool operator!=(const HimNetConfig& other) const { return !(*this == other); }
};

} // namespace himnet
