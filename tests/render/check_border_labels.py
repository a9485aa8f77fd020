#!/usr/bin/env python3
"""check_border_labels.py - no kahriz's name is set across the state's
land border (nor across the Araz where the river is that border).

usage: check_border_labels.py DISTRICTS NEIGHBOURS MAP.pdf[:PAGE|:all] ...

The land border is worked out here from the data, with OGR: the outline
of the union of DISTRICTS where it lies within 0.005° (about 500 m) of a
country of NEIGHBOURS.  For each map frame (the single /VP viewport of a
page; check_context.py and check_water_names.py read it and the page's
georeferencing with qpdf and GDAL) the border is put on the page through
that georeferencing (OSR).  The lines of poppler's pdftotext
-bbox-layout with a word "kəhrizi", "kəhriz" or "kahriz" are the
kahrizes' names; a name line whose box (less 0.5 pt each side) the
border crosses is a fault.
"""
import os
import sys

from osgeo import ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "atlas"))
import check_water_names as cw  # noqa: E402 (frame and georeferencing)
from pdfread import bbox_pages  # noqa: E402 (poppler's word boxes)

ogr.UseExceptions()
ENDS = ("kəhrizi", "kəhriz", "kahriz")


def union_of(path):
    ds = ogr.Open(path)
    mp = ogr.Geometry(ogr.wkbMultiPolygon)
    for f in ds.GetLayer(0):
        g = f.GetGeometryRef()
        if g.GetGeometryType() in (ogr.wkbPolygon, ogr.wkbPolygon25D):
            mp.AddGeometry(g)
        else:
            for i in range(g.GetGeometryCount()):
                mp.AddGeometry(g.GetGeometryRef(i))
    return mp.UnionCascaded()


def land_border(districts, neighbours):
    country = union_of(districts)
    near = union_of(neighbours).Buffer(0.005)
    return country.Boundary().Intersection(near)


def name_lines(path, page):
    """(text, x0, y0, x1, y1) of each line naming a kahriz."""
    res = []
    for ws in bbox_pages(path)[page - 1][2]:
        if not any(w[4] in ENDS for w in ws):
            continue
        res.append((" ".join(w[4] for w in ws), min(w[0] for w in ws),
                    min(w[1] for w in ws), max(w[2] for w in ws),
                    max(w[3] for w in ws)))
    return res


def on_page(geom, ct, gt, sx, sy, mb):
    """A lon/lat line geometry in page points (top-left origin)."""
    out = ogr.Geometry(ogr.wkbMultiLineString)
    parts = [geom] if geom.GetGeometryCount() == 0 else \
        [geom.GetGeometryRef(i) for i in range(geom.GetGeometryCount())]
    for part in parts:
        if part.GetPointCount() < 2:
            continue
        ls = ogr.Geometry(ogr.wkbLineString)
        for i in range(part.GetPointCount()):
            x, y, _ = ct.TransformPoint(part.GetX(i), part.GetY(i))
            c = (x - gt[0]) / gt[1]
            r = (y - gt[3]) / gt[5]
            ls.AddPoint_2D(c / sx + mb[0], r / sy)
        out.AddGeometry(ls)
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    border = land_border(sys.argv[1], sys.argv[2])
    bad = lines = 0
    for spec in cw.expand(sys.argv[3:]):
        frame, srs, wgs, _, (path, page, mb, gt, ds) = cw.frame_geo(spec)
        ct = osr.CoordinateTransformation(wgs, srs)
        sx = ds.RasterXSize / (mb[2] - mb[0])
        sy = ds.RasterYSize / (mb[3] - mb[1])
        line = on_page(border, ct, gt, sx, sy, mb)
        for text, x0, y0, x1, y1 in name_lines(path, page):
            lines += 1
            box = ogr.CreateGeometryFromWkt(
                "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))"
                % (x0 + .5, y0 + .5, x1 - .5, y0 + .5, x1 - .5, y1 - .5,
                   x0 + .5, y1 - .5, x0 + .5, y0 + .5))
            if box.Intersects(line):
                bad += 1
                print("%s: %r across the state border" % (spec, text))
    print("%d kahriz name lines, %d across the state border" % (lines, bad))
    sys.exit(1 if bad or not lines else 0)


if __name__ == "__main__":
    main()
