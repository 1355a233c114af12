#include "cli_commands.h"

#include "himnet/clustering.h"
#include "himnet/embedding_map.h"
#include "himnet/errors.h"
#include "himnet/output_files.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace himnet::cli {
namespace {

struct EmbedArguments {
    std::string checkpoint, data, what, method = "tsne", out, device = "cpu";
    double perplexity = 30;
    int64_t iterations = 1000, samples = 24;
    int clusters = 0;
    uint64_t seed = 1;
    bool json = false;
    DatasetOptions dataset;
};

int runEmbed(const EmbedArguments& a)
{
    requireWritableFile(a.out); // before a projection that can take minutes
    const EmbeddingKind kind = parseEmbeddingKind(a.what);
    EmbeddingMapOptions options;
    options.method = parseProjectionMethod(a.method);
    options.tsne.perplexity = a.perplexity;
    options.tsne.iterations = a.iterations;
    options.tsne.seed = a.seed;
    options.tsne.reportEvery = 100;
    options.tsne.validate();
    options.clusters = a.clusters;
    options.seed = a.seed;
    if (a.samples < 1) throw InputError("--samples must be at least 1");

    std::shared_ptr<const Dataset> data = a.data.empty() ? nullptr : a.dataset.load(a.data);
    const ModelAnalysis analysis(a.checkpoint, data, parseDeviceKind(a.device));
    std::vector<int64_t> origins;
    if (kind == EmbeddingKind::SpatioTemporal && analysis.hasData()) origins = analysis.oneDayOrigins(a.samples);
    const EmbeddingPoints points = embeddingPoints(analysis, kind, data.get(), origins);
    if (!a.json)
        std::cerr << "himnet embed: " << points.size() << " " << embeddingKindName(kind) << " embeddings of dimension "
                  << points.vectors.cols << " from " << a.checkpoint << "\n";
    const EmbeddingMap map = mapEmbeddings(points, options, [&](const TsneProgress& p) {
        if (!a.json)
            std::cerr << "t-SNE (" << (p.exact ? "exact" : "Barnes-Hut") << ") iteration " << p.iteration << "/" << p.iterations
                      << (p.klDivergence >= 0 ? ", KL " + std::to_string(p.klDivergence) : std::string()) << "\n";
    });
    writeEmbeddingCsv(points, map, a.out);

    nlohmann::json j = {{"what", embeddingKindName(kind)}, {"points", points.size()}, {"dimensions", points.vectors.cols},
                        {"method", map.method == ProjectionMethod::Tsne ? "tsne" : "pca"}, {"out", a.out}};
    if (map.k > 0)
        j["clusters"] = {{"k", map.k}, {"silhouette", map.silhouette}, {"clear_structure", showsClusterStructure(map.silhouette)}};
    if (map.ari) j["ari"] = *map.ari;
    if (map.nmi) j["nmi"] = *map.nmi;
    if (map.startCorrelation) j["start_correlation"] = *map.startCorrelation;
    if (map.startCorrelation && !points.startedFrom.empty()) j["started_from"] = points.startedFrom;
    if (map.dailyOrder)
        j["daily_order"] = {{"neighbour_ratio", *map.dailyOrder}, {"reading", dailyOrderName(readDailyOrder(*map.dailyOrder))}};
    if (map.method == ProjectionMethod::Tsne) {
        j["kl_divergence"] = map.klDivergence;
        j["iterations"] = map.iterations;
    } else {
        j["explained_variance"] = map.explainedVariance;
    }
    if (a.json) {
        std::cout << j.dump() << '\n';
    } else {
        std::cout << "wrote " << points.size() << " points to " << a.out << "\n";
        if (map.k > 0)
            std::cout << "k-means: " << map.k << " clusters, silhouette " << map.silhouette
                      << (showsClusterStructure(map.silhouette) ? "" : " (the embeddings form no clear clusters)") << "\n";
        if (map.ari) std::cout << "agreement with the known zones: ARI " << *map.ari << ", NMI " << *map.nmi << "\n";
        if (map.startCorrelation) std::cout << "training: " << describeStartCorrelation(*map.startCorrelation, points.startedFrom) << "\n";
        if (map.dailyOrder) std::cout << "daily order: " << describeDailyOrder(*map.dailyOrder) << "\n";
    }
    return 0;
}

} // namespace

void addAnalysisCommands(CLI::App& app, Command& selected)
{
    auto* embed = app.add_subcommand("embed", "Project a model's learned embeddings to 2-D (t-SNE or PCA), cluster them, write CSV");
    auto a = std::make_shared<EmbedArguments>();
    embed->add_option("--checkpoint", a->checkpoint, "Checkpoint written by `himnet train`")->required();
    embed->add_option("--data", a->data, "The dataset it was trained on: adds zones and values; needed for --what st");
    embed->add_option("--what", a->what, "node (per sensor), tod (time of day), dow (day of week), st (sensor x time)")
        ->required()->check(CLI::IsMember({"node", "tod", "dow", "st"}));
    embed->add_option("--method", a->method, "tsne or pca")->capture_default_str()->check(CLI::IsMember({"tsne", "pca"}));
    embed->add_option("--perplexity", a->perplexity, "t-SNE perplexity")->capture_default_str();
    embed->add_option("--iterations", a->iterations, "t-SNE iterations")->capture_default_str();
    embed->add_option("--clusters", a->clusters, "k of k-means; 0 picks k in 2..10 by silhouette; -1 none")->capture_default_str();
    embed->add_option("--samples", a->samples, "--what st: forecast origins spread over one test day")->capture_default_str();
    embed->add_option("--seed", a->seed, "Seed of t-SNE's random start and of k-means")->capture_default_str();
    embed->add_option("--device", a->device, "auto, cpu or cuda")->capture_default_str();
    embed->add_option("--out", a->out, "CSV to write: point,name,sensor,slot,day_of_week,zone,value,x,y,cluster,e0..")->required();
    embed->add_flag("--json", a->json, "Print one JSON object (with ari and nmi when the data has zones)");
    a->dataset.addTo(embed);
    embed->callback([&selected, a] { selected = [a] { return runEmbed(*a); }; });
}

} // namespace himnet::cli
