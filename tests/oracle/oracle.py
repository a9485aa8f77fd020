"""oracle.py - what kahriz-atlas's outputs should say, worked out from the
survey files alone: Python's csv module, GDAL's OGR and OSR, pyproj's
geodesic (Karney's).  It shares no code, table or constant with lib/; its
rules are the README's:

- a kahriz's visits are ordered by date; two on one date by submission
  time (`submitted_at`), else the worse condition as the later (good,
  fair, poor, dry, collapsed), never by their order in the file; two on
  one date that neither tells apart are "tied" and a value they disagree
  on is not compared;
- the latest visit gives the kahriz's condition, discharge, households,
  rehabilitation; a dry visit counts as 0 l/s when water was written;
- a kahriz lies in the district whose polygon holds its outlet (OGR),
  else it is unassigned;
- per district, region and the country: kahrizes, functioning (latest
  discharge > 0), kahrizes per condition (unassessed: no visit), the
  latest discharges' total and median (of those measured), households
  (latest), galleries' length (the survey's length_m, km), kahrizes per
  100 km² of the area (equal-area: here each polygon in a Lambert
  azimuthal equal-area projection centred on it), rehabilitated (latest
  rehab_status done), the first and last years with a measured discharge
  and the change of the total discharge between them over the kahrizes
  measured in both (a year's discharge: that year's latest measurement);
- a gallery runs from the mother well along the shafts (by seq) to the
  outlet; its length is geodesic on WGS84.
"""
import csv
import math
import os
import statistics

from osgeo import ogr, osr
from pyproj import Geod

ogr.UseExceptions()
osr.UseExceptions()

CONDITIONS = ("good", "fair", "poor", "dry", "collapsed")
COND_WORDS = {"good": "good", "fair": "fair", "poor": "poor", "dry": "dry",
              "collapsed": "collapsed", "yaxşı": "good", "kafi": "fair",
              "pis": "poor", "quru": "dry", "uçmuş": "collapsed",
              "1": "good", "2": "fair", "3": "poor", "4": "dry",
              "5": "collapsed"}
GEOD = Geod(ellps="WGS84")
DRINKABLE = {"yes": "yes", "bəli": "yes", "hə": "yes", "no": "no",
             "xeyr": "no", "yox": "no"}  # anything else: not known


def _wgs84():
    s = osr.SpatialReference()
    s.ImportFromEPSG(4326)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


WGS84 = _wgs84()
_cts = {}


def to_lonlat(x, y, crs):
    if crs not in _cts:
        src = osr.SpatialReference()
        src.SetFromUserInput(crs or "EPSG:4326")
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        _cts[crs] = osr.CoordinateTransformation(src, WGS84)
    lon, lat, _ = _cts[crs].TransformPoint(x, y)
    return lon, lat


def num(s):
    s = (s or "").strip()
    return float(s) if s else None


def year_of(date):
    return int(date[:4])


def iso_date(s):
    s = s.strip()
    if len(s) == 10 and s[2] == "." and s[5] == ".":
        return "%s-%s-%s" % (s[6:], s[3:5], s[:2])
    return s[:10]


def rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


