#include "model/graph_propagation.h"

namespace himnet {
namespace {

torch::Tensor product(const torch::Tensor& support, const torch::Tensor& u)
{
    return support.dim() == 2 ? torch::matmul(support, u) : torch::bmm(support, u);
}

class BFloat16Propagation : public torch::autograd::Function<BFloat16Propagation> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& support, const torch::Tensor& u)
    {
        ctx->save_for_backward({support, u});
        return product(support.to(torch::kBFloat16), u.to(torch::kBFloat16)).to(u.scalar_type());
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &support = saved[0], &u = saved[1];
        const torch::Tensor& gradOut = grads[0]; // (B, N, C)
        torch::Tensor gradSupport, gradU;
        if (ctx->needs_input_grad(0)) {
            if (support.dim() == 2) { // sum over the batch: (N, B*C) x (B*C, N)
                const int64_t nodes = u.size(1);
                gradSupport = gradOut.transpose(0, 1).reshape({nodes, -1}).mm(u.transpose(0, 1).reshape({nodes, -1}).t());
            } else {
                gradSupport = torch::bmm(gradOut, u.transpose(1, 2));
            }
        }
        if (ctx->needs_input_grad(1))
            gradU = product(support.transpose(-1, -2).to(torch::kBFloat16), gradOut.to(torch::kBFloat16)).to(u.scalar_type());
        return {gradSupport, gradU};
    }
};

} // namespace

torch::Tensor propagate(const torch::Tensor& support, const torch::Tensor& u, bool bfloat16Products)
{
    if (!bfloat16Products) return product(support, u);
    return BFloat16Propagation::apply(support, u);
}

} // namespace himnet
