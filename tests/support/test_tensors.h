#pragma once
// Helpers shared by the tests: where the shared fixtures live (shared_path.h) and random
// HimNet inputs.
#include "shared_path.h"
#include "train/state_dict.h"

#include <torch/torch.h>

#include <QString>
#include <QTemporaryDir>

#include <string>

namespace himnet::testing {

struct RandomBatch {
    torch::Tensor x, yCov, labels;
};

/// Inputs shaped as HIMNET.md says: z-scored values, time-of-day fractions slot/P and days
/// of week, for `batch` samples of `inSteps` and `outSteps` steps.
RandomBatch randomBatch(int64_t batch, int64_t inSteps, int64_t outSteps, int64_t nodes, int64_t stepsPerDay,
                        torch::ScalarType dtype = torch::kFloat64);

/// max |a - b|.
double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b);

/// The tensor named `name` in `tensors`; an undefined tensor when there is none.
torch::Tensor tensorNamed(const NamedTensors& tensors, const std::string& name);

} // namespace himnet::testing
