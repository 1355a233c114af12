// Linked into every test executable: the start-up of the entry points (app/*/main.cpp), which
// the tests' QTEST_MAIN cannot call, done before main(). A test process must run the BLAS
// kernels and the allocator settings a user's would.
#include "himnet/runtime.h"

namespace {

[[maybe_unused]] const bool kStarted = [] {
    himnet::restartWithTunedRuntime(); // returns only when no restart is needed
    himnet::configureAllocator();
    return false;
}();

} // namespace
