#!/usr/bin/env bash
# Installs every build and run dependency of HimNet Studio from Debian 12 packages, and the
# packages named as arguments (the developers' checks ask for theirs: scripts/fuzz.sh).
# Safe to run again: apt-get skips what is already there. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools libgl-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  libtorch-dev libopenblas0-openmp
  libboost-graph-dev libhdf5-dev libzip-dev libcsv-dev libexpat1-dev zlib1g-dev
  nlohmann-json3-dev libcli11-dev libgloo-dev
  xvfb xauth fonts-dejavu-core
  desktop-file-utils appstream
  locales
  "$@"
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# Debian 13's CUDA LibTorch (libtorch-cuda-dev, in contrib) replaces libtorch-dev and its
# Gloo; where it is installed, keep it and its CUDA Gloo: installing the CPU packages would
# remove it.
cuda_variant() {
  installed libtorch-cuda-dev || { echo "$1"; return; }
  case "$1" in
    libtorch-dev) echo libtorch-cuda-dev ;;
    libgloo-dev) echo libgloo-cuda-dev ;;
    *) echo "$1" ;;
  esac
}

missing=()
for p in "${packages[@]}"; do
  p=$(cuda_variant "$p")
  installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Debian's LibTorch links the generic BLAS alternative; point it at OpenBLAS (OpenMP),
# which is many times faster than the reference BLAS.
for lib in libblas.so.3 liblapack.so.3; do
  target=$(ls /usr/lib/x86_64-linux-gnu/openblas-openmp/"$lib" 2>/dev/null || true)
  [ -n "$target" ] && as_root update-alternatives --set "$lib-x86_64-linux-gnu" "$target" >/dev/null 2>&1 || true
done
echo "install-deps: all dependencies present"
