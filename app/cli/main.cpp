// himnet: the headless command line of HimNet Studio (contract: docs/ARCHITECTURE.md).
#include "cli_commands.h"

#include "himnet/errors.h"
#include "himnet/failure_text.h"
#include "himnet/runtime.h"

#include <iostream>

namespace himnet::cli {
Invocation& invocation()
{
    static Invocation parsed;
    return parsed;
}
} // namespace himnet::cli

int main(int argc, char** argv)
{
    himnet::configureAllocator();
    CLI::App app{"HimNet Studio command line: train, evaluate and inspect HimNet traffic forecasters"};
    app.set_version_flag("--version", "himnet " + himnet::versionString());
    app.require_subcommand(1);
    int& threads = himnet::cli::invocation().threads;
    himnet::cli::invocation().arguments.assign(argv + 1, argv + argc);
    app.add_option("--threads", threads, "CPU threads for LibTorch (0: one per core)")->check(CLI::NonNegativeNumber);

    himnet::cli::Command selected;
    himnet::cli::addDataCommands(app, selected);
    himnet::cli::addTrainCommands(app, selected);
    himnet::cli::addModelCommands(app, selected);
    himnet::cli::addAnalysisCommands(app, selected);
    himnet::cli::addExchangeCommands(app, selected);

    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        sub->fallthrough(); // global options such as --threads may follow the subcommand
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2; // --help and --version end here, without a restart
    }
    // Commands that only describe files skip it: it costs about half a second of a command
    // that takes under one. Same arguments: they parse again.
    if (selected.computes) himnet::restartWithTunedRuntime();
    try {
        himnet::configureThreads(threads);
        return selected.run ? selected.run() : 2;
    } catch (const himnet::InputError& e) {
        std::cerr << "himnet: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) { // LibTorch's too: without its backtrace, memory said as such
        std::cerr << "himnet: " << himnet::describeFailure(e) << '\n';
        return 1;
    }
}
