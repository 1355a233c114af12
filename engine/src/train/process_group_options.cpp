// ProcessGroupOptions: what a process of a data-parallel training knows of the others, from
// the command line or from the variables torchrun sets; and rendezvous addresses.
#include "himnet/distributed.h"
#include "himnet/errors.h"
#include "train/process_group.h"

#include <cstdlib>
#include <limits>

namespace himnet {
namespace {

const char* environmentValue(const char* name)
{
    const char* value = std::getenv(name);
    return value && *value ? value : nullptr;
}

int environmentInteger(const char* name, int fallback)
{
    const char* text = environmentValue(name);
    if (!text) return fallback;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (*end != '\0' || value < 0 || value > std::numeric_limits<int>::max())
        throw InputError(std::string("environment variable ") + name + " is '" + text + "', not a count");
    return static_cast<int>(value);
}

} // namespace

bool Rendezvous::isLoopback() const
{
    return !isFile && (host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0);
}

Rendezvous parseRendezvous(const std::string& text)
{
    const std::string usage = "rendezvous '" + text + "': expected tcp://HOST:PORT or file:///PATH";
    Rendezvous r;
    if (text.rfind("file://", 0) == 0) {
        r.isFile = true;
        r.path = text.substr(7);
        if (r.path.empty() || r.path.front() != '/') throw InputError(usage + " (the path must be absolute)");
        return r;
    }
    if (text.rfind("tcp://", 0) != 0) throw InputError(usage);
    const std::string address = text.substr(6);
    const size_t colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0) throw InputError(usage);
    r.host = address.substr(0, colon);
    if (r.host.size() > 2 && r.host.front() == '[' && r.host.back() == ']') r.host = r.host.substr(1, r.host.size() - 2);
    const std::string port = address.substr(colon + 1);
    char* end = nullptr;
    const long value = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || value < 1 || value > 65535) throw InputError(usage + " (port '" + port + "')");
    r.port = static_cast<int>(value);
    return r;
}

void ProcessGroupOptions::validate() const
{
    if (worldSize < 1) throw InputError("the number of processes must be at least 1, got " + std::to_string(worldSize));
    if (!enabled()) return;
    if (rank < 0 || rank >= worldSize)
        throw InputError("process rank " + std::to_string(rank) + " is outside 0.." + std::to_string(worldSize - 1));
    if (localWorldSize < 1 || localWorldSize > worldSize)
        throw InputError("processes on this machine (" + std::to_string(localWorldSize) + ") must be between 1 and "
                         + std::to_string(worldSize));
    if (localRank < 0 || localRank >= localWorldSize)
        throw InputError("local rank " + std::to_string(localRank) + " is outside 0.." + std::to_string(localWorldSize - 1));
    if (rendezvous.empty()) throw InputError("training over " + std::to_string(worldSize) + " processes needs a rendezvous address");
    parseRendezvous(rendezvous);
    if (!(timeoutSeconds > 0)) throw InputError("the process group's timeout must be positive");
}

std::string ProcessGroupOptions::describe() const
{
    return "process " + std::to_string(rank) + " of " + std::to_string(worldSize);
}

ProcessGroupOptions ProcessGroupOptions::fromEnvironment()
{
    ProcessGroupOptions o;
    o.worldSize = environmentInteger("WORLD_SIZE", 1);
    if (o.worldSize <= 1) return ProcessGroupOptions{};
    o.rank = environmentInteger("RANK", 0);
    o.localRank = environmentInteger("LOCAL_RANK", 0);
    o.localWorldSize = environmentInteger("LOCAL_WORLD_SIZE", o.worldSize);
    const char* host = environmentValue("MASTER_ADDR");
    const char* port = environmentValue("MASTER_PORT");
    if (!host || !port) throw InputError("WORLD_SIZE is set but MASTER_ADDR or MASTER_PORT is not: start the processes with torchrun");
    const std::string address = std::string(host).find(':') != std::string::npos ? "[" + std::string(host) + "]" : host;
    o.rendezvous = "tcp://" + address + ":" + port;
    const char* agent = environmentValue("TORCHELASTIC_USE_AGENT_STORE");
    o.agentStore = agent && (std::string(agent) == "True" || std::string(agent) == "1");
    return o;
}

int64_t stableHash(const std::string& text)
{
    uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return static_cast<int64_t>(hash >> 1); // non-negative, so min and max compare it plainly
}

} // namespace himnet
