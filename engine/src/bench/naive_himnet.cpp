#include "bench/naive_himnet.h"

namespace himnet {
namespace {

/// Floats of the gate's and the update's weights of every layer of a stack, for one row
/// (node, sample or both) and one step: K (C + H) x 3H per layer.
double generatedWeightsPerRow(const HimNetConfig& c, int64_t firstChannels)
{
    double floats = 0;
    for (int64_t layer = 0; layer < c.numLayers; ++layer)
        floats += double(c.chebK) * double((layer == 0 ? firstChannels : c.hiddenDim) + c.hiddenDim) * 3.0 * double(c.hiddenDim);
    return floats;
}

std::vector<torch::Tensor> polynomials(const torch::Tensor& a, int64_t k)
{
    const int64_t n = a.size(-1);
    torch::Tensor eye = torch::eye(n, a.options());
    if (a.dim() == 3) eye = eye.expand({a.size(0), n, n});
    std::vector<torch::Tensor> set{eye, a};
    for (int64_t i = 2; i < k; ++i) set.push_back(torch::matmul(2 * a, set[i - 1]) - set[i - 2]);
    return set;
}

torch::Tensor convolve(MetaGraphConvImpl& conv, const torch::Tensor& x, const torch::Tensor& a, const torch::Tensor& emb, MetaAxis axis)
{
    std::vector<torch::Tensor> terms;
    for (const auto& t : polynomials(a, conv.chebK()))
        terms.push_back(a.dim() == 2 ? torch::einsum("nm,bmc->bnc", {t, x}) : torch::einsum("bnm,bmc->bnc", {t, x}));
    const torch::Tensor g = torch::cat(terms, -1);
    switch (axis) {
    case MetaAxis::Spatial:
        return torch::einsum("bni,nio->bno", {g, torch::einsum("nd,dio->nio", {emb, conv.weights_pool})}) + torch::matmul(emb, conv.bias_pool);
    case MetaAxis::Temporal:
        return torch::einsum("bni,bio->bno", {g, torch::einsum("bd,dio->bio", {emb, conv.weights_pool})})
            + torch::matmul(emb, conv.bias_pool).unsqueeze(1);
    case MetaAxis::SpatioTemporal:
        return torch::einsum("bni,bnio->bno", {g, torch::einsum("bnd,dio->bnio", {emb, conv.weights_pool})}) + torch::matmul(emb, conv.bias_pool);
    case MetaAxis::Shared: break;
    }
    return torch::matmul(g, conv.weights_pool[0]) + conv.bias_pool[0];
}

torch::Tensor cell(GcruCellImpl& c, const torch::Tensor& x, const torch::Tensor& s, const torch::Tensor& a, const torch::Tensor& emb,
                   MetaAxis axis, int64_t hidden)
{
    auto& gate = *c.named_children()["gate"]->as<MetaGraphConvImpl>();
    auto& update = *c.named_children()["update"]->as<MetaGraphConvImpl>();
    const torch::Tensor zr = torch::sigmoid(convolve(gate, torch::cat({x, s}, -1), a, emb, axis));
    const auto parts = torch::split(zr, hidden, -1);
    const torch::Tensor hc = torch::tanh(convolve(update, torch::cat({x, parts[0] * s}, -1), a, emb, axis));
    return parts[1] * s + (1 - parts[1]) * hc;
}

GcruCellImpl& cellOf(GcruStackImpl& stack, int64_t layer)
{
    return *stack.named_children()["cells"]->as<torch::nn::ModuleListImpl>()->ptr(static_cast<size_t>(layer))->as<GcruCellImpl>();
}

torch::Tensor encode(GcruStackImpl& stack, const torch::Tensor& x, const torch::Tensor& a, const torch::Tensor& emb, MetaAxis axis,
                     int64_t hidden)
{
    torch::Tensor current = x;
    for (int64_t l = 0; l < stack.numLayers(); ++l) {
        torch::Tensor s = torch::zeros({x.size(0), x.size(2), hidden}, x.options());
        std::vector<torch::Tensor> states;
        for (int64_t t = 0; t < x.size(1); ++t) {
            s = cell(cellOf(stack, l), current.select(1, t), s, a, emb, axis, hidden);
            states.push_back(s);
        }
        current = torch::stack(states, 1);
    }
    return current.select(1, x.size(1) - 1);
}

} // namespace

torch::Tensor naiveForward(HimNetImpl& m, const torch::Tensor& x, const torch::Tensor& yCov)
{
    const HimNetConfig& c = m.config();
    const torch::Tensor e = m.node_embedding;
    const torch::Tensor as = torch::softmax(torch::relu(torch::mm(e, e.t())), 1);
    const torch::Tensor h = encode(*m.encoder_s, x, as, e, MetaAxis::Spatial, c.hiddenDim)
        + encode(*m.encoder_t, x, as, m.temporalEmbedding(x), MetaAxis::Temporal, c.hiddenDim);
    const torch::Tensor est = m.st_proj->forward(h);
    const torch::Tensor ast = torch::softmax(torch::relu(torch::einsum("bnc,bmc->bnm", {est, est})), -1);
    std::vector<torch::Tensor> states(static_cast<size_t>(c.numLayers), h);
    torch::Tensor go = torch::zeros({x.size(0), c.numNodes, c.outputDim}, x.options());
    std::vector<torch::Tensor> out;
    for (int64_t q = 0; q < c.outSteps; ++q) {
        torch::Tensor inp = torch::cat({go, yCov.select(1, q)}, -1);
        for (int64_t l = 0; l < c.numLayers; ++l) {
            states[l] = cell(cellOf(*m.decoder, l), inp, states[l], ast, est, MetaAxis::SpatioTemporal, c.hiddenDim);
            inp = states[l];
        }
        go = m.out_proj->forward(states.back());
        out.push_back(go);
    }
    return torch::stack(out, 1);
}

TrainingMemory naiveTrainingMemoryOf(const HimNetConfig& c)
{
    TrainingMemory m = trainingMemoryOf(c);
    const double perDecoderStep = double(c.numNodes) * generatedWeightsPerRow(c, c.outputDim + c.yCovDim);
    const double perTemporalStep = generatedWeightsPerRow(c, c.inputDim);
    m.perWindowBytes += 4.0 * (double(c.outSteps) * perDecoderStep + double(c.inSteps) * perTemporalStep);
    m.fixedBytes += 4.0 * double(c.inSteps) * double(c.numNodes) * generatedWeightsPerRow(c, c.inputDim);
    return m;
}

} // namespace himnet
