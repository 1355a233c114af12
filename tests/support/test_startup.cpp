// Linked into every test executable: what the entry points do before main(), which the
// tests' QTEST_MAIN cannot call. A test process must run the BLAS kernels a user's would.
#include "himnet/runtime.h"

namespace {

[[maybe_unused]] const bool kRestarted = [] {
    himnet::restartWithFastBlasKernels(); // returns only when no restart is needed
    return false;
}();

} // namespace
