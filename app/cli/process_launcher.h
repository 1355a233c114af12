#pragma once
// `himnet train --processes N` on one machine: starts the N processes of a data-parallel
// training (this program again, each with its --rank) and waits for them.
#include <string>
#include <vector>

namespace himnet::cli {

/// Runs this program `count` times, with `arguments` (argv without argv[0]) followed by
/// "--rank i" and, unless `rendezvous` is given (then `arguments` hold it), "--rendezvous
/// file://..." on a fresh file in a temporary folder, removed at the end.
/// Ctrl+C and SIGTERM reach every process, which then stop together and keep what rank 0
/// saved. When one process fails, the others, which would wait for it, are stopped.
/// Returns the exit code: 0 when all succeeded, else the first failure's (130: interrupted).
int launchLocalProcesses(int count, const std::vector<std::string>& arguments, const std::string& rendezvous);

} // namespace himnet::cli
