#!/usr/bin/env bash
# Fuzzes the readers of users' files (tables, workbooks, NumPy arrays, pickled road graphs,
# times, dataset manifests, holiday files) with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer: each target mutates
# its inputs looking for a crash, a sanitizer report, an exception other than InputError, or a
# refusal that does not name the file (tests/fuzz/README.md).
#
#   scripts/fuzz.sh                 # every target, 2 minutes each
#   scripts/fuzz.sh 600 pickle      # 10 minutes of fuzz_pickle
#   scripts/fuzz.sh --keep [TARGET...]  # keep what the runs found that reaches new code
#
# Builds ./build-fuzz with clang (installed if missing). A run starts from the committed inputs
# (tests/fuzz/corpus/TARGET, and the archive tests/fuzz/kept/TARGET.zip) and keeps the inputs
# it finds in build-fuzz/corpus/TARGET; findings go to build-fuzz/findings, and the script
# exits 1 naming them. --keep rewrites tests/fuzz/kept/TARGET.zip with the fewest inputs that
# reach all the code the runs reached (libFuzzer's merge), for test_fuzz_corpora to replay.
# A developer's check, not part of CI.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HIMNET_FUZZ_BUILD_DIR:-$root/build-fuzz}
keep=false
if [ "${1:-}" = --keep ]; then
  keep=true
  shift
else
  seconds=${1:-120}
  shift || true
fi
targets=("$@")
# Every target has a corpus folder of its name (test_fuzz_corpora checks it).
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(ls "$root/tests/fuzz/corpus")

"$root/scripts/install-deps.sh" clang libclang-rt-dev zip unzip
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S "$root/tests/fuzz" -B "$build_dir" "${generator[@]}" -DCMAKE_CXX_COMPILER=clang++
fi
cmake --build "$build_dir" --parallel "$(nproc)"

# Pickles of a few hundred sensors run to tens of kilobytes; the other inputs need less.
max_len() { if [ "$1" = pickle ]; then echo 65536; else echo 8192; fi; }

if $keep; then
  for target in "${targets[@]}"; do
    committed="$root/tests/fuzz/corpus/$target"
    merged=$(mktemp -d)
    # The committed inputs first, so that only what reaches code beyond them is added.
    cp "$committed"/* "$merged/"
    "$build_dir/fuzz_$target" -merge=1 -max_len="$(max_len "$target")" "$merged" "$build_dir/corpus/$target" \
      > "$build_dir/merge-$target.log" 2>&1
    for file in "$committed"/*; do rm -f "$merged/$(basename "$file")"; done
    mkdir -p "$root/tests/fuzz/kept"
    rm -f "$root/tests/fuzz/kept/$target.zip"
    (cd "$merged" && ls | sort | zip -X -q -D -@ "$root/tests/fuzz/kept/$target.zip")
    echo "fuzz: kept $(ls "$merged" | wc -l) inputs of $target in tests/fuzz/kept/$target.zip"
    rm -rf "$merged"
  done
  exit 0
fi

mkdir -p "$build_dir/findings"
found=()
for target in "${targets[@]}"; do
  corpus="$build_dir/corpus/$target"
  mkdir -p "$corpus"
  [ -f "$root/tests/fuzz/kept/$target.zip" ] && unzip -q -n "$root/tests/fuzz/kept/$target.zip" -d "$corpus"
  echo "fuzz: $target for $seconds s, from $(find "$root/tests/fuzz/corpus/$target" "$corpus" -type f | wc -l) inputs"
  status=0
  "$build_dir/fuzz_$target" "$corpus" "$root/tests/fuzz/corpus/$target" -max_total_time="$seconds" -max_len="$(max_len "$target")" \
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
