#!/usr/bin/env bash
# On a GPU machine with CUDA and python3's torch (no Debian mirror needed): builds the engine
# and the CLI against that torch, then runs the GPU checks of the foundation and performance
# issues. Prepare once on Debian with scripts/gpu-deps.sh and carry .gpu-deps/ along.
#
#   scripts/gpu-check.sh build   configure and build build-gpu/ (himnet, no Qt)
#   scripts/gpu-check.sh run     golden check on the GPU, benchmarks, a short real training,
#                                then the same with CUDA graphs
#   scripts/gpu-check.sh all     both (the default)
# Arguments after the stage go to CMake (build and all), e.g. -DCMAKE_CXX_STANDARD=20.
#
# Logs and JSON go to $OUT (the device machine's result folder), else ./gpu-results.
# HIMNET_TORCH_PREFIX overrides the LibTorch found through python3's torch.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stage=${1:-all}
shift || true
cmake_args=("$@")
deps=$root/.gpu-deps
out=${OUT:-$root/gpu-results}
prefix=/tmp/himnet-deps
build=$root/build-gpu
mkdir -p "$out"
[ -d "$deps" ] || { echo "gpu-check: $deps is missing; run scripts/gpu-deps.sh on Debian and carry it" >&2; exit 2; }

if [ ! -d "$prefix/usr" ]; then
  for f in "$deps"/*.deb; do dpkg-deb -x "$f" "$prefix"; done
fi
arch_lib=$prefix/usr/lib/x86_64-linux-gnu
# Only the unpacked libraries are here, so nothing of the system's is shadowed.
export LD_LIBRARY_PATH=$arch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
torch_prefix=${HIMNET_TORCH_PREFIX:-$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')}

do_build() {
  {
    echo "LibTorch from $torch_prefix"
    python3 -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda, "GPU", torch.cuda.get_device_name(0))'
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
    nvcc --version | tail -1
    g++ --version | head -1
  } 2>&1 | tee "$out/machine.txt"
  local generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DHIMNET_WITH_UI=OFF -DHIMNET_BUILD_TESTS=OFF \
        -DCMAKE_PREFIX_PATH="$torch_prefix;$prefix/usr" \
        -DHDF5_ROOT="$arch_lib/hdf5/serial" \
        -DCMAKE_EXE_LINKER_FLAGS="-Wl,-rpath-link,$arch_lib" "${cmake_args[@]}" 2>&1 | tee "$out/configure.log" || return 1
  cmake --build "$build" --parallel "$(nproc)" 2>&1 | tail -60 | tee "$out/build.log"
  [ -x "$build/app/himnet" ] || { echo "gpu-check: build failed (see build.log)"; return 1; }
  ldd "$build/app/himnet" | grep "not found" && { echo "gpu-check: libraries missing at run time"; return 1; }
  "$build/app/himnet" --version | tee -a "$out/machine.txt"
}

do_run() {
  local himnet=$build/app/himnet status=0
  [ -x "$himnet" ] || { echo "gpu-check: build first" >&2; return 1; }
  echo "== verify: the reference's golden file on the GPU (float64) and its state dict (float32)"
  "$himnet" verify "$deps/golden/himnet_small.h5" --state-dict "$deps/golden/himnet_small_state_dict.pt" --device cuda \
    2>&1 | tee "$out/verify-cuda.txt" || status=1
  echo "== bench --quick: both formulations agree on the GPU"
  "$himnet" bench --quick --device cuda 2>&1 | tee "$out/bench-quick.txt" || status=1
  for config in metr-la pems08 pems07; do
    echo "== bench $config"
    "$himnet" bench --config "$config" --device cuda --repetitions 20 2>&1 | tee "$out/bench-$config.txt" \
      || "$himnet" bench --config "$config" --device cuda --repetitions 20 --skip-naive 2>&1 | tee "$out/bench-$config.txt" \
      || status=1
  done
  echo "== bench metr-la, mixed precision (bfloat16 products; tensor cores from Ampere on)"
  "$himnet" bench --config metr-la --device cuda --repetitions 20 --precision bfloat16 2>&1 \
    | tee "$out/bench-metr-la-bfloat16.txt" || status=1
  echo "== a short real training on the GPU: la-week, 3 epochs"
  local data=/tmp/himnet-la-week
  rm -rf "$data" && cp -r "$deps/la-week" "$data" && chmod -R u+w "$data"
  time "$himnet" train --data "$data" --out /tmp/la-week-gpu.h5 --epochs 3 --device cuda \
    2>&1 | tail -40 | tee "$out/train-la-week.txt" || status=1
  "$himnet" evaluate --data "$data" --checkpoint /tmp/la-week-gpu.h5 --device cuda 2>&1 | tee "$out/evaluate-la-week.txt" || status=1
  if grep -q "Distributed training (c10d/Gloo): ON" "$out/configure.log" 2>/dev/null; then
    echo "== two processes on the GPU, each with half of every batch (gradients through Gloo)"
    time "$himnet" train --data "$data" --out /tmp/la-week-gpu-2.h5 --epochs 1 --max-batches 200 --device cuda --processes 2 \
      2>&1 | tail -20 | tee "$out/train-la-week-2-processes.txt" || status=1
  fi
  # CUDA graphs last: a failure to record them must not cost the figures above.
  echo "== CUDA graphs: replays agree with usual runs (float64 check), then their speed"
  "$himnet" bench --quick --device cuda --cuda-graphs 2>&1 | tee "$out/bench-quick-graphs.txt" || status=1
  for config in metr-la pems07; do
    "$himnet" bench --config "$config" --device cuda --repetitions 20 --skip-naive --cuda-graphs 2>&1 \
      | tee "$out/bench-$config-graphs.txt" || status=1
  done
  echo "== the same training with CUDA graphs (compare its time and losses with train-la-week.txt)"
  time "$himnet" train --data "$data" --out /tmp/la-week-gpu-graphs.h5 --epochs 3 --device cuda --cuda-graphs \
    2>&1 | tail -40 | tee "$out/train-la-week-graphs.txt" || status=1
  return $status
}

case "$stage" in
  build) do_build ;;
  run) do_run ;;
  all) do_build && do_run ;;
  *) echo "usage: scripts/gpu-check.sh [build|run|all]" >&2; exit 2 ;;
esac
