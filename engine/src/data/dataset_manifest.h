#pragma once
// The files of a dataset and how to read them, as a manifest (dataset.json) names them or as
// the loader finds them by their names (dataset_loader.cpp).
#include "himnet/dataset.h"

#include <string>
#include <vector>

namespace himnet {

struct DatasetFiles {
    std::string series, locations, edges, adjacency, zones;
    std::string splitFile;   ///< the reference's windows of the series (index.npz)
    bool splitFileNamed = false; ///< by a manifest, rather than found beside the series
    std::vector<std::string> seriesParts; ///< a series split into files by day (PeMS), `series` the first
    std::vector<std::string> notes;       ///< what discovering the files, or reading the manifest, chose
    std::string name;
    LoadOptions options;
};

/// Reads a manifest (datasets/README.md): a JSON object whose "series" names the series file,
/// and whose other keys name the other files and the reading options, those `given` (by the
/// command line or the app) taking precedence. File names are relative to the manifest's
/// folder. A key the loader does not read is left out with a note naming it. Throws InputError
/// naming the manifest: not JSON, no object, no series, a value of the wrong kind or out of
/// range.
DatasetFiles readManifest(const std::string& manifestPath, const LoadOptions& given);

} // namespace himnet
