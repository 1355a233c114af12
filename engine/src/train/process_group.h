#pragma once
// The processes of a data-parallel training (himnet/distributed.h), joined through LibTorch's
// c10d with its Gloo backend. Every call is collective: each process makes the same calls in
// the same order, and a call returns once all have made it. Tensors travel on the CPU.
#include "himnet/distributed.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace himnet {

class ProcessGroup {
public:
    /// Joins the processes `options` describe, waiting up to its timeout for all of them.
    /// Throws RuntimeFailure when they do not all arrive in time, or when this build has no
    /// distributed training (distributedTrainingAvailable()).
    explicit ProcessGroup(const ProcessGroupOptions& options);
    ~ProcessGroup();
    ProcessGroup(const ProcessGroup&) = delete;
    ProcessGroup& operator=(const ProcessGroup&) = delete;

    int rank() const { return m_options.rank; }
    int size() const { return m_options.worldSize; }

    /// Sums `tensor` (contiguous, on the CPU) over the processes, in place.
    void sum(torch::Tensor& tensor);
    /// Replaces `tensor` (contiguous, on the CPU) with rank 0's.
    void broadcastFromFirst(torch::Tensor& tensor);
    /// True on every process when `flag` is true on any.
    bool any(bool flag);
    /// Throws InputError when the processes disagree on any of the named values, naming the
    /// first that differs and its range: processes started on different data or options
    /// would otherwise train on silently, or wait for each other forever.
    void requireSame(const std::vector<std::pair<std::string, int64_t>>& values);

private:
    struct Backend;
    ProcessGroupOptions m_options;
    std::unique_ptr<Backend> m_backend;
};

/// A rendezvous address taken apart: "tcp://HOST:PORT" or "file:///PATH".
struct Rendezvous {
    bool isFile = false;
    std::string host; ///< tcp: the host rank 0 listens on ([v6] brackets removed)
    int port = 0;
    std::string path; ///< file: the store file
    /// True when every process must be on this machine: a loopback host.
    bool isLoopback() const;
};
/// Throws InputError naming `text` when it is neither form.
Rendezvous parseRendezvous(const std::string& text);

/// FNV-1a of `text`: the same on every machine and build (std::hash is not), for requireSame.
int64_t stableHash(const std::string& text);

} // namespace himnet
