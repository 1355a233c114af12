#include "analysis/model_embeddings.h"
#include "analysis/matrix_tensor.h"
#include "himnet/errors.h"

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

} // namespace himnet
