#pragma once
// Cooperative cancellation of long engine work (training, t-SNE): set from any thread,
// checked by the worker between units of work (batches, iterations).
#include <atomic>

namespace himnet {

class CancelToken {
public:
    void cancel() { m_cancelled.store(true); }
    void reset() { m_cancelled.store(false); }
    bool isCancelled() const { return m_cancelled.load(); }

private:
    std::atomic<bool> m_cancelled{false};
};

} // namespace himnet
