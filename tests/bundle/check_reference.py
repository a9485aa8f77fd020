#!/usr/bin/python3
"""Check the bundled reference layers data/rivers.geojson, lakes.geojson
and towns.geojson, read with OGR.

Usage: check_reference.py DATA_DIR GROUP
  valid     every feature a valid geometry of its layer's type, inside the
            context frame lon 42..54, lat 35..46, attributes present
  names     every town named in both languages; no English name of any
            layer with Azerbaijani letters; prints "name_az<TAB>name_en"
            for the caller to check against the library's transliteration
  centres   the seat of every district of data/districts.geojson is a town,
            and lies in (or within 6 km of) its district
  facts     facts worked out by hand, independent of the script
Exit status 0 when all hold; otherwise 1, with one line per failure.
"""

import math
import sys

from osgeo import ogr

ogr.UseExceptions()

NOT_EN = set("İıəƏşŞçÇğĞöÖüÜ")
FRAME = (42.0, 35.0, 54.0, 46.0)

# Seat of each of the 77 districts and cities (ISO 3166-2:AZ), as the
# district pages of the Azerbaijani government and encyclopaedias give
# them: renamed seats under their current names (Xırdalan for Abşeron,
# Qıvraq for Kəngərli, Heydərabad for Sədərək, Şabran, Göygöl...).
CENTRES = {
    "AZ-ABS": "Xırdalan", "AZ-AGA": "Ağstafa", "AZ-AGC": "Ağcabədi",
    "AZ-AGM": "Ağdam", "AZ-AGS": "Ağdaş", "AZ-AGU": "Ağsu",
    "AZ-AST": "Astara", "AZ-BA": "Bakı", "AZ-BAB": "Babək",
    "AZ-BAL": "Balakən", "AZ-BAR": "Bərdə", "AZ-BEY": "Beyləqan",
    "AZ-BIL": "Biləsuvar", "AZ-CAB": "Cəbrayıl", "AZ-CAL": "Cəlilabad",
    "AZ-CUL": "Culfa", "AZ-DAS": "Daşkəsən", "AZ-FUZ": "Füzuli",
    "AZ-GA": "Gəncə", "AZ-GAD": "Gədəbəy", "AZ-GOR": "Goranboy",
    "AZ-GOY": "Göyçay", "AZ-GYG": "Göygöl", "AZ-HAC": "Hacıqabul",
    "AZ-IMI": "İmişli", "AZ-ISM": "İsmayıllı", "AZ-KAL": "Kəlbəcər",
    "AZ-KAN": "Qıvraq", "AZ-KUR": "Kürdəmir", "AZ-LA": "Lənkəran",
    "AZ-LAC": "Laçın", "AZ-LAN": "Lənkəran", "AZ-LER": "Lerik",
    "AZ-MAS": "Masallı", "AZ-MI": "Mingəçevir", "AZ-NA": "Naftalan",
    "AZ-NEF": "Neftçala", "AZ-NV": "Naxçıvan", "AZ-OGU": "Oğuz",
    "AZ-ORD": "Ordubad", "AZ-QAB": "Qəbələ", "AZ-QAX": "Qax",
    "AZ-QAZ": "Qazax", "AZ-QBA": "Quba", "AZ-QBI": "Qubadlı",
    "AZ-QOB": "Qobustan", "AZ-QUS": "Qusar", "AZ-SA": "Şəki",
    "AZ-SAB": "Sabirabad", "AZ-SAD": "Heydərabad", "AZ-SAH": "Şahbuz",
    "AZ-SAK": "Şəki", "AZ-SAL": "Salyan", "AZ-SAR": "Şərur",
    "AZ-SAT": "Saatlı", "AZ-SBN": "Şabran", "AZ-SIY": "Siyəzən",
    "AZ-SKR": "Şəmkir", "AZ-SM": "Sumqayıt", "AZ-SMI": "Şamaxı",
    "AZ-SMX": "Samux", "AZ-SR": "Şirvan", "AZ-SUS": "Şuşa",
    "AZ-TAR": "Tərtər", "AZ-TOV": "Tovuz", "AZ-UCA": "Ucar",
    "AZ-XA": "Xankəndi", "AZ-XAC": "Xaçmaz", "AZ-XCI": "Xocalı",
    "AZ-XIZ": "Xızı", "AZ-XVD": "Xocavənd", "AZ-YAR": "Yardımlı",
    "AZ-YE": "Yevlax", "AZ-YEV": "Yevlax", "AZ-ZAN": "Zəngilan",
    "AZ-ZAQ": "Zaqatala", "AZ-ZAR": "Zərdab",
}

failures = []


def fail(msg):
    failures.append(msg)


def layer(data, name):
    ds = ogr.Open("%s/%s.geojson" % (data, name))
    lyr = ds.GetLayer(0)
    feats = [f for f in lyr]
    return ds, feats


