#!/usr/bin/env bash
# Builds HimNet Studio with AddressSanitizer and UndefinedBehaviorSanitizer into ./build-sanitize
# and runs the test suite under them. A read or write out of bounds, a use after free, a leak or
# undefined behaviour (an overflowing signed integer, a misaligned or null access, a float
# converted to an integer that cannot hold it) in our code stops the test that caused it, with
# a stack trace in ctest's output.
#
#   scripts/sanitize.sh                   # every test but the two long end-to-end trainings
#   scripts/sanitize.sh -R test_checkpoint  # arguments go to ctest, in place of that default
#
# A developer's check, not part of CI: on 2 cores the instrumented build takes about 25
# minutes and the default run about 50, since LibTorch's large tensors come from the
# sanitizer's allocator, which maps and unmaps each of them (docs/DESIGN.md, "Checking builds").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HIMNET_SANITIZE_BUILD_DIR:-$root/build-sanitize}
"$root/scripts/install-deps.sh"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DHIMNET_SANITIZE=address,undefined
fi
cmake --build "$build_dir" --parallel "$(nproc)"
cd "$build_dir"
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp"
# The instrumented build runs several times slower: the tests' waits for the engine stretch by as much.
export HIMNET_TEST_PATIENCE=${HIMNET_TEST_PATIENCE:-10}
if [ $# -eq 0 ]; then
  set -- -E '^test_training(_la_week)?$'
fi
ctest --output-on-failure --timeout 6000 --parallel "$(nproc)" "$@"
