#pragma once
// Training progress on the terminal: a live bar with ETA on a TTY, plain lines otherwise
// (logs, CI, pipes).
#include "himnet/training.h"

#include <cstdio>
#include <string>

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

/// Work counted in items, as "forecasts: 1600 of 6850" or "windows measured: 1216 of 6850":
/// on a terminal one line, updated after each pass and cleared when all are done; in logs and
/// pipes a line at each quarter of a run of more than a few passes, so that a long one is not
/// silent.
class CountProgress {
public:
    CountProgress(std::FILE* stream, std::string what);
    void operator()(int64_t done, int64_t total);

private:
    std::FILE* m_stream;
    bool m_tty;
    std::string m_what;
    int64_t m_quartersPrinted = 0;
};

/// "1h02m", "4m05s", "12s".
std::string formatDuration(double seconds);

} // namespace himnet::cli
