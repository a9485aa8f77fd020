#!/usr/bin/env python3
"""check_sheet_coords.py - the coordinates printed on kahriz sheets, read
back from the PDF with pdftotext -bbox-layout and compared with PROJ's
cs2cs run on the survey's own coordinates (never with kahriz-atlas):

- "Çıxış / Outlet" gives the outlet in WGS84 degrees to 5 decimals
  ("38.94512° N, 45.61234° E") and in UTM ("UTM 38N 612345 E 4312345 N");
- "Ana quyu / Mother well" the same for the mother well, where the survey
  has one, and is absent where it has none;
- the UTM zone is the one given for the kahriz's district (the zone of the
  district's map, read from that map's PDF by the caller);
- degrees are the input rounded half away from zero (or, for an input in
  UTM, cs2cs's degrees within one unit of the last place); metres are
  cs2cs's within 1 m;
- the card's location map is in that zone too (the EPSG code of the
  geospatial viewport inside the card, read with qpdf);
- with --assessments CSV, the card's "Ailələr / Households" is the
  latest visit's households (0 too) in both number formats ("1 234 /
  1,234", one number where both read alike) or "–" where the visit has
  none, and its "Bərpa / Rehabilitation" is the status in both languages,
  followed by the year only where a done rehabilitation has one;
- with --districts GEOJSON, a card's "Rayon / District" names the
  kahriz's district as the boundaries do ("İmişli / Imishli", one name
  where both read alike);
- a card is headed by the kahriz's Azerbaijani name and, under it, its
  English name where the survey gives one that differs (where it gives
  none, the heading is not checked: the English is then derived).

Prints one line per fault and a summary; exits 1 on any fault.

usage: check_sheet_coords.py [--assessments CSV] [--districts GEOJSON]
                             sheets.pdf kahrizes.csv
                             CODE=EPSG:326zz...
"""
import csv
from decimal import Decimal, ROUND_HALF_UP
import re
import subprocess
import sys

from pdfread import bbox_pages, qpdf_json

faults = []
COORD = (r"(\d+\.\d{5})° ([NS]), (\d+\.\d{5})° ([EW]) "
         r"UTM (\d+)([NS]) (\d+) E (\d+) N")


def fault(msg):
    faults.append(msg)
    print("FAULT: " + msg)


def run(cmd, data=None):
    return subprocess.run(cmd, input=data, capture_output=True, check=True,
                          text=True).stdout


def cs2cs(src, dst, pairs):
    """Transform (x, y) pairs in the CRSs' axis order, 9 decimals."""
    out = run(["cs2cs", "-f", "%.9f", src, dst],
              "".join("%r %r\n" % p for p in pairs))
    return [tuple(float(v) for v in line.split()[:2])
            for line in out.strip().split("\n")]


def pages(pdf):
    """Per page: (width, height, its words)."""
    return [(w, h, [x for line in lines for x in line])
            for w, h, lines in bbox_pages(pdf)]


def viewports(pdf):
    """Per page: (x0, y0, x1, y1 top-left origin, EPSG code) of each
    geospatial viewport."""
    j, obj = qpdf_json(pdf, "pages")
    out = []
    for p in j["pages"]:
        page = obj(p["object"])
        height = float(obj(page["/MediaBox"])[3])
        vps = []
        for vp in obj(page.get("/VP", [])):
            vp = obj(vp)
            x0, y0, x1, y1 = (float(v) for v in obj(vp["/BBox"]))
            gcs = obj(obj(obj(vp["/Measure"])["/GCS"]))
            vps.append((min(x0, x1), height - max(y0, y1), max(x0, x1),
                        height - min(y0, y1), gcs.get("/EPSG")))
        out.append(vps)
    return out


