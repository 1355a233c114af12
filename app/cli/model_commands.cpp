#include "cli_commands.h"

#include "himnet/benchmark.h"
#include "himnet/golden.h"
#include "himnet/model_file.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

namespace himnet::cli {
namespace {

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string out = "(";
    for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + ")";
}

int runInspect(const std::string& path, bool json)
{
    const ModelFileSummary s = inspectModelFile(path);
    if (json) {
        std::cout << toJson(s) << '\n';
        return 0;
    }
    const HimNetConfig& c = s.config;
    const char* seal = s.format == "pytorch-state-dict" ? ""
                       : s.sealed ? " (sealed: every byte as written)"
                                  : " (no seal: written by an earlier version, or rewritten since; changes cannot be told)";
    std::cout << s.path << "\n  format       " << s.format << seal << "\n  parameters   " << s.parameterCount
              << "\n  nodes        " << c.numNodes << "\n  hidden       " << c.hiddenDim << " (layers " << c.numLayers
              << ", cheb_k " << c.chebK << ")\n  embeddings   node " << c.nodeEmbeddingDim << ", tod " << c.todEmbeddingDim
              << ", dow " << c.dowEmbeddingDim << ", st " << c.stEmbeddingDim << "\n  steps/day    " << c.stepsPerDay
              << "\n  horizon      " << c.inSteps << " in, " << c.outSteps << " out\n";
    std::string laneTypes;
    for (const auto& type : s.laneTypes) laneTypes += (laneTypes.empty() ? ", PeMS lane types " : ", ") + type;
    if (!s.datasetName.empty())
        std::cout << "  dataset      " << s.datasetName << (s.valueColumn.empty() ? "" : ", column '" + s.valueColumn + "'")
                  << (s.aggregation.empty() ? "" : s.aggregation == "sum" ? ", readings totalled into steps" : ", readings averaged into steps")
                  << laneTypes << '\n';
    if (!s.dataFrom.empty()) std::cout << "  period       " << s.dataFrom << " to " << s.dataTo << " (the series its training split into training, validation and test)\n";
    if (!s.importedFrom.empty()) std::cout << "  imported     from " << s.importedFrom << " (a reference state dict)\n";
    if (!s.startedFrom.empty()) {
        std::cout << "  started      from the weights of " << s.startedFrom;
        if (s.startingValLoss) std::cout << " (validation loss " << *s.startingValLoss << ")";
        std::cout << '\n';
    }
    if (s.epochsTrained > 0) {
        std::cout << "  trained      " << s.epochsTrained << (s.epochsTrained == 1 ? " epoch" : " epochs") << ", best validation loss " << s.bestValidationLoss;
        if (s.startingValLoss && s.bestEpoch == 0) std::cout << ": no epoch beat the starting weights, which it holds";
        std::cout << '\n';
    }
    if (s.split) std::cout << "  split        " << s.split->describe() << '\n';
    if (s.metrics) std::cout << "  tested       " << s.metrics->describe() << '\n';
    if (s.batchesIntoEpoch > 0)
        std::cout << "  stopped      after " << s.batchesIntoEpoch << " batches of epoch " << s.epochsTrained + 1
                  << (s.epochsTrained == 0 ? " (no finished epoch: not a model yet)" : "") << "; train --resume continues\n";
    if (!s.history.empty()) {
        const bool zones = std::any_of(s.history.begin(), s.history.end(), [](const EpochRecord& h) { return h.zones.has_value(); });
        std::printf("  history      %5s %10s %10s %10s %9s", "epoch", "train", "val", "lr", "seconds");
        if (zones) std::printf("  %9s %5s", "zones ARI", "NMI");
        std::printf("\n");
        for (const auto& h : s.history) {
            std::printf("               %5lld %10.4f %10.4f %10.3g %9.1f", static_cast<long long>(h.epoch), h.trainLoss, h.valLoss,
                        h.learningRate, h.seconds);
            if (h.zones) std::printf("  %9.3f %5.3f", h.zones->ari, h.zones->nmi);
            std::printf("\n");
        }
    }
    std::cout << "  tensors:\n";
    for (const auto& t : s.tensors) std::printf("    %-44s %-16s %s\n", t.name.c_str(), shapeText(t.shape).c_str(), t.dtype.c_str());
    return 0;
}

void printReport(const GoldenReport& report)
{
    std::printf("%s (%s on %s, %lld parameters)\n", report.path.c_str(), report.dtype.c_str(), report.device.c_str(),
                static_cast<long long>(report.parameterCount));
    std::printf("  %-48s %12s %12s %10s  %s\n", "quantity", "max |err|", "rel. to norm", "tolerance", "");
    for (const auto& d : report.deviations)
        std::printf("  %-48s %12.3e %12.3e %10.1e  %s %s\n", d.quantity.c_str(), d.maxAbsError, d.relativeError,
                    d.tolerance, d.relative ? "(rel)" : "(abs)", d.passed() ? "ok" : "FAIL");
}

} // namespace

