#pragma once
// Checkpoints as older versions of the app wrote them, made from current ones. Free of
// LibTorch, for the UI tests.
#include <string>

namespace himnet::testing {

/// Copies checkpoint `from` to `to` without the zones its epoch history records, as written
/// before the history kept them.
void writeWithoutZoneHistory(const std::string& from, const std::string& to);

} // namespace himnet::testing
