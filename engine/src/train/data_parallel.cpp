#include "train/data_parallel.h"
#include "core/device.h"

#include <algorithm>
#include <cstring>

namespace himnet {

torch::Device deviceOfProcess(DeviceKind kind, const ProcessGroupOptions& processes)
{
    const torch::Device device = resolveDevice(kind);
    if (!device.is_cuda()) return device;
    const auto gpus = std::max<int64_t>(1, static_cast<int64_t>(torch::cuda::device_count()));
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(processes.localRank % gpus));
}

std::vector<int64_t> shareOf(const std::vector<int64_t>& batch, const ProcessGroup* processes)
{
    if (!processes) return batch;
    const int64_t n = static_cast<int64_t>(batch.size()), parts = processes->size(), rank = processes->rank();
    const int64_t first = n * rank / parts, last = n * (rank + 1) / parts;
    return {batch.begin() + first, batch.begin() + last};
}

void requireSameTraining(ProcessGroup& processes, const WindowedData& windows, const TrainingRecord& record, int64_t batchesPerEpoch,
                         const std::vector<std::pair<std::string, torch::Tensor>>& parameters, bool resuming)
{
    const Dataset& d = windows.dataset();
    uint64_t valueBits = 0; // order-free and exact, so thread counts and machines do not matter
    for (float v : d.values) {
        uint32_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        valueBits += bits;
    }
    std::string ids;
    for (const auto& id : d.sensorIds) ids += id + '\n';
    int64_t parameterCount = 0;
    for (const auto& p : parameters) parameterCount += p.second.numel();
    const TrainingOptions& o = record.options;
    processes.requireSame({{"the number of sensors", d.numNodes},
                           {"the number of time steps", d.numSteps},
                           {"the sensor ids (hashed)", stableHash(ids)},
                           {"the data's values (checksum)", static_cast<int64_t>(valueBits >> 1)},
                           {"the training windows", windows.count(Split::Train)},
                           {"the validation windows", windows.count(Split::Val)},
                           {"the batch size", o.batchSize},
                           {"the batches per epoch", batchesPerEpoch},
                           {"the training options (hashed)", stableHash(o.toJson())},
                           {"the number of parameters", parameterCount},
                           {"whether they resume", resuming ? 1 : 0},
                           {"the epochs done", record.state.epochsDone},
                           {"the batches done", record.state.batchesSeen}});
}

void adoptFirstProcessWeights(ProcessGroup& processes, std::vector<std::pair<std::string, torch::Tensor>>& parameters)
{
    torch::NoGradGuard noGrad;
    for (auto& p : parameters) {
        torch::Tensor weights = p.second.detach().to(torch::kCPU).contiguous();
        processes.broadcastFromFirst(weights);
        p.second.copy_(weights.to(p.second.device()));
    }
}

} // namespace himnet
