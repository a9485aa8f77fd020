#!/bin/sh
# Reference and relief benchmark: `kahriz-atlas build --sections
# districts` without the reference layers (as before they existed), with
# the bundled rivers, lakes and towns, and with those and --dem, on the synthetic country-wide 3 arc-second model that
# bench/make_dem.py writes (made once, cached as $TMPDIR/kz-bench-dem.tif).
# Each run RUNS times (default 3); the table gives the median wall and CPU
# (user + system) seconds, the PDF's size and its images.
# Usage: bench/bench_relief.sh [BUILD_DIR] [RUNS]
# Needs GNU time (/usr/bin/time), /usr/bin/python3 with osgeo and numpy,
# pdfinfo and pdfimages.
set -eu

BUILD=${1:-build}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KZ="$BUILD/cli/kahriz-atlas"
DEM=${TMPDIR:-/tmp}/kz-bench-dem.tif
TMP=$(mktemp -d /tmp/bench-relief-XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1764201600}

[ -x "$KZ" ] || { echo "bench_relief: build $KZ first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_relief: install GNU time" >&2; exit 2; }
[ -f "$DEM" ] || /usr/bin/python3 "$ROOT/bench/make_dem.py" "$DEM" >&2

# run LABEL ARGS...: RUNS builds, one table row of medians
run() {
    label=$1
    shift
    : > "$TMP/times"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        /usr/bin/time -f "%e %U %S" -o "$TMP/time" "$KZ" build -q --overwrite \
            --sections districts "$@" -o "$TMP/out.pdf"
        cat "$TMP/time" >> "$TMP/times"
        i=$((i + 1))
    done
    wall=$(awk '{print $1}' "$TMP/times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    cpu=$(awk '{print $2 + $3}' "$TMP/times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    pages=$(pdfinfo "$TMP/out.pdf" | awk '/^Pages:/ {print $2}')
    images=$(pdfimages -list "$TMP/out.pdf" | tail -n +3 | wc -l)
    bytes=$(stat -c %s "$TMP/out.pdf")
    awk -v l="$label" -v w="$wall" -v c="$cpu" -v p="$pages" -v n="$images" \
        -v b="$bytes" \
        'BEGIN { printf "| %-34s | %5d | %6d | %6.2f | %6.2f | %6.2f |\n",
                 l, p, n, w, c, b / 1048576 }'
}

echo "| run | pages | images | wall s | CPU s | PDF MB |"
echo "|---|---:|---:|---:|---:|---:|"
run "no reference layers, no relief" --rivers none --lakes none --towns none
run "bundled rivers, lakes, towns"
run "--dem (relief.dpi 100)" --dem "$DEM"
