#pragma once
// What a trained HimNet learned about the network's structure: its adaptive graph
// softmax(relu(E Eᵀ)) from the node embeddings.
#include "himnet/dataset.h"

#include <string>
#include <vector>

namespace himnet {

/// The `linksPerNode` strongest links of every node in the checkpoint's adaptive graph
/// (self-links excluded), as edges weighted by their probability.
std::vector<GraphEdge> learnedGraphEdges(const std::string& checkpointPath, int64_t linksPerNode = 3);

} // namespace himnet
