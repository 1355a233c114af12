// ProcessGroup over c10d's Gloo backend. Without it (HIMNET_WITH_DISTRIBUTED off), joining a
// group throws and says why, so its collectives can never be reached. Compiled without the
// engine's precompiled header: it needs USE_C10D_GLOO defined before LibTorch's distributed
// headers.
#include "train/process_group.h"
#include "himnet/errors.h"

#include <c10/util/Exception.h>

#include <chrono>
#include <cstdlib>

#if HIMNET_WITH_DISTRIBUTED
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace himnet {

bool distributedTrainingAvailable() { return HIMNET_WITH_DISTRIBUTED != 0; }

#if HIMNET_WITH_DISTRIBUTED

struct ProcessGroup::Backend {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

namespace {

std::chrono::milliseconds millisecondsOf(double seconds)
{
    return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000.0));
}

// The network device Gloo's connections use: GLOO_SOCKET_IFNAME's interface when set (as in
// PyTorch), loopback when every process is on this machine (a loopback rendezvous, or a file
// that no other machine shares), else this host's address.
std::shared_ptr<::gloo::transport::Device> transportDevice(const ProcessGroupOptions& o, const Rendezvous& r)
{
    if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"); interface && *interface)
        return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
    if (r.isLoopback() || (r.isFile && o.localWorldSize == o.worldSize))
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

} // namespace

ProcessGroup::ProcessGroup(const ProcessGroupOptions& options) : m_options(options), m_backend(std::make_unique<Backend>())
{
    options.validate();
    const Rendezvous r = parseRendezvous(options.rendezvous);
    const auto timeout = millisecondsOf(options.timeoutSeconds);
    const std::string joining = options.describe() + " could not join the others at " + options.rendezvous;
    try {
        if (r.isFile) {
            m_backend->store = c10::make_intrusive<c10d::FileStore>(r.path, options.worldSize);
        } else {
            c10d::TCPStoreOptions tcp;
            tcp.port = static_cast<std::uint16_t>(r.port);
            tcp.isServer = options.rank == 0 && !options.agentStore;
            tcp.numWorkers = static_cast<std::size_t>(options.worldSize);
            tcp.timeout = timeout;
            m_backend->store = c10::make_intrusive<c10d::TCPStore>(r.host, tcp);
        }
        m_backend->store->setTimeout(timeout);
        auto groupOptions = c10d::ProcessGroupGloo::Options::create(timeout);
        groupOptions->devices.push_back(transportDevice(options, r));
        m_backend->group = c10::make_intrusive<c10d::ProcessGroupGloo>(m_backend->store, options.rank, options.worldSize, groupOptions);
    } catch (const c10::Error& e) {
        throw RuntimeFailure(joining + ": " + e.what_without_backtrace());
    } catch (const std::exception& e) {
        throw RuntimeFailure(joining + ": " + e.what());
    }
}

ProcessGroup::~ProcessGroup() = default;

namespace {

template <typename Collective>
void collectively(const ProcessGroupOptions& o, const char* what, Collective&& collective)
{
    const auto failure = [&](const std::string& reason) {
        return RuntimeFailure(o.describe() + ": " + what + " with the other processes failed (one stopped, or did not answer within "
                              + std::to_string(static_cast<int64_t>(o.timeoutSeconds)) + " s): " + reason);
    };
    try {
        collective()->wait();
    } catch (const c10::Error& e) {
        throw failure(e.what_without_backtrace());
    } catch (const std::exception& e) { // Gloo's own, when a peer's connection closes
        throw failure(e.what());
    }
}

void allReduce(c10d::ProcessGroupGloo& group, const ProcessGroupOptions& o, torch::Tensor& tensor, c10d::ReduceOp op, const char* what)
{
    std::vector<torch::Tensor> tensors{tensor};
    c10d::AllreduceOptions options;
    options.reduceOp = op;
    collectively(o, what, [&] { return group.allreduce(tensors, options); });
}

} // namespace

void ProcessGroup::sum(torch::Tensor& tensor) { allReduce(*m_backend->group, m_options, tensor, c10d::ReduceOp::SUM, "summing"); }

void ProcessGroup::broadcastFromFirst(torch::Tensor& tensor)
{
    std::vector<torch::Tensor> tensors{tensor};
    c10d::BroadcastOptions options;
    options.rootRank = 0;
    collectively(m_options, "receiving rank 0's weights", [&] { return m_backend->group->broadcast(tensors, options); });
}

bool ProcessGroup::any(bool flag)
{
    torch::Tensor t = torch::tensor({flag ? int64_t(1) : int64_t(0)}, torch::kInt64);
    allReduce(*m_backend->group, m_options, t, c10d::ReduceOp::MAX, "agreeing whether to stop");
    return t.item<int64_t>() != 0;
}

void ProcessGroup::requireSame(const std::vector<std::pair<std::string, int64_t>>& values)
{
    std::vector<int64_t> raw;
    for (const auto& item : values) raw.push_back(item.second);
    torch::Tensor low = torch::tensor(raw, torch::kInt64), high = low.clone();
    allReduce(*m_backend->group, m_options, low, c10d::ReduceOp::MIN, "comparing the processes' set-up");
    allReduce(*m_backend->group, m_options, high, c10d::ReduceOp::MAX, "comparing the processes' set-up");
    for (size_t i = 0; i < values.size(); ++i) {
        const int64_t a = low[static_cast<int64_t>(i)].item<int64_t>(), b = high[static_cast<int64_t>(i)].item<int64_t>();
        if (a != b)
            throw InputError("the " + std::to_string(m_options.worldSize) + " processes disagree on " + values[i].first + " ("
                             + std::to_string(a) + " against " + std::to_string(b)
                             + "): start every process with the same data, options and checkpoint");
    }
}

#else // no c10d with Gloo in this build

struct ProcessGroup::Backend {};

ProcessGroup::ProcessGroup(const ProcessGroupOptions& options) : m_options(options)
{
    throw RuntimeFailure("this build of HimNet Studio cannot train over several processes: its LibTorch has no c10d with Gloo "
                         "(build with Debian's libgloo-dev installed, or against an official LibTorch)");
}
ProcessGroup::~ProcessGroup() = default;
// Unreachable: there is no ProcessGroup to call them on.
void ProcessGroup::sum(torch::Tensor&) {}
void ProcessGroup::broadcastFromFirst(torch::Tensor&) {}
bool ProcessGroup::any(bool flag) { return flag; }
void ProcessGroup::requireSame(const std::vector<std::pair<std::string, int64_t>>&) {}

#endif

} // namespace himnet