def card_texts(pdf, known=None):
    """Text of each card's attribute column by kahriz id, the EPSG codes
    of the location maps inside the card and the card's heading (its words
    above the attributes but the id): a card spans from its id (top right)
    down to the next id of its column; its attribute column starts at its
    "Rayon" label.  An id is a word KZ-digits, or one of known (a set)."""
    cards = {}
    maps = viewports(pdf)
    for (width, height, words), vps in zip(pages(pdf), maps):
        ids = [w for w in words if (w[4] in known if known is not None
                                    else re.fullmatch(r"KZ-\d+", w[4]))]
        for i in ids:
            col = i[2] > width / 2
            below = [j[1] for j in ids
                     if (j[2] > width / 2) == col and j[1] > i[1] + 1]
            y1 = min(below) if below else height
            x0 = width / 2 if col else 0
            inside = [w for w in words
                      if x0 <= w[0] and w[2] <= (width if col else width / 2)
                      and i[1] - 1 <= w[1] < y1]
            rayon = [w for w in inside if w[4] == "Rayon"]
            if not rayon:
                fault("%s: no attribute column" % i[4])
                continue
            left = rayon[0][0] - 1
            col_words = sorted((w for w in inside if w[0] >= left),
                               key=lambda w: (round(w[1] * 2), w[0]))
            epsg = [v[4] for v in vps
                    if x0 <= v[0] and v[2] <= (width if col else width / 2)
                    and i[1] - 1 <= v[1] < y1]
            head = sorted((w for w in inside
                           if w[3] <= rayon[0][1] and w is not i),
                          key=lambda w: (round(w[1] * 2), w[0]))
            cards[i[4]] = (" ".join(w[4] for w in col_words), epsg,
                           " ".join(w[4] for w in head))
    return cards


def degrees_text(v, hemis):
    q = Decimal(v).copy_abs().quantize(Decimal("0.00001"),
                                       rounding=ROUND_HALF_UP)
    return "%s° %s" % (q, hemis[0] if Decimal(v) >= 0 else hemis[1])


def check_point(kid, what, m, lon_text, lat_text, lon, lat, zone_epsg):
    """m: the printed groups; lon/lat: the input (texts when given in
    degrees, None when derived by cs2cs)."""
    plat, pns, plon, pew, pzone, pzns, pe, pn = m.groups()
    if lat_text is not None:
        want = (degrees_text(lat_text, "NS"), degrees_text(lon_text, "EW"))
        got = ("%s° %s" % (plat, pns), "%s° %s" % (plon, pew))
        if got != want:
            fault("%s %s: printed %s, %s; input rounds to %s, %s" %
                  ((kid, what) + got + want))
    elif (abs(float(plat) - lat) > 1.01e-5 or
          abs(float(plon) - lon) > 1.01e-5 or pns != "N" or pew != "E"):
        fault("%s %s: printed %s %s, %s %s; cs2cs gives %.6f, %.6f" %
              (kid, what, plat, pns, plon, pew, lat, lon))
    epsg = 32600 + int(pzone) if pzns == "N" else 32700 + int(pzone)
    if "EPSG:%d" % epsg != zone_epsg:
        fault("%s %s: UTM zone %s%s, the district map's is %s" %
              (kid, what, pzone, pzns, zone_epsg))
        return
    (e, n), = cs2cs("EPSG:4326", zone_epsg, [(lat, lon)])
    if abs(int(pe) - e) > 1 or abs(int(pn) - n) > 1:
        fault("%s %s: printed %s E %s N; cs2cs gives %.3f E %.3f N" %
              (kid, what, pe, pn, e, n))


def lonlat(text_x, text_y, crs):
    """Input point as lon, lat floats and, when given in degrees, texts."""
    if crs == "EPSG:4326":
        return text_x, text_y, float(text_x), float(text_y)
    (lat, lon), = cs2cs(crs, "EPSG:4326", [(float(text_x), float(text_y))])
    return None, None, lon, lat


REHAB = {"none": "olmayıb / none", "planned": "planlaşdırılıb / planned",
         "ongoing": "gedir / ongoing", "done": "bərpa olunub / done",
         "unknown": "məlum deyil / unknown"}  # the bundled style's words


def latest_visits(path):
    latest = {}
    for r in csv.DictReader(open(path, encoding="utf-8")):
        k = r["kahriz_id"]
        if k not in latest or r["date"] >= latest[k]["date"]:
            latest[k] = r
    return latest


def after(text, label):
    """A card's text after an attribute's label, None without it."""
    i = text.find(label + " ")
    if i < 0:
        return None
    return text[i + len(label) + 1:]


