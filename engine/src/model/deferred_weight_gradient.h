#pragma once
// The gradient of a weight applied at every step of a recurrent network, computed once per
// backward pass instead of once per step.
//
// A step applies out_q[i] = a_q[i] · W[i] (a batch of I products). Its weight gradient is
// a_q[i]ᵀ dout_q[i], a GEMM whose inner dimension is one step's M rows: small, and summed
// over Q steps through Q full-size intermediates. Kept until the backward pass has seen every
// step, the sum is one product over Q·M rows, T[i] = [a_0 … a_{Q-1}][i]ᵀ [dout_0 … dout_{Q-1}][i].
//
// The backward pass reaches the first step last: every later step depends on it through the
// recurrent state. That step returns the whole gradient; the others return none. A partial
// backward pass (the loss of the first few steps only) still ends at the first step.
#include <torch/torch.h>

#include <utility>

namespace himnet {

class DeferredWeightGradient : public torch::CustomClassHolder {
public:
    /// Called by each step's forward pass with the operand all steps share; returns the
    /// step's index (0 for the first).
    int64_t registerApplication(const torch::Tensor& shared);
    /// Called by each step's backward pass with its index: its input a_q (I, M, K) and output
    /// gradient dout_q (I, M, O), copied into one buffer for all steps (the first call sizes
    /// it), so that each step's tensors are freed with its node, as without deferral.
    void add(int64_t step, const torch::Tensor& input, const torch::Tensor& gradOut);
    /// T (I, K, O) over the steps added since the last take.
    torch::Tensor takeProducts();
    /// sum_i mix[i, d] T[i] as (D, K, O), for a weight mixed from a pool, W[i] = sum_d mix[i, d] P[d]
    /// (the pool's gradient); T is built a block of rows at a time and never exists whole.
    torch::Tensor takeMixedProducts(const torch::Tensor& mix);

private:
    std::pair<torch::Tensor, torch::Tensor> take(); // inputs (I, Q*M, K), output gradients (I, Q*M, O)

    int64_t m_applications = 0;
    const void* m_sharedData = nullptr;
    torch::Tensor m_inputs, m_gradOuts; // (I, Q*M, K), (I, Q*M, O): step q's rows at q*M
    int64_t m_stepsAdded = 0, m_stepsSpanned = 0;
};

/// A handle for a forward pass, or none when no weight gradient will be wanted.
c10::intrusive_ptr<DeferredWeightGradient> deferWeightGradient(const torch::Tensor& weight);

/// Keeps `deferred` with an autograd node, and finds it again in the backward pass.
void attachDeferred(torch::autograd::AutogradContext* ctx, const c10::intrusive_ptr<DeferredWeightGradient>& deferred,
                    const torch::Tensor& shared);
/// The attached handle (null when none) and the step's index.
std::pair<c10::intrusive_ptr<DeferredWeightGradient>, int64_t> attachedDeferred(torch::autograd::AutogradContext* ctx);

/// a (I, M, K) x W (I, K, O) -> (I, M, O), as torch::bmm, with W's gradient deferred to the
/// first step through `deferred`, which is required (every step must use the same W).
/// With `bfloat16Weights` (toProductOperand of W, detached), the products with W, forward and
/// backward, take bfloat16 operands (product_precision.h); W's gradient is float32.
torch::Tensor sharedWeightProduct(const torch::Tensor& a, const torch::Tensor& weights,
                                  const c10::intrusive_ptr<DeferredWeightGradient>& deferred,
                                  const torch::Tensor& bfloat16Weights = {});

} // namespace himnet
