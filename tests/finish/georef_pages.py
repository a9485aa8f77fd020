#!/usr/bin/env python3
"""Whether the press PDF is placed on the ground as the screen PDF is.

usage: georef_pages.py SCREEN.pdf PRESS.pdf

Both files have the same pages; a press page is the screen page drawn on
a larger sheet, its trim box where the screen page's media box was.  For
each page, one line:

  page N VPS_SCREEN VPS_PRESS DICTS CRS NEATLINE TRIM

VPS_*: the geospatial viewports of the page (qpdf); DICTS: "same" when
the press page's viewports are the screen page's, key for key, their
BBox moved as the trim box moved (to a thousandth of a point), else
"differs".  Then what GDAL reads of page N of each file: CRS "same",
"none" (neither has one), "missing" (the press page lacks it) or
"differs"; NEATLINE "same" when the map frame's outline on the ground is
the same to a centimetre (or "none", "differs"); TRIM "same" when the
corners of the trim box, taken through each page's geotransform from the
pixels GDAL renders them at, are the same places on the ground to a
thousandth of a pixel (or "none", "differs").  Last line:

  pages N georeferenced G matched M viewports V

G: pages of the screen PDF that GDAL georeferences, M: of those, pages
whose every field above is "same", V: viewports of the screen PDF.
"""
import json
import subprocess
import sys

from osgeo import gdal, ogr

gdal.UseExceptions()

# one pixel per point
DPI = 72


def pages_of(pdf):
    """(media box, trim box, /VP array) of every page, references
    resolved (qpdf)."""
    out = subprocess.run(["qpdf", "--json=2", "--json-key=pages",
                          "--json-key=qpdf", pdf], capture_output=True,
                         check=True).stdout
    doc = json.loads(out)
    objs = {}
    for key, val in doc["qpdf"][1].items():
        if key.startswith("obj:"):
            objs[key[4:]] = val.get("value", val.get("stream", {}).get("dict"))

    def resolve(x, depth=0):
        while isinstance(x, str) and x.endswith(" R") and x in objs:
            x = objs[x]
        if depth > 12:
            return x
        if isinstance(x, dict):
            return {k: resolve(v, depth + 1) for k, v in x.items()}
        if isinstance(x, list):
            return [resolve(v, depth + 1) for v in x]
        return x

    pages = []
    for p in doc["pages"]:
        page = objs[p["object"]]
        media = [float(v) for v in resolve(page["/MediaBox"])]
        trim = [float(v) for v in resolve(page.get("/TrimBox", media))]
        pages.append((media, trim, resolve(page.get("/VP")) or []))
    return pages


def georef(pdf, page):
    """(srs, neatline, geotransform, raster size) of page as GDAL reads
    it."""
    gdal.SetConfigOption("GDAL_PDF_DPI", str(DPI))
    ds = gdal.Open("PDF:%d:%s" % (page, pdf))
    srs = ds.GetSpatialRef()
    md = ds.GetMetadata() or {}
    neat = md.get("NEATLINE")
    gt = ds.GetGeoTransform(can_return_null=True)
    size = (ds.RasterXSize, ds.RasterYSize)
    ds = None
    return (srs, ogr.CreateGeometryFromWkt(neat) if neat else None,
            gt if srs else None, size)


def same_neatline(a, b):
    if a is None or b is None:
        return "none" if a is None and b is None else "differs"
    ra, rb = a.GetGeometryRef(0), b.GetGeometryRef(0)
    if ra.GetPointCount() != rb.GetPointCount():
        return "differs"
    for i in range(ra.GetPointCount()):
        if (abs(ra.GetX(i) - rb.GetX(i)) > 0.01
                or abs(ra.GetY(i) - rb.GetY(i)) > 0.01):
            return "differs"
    return "same"


def trim_on_ground(gt, size, media, trim):
    """The trim box's top left and bottom right corners on the ground:
    GDAL renders the media box into size pixels, its top left first."""
    sx = size[0] / (media[2] - media[0])
    sy = size[1] / (media[3] - media[1])
    corners = []
    for x, y in ((trim[0], trim[3]), (trim[2], trim[1])):
        col, row = (x - media[0]) * sx, (media[3] - y) * sy
        corners.append((gt[0] + col * gt[1] + row * gt[2],
                        gt[3] + col * gt[4] + row * gt[5]))
    return corners


def same_trim(s, p, s_page, p_page):
    if s[2] is None or p[2] is None:
        return "none" if s[2] is None and p[2] is None else "differs"
    a = trim_on_ground(s[2], s[3], s_page[0], s_page[1])
    b = trim_on_ground(p[2], p[3], p_page[0], p_page[1])
    # a thousandth of a pixel: GDAL's arithmetic, not a misplacement (the
    # bleed alone is 8 pixels and more)
    tol = 1e-3 * max(abs(s[2][1]), abs(s[2][5]))
    for (xa, ya), (xb, yb) in zip(a, b):
        if abs(xa - xb) > tol or abs(ya - yb) > tol:
            return "differs"
    return "same"


def same_dicts(s_page, p_page):
    """The press viewports are the screen ones, BBox moved with the trim."""
    dx = p_page[1][0] - s_page[1][0]
    dy = p_page[1][1] - s_page[1][1]
    vs, vp = s_page[2], p_page[2]
    if len(vs) != len(vp):
        return "differs"
    for a, b in zip(vs, vp):
        rest_a = {k: v for k, v in a.items() if k != "/BBox"}
        rest_b = {k: v for k, v in b.items() if k != "/BBox"}
        if rest_a != rest_b:
            return "differs"
        ba = [float(v) for v in a["/BBox"]]
        bb = [float(v) for v in b["/BBox"]]
        want = [ba[0] + dx, ba[1] + dy, ba[2] + dx, ba[3] + dy]
        if any(abs(u - v) > 1e-3 for u, v in zip(want, bb)):
            return "differs"
    return "same"


def main():
    screen, press = sys.argv[1], sys.argv[2]
    ps, pp = pages_of(screen), pages_of(press)
    if len(ps) != len(pp):
        print("pages %d %d" % (len(ps), len(pp)))
        return 1
    georeferenced = matched = viewports = 0
    for n in range(1, len(ps) + 1):
        s, p = georef(screen, n), georef(press, n)
        dicts = same_dicts(ps[n - 1], pp[n - 1])
        if s[0] is None and p[0] is None:
            crs = "none"
        elif p[0] is None:
            crs = "missing"
        elif s[0] is None or not s[0].IsSame(p[0]):
            crs = "differs"
        else:
            crs = "same"
        neat = same_neatline(s[1], p[1])
        trim = same_trim(s, p, ps[n - 1], pp[n - 1])
        viewports += len(ps[n - 1][2])
        if s[0] is not None:
            georeferenced += 1
            if (dicts, crs, neat, trim) == ("same",) * 4:
                matched += 1
        print("page %d %d %d %s %s %s %s" % (n, len(ps[n - 1][2]),
                                             len(pp[n - 1][2]), dicts, crs,
                                             neat, trim))
    print("pages %d georeferenced %d matched %d viewports %d"
          % (len(ps), georeferenced, matched, viewports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
