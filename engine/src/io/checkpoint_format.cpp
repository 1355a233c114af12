#include "io/checkpoint_format.h"
#include "io/hdf5_file.h"

namespace himnet {

bool carriesCheckpointFormat(const H5::H5File& file, const std::string& path)
{
    return h5::guarded(path, "damaged HDF5 file", [&] {
        return h5::hasAttribute(file, "format") && h5::readStringAttribute(file, "format", path) == kCheckpointFormat;
    });
}

} // namespace himnet
