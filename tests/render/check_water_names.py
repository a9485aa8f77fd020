#!/usr/bin/env python3
"""check_water_names.py - water is named where it is drawn, and once.

lakes LAKES STYLE MIN_MM2 MAP.pdf[:PAGE|:all] ...
    For each map frame (the single geospatial viewport of a page), every
    named feature of LAKES (any OGR source with name_az and name_en) of
    which at least MIN_MM2 square millimetres show on paper (pixels of the
    page rendered by pdftoppm inside the lake's outline in the water fill
    of STYLE, reference.water.fill: not under the legend or the inset)
    must have both its names in the page's text.  The page position and
    the scale come from the georeferencing GDAL reads from the PDF; the
    text from poppler's pdftotext.  Nothing is taken from the renderer
    but the PDF.

rivers OSM MAX_MM MAP.pdf ...
    For every river way name of the OpenStreetMap file OSM (its
    waterway=river ways may be many segments of one name), each of the
    name's words must be printed exactly once on the page (the name once,
    not once per segment), and the middle of the printed name must lie
    within MAX_MM millimetres of the river's line on paper (word boxes
    from pdftotext -bbox).

Prints a line per frame and feature; exits 1 on any fault.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

from osgeo import gdal, ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "atlas"))
import check_context as cc  # noqa: E402  (viewport and frame readers)
from pdfread import bbox_pages  # noqa: E402 (poppler's word boxes)

gdal.UseExceptions()
ogr.UseExceptions()

PT_MM = 25.4 / 72


def frame_geo(spec):
    """The frame as a polygon in the map's CRS, the CRS, and the ground
    metres per page point, for a MAP.pdf[:PAGE] spec."""
    path, _, page = spec.partition(":")
    page = int(page) if page else 1
    mb, _ = cc.viewport(path, page)
    ds = gdal.Open("PDF:%d:%s" % (page, path))
    gt = ds.GetGeoTransform()
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    frame = cc.frame_lonlat(spec)
    frame.Transform(osr.CoordinateTransformation(wgs, srs))
    m_per_pt = abs(gt[1]) * ds.RasterXSize / (mb[2] - mb[0])
    return frame, srs, wgs, m_per_pt, (path, page, mb, gt, ds)


def page_text(path, page):
    out = subprocess.run(["pdftotext", "-raw", "-f", str(page), "-l", str(page),
                          path, "-"], capture_output=True, check=True,
                         text=True).stdout
    return " ".join(out.split())


def expand(specs):
    out = []
    for spec in specs:
        path, _, page = spec.partition(":")
        if page == "all":
            out += ["%s:%d" % (path, p)
                    for p in cc.single_viewport_pages(path)]
        else:
            out.append(spec)
    return out


DPI = 100


def water_shown(spec, fill, geoms):
    """Square millimetres of each lake (map CRS geometries) drawn on the
    page in the water fill."""
    import tempfile
    import numpy
    from PIL import Image, ImageDraw
    frame, srs, wgs, m_per_pt, (path, page, mb, gt, ds) = frame_geo(spec)
    sx = ds.RasterXSize / (mb[2] - mb[0])
    sy = ds.RasterYSize / (mb[3] - mb[1])
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l",
                        str(page), "-singlefile", "-png", path,
                        os.path.join(tmp, "p")], check=True)
        img = numpy.asarray(Image.open(os.path.join(tmp, "p.png"))
                            .convert("RGB")).astype(int)
    px_per_pt = DPI / 72.0
    water = (numpy.abs(img - numpy.array(fill)).sum(axis=2) <= 24)
    out = []
    for g in geoms:
        part = g.Intersection(frame)
        mask = Image.new("1", (img.shape[1], img.shape[0]), 0)
        draw = ImageDraw.Draw(mask)
        polys = []
        if part.GetGeometryType() in (ogr.wkbPolygon, ogr.wkbPolygon25D):
            polys = [part]
        else:
            polys = [part.GetGeometryRef(i)
                     for i in range(part.GetGeometryCount())
                     if part.GetGeometryRef(i).GetGeometryType()
                     in (ogr.wkbPolygon, ogr.wkbPolygon25D)]
        for poly in polys:
            for k in range(poly.GetGeometryCount()):
                ring = poly.GetGeometryRef(k)
                pts = []
                for i in range(ring.GetPointCount()):
                    x, y = ring.GetX(i), ring.GetY(i)
                    c = (x - gt[0]) / gt[1]
                    r = (y - gt[3]) / gt[5]
                    pts.append(((c / sx) * px_per_pt,
                                (r / sy) * px_per_pt))
                if len(pts) >= 3:
                    draw.polygon(pts, fill=1 if k == 0 else 0)
        n = int((numpy.asarray(mask) & water).sum())
        out.append(n * (25.4 / DPI) ** 2)
    return out


def areas_shown(src, fill, specs):
    """For each frame where a named feature of src (lon/lat polygons with
    name_az, name_en) reaches: (spec, path, page, az, en, mm2), mm2 the
    square millimetres of it drawn in the fill colour (water_shown)."""
    ds = ogr.Open(src)  # kept open while its features are read
    feats = []
    for f in ds.GetLayer(0):
        az, en = f.GetField("name_az") or "", f.GetField("name_en") or ""
        if az or en:
            feats.append((az, en, f.GetGeometryRef().Clone()))
    for spec in expand(specs):
        frame, srs, wgs, _, (path, page, *_rest) = frame_geo(spec)
        ct = osr.CoordinateTransformation(wgs, srs)
        geoms = []
        for _, _, g in feats:
            gg = g.Clone()
            gg.Transform(ct)
            geoms.append(gg)
        if not any(g.Intersects(frame) for g in geoms):
            continue
        for (az, en, _), mm2 in zip(feats, water_shown(spec, fill, geoms)):
            yield spec, path, page, az, en, mm2


def lakes(src, style, min_mm2, specs):
    import json
    with open(style) as f:
        hexa = json.load(f)["reference"]["water"]["fill"].lstrip("#")
    fill = [int(hexa[i:i + 2], 16) for i in (0, 2, 4)]
    bad = checked = 0
    texts = {}
    for spec, path, page, az, en, seen in areas_shown(src, fill, specs):
        if seen < min_mm2:
            continue
        if spec not in texts:
            texts[spec] = page_text(path, page)
        checked += 1
        miss = [n for n in (az, en) if n and n not in texts[spec]]
        print("%s: %s / %s, %.0f mm2 of water shown: %s"
              % (spec, az, en, seen,
                 "named" if not miss else "NOT NAMED (%s)"
                 % ", ".join(miss)))
        bad += bool(miss)
    if not checked:
        sys.exit("no frame shows a named lake of %g mm2" % min_mm2)
    return bad


def osm_rivers(path):
    """name -> list of ways (lists of (lon, lat))."""
    root = ET.parse(path).getroot()
    nodes = {n.get("id"): (float(n.get("lon")), float(n.get("lat")))
             for n in root.iter("node")}
    rivers = {}
    for w in root.iter("way"):
        tags = {t.get("k"): t.get("v") for t in w.iter("tag")}
        if tags.get("waterway") != "river" or not tags.get("name"):
            continue
        rivers.setdefault(tags["name"], []).append(
            [nodes[nd.get("ref")] for nd in w.iter("nd")])
        en = tags.get("name:en")
        if en:
            rivers.setdefault(en, []).append(rivers[tags["name"]][-1])
    return rivers


def words(path, page):
    """(text, x0, y0, x1, y1) of every word, PDF points from the top."""
    return [(w[4],) + tuple(w[:4])
            for line in bbox_pages(path)[page - 1][2] for w in line]


def rivers(src, max_mm, specs):
    named = osm_rivers(src)
    if not named:
        sys.exit("%s: no named waterway=river way" % src)
    bad = 0
    for spec in expand(specs):
        frame, srs, wgs, m_per_pt, (path, page, mb, gt, ds) = frame_geo(spec)
        ct = osr.CoordinateTransformation(wgs, srs)
        sx = ds.RasterXSize / (mb[2] - mb[0])
        sy = ds.RasterYSize / (mb[3] - mb[1])
        ws = words(path, page)
        for name, ways in sorted(named.items()):
            # the river on paper, in page points from the top left
            line = ogr.Geometry(ogr.wkbMultiLineString)
            for way in ways:
                ls = ogr.Geometry(ogr.wkbLineString)
                for lon, lat in way:
                    x, y, _ = ct.TransformPoint(lon, lat)
                    c = (x - gt[0]) / gt[1]
                    r = (y - gt[3]) / gt[5]
                    ls.AddPoint_2D(c / sx + mb[0], r / sy)
                line.AddGeometry(ls)
            parts = name.split()
            hits = [w for w in ws if w[0] == parts[0]]
            counts = [sum(1 for w in ws if w[0] == p) for p in parts]
            ok = all(c == 1 for c in counts)
            dist = None
            if len(hits) == 1:
                w = hits[0]
                mid = ogr.Geometry(ogr.wkbPoint)
                mid.AddPoint_2D((w[1] + w[3]) / 2, (w[2] + w[4]) / 2)
                dist = mid.Distance(line) * PT_MM
                ok = ok and dist <= max_mm
            print("%s: %s (%d ways): printed %s times, %s mm from its line "
                  "%s" % (spec, name, len(ways),
                          "/".join(str(c) for c in counts),
                          "-" if dist is None else "%.1f" % dist,
                          "ok" if ok else "FAULT"))
            bad += not ok
    return bad


def main():
    if len(sys.argv) < 5 or sys.argv[1] not in ("lakes", "rivers"):
        sys.exit(__doc__)
    if sys.argv[1] == "lakes":
        bad = lakes(sys.argv[2], sys.argv[3], float(sys.argv[4]),
                    sys.argv[5:])
    else:
        bad = rivers(sys.argv[2], float(sys.argv[3]), sys.argv[4:])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
