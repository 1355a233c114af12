#pragma once
#include "himnet/runtime.h"

#include <torch/torch.h>

namespace himnet {

/// The torch device `kind` resolves to: Auto picks the first GPU when LibTorch has one.
torch::Device resolveDevice(DeviceKind kind);

} // namespace himnet