class Survey:
    """A survey directory (kahrizes.csv, assessments.csv, shafts.csv) and
    the districts' GeoJSON, worked out."""

    def __init__(self, directory, districts):
        self.districts = []
        ds = ogr.Open(districts)
        for f in ds.GetLayer(0):
            g = f.GetGeometryRef().Clone()
            self.districts.append({
                "code": f.GetField("code"), "name_az": f.GetField("name_az"),
                "name_en": f.GetField("name_en"),
                "region": f.GetField("region_code"),
                "region_az": f.GetField("region_az"),
                "region_en": f.GetField("region_en"),
                "geom": g, "env": g.GetEnvelope(),
                "area_km2": area_km2(g)})
        self.kahrizes = {}
        for r in rows(os.path.join(directory, "kahrizes.csv")):
            lon, lat = to_lonlat(float(r["x"]), float(r["y"]), r["crs"])
            k = {"id": r["id"].strip(), "name_az": r["name_az"].strip(),
                 "name_en": r["name_en"].strip(),
                 "district_declared": r["district"].strip(),
                 "village_az": r["village_az"].strip(),
                 "village_en": r["village_en"].strip(),
                 "lon": lon, "lat": lat, "head": None,
                 "length_m": num(r["length_m"]), "shafts": num(r["shafts"]),
                 "mother_well_depth_m": num(r["mother_well_depth_m"]),
                 "year_built": num(r["year_built"]),
                 "owner": r["owner"].strip(), "photo": r["photo"].strip(),
                 "visits": [], "shaft_pts": []}
            if num(r["head_x"]) is not None and num(r["head_y"]) is not None:
                k["head"] = to_lonlat(float(r["head_x"]), float(r["head_y"]),
                                      r["crs"])
            k["district"] = self.locate(lon, lat)
            self.kahrizes[k["id"]] = k
        for r in rows(os.path.join(directory, "assessments.csv")):
            cond = COND_WORDS[r["condition"].strip().lower()]
            q = num(r["discharge_l_s"])
            if cond == "dry" and q is not None and q > 0:
                q = 0.0
            self.kahrizes[r["kahriz_id"].strip()]["visits"].append({
                "date": iso_date(r["date"]), "discharge": q,
                "condition": cond,
                "submitted": (r.get("submitted_at") or "").strip(),
                "households": num(r["households_served"]),
                "rehab": r["rehab_status"].strip(),
                "drinkable": DRINKABLE.get(r["drinkable"].strip().lower()),
                "shafts_open": num(r["shafts_open"]),
                "shafts_collapsed": num(r["shafts_collapsed"]),
                "rehab_year": num(r["rehab_year"])})
        spath = os.path.join(directory, "shafts.csv")
        if os.path.exists(spath):
            for r in rows(spath):
                k = self.kahrizes[r["kahriz_id"].strip()]
                k["shaft_pts"].append((int(r["seq"]), to_lonlat(
                    float(r["x"]), float(r["y"]), r["crs"])))
        for k in self.kahrizes.values():
            k["visits"].sort(key=visit_key)
            k["shaft_pts"].sort()

    def locate(self, lon, lat):
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(lon, lat)
        for d in self.districts:
            x0, x1, y0, y1 = d["env"]
            if x0 <= lon <= x1 and y0 <= lat <= y1 and \
                    d["geom"].Contains(pt):
                return d["code"]
        return None


def visit_key(v):
    """Later sorts after: the date, the submission time, the worse
    condition."""
    return (v["date"], v["submitted"], CONDITIONS.index(v["condition"]))


def latest(k):
    """The latest visit, and whether another ties with it (the rule does
    not order them)."""
    vs = k["visits"]
    if not vs:
        return None, False
    tied = len(vs) > 1 and visit_key(vs[-1]) == visit_key(vs[-2])
    return vs[-1], tied


def latest_value(k, field):
    """The latest visit's field, or the string "tied" when visits the
    rule cannot order disagree on it."""
    vs = k["visits"]
    if not vs:
        return None
    key = visit_key(vs[-1])
    values = {repr(v[field]) for v in vs if visit_key(v) == key}
    return vs[-1][field] if len(values) == 1 else "tied"


def area_km2(g):
    """Area of a lon/lat polygon: in a LAEA projection centred on it."""
    c = g.Centroid()
    laea = osr.SpatialReference()
    laea.ImportFromProj4("+proj=laea +lat_0=%.6f +lon_0=%.6f +ellps=WGS84 "
                         "+units=m +no_defs" % (c.GetY(), c.GetX()))
    laea.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    h = g.Clone()
    h.Transform(osr.CoordinateTransformation(WGS84, laea))
    return h.GetArea() / 1e6


def gallery_length_m(k):
    pts = []
    if k["head"]:
        pts.append(k["head"])
    pts += [p for _, p in k["shaft_pts"]]
    if not pts or pts[-1] != (k["lon"], k["lat"]):
        pts.append((k["lon"], k["lat"]))
    if len(pts) < 2:
        return None
    total = 0.0
    for (a, b), (c, d) in zip(pts, pts[1:]):
        total += GEOD.inv(a, b, c, d)[2]
    return total


