#include "model/mixed_pool_product.h"

namespace himnet {
namespace {

torch::Tensor kroneckerRows(const torch::Tensor& embedding, const torch::Tensor& input)
{
    return (embedding.unsqueeze(-1) * input.unsqueeze(-2)).reshape({input.size(0), embedding.size(1) * input.size(1)});
}

class MixedPoolProduct : public torch::autograd::Function<MixedPoolProduct> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& embedding,
                                 const torch::Tensor& input, const torch::Tensor& pool)
    {
        ctx->save_for_backward({embedding, input, pool});
        return kroneckerRows(embedding, input).mm(pool);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &embedding = saved[0], &input = saved[1], &pool = saved[2];
        const torch::Tensor gradOut = grads[0].contiguous();
        const int64_t rows = input.size(0), d = embedding.size(1), kc = input.size(1);
        torch::Tensor gradEmbedding, gradInput, gradPool;
        if (ctx->needs_input_grad(2)) gradPool = kroneckerRows(embedding, input).t().mm(gradOut);
        if (ctx->needs_input_grad(0) || ctx->needs_input_grad(1)) {
            const torch::Tensor gradRows = gradOut.mm(pool.t()).view({rows, d, kc});
            if (ctx->needs_input_grad(0)) gradEmbedding = torch::bmm(gradRows, input.unsqueeze(-1)).squeeze(-1);
            if (ctx->needs_input_grad(1)) gradInput = torch::bmm(embedding.unsqueeze(1), gradRows).squeeze(1);
        }
        return {gradEmbedding, gradInput, gradPool};
    }
};

} // namespace

torch::Tensor mixedPoolProduct(const torch::Tensor& embedding, const torch::Tensor& input, const torch::Tensor& pool)
{
    TORCH_CHECK(embedding.dim() == 2 && input.dim() == 2 && pool.dim() == 2 && embedding.size(0) == input.size(0)
                    && pool.size(0) == embedding.size(1) * input.size(1),
                "mixedPoolProduct: shapes (M, D), (M, K*C), (D*K*C, O) expected");
    return MixedPoolProduct::apply(embedding, input, pool);
}

} // namespace himnet
