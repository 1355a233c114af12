#pragma once
// State dicts: ordered (name, tensor) lists with the reference implementation's names,
// from our modules or from files saved by PyTorch's torch.save(model.state_dict()).
#include "himnet/himnet_config.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace himnet {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

/// Parameters and buffers of `module` under their dotted names (detached views).
NamedTensors stateDictOf(const torch::nn::Module& module);

/// Reads a state dict saved with torch.save(model.state_dict()) (zip or legacy pickle as
/// LibTorch supports). Throws InputError naming `path` when it is not one.
NamedTensors readPickledStateDict(const std::string& path);

/// Recovers the HimNet configuration from a reference state dict's shapes (input_dim is
/// assumed 3 — value, time of day, day of week — as in every published configuration).
HimNetConfig inferConfigFromStateDict(const NamedTensors& tensors, const std::string& source);

/// Copies `tensors` into `module` (converting dtype and device). Throws InputError that lists
/// every missing, unexpected and mis-shaped name, so a checkpoint from another network is
/// rejected with the reason instead of half-loaded; or, when they fit, names those holding
/// NaN or infinite values ("holds NaN or infinite values (in ...): not a usable model").
void loadStateDict(torch::nn::Module& module, const NamedTensors& tensors, const std::string& source);

/// Whether `a` and `b` hold the same names with equal tensors, bit for bit, in any order.
bool sameTensors(const NamedTensors& a, const NamedTensors& b);

/// A shape as Python prints it: "(207, 16)", "(7,)".
std::string shapeText(c10::IntArrayRef sizes);

/// Total number of scalars in `tensors`.
int64_t countScalars(const NamedTensors& tensors);

} // namespace himnet
