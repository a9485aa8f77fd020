#!/usr/bin/env python3
"""gen_survey.py - a random survey that breaks the fixtures' habits.

usage: gen_survey.py SEED N DISTRICTS OUTDIR [sorted|shuffled|reversed]

Writes OUTDIR/kahrizes.csv, assessments.csv and shafts.csv: N kahrizes at
random points inside random districts of DISTRICTS (some districts get
one kahriz alone), in WGS84 or their UTM zone; 0 to 6 visits each, with
two or more in one year, two on one day (told apart by the condition,
worse later, or by submission time), dry visits with water written,
conditions in English, Azerbaijani or as 1-5, dates as ISO or
DD.MM.YYYY; names at 200 characters; shafts for some, numbered from the
mother well.  The same SEED gives the same survey; the last argument
orders its rows and columns: as generated, shuffled (by the seed) or
reversed.
Every row is valid: `validate` must use them all.
"""
import csv
import os
import random
import sys

from osgeo import ogr, osr

ogr.UseExceptions()
LETTERS = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
CONDS = {"good": ("good", "yaxşı", "1"), "fair": ("fair", "kafi", "2"),
         "poor": ("poor", "pis", "3"), "dry": ("dry", "quru", "4"),
         "collapsed": ("collapsed", "uçmuş", "5")}
ORDER = ("good", "fair", "poor", "dry", "collapsed")
KHEAD = ["id", "name_az", "name_en", "district", "village_az",
         "village_en", "x", "y", "crs", "head_x", "head_y", "length_m",
         "shafts", "mother_well_depth_m", "year_built", "owner", "photo"]
AHEAD = ["kahriz_id", "date", "discharge_l_s", "condition", "drinkable",
         "households_served", "shafts_open", "shafts_collapsed",
         "rehab_status", "rehab_year", "notes_az", "notes_en", "assessor",
         "submitted_at"]
SHEAD = ["kahriz_id", "seq", "x", "y", "crs", "depth_m"]


def word(rng, n):
    return "".join(rng.choice(LETTERS) for _ in range(n)).capitalize()


def utm(lon, lat, zone):
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    u = osr.SpatialReference()
    u.ImportFromEPSG(32600 + zone)
    u.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    x, y, _ = osr.CoordinateTransformation(wgs, u).TransformPoint(lon, lat)
    return "%.2f" % x, "%.2f" % y, "EPSG:%d" % (32600 + zone)


def point_in(rng, g):
    """A point well inside g and inside the box the readers take for
    Azerbaijan (a district's offshore part may reach beyond it)."""
    x0, x1, y0, y1 = g.GetEnvelope()
    x0, x1 = max(x0, 44.8), min(x1, 50.6)
    y0, y1 = max(y0, 38.4), min(y1, 41.9)
    while True:
        lon, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(lon, lat)
        # well inside: a point on the boundary is no test of the rule
        if g.Contains(p) and g.Boundary().Distance(p) > 0.002:
            return lon, lat