def check_visit(kid, text, r):
    """The households and rehabilitation of the latest visit r."""
    text = re.sub(r"[\u202f\u00a0]", " ", text)
    rest = after(text, "Ailələr / Households")
    hh = r["households_served"]
    if hh:
        az = "{:,}".format(int(hh)).replace(",", " ")
        en = "{:,}".format(int(hh))
        want = az if az == en else "%s / %s" % (az, en)
    else:
        want = "–"
    if rest is None or not rest.startswith(want + " Bərpa / "):
        fault("%s: households %r, the visit gives %r" %
              (kid, rest and rest[:20], want))
    rest = after(text, "Bərpa / Rehabilitation")
    want = REHAB[r["rehab_status"]]
    if r["rehab_status"] == "done" and r["rehab_year"]:
        want += " " + r["rehab_year"]
    # what follows is the discharge chart: its first year, or nothing
    visit_year = r["date"][:4]
    if rest is None or rest.strip() not in (want, want + " " + visit_year):
        fault("%s: rehabilitation %r, the visit gives %r" %
              (kid, rest, want))


def district_names(path):
    """A district's name as a card gives it, by code, from the
    boundaries' name_az and name_en."""
    import json
    out = {}
    for f in json.load(open(path, encoding="utf-8"))["features"]:
        p = f["properties"]
        az, en = p["name_az"], p["name_en"]
        out[p["code"]] = az if az == en else "%s / %s" % (az, en)
    return out


def main():
    args = sys.argv[1:]
    visits = names = None
    while args[:1] in (["--assessments"], ["--districts"]):
        if args[0] == "--assessments":
            visits = latest_visits(args[1])
        else:
            names = district_names(args[1])
        args = args[2:]
    pdf, kcsv = args[0], args[1]
    zones = dict(a.split("=", 1) for a in args[2:])
    cards = card_texts(pdf)
    n = n_visits = 0
    for r in csv.DictReader(open(kcsv, encoding="utf-8")):
        kid = r["id"]
        if kid not in cards:
            fault("%s: no sheet" % kid)
            continue
        text, maps, head = cards[kid]
        zone = zones.get(r["district"])
        if not zone:
            fault("%s: no zone given for %s" % (kid, r["district"]))
            continue
        if ["EPSG:%s" % e for e in maps] != [zone]:
            fault("%s: location maps in EPSG %s, the district map's zone "
                  "is %s" % (kid, maps, zone))
        m = re.search(r"Çıxış / Outlet " + COORD, text)
        if not m:
            fault("%s: no outlet coordinates in %r" % (kid, text[:300]))
        else:
            tx, ty, lon, lat = lonlat(r["x"], r["y"], r["crs"])
            check_point(kid, "outlet", m, tx, ty, lon, lat, zone)
            n += 1
        m = re.search(r"Ana quyu / Mother well " + COORD, text)
        if r["head_x"] and r["head_y"]:
            if not m:
                fault("%s: no mother-well coordinates in %r" %
                      (kid, text[:400]))
            else:
                tx, ty, lon, lat = lonlat(r["head_x"], r["head_y"],
                                          r["crs"])
                check_point(kid, "mother well", m, tx, ty, lon, lat, zone)
                n += 1
        elif m or "Mother well" in text:
            fault("%s: mother-well coordinates without a mother well" % kid)
        if names is not None:
            rest = after(text, "Rayon / District")
            want = names.get(r["district"], "–") + " Kənd / Village"
            if rest is None or not rest.startswith(want):
                fault("%s: district %r, the boundaries give %r" %
                      (kid, rest and rest[:30], want))
        if r["name_en"]:
            want = r["name_az"] if r["name_en"] == r["name_az"] else \
                "%s %s" % (r["name_az"], r["name_en"])
            if head != want:
                fault("%s: card headed %r, the survey names it %r" %
                      (kid, head, want))
        if visits is not None and kid in visits:
            check_visit(kid, text, visits[kid])
            n_visits += 1
    print("%d sheets, %d points checked, %d visits, %d faults" %
          (len(cards), n, n_visits, len(faults)))
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
