#pragma once
// Files the tests write, and what they read back from the files the product writes.
#include <QStringList>
#include <QTemporaryDir>

#include <cstdint>
#include <string>

namespace himnet::testing {

/// `bytes` written, as they are, to the file `name` in `dir`; its path.
std::string writeFileIn(const QTemporaryDir& dir, const std::string& name, const std::string& bytes);

/// Every byte of the file at `path` (empty when it cannot be read).
std::string fileBytes(const std::string& path);

/// A forecast CSV's mean absolute error at `horizon` (1-based), over its rows whose actual
/// value is known, and how many those are.
struct ForecastCsvError {
    double mae = 0;
    int64_t targets = 0;
};
/// `lines`: the CSV's lines, its header first (timestamp,sensor,horizon,forecast,actual).
ForecastCsvError forecastCsvError(const QStringList& lines, int horizon);

} // namespace himnet::testing
