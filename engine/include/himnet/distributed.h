#pragma once
// Data-parallel training over several processes: one per GPU of a server, or per machine.
// Every process holds the whole model and takes its share of each batch; their gradients are
// summed (weighted by the readings each share holds) before one identical update everywhere,
// so W processes compute what one process computes with the same batch size, to rounding.
#include <string>

namespace himnet {

struct ProcessGroupOptions {
    int worldSize = 1;      ///< processes in all; 1: train alone
    int rank = 0;           ///< this process, 0 .. worldSize - 1; rank 0 writes the checkpoint
    int localRank = 0;      ///< this process among those on its machine: it trains on GPU localRank
    int localWorldSize = 1; ///< processes on this machine: they share its cores
    /// Where the processes meet: "tcp://HOST:PORT" (rank 0 listens there, unless a launcher
    /// such as torchrun already does: agentStore) or "file:///PATH" on a file system every
    /// process sees (a fresh file for every run).
    std::string rendezvous;
    bool agentStore = false;
    double timeoutSeconds = 600; ///< how long a process waits for the others before it gives up

    bool enabled() const { return worldSize > 1; }
    /// Throws InputError naming the first option out of range or a malformed rendezvous.
    void validate() const;
    /// "process 2 of 4"
    std::string describe() const;

    /// The variables torchrun (and torch.distributed.launch) sets for each process it starts:
    /// WORLD_SIZE, RANK, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT and
    /// TORCHELASTIC_USE_AGENT_STORE. A single process (worldSize 1) when WORLD_SIZE is unset.
    /// Throws InputError when they are malformed.
    static ProcessGroupOptions fromEnvironment();
};

/// True when this build can train over several processes (LibTorch with c10d and Gloo).
bool distributedTrainingAvailable();

} // namespace himnet
