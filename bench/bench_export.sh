#!/bin/sh
# Export benchmark: kahriz-atlas export of a synthetic survey of N
# kahrizes (3 assessments each) against ogr2ogr -f GPKG of the same CSV
# files with a spatial index, in the same run.  Prints the times and the
# ratio (ours / ogr2ogr; below 1.5 is the target).  A benchmark, not a test.
#
#   bench/bench_export.sh [BUILD_DIR] [N...]      (default: build 100000)
set -eu
build=${1:-build}
shift || true
[ $# -gt 0 ] || set -- 100000
root=$(cd "$(dirname "$0")/.." && pwd)
cli="$build/cli/kahriz-atlas"
gen="$build/gen-survey"
tmp=$(mktemp -d /tmp/kzbench-export-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }

for n in "$@"; do
    "$gen" --districts "$root/data/districts.geojson" --kahrizes "$n" \
        --seed 7 --visits-mean 3 --shaft-fraction 0 --out-dir "$tmp" \
        >/dev/null
    t0=$(now)
    "$cli" export -q --overwrite --on-error=skip --kahrizes "$tmp/kahrizes.csv" \
        --assessments "$tmp/assessments.csv" --shafts none \
        -o "$tmp/ours.gpkg" 2>/dev/null
    t1=$(now)
    ogr2ogr -f GPKG "$tmp/ref.gpkg" "$tmp/kahrizes.csv" -nln kahrizes \
        -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -a_srs EPSG:4326 \
        -lco SPATIAL_INDEX=YES -gt 65536
    ogr2ogr -f GPKG -update "$tmp/ref.gpkg" "$tmp/assessments.csv" \
        -nln assessments -gt 65536
    t2=$(now)
    awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
        ours = b - a; ref = c - b;
        printf "export %d kahrizes: kahriz-atlas %.2f s (load + stats + all layers), ogr2ogr %.2f s (two layers)\n", n, ours, ref;
        printf "export-vs-ogr2ogr n=%d: %.2fx\n", n, ours / ref }'
    ls -l "$tmp/ours.gpkg" "$tmp/ref.gpkg" | awk '{ print "  " $5 " bytes  " $9 }'
    rm -f "$tmp"/*.gpkg
done
