#!/usr/bin/env python3
"""check_muted.py - a district map names its own kahrizes, not its
neighbours': the neighbours' are drawn muted and unnamed.

usage: check_muted.py KAHRIZES.csv DISTRICTS CODE MAP.pdf

From the survey's kahrizes file (Python's csv module; each outlet's x, y
in its crs turned to longitude/latitude by OSR and placed in district
CODE's polygon of DISTRICTS by OGR), the Azerbaijani names of the
kahrizes in CODE and of the others; the page's text
from poppler's pdftotext -raw, a line per label line.  A line that is the
name of a kahriz of another district, and of none of CODE's, is a
neighbour's kahriz named: a fault.  At least one of CODE's own names must
be printed when CODE has any (else the check proves nothing).
"""
import csv
import subprocess
import sys

from osgeo import ogr, osr

ogr.UseExceptions()


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    kahrizes, districts, code, pdf = sys.argv[1:]
    ds = ogr.Open(districts)
    poly = None
    for f in ds.GetLayer(0):
        if f.GetField("code") == code:
            poly = f.GetGeometryRef().Clone()
    if poly is None:
        sys.exit("%s: no district %s" % (districts, code))
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    cts = {}
    own, other = set(), set()
    with open(kahrizes, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            crs = row["crs"]
            if crs not in cts:
                src = osr.SpatialReference()
                src.SetFromUserInput(crs)
                src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
                cts[crs] = osr.CoordinateTransformation(src, wgs)
            lon, lat, _ = cts[crs].TransformPoint(float(row["x"]),
                                                  float(row["y"]))
            pt = ogr.Geometry(ogr.wkbPoint)
            pt.AddPoint_2D(lon, lat)
            (own if poly.Contains(pt) else other).add(row["name_az"].strip())
    text = subprocess.run(["pdftotext", "-raw", pdf, "-"],
                          capture_output=True, check=True,
                          text=True).stdout.splitlines()
    lines = [" ".join(t.split()) for t in text]
    named_own = sorted({t for t in lines if t in own})
    named_other = sorted({t for t in lines if t in other - own})
    for t in named_other:
        print("%s: a neighbour's kahriz named: %s" % (pdf, t))
    print("%s: %d of its own kahrizes named, %d of its neighbours'"
          % (pdf, len(named_own), len(named_other)))
    sys.exit(1 if named_other or (own and not named_own) else 0)


if __name__ == "__main__":
    main()
