#!/bin/sh
# Atlas benchmark: wall time, pages per second, peak RSS and PDF size of
# `kahriz-atlas build` for the whole default atlas (--jobs 1 and 2), the
# district pages alone, and the district pages of a 100,000-kahriz survey
# made by gen-survey (the atlas's district section, and the 77 district
# maps alone with `map --each-district`, one PDF each).  Usage: bench/bench_atlas.sh [BUILD_DIR] [--quick]
# (--quick skips the 100,000-kahriz run).  Needs GNU time (/usr/bin/time).
set -eu

BUILD=${1:-build}
QUICK=0
[ "${2:-}" = "--quick" ] && QUICK=1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KZ="$BUILD/cli/kahriz-atlas"
GEN="$BUILD/gen-survey"
TMP=$(mktemp -d /tmp/bench-atlas-XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1764201600}

[ -x "$KZ" ] || { echo "bench_atlas: build $KZ first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_atlas: install GNU time" >&2; exit 2; }

# run LABEL ARGS...: one build, one table row
run() {
    label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$TMP/time" "$KZ" build -q --overwrite "$@" \
        -o "$TMP/out.pdf"
    read -r secs kb < "$TMP/time"
    pages=$(pdfinfo "$TMP/out.pdf" | awk '/^Pages:/ {print $2}')
    bytes=$(stat -c %s "$TMP/out.pdf")
    awk -v l="$label" -v s="$secs" -v k="$kb" -v p="$pages" -v b="$bytes" \
        'BEGIN { printf "| %-44s | %5d | %6.2f | %6.1f | %5.0f | %6.2f |\n",
                 l, p, s, (s > 0 ? p / s : 0), k / 1024, b / 1048576 }'
}

echo "| run | pages | s | pages/s | peak RSS MB | PDF MB |"
echo "|---|---:|---:|---:|---:|---:|"
run "default atlas, --jobs 1"
run "default atlas, --jobs 2" --jobs 2
run "district section only (--sections districts)" --sections districts
run "district section, --jobs 2" --sections districts --jobs 2

if [ "$QUICK" -eq 0 ]; then
    [ -x "$GEN" ] || cmake --build "$BUILD" --target gen-survey >/dev/null
    "$GEN" --districts "$ROOT/data/districts.geojson" --kahrizes 100000 \
        --out-dir "$TMP/big" >/dev/null
    big="--kahrizes $TMP/big/kahrizes.csv --assessments $TMP/big/assessments.csv"
    [ -f "$TMP/big/shafts.csv" ] && big="$big --shafts $TMP/big/shafts.csv"
    # shellcheck disable=SC2086
    run "100k kahrizes, district section" $big --on-error=skip \
        --sections districts
    # shellcheck disable=SC2086
    run "100k kahrizes, district section, --jobs 2" $big --on-error=skip \
        --sections districts --jobs 2
    # the pages QGIS's atlas anchor makes: one map per district, one PDF each
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %M" -o "$TMP/time" "$KZ" map -q --overwrite $big \
        --on-error=skip --each-district "$TMP/each"
    read -r secs kb < "$TMP/time"
    pages=$(find "$TMP/each" -name '*.pdf' | wc -l)
    bytes=$(cat "$TMP/each"/*.pdf | wc -c)
    awk -v s="$secs" -v k="$kb" -v p="$pages" -v b="$bytes" \
        'BEGIN { printf "| %-44s | %5d | %6.2f | %6.1f | %5.0f | %6.2f |\n",
                 "100k kahrizes, map --each-district", p, s,
                 (s > 0 ? p / s : 0), k / 1024, b / 1048576 }'
fi
