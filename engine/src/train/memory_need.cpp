#include "train/memory_need.h"
#include "core/text.h"
#include "himnet/errors.h"

#include <algorithm>

namespace himnet {
namespace {

constexpr int64_t kFloatBytes = 4;
constexpr double kKeptBlocks = double(int64_t(1) << 30); ///< blocks the allocator keeps for reuse (configureAllocator)

/// Floats autograd keeps per node for one step of one GCRU layer: the Chebyshev terms
/// g = [u, Su, ...] of the gate's and the update's graph convolutions (K (C + H) each, the
/// products' saved input), the gate's sigmoid (2H), the candidate's tanh (H), and the
/// state, reset and update terms of the new state (3H).
int64_t keptPerNodeStep(const HimNetConfig& c, int64_t inChannels)
{
    return 2 * c.chebK * (inChannels + c.hiddenDim) + 6 * c.hiddenDim;
}

int64_t keptPerNodeOfStack(const HimNetConfig& c, int64_t firstChannels, int64_t steps)
{
    int64_t floats = 0;
    for (int64_t layer = 0; layer < c.numLayers; ++layer)
        floats += steps * keptPerNodeStep(c, layer == 0 ? firstChannels : c.hiddenDim);
    return floats;
}

} // namespace

double TrainingMemory::likelyMostBytes(int64_t batch) const
{
    return fixedBytes + kLikelyRatio * double(batch) * perWindowBytes + kKeptBlocks;
}

int64_t TrainingMemory::largestBatchWithin(int64_t availableBytes) const
{
    const double room = double(availableBytes) - kKeptBlocks - fixedBytes;
    return room <= 0 || perWindowBytes <= 0 ? 0 : static_cast<int64_t>(room / (kLikelyRatio * perWindowBytes));
}

TrainingMemory trainingMemoryOf(const HimNetConfig& c)
{
    TrainingMemory m;
    // A parameter, its gradient and Adam's first and second moments.
    m.fixedBytes = 4.0 * kFloatBytes * double(c.parameterCount());
    const int64_t perNode = keptPerNodeOfStack(c, c.inputDim, c.inSteps) * 2 // encoders S and T
        + keptPerNodeOfStack(c, c.outputDim + c.yCovDim, c.outSteps);
    // The decoder's graph softmax(relu(E Eᵀ)) of each window, N x N, kept for its backward pass.
    m.perWindowBytes = double(kFloatBytes) * (double(c.numNodes) * double(perNode) + double(c.numNodes) * double(c.numNodes));
    return m;
}

std::string requireTrainingFits(const HimNetConfig& c, int64_t batch, int64_t availableBytes, const std::string& where)
{
    const TrainingMemory memory = trainingMemoryOf(c);
    const std::string step = "a training step of " + countOf(batch, "window") + " of " + countOf(c.numNodes, "sensor")
        + " with hidden size " + std::to_string(c.hiddenDim);
    const int64_t fitting = memory.largestBatchWithin(availableBytes);
    const std::string advice = fitting > 1    ? "a batch size of " + std::to_string(fitting) + " or less fits"
        : fitting == 1 ? "only a batch of one window fits; a smaller hidden size needs less"
                       : "even a batch of one window does not fit: a smaller hidden size needs less";
    if (memory.leastBytes(batch) > double(availableBytes))
        throw InputError(step + " needs at least " + formatBytes(memory.leastBytes(batch)) + " of memory, and " + where + " has "
                         + formatBytes(double(availableBytes)) + " available; " + advice);
    if (memory.likelyMostBytes(batch) > double(availableBytes))
        return step + " needs " + formatBytes(memory.leastBytes(batch)) + " to " + formatBytes(memory.likelyMostBytes(batch))
            + " of memory, and " + where + " has " + formatBytes(double(availableBytes)) + " available: it may run out; " + advice;
    return {};
}

} // namespace himnet
