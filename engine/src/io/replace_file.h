#pragma once
// Files written whole or not at all: checkpoints and exports. A write that fails part way (a
// full disk, a killed process) leaves what the target held before, never a torn file.
#include <functional>
#include <string>

namespace himnet {

/// Calls `write` with a temporary path beside `target` (".NAME.tmp-PID"), flushes what it wrote
/// to disk and renames it over `target`. When `write` throws or the rename fails, the temporary
/// file is removed and `target` is left as it was; the error names `target` (an InputError or
/// RuntimeFailure stays one, a filesystem error becomes a RuntimeFailure). Temporaries of
/// writers that were killed (their process is gone) are removed first.
void replaceFile(const std::string& target, const std::function<void(const std::string& temporary)>& write);

} // namespace himnet
