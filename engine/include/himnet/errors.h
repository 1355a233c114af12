#pragma once
// Typed errors of the engine. Messages name the file (or option) and the problem so that a
// user can act on them; the CLI maps InputError to exit code 2 and anything else to 1.
#include "himnet/dataset.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace himnet {

/// Bad input the user can fix: a missing or malformed file, a wrong shape, an unknown option.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A model refused for a dataset whose steps are not the model's: sampled at another interval,
/// or combined from finer readings another way (averaged where the model's were totalled). It
/// says the model's steps and whether the dataset can be read again into them: files without
/// timestamps, whose interval may only have been assumed, or timestamps finer than the model's
/// steps, which can be combined into them as the model's were.
class StepMismatch : public InputError {
public:
    StepMismatch(const std::string& message, int64_t modelIntervalSeconds, std::optional<Aggregation> modelAggregation,
                 bool readableAsModelSteps)
        : InputError(message), m_modelIntervalSeconds(modelIntervalSeconds), m_modelAggregation(modelAggregation),
          m_readableAsModelSteps(readableAsModelSteps)
    {
    }
    int64_t modelIntervalSeconds() const { return m_modelIntervalSeconds; }
    /// How finer readings were combined into the steps the model was trained on; empty when
    /// they were its data's own steps, or the checkpoint does not say.
    std::optional<Aggregation> modelAggregation() const { return m_modelAggregation; }
    bool readableAsModelSteps() const { return m_readableAsModelSteps; }

private:
    int64_t m_modelIntervalSeconds;
    std::optional<Aggregation> m_modelAggregation;
    bool m_readableAsModelSteps;
};

/// Dates with slashes that neither the file's own dates nor the user settle: "12/4/2026" is 4
/// December in the US and 12 April elsewhere, and a file of that one day has no number above
/// 12 to tell. It keeps such a date, so that the app can ask which reading is meant and read
/// the file again in that order (LoadOptions::dateOrder).
class DateOrderUnsettled : public InputError {
public:
    DateOrderUnsettled(const std::string& message, std::string date) : InputError(message), m_date(std::move(date)) {}
    /// The date as the file writes it ("12/4/2026").
    const std::string& date() const { return m_date; }

private:
    std::string m_date;
};

/// Work that failed while running: numerical trouble, a device error, an interrupted write.
class RuntimeFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Work stopped through its CancelToken before it finished (an evaluation of a model the user
/// has since replaced, say). Whoever cancelled expects it; it is not a failure to report.
class Cancelled : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// "file: problem" — the one format every engine message follows.
std::string describeProblem(const std::string& file, const std::string& problem);

} // namespace himnet
