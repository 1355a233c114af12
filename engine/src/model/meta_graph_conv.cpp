#include "model/meta_graph_conv.h"
#include "himnet/errors.h"
#include "model/batched_product.h"
#include "model/mixed_pool_product.h"
#include "model/product_precision.h"
#include "model/row_product.h"

namespace himnet {
namespace {

// Axis ST, inference on the CPU: the per-(sample, node) weights generated once per forward
// pass and streamed at every step cost one step's arithmetic in all, where the Kronecker
// GEMM costs it at every step (HIMNET.md, shapes (a) and (b)). But streaming is bound by
// memory bandwidth: it wins only while the weights stay in cache. One METR-LA forecast
// (21 MB of weights per step): 12.9 ms streamed against 15.0 ms Kronecker (decoder forward,
// 2-core AMX VM of session 7; 13.9 against 20.2 ms on session 4's). A batch of 16 (340 MB):
// 463 against 192 ms on the same VM, where session 4's measured 267 against 306 ms; so
// larger batches take the GEMM. Training keeps the Kronecker form: materialised weights
// would be kept for the backward pass, D times the activations.
constexpr int64_t kMaxMaterialisedBytes = int64_t{32} << 20;

bool materialisesSpatioTemporal(const torch::Tensor& embedding, const torch::Tensor& pool)
{
    const int64_t bytes = embedding.size(0) * embedding.size(1) * pool.size(1) * pool.size(2) * pool.element_size();
    return embedding.is_cpu() && !gradientWanted(embedding, pool) && bytes <= kMaxMaterialisedBytes;
}

// A u for a shared (N, N) support or a per-sample (B, N, N) support.
torch::Tensor propagate(const torch::Tensor& support, const torch::Tensor& u)
{
    return support.dim() == 2 ? torch::matmul(support, u) : batchedProduct(support, u);
}

// a · w with bfloat16 operands (products summed in float32: product_precision.h), cast back:
// the casts are autograd nodes, so each step's gradient reaches a float32 weight in float32
// and sums there.
template <typename Product>
torch::Tensor bfloat16Product(const torch::Tensor& a, const torch::Tensor& w, Product product)
{
    return product(toProductOperand(a), toProductOperand(w)).to(a.scalar_type());
}

} // namespace

torch::Tensor chebyshevTerms(const torch::Tensor& u, const torch::Tensor& support, int64_t chebK)
{
    std::vector<torch::Tensor> terms;
    terms.reserve(static_cast<size_t>(chebK));
    terms.push_back(u);
    terms.push_back(propagate(support, u));
    for (int64_t k = 2; k < chebK; ++k)
        terms.push_back(2.0 * propagate(support, terms[k - 1]) - terms[k - 2]);
    return torch::cat(terms, -1);
}

MetaGraphConvImpl::MetaGraphConvImpl(int64_t poolSize, int64_t inChannels, int64_t outChannels, int64_t chebK)
    : m_chebK(chebK)
{
    weights_pool = register_parameter("weights_pool", torch::empty({poolSize, chebK * inChannels, outChannels}));
    bias_pool = register_parameter("bias_pool", torch::empty({poolSize, outChannels}));
    torch::nn::init::xavier_normal_(weights_pool);
    torch::nn::init::xavier_normal_(bias_pool);
}

void MetaGraphConvImpl::setPrecision(Precision precision)
{
    if (precision == Precision::BFloat16 && weights_pool.scalar_type() != torch::kFloat)
        throw InputError("bfloat16 precision needs a float32 model; this one is "
                         + std::string(c10::toString(weights_pool.scalar_type())));
    m_precision = precision;
}

GeneratedWeights MetaGraphConvImpl::generate(const torch::Tensor& embedding, MetaAxis axis) const
{
    const int64_t pool = weights_pool.size(0), rows = weights_pool.size(1), out = weights_pool.size(2);
    // One weight matrix per embedding row, all in one GEMM: (M, D) x (D, K*C*O) -> (M, K*C, O).
    auto mixPool = [&](const torch::Tensor& embeddingRows) {
        return embeddingRows.mm(weights_pool.reshape({pool, rows * out})).view({embeddingRows.size(0), rows, out});
    };
    GeneratedWeights w;
    w.axis = axis;
    w.bfloat16Products = m_precision == Precision::BFloat16 && gradientWanted(embedding, weights_pool);
    TORCH_CHECK(!w.bfloat16Products || weights_pool.scalar_type() == torch::kFloat,
                "bfloat16 products need float32 pools, not ", weights_pool.scalar_type());
    auto reduced = [](const torch::Tensor& weight) { return toProductOperand(weight.detach()); };
    switch (axis) {
    case MetaAxis::Spatial:
    case MetaAxis::Temporal: {
        w.weight = mixPool(embedding); // one per node or one per sample
        // Per node, one step's gradient is 207 GEMMs over a batch's few rows: summed over the
        // steps at once, they are 12 times deeper. Per sample, they already run over all nodes.
        if (axis == MetaAxis::Spatial) w.deferredGradient = deferWeightGradient(w.weight);
        if (w.deferredGradient && w.bfloat16Products) w.productWeight = reduced(w.weight);
        w.bias = embedding.mm(bias_pool);
        if (axis == MetaAxis::Temporal) w.bias = w.bias.unsqueeze(1);
        break;
    }
    case MetaAxis::Shared:
        w.weight = mixPool(embedding).view({rows, out});
        w.bias = embedding.mm(bias_pool).view({out});
        break;
    case MetaAxis::SpatioTemporal:
        w.bias = torch::matmul(embedding, bias_pool);
        if (materialisesSpatioTemporal(embedding, weights_pool)) {
            w.weight = mixPool(embedding.reshape({-1, pool})); // one per (sample, node)
            break;
        }
        // Otherwise never materialise (B, N, K*C, O): the embedding is folded into the input.
        w.weight = weights_pool.reshape({pool * rows, out});
        w.embedding = embedding;
        w.deferredGradient = deferWeightGradient(weights_pool);
        if (w.bfloat16Products) w.productWeight = reduced(w.weight);
        break;
    }
    return w;
}

torch::Tensor MetaGraphConvImpl::forward(const torch::Tensor& u, const torch::Tensor& support,
                                         const GeneratedWeights& w) const
{
    const torch::Tensor g = chebyshevTerms(u, support, m_chebK); // (B, N, K*C)
    const int64_t batch = g.size(0), nodes = g.size(1);
    switch (w.axis) {
    case MetaAxis::Spatial:
        // Per node: (B, K*C) x (K*C, O), batched over nodes.
        if (w.deferredGradient)
            return sharedWeightProduct(g.transpose(0, 1), w.weight, w.deferredGradient, w.productWeight).transpose(0, 1)
                + w.bias;
        return rowProduct(g.transpose(0, 1), w.weight).transpose(0, 1) + w.bias;
    case MetaAxis::Temporal:
        if (w.bfloat16Products)
            return bfloat16Product(g, w.weight, [](const auto& a, const auto& b) { return torch::bmm(a, b); }) + w.bias;
        return batchedProduct(g, w.weight) + w.bias;
    case MetaAxis::Shared:
        if (w.bfloat16Products)
            return bfloat16Product(g, w.weight, [](const auto& a, const auto& b) { return torch::matmul(a, b); }) + w.bias;
        return torch::matmul(g, w.weight) + w.bias;
    case MetaAxis::SpatioTemporal: {
        if (!w.embedding.defined()) // materialised (B*N, K*C, O)
            return rowProduct(g.reshape({batch * nodes, 1, g.size(2)}), w.weight).view({batch, nodes, -1}) + w.bias;
        // out[b,n] = sum_d E[b,n,d] g[b,n] W[d] = (E ⊗ g)[b,n] · W as one GEMM.
        const torch::Tensor out = mixedPoolProduct(w.embedding.reshape({batch * nodes, w.embedding.size(-1)}),
                                                   g.reshape({batch * nodes, g.size(2)}), w.weight,
                                                   w.deferredGradient, w.productWeight);
        return out.view({batch, nodes, -1}) + w.bias;
    }
    }
    return {};
}

} // namespace himnet
