#include "himnet/golden.h"
#include "core/device.h"
#include "himnet/errors.h"
#include "io/hdf5_file.h"
#include "model/himnet.h"
#include "train/state_dict.h"

#include <map>

namespace himnet {
namespace {

struct GoldenCase {
    HimNetConfig config;
    NamedTensors params;
    NamedTensors grads;
    torch::Tensor x, yCov, labels, output, loss;
};

/// readGoldenCase, whose HDF5 failures (a damaged file) become InputErrors naming the file.
GoldenCase readGoldenFile(const std::string& path)
{
    H5::H5File file = h5::openForReading(path);
    GoldenCase g;
    auto attr = [&](const char* name) { return h5::readIntAttribute(file, name, path); };
    HimNetConfig& c = g.config;
    c.numNodes = attr("num_nodes");
    c.inputDim = attr("input_dim");
    c.outputDim = attr("output_dim");
    c.yCovDim = attr("ycov_dim");
    c.outSteps = attr("out_steps");
    c.hiddenDim = attr("hidden_dim");
    c.numLayers = attr("num_layers");
    c.chebK = attr("cheb_k");
    c.todEmbeddingDim = attr("tod_embedding_dim");
    c.dowEmbeddingDim = attr("dow_embedding_dim");
    c.nodeEmbeddingDim = attr("node_embedding_dim");
    c.stEmbeddingDim = attr("st_embedding_dim");
    c.stepsPerDay = attr("steps_per_day");
    c.tfDecaySteps = attr("tf_decay_steps");
    c.useTeacherForcing = h5::readBoolAttribute(file, "use_teacher_forcing", path);
    g.x = h5::readTensor(file, "inputs/x", path);
    g.yCov = h5::readTensor(file, "inputs/y_cov", path);
    g.labels = h5::readTensor(file, "inputs/labels", path);
    g.output = h5::readTensor(file, "expected/output", path);
    g.loss = h5::readTensor(file, "expected/loss", path);
    if (g.x.dim() != 4) throw InputError(describeProblem(path, "inputs/x must have 4 dimensions (B, T, N, C)"));
    c.inSteps = g.x.size(1);
    try {
        c.validate();
    } catch (const InputError& e) {
        throw InputError(describeProblem(path, e.what()));
    }
    for (const char* group : {"params", "grads"}) {
        if (!h5::exists(file, group)) throw InputError(describeProblem(path, std::string("has no /") + group + " group"));
        H5::Group h5group = file.openGroup(group);
        NamedTensors& target = std::string(group) == "params" ? g.params : g.grads;
        for (const auto& name : h5::childNames(h5group)) target.emplace_back(name, h5::readTensor(h5group, name, path));
    }
    return g;
}

GoldenCase readGoldenCase(const std::string& path)
{
    return h5::guarded(path, "damaged HDF5 file", [&] { return readGoldenFile(path); });
}

Deviation compare(const std::string& quantity, const torch::Tensor& actual, const torch::Tensor& expected,
                  double tolerance, bool relative)
{
    const torch::Tensor a = actual.detach().to(torch::kCPU, torch::kFloat64);
    const torch::Tensor e = expected.to(torch::kCPU, torch::kFloat64);
    if (a.sizes() != e.sizes())
        throw RuntimeFailure(quantity + ": computed shape differs from the golden file's");
    Deviation d;
    d.quantity = quantity;
    d.maxAbsError = a.numel() ? (a - e).abs().max().item<double>() : 0.0;
    d.scale = e.norm().item<double>();
    d.relativeError = d.scale > 0 ? d.maxAbsError / d.scale : d.maxAbsError;
    d.tolerance = tolerance;
    d.relative = relative;
    return d;
}

} // namespace

bool GoldenReport::passed() const
{
    if (deviations.empty()) return false;
    for (const auto& d : deviations)
        if (!d.passed()) return false;
    return true;
}

GoldenReport verifyGolden(const std::string& goldenPath, DeviceKind deviceKind, const GoldenTolerances& tolerances)
{
    const GoldenCase g = readGoldenCase(goldenPath);
    const torch::Device device = resolveDevice(deviceKind);
    HimNet model(g.config);
    model->to(device, torch::kFloat64);
    loadStateDict(*model, g.params, goldenPath);
    model->eval();

    auto on = [&](const torch::Tensor& t) { return t.to(device, torch::kFloat64); };
    const torch::Tensor output = model->forward(on(g.x), on(g.yCov));
    const torch::Tensor loss = (output - on(g.labels)).abs().mean();
    loss.backward();

    GoldenReport report;
    report.path = goldenPath;
    report.dtype = "float64";
    report.device = device.str();
    report.parameterCount = countScalars(stateDictOf(*model));
    report.deviations.push_back(compare("output", output, g.output, tolerances.outputAbs, false));
    report.deviations.push_back(compare("loss", loss, g.loss, tolerances.lossAbs, false));
    std::map<std::string, torch::Tensor> parameters;
    for (const auto& item : model->named_parameters(true)) parameters.emplace(item.key(), item.value());
    for (const auto& [name, expected] : g.grads) {
        auto it = parameters.find(name);
        if (it == parameters.end())
            throw InputError(describeProblem(goldenPath, "gradient for unknown parameter '" + name + "'"));
        const torch::Tensor grad = it->second.grad().defined() ? it->second.grad() : torch::zeros_like(it->second);
        report.deviations.push_back(compare("grad " + name, grad, expected, tolerances.gradientRelative, true));
    }
    return report;
}

GoldenReport verifyStateDictOnGolden(const std::string& stateDictPath, const std::string& goldenPath,
                                     DeviceKind deviceKind, double tolerance)
{
    const GoldenCase g = readGoldenCase(goldenPath);
    const NamedTensors imported = readPickledStateDict(stateDictPath);
    HimNetConfig config = inferConfigFromStateDict(imported, stateDictPath);
    config.inSteps = g.config.inSteps;
    config.outSteps = g.config.outSteps;
    const torch::Device device = resolveDevice(deviceKind);
    HimNet model(config);
    model->to(device, torch::kFloat32);
    loadStateDict(*model, imported, stateDictPath);
    model->eval();
    torch::NoGradGuard noGrad;
    auto on = [&](const torch::Tensor& t) { return t.to(device, torch::kFloat32); };
    const torch::Tensor output = model->forward(on(g.x), on(g.yCov));

    GoldenReport report;
    report.path = stateDictPath;
    report.dtype = "float32";
    report.device = device.str();
    report.parameterCount = countScalars(imported);
    report.deviations.push_back(compare("output", output, g.output, tolerance, false));
    return report;
}

} // namespace himnet
