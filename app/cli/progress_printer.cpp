#include "progress_printer.h"

#include <unistd.h>

#include <string>

namespace himnet::cli {

std::string formatDuration(double seconds)
{
    const long long s = static_cast<long long>(seconds + 0.5);
    char text[32];
    if (s >= 3600) std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
    else if (s >= 60) std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
    else std::snprintf(text, sizeof text, "%llds", s);
    return text;
}

namespace {

/// "ETA 1m10s" in the last epoch; before it, "ETA 1m10s this epoch, 9m06s in all".
std::string timeLeft(const TrainProgress& p)
{
    std::string text = "ETA " + formatDuration(p.epochEtaSeconds);
    if (p.epoch < p.epochs) text += " this epoch, " + formatDuration(p.etaSeconds) + " in all";
    return text;
}

} // namespace

ProgressPrinter::ProgressPrinter(std::FILE* stream, bool quiet)
    : m_stream(stream), m_tty(isatty(fileno(stream)) != 0), m_quiet(quiet)
{
}

void ProgressPrinter::operator()(const TrainProgress& p)
{
    if (m_quiet) return;
    using Kind = TrainProgress::Kind;
    switch (p.kind) {
    case Kind::Started:
        std::fprintf(m_stream, "training: %lld batches per epoch, up to %lld epochs\n%s%scontext: %s\n",
                     static_cast<long long>(p.batchesPerEpoch), static_cast<long long>(p.epochs),
                     p.plan ? p.plan->describeSplit().c_str() : "", p.plan ? "\n" : "", p.message.c_str());
        if (!p.memoryNote.empty()) std::fprintf(m_stream, "memory: %s\n", p.memoryNote.c_str());
        break;
    case Kind::Batch: {
        if (m_tty) {
            const int width = 30;
            const int filled = static_cast<int>(width * p.batch / std::max<int64_t>(1, p.batchesPerEpoch));
            std::fprintf(m_stream, "\r\033[Kepoch %lld/%lld [%s%s] %lld/%lld loss %.4f lr %.1e %.0f samples/s %s",
                         static_cast<long long>(p.epoch), static_cast<long long>(p.epochs), std::string(filled, '#').c_str(),
                         std::string(width - filled, '.').c_str(), static_cast<long long>(p.batch),
                         static_cast<long long>(p.batchesPerEpoch), p.trainLoss, p.learningRate, p.samplesPerSecond,
                         timeLeft(p).c_str());
        } else if (p.batch == p.batchesPerEpoch || p.batch - m_lastPlainBatch >= std::max<int64_t>(1, p.batchesPerEpoch / 4)) {
            m_lastPlainBatch = p.batch == p.batchesPerEpoch ? 0 : p.batch;
            std::fprintf(m_stream, "epoch %lld batch %lld/%lld loss %.4f lr %.1e %.0f samples/s %s\n",
                         static_cast<long long>(p.epoch), static_cast<long long>(p.batch), static_cast<long long>(p.batchesPerEpoch),
                         p.trainLoss, p.learningRate, p.samplesPerSecond, timeLeft(p).c_str());
        }
        break;
    }
    case Kind::Validating:
        // Only a terminal shows it: the epoch line follows in logs.
        if (m_tty)
            std::fprintf(m_stream, "\r\033[Kepoch %lld/%lld validating... %s", static_cast<long long>(p.epoch),
                         static_cast<long long>(p.epochs), timeLeft(p).c_str());
        break;
    case Kind::Epoch: {
        std::string zones; // data with known zones: how well the node embeddings separate them so far
        if (p.zones) {
            char text[64];
            std::snprintf(text, sizeof text, " zones ARI %.2f NMI %.2f", p.zones->ari, p.zones->nmi);
            zones = text;
        }
        std::fprintf(m_stream, "%sepoch %lld/%lld train %.4f val %.4f%s%s elapsed %s ETA %s\n", m_tty ? "\r\033[K" : "",
                     static_cast<long long>(p.epoch), static_cast<long long>(p.epochs), p.trainLoss, p.valLoss,
                     p.improved ? " (best, saved)" : "", zones.c_str(), formatDuration(p.elapsedSeconds).c_str(),
                     formatDuration(p.etaSeconds).c_str());
        break;
    }
    case Kind::Finished:
        if (m_tty) std::fprintf(m_stream, "\r\033[K");
        if (!p.message.empty()) std::fprintf(m_stream, "note: %s\n", p.message.c_str());
        break;
    }
    std::fflush(m_stream);
}

CountProgress::CountProgress(std::FILE* stream, std::string what)
    : m_stream(stream), m_tty(isatty(fileno(stream)) != 0), m_what(std::move(what))
{
}

void CountProgress::operator()(int64_t done, int64_t total)
{
    if (m_tty) {
        if (done < total)
            std::fprintf(m_stream, "\r\033[K%s: %lld of %lld", m_what.c_str(), static_cast<long long>(done), static_cast<long long>(total));
        else std::fprintf(m_stream, "\r\033[K");
    } else {
        constexpr int64_t kQuietBelow = 256; // items: some 16 passes, seconds on any machine
        if (total < kQuietBelow || done >= total || done * 4 < (m_quartersPrinted + 1) * total) return;
        m_quartersPrinted = done * 4 / total;
        std::fprintf(m_stream, "%s: %lld of %lld\n", m_what.c_str(), static_cast<long long>(done), static_cast<long long>(total));
    }
    std::fflush(m_stream);
}

} // namespace himnet::cli
