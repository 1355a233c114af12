#pragma once
// What the CLI and the app say of an exception that ends engine work.
#include <exception>
#include <string>

namespace himnet {

/// The message of `failure` for a person: LibTorch's without its C++ backtrace, and memory
/// that could not be allocated said as such, with the size asked for and what needs less.
std::string describeFailure(const std::exception& failure);

} // namespace himnet
