#include "analysis/model_embeddings.h"
#include "analysis/matrix_tensor.h"
#include "himnet/errors.h"

#include <algorithm>

namespace himnet {

EmbeddingKind parseEmbeddingKind(const std::string& text)
{
    if (text == "node") return EmbeddingKind::Node;
    if (text == "tod") return EmbeddingKind::TimeOfDay;
    if (text == "dow") return EmbeddingKind::DayOfWeek;
    if (text == "st") return EmbeddingKind::SpatioTemporal;
    throw InputError("unknown embedding '" + text + "': expected node, tod, dow or st");
}

std::string embeddingKindName(EmbeddingKind kind)
{
    switch (kind) {
    case EmbeddingKind::Node: return "node";
    case EmbeddingKind::TimeOfDay: return "tod";
    case EmbeddingKind::DayOfWeek: return "dow";
    case EmbeddingKind::SpatioTemporal: return "st";
    }
    return "node";
}

const Matrix* EmbeddingTables::of(EmbeddingKind kind) const
{
    switch (kind) {
    case EmbeddingKind::Node: return &node;
    case EmbeddingKind::TimeOfDay: return &timeOfDay;
    case EmbeddingKind::DayOfWeek: return &dayOfWeek;
    case EmbeddingKind::SpatioTemporal: return nullptr;
    }
    return nullptr;
}

EmbeddingTables embeddingTablesOf(const HimNetImpl& model)
{
    torch::NoGradGuard noGrad;
    return EmbeddingTables{toMatrix(model.node_embedding), toMatrix(model.tod_embedding->weight),
                           toMatrix(model.dow_embedding->weight)};
}

NamedTensors embeddingTensorsOf(const HimNetImpl& model)
{
    torch::NoGradGuard noGrad;
    const auto copy = [](const torch::Tensor& t) { return t.detach().to(torch::kCPU).clone(); };
    return {{"node_embedding", copy(model.node_embedding)},
            {"tod_embedding.weight", copy(model.tod_embedding->weight)},
            {"dow_embedding.weight", copy(model.dow_embedding->weight)}};
}

EmbeddingTables embeddingTablesFrom(const NamedTensors& tensors, const HimNetConfig& config, const std::string& path)
{
    const auto table = [&](const std::string& name, int64_t rows, int64_t cols) {
        const auto it = std::find_if(tensors.begin(), tensors.end(), [&](const auto& item) { return item.first == name; });
        const std::string where = "/start/" + name;
        if (it == tensors.end()) throw InputError(describeProblem(path, where + " is missing"));
        const torch::Tensor& t = it->second;
        if (t.dim() != 2 || t.size(0) != rows || t.size(1) != cols)
            throw InputError(describeProblem(path, where + " has shape " + shapeText(t.sizes()) + ", the model's is (" + std::to_string(rows)
                                                       + ", " + std::to_string(cols) + ")"));
        if (!t.is_floating_point() || !torch::isfinite(t).all().item<bool>())
            throw InputError(describeProblem(path, where + " holds NaN or infinite values"));
        return toMatrix(t);
    };
    return EmbeddingTables{table("node_embedding", config.numNodes, config.nodeEmbeddingDim),
                           table("tod_embedding.weight", config.stepsPerDay, config.todEmbeddingDim),
                           table("dow_embedding.weight", 7, config.dowEmbeddingDim)};
}

} // namespace himnet
