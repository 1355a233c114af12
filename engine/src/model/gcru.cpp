#include "model/gcru.h"

namespace himnet {

GcruCellImpl::GcruCellImpl(int64_t poolSize, int64_t inChannels, int64_t hiddenDim, int64_t chebK)
    : m_hidden(hiddenDim)
{
    m_gate = register_module("gate", MetaGraphConv(poolSize, inChannels + hiddenDim, 2 * hiddenDim, chebK));
    m_update = register_module("update", MetaGraphConv(poolSize, inChannels + hiddenDim, hiddenDim, chebK));
}

GcruCellImpl::Weights GcruCellImpl::generate(const torch::Tensor& embedding, MetaAxis axis) const
{
    return {m_gate->generate(embedding, axis), m_update->generate(embedding, axis)};
}

torch::Tensor GcruCellImpl::forward(const torch::Tensor& x, const torch::Tensor& state, const torch::Tensor& support,
                                    const Weights& weights) const
{
    const torch::Tensor zr = torch::sigmoid(m_gate->forward(torch::cat({x, state}, -1), support, weights.gate));
    const torch::Tensor z = zr.narrow(-1, 0, m_hidden);
    const torch::Tensor r = zr.narrow(-1, m_hidden, m_hidden);
    const torch::Tensor candidate = torch::tanh(m_update->forward(torch::cat({x, z * state}, -1), support, weights.update));
    return r * state + (1.0 - r) * candidate;
}

GcruStackImpl::GcruStackImpl(int64_t poolSize, int64_t inChannels, int64_t hiddenDim, int64_t chebK, int64_t numLayers)
    : m_hidden(hiddenDim)
{
    m_list = register_module("cells", torch::nn::ModuleList());
    for (int64_t layer = 0; layer < numLayers; ++layer) {
        m_cells.emplace_back(poolSize, layer == 0 ? inChannels : hiddenDim, hiddenDim, chebK);
        m_list->push_back(m_cells.back());
    }
}

std::vector<GcruCellImpl::Weights> GcruStackImpl::generate(const torch::Tensor& embedding, MetaAxis axis) const
{
    std::vector<GcruCellImpl::Weights> weights;
    weights.reserve(m_cells.size());
    for (const auto& cell : m_cells) weights.push_back(cell->generate(embedding, axis));
    return weights;
}

torch::Tensor GcruStackImpl::encode(const torch::Tensor& x, const torch::Tensor& support,
                                    const torch::Tensor& embedding, MetaAxis axis) const
{
    const auto weights = generate(embedding, axis);
    const int64_t steps = x.size(1);
    std::vector<torch::Tensor> inputs = x.unbind(1);
    torch::Tensor state;
    for (size_t layer = 0; layer < m_cells.size(); ++layer) {
        state = torch::zeros({x.size(0), x.size(2), m_hidden}, x.options());
        std::vector<torch::Tensor> states;
        const bool last = layer + 1 == m_cells.size();
        if (!last) states.reserve(static_cast<size_t>(steps));
        for (int64_t t = 0; t < steps; ++t) {
            state = m_cells[layer]->forward(inputs[static_cast<size_t>(t)], state, support, weights[layer]);
            if (!last) states.push_back(state);
        }
        inputs = std::move(states);
    }
    return state;
}

} // namespace himnet
