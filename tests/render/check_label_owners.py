#!/usr/bin/env python3
"""check_label_owners.py - on a map a reader can tell which symbol a
kahriz's name belongs to, and district names keep off the kahrizes.

usage: check_label_owners.py owners|districts SURVEY_DIR STYLE.json
                             DISTRICTS MAX MAP.pdf[:PAGE] ...

The outlets are worked out from the survey files alone, as the oracle
(tests/oracle/oracle.py) reads them: each kahriz's longitude/latitude
(OSR), its district of DISTRICTS (OGR), its symbol's radius from its
latest visit's discharge through the style's "sizes" (breaks and radii
in mm), 0.7 times that for a neighbour's kahriz on a district
or region map ("neighbour_scale"; the map's own districts from its file
name: CODE-Name.pdf, region-CODE.pdf, anything else the national map).
Each frame's georeferencing (the page's /VP read by GDAL and qpdf, as
check_water_names.py does) puts them on the page.

owners: each kahriz name poppler prints (pdftotext -bbox-layout: a line
with "kəhrizi", "kəhriz" or "kahriz", with the English line under it) is
matched to the nearest kahriz of that name (told apart by "(village)" or
"(id)" where printed).  The name's box must lie nearer to the edge of
its own symbol than to any other symbol's edge, by 0.5 pt, unless a
leader line (a stroked two-point path, read with pdfpaths.py) runs from
the box to its symbol.  A symbol within its own radius of the named
one's centre stands in the same place and is not counted.

districts: each line that is a district's name in either language (its
words, less the halo) covering the centre of an outlet symbol in the
frame is a fault; at most MAX such covered symbols on all the maps.

Prints each fault and a summary; exits 1 when the faults are more than
MAX (owners: MAX ambiguous names).
"""
import math
import os
import re
import sys

from osgeo import ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "atlas"))
sys.path.insert(0, os.path.join(HERE, "..", "oracle"))
import check_water_names as cw  # noqa: E402 (frame and georeferencing)
import oracle  # noqa: E402 (the survey files read alone)
from pdfread import bbox_pages  # noqa: E402 (poppler's word boxes)
import pdfpaths  # noqa: E402 (the page's vector paths)
import json  # noqa: E402

ogr.UseExceptions()
ENDS = ("kəhrizi", "kəhriz", "kahriz")
PT_PER_MM = 72 / 25.4
MARGIN = 0.5  # points: another symbol this much farther than its own
SUFFIX = re.compile(r"^(.*) \(([^()]*)\)$")


def load_kahrizes(survey, style):
    """The survey's outlets (the oracle's reading of the files: lon/lat,
    district, latest visit) with their symbol radius in points: the class
    of the latest discharge in the style's sizes."""
    sizes = style["sizes"]
    regions = {d["code"]: d["region"] for d in survey.districts}
    out = []
    for kid, k in sorted(survey.kahrizes.items()):
        q = oracle.latest_value(k, "discharge")
        if q == "tied":
            q = oracle.latest(k)[0]["discharge"]
        r = sizes["unmeasured_radius_mm"] if q is None else \
            sizes["radii_mm"][sum(1 for b in sizes["breaks_l_s"] if q >= b)]
        out.append({"id": kid, "az": k["name_az"], "village": k["village_az"],
                    "lon": k["lon"], "lat": k["lat"], "r": r * PT_PER_MM,
                    "district": k["district"],
                    "region": regions.get(k["district"])})
    return out


def focus_of(path):
    """(kind, code): the map's own district or region from its name."""
    base = os.path.basename(path)
    m = re.match(r"^region-(.+)\.pdf$", base)
    if m:
        return "region", m.group(1)
    m = re.match(r"^([A-Z]{2}-[A-Z]+)-", base)
    if m:
        return "district", m.group(1)
    return "national", None


def on_page(spec, kahrizes, scale):
    """The outlets inside the frame: (kahriz, x, y, r) in page points."""
    frame, srs, wgs, _, (path, page, mb, gt, ds) = cw.frame_geo(spec)
    ct = osr.CoordinateTransformation(wgs, srs)
    sx = ds.RasterXSize / (mb[2] - mb[0])
    sy = ds.RasterYSize / (mb[3] - mb[1])
    kind, code = focus_of(path)
    out = []
    for k in kahrizes:
        x, y, _ = ct.TransformPoint(k["lon"], k["lat"])
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(x, y)
        if not frame.Contains(pt):
            continue
        c = (x - gt[0]) / gt[1]
        r = (y - gt[3]) / gt[5]
        own = kind == "national" or \
            (kind == "district" and k["district"] == code) or \
            (kind == "region" and k["region"] == code)
        out.append((k, c / sx + mb[0], r / sy,
                    k["r"] * (1 if own else scale)))
    return out, path, page


def box_dist(b, x, y):
    dx = max(b[0] - x, 0, x - b[2])
    dy = max(b[1] - y, 0, y - b[3])
    return math.hypot(dx, dy)


def line_box(ws):
    return (min(w[0] for w in ws), min(w[1] for w in ws),
            max(w[2] for w in ws), max(w[3] for w in ws))


def runs(lines):
    """poppler's lines cut where two labels meet: where the gap between
    two words is wider than a third of the line's height, and after a
    name's last word ("kəhrizi", "kəhriz", "kahriz" or a closing "(...)")
    that another word follows."""
    out = []
    for ws in lines:
        cur = [ws[0]]
        for w in ws[1:]:
            last = cur[-1][4]
            if w[0] - cur[-1][2] > 0.35 * (w[3] - w[1]) or \
                    (last in ENDS and not w[4].startswith("(")) or \
                    (last.endswith(")") and "(" not in w[4]):
                out.append(cur)
                cur = []
            cur.append(w)
        out.append(cur)
    return out


