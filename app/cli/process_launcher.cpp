#include "process_launcher.h"

#include "himnet/errors.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <system_error>

#include <sys/wait.h>
#include <unistd.h>

namespace himnet::cli {
namespace {

volatile std::sig_atomic_t g_stopSignal = 0;

extern "C" void rememberStopSignal(int signal) { g_stopSignal = signal; }

int exitCodeOf(int status)
{
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

pid_t start(const std::vector<std::string>& arguments)
{
    std::vector<char*> argv;
    for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        execv("/proc/self/exe", argv.data());
        std::cerr << "himnet: cannot start " << arguments.front() << ": " << std::strerror(errno) << '\n';
        _exit(127);
    }
    if (pid < 0) throw RuntimeFailure(std::string("cannot start a training process: ") + std::strerror(errno));
    return pid;
}

// The others wait for a process that failed, in their next collective, until their timeout:
// ask them to stop, then make them. Reaps them.
void stopAll(std::map<pid_t, int>& running)
{
    for (const auto& [pid, rank] : running) kill(pid, SIGTERM);
    for (int tenths = 0; tenths < 50 && !running.empty(); ++tenths) {
        for (auto it = running.begin(); it != running.end();) {
            int status = 0;
            it = waitpid(it->first, &status, WNOHANG) == it->first ? running.erase(it) : std::next(it);
        }
        if (!running.empty()) usleep(100000);
    }
    for (const auto& [pid, rank] : running) {
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
    }
    running.clear();
}

} // namespace

int launchLocalProcesses(int count, const std::vector<std::string>& arguments, const std::string& rendezvous)
{
    std::string meetingPoint = rendezvous;
    std::filesystem::path storeFolder;
    if (meetingPoint.empty()) {
        std::string pattern = (std::filesystem::temp_directory_path() / "himnet-processes-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw RuntimeFailure("cannot create a folder for the processes to meet in: " + std::string(std::strerror(errno)));
        storeFolder = pattern;
        meetingPoint = "file://" + (storeFolder / "store").string();
    }
    // Without SA_RESTART, so that a signal interrupts the wait below and can be passed on.
    struct sigaction stopAction {};
    stopAction.sa_handler = rememberStopSignal;
    sigemptyset(&stopAction.sa_mask);
    sigaction(SIGINT, &stopAction, nullptr);
    sigaction(SIGTERM, &stopAction, nullptr);

    std::map<pid_t, int> running; // pid → rank
    for (int rank = 0; rank < count; ++rank) {
        std::vector<std::string> argv{"himnet"};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        argv.insert(argv.end(), {"--rank", std::to_string(rank)});
        if (rendezvous.empty()) argv.insert(argv.end(), {"--rendezvous", meetingPoint});
        running.emplace(start(argv), rank);
    }
    int result = 0;
    bool forwarded = false;
    while (!running.empty()) {
        if (g_stopSignal && !forwarded) { // a terminal's Ctrl+C reached them already; kill(1) did not
            for (const auto& [pid, rank] : running) kill(pid, SIGINT);
            forwarded = true;
        }
        int status = 0;
        const pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            break;
        }
        const auto found = running.find(pid);
        if (found == running.end()) continue;
        const int rank = found->second, code = exitCodeOf(status);
        running.erase(found);
        if (code != 0 && result == 0) {
            result = code;
            if (code != 130 && !running.empty()) {
                std::cerr << "himnet: process " << rank << " of " << count << " ended with exit code " << code
                          << "; stopping the other processes\n";
                stopAll(running);
            }
        }
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (!storeFolder.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(storeFolder, ignored);
    }
    return result;
}

} // namespace himnet::cli
