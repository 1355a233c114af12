#pragma once
// NumPy files written as numpy writes them, for the tests that read .npy, .npz and the
// reference's split files (index.npz).
#include "stored_zip.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace himnet::testing {

/// A .npy (format 1.0) of `shape` with `data` of type `descr` ("<f4", ">f8", "<i8"), in C order
/// or, with `fortranOrder`, in Fortran (column-major) order.
std::string npyBytes(const std::string& descr, const std::vector<int64_t>& shape, const std::string& data, bool fortranOrder = false);
/// A .npy of int64 values of `shape`.
std::string npyInt64(const std::vector<int64_t>& values, const std::vector<int64_t>& shape);

/// Windows of a split file: the starts of each part's windows.
struct SplitStartsFixture {
    std::vector<int64_t> train, val, test;
};
/// Writes `path` as the reference writes index.npz: arrays train, val and test of rows
/// [start, start + inSteps, start + inSteps + outSteps].
void writeSplitFile(const std::string& path, const SplitStartsFixture& starts, int64_t inSteps = 12, int64_t outSteps = 12);
/// The windows of a chronological split of `steps` steps, `train` and `val` windows long, the
/// test taking the rest, with `gap` windows left out between the parts.
SplitStartsFixture chronologicalStarts(int64_t steps, int64_t train, int64_t val, int64_t gap = 0, int64_t span = 24);

/// sz-taxi's series and road graph (SZ_taxi.npz, sz_adj.csv, 2976 steps of 15 minutes from
/// 2015-01-01) copied into `folder`, and, when `withSplitFile`, an index.npz of its windows
/// beside them: 2000 training, 300 validation and 553 test windows, 50 left out between parts.
void copySzTaxi(const std::string& folder, bool withSplitFile);
/// The windows of that index.npz.
SplitStartsFixture szTaxiSplit();

} // namespace himnet::testing