def spherical_area_km2(ring):
    """Area of a lon/lat ring on the authalic sphere (R 6371.007 km), by
    the trapezoid formula of spherical excess (Chamberlain & Duquette,
    JPL 2007); independent of PROJ."""
    r = 6371.0072
    s = 0.0
    n = len(ring)
    for i in range(n):
        lo1, la1 = ring[i]
        lo2, la2 = ring[(i + 1) % n]
        s += math.radians(lo2 - lo1) * (2 + math.sin(math.radians(la1)) +
                                        math.sin(math.radians(la2)))
    return abs(s * r * r / 2.0)


def points(g):
    return [g.GetPoint_2D(i) for i in range(g.GetPointCount())]


def check_valid(data):
    kinds = {"rivers": ("LINESTRING", "MULTILINESTRING"),
             "lakes": ("POLYGON",), "towns": ("POINT",)}
    for name, want in sorted(kinds.items()):
        ds, feats = layer(data, name)
        if not feats:
            fail("%s: no features" % name)
        for i, f in enumerate(feats):
            g = f.GetGeometryRef()
            what = "%s feature %d (%s)" % (name, i, f.GetField("name_az"))
            if g is None or g.IsEmpty():
                fail("%s: no geometry" % what)
                continue
            if g.GetGeometryName() not in want:
                fail("%s: %s" % (what, g.GetGeometryName()))
            if not g.IsValid():
                fail("%s: invalid geometry" % what)
            x0, x1, y0, y1 = g.GetEnvelope()
            if x0 < FRAME[0] or x1 > FRAME[2] or y0 < FRAME[1] or \
                    y1 > FRAME[3]:
                fail("%s: outside lon 42..54, lat 35..46" % what)
            cls = f.GetField("class")
            if cls is None or not 0 <= cls <= 3:
                fail("%s: class %r" % (what, cls))
            if name == "rivers" and not 1 <= (f.GetField("level") or 0) <= 10:
                fail("%s: level %r" % (what, f.GetField("level")))
            if name == "towns":
                place = f.GetField("place")
                want_cls = {"city": 0, "town": 1, "village": 2}.get(place)
                if want_cls != cls:
                    fail("%s: place %r with class %r" % (what, place, cls))
                if not f.GetField("geonameid"):
                    fail("%s: no geonameid" % what)
        del ds


def check_names(data):
    for name in ("rivers", "lakes", "towns"):
        ds, feats = layer(data, name)
        for f in feats:
            az, en = f.GetField("name_az") or "", f.GetField("name_en") or ""
            if NOT_EN & set(en):
                fail("%s: English name %r has Azerbaijani letters"
                     % (name, en))
            if name == "towns" and (not az.strip() or not en.strip()):
                fail("towns: geonameid %s without a name (%r / %r)"
                     % (f.GetField("geonameid"), az, en))
            if bool(az) != bool(en):
                fail("%s: %r / %r: one name without the other"
                     % (name, az, en))
            if name == "towns":
                sys.stdout.write("%s\t%s\n" % (az, en))
        del ds


def check_centres(data):
    dds, districts = layer(data, "districts")
    tds, towns = layer(data, "towns")
    codes = sorted(f.GetField("code") for f in districts)
    if codes != sorted(CENTRES):
        fail("districts: codes differ from the table of seats: %s"
             % sorted(set(codes) ^ set(CENTRES)))
    for d in districts:
        code = d.GetField("code")
        seat = CENTRES.get(code)
        found = [t for t in towns if t.GetField("name_az") == seat]
        if not found:
            fail("%s: its seat %s is not in towns.geojson" % (code, seat))
            continue
        poly = d.GetGeometryRef()
        # 0.055 degrees: about 6 km (Lənkəran, Şəki and Yevlax are cities
        # inside their districts' holes)
        if not any(poly.Distance(t.GetGeometryRef()) <= 0.055
                   for t in found):
            fail("%s: %s lies %.3f degrees from the district" % (
                code, seat, min(poly.Distance(t.GetGeometryRef())
                                for t in found)))
    del dds, tds


