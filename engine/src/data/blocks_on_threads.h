#pragma once
// A long text table's blocks (TableBlocks) parsed on every core: one thread reads and
// decompresses them in order, the others parse them as they come. Each block gives a Part (its
// rows as the reader that parses it makes them, numbered within the block); the parts come back
// in the file's order, for the caller to number in the file and join.
#include "data/text_table.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace himnet {

/// One block of a table's lines, as a parser gets it.
struct TableBlock {
    size_t index = 0;            ///< 0 for the file's first: the only one with the header
    std::string text;            ///< whole lines (forEachRowOfBlock reads them)
    unsigned char delimiter = ',';
    bool last = false;           ///< the file's last, which may end without a line break
};

/// Runs `work(reader)` on `threads` threads, reader 0 on this one.
void onThreads(size_t threads, const std::function<void(size_t reader)>& work);

/// Every block of `path` (about `blockBytes` each) parsed by `parse(block, reader)` on
/// `threads` threads, each with its own `reader` index. Nothing when a parse gave nothing or
/// threw, or the file could not be read to its end (a gzip file cut short): the caller then
/// reads the file in one piece, whose errors name their rows. At most two blocks a thread wait
/// to be parsed, bounding the text held.
template <typename Part>
std::optional<std::vector<Part>> parseBlocksOnThreads(const std::string& path, size_t blockBytes, size_t threads,
                                                      const std::function<std::optional<Part>(const TableBlock& block, size_t reader)>& parse)
{
    TableBlocks blocks(path, blockBytes);
    std::mutex lock;
    std::condition_variable changed;
    std::deque<TableBlock> waiting; // read, not yet parsed
    std::vector<std::optional<Part>> parts;
    bool allRead = false, failed = false;
    const size_t mostWaiting = 2 * threads;
    std::thread readerOfBlocks([&] {
        try {
            std::string text;
            for (size_t index = 0; blocks.next(text); ++index) {
                std::unique_lock<std::mutex> held(lock);
                changed.wait(held, [&] { return waiting.size() < mostWaiting || failed; });
                if (failed) break;
                waiting.push_back({index, std::move(text), blocks.delimiter(), blocks.atEnd()});
                text = std::string();
                parts.emplace_back();
                changed.notify_all();
            }
        } catch (...) { // read in one piece, a row's error before where it broke comes first
            std::lock_guard<std::mutex> held(lock);
            failed = true;
        }
        std::lock_guard<std::mutex> held(lock);
        allRead = true;
        changed.notify_all();
    });
    onThreads(threads, [&](size_t reader) {
        for (;;) {
            std::unique_lock<std::mutex> held(lock);
            changed.wait(held, [&] { return !waiting.empty() || allRead || failed; });
            if (failed || waiting.empty()) return;
            const TableBlock block = std::move(waiting.front());
            waiting.pop_front();
            changed.notify_all();
            held.unlock();
            std::optional<Part> part;
            try {
                part = parse(block, reader);
            } catch (...) { // the file read in one piece says what, and where
            }
            held.lock();
            failed = failed || !part;
            parts[block.index] = std::move(part);
            changed.notify_all();
        }
    });
    readerOfBlocks.join();
    if (failed) return std::nullopt;
    std::vector<Part> whole;
    whole.reserve(parts.size());
    for (auto& part : parts) whole.push_back(std::move(*part));
    return whole;
}

/// Whether a file is worth reading in blocks: a text file of more than one (a gzipped one
/// holds about eight times its size); a workbook's sheet is read in one piece.
bool worthReadingInBlocks(const std::string& path, size_t blockBytes);

} // namespace himnet
