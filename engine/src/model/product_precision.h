#pragma once
// What `--precision bfloat16` means for a product, on every machine: operands rounded to
// bfloat16, their products summed in float32, as bfloat16 matrix units (AMX, AVX512-BF16)
// and GPUs do.
//
// LibTorch 1.13's own bfloat16 GEMM sums in bfloat16 for most operand layouts: a sum of 512
// ones stops at 256, and at METR-LA's depth (134 terms) the products are 5 % off. It runs
// every product on CPUs without AVX-512 (AMD EPYC Zen 2; session 13), and the tiny ones
// elsewhere; on AVX-512 CPUs oneDNN takes products of the model's size and sums them in
// float32. Where the model's products would sum in bfloat16, the operands are rounded to
// bfloat16 but kept in float32, and float32 GEMMs do the work: the same products, at
// float32's speed (bfloat16 is no faster there anyway).
#include <torch/torch.h>

namespace himnet {

/// True when bfloat16 GEMMs of the model's sizes on `device` sum in float32 (probed once on
/// the CPU: a sum of ones that bfloat16 cannot hold; assumed on a GPU).
bool bfloat16GemmSumsInFloat32(const torch::Device& device);

/// `t` as a bfloat16 product's operand: in bfloat16 where bfloat16GemmSumsInFloat32, else
/// rounded to bfloat16 and held in float32. An autograd node, like any cast.
torch::Tensor toProductOperand(const torch::Tensor& t);

/// `t` rounded to bfloat16, in the type of `operand` (a toProductOperand result): the other
/// factor of a product with it.
torch::Tensor roundedLike(const torch::Tensor& t, const torch::Tensor& operand);

/// True when `reduced` can stand for `full` in a product: its toProductOperand copy's type
/// (bfloat16 or float32) and shape.
bool isProductOperandOf(const torch::Tensor& reduced, const torch::Tensor& full);

} // namespace himnet
