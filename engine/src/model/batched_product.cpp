#include "model/batched_product.h"

#include <ATen/Parallel.h>

namespace himnet {
namespace {

bool spreadsOverThreads(const torch::Tensor& a, const torch::Tensor& b)
{
    const bool floating = a.scalar_type() == torch::kFloat32 || a.scalar_type() == torch::kFloat64;
    return a.is_cpu() && b.is_cpu() && floating && a.scalar_type() == b.scalar_type() && a.dim() == 3 && b.dim() == 3
        && a.size(0) == b.size(0) && a.size(2) == b.size(1);
}

// The products themselves, without autograd.
torch::Tensor productsOverThreads(const torch::Tensor& a, const torch::Tensor& b)
{
    if (!spreadsOverThreads(a, b)) return torch::bmm(a, b); // also reports mismatched shapes
    // Detached: the worker threads do not share this thread's grad mode (LibTorch 1.13's
    // parallel_for does not carry it), and `mm_out` refuses operands that require a gradient.
    const torch::Tensor x = a.detach(), y = b.detach();
    torch::Tensor out = torch::empty({a.size(0), a.size(1), b.size(2)}, a.options());
    // Inside a parallel region LibTorch and OpenBLAS run single-threaded: one product per call.
    at::parallel_for(0, a.size(0), 1, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            torch::Tensor product = out.select(0, i);
            at::mm_out(product, x.select(0, i), y.select(0, i));
        }
    });
    return out;
}

class BatchedProduct : public torch::autograd::Function<BatchedProduct> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& a, const torch::Tensor& b)
    {
        ctx->save_for_backward({a, b});
        return productsOverThreads(a, b);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &a = saved[0], &b = saved[1];
        // With create_graph the gradients must be differentiable themselves: bmm records them.
        const bool recorded = torch::GradMode::is_enabled();
        auto product = [recorded](const torch::Tensor& x, const torch::Tensor& y) {
            return recorded ? torch::bmm(x, y) : productsOverThreads(x, y);
        };
        torch::Tensor gradA, gradB;
        if (ctx->needs_input_grad(0)) gradA = product(grads[0], b.transpose(1, 2));
        if (ctx->needs_input_grad(1)) gradB = product(a.transpose(1, 2), grads[0]);
        return {gradA, gradB};
    }
};

} // namespace

torch::Tensor batchedProduct(const torch::Tensor& a, const torch::Tensor& b)
{
    if (!spreadsOverThreads(a, b)) return torch::bmm(a, b);
    if (torch::GradMode::is_enabled() && (a.requires_grad() || b.requires_grad())) return BatchedProduct::apply(a, b);
    return productsOverThreads(a, b);
}

} // namespace himnet
