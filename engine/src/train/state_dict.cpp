#include "train/state_dict.h"
#include "core/text.h"
#include "data/zip_archive.h"
#include "himnet/errors.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

namespace himnet {

std::string shapeText(c10::IntArrayRef sizes)
{
    std::ostringstream out;
    out << '(';
    for (size_t i = 0; i < sizes.size(); ++i) out << (i ? ", " : "") << sizes[i];
    out << (sizes.size() == 1 ? ",)" : ")");
    return out.str();
}

namespace {

const torch::Tensor& require(const std::map<std::string, torch::Tensor>& byName, const std::string& name,
                             const std::string& source)
{
    auto it = byName.find(name);
    if (it == byName.end())
        throw InputError(describeProblem(source, "not a HimNet state dict: '" + name + "' is missing"));
    return it->second;
}

bool isTensorDict(const c10::impl::GenericDict& dict)
{
    return std::all_of(dict.begin(), dict.end(), [](const auto& entry) { return entry.key().isString() && entry.value().isTensor(); });
}

bool namesHimNetTensors(const c10::impl::GenericDict& dict)
{
    return std::any_of(dict.begin(), dict.end(), [](const auto& entry) {
        const std::string& name = entry.key().toStringRef();
        return name == "node_embedding" || name == "module.node_embedding";
    });
}

std::string listed(const std::vector<std::string>& names)
{
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
    return text.empty() ? "none" : text;
}

/// torch.save's zip archives keep a CRC-32 of each member, which LibTorch's reader never
/// checks: a byte changed in a weight would load as a model that forecasts otherwise. libzip
/// checks them as it reads each member to its end.
void requireIntactMembers(const std::string& path)
{
    const ZipArchive archive(path, "a PyTorch zip archive");
    for (const auto& member : archive.memberNames()) archive.stream(member, [](const char*, size_t) { return true; });
}

} // namespace

NamedTensors stateDictOf(const torch::nn::Module& module)
{
    NamedTensors out;
    for (const auto& item : module.named_parameters(true)) out.emplace_back(item.key(), item.value().detach());
    for (const auto& item : module.named_buffers(true)) out.emplace_back(item.key(), item.value().detach());
    return out;
}

NamedTensors readPickledStateDict(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!std::filesystem::exists(path)) throw InputError(describeProblem(path, "file not found"));
    if (!in) throw InputError(describeProblem(path, "cannot be opened for reading"));
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.empty()) throw InputError(describeProblem(path, "file is empty"));
    if (bytes.size() >= 4 && std::string(bytes.data(), 4) == std::string("PK\x03\x04", 4)) requireIntactMembers(path);
    torch::IValue value;
    try {
        value = torch::pickle_load(bytes);
    } catch (const c10::Error& e) {
        throw InputError(describeProblem(path, std::string("not a PyTorch state dict saved with torch.save: ")
                                                   + e.what_without_backtrace()));
    }
    if (!value.isGenericDict()) throw InputError(describeProblem(path, "holds a " + value.tagKind() + ", expected a state dict"));
    // Training scripts often save a dict around it ({"model_state_dict": …, "optimizer": …,
    // "epoch": …}): then the one entry that is a state dict of a HimNet.
    c10::impl::GenericDict names = value.toGenericDict();
    if (!isTensorDict(names)) {
        std::vector<std::string> keys, found;
        std::optional<c10::impl::GenericDict> inner;
        for (const auto& entry : names) {
            const std::string key = entry.key().isString() ? entry.key().toStringRef() : "(" + entry.key().tagKind() + ")";
            keys.push_back(key);
            if (entry.value().isGenericDict() && isTensorDict(entry.value().toGenericDict()) && namesHimNetTensors(entry.value().toGenericDict())) {
                found.push_back(key);
                inner = entry.value().toGenericDict();
            }
        }
        if (found.size() != 1)
            throw InputError(describeProblem(path, found.empty() ? "holds no state dict of names to tensors (its entries: " + listed(keys) + ")"
                                                                 : "holds several HimNet state dicts (" + listed(found) + "); save one"));
        names = *inner;
    }
    NamedTensors out;
    for (const auto& entry : names) out.emplace_back(entry.key().toStringRef(), entry.value().toTensor());
    // nn.DataParallel and DistributedDataParallel name every tensor "module.…".
    const std::string wrapped = "module.";
    if (!out.empty() && std::all_of(out.begin(), out.end(), [&](const auto& named) { return named.first.rfind(wrapped, 0) == 0; }))
        for (auto& named : out) named.first.erase(0, wrapped.size());
    return out;
}

