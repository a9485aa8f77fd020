#!/usr/bin/env python3
"""check_gpkg.py - every column of the partners' GeoPackage against the
oracle (oracle.py, from the survey files alone), read with OGR.

usage: check_gpkg.py SURVEY_DIR DISTRICTS FILE.gpkg

- kahrizes: every survey attribute as given (the English name, when none
  was given, derived and flagged), the district the oracle finds, lon/lat
  and the point to 1e-9 degrees, the number of visits and every last_*
  column from the latest visit by the README's rule;
- assessments: one row per visit, every column as given (dates as ISO);
- shafts: one point per shaft, at its position, by kahriz and seq;
- galleries: one line per kahriz with a mother well or shafts, its
  shafts, schematic flag and geodesic length (to 0.01 %);
- districts and regions: every statistics column, as check_stats.py
  compares them.

A difference names the layer, the feature and the column with both
values; exits 1 on any.
"""
import os
import sys

from osgeo import ogr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_stats  # noqa: E402
import oracle  # noqa: E402

ogr.UseExceptions()
bad = 0


def fault(layer, key, col, got, want):
    global bad
    bad += 1
    print("%s: %s, %s: %r, the oracle %r" % (layer, key, col, got, want))


def same(got, want, tol=0.0):
    if want is None or want == "":
        return got is None or got == ""
    if got is None:
        return False
    if isinstance(want, float) or tol:
        return abs(float(got) - float(want)) <= tol * max(1, abs(want))
    return got == want


def features(ds, name):
    lyr = ds.GetLayerByName(name)
    if lyr is None:
        fault(name, "layer", "-", None, "present")
        return []
    out = []
    for f in lyr:
        d = {lyr.GetLayerDefn().GetFieldDefn(i).GetName():
             (f.GetField(i) if f.IsFieldSet(i) and not f.IsFieldNull(i)
              else None)
             for i in range(f.GetFieldCount())}
        g = f.GetGeometryRef()
        d["_geom"] = g.Clone() if g else None
        out.append(d)
    return out


def as_int(v):
    return None if v is None else int(v)


def kahrizes(sv, ds):
    seen = set()
    for f in features(ds, "kahrizes"):
        kid = f["id"]
        k = sv.kahrizes.get(kid)
        if k is None:
            fault("kahrizes", kid, "id", kid, "no such kahriz")
            continue
        seen.add(kid)
        want = {"name_az": k["name_az"], "district": k["district"],
                "district_declared": k["district_declared"] or None,
                "village_az": k["village_az"] or None,
                "village_en": k["village_en"] or None,
                "length_m": k["length_m"],
                "shafts": as_int(k["shafts"]),
                "mother_well_depth_m": k["mother_well_depth_m"],
                "year_built": as_int(k["year_built"]),
                "owner": k["owner"] or None, "photo": k["photo"] or None,
                "assessments": len(k["visits"]),
                "name_en_derived": 0 if k["name_en"] else 1}
        if k["name_en"]:
            want["name_en"] = k["name_en"]
        elif not f["name_en"]:
            fault("kahrizes", kid, "name_en", f["name_en"], "derived")
        for col, w in want.items():
            if not same(f[col], w):
                fault("kahrizes", kid, col, f[col], w)
        for col, w in (("lon", k["lon"]), ("lat", k["lat"]),
                       ("head_lon", k["head"][0] if k["head"] else None),
                       ("head_lat", k["head"][1] if k["head"] else None)):
            if not same(f[col], w, 1e-9):
                fault("kahrizes", kid, col, f[col], w)
        g = f["_geom"]
        if g is None or abs(g.GetX() - k["lon"]) > 1e-9 or \
                abs(g.GetY() - k["lat"]) > 1e-9:
            fault("kahrizes", kid, "geometry", g and g.ExportToWkt(),
                  (k["lon"], k["lat"]))
        last = {"last_date": "date", "last_discharge_l_s": "discharge",
                "last_condition": "condition", "last_drinkable": "drinkable",
                "last_households_served": "households",
                "last_shafts_open": "shafts_open",
                "last_shafts_collapsed": "shafts_collapsed",
                "last_rehab_status": "rehab", "last_rehab_year": "rehab_year"}
        for col, field in last.items():
            w = oracle.latest_value(k, field)
            if w == "tied":
                continue
            got = f[col]
            if col == "last_date" and got:
                got = got.replace("/", "-")
            if isinstance(w, float) and col != "last_discharge_l_s":
                w = int(w)
            if w == "":
                w = None
            if not same(got, w):
                fault("kahrizes", kid, col, got, w)
    for kid in sorted(set(sv.kahrizes) - seen):
        fault("kahrizes", kid, "feature", None, "present")