def date(rng, y, m, d):
    if rng.random() < 0.2:
        return "%02d.%02d.%04d" % (d, m, y)
    return "%04d-%02d-%02d" % (y, m, d)


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    seed, n, dpath, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], \
        sys.argv[4]
    order = sys.argv[5] if len(sys.argv) == 6 else "sorted"
    rng = random.Random(seed)
    ds = ogr.Open(dpath)
    districts = [(f.GetField("code"), f.GetGeometryRef().Clone())
                 for f in ds.GetLayer(0)]
    # most kahrizes in a few districts, a few alone in theirs
    crowded = rng.sample(districts, min(6, len(districts)))
    alone = [d for d in districts if d not in crowded]
    alone = rng.sample(alone, min(4, len(alone)))
    ks, vs, ss = [], [], []
    for i in range(n):
        kid = "G-%05d" % (i + 1)
        code, g = alone[i] if i < len(alone) else rng.choice(crowded)
        lon, lat = point_in(rng, g)
        name = word(rng, rng.randint(3, 9)) + " kəhrizi"
        if i % 97 == 5:
            name = (word(rng, 30) + " ") * 6
            name = name[:192] + " kəhrizi"  # 200 characters
        en = name.replace(" kəhrizi", " kahriz") if rng.random() < 0.7 \
            else ""
        village = word(rng, rng.randint(4, 8))
        built = rng.randint(1700, 1990)
        head = None
        nshaft = rng.choice((0, 0, 3, 6, 12))
        if rng.random() < 0.8:
            head = (lon + rng.uniform(-0.02, 0.02),
                    lat + rng.uniform(-0.02, 0.02))
        if rng.random() < 0.5:
            x, y, crs = "%.6f" % lon, "%.6f" % lat, "EPSG:4326"
            hx, hy = ("%.6f" % head[0], "%.6f" % head[1]) if head else \
                ("", "")
        else:
            # the mother well in the outlet's zone: one crs per row
            zone = 38 if lon < 48 else 39
            x, y, crs = utm(lon, lat, zone)
            hx, hy = utm(head[0], head[1], zone)[:2] if head else ("", "")
        ks.append([kid, name, en, code if rng.random() < 0.8 else "",
                   village, village if rng.random() < 0.5 else "", x, y,
                   crs, hx, hy, "%d" % rng.randint(300, 9000),
                   str(nshaft or rng.randint(5, 40)),
                   "%.1f" % rng.uniform(5, 60), str(built),
                   rng.choice(("icma", "dövlət", "")), ""])
        if head and nshaft:
            for s in range(nshaft):
                t = (s + 1) / (nshaft + 1)
                sx = head[0] + (lon - head[0]) * t + rng.uniform(-1e-4, 1e-4)
                sy = head[1] + (lat - head[1]) * t + rng.uniform(-1e-4, 1e-4)
                ss.append([kid, str(s + 1), "%.6f" % sx, "%.6f" % sy,
                           "EPSG:4326", "%.1f" % rng.uniform(3, 50)])
        nvis = 0 if i % 41 == 7 else rng.randint(1, 6)
        years = sorted(rng.randint(2005, 2025) for _ in range(nvis))
        for j, y in enumerate(years):
            m, d = rng.randint(1, 12), rng.randint(1, 28)
            cond = rng.choice(ORDER)
            q = "" if rng.random() < 0.1 else "%.2f" % rng.uniform(0, 25)
            if cond in ("dry", "collapsed") and rng.random() < 0.7:
                q = "0"
            sub = ""
            rows = [[cond, q, sub]]
            if rng.random() < 0.15:
                # a second visit on the same day: a worse condition, or
                # the same one told apart by the submission time
                c2 = rng.choice(ORDER[ORDER.index(cond):])
                q2 = "%.2f" % rng.uniform(0, 25)
                if c2 == cond:
                    rows = [[cond, q, "%04d-%02d-%02dT09:00:00" % (y, m, d)],
                            [c2, q2, "%04d-%02d-%02dT15:30:00" % (y, m, d)]]
                else:
                    rows.append([c2, q2, ""])
            for cond, q, sub in rows:
                vs.append([kid, date(rng, y, m, d), q,
                           rng.choice(CONDS[cond]),
                           rng.choice(("yes", "no", "")),
                           str(rng.randint(0, 80)), "", "",
                           rng.choice(("none", "none", "planned", "ongoing",
                                       "done")),
                           "", "", "", "Test", sub])
    for rows in (ks, vs, ss):
        if order == "shuffled":
            random.Random(seed + len(rows)).shuffle(rows)
        elif order == "reversed":
            rows.reverse()
    os.makedirs(out, exist_ok=True)
    for name, head, rows in (("kahrizes.csv", KHEAD, ks),
                             ("assessments.csv", AHEAD, vs),
                             ("shafts.csv", SHEAD, ss)):
        # the columns too: a spreadsheet or a form export has its own order
        cols = list(range(len(head)))
        if order == "shuffled":
            random.Random(seed - len(head)).shuffle(cols)
        elif order == "reversed":
            cols.reverse()
        with open(os.path.join(out, name), "w", newline="",
                  encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow([head[c] for c in cols])
            w.writerows([[r[c] for c in cols] for r in rows])


if __name__ == "__main__":
    main()
