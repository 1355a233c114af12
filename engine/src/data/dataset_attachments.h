#pragma once
// What a dataset's other files add to its series, each matched to the series' sensors by id
// and checked against it; InputError naming the file when it does not fit. Notes tell the
// user what was left out.
#include "himnet/dataset.h"

#include <string>

namespace himnet {

/// The sensors' coordinates. A table may list a larger network than the data (an agency's list
/// of all its stations): rows of other sensors are left out, with a note, as long as every
/// sensor of the data has its location. One that lacks a location is refused, naming the
/// strangers too.
void attachLocations(Dataset& d, const std::string& path);

/// The road graph from an edge list (from, to, distance or weight). A published distance list
/// covers more sensors than a dataset drawn from it (METR-LA's distances_la_2012.csv): links to
/// sensors outside the data are left out, with a note; a list that links none of them is
/// another network's.
void attachEdgeList(Dataset& d, const std::string& path);

/// The road graph from a square weight matrix: a CSV table, or a pickled graph (DCRNN's
/// adj_mx.pkl), whose sensors are matched by id where it names them.
void attachAdjacency(Dataset& d, const std::string& path);

/// The known zone of every sensor (sensor_id,zone); every sensor must have one.
void attachZones(Dataset& d, const std::string& path);

/// The reference's train/val/test windows (index.npz), for training: Dataset::splitFile. A
/// split file whose windows reach past the series is another dataset's: refused when it was
/// `named` (by a manifest), else left out with a note, as one found beside the series.
void attachSplitFile(Dataset& d, const std::string& path, bool named);
/// The note that the split file at `path` is left out, and `why`: training splits by time.
void leaveOutSplitFile(Dataset& d, const std::string& path, const std::string& why);

} // namespace himnet
