#include "train/kept_reports.h"
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "io/hdf5_file.h"
#include "io/hdf5_seal.h"
#include "train/stored_evaluation.h"

#include <algorithm>
#include <filesystem>

namespace himnet {
namespace fs = std::filesystem;

std::string keptReportPath(const std::string& folder, const std::string& fingerprint)
{
    return (fs::path(folder) / (fingerprint + ".h5")).string();
}

std::optional<StoredEvaluation> keptReportFor(const std::string& folder, const std::string& fingerprint)
{
    const std::string path = keptReportPath(folder, fingerprint);
    std::error_code missing;
    if (folder.empty() || fingerprint.empty() || !fs::is_regular_file(path, missing)) return std::nullopt;
    try {
        StoredEvaluation kept = readStoredEvaluation(h5::openForReading(path), path);
        if (kept.fingerprint != fingerprint) return std::nullopt;
        fs::last_write_time(path, fs::file_time_type::clock::now(), missing); // used: among the last to go
        return kept;
    } catch (const InputError&) { // damaged or cut short: measured again, and kept anew
        return std::nullopt;
    } catch (const H5::Exception&) {
        H5::Exception::clearErrorStack(); // handled: no records left on this thread's HDF5 error stack
        return std::nullopt;
    }
}

void keepReport(const std::string& folder, const EvaluationReport& report, int capacity)
{
    if (report.fingerprint.empty())
        throw InputError("only a report of evaluateCheckpoint can be kept for later: this one has no fingerprint");
    std::error_code failed;
    fs::create_directories(folder, failed);
    if (failed) throw RuntimeFailure(describeProblem(folder, "cannot be created: " + failed.message()));
    std::vector<fs::path> written; // `report` last, the most recently kept
    const auto keep = [&](const EvaluationReport& r) {
        const StoredEvaluation kept = storedEvaluationOf(r);
        const std::string path = keptReportPath(folder, kept.fingerprint);
        h5::writeSealedFile(path, "himnet-studio-evaluation", [&](H5::H5File& file) { writeStoredEvaluation(file, kept); });
        written.emplace_back(path);
    };
    for (const EvaluationReport& other : report.atOtherLevels) keep(other);
    keep(report);
    // The most recently kept or used stay; older ones go.
    std::vector<std::pair<fs::file_time_type, fs::path>> reports;
    for (const auto& entry : fs::directory_iterator(folder, failed))
        if (entry.is_regular_file() && entry.path().extension() == ".h5") reports.emplace_back(entry.last_write_time(), entry.path());
    if (static_cast<int>(reports.size()) <= capacity) return;
    std::sort(reports.begin(), reports.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = static_cast<size_t>(std::max(capacity, 1)); i < reports.size(); ++i) {
        // The ones just kept stay, whatever the clock says.
        if (std::find(written.begin(), written.end(), reports[i].second) != written.end()) continue;
        fs::remove(reports[i].second, failed);
    }
}

} // namespace himnet
