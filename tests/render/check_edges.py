#!/usr/bin/env python3
"""check_edges.py - what a map says at its edges, read back from the PDF
(GDAL's georeferencing of each map frame, poppler's word boxes, the
content streams' paths through tests/atlas/pdfpaths.py), never from
kahriz-atlas.

countries NEIGHBOURS STYLE MIN_MM2 MAP.pdf[:PAGE|:all] ...
    For each map frame (the single geospatial viewport of a page), every
    country of NEIGHBOURS (name_az, name_en) of which at least MIN_MM2
    square millimetres of land show on paper (pixels of the page inside
    the country's outline in the style's neighbour fill, colors.neighbour:
    not under the legend or the inset; check_water_names.py counts them)
    must be named on the page in both languages (in capitals or not: the
    Azerbaijani name compared under Azerbaijani case rules, İ and ı).

graticule STYLE MAP.pdf[:PAGE|:all] ...
    For each map frame (the single geospatial viewport of a page), the
    graticule's lines are the page's stroked paths in the style's
    graticule colour (colors.graticule) and width (lines.graticule_mm),
    a meridian running up the page, a parallel across it.  Where a
    meridian crosses the top or bottom edge of the frame, or a parallel
    the left or right one (more than 1 pt from a corner), its value there
    (longitude or latitude, through the georeferencing, to the minute)
    must be printed as a label on that edge: "45°" or "45°30′", outside the frame within 12 pt of
    the edge, the crossing within the label's extent along the edge (a
    label may slide along it to stay within the frame's side near a
    corner, but stays over its line).

Prints a line per fault and a summary; exits 1 on any fault.
"""
import json
import os
import sys

from osgeo import gdal, ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "atlas"))
import check_context as cc  # noqa: E402 (viewport readers)
import check_water_names as cw  # noqa: E402 (frames, pixels shown)
from pdfread import bbox_pages  # noqa: E402 (poppler's word boxes)

gdal.UseExceptions()
ogr.UseExceptions()
faults = []


def fault(msg):
    faults.append(msg)
    if len(faults) <= 60:
        print("FAULT: " + msg)


def az_lower(s):
    return s.replace("İ", "i").replace("I", "ı").lower()


def countries(src, style, min_mm2, specs):
    with open(style, encoding="utf-8") as f:
        fill = hex_rgb(json.load(f)["colors"]["neighbour"])
    named = 0
    texts = {}
    for spec, path, page, az, en, mm2 in cw.areas_shown(src, fill, specs):
        if mm2 < min_mm2:
            continue
        if spec not in texts:
            texts[spec] = cw.page_text(path, page)
        named += 1
        miss = [n for n, low in ((az, az_lower), (en, str.lower))
                if low(n) not in low(texts[spec])]
        if miss:
            fault("%s: %s / %s shows %.0f mm² of land, not named (%s)"
                  % (spec, az, en, mm2, ", ".join(miss)))
    print("%d countries showing %g mm² or more on a map, %d faults" %
          (named, min_mm2, len(faults)))


def hex_rgb(h):
    h = h.lstrip("#")
    return [int(h[i:i + 2], 16) for i in (0, 2, 4)]


def deg_label(v):
    """"45°" or "45°30′" for v degrees (to the minute)."""
    m = int(round(v * 60))
    d, m = divmod(m, 60)
    return "%d°" % d if m == 0 else "%d°%02d′" % (d, m)


