#pragma once
// HimNet, exactly as ../shared/docs/HIMNET.md defines it, with the reference's state-dict
// names. Efficient formulation: see meta_graph_conv.h.
#include "himnet/himnet_config.h"
#include "model/gcru.h"

#include <vector>

namespace himnet {

/// Probability of feeding the label back at a decoder step after `batchesSeen` batches:
/// tau / (tau + exp(batchesSeen / tau)).
double teacherForcingProbability(int64_t batchesSeen, int64_t tau);

/// The decisions as forwardForced takes them: a (steps,) bool tensor on the CPU, false past
/// the end of `teacherForced`.
torch::Tensor teacherForcingSteps(const std::vector<bool>& teacherForced, int64_t steps);

class HimNetImpl : public torch::nn::Module {
public:
    explicit HimNetImpl(const HimNetConfig& config);

    /// x (B, T, N, inputDim) z-scored value + time of day fraction + day of week;
    /// yCov (B, Q, N, yCovDim); returns (B, Q, N, outputDim), z-scored.
    /// In training mode, step q feeds labels[:, q] back when teacherForced[q] is true
    /// (the caller draws those decisions, so the model itself holds no random state).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& yCov, const torch::Tensor& labels = {},
                          const std::vector<bool>& teacherForced = {});
    /// As forward(), with the decisions in a (Q,) bool tensor on the model's device: the
    /// choice is made on the device (torch::where), so a CUDA graph can record the step and
    /// replay it with new decisions copied into the same tensor. Same results as forward().
    torch::Tensor forwardForced(const torch::Tensor& x, const torch::Tensor& yCov, const torch::Tensor& labels,
                                const torch::Tensor& forcedSteps);

    /// Encoder state h = h_s + h_t (B, N, H) of the input window.
    torch::Tensor encode(const torch::Tensor& x) const;
    /// Spatiotemporal embedding E_st = st_proj(h) (B, N, d_st) of the input window: it mixes
    /// the decoder's pools and defines the decoder's graph.
    torch::Tensor spatioTemporalEmbedding(const torch::Tensor& x) const;

    /// Learned adaptive graph softmax(relu(E Eᵀ)) of the node embedding, (N, N).
    torch::Tensor staticSupport() const;
    /// e_t = [tod_embedding[i_tod], dow_embedding[i_dow]] of the last input step, (B, d_t).
    torch::Tensor temporalEmbedding(const torch::Tensor& x) const;

    const HimNetConfig& config() const { return m_config; }

    /// How the training step multiplies (Precision), for every meta-parameter graph
    /// convolution; forecasts stay float32. Throws InputError for BFloat16 on a model that is
    /// not float32: call it after moving the model to its dtype.
    void setPrecision(Precision precision);
    Precision precision() const { return m_precision; }

    torch::Tensor node_embedding;
    torch::nn::Embedding tod_embedding{nullptr};
    torch::nn::Embedding dow_embedding{nullptr};
    GcruStack encoder_s{nullptr};
    GcruStack encoder_t{nullptr};
    GcruStack decoder{nullptr};
    torch::nn::Linear out_proj{nullptr};
    torch::nn::Linear st_proj{nullptr};

private:
    /// Step q feeds labels[:, q] back where `forcedSteps` (undefined: never) says so.
    torch::Tensor decode(const torch::Tensor& h, const torch::Tensor& yCov, const torch::Tensor& labels,
                         const torch::Tensor& forcedSteps);

    HimNetConfig m_config;
    Precision m_precision = Precision::Float32;
};
TORCH_MODULE(HimNet);

/// The model's initial weights for `seed`: what every training with this seed starts from, and
/// what the analysis compares trained embeddings with. LibTorch draws them from its one global
/// generator, which every thread of the process shares; a lock keeps two trainings starting at
/// once in one process (the app's engine thread and another, the processes of a test) from
/// interleaving their draws, which would give the same seed different weights.
HimNet seededModel(const HimNetConfig& config, uint64_t seed);

/// Which way seededModel draws initial weights, recorded with every training. Raise it with
/// any change to that (the parameters' order, shapes or distributions, the generator): a
/// checkpoint of another scheme then gets no starting weights drawn for it, rather than
/// weights it never started from.
constexpr int kInitialisationScheme = 1;

} // namespace himnet
