#pragma once
// Typed errors of the engine. Messages name the file (or option) and the problem so that a
// user can act on them; the CLI maps InputError to exit code 2 and anything else to 1.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace himnet {

/// Bad input the user can fix: a missing or malformed file, a wrong shape, an unknown option.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A model refused for a dataset sampled at another interval. It says the model's interval
/// and whether the dataset can be read again at it: files without timestamps, whose interval
/// may only have been assumed, or timestamps finer than the model's steps, which can be
/// averaged into them.
class IntervalMismatch : public InputError {
public:
    IntervalMismatch(const std::string& message, int64_t modelIntervalSeconds, bool readableAtModelInterval)
        : InputError(message), m_modelIntervalSeconds(modelIntervalSeconds), m_readableAtModelInterval(readableAtModelInterval)
    {
    }
    int64_t modelIntervalSeconds() const { return m_modelIntervalSeconds; }
    bool readableAtModelInterval() const { return m_readableAtModelInterval; }

private:
    int64_t m_modelIntervalSeconds;
    bool m_readableAtModelInterval;
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