HimNetConfig inferConfigFromStateDict(const NamedTensors& tensors, const std::string& source)
{
    std::map<std::string, torch::Tensor> byName(tensors.begin(), tensors.end());
    HimNetConfig c;
    const torch::Tensor node = require(byName, "node_embedding", source);
    const torch::Tensor tod = require(byName, "tod_embedding.weight", source);
    const torch::Tensor dow = require(byName, "dow_embedding.weight", source);
    const torch::Tensor outProj = require(byName, "out_proj.weight", source);
    const torch::Tensor stProj = require(byName, "st_proj.weight", source);
    const torch::Tensor encoderGate = require(byName, "encoder_s.cells.0.gate.weights_pool", source);
    const torch::Tensor decoderGate = require(byName, "decoder.cells.0.gate.weights_pool", source);
    if (node.dim() != 2 || tod.dim() != 2 || outProj.dim() != 2 || stProj.dim() != 2 || encoderGate.dim() != 3
        || decoderGate.dim() != 3)
        throw InputError(describeProblem(source, "not a HimNet state dict: unexpected tensor ranks"));
    c.numNodes = node.size(0);
    c.nodeEmbeddingDim = node.size(1);
    c.stepsPerDay = tod.size(0);
    c.todEmbeddingDim = tod.size(1);
    c.dowEmbeddingDim = dow.size(1);
    c.outputDim = outProj.size(0);
    c.hiddenDim = outProj.size(1);
    c.stEmbeddingDim = stProj.size(0);
    c.numLayers = 0;
    while (byName.count("encoder_s.cells." + std::to_string(c.numLayers) + ".gate.weights_pool")) ++c.numLayers;
    const int64_t rows = encoderGate.size(1);
    if (rows % (c.inputDim + c.hiddenDim) != 0)
        throw InputError(describeProblem(source, "cannot infer cheb_k: encoder gate pool has " + std::to_string(rows)
                                                     + " rows, not a multiple of input_dim + hidden_dim = "
                                                     + std::to_string(c.inputDim + c.hiddenDim)));
    c.chebK = rows / (c.inputDim + c.hiddenDim);
    c.yCovDim = decoderGate.size(1) / c.chebK - c.hiddenDim - c.outputDim;
    // An ablated stack (HimNetConfig::useSpatialMeta…) has a pool of one matrix, not one per
    // dimension of its embedding.
    const auto pooledOne = [&](const std::string& stack, int64_t embeddingDim) {
        return require(byName, stack + ".cells.0.gate.weights_pool", source).size(0) == 1 && embeddingDim != 1;
    };
    c.useSpatialMeta = !pooledOne("encoder_s", c.nodeEmbeddingDim);
    c.useTemporalMeta = !pooledOne("encoder_t", c.temporalEmbeddingDim());
    c.useSpatioTemporalMeta = !pooledOne("decoder", c.stEmbeddingDim);
    c.validate();
    return c;
}

void loadStateDict(torch::nn::Module& module, const NamedTensors& tensors, const std::string& source)
{
    std::map<std::string, torch::Tensor> given(tensors.begin(), tensors.end());
    std::vector<std::string> problems, notFinite;
    NamedTensors targets = stateDictOf(module);
    for (const auto& [name, target] : targets) {
        auto it = given.find(name);
        if (it == given.end()) {
            problems.push_back("missing " + name + " " + shapeText(target.sizes()));
            continue;
        }
        if (it->second.sizes() != target.sizes())
            problems.push_back(name + " has shape " + shapeText(it->second.sizes()) + ", the network expects "
                               + shapeText(target.sizes()));
        else if (!it->second.is_floating_point())
            problems.push_back(name + " is not a floating-point tensor");
        else if (!torch::isfinite(it->second).all().item<bool>())
            notFinite.push_back(name);
        given.erase(it);
    }
    for (const auto& [name, tensor] : given) problems.push_back("unexpected " + name + " " + shapeText(tensor.sizes()));
    if (!problems.empty()) {
        std::string message = "does not fit this network (" + std::to_string(problems.size()) + " difference"
            + (problems.size() == 1 ? "" : "s") + "):";
        for (const auto& p : problems) message += "\n  " + p;
        throw InputError(describeProblem(source, message));
    }
    // The right shapes, but a training that diverged: nothing to forecast with.
    if (!notFinite.empty())
        throw InputError(describeProblem(source, "holds NaN or infinite values (in " + joined(notFinite) + "): not a usable model"));
    std::map<std::string, torch::Tensor> byName(tensors.begin(), tensors.end());
    torch::NoGradGuard noGrad;
    for (auto& [name, target] : targets) {
        const torch::Tensor& value = byName.at(name);
        target.copy_(value.to(target.device(), target.scalar_type()));
    }
}

bool sameTensors(const NamedTensors& a, const NamedTensors& b)
{
    if (a.size() != b.size()) return false;
    const std::map<std::string, torch::Tensor> byName(b.begin(), b.end());
    for (const auto& [name, tensor] : a) {
        const auto it = byName.find(name);
        if (it == byName.end() || !torch::equal(tensor, it->second)) return false;
    }
    return true;
}

int64_t countScalars(const NamedTensors& tensors)
{
    int64_t total = 0;
    for (const auto& item : tensors) total += item.second.numel();
    return total;
}

} // namespace himnet
