#pragma once
// The `himnet` subcommands. Each registers its options on the parser and returns the
// process exit code when run: 0 success, 1 runtime failure, 2 bad usage or bad input.
#include <CLI/CLI.hpp>

#include <functional>

namespace himnet::cli {

using Command = std::function<int()>;

/// Adds `inspect` and `verify`; `selected` receives the command to run.
void addModelCommands(CLI::App& app, Command& selected);

} // namespace himnet::cli
