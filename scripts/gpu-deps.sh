#!/usr/bin/env bash
# On a Debian 12 machine: gathers what scripts/gpu-check.sh needs on a GPU machine that has
# CUDA and python3's torch but no Debian mirror (the HimNet device machine, for instance):
#   .gpu-deps/*.deb      the libraries the engine and CLI build against, LibTorch aside
#   .gpu-deps/golden/    the reference's golden files (../shared/golden)
#   .gpu-deps/la-week/   a real dataset for a short GPU training run
# .gpu-deps/ is ignored by git; carry it to the GPU machine (about 25 MiB).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${HIMNET_SHARED:-$root/../shared}
dest=$root/.gpu-deps
packages=(
  libhdf5-dev libhdf5-103-1 libhdf5-cpp-103-1 libsz2 libaec0
  libzip-dev libzip4 libcsv-dev libcsv3 libexpat1-dev libexpat1 zlib1g-dev
  nlohmann-json3-dev libcli11-dev libboost1.74-dev
)
rm -rf "$dest"
mkdir -p "$dest"
(cd "$dest" && apt-get download "${packages[@]}")
cp -r "$shared/golden" "$dest/golden"
cp -r "$shared/datasets/la-week" "$dest/la-week"
chmod -R u+w "$dest"
du -sh "$dest"
