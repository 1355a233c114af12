#pragma once
// Zip archives written byte by byte, members stored uncompressed, as numpy.savez writes them:
// the tests' .npz files and the fuzz targets' archives (tests/fuzz). Needs zlib alone.
#include <string>
#include <utility>
#include <vector>

namespace himnet::testing {

/// A zip archive of `members` (name, bytes), stored uncompressed.
std::string storedZip(const std::vector<std::pair<std::string, std::string>>& members);

} // namespace himnet::testing
