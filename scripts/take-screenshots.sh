#!/usr/bin/env bash
# Retakes the README's screenshots (docs/screenshots) offscreen, from three trained models:
#
#   scripts/take-screenshots.sh DEMO_CHECKPOINT LA_WEEK_CHECKPOINT SZ_TAXI_CHECKPOINT [OUT_DIR]
#
# The models the README shows were trained with
#   build/app/himnet demo --out demo-city
#   build/app/himnet train --data demo-city --out demo8.h5 --epochs 8
#   build/app/himnet train --data ../shared/datasets/la-week --out la.h5 --epochs 10
#   build/app/himnet train --data ../shared/datasets/sz-taxi --out sz.h5 --epochs 3
# (about 40 minutes each for the first two, 9 for the third, on a 2-core CPU). Each picture
# waits until the engine has finished computing metrics, forecasts and projections; the two
# live-training pictures are taken part-way through an epoch. Look at every picture before
# committing it. The demo-learning picture shows the explorer 5.5 minutes into a training on a
# 60-sensor demo city, with the epochs finished by then (about four on a 2-core CPU).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 3 ]; then
  sed -n 2,14p "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
demo_model=$(realpath "$1")
la_model=$(realpath "$2")
sz_model=$(realpath "$3")
out=$(realpath -m "${4:-$root/docs/screenshots}")
la_week="${HIMNET_SHARED_DIR:-$root/../shared}/datasets/la-week"
sz_taxi="${HIMNET_SHARED_DIR:-$root/../shared}/datasets/sz-taxi"
app="${HIMNET_BUILD_DIR:-$root/build}/app/himnet-studio"
for file in "$demo_model" "$la_model" "$sz_model" "$app"; do
  [ -e "$file" ] || { echo "take-screenshots: $file does not exist" >&2; exit 2; }
done
[ -d "$la_week" ] || { echo "take-screenshots: no la-week dataset at $la_week (set HIMNET_SHARED_DIR)" >&2; exit 2; }
mkdir -p "$out"

# Each picture gets a home of its own: no settings or recent files of yours, no window layout
# left by the picture before; training checkpoints land there.
home="${TMPDIR:-/tmp}/himnet-screenshots/planner"

shot() { # NAME DELAY_MS APP_ARGUMENTS...
  local name=$1 delay=$2
  shift 2
  echo "take-screenshots: $name.png"
  rm -f "$out/$name.png"
  rm -rf "$home"
  mkdir -p "$home"
  chmod 700 "$home" # it is also the runtime directory, which Qt wants private
  HOME="$home" XDG_RUNTIME_DIR="$home" QT_QPA_PLATFORM=offscreen \
    timeout 900 "$app" "$@" --screenshot "$out/$name.png" --screenshot-delay "$delay"
  [ -s "$out/$name.png" ] || { echo "take-screenshots: $name.png was not written" >&2; exit 1; }
}

shot demo-city 1000 --demo
shot demo-trained 1000 --demo --checkpoint "$demo_model"
shot demo-explorer 1000 --demo --checkpoint "$demo_model" --show explorer --select-cluster 2
shot demo-pools 1000 --demo --checkpoint "$demo_model" --show pools --heatmap 3
shot demo-training 150000 --demo --train --show training
# The explorer while a model trains, on a smaller demo city whose epochs last about a minute.
small_demo="${TMPDIR:-/tmp}/himnet-screenshots/demo-60"
"$(dirname "$app")/himnet" demo --out "$small_demo" --sensors 60 --weeks 2 --seed 7 > /dev/null
shot demo-learning 330000 --dataset "$small_demo" --train --show explorer
shot la-week-trained 1000 --dataset "$la_week" --checkpoint "$la_model"
shot la-week-explorer 1000 --dataset "$la_week" --checkpoint "$la_model" --show explorer --select-cluster 2
shot la-week-pools 1000 --dataset "$la_week" --checkpoint "$la_model" --show pools --heatmap 3
shot la-week-training 100000 --dataset "$la_week" --train --show training
shot sz-taxi-trained 1000 --dataset "$sz_taxi" --checkpoint "$sz_model"
echo "take-screenshots: written to $out"