void addModelCommands(CLI::App& app, Command& selected)
{
    auto* inspect = app.add_subcommand("inspect", "Show the configuration, parameter count and shapes of a model file");
    auto inspectPath = std::make_shared<std::string>();
    auto inspectJson = std::make_shared<bool>(false);
    inspect->add_option("file", *inspectPath, "HimNet Studio checkpoint (.h5) or reference state dict (.pt)")->required();
    inspect->add_flag("--json", *inspectJson, "Print one JSON object");
    inspect->callback([&selected, inspectPath, inspectJson] {
        selected = describing([inspectPath, inspectJson] { return runInspect(*inspectPath, *inspectJson); });
    });

    auto* verify = app.add_subcommand("verify", "Run a golden file of the reference implementation and report the errors");
    auto goldenPath = std::make_shared<std::string>();
    auto stateDict = std::make_shared<std::string>();
    auto device = std::make_shared<std::string>("cpu");
    verify->add_option("golden", *goldenPath, "Golden HDF5 file (format: docs/HIMNET.md)")->required();
    verify->add_option("--state-dict", *stateDict,
                       "Also import this reference state dict (.pt) and check its float32 output on the same inputs");
    verify->add_option("--device", *device, "auto, cpu or cuda")->capture_default_str();
    verify->callback([&selected, goldenPath, stateDict, device] {
        selected = [goldenPath, stateDict, device] {
            const DeviceKind kind = parseDeviceKind(*device);
            const GoldenReport report = verifyGolden(*goldenPath, kind);
            printReport(report);
            bool passed = report.passed();
            if (!stateDict->empty()) {
                const GoldenReport imported = verifyStateDictOnGolden(*stateDict, *goldenPath, kind);
                printReport(imported);
                passed = passed && imported.passed();
            }
            std::cout << (passed ? "PASS: within tolerance of the reference\n" : "FAIL: outside tolerance\n");
            return passed ? 0 : 1;
        };
    });

    auto* bench = app.add_subcommand("bench", "Time our HimNet against the reference's naive formulation (and check they agree)");
    auto options = std::make_shared<BenchOptions>();
    auto benchDevice = std::make_shared<std::string>("auto");
    auto benchPrecision = std::make_shared<std::string>("float32");
    auto benchJson = std::make_shared<bool>(false);
    bench->add_option("--config", options->config, "metr-la, pems08 or pems07")->capture_default_str();
    bench->add_option("--device", *benchDevice, "auto, cpu or cuda")->capture_default_str();
    bench->add_option("--precision", *benchPrecision, "Of our training step's products: float32 or bfloat16 (the naive formulation stays float32)")
        ->capture_default_str();
    bench->add_option("--batch-size", options->batchSize, "Samples per batch")->capture_default_str();
    bench->add_option("--repetitions", options->repetitions, "Timed runs per figure and formulation, ours and the naive one alternating (median)")->capture_default_str();
    bench->add_flag("--quick", options->quick, "Tiny float64 network: only check that both formulations agree (for CI)");
    bench->add_flag("--skip-naive", options->skipNaive, "Time our formulation only");
    bench->add_flag("--cuda-graphs", options->cudaGraphs,
                    "On a GPU: also replay our jobs from CUDA graphs, check and time them against the usual runs");
    bench->add_flag("--json", *benchJson, "Print one JSON object");
    bench->callback([&selected, options, benchDevice, benchPrecision, benchJson] {
        selected = [options, benchDevice, benchPrecision, benchJson] {
            BenchOptions o = *options;
            o.device = parseDeviceKind(*benchDevice);
            o.precision = parsePrecision(*benchPrecision);
            const BenchReport report = runBenchmark(o);
            std::cout << (*benchJson ? toJson(report) + "\n" : toText(report));
            return report.passed() ? 0 : 1;
        };
    });
}

} // namespace himnet::cli
