#pragma once
#include <utility>
#include <vector>

namespace himnet {
/// (name, JSON) of every file in resources/presets, generated at build time.
extern const std::vector<std::pair<const char*, const char*>> kPresetTable;
} // namespace himnet
