#!/usr/bin/env python3
"""check_series.py - the district maps of a region share their scales.

usage: check_series.py DISTRICTS FILL DIR [PUSHED ...]

For every CODE-Name.pdf in DIR (map --each-district), the scale printed
on the page ("Miqyas 1:400 000", pdftotext) must be the one the rule of
docs/print-review.md gives, worked out here from the district polygons
of DISTRICTS (OGR, OSR) and the map area read from the page (its
geospatial viewport, qpdf): each district's own scale is the largest
standard scale at which its extent in the UTM zone of its centroid, with
12 % room, fits the area; among the districts of one economic region and
one type (rayons, cities), the scale most of them can take (their own,
or a smaller one at which they still fill FILL of the area's length or
breadth; ties: the larger scale) is given to all of them, then the same
among the rest, until none is left.  The districts PUSHED (codes), whose
legend finds no room beside them at that scale, must print a smaller
one instead (the renderer's band; this checker does not measure the
legend).  All the maps must have one map area, each region exactly the
scales so predicted, and no region more scales than its districts'
own.  Prints the scales of each region's rayons and
cities; exits 1 on any fault.
"""
import collections
import glob
import os
import re
import subprocess
import sys

from osgeo import ogr, osr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_context as cc  # noqa: E402  (the page's viewport)

ogr.UseExceptions()

SERIES = [25000, 50000, 75000, 100000, 150000, 200000, 250000, 300000,
          400000, 500000, 750000, 1000000, 1500000, 2000000]
M_PER_PT = 0.0254 / 72
PAD = 1.12
SCALE = re.compile(r"Miqyas 1:(\d{1,3}(?: \d{3})*)")


def page_scales(pdf):
    """The printed scale of each page (None where none is printed)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", pdf, "-"],
                          capture_output=True, check=True,
                          text=True).stdout
    out = []
    for page in text.split("\f"):
        m = SCALE.search(page)
        out.append(int(m.group(1).replace(" ", "")) if m else None)
    return out


def districts(path):
    """code -> (region code, name_en, type, width, height in metres of the
    convex hull's envelope in the UTM zone of the centroid)."""
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    out = {}
    ds = ogr.Open(path)
    for f in ds.GetLayer(0):
        g = f.GetGeometryRef().Clone()
        c = g.Centroid()
        utm = osr.SpatialReference()
        utm.ImportFromEPSG(32600 + int((c.GetX() + 180) // 6) + 1)
        utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        h = g.ConvexHull()
        h.Transform(osr.CoordinateTransformation(wgs, utm))
        e = h.GetEnvelope()
        out[f.GetField("code")] = (f.GetField("region_code") or "",
                                   f.GetField("name_en"), f.GetField("type"),
                                   max(e[1] - e[0], 1), max(e[3] - e[2], 1))
    return out


def own_scale(ew, eh, aw, ah):
    den = 1 / (min(aw / (ew * PAD), ah / (eh * PAD)) * M_PER_PT)
    for s in SERIES:
        if den <= s * (1 + 1e-9):
            return s
    return den


def fill(ew, eh, aw, ah, den):
    return max(ew / (aw * den * M_PER_PT), eh / (ah * den * M_PER_PT))


def predict(dist, aw, ah, min_fill):
    """code -> the scale the rule gives it."""
    by_region = collections.defaultdict(list)
    for code, d in dist.items():
        by_region[(d[0], d[2]) if d[0] else code].append(code)
    out = {}
    for codes in by_region.values():
        own = {c: own_scale(dist[c][3], dist[c][4], aw, ah) for c in codes}

        def joins(c, s):
            return own[c] == s or (s > own[c] and fill(
                dist[c][3], dist[c][4], aw, ah, s) >= min_fill)
        left = set(codes)
        while left:
            cands = {own[c] for c in left}
            best = max(cands, key=lambda s: (sum(joins(c, s) for c in left),
                                             -s))
            for c in [c for c in left if joins(c, best)]:
                out[c] = best
                left.discard(c)
    return out


def code_of(pdf):
    return "-".join(os.path.basename(pdf).split("-")[:2])


def series(argv):
    dist = districts(argv[0])
    min_fill = float(argv[1])
    maps = sorted(glob.glob(os.path.join(argv[2], "*.pdf")))
    if not maps:
        sys.exit("no map in %s" % argv[2])
    printed, areas = {}, set()
    for pdf in maps:
        printed[code_of(pdf)] = page_scales(pdf)[0]
        _, bb = cc.viewport(pdf, 1)
        areas.add((round(bb[2] - bb[0], 1), round(bb[3] - bb[1], 1)))
    bad = 0
    if len(areas) != 1:
        print("district map areas differ: %s" % sorted(areas))
        bad += 1
    aw, ah = sorted(areas)[0]
    rule = predict({c: dist[c] for c in printed}, aw, ah, min_fill)
    want = dict(rule)
    for code in argv[3:]:
        if code not in want:
            sys.exit("%s: no such district map" % code)
        if printed[code] and printed[code] > rule[code]:
            want[code] = printed[code]
        else:
            print("%s: not pushed by its legend, at 1:%s" % (code,
                                                            printed[code]))
            bad += 1
    regions = collections.defaultdict(list)
    for code in sorted(printed):
        regions["%s %s" % (dist[code][0], "cities" if dist[code][2] ==
                               "city" else "rayons")].append(code)
        if printed[code] != want[code]:
            print("%s: printed 1:%s, the rule gives 1:%d"
                  % (code, printed[code], rule[code]))
            bad += 1
        elif want[code] != rule[code]:
            print("%s: the rule gives 1:%d, its legend pushes it to 1:%d"
                  % (code, rule[code], printed[code]))
    for region, codes in sorted(regions.items()):
        got = sorted({printed[c] for c in codes if printed[c]})
        exp = sorted({want[c] for c in codes})
        own = {own_scale(dist[c][3], dist[c][4], aw, ah) for c in codes}
        if len({rule[c] for c in codes}) > len(own):
            print("%s: %d scales, more than its districts' own %d"
                  % (region, len({rule[c] for c in codes}), len(own)))
            bad += 1
        print("%-30s %d scales %s%s" % (
            region, len(got), " ".join("%dk" % (s // 1000) for s in got),
            "" if got == exp else "  (the rule: %s)"
            % " ".join("%dk" % (s // 1000) for s in exp)))
    print("%d maps in %.0f x %.0f pt, %d faults" % (len(printed), aw, ah,
                                                     bad))
    return bad


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    sys.exit(1 if series(sys.argv[1:]) else 0)


if __name__ == "__main__":
    main()
