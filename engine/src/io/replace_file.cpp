#include "io/replace_file.h"
#include "core/text.h"
#include "himnet/errors.h"
#include "himnet/output_files.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

namespace himnet {
namespace fs = std::filesystem;
namespace {

void syncToDisk(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// Temporary files of writers that were killed mid-write (".NAME.tmp-PID" whose process is
// gone) are removed before the next write; a live writer's file is left alone.
void removeStaleTemporaries(const fs::path& target)
{
    const std::string prefix = "." + target.filename().string() + ".tmp-";
    std::error_code ec;
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        const std::string pidText = name.substr(prefix.size());
        if (!allDigits(pidText)) continue;
        const pid_t pid = static_cast<pid_t>(std::stol(pidText));
        if (pid == ::getpid() || (::kill(pid, 0) != 0 && errno == ESRCH)) fs::remove(entry.path(), ec);
    }
}

/// `message` with every mention of `temporary` made one of `target`: the user never asked for
/// the temporary file.
std::string namingTarget(std::string message, const std::string& temporary, const std::string& target)
{
    for (size_t at = message.find(temporary); at != std::string::npos; at = message.find(temporary, at + target.size()))
        message.replace(at, temporary.size(), target);
    return message;
}

/// The temporary file replaceFile writes `target` through.
std::string temporaryFor(const fs::path& target)
{
    return (target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
}

} // namespace

void requireWritableFile(const std::string& path)
{
    const fs::path target(path);
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code error;
    if (fs::is_directory(target, error)) throw InputError(describeProblem(path, "is a folder: name a file in it"));
    if (!fs::exists(folder, error)) throw InputError(describeProblem(path, "cannot be written: its folder " + folder.string() + " does not exist"));
    if (!fs::is_directory(folder, error)) throw InputError(describeProblem(path, "cannot be written: " + folder.string() + " is not a folder"));
    // Permissions alone do not tell (a read-only mount, root on a network share): a file is made.
    const std::string probe = temporaryFor(target);
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        const int why = errno;
        if (why != EEXIST)
            throw InputError(describeProblem(path, "cannot be written: " + folder.string() + " does not let a file be made in it ("
                                                       + std::generic_category().message(why) + ")"));
        return; // this process's own temporary: a write is under way there
    }
    ::close(fd);
    fs::remove(probe, error);
}

void replaceFile(const std::string& target, const std::function<void(const std::string& temporary)>& write)
{
    const fs::path path(target);
    const std::string temporary = temporaryFor(path);
    removeStaleTemporaries(path);
    auto discard = [&temporary] {
        std::error_code ignored;
        fs::remove(temporary, ignored);
    };
    try {
        write(temporary);
        syncToDisk(temporary);
        fs::rename(temporary, path);
    } catch (const InputError& e) {
        discard();
        throw InputError(namingTarget(e.what(), temporary, target));
    } catch (const RuntimeFailure& e) {
        discard();
        throw RuntimeFailure(namingTarget(e.what(), temporary, target));
    } catch (const fs::filesystem_error& e) {
        discard();
        throw RuntimeFailure(describeProblem(target, "cannot be written: " + e.code().message()));
    } catch (...) {
        discard();
        throw;
    }
}

} // namespace himnet
