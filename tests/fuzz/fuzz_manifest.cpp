// A dataset folder's manifest (dataset.json), as users write it by hand: the files it names and
// the reading options it sets.
#include "data/dataset_manifest.h"
#include "fuzz_input.h"

namespace himnet::fuzzing {

void fuzzManifest(const uint8_t* data, size_t size)
{
    const std::string path = writeInput(data, size, "dataset.json");
    readOrRefuse(path, [&] { readManifest(path, {}); });
}

} // namespace himnet::fuzzing
