#!/usr/bin/env python3
"""check_context.py - the context layers cover every map frame: for each
PDF map page given (one with a single geospatial viewport), the frame's
ground extent, from the georeferencing GDAL reads from the page's /VP
/Measure and the viewport's /BBox (qpdf), densified along its edges and
turned into longitude/latitude, must lie within the union of the
neighbouring countries, the sea and the districts (less than 1e-6 of the
frame's area left over, GEOS through OGR).  Nothing is taken from the
renderer but the PDF.

Prints one line per frame and exits 1 when any frame is not covered.

usage: check_context.py neighbours.geojson sea.geojson districts.geojson
                        MAP.pdf[:PAGE|:all] ...
(":all": every page of the file with one viewport, as an atlas's map pages)
"""
import json
import subprocess
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()


def union_of(paths):
    mp = ogr.Geometry(ogr.wkbMultiPolygon)
    keep = []
    for path in paths:
        ds = ogr.Open(path)
        keep.append(ds)
        for f in ds.GetLayer(0):
            g = f.GetGeometryRef()
            for i in range(g.GetGeometryCount()):
                mp.AddGeometry(g.GetGeometryRef(i))
    return mp.UnionCascaded()


_pdfs = {}


def pdf_json(path):
    if path not in _pdfs:
        _pdfs[path] = json.loads(subprocess.run(
            ["qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf",
             path], capture_output=True, check=True).stdout)
    return _pdfs[path]


def obj_of(j):
    objs = j["qpdf"][1]

    def obj(r):
        if isinstance(r, str) and r.endswith(" R"):
            return objs["obj:" + r]["value"]
        return r
    return obj


def single_viewport_pages(path):
    j = pdf_json(path)
    obj = obj_of(j)
    return [i + 1 for i, p in enumerate(j["pages"])
            if len(obj(obj(p["object"]).get("/VP", []))) == 1]


def viewport(path, page):
    """MediaBox and the single /VP /BBox of a page (PDF units)."""
    j = pdf_json(path)
    obj = obj_of(j)
    pg = obj(j["pages"][page - 1]["object"])
    vps = obj(pg.get("/VP", []))
    if len(vps) != 1:
        sys.exit("%s page %d: %d viewports, expected one"
                 % (path, page, len(vps)))
    mb = [float(v) for v in obj(pg["/MediaBox"])]
    bb = [float(v) for v in obj(obj(vps[0])["/BBox"])]
    return mb, (min(bb[0], bb[2]), min(bb[1], bb[3]), max(bb[0], bb[2]),
                max(bb[1], bb[3]))


def frame_lonlat(spec):
    path, _, page = spec.partition(":")
    page = int(page) if page else 1
    mb, bb = viewport(path, page)
    ds = gdal.Open("PDF:%d:%s" % (page, path))
    gt = ds.GetGeoTransform()
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(srs, wgs)
    # the viewport's corners in GDAL's pixels of the whole page
    sx = ds.RasterXSize / (mb[2] - mb[0])
    sy = ds.RasterYSize / (mb[3] - mb[1])
    c0, c1 = (bb[0] - mb[0]) * sx, (bb[2] - mb[0]) * sx
    r0, r1 = (mb[3] - bb[3]) * sy, (mb[3] - bb[1]) * sy
    ring = ogr.Geometry(ogr.wkbLinearRing)
    n = 64
    corners = [(c0, r0), (c1, r0), (c1, r1), (c0, r1)]
    for k in range(4):
        (c0, r0), (c1, r1) = corners[k], corners[(k + 1) % 4]
        for i in range(n):
            t = i / n
            c, r = c0 + t * (c1 - c0), r0 + t * (r1 - r0)
            x = gt[0] + c * gt[1] + r * gt[2]
            y = gt[3] + c * gt[4] + r * gt[5]
            lon, lat, _ = ct.TransformPoint(x, y)
            ring.AddPoint_2D(lon, lat)
    ring.CloseRings()
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    cover = union_of(sys.argv[1:4])
    bad = 0
    specs = []
    for spec in sys.argv[4:]:
        path, _, page = spec.partition(":")
        if page == "all":
            specs += ["%s:%d" % (path, p)
                      for p in single_viewport_pages(path)]
        else:
            specs.append(spec)
    if not specs:
        sys.exit("no map frame to check")
    for spec in specs:
        frame = frame_lonlat(spec)
        left = frame.Difference(cover).GetArea()
        env = frame.GetEnvelope()
        ok = left <= 1e-6 * frame.GetArea()
        print("%s: frame %.2f-%.2f E, %.2f-%.2f N, uncovered %.3g deg2 %s"
              % (spec, env[0], env[1], env[2], env[3], left,
                 "ok" if ok else "FAULT"))
        bad += not ok
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
