#pragma once
// How much memory this process can still get, before work that needs a lot of it starts.
#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>

namespace himnet {

/// Bytes this process can still get on `device`. On the CPU: the kernel's estimate of what
/// can be had without swapping (MemAvailable), or less where a control group (a container, a
/// systemd slice, a batch system's job) holds the process to a limit. On a GPU: the device's
/// free memory. Empty when it cannot tell (not Linux; a build without CUDA asked of a GPU).
std::optional<int64_t> availableMemoryBytes(const torch::Device& device);

/// MemAvailable of /proc/meminfo's text, in bytes; empty when it is not there.
std::optional<int64_t> memAvailableOf(const std::string& meminfo);

/// What a control group whose limit file reads `limit` ("max", or bytes; v1 writes a number
/// near 2^63 for none) leaves of it, given its usage in bytes and the page cache of its
/// memory.stat text (`stat`: reclaimable, so not counted as used); empty without a limit.
std::optional<int64_t> cgroupRoom(const std::string& limit, int64_t usage, const std::string& stat);

} // namespace himnet
