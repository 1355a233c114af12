#pragma once
// The `himnet` subcommands. Each registers its options on the parser and returns the
// process exit code when run: 0 success, 1 runtime failure, 2 bad usage or bad input.
#include <CLI/CLI.hpp>

#include "himnet/dataset.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace himnet::cli {

using Command = std::function<int()>;

/// Adds `inspect` and `verify`; `selected` receives the command to run.
void addModelCommands(CLI::App& app, Command& selected);

/// Adds `train`, `evaluate` and `forecast`.
void addTrainCommands(CLI::App& app, Command& selected);

/// Adds `info` and `demo`.
void addDataCommands(CLI::App& app, Command& selected);

/// Adds `embed`.
void addAnalysisCommands(CLI::App& app, Command& selected);

/// The options every command that reads a dataset shares.
struct DatasetOptions {
    std::string start, interval;
    std::optional<double> missingValue;
    void addTo(CLI::App* command);
    LoadOptions toLoadOptions() const;
    /// Reads the dataset at `path` with these options, shared read-only with the engine.
    std::shared_ptr<const Dataset> load(const std::string& path) const;
};

} // namespace himnet::cli
