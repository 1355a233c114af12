#include "data/blocks_on_threads.h"
#include "data/xlsx_sheet.h"
#include "core/text.h"

#include <filesystem>
#include <system_error>

namespace himnet {

void onThreads(size_t threads, const std::function<void(size_t reader)>& work)
{
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work, t);
    work(0);
    for (auto& helper : helpers) helper.join();
}

bool worthReadingInBlocks(const std::string& path, size_t blockBytes)
{
    std::error_code failed;
    const uintmax_t size = std::filesystem::file_size(path, failed);
    if (failed || isWorkbookPath(path)) return false;
    return (endsWith(lowerCase(path), ".gz") ? 8 * size : size) > blockBytes;
}

} // namespace himnet