def year_discharge(k, year):
    """A kahriz's discharge in a year: that year's latest measurement
    ("tied" when the rule cannot tell it)."""
    vs = [v for v in k["visits"] if year_of(v["date"]) == year and
          v["discharge"] is not None]
    if not vs:
        return None
    last = visit_key(vs[-1])
    values = {v["discharge"] for v in vs if visit_key(v) == last}
    return vs[-1]["discharge"] if len(values) == 1 else "tied"


def aggregate(members, area):
    """The statistics row of a set of kahrizes; "tied" where a value
    rests on visits the rule does not order."""
    r = {"kahrizes": len(members), "functioning": 0,
         "discharge_l_s_total": 0.0, "households_served": 0,
         "length_km": 0.0, "rehabilitated": 0, "unassessed": 0,
         "area_km2": area}
    for c in CONDITIONS:
        r[c] = 0
    qs = []
    tied = set()
    for k in members:
        if k["length_m"] is not None:
            r["length_km"] += k["length_m"] / 1000
        if not k["visits"]:
            r["unassessed"] += 1
            continue
        cond = latest_value(k, "condition")
        q = latest_value(k, "discharge")
        hh = latest_value(k, "households")
        rehab = latest_value(k, "rehab")
        if "tied" in (cond, q, hh, rehab):
            tied.add(k["id"])
            continue
        r[cond] += 1
        if q is not None:
            qs.append(q)
            r["discharge_l_s_total"] += q
            r["functioning"] += q > 0
        if hh is not None and hh > 0:
            r["households_served"] += int(hh)
        r["rehabilitated"] += rehab == "done"
    r["discharge_l_s_median"] = statistics.median(qs) if qs else None
    r["density_per_100km2"] = 100 * len(members) / area if area else None
    years = [year_of(v["date"]) for k in members for v in k["visits"]
             if v["discharge"] is not None]
    r["first_year"] = min(years) if years else None
    r["last_year"] = max(years) if years else None
    r["discharge_change_l_s"] = None
    if years and r["first_year"] != r["last_year"]:
        a = b = 0.0
        both = 0
        for k in members:
            x = year_discharge(k, r["first_year"])
            y = year_discharge(k, r["last_year"])
            if "tied" in (x, y):
                tied.add(k["id"])
            elif x is not None and y is not None:
                a += x
                b += y
                both += 1
        if both:
            r["discharge_change_l_s"] = b - a
    r["tied"] = tied
    return r


def stats(sv, by="district"):
    """code -> statistics row, as `stats --by BY` gives them, with the
    UNASSIGNED and TOTAL rows."""
    out = {}
    ks = list(sv.kahrizes.values())
    if by == "district":
        for d in sv.districts:
            m = [k for k in ks if k["district"] == d["code"]]
            out[d["code"]] = dict(aggregate(m, d["area_km2"]),
                                  name_az=d["name_az"], name_en=d["name_en"],
                                  region=d["region"])
    else:
        regions = {}
        for d in sv.districts:
            regions.setdefault(d["region"], []).append(d)
        for code, ds in regions.items():
            u = ds[0]["geom"].Clone()
            for d in ds[1:]:
                u = u.Union(d["geom"])
            codes = {d["code"] for d in ds}
            m = [k for k in ks if k["district"] in codes]
            out[code] = dict(aggregate(m, area_km2(u)),
                             name_az=ds[0]["region_az"],
                             name_en=ds[0]["region_en"], region=code)
    out["UNASSIGNED"] = dict(
        aggregate([k for k in ks if k["district"] is None], 0),
        name_az=None, name_en=None, region="")
    total = None
    for d in sv.districts:
        total = d["geom"].Clone() if total is None else total.Union(d["geom"])
    out["TOTAL"] = dict(aggregate(ks, area_km2(total) if total else 0),
                        name_az=None, name_en=None, region="")
    return out
