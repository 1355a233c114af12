#!/usr/bin/env bash
# Fuzzes the readers of users' files (tables, workbooks, NumPy arrays, pickled road graphs,
# times) with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer: each target mutates the
# inputs of its corpus (tests/fuzz/corpus/TARGET) looking for a crash, a sanitizer report, an
# exception other than InputError, or a refusal that does not name the file.
#
#   scripts/fuzz.sh                 # every target, 2 minutes each
#   scripts/fuzz.sh 600 pickle      # 10 minutes of fuzz_pickle
#
# Builds ./build-fuzz with clang (installed if missing). Inputs found that reach new code are
# kept in build-fuzz/corpus/TARGET; findings go to build-fuzz/findings, and the script exits 1
# naming them. A fixed finding belongs in tests/fuzz/corpus/TARGET, where test_fuzz_corpora
# reads it in every test run. A developer's check, not part of CI (tests/fuzz/README.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HIMNET_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pickle numpy table workbook graph_tables times)

"$root/scripts/install-deps.sh" clang libclang-rt-14-dev
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S "$root/tests/fuzz" -B "$build_dir" "${generator[@]}" -DCMAKE_CXX_COMPILER=clang++
fi
cmake --build "$build_dir" --parallel "$(nproc)"

mkdir -p "$build_dir/findings"
found=()
for target in "${targets[@]}"; do
  corpus="$build_dir/corpus/$target"
  mkdir -p "$corpus"
  echo "fuzz: $target for $seconds s ($(find "$root/tests/fuzz/corpus/$target" -type f | wc -l) committed inputs, $(find "$corpus" -type f | wc -l) kept from earlier runs)"
  # Pickles of a few hundred sensors run to tens of kilobytes; the other inputs need less.
  max_len=8192
  [ "$target" = pickle ] && max_len=65536
  status=0
  "$build_dir/fuzz_$target" "$corpus" "$root/tests/fuzz/corpus/$target" -max_total_time="$seconds" -max_len="$max_len" \
    -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 -artifact_prefix="$build_dir/findings/$target-" \
    > "$build_dir/fuzz-$target.log" 2>&1 || status=$?
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$build_dir/fuzz-$target.log" | sed 's/^/  /'
  if [ "$status" -ne 0 ]; then
    echo "fuzz: $target FOUND a problem (exit $status); see $build_dir/fuzz-$target.log:"
    grep -E 'fuzz finding|ERROR|SUMMARY|Test unit written' "$build_dir/fuzz-$target.log" | head -5 | sed 's/^/  /'
    found+=("$target")
  fi
done
if [ ${#found[@]} -gt 0 ]; then
  echo "fuzz: findings in ${found[*]} (inputs in $build_dir/findings)"
  exit 1
fi
echo "fuzz: no findings"
