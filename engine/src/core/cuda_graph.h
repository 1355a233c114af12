#pragma once
// CUDA graphs: GPU work recorded once and replayed as one launch.
//
// A HimNet training step on METR-LA launches thousands of small kernels (two encoders and a
// decoder of 12 recurrent steps each, forward and backward). On a fast GPU the launches, not
// the arithmetic, bound the step; a replayed graph launches them from the driver in one call.
//
// What a graph needs from the work it records: the same shapes every time, inputs copied into
// tensors the graph already knows (never new ones), no host synchronisation inside (no
// `.item()`, no copy to or from host memory), and host-side values (a learning rate, a step
// count) held in device tensors that are refreshed before each replay.
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>

namespace himnet {

class CudaGraph {
public:
    /// True when this build can record CUDA graphs (a LibTorch with CUDA).
    static bool supported();
    /// What the constructor checks, for a caller to check before its work begins: InputError
    /// when `device` is not a GPU, RuntimeFailure when this build has no CUDA. `work` names
    /// what would run on the device ("training"), for the message.
    static void checkUsableOn(const torch::Device& device, const std::string& work);

    /// How many times work should run() before capture(): cuBLAS and the allocator set
    /// themselves up for a stream at their first calls on it, which a capture must not see
    /// (PyTorch's own recipe runs three).
    static constexpr int kRunsBeforeCapture = 3;

    /// For work on `device`; throws as checkUsableOn().
    explicit CudaGraph(const torch::Device& device);
    ~CudaGraph();
    CudaGraph(const CudaGraph&) = delete;
    CudaGraph& operator=(const CudaGraph&) = delete;

    /// Runs `work` now, on the stream the graph records on; the caller's stream waits for it.
    /// Work must run this way before capture() (kRunsBeforeCapture).
    void run(const std::function<void()>& work);
    /// Records `work` without running it; afterwards replay() runs it. RuntimeFailure, with
    /// CUDA's reason, when the work cannot be recorded.
    void capture(const std::function<void()>& work);
    bool captured() const;
    /// Runs the recorded work on the caller's current stream.
    void replay();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace himnet
