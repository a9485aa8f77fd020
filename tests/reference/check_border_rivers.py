#!/usr/bin/python3
"""Check that the Araz of data/rivers.geojson lies on the state border of
data/districts.geojson where it forms that border.

Usage: check_border_rivers.py DATA_DIR

Everything is measured in metres in a Lambert azimuthal equal-area plane
centred at 47 E 40 N (scale error below 0.1 % over Azerbaijan), with OGR
and GEOS only; the script shares no code with scripts/make-reference.

The land border is the outline of the union of the districts less the
parts on the Caspian (data/sea.geojson).  Of it, the stretches that Iran
or Türkiye share (data/neighbours.geojson) are checked, for Nakhchivan and
for the mainland separately:

  1. every point of the Araz (every 50 m) within 5 km of the stretch, and
     whose nearest point on it is not one of its ends (a river going on
     beyond a corner of the border), lies within 15 m of it;
  2. the stretch between its first and its last point on the Araz (within
     15 m) is covered by the Araz: each of its points (every 50 m) lies
     within 15 m of the river;
  3. the Araz does not enter Sədərək or Ordubad by more than 15 m.

15 m is 0.3 mm at 1:50 000, the largest scale of a district page.
Prints the largest distances; exit status 0 when all hold, otherwise 1.
"""

import os
import sys

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

TOL_M = 15.0
NEAR_M = 5000.0
STEP_M = 50.0
NAKHCHIVAN = ("AZ-BAB", "AZ-CUL", "AZ-KAN", "AZ-NV", "AZ-ORD", "AZ-SAD",
              "AZ-SAH", "AZ-SAR")
INSIDE = ("AZ-SAD", "AZ-ORD")


def plane():
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ea = osr.SpatialReference()
    ea.ImportFromProj4("+proj=laea +lat_0=40 +lon_0=47 +ellps=WGS84 "
                       "+units=m +no_defs")
    return osr.CoordinateTransformation(wgs, ea)


def read(path, tr):
    """[(properties, geometry in the plane)] of a GeoJSON file."""
    ds = ogr.Open(path)
    out = []
    for f in ds.GetLayer(0):
        g = f.GetGeometryRef().Clone()
        g.Transform(tr)
        out.append((f.items(), g))
    return out


def union(geoms):
    coll = ogr.Geometry(ogr.wkbMultiPolygon)
    for g in geoms:
        if g.GetGeometryType() == ogr.wkbMultiPolygon:
            for i in range(g.GetGeometryCount()):
                coll.AddGeometry(g.GetGeometryRef(i))
        else:
            coll.AddGeometry(g)
    return coll.UnionCascaded()


def points(line_geom):
    """The vertices of a (multi)line after adding a point every STEP_M."""
    g = line_geom.Clone()
    g.Segmentize(STEP_M)
    out = []
    parts = [g] if g.GetGeometryCount() == 0 else \
        [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
    for p in parts:
        out.extend(p.GetPoint_2D(i) for i in range(p.GetPointCount()))
    return out


def pt(xy):
    p = ogr.Geometry(ogr.wkbPoint)
    p.AddPoint_2D(*xy)
    return p


def line_parts(g):
    if g.GetGeometryType() in (ogr.wkbLineString, ogr.wkbLineString25D):
        return [g]
    return [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "data")
    tr = plane()
    districts = read(os.path.join(data, "districts.geojson"), tr)
    sea = read(os.path.join(data, "sea.geojson"), tr)[0][1]
    neighbours = read(os.path.join(data, "neighbours.geojson"), tr)
    rivers = read(os.path.join(data, "rivers.geojson"), tr)

    araz = ogr.Geometry(ogr.wkbMultiLineString)
    for props, g in rivers:
        if props["name_az"] == "Araz":
            for p in line_parts(g):
                araz.AddGeometry(p)
    if araz.IsEmpty():
        print("FAIL: no Araz in rivers.geojson")
        return 1
    # the Iran/Türkiye border zone: the neighbours' outlines, widened by 1 m
    ir_tr = union([g for p, g in neighbours if p["iso_a3"] in ("IRN", "TUR")])
    zone = ir_tr.GetBoundary().Buffer(1.0)
    seazone = sea.Buffer(1.0)

    failures = []
    worst = {}
    for region, codes in (("Nakhchivan", NAKHCHIVAN), ("mainland", None)):
        part = union([g for p, g in districts if
                      (p["code"] in codes if codes else
                       p["code"] not in NAKHCHIVAN)])
        stretch = part.GetBoundary().Difference(seazone).Intersection(zone)
        stretch = stretch.Intersection(stretch)  # tidy
        ends = []
        for ln in line_parts(stretch):
            if ln.GetPointCount() >= 2:
                ends.append(ln.GetPoint_2D(0))
                ends.append(ln.GetPoint_2D(ln.GetPointCount() - 1))
        # 1. river points near the stretch lie on it
        far = 0.0
        on = []
        for xy in points(araz):
            p = pt(xy)
            d = p.Distance(stretch)
            if d > NEAR_M:
                continue
            if d <= TOL_M:
                on.append(xy)
                continue
            # a point whose nearest border point is an end of the stretch
            # lies beyond it (the river going on past a corner)
            if any(abs(p.Distance(pt(e)) - d) < 1e-6 for e in ends):
                continue
            far = max(far, d)
        worst[region + " river->border"] = far
        if far > TOL_M:
            failures.append("%s: an Araz point %.0f m from the border "
                            "(within %.0f km of it)" % (region, far,
                                                        NEAR_M / 1000))
        # 2. the border between the first and the last of its points that
        # lie on the river (each line of the stretch in its own order)
        gap = 0.0
        if not on:
            failures.append("%s: no Araz point on the border" % region)
        for ln in line_parts(stretch):
            dist = [pt(xy).Distance(araz) for xy in points(ln)]
            covered = [i for i, d in enumerate(dist) if d <= TOL_M]
            if covered:
                gap = max([gap] + dist[covered[0]:covered[-1] + 1])
        worst[region + " border->river"] = gap
        if gap > TOL_M:
            failures.append("%s: a border point between the Araz's first "
                            "and last points on it lies %.0f m from the "
                            "river" % (region, gap))
    # 3. not inside Sədərək or Ordubad
    for props, g in districts:
        if props["code"] in INSIDE:
            inner = g.Buffer(-TOL_M)
            inside = araz.Intersection(inner).Length()
            deepest = 0.0
            if inside > 0:
                boundary = g.GetBoundary()
                for xy in points(araz):
                    p = pt(xy)
                    if p.Within(g):
                        deepest = max(deepest, p.Distance(boundary))
            worst["inside " + props["code"]] = deepest
            if inside > 0:
                failures.append("%s: %.0f m of the Araz lie inside, up to "
                                "%.0f m from its boundary"
                                % (props["code"], inside, deepest))
    for k in sorted(worst):
        print("%-28s %8.1f m" % (k, worst[k]))
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
