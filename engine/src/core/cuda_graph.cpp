#include "core/cuda_graph.h"
#include "himnet/errors.h"

#if defined(HIMNET_WITH_CUDA)
#include <ATen/cuda/CUDAGraph.h> // c10/cuda and CUDA's runtime only, not cuBLAS's headers
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
#endif

namespace himnet {

#if defined(HIMNET_WITH_CUDA)

namespace {

void checkCuda(cudaError_t status, const char* what)
{
    if (status != cudaSuccess) throw RuntimeFailure(std::string("CUDA graph: ") + what + " failed: " + cudaGetErrorString(status));
}

// `waiter` does not start its later work before `waited`'s work so far is done; the host does
// not wait.
void streamWaits(const c10::cuda::CUDAStream& waiter, const c10::cuda::CUDAStream& waited)
{
    if (waiter == waited) return;
    cudaEvent_t event = nullptr;
    checkCuda(cudaEventCreateWithFlags(&event, cudaEventDisableTiming), "creating an event");
    checkCuda(cudaEventRecord(event, waited.stream()), "recording an event");
    const cudaError_t waited_on = cudaStreamWaitEvent(waiter.stream(), event, 0);
    cudaEventDestroy(event); // released once the wait is done
    checkCuda(waited_on, "waiting on an event");
}

} // namespace

struct CudaGraph::State {
    c10::DeviceIndex device;
    c10::cuda::CUDAStream stream;
    at::cuda::CUDAGraph graph;
    bool captured = false;

    explicit State(c10::DeviceIndex index) : device(index), stream(c10::cuda::getStreamFromPool(false, index)) {}

    // Runs `work` with `stream` current, ordered after the caller's stream and before its
    // later work.
    void onStream(const std::function<void()>& work)
    {
        const c10::cuda::CUDAStream caller = c10::cuda::getCurrentCUDAStream(device);
        streamWaits(stream, caller);
        {
            c10::cuda::CUDAStreamGuard guard(stream);
            work();
        }
        streamWaits(caller, stream);
    }
};

bool CudaGraph::supported() { return true; }

CudaGraph::CudaGraph(const torch::Device& device)
{
    checkUsableOn(device, "this work");
    m_state = std::make_unique<State>(device.has_index() ? device.index() : c10::DeviceIndex(0));
}

CudaGraph::~CudaGraph() = default;

void CudaGraph::run(const std::function<void()>& work) { m_state->onStream(work); }

void CudaGraph::capture(const std::function<void()>& work)
{
    if (m_state->captured) throw RuntimeFailure("CUDA graph: already captured");
    // Nothing of the caller's may still be in flight into what the graph records.
    torch::cuda::synchronize(m_state->device);
    try {
        m_state->onStream([&] {
            m_state->graph.capture_begin();
            try {
                work();
            } catch (...) {
                try {
                    m_state->graph.capture_end(); // ends the stream's capture; the graph is unusable
                } catch (...) {
                }
                throw;
            }
            m_state->graph.capture_end();
        });
    } catch (const std::exception& e) {
        throw RuntimeFailure(std::string("CUDA graph: the work could not be recorded: ") + e.what());
    }
    m_state->captured = true;
}

bool CudaGraph::captured() const { return m_state->captured; }

void CudaGraph::replay()
{
    if (!m_state->captured) throw RuntimeFailure("CUDA graph: replay before capture");
    m_state->graph.replay();
}

#else

struct CudaGraph::State {};

bool CudaGraph::supported() { return false; }

CudaGraph::CudaGraph(const torch::Device& device)
{
    checkUsableOn(device, "this work");
}

CudaGraph::~CudaGraph() = default;
void CudaGraph::run(const std::function<void()>& work) { work(); }
void CudaGraph::capture(const std::function<void()>&) {}
bool CudaGraph::captured() const { return false; }
void CudaGraph::replay() {}

#endif

void CudaGraph::checkUsableOn(const torch::Device& device, const std::string& work)
{
    if (!device.is_cuda()) throw InputError("--cuda-graphs needs a GPU; " + work + " runs on " + device.str());
    if (!supported()) throw RuntimeFailure("--cuda-graphs needs a LibTorch built with CUDA; this one has none");
}

} // namespace himnet
