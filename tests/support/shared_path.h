#pragma once
// Where the shared fixtures (docs/, golden/, datasets/ beside the checkout) live. Free of
// LibTorch, so that the UI tests that only need a dataset's path compile quickly.
#include <string>

namespace himnet::testing {

/// Absolute path of a file below the shared folder (docs/, golden/, datasets/); fails the
/// calling test through QVERIFY when it is missing.
std::string sharedPath(const std::string& relative);

} // namespace himnet::testing
