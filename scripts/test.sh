#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the whole test suite: installs what is
# missing, builds, runs every Qt Test executable with ctest and ends with ctest's summary.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "${HIMNET_BUILD_DIR:-$root/build}"
export QT_QPA_PLATFORM=offscreen
ctest --output-on-failure --timeout 1500 "$@"
