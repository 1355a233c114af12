#pragma once
// Files the engine writes where a user says (a checkpoint, a forecast, a table of metrics):
// where they cannot be written is told before the work that fills them, which can take hours,
// not after it.
#include <string>

namespace himnet {

/// InputError naming `path` when a file cannot be written there: its folder does not exist, is
/// no folder, or does not let this user create a file in it (tried, with a temporary file that
/// is removed); or `path` is a folder. A file already there is left as it is.
void requireWritableFile(const std::string& path);

} // namespace himnet
