#!/usr/bin/env python3
"""expect_utm.py - where each kahriz of a survey CSV lies in UTM zone 38N
(EPSG:32638), worked out without kahriz-atlas: rows given in EPSG:32638
as they are, rows in EPSG:4326 through PROJ's cs2cs.  Prints
"id easting northing" per kahriz, in file order.

usage: expect_utm.py kahrizes.csv
"""
import csv
import subprocess
import sys


def main():
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    geo = [r for r in rows if r["crs"] == "EPSG:4326"]
    other = {r["crs"] for r in rows} - {"EPSG:4326", "EPSG:32638"}
    if other:
        sys.exit("expect_utm.py: unexpected crs %s" % sorted(other))
    # cs2cs takes EPSG:4326 in its axis order: latitude, longitude
    out = subprocess.run(
        ["cs2cs", "-f", "%.4f", "EPSG:4326", "EPSG:32638"],
        input="".join("%s %s\n" % (r["y"], r["x"]) for r in geo),
        capture_output=True, text=True, check=True).stdout.split("\n")
    utm = {}
    for r, line in zip(geo, out):
        e, n = line.split()[:2]
        utm[r["id"]] = (e, n)
    for r in rows:
        e, n = utm.get(r["id"], (r["x"], r["y"]))
        print(r["id"], e, n)


if __name__ == "__main__":
    main()
