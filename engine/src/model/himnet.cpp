#include "model/himnet.h"

#include <cmath>
#include <mutex>

namespace himnet {
namespace {

torch::Tensor adaptiveGraph(const torch::Tensor& embedding)
{
    return torch::softmax(torch::relu(torch::matmul(embedding, embedding.transpose(-1, -2))), -1);
}

} // namespace

double teacherForcingProbability(int64_t batchesSeen, int64_t tau)
{
    if (tau <= 0) return 0.0;
    const double t = static_cast<double>(tau);
    return t / (t + std::exp(static_cast<double>(batchesSeen) / t));
}

torch::Tensor teacherForcingSteps(const std::vector<bool>& teacherForced, int64_t steps)
{
    torch::Tensor out = torch::zeros({steps}, torch::kBool);
    auto a = out.accessor<bool, 1>();
    for (int64_t q = 0; q < steps && q < static_cast<int64_t>(teacherForced.size()); ++q) a[q] = teacherForced[static_cast<size_t>(q)];
    return out;
}

HimNetImpl::HimNetImpl(const HimNetConfig& config) : m_config(config)
{
    config.validate();
    const auto& c = m_config;
    node_embedding = register_parameter("node_embedding", torch::empty({c.numNodes, c.nodeEmbeddingDim}));
    torch::nn::init::xavier_normal_(node_embedding);
    tod_embedding = register_module("tod_embedding", torch::nn::Embedding(c.stepsPerDay, c.todEmbeddingDim));
    dow_embedding = register_module("dow_embedding", torch::nn::Embedding(7, c.dowEmbeddingDim));
    encoder_s = register_module(
        "encoder_s", GcruStack(c.spatialPoolSize(), c.inputDim, c.hiddenDim, c.chebK, c.numLayers));
    encoder_t = register_module(
        "encoder_t", GcruStack(c.temporalPoolSize(), c.inputDim, c.hiddenDim, c.chebK, c.numLayers));
    decoder = register_module(
        "decoder", GcruStack(c.spatioTemporalPoolSize(), c.outputDim + c.yCovDim, c.hiddenDim, c.chebK, c.numLayers));
    out_proj = register_module("out_proj", torch::nn::Linear(c.hiddenDim, c.outputDim));
    st_proj = register_module("st_proj", torch::nn::Linear(c.hiddenDim, c.stEmbeddingDim));
}

void HimNetImpl::setPrecision(Precision precision)
{
    for (const auto& module : modules(/*include_self=*/false))
        if (const auto conv = std::dynamic_pointer_cast<MetaGraphConvImpl>(module)) conv->setPrecision(precision);
    m_precision = precision;
}

torch::Tensor HimNetImpl::staticSupport() const { return adaptiveGraph(node_embedding); }

torch::Tensor HimNetImpl::temporalEmbedding(const torch::Tensor& x) const
{
    const torch::Tensor last = x.select(1, x.size(1) - 1).select(1, 0); // (B, C) at node 0
    // Truncation, as the reference's `.long()`: a reference checkpoint sees the same slots.
    const torch::Tensor tod = (last.select(-1, 1) * static_cast<double>(m_config.stepsPerDay)).to(torch::kLong);
    const torch::Tensor dow = last.select(-1, 2).to(torch::kLong);
    return torch::cat({torch::embedding(tod_embedding->weight, tod), torch::embedding(dow_embedding->weight, dow)}, -1);
}

torch::Tensor HimNetImpl::encode(const torch::Tensor& x) const
{
    const torch::Tensor support = staticSupport();
    // An ablated stack has a pool of one matrix, "mixed" by a constant 1: a plain weight.
    const torch::Tensor one = torch::ones({1, 1}, x.options());
    const torch::Tensor hs = m_config.useSpatialMeta ? encoder_s->encode(x, support, node_embedding, MetaAxis::Spatial)
                                                     : encoder_s->encode(x, support, one, MetaAxis::Shared);
    const torch::Tensor ht = m_config.useTemporalMeta ? encoder_t->encode(x, support, temporalEmbedding(x), MetaAxis::Temporal)
                                                      : encoder_t->encode(x, support, one, MetaAxis::Shared);
    return hs + ht;
}

torch::Tensor HimNetImpl::spatioTemporalEmbedding(const torch::Tensor& x) const
{
    return torch::linear(encode(x), st_proj->weight, st_proj->bias);
}

torch::Tensor HimNetImpl::forward(const torch::Tensor& x, const torch::Tensor& yCov, const torch::Tensor& labels,
                                  const std::vector<bool>& teacherForced)
{
    const torch::Tensor forcedSteps =
        teacherForced.empty() ? torch::Tensor() : teacherForcingSteps(teacherForced, m_config.outSteps).to(x.device());
    return decode(encode(x), yCov, labels, forcedSteps);
}

torch::Tensor HimNetImpl::forwardForced(const torch::Tensor& x, const torch::Tensor& yCov, const torch::Tensor& labels,
                                        const torch::Tensor& forcedSteps)
{
    TORCH_CHECK(forcedSteps.scalar_type() == torch::kBool && forcedSteps.dim() == 1 && forcedSteps.size(0) == m_config.outSteps,
                "forwardForced: forcedSteps must be a (", m_config.outSteps, ",) bool tensor, not ", forcedSteps.sizes(), " ",
                forcedSteps.scalar_type());
    return decode(encode(x), yCov, labels, forcedSteps);
}

torch::Tensor HimNetImpl::decode(const torch::Tensor& h, const torch::Tensor& yCov, const torch::Tensor& labels,
                                 const torch::Tensor& forcedSteps)
{
    const torch::Tensor stEmbedding = st_proj->forward(h); // (B, N, d_st)
    const torch::Tensor support = adaptiveGraph(stEmbedding);
    const auto weights = m_config.useSpatioTemporalMeta ? decoder->generate(stEmbedding, MetaAxis::SpatioTemporal)
                                                        : decoder->generate(torch::ones({1, 1}, h.options()), MetaAxis::Shared);
    const bool mayTeacherForce = is_training() && m_config.useTeacherForcing && labels.defined() && forcedSteps.defined();

    std::vector<torch::Tensor> states(static_cast<size_t>(decoder->numLayers()), h);
    torch::Tensor go = torch::zeros({h.size(0), h.size(1), m_config.outputDim}, h.options());
    std::vector<torch::Tensor> outputs;
    outputs.reserve(static_cast<size_t>(m_config.outSteps));
    for (int64_t q = 0; q < m_config.outSteps; ++q) {
        torch::Tensor input = torch::cat({go, yCov.select(1, q)}, -1);
        for (size_t layer = 0; layer < states.size(); ++layer) {
            states[layer] = decoder->cell(static_cast<int64_t>(layer)).forward(input, states[layer], support, weights[layer]);
            input = states[layer];
        }
        go = out_proj->forward(states.back());
        outputs.push_back(go);
        if (mayTeacherForce) go = torch::where(forcedSteps[q], labels.select(1, q), go);
    }
    return torch::stack(outputs, 1);
}

HimNet seededModel(const HimNetConfig& config, uint64_t seed)
{
    static std::mutex globalGenerator;
    const std::lock_guard<std::mutex> lock(globalGenerator);
    torch::manual_seed(seed);
    return HimNet(config);
}

} // namespace himnet
