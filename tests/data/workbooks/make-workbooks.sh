#!/usr/bin/env bash
# Writes the Excel workbooks the tests read (test_excel_workbooks), each made by a real
# spreadsheet program from la-week's METR-LA readings (../shared/datasets/la-week):
#   la-day-wide.xlsx   LibreOffice Calc: the first day, one column per sensor, a timestamp
#                      column Calc reads as dates; every 37th reading left blank (missing)
#   la-long-1904.xlsx  openpyxl: the first two hours as a long table (Time, Detector ID,
#                      Speed (mph), Volume) on a sheet "Speeds", dates in the 1904 system,
#                      every 41st speed an #N/A error cell; the sensors' coordinates on a
#                      second sheet "Locations"
# Needs LibreOffice and python3-openpyxl (apt-get install libreoffice-calc-nogui
# python3-openpyxl); the tests need neither, only the workbooks committed beside this script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
la_week=${1:-$here/../../../../shared/datasets/la-week}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

awk -F, 'NR == 1 { printf "timestamp"; for (i = 1; i <= NF; ++i) printf ",%s", $i; print ""; next }
         { step = NR - 2; if (step >= 288) exit
           printf "2012-03-01 %02d:%02d:00", int(step / 12), (step % 12) * 5
           for (i = 1; i <= NF; ++i) { cell = step * NF + i - 1; printf ",%s", (cell % 37 == 0) ? "" : $i }
           print "" }' "$la_week/los_speed.csv" > "$work/la-day-wide.csv"
soffice --headless --infilter="CSV:44,34,76,1,,1033,false,true" --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$work" "$work/la-day-wide.csv" > /dev/null
cp "$work/la-day-wide.xlsx" "$here/la-day-wide.xlsx"

/usr/bin/python3 - "$la_week" "$here/la-long-1904.xlsx" <<'PY'
import csv, datetime, sys
import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
la_week, out = sys.argv[1], sys.argv[2]
with open(f"{la_week}/los_speed.csv") as f:
    rows = list(csv.reader(f))
ids, readings = rows[0], rows[1:25]
book = openpyxl.Workbook()
book.epoch = CALENDAR_MAC_1904
speeds = book.active
speeds.title = "Speeds"
speeds.append(["Time", "Detector ID", "Speed (mph)", "Volume"])
start = datetime.datetime(2012, 3, 1)
for step, values in enumerate(readings):
    when = start + datetime.timedelta(minutes=5 * step)
    for node, (sensor, value) in enumerate(zip(ids, values)):
        cell = step * len(ids) + node
        speed = "#N/A" if cell % 41 == 0 else float(value)
        speeds.append([when, int(sensor), speed, int(float(value) * 7)])
for row in speeds.iter_rows(min_row=2, max_col=1):
    row[0].number_format = "yyyy-mm-dd hh:mm"
locations = book.create_sheet("Locations")
locations.append(["Detector ID", "Latitude", "Longitude"])
with open(f"{la_week}/graph_sensor_locations.csv") as f:
    for record in list(csv.reader(f))[1:]:
        locations.append([int(record[1]), float(record[2]), float(record[3])])
book.save(out)
PY
ls -l "$here"/*.xlsx
