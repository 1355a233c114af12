#pragma once
// The name and version a checkpoint file carries in its root attributes (train/checkpoint.h
// writes them). Here, below both the data and the training layers, so the dataset readers can
// recognise a checkpoint opened by mistake without depending on the training code.
#include <cstdint>

namespace himnet {

inline constexpr const char* kCheckpointFormat = "himnet-studio-checkpoint";
inline constexpr int64_t kCheckpointFormatVersion = 1;

} // namespace himnet
