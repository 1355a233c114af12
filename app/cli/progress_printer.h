#pragma once
// Training progress on the terminal: a live bar with ETA on a TTY, plain lines otherwise
// (logs, CI, pipes).
#include "himnet/training.h"

#include <cstdio>

namespace himnet::cli {

class ProgressPrinter {
public:
    explicit ProgressPrinter(std::FILE* stream, bool quiet = false);
    void operator()(const TrainProgress& progress);

private:
    std::FILE* m_stream;
    bool m_tty;
    bool m_quiet;
    int64_t m_lastPlainBatch = 0;
};

/// "1h02m", "4m05s", "12s".
std::string formatDuration(double seconds);

} // namespace himnet::cli
