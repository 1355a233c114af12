#include "model/product_precision.h"

namespace himnet {
namespace {

// A sum of 512 ones: bfloat16 (8 significant bits) holds 256 but not 257, so a bfloat16
// accumulator stops at 256. Both layouts the model uses, mm and bmm, must reach 512.
//
// The products are of the model's size, not tiny: LibTorch 1.13 hands a bfloat16 product to
// oneDNN (float32 sums, on CPUs with AVX-512) only when it is large enough (m·k·n above
// 16³), and runs smaller ones in its own loop, which sums in bfloat16 on every CPU. A 2 × 512
// × 2 probe therefore said "bfloat16 sums" on an AVX512-BF16 Xeon whose model-sized products
// sum in float32, and made bfloat16 training there twice as slow (session 14).
bool cpuSumsInFloat32()
{
    torch::NoGradGuard noGrad;
    const auto bf16 = torch::TensorOptions().dtype(torch::kBFloat16);
    const float mm = torch::ones({64, 512}, bf16).mm(torch::ones({512, 64}, bf16))[0][0].item<float>();
    const float bmm = torch::ones({2, 64, 512}, bf16).bmm(torch::ones({2, 512, 64}, bf16))[0][0][0].item<float>();
    return mm == 512.0f && bmm == 512.0f;
}

} // namespace

bool bfloat16GemmSumsInFloat32(const torch::Device& device)
{
    if (!device.is_cpu()) return true; // cuBLAS sums bfloat16 products in float32
    static const bool sums = cpuSumsInFloat32();
    return sums;
}

torch::Tensor toProductOperand(const torch::Tensor& t)
{
    const torch::Tensor rounded = t.to(torch::kBFloat16);
    return bfloat16GemmSumsInFloat32(t.device()) ? rounded : rounded.to(torch::kFloat);
}

torch::Tensor roundedLike(const torch::Tensor& t, const torch::Tensor& operand)
{
    return t.to(torch::kBFloat16).to(operand.scalar_type());
}

bool isProductOperandOf(const torch::Tensor& reduced, const torch::Tensor& full)
{
    return (reduced.scalar_type() == torch::kBFloat16 || reduced.scalar_type() == torch::kFloat) && reduced.sizes() == full.sizes();
}

} // namespace himnet
