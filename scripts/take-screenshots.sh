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
# (about 40 minutes each for the first two, 9 for the third, on a 2-core CPU). Of the la-week
# pictures, only the explorer's and the pools' are of that 10-epoch model: la-week-trained,
# -sensors and -hours were retaken on one of 6 epochs (--epochs 6, 11 minutes), la-week-band on
# one of 1; to retake one of those, pass that model and keep only its picture. Each picture
# waits until the engine has finished computing metrics, forecasts and projections; the two
# live-training pictures are taken part-way through an epoch. Look at every picture before
# committing it. The reading-options picture is the dialog alone, on a database export the
# script writes from la-week. The demo-learning picture shows the explorer 5.5 minutes into a training on a
# 60-sensor demo city, with the epochs finished by then (about four on a 2-core CPU).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 3 ]; then
  sed -n 2,17p "$0" | sed 's/^# \{0,1\}//'
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
shot la-week-sensors 1000 --dataset "$la_week" --checkpoint "$la_model" --show sensors --colour-by sensor-error
shot la-week-hours 1000 --dataset "$la_week" --checkpoint "$la_model" --show hours --colour-by sensor-gain
shot la-week-band 1000 --dataset "$la_week" --checkpoint "$la_model" --show band --colour-by sensor-band
shot la-week-split 1500 --dataset "$la_week" --show training
shot la-week-training 100000 --dataset "$la_week" --train --show training
shot sz-taxi-trained 1000 --dataset "$sz_taxi" --checkpoint "$sz_model"
# A database export: la-week's first three days as a long table (a row per time and detector,
# two value columns), 40 steps of the second day absent, beside the detectors' locations.
export_dir="${TMPDIR:-/tmp}/himnet-screenshots/export"
mkdir -p "$export_dir"
awk -F, 'NR == 1 { n = split($0, ids, ","); print "Time,Detector ID,Speed (mph),Volume"; next }
         { step = NR - 2; if (step >= 3 * 288) exit; if (step >= 288 + 90 && step < 288 + 130) next
           when = sprintf("2012-03-%02dT%02d:%02d:00", 1 + int(step / 288), int((step % 288) / 12), (step % 12) * 5)
           for (i = 1; i <= n; ++i) printf "%s,%s,%s,%d\n", when, ids[i], $i, $i * 7 }' "$la_week/los_speed.csv" > "$export_dir/detectors.csv"
awk -F, 'NR == 1 { print "Detector ID,Latitude,Longitude"; next } { print $2 "," $3 "," $4 }' \
  "$la_week/graph_sensor_locations.csv" > "$export_dir/detector_locations.csv"
shot reading-options 500 --dataset "$export_dir" --show reading-options
echo "take-screenshots: written to $out"
