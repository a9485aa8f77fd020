#!/usr/bin/env python3
"""check_number_keys.py - the numbers that name districts on a map match
the numbered list beside them.

usage: check_number_keys.py DISTRICTS MAP.pdf[:PAGE|:all] ...

In each map frame (the page's single /VP viewport; its georeferencing
read with GDAL and qpdf as check_water_names.py does): a number set in
the bold face (pdfminer's glyphs and their fonts) is a key's number, and
a line of poppler's words (pdftotext -bbox-layout) "N Name" or "N Name /
Name" whose N is not bold is the list's line for it.  Each list line must name a district
of DISTRICTS (in either language) and its number must stand once in the
frame, within 3 mm of that district's polygon (put on the page through
the georeferencing, OGR), no other district of the list more than 3 mm
nearer (a district too small for its number has it beside it; the scale
bar's numbers, on a baseline with another number or
"km", are not keys).  Prints
each fault and a summary; exits 1 on any, or when no map has a key.
"""
import os
import re
import sys

from osgeo import ogr, osr
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "atlas"))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from pdf_glyphs import chars  # noqa: E402 (pdfminer's glyphs)
import check_water_names as cw  # noqa: E402 (frame and georeferencing)
from pdfread import bbox_pages  # noqa: E402 (poppler's word boxes)

ogr.UseExceptions()
MM = 72 / 25.4


def districts(path):
    ds = ogr.Open(path)
    out = {}
    for f in ds.GetLayer(0):
        g = f.GetGeometryRef().Clone()
        for name in (f.GetField("name_az"), f.GetField("name_en")):
            out[name] = (f.GetField("code"), g)
    return out


def on_page(geom, ct, gt, sx, sy, mb):
    """A lon/lat polygon in page points (top-left origin)."""
    g = geom.Clone()
    g.Transform(ct)
    out = ogr.Geometry(ogr.wkbMultiPolygon)
    polys = [g] if g.GetGeometryType() in (ogr.wkbPolygon,
                                           ogr.wkbPolygon25D) else \
        [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
    for p in polys:
        np = ogr.Geometry(ogr.wkbPolygon)
        for r in range(p.GetGeometryCount()):
            ring = p.GetGeometryRef(r)
            nr = ogr.Geometry(ogr.wkbLinearRing)
            for i in range(ring.GetPointCount()):
                c = (ring.GetX(i) - gt[0]) / gt[1]
                rr = (ring.GetY(i) - gt[3]) / gt[5]
                nr.AddPoint_2D(c / sx + mb[0], rr / sy)
            np.AddGeometry(nr)
        out.AddGeometry(np)
    return out


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def bold_numbers(path, page, mb):
    """number -> boxes (x0, y0, x1, y1, text; top-left origin) of the
    numbers set in a bold face on the page: digits in a row on one
    baseline, each within a third of its height of the last."""
    out = {}
    for pg in extract_pages(path, page_numbers=[page - 1],
                            laparams=LAParams()):
        ds = sorted((g for g in chars(pg) if g.get_text() in "0123456789" and
                     "Bold" in g.fontname),
                    key=lambda g: (round(g.y0), g.x0))
        run = []
        for g in ds + [None]:
            if run and (g is None or abs(g.y0 - run[-1].y0) > 0.5 or
                        g.x0 - run[-1].x1 > (g.y1 - g.y0) / 3):
                text = "".join(c.get_text() for c in run)
                box = (run[0].x0, mb[3] - max(c.y1 for c in run),
                       run[-1].x1, mb[3] - min(c.y0 for c in run), text)
                out.setdefault(int(text), []).append(box)
                run = []
            if g is not None:
                run.append(g)
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    names = districts(sys.argv[1])
    faults = keys = maps = 0
    for spec in cw.expand(sys.argv[2:]):
        frame, srs, wgs, _, (path, page, mb, gt, ds) = cw.frame_geo(spec)
        ct = osr.CoordinateTransformation(wgs, srs)
        sx = ds.RasterXSize / (mb[2] - mb[0])
        sy = ds.RasterYSize / (mb[3] - mb[1])
        lines = bbox_pages(path)[page - 1][2]
        alone = bold_numbers(path, page, mb)
        listed = {}
        for ws in lines:
            for k in range(len(ws) - 1):
                # a list line, or one poppler joined to a label before it
                text = " ".join(w[4] for w in ws[k:])
                m = re.fullmatch(r"(\d+) (.+?)(?: / (.+))?", text)
                if not m or not (m.group(2) in names or
                                 m.group(3) in names):
                    continue
                n = int(m.group(1))
                if any(overlaps(ws[k], b) for b in alone.get(n, [])):
                    break  # a bold number beside a name on the map
                listed[n] = names.get(m.group(2)) or names[m.group(3)]
                break
        if not listed:
            continue
        maps += 1
        polys = {n: on_page(g, ct, gt, sx, sy, mb)
                 for n, (_, g) in listed.items()}
        for n, (code, _) in sorted(listed.items()):
            keys += 1
            ws = alone.get(n, [])
            if len(ws) != 1:
                print("%s: number %d (%s) stands %d times in the frame"
                      % (spec, n, code, len(ws)))
                faults += 1
                continue
            w = ws[0]
            box = ogr.CreateGeometryFromWkt(
                "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))"
                % (w[0], w[1], w[2], w[1], w[2], w[3], w[0], w[3], w[0],
                   w[1]))
            d = {m: polys[m].Distance(box) for m in polys}
            near = min(d, key=d.get)
            if d[n] > 3 * MM or d[near] + 3 * MM < d[n]:
                print("%s: number %d lies %.1f mm from %s, the list's, and "
                      "%.1f mm from %s (number %d)"
                      % (spec, n, d[n] / MM, code, d[near] / MM,
                         listed[near][0], near))
                faults += 1
    print("%d maps with keys, %d keys, %d faults" % (maps, keys, faults))
    sys.exit(1 if faults or not keys else 0)


if __name__ == "__main__":
    main()
