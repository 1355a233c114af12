#include "core/available_memory.h"
#include "core/cuda_support.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace himnet {
namespace {

std::string fileText(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The number after `key` at the start of a line of `text` ("key 123" or "key: 123 kB").
std::optional<int64_t> numberAfter(const std::string& text, const std::string& key)
{
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind(key, 0) != 0) continue;
        std::istringstream rest(line.substr(key.size()));
        int64_t value = 0;
        if (rest >> value) return value;
    }
    return std::nullopt;
}

int64_t usageOf(const std::string& path)
{
    int64_t usage = 0;
    std::istringstream(fileText(path)) >> usage;
    return usage;
}

/// The room left by the memory control groups this process can see: the hierarchy's root as
/// mounted, and the process's own group below it when that path exists there (inside a
/// container, /proc/self/cgroup names paths of the host's hierarchy).
std::optional<int64_t> cgroupsRoom()
{
    std::optional<int64_t> least;
    auto consider = [&](const std::string& limitFile, const std::string& usageFile, const std::string& statFile) {
        std::ifstream probe(limitFile);
        if (!probe) return;
        if (const auto room = cgroupRoom(fileText(limitFile), usageOf(usageFile), fileText(statFile)))
            least = least ? std::min(*least, *room) : *room;
    };
    std::string ownV2, ownV1;
    std::istringstream groups(fileText("/proc/self/cgroup"));
    for (std::string line; std::getline(groups, line);) {
        if (line.rfind("0::", 0) == 0) ownV2 = line.substr(3);
        const auto memory = line.find(":memory:");
        if (memory != std::string::npos) ownV1 = line.substr(memory + 8);
    }
    for (const std::string& group : {std::string("/"), ownV2}) {
        if (group.empty()) continue;
        const std::string dir = "/sys/fs/cgroup" + (group == "/" ? std::string() : group) + "/";
        consider(dir + "memory.max", dir + "memory.current", dir + "memory.stat");
    }
    for (const std::string& group : {std::string("/"), ownV1}) {
        if (group.empty()) continue;
        const std::string dir = "/sys/fs/cgroup/memory" + (group == "/" ? std::string() : group) + "/";
        consider(dir + "memory.limit_in_bytes", dir + "memory.usage_in_bytes", dir + "memory.stat");
    }
    return least;
}

} // namespace

std::optional<int64_t> memAvailableOf(const std::string& meminfo)
{
    const auto kib = numberAfter(meminfo, "MemAvailable:");
    if (!kib || *kib < 0) return std::nullopt;
    return *kib * 1024;
}

std::optional<int64_t> cgroupRoom(const std::string& limit, int64_t usage, const std::string& stat)
{
    int64_t bytes = 0;
    std::istringstream in(limit);
    if (!(in >> bytes) || bytes >= (int64_t(1) << 62)) return std::nullopt; // "max", or v1's "no limit"
    // The page cache the group may drop: v2's inactive_file, v1's total_inactive_file.
    const int64_t cache = numberAfter(stat, "inactive_file ").value_or(numberAfter(stat, "total_inactive_file ").value_or(0));
    return std::max<int64_t>(0, bytes - std::max<int64_t>(0, usage - cache));
}

std::optional<int64_t> availableMemoryBytes(const torch::Device& device)
{
    if (device.is_cuda()) return cudaFreeBytes(device);
    std::optional<int64_t> available = memAvailableOf(fileText("/proc/meminfo"));
    if (const auto room = cgroupsRoom()) available = available ? std::min(*available, *room) : *room;
    return available;
}

} // namespace himnet
