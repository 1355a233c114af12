#pragma once
// Golden-file verification: run the reference implementation's recorded case (HIMNET.md,
// "Golden tests") through our model and report the largest deviations. Users run it to
// check a new build — a CUDA build for instance — against the reference.
#include "himnet/runtime.h"

#include <string>
#include <vector>

namespace himnet {

struct Deviation {
    std::string quantity;  ///< "output", "loss" or "grad <parameter name>"
    double maxAbsError = 0;
    double scale = 0;      ///< the norm (or magnitude) errors are measured against
    double relativeError = 0;
    double tolerance = 0;
    bool relative = false; ///< whether `tolerance` applies to relativeError or maxAbsError
    bool passed() const { return (relative ? relativeError : maxAbsError) <= tolerance; }
};

struct GoldenReport {
    std::string path;
    std::string dtype;
    std::string device;
    int64_t parameterCount = 0;
    std::vector<Deviation> deviations;
    bool passed() const;
};

struct GoldenTolerances {
    double outputAbs = 1e-10;   ///< float64 output
    double lossAbs = 1e-12;
    double gradientRelative = 1e-9; ///< max abs error / Frobenius norm of the reference gradient
};

/// Loads the golden file's parameters into a float64 HimNet on `device`, runs the recorded
/// inputs in evaluation mode, back-propagates mean |output − labels| and compares output,
/// loss and every gradient. Throws InputError naming the file when it is not a golden file.
GoldenReport verifyGolden(const std::string& goldenPath, DeviceKind device = DeviceKind::Cpu,
                          const GoldenTolerances& tolerances = {});

/// Imports a reference state dict (torch.save), runs the golden file's inputs through it in
/// float32 and compares the output with the golden file's expected output (tolerance 1e-5).
GoldenReport verifyStateDictOnGolden(const std::string& stateDictPath, const std::string& goldenPath,
                                     DeviceKind device = DeviceKind::Cpu, double tolerance = 1e-5);

} // namespace himnet