def assessments(sv, ds):
    def key(kid, date, q, cond, sub):
        return (kid, date, -1.0 if q is None else round(float(q), 6), cond,
                sub or "")
    want = sorted(key(k["id"], v["date"], v["discharge"], v["condition"],
                      v["submitted"])
                  for k in sv.kahrizes.values() for v in k["visits"])
    got = sorted(key(f["kahriz_id"], (f["date"] or "").replace("/", "-"),
                     f["discharge_l_s"], f["condition"], f["submitted_at"])
                 for f in features(ds, "assessments"))
    for a, b in zip(got, want):
        if a != b:
            fault("assessments", a[0], "row", a, b)
            break
    if len(got) != len(want):
        fault("assessments", "-", "rows", len(got), len(want))


def shafts(sv, ds):
    got = {}
    for f in features(ds, "shafts"):
        g = f["_geom"]
        got[(f["kahriz_id"], f["seq"])] = (g.GetX(), g.GetY())
    n = 0
    for k in sv.kahrizes.values():
        for seq, (lon, lat) in k["shaft_pts"]:
            n += 1
            p = got.get((k["id"], seq))
            if p is None or abs(p[0] - lon) > 1e-9 or abs(p[1] - lat) > 1e-9:
                fault("shafts", "%s #%d" % (k["id"], seq), "geometry", p,
                      (lon, lat))
    if len(got) != n:
        fault("shafts", "-", "features", len(got), n)


def galleries(sv, ds):
    got = {f["kahriz_id"]: f for f in features(ds, "galleries")}
    for k in sv.kahrizes.values():
        if not k["head"] and not k["shaft_pts"]:
            if k["id"] in got:
                fault("galleries", k["id"], "feature", "present",
                      "none (no mother well, no shaft)")
            continue
        f = got.get(k["id"])
        if f is None:
            fault("galleries", k["id"], "feature", None, "present")
            continue
        want = oracle.gallery_length_m(k)
        if not same(f["length_m"], want, 1e-4):
            fault("galleries", k["id"], "length_m", f["length_m"], want)
        if f["shafts"] != len(k["shaft_pts"]):
            fault("galleries", k["id"], "shafts", f["shafts"],
                  len(k["shaft_pts"]))
        if f["schematic"] != (0 if k["shaft_pts"] else 1):
            fault("galleries", k["id"], "schematic", f["schematic"],
                  0 if k["shaft_pts"] else 1)


def areas(sv, ds):
    global bad
    for layer, by in (("districts", "district"), ("regions", "region")):
        rows = [dict((c, v) for c, v in f.items() if c != "_geom")
                for f in features(ds, layer)]
        expect = oracle.stats(sv, by)
        # the layers hold the districts and regions, not the two summary
        # rows
        del expect["TOTAL"], expect["UNASSIGNED"]
        b, _ = check_stats.compare(layer, rows, expect)
        bad += b


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sv = oracle.Survey(sys.argv[1], sys.argv[2])
    ds = ogr.Open(sys.argv[3])
    kahrizes(sv, ds)
    assessments(sv, ds)
    shafts(sv, ds)
    galleries(sv, ds)
    areas(sv, ds)
    print("%s: %d kahrizes, %d differences" % (sys.argv[3],
                                               len(sv.kahrizes), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