def name_labels(lines):
    """(words, box) of each kahriz name: its Azerbaijani line's words and
    the box of its English line under it (None when there is none)."""
    lines = runs(lines)
    out = []
    used = set()
    for i, ws in enumerate(lines):
        text = " ".join(w[4] for w in ws)
        if i in used or not any(w[4] in ENDS for w in ws):
            continue
        if "kahriz" in text.split() and "kəhriz" not in text \
                and "kəhrizi" not in text:
            continue  # an English line, joined below
        b = line_box(ws)
        h = b[3] - b[1]
        en = None
        for j, ws2 in enumerate(lines):
            b2 = line_box(ws2)
            if j == i or j in used or \
                    "kahriz" not in [w[4] for w in ws2]:
                continue
            if -0.3 * h <= b2[1] - b[3] <= 0.6 * h and b2[0] < b[2] and \
                    b[0] < b2[2]:
                en = b2
                used.add(j)
                break
        out.append((ws, en))
    return out


def label_of(ws, en, outlets):
    """(text, box, outlet) of a name: its words less any another label's
    words poppler joined before them."""
    for k in range(len(ws)):
        text = " ".join(w[4] for w in ws[k:])
        box = list(line_box(ws[k:]))
        if en:
            box = [min(box[0], en[0]), box[1], max(box[2], en[2]), en[3]]
        own = match(text, box, outlets)
        if own:
            return text, box, own
    return " ".join(w[4] for w in ws), None, None


def match(text, box, outlets):
    """The outlet a printed name stands for: its name (less a "(...)"
    that tells it apart), the nearest of that name."""
    base, tell = text, None
    m = SUFFIX.match(text)
    if m and m.group(1) and not any(o[0]["az"] == text for o in outlets):
        base, tell = m.group(1), m.group(2)
    cands = [o for o in outlets if o[0]["az"] == base or
             (base.endswith("…") and o[0]["az"].startswith(base[:-1]))]
    if tell:
        told = [o for o in cands
                if tell in (o[0]["village"], o[0]["id"])]
        cands = told or cands
    if not cands:
        return None
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return min(cands, key=lambda o: math.hypot(o[1] - cx, o[2] - cy))


def leaders(path, page):
    """Two-point stroked segments on the page."""
    pdf = pdfpaths.Pdf(path)
    paths, _ = pdf.page_paths(page - 1)
    out = []
    for p in paths:
        if p["stroke"] is None or p["curves"]:
            continue
        for s in p["subpaths"]:
            if len(s) == 2:
                out.append(s)
    return out


def has_leader(segs, box, own):
    _, x, y, r = own
    for a, b in segs:
        for p, q in ((a, b), (b, a)):
            if box_dist(box, p[0], p[1]) <= 2.5 and \
                    math.hypot(q[0] - x, q[1] - y) <= r + 2.5:
                return True
    return False


def owners(spec, outlets, lines, path, page):
    faults = named = 0
    segs = None
    for ws, en in name_labels(lines):
        text, box, own = label_of(ws, en, outlets)
        if own is None:
            print("%s: %r matches no kahriz in the frame" % (spec, text))
            faults += 1
            continue
        named += 1
        d_own = box_dist(box, own[1], own[2]) - own[3]
        worse = None
        for o in outlets:
            if o is own or math.hypot(o[1] - own[1], o[2] - own[2]) <= \
                    own[3]:
                continue
            d = box_dist(box, o[1], o[2]) - o[3]
            if d < d_own + MARGIN and (worse is None or d < worse[1]):
                worse = (o, d)
        if worse is None:
            continue
        if segs is None:
            segs = leaders(path, page)
        if has_leader(segs, box, own):
            continue
        faults += 1
        print("%s: %r is %.1f pt from its symbol, %.1f pt from %s's"
              % (spec, text, d_own, worse[1], worse[0][0]["id"]))
    return named, faults


def covered(spec, outlets, lines, names):
    faults = seen = 0
    for ws in lines:
        text = " ".join(w[4] for w in ws)
        if text not in names:
            continue
        seen += 1
        b = line_box(ws)
        for o in outlets:
            if b[0] + .5 < o[1] < b[2] - .5 and b[1] + .5 < o[2] < b[3] - .5:
                faults += 1
                print("%s: district name %r over %s" % (spec, text,
                                                         o[0]["id"]))
    return seen, faults


def main():
    if len(sys.argv) < 7 or sys.argv[1] not in ("owners", "districts"):
        sys.exit(__doc__)
    mode, sdir, spath, dpath, most = sys.argv[1:6]
    with open(spath, encoding="utf-8") as f:
        style = json.load(f)
    scale = style["symbols"]["neighbour_scale"]
    survey = oracle.Survey(sdir, dpath)
    kahrizes = load_kahrizes(survey, style)
    names = {d["name_az"] for d in survey.districts} | \
        {d["name_en"] for d in survey.districts}
    total = faults = 0
    for spec in cw.expand(sys.argv[6:]):
        outlets, path, page = on_page(spec, kahrizes, scale)
        lines = bbox_pages(path)[page - 1][2]
        if mode == "owners":
            n, f = owners(spec, outlets, lines, path, page)
        else:
            n, f = covered(spec, outlets, lines, names)
        total += n
        faults += f
    what = "kahriz names" if mode == "owners" else "district names"
    print("%d %s, %d faults (at most %s)" % (total, what, faults, most))
    sys.exit(1 if faults > int(most) or not total else 0)


if __name__ == "__main__":
    main()
