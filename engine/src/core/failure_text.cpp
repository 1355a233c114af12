#include "himnet/failure_text.h"
#include "core/text.h"

#include <c10/util/Exception.h>

#include <new>
#include <regex>

namespace himnet {
namespace {

bool isOutOfMemory(const std::exception& failure, const std::string& text)
{
    // LibTorch's CUDA allocator throws OutOfMemoryError; its CPU allocator (1.13) a plain
    // c10::Error saying "can't allocate memory". Only LibTorch's text is read so: our own
    // messages may quote a file named anything.
    if (dynamic_cast<const std::bad_alloc*>(&failure) || dynamic_cast<const c10::OutOfMemoryError*>(&failure)) return true;
    return dynamic_cast<const c10::Error*>(&failure)
        && (text.find("can't allocate memory") != std::string::npos || text.find("out of memory") != std::string::npos);
}

/// The size an allocator says it was asked for ("2560076800000 bytes" from the CPU's,
/// "20.00 GiB" from CUDA's), in GiB or MiB; empty when the message does not say.
std::string requestedSize(const std::string& text)
{
    std::smatch match;
    if (std::regex_search(text, match, std::regex("allocate ([0-9]+) bytes"))) return formatBytes(std::stod(match[1].str()));
    if (std::regex_search(text, match, std::regex("[Tt]ried to allocate ([0-9.]+ [KMGT]iB)"))) return match[1].str();
    return {};
}

} // namespace

std::string describeFailure(const std::exception& failure)
{
    const auto* torchError = dynamic_cast<const c10::Error*>(&failure);
    const std::string text = torchError ? torchError->what_without_backtrace() : failure.what();
    if (!isOutOfMemory(failure, text)) return text;
    const std::string size = requestedSize(text);
    return "out of memory: the engine " + (size.empty() ? std::string("could not allocate what it needed") : "asked for " + size + " and could not get it")
        + "; a smaller batch size or hidden size needs less (LibTorch: " + text + ")";
}

} // namespace himnet
