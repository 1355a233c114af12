#pragma once
// Graph convolutional recurrent unit with meta-parameters, and a stack of them
// (the reference's `cells` ModuleList, whose state-dict names we keep).
#include "model/meta_graph_conv.h"

namespace himnet {

class GcruCellImpl : public torch::nn::Module {
public:
    struct Weights {
        GeneratedWeights gate;
        GeneratedWeights update;
    };

    GcruCellImpl(int64_t poolSize, int64_t inChannels, int64_t hiddenDim, int64_t chebK);

    /// Weights of both convolutions for one forward pass (see MetaGraphConvImpl::generate).
    Weights generate(const torch::Tensor& embedding, MetaAxis axis) const;

    /// One step: x (B, N, C), state (B, N, H) -> new state (B, N, H).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& state, const torch::Tensor& support,
                          const Weights& weights) const;

private:
    int64_t m_hidden;
    MetaGraphConv m_gate{nullptr};
    MetaGraphConv m_update{nullptr};
};
TORCH_MODULE(GcruCell);

class GcruStackImpl : public torch::nn::Module {
public:
    /// `numLayers` cells; the first takes `inChannels`, the others the hidden state.
    GcruStackImpl(int64_t poolSize, int64_t inChannels, int64_t hiddenDim, int64_t chebK, int64_t numLayers);

    /// Weights of every layer for one forward pass.
    std::vector<GcruCellImpl::Weights> generate(const torch::Tensor& embedding, MetaAxis axis) const;

    /// Encoder use: runs every layer over x (B, T, N, C) from zero states and returns the
    /// last layer's final state (B, N, H), the only one HimNet reads.
    torch::Tensor encode(const torch::Tensor& x, const torch::Tensor& support, const torch::Tensor& embedding,
                         MetaAxis axis) const;

    int64_t numLayers() const { return static_cast<int64_t>(m_cells.size()); }
    const GcruCellImpl& cell(int64_t layer) const { return *m_cells[static_cast<size_t>(layer)]; }

private:
    int64_t m_hidden;
    torch::nn::ModuleList m_list{nullptr};
    std::vector<GcruCell> m_cells;
};
TORCH_MODULE(GcruStack);

} // namespace himnet
