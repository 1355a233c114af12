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

/// Forecasts written so far ("forecasts: 1600 of 6850"): on a terminal one line, updated after
/// each pass and cleared when all are written; in logs and pipes a line at each quarter of
/// a run of more than a few passes, so that a long one is not silent.
class ForecastProgress {
public:
    ForecastProgress(std::FILE* stream, int64_t total);
    void operator()(int64_t written);

private:
    std::FILE* m_stream;
    bool m_tty;
    int64_t m_total;
    int64_t m_quartersPrinted = 0;
};

/// "1h02m", "4m05s", "12s".
std::string formatDuration(double seconds);

} // namespace himnet::cli
