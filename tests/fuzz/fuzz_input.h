#pragma once
// What every fuzz target shares (tests/fuzz/README.md). A target receives bytes, from libFuzzer
// (libfuzzer_entry.cpp) or, in the test suite, from a file of its corpus (test_fuzz_corpora),
// writes them to a file named as a user's file would be, and reads it as the app would. A reader
// may read the file or refuse it with an InputError that names it; anything else (a crash, a
// sanitizer report, another exception, a refusal that does not say which file) is a finding.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace himnet::fuzzing {

/// What a target found wrong, short of a crash: thrown by readOrRefuse.
class Finding : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

/// Writes `size` bytes to `name` in this process's scratch folder (in memory where the system
/// has /dev/shm) and returns its path. The folder is removed when the process ends.
std::string writeInput(const uint8_t* data, size_t size, const std::string& name);

/// Runs `read`: returns when it reads or refuses with an InputError whose message names
/// `path` (when not empty: a reader of a file must name it). Throws a Finding for any other
/// exception and for a refusal that does not name the file. With HIMNET_FUZZ_SHOW_REFUSALS set
/// in the environment, prints each refusal (to see how far a corpus gets).
void readOrRefuse(const std::string& path, const std::function<void()>& read);

/// Throws a Finding when one of `texts` (what a reader took from `path`: sensor ids, names) is
/// not UTF-8, which the app's JSON and checkpoints need.
void requireUtf8(const std::vector<std::string>& texts, const std::string& path);

/// The targets, one per kind of input (fuzz_*.cpp).
void fuzzPickle(const uint8_t* data, size_t size);
void fuzzNumpy(const uint8_t* data, size_t size);
void fuzzTable(const uint8_t* data, size_t size);
void fuzzWorkbook(const uint8_t* data, size_t size);
void fuzzGraphTables(const uint8_t* data, size_t size);
void fuzzTimes(const uint8_t* data, size_t size);
void fuzzManifest(const uint8_t* data, size_t size);
void fuzzHolidays(const uint8_t* data, size_t size);
void fuzzAttachments(const uint8_t* data, size_t size);

struct FuzzTarget {
    const char* name; ///< its program is fuzz_<name>, its corpus tests/fuzz/corpus/<name>
    void (*run)(const uint8_t* data, size_t size);
};
inline constexpr FuzzTarget kFuzzTargets[] = {{"pickle", fuzzPickle},   {"numpy", fuzzNumpy},
                                              {"table", fuzzTable},     {"workbook", fuzzWorkbook},
                                              {"graph_tables", fuzzGraphTables}, {"times", fuzzTimes},
                                              {"manifest", fuzzManifest},   {"holidays", fuzzHolidays},
                                              {"attachments", fuzzAttachments}};

} // namespace himnet::fuzzing