def check_facts(data):
    tds, towns = layer(data, "towns")
    by = {}
    for t in towns:
        by.setdefault(t.GetField("name_az"), []).append(t)
    baku = by.get("Bakı", [])
    if not baku or baku[0].GetField("name_en") != "Baku" or \
            (baku[0].GetField("population") or 0) <= 1000000 or \
            baku[0].GetField("class") != 0:
        fail("towns: Bakı / Baku, a city of over a million, is missing")
    ganja = by.get("Gəncə", [])
    if not ganja or ganja[0].GetField("name_en") != "Ganja" or \
            ganja[0].GetField("class") != 0:
        fail("towns: Gəncə / Ganja is missing or not class 0")
    for name in ("Ordubad", "Şəki", "Naxçıvan", "Xankəndi", "Şabran"):
        if name not in by:
            fail("towns: %s is missing" % name)
    if by.get("Naxçıvan") and \
            by["Naxçıvan"][0].GetField("name_en") != "Nakhchivan":
        fail("towns: Naxçıvan is not Nakhchivan in English")
    # Bakı lies at about 49.87 E 40.40 N; Ordubad 46.02 E 38.90 N
    for name, lon, lat in (("Bakı", 49.87, 40.40), ("Ordubad", 46.02, 38.90),
                           ("Gəncə", 46.36, 40.68)):
        for t in by.get(name, [])[:1]:
            g = t.GetGeometryRef()
            if abs(g.GetX() - lon) > 0.1 or abs(g.GetY() - lat) > 0.1:
                fail("towns: %s at %.3f %.3f" % (name, g.GetX(), g.GetY()))
    if len(towns) < 180:
        fail("towns: %d features, GeoNames cities500 has 187 in AZ"
             % len(towns))

    dds, districts = layer(data, "districts")
    dist = {d.GetField("code"): d.GetGeometryRef() for d in districts}
    rds, rivers = layer(data, "rivers")
    lds, lakes = layer(data, "lakes")
    araz = [r.GetGeometryRef() for r in rivers
            if r.GetField("name_az") == "Araz"]
    kur = [r.GetGeometryRef() for r in rivers
           if r.GetField("name_az") == "Kür"]
    if not araz or not any(g.Intersects(dist["AZ-ORD"]) or
                           g.Distance(dist["AZ-ORD"]) < 0.01 for g in araz):
        fail("rivers: the Araz does not reach Ordubad district")
    for r in rivers:
        if r.GetField("name_az") in ("Araz", "Kür") and \
                (r.GetField("class") != 0 or
                 r.GetField("name_en") not in ("Aras", "Kura")):
            fail("rivers: %s class %r, English %r" % (
                r.GetField("name_az"), r.GetField("class"),
                r.GetField("name_en")))
    # the Araz joins the Kür at Sabirabad (48.47 E): no named Araz east of
    # 48.5 E (the WDBII line to the coast at 49.24 E is dropped)
    for g in araz:
        if g.GetEnvelope()[1] > 48.5:
            fail("rivers: an Araz line reaches %.3f E" % g.GetEnvelope()[1])
    # the Kür and the Araz are the only major rivers of Azerbaijan: any
    # other major line (class 0 or 1) in a district is a fault (such as
    # the WDBII line from Bəhramtəpə to the coast at 49.24 E)
    for r in rivers:
        if r.GetField("class") > 1 or r.GetField("name_az") in ("Kür",
                                                                "Araz"):
            continue
        g = r.GetGeometryRef()
        inside = [c for c, p in sorted(dist.items()) if g.Intersects(p)]
        if inside:
            fail("rivers: a major river line %r (level %d) in %s"
                 % (r.GetField("name_az"), r.GetField("level"),
                    ", ".join(inside)))
    # no slivers: every river feature at least 1 km long (1 km is about
    # 0.0117 degrees of latitude; 0.009 allows for east-west lines)
    for r in rivers:
        if r.GetGeometryRef().Length() < 0.009:
            fail("rivers: a feature %r of %.4f degrees"
                 % (r.GetField("name_az"), r.GetGeometryRef().Length()))
    # the Kür reaches the Caspian south of Neftçala (mouth about 49.4 E)
    if not kur or max(g.GetEnvelope()[1] for g in kur) < 49.3:
        fail("rivers: the Kür does not reach the coast")

    res = [lk for lk in lakes
           if lk.GetField("name_az") == "Mingəçevir su anbarı"]
    if len(res) != 1:
        fail("lakes: %d Mingəçevir reservoirs" % len(res))
    else:
        g = res[0].GetGeometryRef()
        if res[0].GetField("name_en") != "Mingachevir Reservoir":
            fail("lakes: Mingəçevir reservoir is %r in English"
                 % res[0].GetField("name_en"))
        outer = points(g.GetGeometryRef(0))
        km2 = spherical_area_km2(outer) - sum(
            spherical_area_km2(points(g.GetGeometryRef(i)))
            for i in range(1, g.GetGeometryCount()))
        # 605 km2 at normal level (official figure); GSHHG draws it smaller
        if not 450 <= km2 <= 700:
            fail("lakes: Mingəçevir reservoir %.0f km2, not 450..700" % km2)
        if not g.Intersects(dist["AZ-MI"]) and \
                g.Distance(dist["AZ-MI"]) > 0.02:
            fail("lakes: Mingəçevir reservoir is not at Mingəçevir")
        # the Kür flows into it and out of it: two line ends on its shore
        ends = 0
        for k in kur:
            parts = [k] if k.GetGeometryName() == "LINESTRING" else \
                [k.GetGeometryRef(i) for i in range(k.GetGeometryCount())]
            for p in parts:
                for e in (p.GetPoint_2D(0), p.GetPoint_2D(p.GetPointCount() - 1)):
                    pt = ogr.Geometry(ogr.wkbPoint)
                    pt.AddPoint_2D(*e)
                    if g.Distance(pt) < 0.01:
                        ends += 1
        if ends < 2:
            fail("lakes: the Kür meets the Mingəçevir reservoir at %d ends"
                 % ends)
    del tds, dds, rds, lds


def main():
    data, group = sys.argv[1], sys.argv[2]
    {"valid": check_valid, "names": check_names, "centres": check_centres,
     "facts": check_facts}[group](data)
    for f in failures:
        sys.stderr.write("check_reference: %s\n" % f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
