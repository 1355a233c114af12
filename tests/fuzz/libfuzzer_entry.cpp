// libFuzzer's entry point for one target, named by HIMNET_FUZZ_TARGET when compiled
// (tests/fuzz/CMakeLists.txt builds one program per target). A Finding stops the run as a crash
// does, so that libFuzzer keeps the input that caused it.
#include "fuzz_input.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    try {
        himnet::fuzzing::HIMNET_FUZZ_TARGET(data, size);
    } catch (const himnet::fuzzing::Finding& finding) {
        std::fprintf(stderr, "fuzz finding: %s\n", finding.what());
        std::fflush(stderr);
        std::abort();
    }
    return 0;
}
