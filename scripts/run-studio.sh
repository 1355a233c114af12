#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the running app: installs what is missing,
# builds, and starts HimNet Studio (on its built-in demo city). Arguments go to the app.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
app="${HIMNET_BUILD_DIR:-$root/build}/app/himnet-studio"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-studio: no display found; starting the app inside a virtual X server (xvfb-run)"
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "$@"
fi
exec "$app" "$@"
