#pragma once
// The tests' one shape for "this input is refused, and the message says so". A QFAIL inside a
// helper ends only the helper, so these return what they found and the test verifies it:
//
//     const QString wrong = refusalMismatch([&] { loadDataset(path); }, {path, "too short"});
//     QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
#include "himnet/errors.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace himnet::testing {

/// The Error that action throws, or nothing when it returns.
template <typename Error = InputError, typename Action>
std::optional<Error> thrownBy(Action&& action)
{
    try {
        std::forward<Action>(action)();
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

/// Empty when message (of a thrown error) contains every one of parts; otherwise that nothing
/// was thrown, or the message and the part it lacks.
QString mismatchOfMessage(const std::optional<QString>& message, const QStringList& parts);

/// What is wrong with how action refuses its input: empty when it throws an Error whose
/// message contains every one of parts.
template <typename Error = InputError, typename Action>
QString refusalMismatch(Action&& action, const QStringList& parts)
{
    const auto error = thrownBy<Error>(std::forward<Action>(action));
    return mismatchOfMessage(error ? std::optional<QString>(QString::fromUtf8(error->what())) : std::nullopt, parts);
}

} // namespace himnet::testing
