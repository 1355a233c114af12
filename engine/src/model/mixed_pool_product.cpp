#include "model/mixed_pool_product.h"
#include "core/vector_clones.h"
#include "model/product_precision.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <c10/util/BFloat16.h>

#include <algorithm>
#include <tuple>
#include <utility>

namespace himnet {
namespace {

torch::Tensor kroneckerRows(const torch::Tensor& embedding, const torch::Tensor& input)
{
    return (embedding.unsqueeze(-1) * input.unsqueeze(-2)).reshape({input.size(0), embedding.size(1) * input.size(1)});
}

// `Row` is Scalar, or bfloat16 when the rows' gradient came from a bfloat16 GEMM.
template <typename Row, typename Scalar>
inline void contractRows(const Row* r, const Scalar* e, const Scalar* x, Scalar* ge, Scalar* gi, int64_t begin,
                         int64_t end, int64_t d, int64_t kc)
{
    for (int64_t m = begin; m < end; ++m) {
        const Scalar* xm = x + m * kc;
        Scalar* gim = gi ? gi + m * kc : nullptr;
        if (gim) std::fill(gim, gim + kc, Scalar(0));
        for (int64_t j = 0; j < d; ++j) {
            const Row* rj = r + (m * d + j) * kc;
            if (ge) {
                Scalar partial[8] = {}; // eight independent sums, so that the loop vectorises
                int64_t k = 0;
                for (; k + 8 <= kc; k += 8)
                    for (int lane = 0; lane < 8; ++lane) partial[lane] += Scalar(rj[k + lane]) * xm[k + lane];
                Scalar dot = 0;
                for (; k < kc; ++k) dot += Scalar(rj[k]) * xm[k];
                for (Scalar p : partial) dot += p;
                ge[m * d + j] = dot;
            }
            if (gim) {
                const Scalar ej = e[m * d + j];
                for (int64_t k = 0; k < kc; ++k) gim[k] += ej * Scalar(rj[k]);
            }
        }
    }
}

HIMNET_VECTOR_CLONES void contractRowsVectorised(const float* r, const float* e, const float* x, float* ge, float* gi,
                                                 int64_t begin, int64_t end, int64_t d, int64_t kc)
{
    contractRows(r, e, x, ge, gi, begin, end, d, kc);
}

HIMNET_VECTOR_CLONES void contractRowsVectorised(const double* r, const double* e, const double* x, double* ge,
                                                 double* gi, int64_t begin, int64_t end, int64_t d, int64_t kc)
{
    contractRows(r, e, x, ge, gi, begin, end, d, kc);
}

HIMNET_VECTOR_CLONES void contractRowsVectorised(const c10::BFloat16* r, const float* e, const float* x, float* ge,
                                                 float* gi, int64_t begin, int64_t end, int64_t d, int64_t kc)
{
    contractRows(r, e, x, ge, gi, begin, end, d, kc);
}

// The Kronecker rows' gradient R (M, D, K*C) contracted back onto its two factors:
// gradEmbedding[m, d] = R[m, d] · input[m] and gradInput[m] = sum_d embedding[m, d] R[m, d].
// One pass over R per row on the CPU; `bmm` over M one-row matrices there is several times
// slower (one tiny GEMM call per row). An output not wanted stays undefined. R is in the
// factors' type, or in bfloat16 (Row) for float32 factors.
template <typename Row, typename Scalar>
void contractRowGradientsCpu(const torch::Tensor& rowGrads, const torch::Tensor& embedding, const torch::Tensor& input,
                             torch::Tensor& gradEmbedding, torch::Tensor& gradInput)
{
    const int64_t d = embedding.size(1), kc = input.size(1);
    const Row* r = rowGrads.data_ptr<Row>();
    const Scalar* e = embedding.data_ptr<Scalar>();
    const Scalar* x = input.data_ptr<Scalar>();
    Scalar* ge = gradEmbedding.defined() ? gradEmbedding.data_ptr<Scalar>() : nullptr;
    Scalar* gi = gradInput.defined() ? gradInput.data_ptr<Scalar>() : nullptr;
    at::parallel_for(0, input.size(0), 16,
                     [&](int64_t begin, int64_t end) { contractRowsVectorised(r, e, x, ge, gi, begin, end, d, kc); });
}

std::pair<torch::Tensor, torch::Tensor> contractRowGradients(const torch::Tensor& rowGrads, const torch::Tensor& embedding,
                                                             const torch::Tensor& input, bool wantEmbedding, bool wantInput)
{
    torch::Tensor gradEmbedding, gradInput;
    if (!rowGrads.is_cpu()) { // on a GPU the batched GEMMs are what the vendor library does best
        const torch::Tensor r =
            rowGrads.to(input.scalar_type()).view({input.size(0), embedding.size(1), input.size(1)});
        if (wantEmbedding) gradEmbedding = torch::bmm(r, input.unsqueeze(-1)).squeeze(-1);
        if (wantInput) gradInput = torch::bmm(embedding.unsqueeze(1), r).squeeze(1);
        return {gradEmbedding, gradInput};
    }
    if (wantEmbedding) gradEmbedding = torch::empty_like(embedding, torch::MemoryFormat::Contiguous);
    if (wantInput) gradInput = torch::empty_like(input, torch::MemoryFormat::Contiguous);
    const torch::Tensor e = embedding.contiguous(), x = input.contiguous();
    if (rowGrads.scalar_type() == torch::kBFloat16) {
        TORCH_CHECK(input.scalar_type() == torch::kFloat, "contractRowGradients: bfloat16 rows need float32 factors");
        contractRowGradientsCpu<c10::BFloat16, float>(rowGrads, e, x, gradEmbedding, gradInput);
        return {gradEmbedding, gradInput};
    }
    AT_DISPATCH_FLOATING_TYPES(rowGrads.scalar_type(), "contractRowGradients",
                               [&] { contractRowGradientsCpu<scalar_t, scalar_t>(rowGrads, e, x, gradEmbedding, gradInput); });
    return {gradEmbedding, gradInput};
}

class MixedPoolProduct : public torch::autograd::Function<MixedPoolProduct> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& embedding,
                                 const torch::Tensor& input, const torch::Tensor& pool,
                                 const c10::intrusive_ptr<DeferredWeightGradient>& deferred,
                                 const c10::optional<torch::Tensor>& bfloat16Pool)
    {
        ctx->save_for_backward({embedding, input, pool});
        attachDeferred(ctx, deferred, embedding);
        if (!bfloat16Pool) return kroneckerRows(embedding, input).mm(pool);
        ctx->saved_data["bfloat16_pool"] = *bfloat16Pool;
        return kroneckerRows(roundedLike(embedding, *bfloat16Pool), roundedLike(input, *bfloat16Pool))
            .mm(*bfloat16Pool)
            .to(input.scalar_type());
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &embedding = saved[0], &input = saved[1], &pool = saved[2];
        const torch::Tensor gradOut = grads[0].contiguous();
        torch::Tensor gradEmbedding, gradInput, gradPool;
        if (ctx->needs_input_grad(2)) {
            const auto [deferred, step] = attachedDeferred(ctx);
            if (!deferred) {
                gradPool = kroneckerRows(embedding, input).t().mm(gradOut);
            } else { // each row m is one product of the batch: (1, K*C) and (1, O)
                deferred->add(step, input.unsqueeze(1), gradOut.unsqueeze(1));
                if (step == 0) gradPool = deferred->takeMixedProducts(embedding).view_as(pool);
            }
        }
        if (ctx->needs_input_grad(0) || ctx->needs_input_grad(1)) {
            const auto reduced = ctx->saved_data.find("bfloat16_pool");
            const torch::Tensor rowGrads = reduced == ctx->saved_data.end() // (M, D*K*C), contiguous
                ? gradOut.mm(pool.t())
                : roundedLike(gradOut, reduced->second.toTensor()).mm(reduced->second.toTensor().t());
            std::tie(gradEmbedding, gradInput) =
                contractRowGradients(rowGrads, embedding, input, ctx->needs_input_grad(0), ctx->needs_input_grad(1));
        }
        return {gradEmbedding, gradInput, gradPool, torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor mixedPoolProduct(const torch::Tensor& embedding, const torch::Tensor& input, const torch::Tensor& pool,
                               const c10::intrusive_ptr<DeferredWeightGradient>& deferred, const torch::Tensor& bfloat16Pool)
{
    TORCH_CHECK(embedding.dim() == 2 && input.dim() == 2 && pool.dim() == 2 && embedding.size(0) == input.size(0)
                    && pool.size(0) == embedding.size(1) * input.size(1),
                "mixedPoolProduct: shapes (M, D), (M, K*C), (D*K*C, O) expected");
    TORCH_CHECK(!bfloat16Pool.defined() || isProductOperandOf(bfloat16Pool, pool),
                "mixedPoolProduct: the bfloat16 pool must be the pool's toProductOperand copy");
    const c10::optional<torch::Tensor> reduced = bfloat16Pool.defined() ? c10::make_optional(bfloat16Pool) : c10::nullopt;
    return MixedPoolProduct::apply(embedding, input, pool, deferred, reduced);
}

} // namespace himnet
