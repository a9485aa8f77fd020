#!/bin/sh
# Install the build tree into a temporary prefix, then use it as a user
# would: the CLI finds its styles, bundled data and fonts, the man page and
# kahriz.pc are there, and the examples build against the installed
# library through pkg-config and run.
#
#   install_test.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
prefix=$(mktemp -d /tmp/kzinstall-XXXXXX)
trap 'rm -rf "$prefix"' EXIT

cmake --install "$build" --prefix "$prefix" >/dev/null
cli="$prefix/bin/kahriz-atlas"
test -x "$cli"
test -f "$prefix/include/kahriz.h"
test -f "$prefix/share/man/man1/kahriz-atlas.1"
test -f "$prefix/share/kahriz-atlas/styles/default.json"
test -f "$prefix/share/kahriz-atlas/data/districts.geojson"
test -f "$prefix/share/kahriz-atlas/forms/kahriz-survey.xlsx"
test -f "$prefix/share/kahriz-atlas/fonts/KahrizSans-Regular.ttf"
test -f "$prefix/share/kahriz-atlas/fonts/OFL.txt"
pc=$(find "$prefix" -name kahriz.pc | head -n 1)
test -n "$pc"

# run from elsewhere, with the source tree out of reach of the lookup
cd "$prefix"
"$cli" --version | grep -q "kahriz-atlas"
"$cli" stats -q --on-error=skip --format csv | grep -q "^TOTAL,"

# a map embeds the installed Kahriz Sans
"$cli" map -q --district AZ-ORD -o "$prefix/ordubad.pdf"
pdffonts "$prefix/ordubad.pdf" | grep -q "KahrizSans-Regular"

# the examples, through pkg-config, against the installed library
PKG_CONFIG_PATH=$(dirname "$pc") make -s -C "$src/examples" \
    CC="${CC:-cc}" OUT="$prefix/district_summary" >/dev/null
LD_LIBRARY_PATH=$(dirname "$(dirname "$pc")") "$prefix/district_summary" \
    "$prefix/share/kahriz-atlas/data/survey/kahrizes.csv" \
    "$prefix/share/kahriz-atlas/data/survey/assessments.csv" \
    "$prefix/share/kahriz-atlas/data/districts.geojson" | grep -q "Ordubad"
echo "1 passed, 0 failed"
