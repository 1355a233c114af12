#pragma once
// How long a test waits for work on the engine thread or in another process: the bound a test
// names, stretched by HIMNET_TEST_PATIENCE (a factor, 1 when unset) on builds that run many
// times slower than a release build, such as the sanitizers' (scripts/sanitize.sh). The
// bounds only stop a test that hangs; a test never passes or fails by how fast it ran.
#include <cstdlib>
#include <string>

namespace himnet::testing {

inline int patience(int milliseconds)
{
    static const double factor = [] {
        const char* text = std::getenv("HIMNET_TEST_PATIENCE");
        if (!text || !*text) return 1.0;
        try {
            const double value = std::stod(text); // kept within 1 to 1000: the bounds must fit an int
            return value >= 1.0 ? (value <= 1000.0 ? value : 1000.0) : 1.0;
        } catch (const std::exception&) {
            return 1.0;
        }
    }();
    return static_cast<int>(milliseconds * factor);
}

} // namespace himnet::testing
