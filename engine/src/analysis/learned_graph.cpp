#include "himnet/learned_graph.h"
#include "model/himnet.h"
#include "train/checkpoint.h"

namespace himnet {

std::vector<GraphEdge> learnedGraphEdges(const std::string& checkpointPath, int64_t linksPerNode)
{
    const Checkpoint c = readCheckpoint(checkpointPath);
    HimNet model(c.config);
    loadStateDict(*model, c.params, checkpointPath);
    torch::NoGradGuard noGrad;
    torch::Tensor graph = model->staticSupport().clone();
    graph.fill_diagonal_(0);
    const int64_t k = std::min<int64_t>(linksPerNode, graph.size(1) - 1);
    std::vector<GraphEdge> edges;
    if (k <= 0) return edges;
    const auto [weights, indices] = graph.topk(k, 1);
    for (int64_t n = 0; n < graph.size(0); ++n)
        for (int64_t j = 0; j < k; ++j)
            edges.push_back({n, indices[n][j].item<int64_t>(), weights[n][j].item<double>(), 0.0});
    return edges;
}

} // namespace himnet