def graticule(style, specs):
    sys.path.insert(0, os.path.join(HERE, "..", "atlas"))
    from pdfpaths import Pdf
    with open(style, encoding="utf-8") as f:
        st = json.load(f)
    colour = [c / 255 for c in hex_rgb(st["colors"]["graticule"])]
    lw = st["lines"]["graticule_mm"] * 72 / 25.4
    docs, crossings = {}, 0
    for spec in cw.expand(specs):
        path, _, page = spec.partition(":")
        page = int(page)
        mb, bb = cc.viewport(path, page)
        x0, x1 = bb[0] - mb[0], bb[2] - mb[0]
        y0, y1 = mb[3] - bb[3], mb[3] - bb[1]  # top-left origin
        ds = gdal.Open("PDF:%d:%s" % (page, path))
        gt = ds.GetGeoTransform()
        srs = osr.SpatialReference(wkt=ds.GetProjection())
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        wgs = osr.SpatialReference()
        wgs.ImportFromEPSG(4326)
        wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        ct = osr.CoordinateTransformation(srs, wgs)
        sx = ds.RasterXSize / (mb[2] - mb[0])
        sy = ds.RasterYSize / (mb[3] - mb[1])

        def lonlat(x, y):
            c, r = x * sx, y * sy
            lon, lat, _ = ct.TransformPoint(gt[0] + c * gt[1] + r * gt[2],
                                            gt[3] + c * gt[4] + r * gt[5])
            return lon, lat
        if path not in docs:
            docs[path] = (Pdf(path), bbox_pages(path))
        doc, pages = docs[path]
        paths, _ = doc.page_paths(page - 1)
        words = [w for ln in pages[page - 1][2] for w in ln]
        lines = [p for p in paths if p["stroke"] is not None and
                 all(abs(a - b) < 0.01 for a, b in zip(p["stroke"], colour))
                 and abs(p["lw"] - lw) < 0.05]
        if not lines:
            fault("%s: no graticule line" % spec)
            continue
        edges = (("top", y0, 1), ("bottom", y1, 1), ("left", x0, 0),
                 ("right", x1, 0))
        for p in lines:
            for sp in p["subpaths"]:
                # a meridian runs up the page, a parallel across it: each
                # is labelled on the edges it runs towards
                merid = abs(sp[-1][1] - sp[0][1]) > abs(sp[-1][0] - sp[0][0])
                for (ax, ay), (bx, by) in zip(sp, sp[1:]):
                    for name, e, horiz in edges:
                        if horiz != merid:
                            continue
                        a, b = (ay, by) if horiz else (ax, bx)
                        if (a - e) * (b - e) > 0 or a == b:
                            continue
                        t = (e - a) / (b - a)
                        px, py = ax + t * (bx - ax), ay + t * (by - ay)
                        along = px if horiz else py
                        lo, hi = (x0, x1) if horiz else (y0, y1)
                        if not lo + 1 < along < hi - 1:
                            continue
                        lon, lat = lonlat(px, py)
                        want = deg_label(lon if horiz else lat)
                        crossings += 1
                        if not labelled(words, want, name, e, along):
                            fault("%s: the graticule's %s crosses the %s "
                                  "edge at %.1f pt without its label"
                                  % (spec, want, name, along))
    print("%d graticule crossings of frame edges checked, %d faults" %
          (crossings, len(faults)))


def labelled(words, want, edge, e, along):
    """A word want outside the frame within 12 pt of the edge e whose
    extent along the edge holds the crossing (1 pt to spare)."""
    for w in words:
        if w[4] != want:
            continue
        if edge in ("top", "bottom"):
            near = e - 12 < w[3] <= e + 0.5 if edge == "top" else \
                e - 0.5 <= w[1] < e + 12
            over = w[0] - 1 <= along <= w[2] + 1
        else:
            near = e - 12 < w[2] <= e + 0.5 if edge == "left" else \
                e - 0.5 <= w[0] < e + 12
            over = w[1] - 1 <= along <= w[3] + 1
        if near and over:
            return True
    return False


def main():
    args = sys.argv[1:]
    if len(args) >= 5 and args[0] == "countries":
        countries(args[1], args[2], float(args[3]), args[4:])
    elif len(args) >= 3 and args[0] == "graticule":
        graticule(args[1], args[2:])
    else:
        print(__doc__)
        return 2
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
