#pragma once
// Helpers shared by the tests: where the shared fixtures live, random HimNet inputs, and a
// scratch folder that cleans itself up.
#include <torch/torch.h>

#include <QString>
#include <QTemporaryDir>

#include <string>

namespace himnet::testing {

/// Absolute path of a file below the shared folder (docs/, golden/, datasets/); fails the
/// calling test through QVERIFY when it is missing.
std::string sharedPath(const std::string& relative);

struct RandomBatch {
    torch::Tensor x, yCov, labels;
};

/// Inputs shaped as HIMNET.md says: z-scored values, time-of-day fractions slot/P and days
/// of week, for `batch` samples of `inSteps` and `outSteps` steps.
RandomBatch randomBatch(int64_t batch, int64_t inSteps, int64_t outSteps, int64_t nodes, int64_t stepsPerDay,
                        torch::ScalarType dtype = torch::kFloat64);

/// max |a - b|.
double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b);

} // namespace himnet::testing
