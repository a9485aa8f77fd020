#!/usr/bin/env python3
"""check_fill.py - a district map is filled by its district.

usage: check_fill.py DISTRICTS MIN_EACH MIN_MEDIAN DIR

For every CODE-Name.pdf in DIR (map --each-district), the district CODE's
polygon of DISTRICTS is put in the map's CRS (OSR) and its extent
compared with the map frame's, both read here (the frame and CRS from
the page's georeferencing through GDAL and qpdf, check_water_names.py):
the fill is the larger of the two ratios (length, breadth).  Every map
must reach MIN_EACH and the median MIN_MEDIAN.  Prints the least filled.
"""
import glob
import os
import statistics
import sys

from osgeo import ogr, osr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_water_names as cw  # noqa: E402

ogr.UseExceptions()


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    ds = ogr.Open(sys.argv[1])
    polys = {f.GetField("code"): f.GetGeometryRef().Clone()
             for f in ds.GetLayer(0)}
    min_each, min_median = float(sys.argv[2]), float(sys.argv[3])
    vals = []
    for pdf in sorted(glob.glob(os.path.join(sys.argv[4], "*.pdf"))):
        code = "-".join(os.path.basename(pdf).split("-")[:2])
        frame, srs, wgs, m_per_pt, _ = cw.frame_geo(pdf)
        g = polys[code].Clone()
        g.Transform(osr.CoordinateTransformation(wgs, srs))
        fe, ge = frame.GetEnvelope(), g.GetEnvelope()
        fill = max((ge[1] - ge[0]) / (fe[1] - fe[0]),
                   (ge[3] - ge[2]) / (fe[3] - fe[2]))
        vals.append((fill, code, m_per_pt / (0.0254 / 72)))
    if not vals:
        sys.exit("no map in %s" % sys.argv[4])
    vals.sort()
    for fill, code, scale in vals[:5]:
        print("%s: %.2f of the frame at 1:%.0f" % (code, fill, scale))
    med = statistics.median(v[0] for v in vals)
    low = [v for v in vals if v[0] < min_each]
    print("%d maps, median fill %.2f, %d below %.2f"
          % (len(vals), med, len(low), min_each))
    sys.exit(1 if low or med < min_median else 0)


if __name__ == "__main__":
    main()
