#pragma once
// A German locale (decimal comma, "Di." for Tuesday) for the tests of numbers under a user's
// locale, built with localedef from Debian's locales package (scripts/install-deps.sh installs
// it): CI machines have no locale but C.
#include <QString>

namespace himnet::testing {

/// Builds de_DE.UTF-8 into `folder` and points the C library at it (LOCPATH, for this process
/// and the ones it starts). Empty when done; otherwise why not.
QString buildGermanLocale(const QString& folder);

} // namespace himnet::testing
