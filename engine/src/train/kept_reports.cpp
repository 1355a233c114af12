#include "train/kept_reports.h"
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "io/hdf5_file.h"
#include "io/hdf5_seal.h"
#include "train/stored_evaluation.h"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace himnet {
namespace fs = std::filesystem;

std::string keptReportPath(const std::string& folder, const std::string& usualLevelFingerprint)
{
    return (fs::path(folder) / (usualLevelFingerprint + ".h5")).string();
}

namespace {

/// The reports of one model and data, as a kept file holds them.
struct KeptLevels {
    std::optional<StoredEvaluation> described;
    std::vector<StoredEvaluation> otherLevels;
};

/// What the file at `path` keeps; nothing when it is absent, damaged or cut short.
KeptLevels readKeptFile(const std::string& path)
{
    KeptLevels kept;
    std::error_code missing;
    if (!fs::is_regular_file(path, missing)) return kept;
    try {
        readStoredEvaluations(h5::openForReading(path), path, kept.described, kept.otherLevels);
    } catch (const InputError&) {
        return {};
    } catch (const H5::Exception&) {
        H5::Exception::clearErrorStack(); // handled: no records left on this thread's HDF5 error stack
        return {};
    }
    return kept;
}

} // namespace

std::optional<StoredEvaluation> keptReportFor(const std::string& folder, const std::string& usualLevelFingerprint,
                                              const std::string& fingerprint)
{
    if (folder.empty() || usualLevelFingerprint.empty() || fingerprint.empty()) return std::nullopt;
    const std::string path = keptReportPath(folder, usualLevelFingerprint);
    const KeptLevels kept = readKeptFile(path);
    const StoredEvaluation* found = storedEvaluationWith(kept.described, kept.otherLevels, fingerprint);
    if (!found) return std::nullopt;
    std::error_code ignored;
    fs::last_write_time(path, fs::file_time_type::clock::now(), ignored); // used: among the last to go
    return *found;
}

void keepReport(const std::string& folder, const EvaluationReport& report, int capacity)
{
    if (report.fingerprint.empty())
        throw InputError("only a report of evaluateCheckpoint can be kept for later: this one has no fingerprint");
    std::error_code failed;
    fs::create_directories(folder, failed);
    if (failed) throw RuntimeFailure(describeProblem(folder, "cannot be created: " + failed.message()));
    const std::string path =
        keptReportPath(folder, report.usualLevelFingerprint.empty() ? report.fingerprint : report.usualLevelFingerprint);
    KeptLevels kept = readKeptFile(path); // the levels kept before stay beside, those of other data go
    for (const EvaluationReport& other : report.atOtherLevels) keepStoredEvaluation(kept.described, kept.otherLevels, storedEvaluationOf(other));
    keepStoredEvaluation(kept.described, kept.otherLevels, storedEvaluationOf(report));
    h5::writeSealedFile(path, "himnet-studio-evaluation",
                        [&](H5::H5File& file) { writeStoredEvaluations(file, kept.described, kept.otherLevels); });
    // The most recently kept or used stay; older ones go.
    std::vector<std::pair<fs::file_time_type, fs::path>> files;
    for (const auto& entry : fs::directory_iterator(folder, failed))
        if (entry.is_regular_file() && entry.path().extension() == ".h5") files.emplace_back(entry.last_write_time(), entry.path());
    if (static_cast<int>(files.size()) <= capacity) return;
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = static_cast<size_t>(std::max(capacity, 1)); i < files.size(); ++i) {
        if (files[i].second == fs::path(path)) continue; // the one just written stays, whatever the clock says
        fs::remove(files[i].second, failed);
    }
}

} // namespace himnet
