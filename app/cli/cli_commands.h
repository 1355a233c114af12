#pragma once
// The `himnet` subcommands. Each registers its options on the parser and returns the
// process exit code when run: 0 success, 1 runtime failure, 2 bad usage or bad input.
#include <CLI/CLI.hpp>

#include "himnet/dataset.h"
#include "himnet/training.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace himnet::cli {

/// The subcommand the parser selected: what it runs, and whether it computes.
struct Command {
    std::function<int()> run;
    /// Worth the start-up restart that tunes OpenBLAS and OpenMP (restartWithTunedRuntime,
    /// about half a second); false for commands that only read and describe files.
    bool computes = true;

    /// A command that computes.
    Command& operator=(std::function<int()> command)
    {
        run = std::move(command);
        computes = true;
        return *this;
    }
};

/// What main() parsed for every command: the arguments as given, for commands that start this
/// program again, and --threads.
struct Invocation {
    std::vector<std::string> arguments; ///< argv[1..]
    int threads = 0;                    ///< 0: one per core
};
Invocation& invocation();

/// A command that only reads and describes files: it skips the restart.
inline Command describing(std::function<int()> command) { return Command{std::move(command), false}; }

/// Adds `inspect` and `verify`; `selected` receives the command to run.
void addModelCommands(CLI::App& app, Command& selected);

/// Adds `train`, `evaluate` and `forecast`.
void addTrainCommands(CLI::App& app, Command& selected);

/// Adds `info` and `demo`.
void addDataCommands(CLI::App& app, Command& selected);

/// Adds `embed`.
void addAnalysisCommands(CLI::App& app, Command& selected);

/// Adds `import` and `export`: models to and from the reference implementation.
void addExchangeCommands(CLI::App& app, Command& selected);

/// The options every command that reads a dataset shares.
struct DatasetOptions {
    std::string start, interval, aggregate, quantity, unit, valueColumn, sheet, dateOrder, laneTypes, from, until;
    std::optional<double> missingValue;
    void addTo(CLI::App* command);
    LoadOptions toLoadOptions() const;
    /// Reads the dataset at `path` with these options, shared read-only with the engine.
    std::shared_ptr<const Dataset> load(const std::string& path) const;
};

/// How train and import split the data: --split-file or --split-ratios.
struct SplitOptions {
    std::string file;
    std::vector<double> ratios; ///< training, validation
    void addTo(CLI::App* command);
    /// The split file beside the series (options' own) unless these split otherwise.
    void applyTo(TrainingOptions& options) const;
};

} // namespace himnet::cli
