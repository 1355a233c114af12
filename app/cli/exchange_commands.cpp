// `himnet import` and `himnet export`: models to and from the reference implementation.
#include "cli_commands.h"

#include "himnet/reference_models.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

namespace himnet::cli {
namespace {

struct ImportArguments {
    std::string stateDict, data, out, preset, temporalContext;
    bool json = false;
    SplitOptions split;
    DatasetOptions dataset;
};

int runImport(const ImportArguments& a)
{
    const auto data = a.dataset.load(a.data);
    TrainingOptions options = trainingDefaults(*data, a.preset);
    a.split.applyTo(options);
    if (!a.temporalContext.empty()) options.temporalContext = parseTemporalContext(a.temporalContext);
    options.validate();
    const ImportedModel imported = importStateDict(a.stateDict, data, options, a.out);
    const HimNetConfig& c = imported.config;
    if (a.json) {
        nlohmann::json j{{"checkpoint", imported.checkpointPath},
                         {"state_dict", a.stateDict},
                         {"dataset", data->name},
                         {"config", nlohmann::json::parse(c.toJson())},
                         {"parameter_count", imported.parameterCount},
                         {"scaler", {{"mean", imported.scalerMean}, {"std", imported.scalerStd}}},
                         {"split", nlohmann::json::parse(imported.plan.toJson())}};
        std::cout << j.dump(2) << '\n';
        return 0;
    }
    std::printf("himnet import: %s for %s: %lld sensors, H %lld, %lld parameters\n", a.stateDict.c_str(), data->name.c_str(),
                static_cast<long long>(c.numNodes), static_cast<long long>(c.hiddenDim), static_cast<long long>(imported.parameterCount));
    std::printf("  scaler     mean %.6g, std %.6g, of the training windows' inputs (as the reference computes it)\n",
                imported.scalerMean, imported.scalerStd);
    std::cout << "  " << imported.plan.describeSplit() << "\n  context    " << imported.plan.contextNote << "\n  wrote      "
              << imported.checkpointPath << "; measure it with: himnet evaluate --data " << a.data << " --checkpoint "
              << imported.checkpointPath << " --store\n";
    return 0;
}

} // namespace

void addExchangeCommands(CLI::App& app, Command& selected)
{
    auto* import = app.add_subcommand("import", "Make a checkpoint of a model trained with the reference implementation (its state dict)");
    auto a = std::make_shared<ImportArguments>();
    import->add_option("--state-dict", a->stateDict, "The model's state dict, saved with torch.save(model.state_dict()) (.pt, .pth)")->required();
    import->add_option("--data", a->data, "The dataset it was trained on: the scaler and split come from it")->required();
    import->add_option("--out", a->out, "Checkpoint to write (HDF5)")->required();
    import->add_option("--preset", a->preset, "Whose split shares to use (default: picked by dataset name, e.g. metr-la: 70 / 10 / 20 %)");
    a->split.addTo(import);
    import->add_option("--temporal-context", a->temporalContext,
                       "auto or nearest-day (default: days its training never reached are fed as the nearest trained day of their "
                       "kind), or paper (as they are, as the reference feeds them)");
    import->add_flag("--json", a->json, "Print one JSON object");
    a->dataset.addTo(import);
    import->callback([&selected, a] { selected = [a] { return runImport(*a); }; });

    auto* exportCommand = app.add_subcommand("export", "Write a checkpoint's weights as a state dict the reference implementation loads");
    auto checkpoint = std::make_shared<std::string>();
    auto stateDict = std::make_shared<std::string>();
    exportCommand->add_option("--checkpoint", *checkpoint, "HimNet Studio checkpoint (.h5)")->required();
    exportCommand->add_option("--out", *stateDict, "State dict to write (.pt): torch.load it, then model.load_state_dict")->required();
    exportCommand->callback([&selected, checkpoint, stateDict] {
        selected = describing([checkpoint, stateDict] {
            const std::string caveat = exportStateDict(*checkpoint, *stateDict);
            std::cout << "himnet export: wrote " << *stateDict << " (the best weights of " << *checkpoint << ")\n";
            if (!caveat.empty()) std::cerr << "himnet export: note: " << caveat << '\n';
            return 0;
        });
    });
}

} // namespace himnet::cli
