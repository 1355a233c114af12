#pragma once
// The name and version a checkpoint file carries in its root attributes (train/checkpoint.h
// writes them). Here, below both the data and the training layers, so the dataset readers can
// recognise a checkpoint opened by mistake without depending on the training code.
#include <cstdint>
#include <string>

namespace H5 {
class H5File;
}

namespace himnet {

inline constexpr const char* kCheckpointFormat = "himnet-studio-checkpoint";
inline constexpr int64_t kCheckpointFormatVersion = 1;

/// True when the open HDF5 file `path` carries a checkpoint's format attribute: a trained
/// model, whether it was opened as one or, by mistake, as a dataset.
bool carriesCheckpointFormat(const H5::H5File& file, const std::string& path);

} // namespace himnet
