#include "model/deferred_weight_gradient.h"
#include "model/batched_product.h"
#include "model/product_precision.h"

#include <algorithm>

namespace himnet {
namespace {

// Rows of T built at a time by takeMixedProducts: about 8 MiB.
constexpr int64_t kMixedBlockBytes = int64_t{8} << 20;

class SharedWeightProduct : public torch::autograd::Function<SharedWeightProduct> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& a, const torch::Tensor& weights,
                                 const c10::intrusive_ptr<DeferredWeightGradient>& deferred,
                                 const c10::optional<torch::Tensor>& bfloat16Weights)
    {
        ctx->save_for_backward({a, weights});
        attachDeferred(ctx, deferred, weights);
        if (!bfloat16Weights) return batchedProduct(a, weights);
        ctx->saved_data["bfloat16_weights"] = *bfloat16Weights;
        return torch::bmm(roundedLike(a, *bfloat16Weights), *bfloat16Weights).to(a.scalar_type());
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &a = saved[0], &weights = saved[1];
        const torch::Tensor& gradOut = grads[0];
        torch::Tensor gradA, gradWeights;
        if (ctx->needs_input_grad(0)) {
            const auto reduced = ctx->saved_data.find("bfloat16_weights");
            gradA = reduced == ctx->saved_data.end()
                ? batchedProduct(gradOut, weights.transpose(1, 2))
                : torch::bmm(roundedLike(gradOut, reduced->second.toTensor()), reduced->second.toTensor().transpose(1, 2))
                      .to(a.scalar_type());
        }
        if (ctx->needs_input_grad(1)) {
            const auto [deferred, step] = attachedDeferred(ctx); // always attached: sharedWeightProduct requires one
            deferred->add(step, a, gradOut);
            if (step == 0) gradWeights = deferred->takeProducts();
        }
        return {gradA, gradWeights, torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

int64_t DeferredWeightGradient::registerApplication(const torch::Tensor& shared)
{
    if (m_applications == 0) m_sharedData = shared.data_ptr();
    TORCH_CHECK(shared.data_ptr() == m_sharedData, "DeferredWeightGradient: every step must share the same operand");
    return m_applications++;
}

void DeferredWeightGradient::add(int64_t step, const torch::Tensor& input, const torch::Tensor& gradOut)
{
    const int64_t rows = input.size(1);
    if (!m_inputs.defined()) {
        m_inputs = torch::empty({input.size(0), m_applications * rows, input.size(2)}, input.options());
        m_gradOuts = torch::empty({gradOut.size(0), m_applications * rows, gradOut.size(2)}, gradOut.options());
    }
    TORCH_CHECK(step >= 0 && (step + 1) * rows <= m_inputs.size(1), "DeferredWeightGradient: step ", step,
                " out of range");
    m_inputs.narrow(1, step * rows, rows).copy_(input);
    m_gradOuts.narrow(1, step * rows, rows).copy_(gradOut);
    ++m_stepsAdded;
    m_stepsSpanned = std::max(m_stepsSpanned, step + 1);
}

std::pair<torch::Tensor, torch::Tensor> DeferredWeightGradient::take()
{
    // The steps reached form a prefix 0 .. k: each depends on the one before it.
    TORCH_CHECK(m_inputs.defined() && m_stepsAdded == m_stepsSpanned,
                "DeferredWeightGradient: the backward pass skipped a step (", m_stepsAdded, " of ", m_stepsSpanned, ")");
    const int64_t rows = m_inputs.size(1) / m_applications * m_stepsSpanned;
    std::pair<torch::Tensor, torch::Tensor> steps{m_inputs.narrow(1, 0, rows), m_gradOuts.narrow(1, 0, rows)};
    m_inputs = m_gradOuts = torch::Tensor();
    m_stepsAdded = m_stepsSpanned = 0;
    return steps;
}

torch::Tensor DeferredWeightGradient::takeProducts()
{
    const auto [inputs, gradOuts] = take();
    return batchedProduct(inputs.transpose(1, 2), gradOuts);
}

torch::Tensor DeferredWeightGradient::takeMixedProducts(const torch::Tensor& mix)
{
    const auto [inputs, gradOuts] = take();
    const int64_t rows = inputs.size(0), inner = inputs.size(2), out = gradOuts.size(2);
    torch::Tensor grad = torch::zeros({mix.size(1), inner * out}, gradOuts.options());
    const int64_t block = std::max<int64_t>(1, kMixedBlockBytes / (inner * out * gradOuts.element_size()));
    for (int64_t begin = 0; begin < rows; begin += block) {
        const int64_t n = std::min(block, rows - begin);
        const torch::Tensor t = batchedProduct(inputs.narrow(0, begin, n).transpose(1, 2), gradOuts.narrow(0, begin, n));
        grad.addmm_(mix.narrow(0, begin, n).t(), t.view({n, inner * out}));
    }
    return grad.view({mix.size(1), inner, out});
}

c10::intrusive_ptr<DeferredWeightGradient> deferWeightGradient(const torch::Tensor& weight)
{
    if (!torch::GradMode::is_enabled() || !weight.requires_grad()) return {};
    return c10::make_intrusive<DeferredWeightGradient>();
}

void attachDeferred(torch::autograd::AutogradContext* ctx, const c10::intrusive_ptr<DeferredWeightGradient>& deferred,
                    const torch::Tensor& shared)
{
    if (!deferred) return;
    // saved_data holds IValues; a capsule is how an IValue carries a plain C++ object (it is
    // reference-counted with the node; the same API in LibTorch 1.13 and 2.x).
    ctx->saved_data["deferred_step"] = deferred->registerApplication(shared);
    ctx->saved_data["deferred"] = c10::IValue::make_capsule(deferred);
}

std::pair<c10::intrusive_ptr<DeferredWeightGradient>, int64_t> attachedDeferred(torch::autograd::AutogradContext* ctx)
{
    const auto found = ctx->saved_data.find("deferred");
    if (found == ctx->saved_data.end()) return {};
    auto holder = found->second.toCapsule();
    // The capsule holds what attachDeferred put there: a DeferredWeightGradient.
    auto deferred = c10::intrusive_ptr<DeferredWeightGradient>::reclaim(static_cast<DeferredWeightGradient*>(holder.release()));
    return {std::move(deferred), ctx->saved_data["deferred_step"].toInt()};
}

torch::Tensor sharedWeightProduct(const torch::Tensor& a, const torch::Tensor& weights,
                                  const c10::intrusive_ptr<DeferredWeightGradient>& deferred,
                                  const torch::Tensor& bfloat16Weights)
{
    TORCH_CHECK(deferred, "sharedWeightProduct: a DeferredWeightGradient is required (without one, this is torch::bmm)");
    TORCH_CHECK(!bfloat16Weights.defined() || isProductOperandOf(bfloat16Weights, weights),
                "sharedWeightProduct: the bfloat16 weights must be the weights' toProductOperand copy");
    const c10::optional<torch::Tensor> reduced =
        bfloat16Weights.defined() ? c10::make_optional(bfloat16Weights) : c10::nullopt;
    return SharedWeightProduct::apply(a, weights, deferred, reduced);
}

} // namespace himnet
