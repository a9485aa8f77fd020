#!/usr/bin/env python3
"""check_sheet_map.py - the kahriz sheets' location maps and notes, read
back from the PDF (pdftotext -bbox-layout, the geospatial viewports and
the content streams through qpdf) against the survey's CSV files and the
style file, never against kahriz-atlas:

- the outlet's page position is computed from the card's printed WGS84
  coordinates and its map's viewport (/BBox, /GPTS, /EPSG) with cs2cs;
- each map holds exactly one ring stroked in the style's highlight_border
  colour, centred on that position within 1 pt (the subject stands out);
- the scale's text (a number and "km" or "m") lies in the map and its
  box does not overlap the ring's box (the outlet symbol with its ring);
- a card whose latest visit has a note in one language only shows the
  style's mark for the other ("(in Azerbaijani only)", "(yalnız
  ingiliscə)"); a card with both or neither shows no mark.

Prints one line per fault and a summary; exits 1 on any fault.

usage: check_sheet_map.py sheets.pdf kahrizes.csv assessments.csv
                          style.json
"""
import csv
import json
import re
import subprocess
import sys

from pdfread import bbox_pages, qpdf_json
from pdfpaths import Pdf, bbox, same_rgb, hex_rgb
from check_sheet_coords import card_texts

faults = []


def fault(msg):
    faults.append(msg)
    print("FAULT: " + msg)


def viewports(pdf):
    """Per page: (x0, y0, x1, y1 top-left origin, EPSG, GPTS)."""
    j, obj = qpdf_json(pdf, "pages")
    out = []
    for p in j["pages"]:
        page = obj(p["object"])
        height = float(obj(page["/MediaBox"])[3])
        vps = []
        for vp in obj(page.get("/VP", [])):
            vp = obj(vp)
            x0, y0, x1, y1 = (float(v) for v in obj(vp["/BBox"]))
            meas = obj(vp["/Measure"])
            gcs = obj(obj(meas["/GCS"]))
            gpts = [float(v) for v in obj(meas["/GPTS"])]
            vps.append((min(x0, x1), height - max(y0, y1), max(x0, x1),
                        height - min(y0, y1), gcs.get("/EPSG"), gpts,
                        (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1),
                         height)))
        out.append(vps)
    return out


def cs2cs(epsg, pairs):
    """lat, lon pairs to the UTM zone's easting, northing."""
    out = subprocess.run(["cs2cs", "-f", "%.4f", "EPSG:4326",
                          "EPSG:%d" % epsg],
                         input="".join("%r %r\n" % p for p in pairs),
                         capture_output=True, check=True, text=True).stdout
    return [tuple(float(v) for v in line.split()[:2])
            for line in out.strip().split("\n")]


def latest_notes(path):
    latest = {}
    for r in csv.DictReader(open(path, encoding="utf-8")):
        k = r["kahriz_id"]
        if k not in latest or r["date"] >= latest[k]["date"]:
            latest[k] = r
    return latest


def main():
    pdf, kcsv, acsv, style = sys.argv[1:5]
    st = json.load(open(style, encoding="utf-8"))
    ring_rgb = hex_rgb(st["colors"]["highlight_border"])
    cat = st["catalog"]
    mark_az_only = cat["sheet.note_az_only"]["en"]
    mark_en_only = cat["sheet.note_en_only"]["az"]
    cards = card_texts(pdf)
    visits = latest_notes(acsv)
    ids = {r["id"] for r in csv.DictReader(open(kcsv, encoding="utf-8"))}
    doc = Pdf(pdf)
    n_maps = n_marks = n_scale = 0
    # the notes
    for kid in sorted(ids):
        if kid not in cards:
            fault("%s: no sheet" % kid)
            continue
        text = cards[kid][0]
        r = visits.get(kid)
        az = bool(r and r["notes_az"].strip())
        en = bool(r and r["notes_en"].strip())
        want_az_only = az and not en
        want_en_only = en and not az
        if (mark_az_only in text) != want_az_only:
            fault("%s: notes az %r en %r, mark %r %s" %
                  (kid, az, en, mark_az_only,
                   "missing" if want_az_only else "printed"))
        if (mark_en_only in text) != want_en_only:
            fault("%s: notes az %r en %r, mark %r %s" %
                  (kid, az, en, mark_en_only,
                   "missing" if want_en_only else "printed"))
        n_marks += want_az_only or want_en_only
    # the maps
    coord = re.compile(r"Çıxış / Outlet (\d+\.\d{5})° ([NS]), "
                       r"(\d+\.\d{5})° ([EW])")
    pages = bbox_pages(pdf)
    maps = []  # (page, kid, view box, pdf box, epsg, corners, lat, lon)
    for pi, vps in enumerate(viewports(pdf)):
        width, height, lines = pages[pi]
        idw = [w for line in lines for w in line
               if re.fullmatch(r"KZ-\d+", w[4])]
        for x0, y0, x1, y1, epsg, gpts, pdfbox in vps:
            col = [w for w in idw if (w[0] > width / 2) == (x0 > width / 2)
                   and w[1] < y0]
            if not col:
                fault("page %d: a map with no card" % (pi + 1))
                continue
            kid = max(col, key=lambda w: w[1])[4]
            m = coord.search(cards.get(kid, ("",))[0])
            if not m:
                fault("%s: no outlet coordinates" % kid)
                continue
            lat = float(m.group(1)) * (1 if m.group(2) == "N" else -1)
            lon = float(m.group(3)) * (1 if m.group(4) == "E" else -1)
            # GPTS: lat lon of the BBox's bottom left, top left, top
            # right, bottom right
            corners = [(gpts[i], gpts[i + 1]) for i in range(0, 8, 2)]
            maps.append((pi, kid, (x0, y0, x1, y1), pdfbox, int(epsg),
                         corners + [(lat, lon)]))
    utm = {}
    for epsg in {mp[4] for mp in maps}:
        todo = [mp for mp in maps if mp[4] == epsg]
        got = cs2cs(epsg, [p for mp in todo for p in mp[5]])
        for i, mp in enumerate(todo):
            utm[id(mp)] = got[5 * i:5 * i + 5]
    by_page = {}
    for mp in maps:
        by_page.setdefault(mp[0], []).append(mp)
    for pi, page_maps in sorted(by_page.items()):
        width, height, lines = pages[pi]
        words = [w for line in lines for w in line]
        paths, _ = doc.page_paths(pi)
        rings = [p for p in paths if same_rgb(p["stroke"], ring_rgb)
                 and p["curves"]]
        for mp in page_maps:
            _, kid, (x0, y0, x1, y1), pdfbox, _, _ = mp
            bl, tl, tr, br, o = utm[id(mp)]
            u = (o[0] - bl[0]) / (br[0] - bl[0])
            v = (o[1] - bl[1]) / (tl[1] - bl[1])
            bx0, by0, bx1, by1, h = pdfbox
            ox = bx0 + u * (bx1 - bx0)
            oy = h - (by0 + v * (by1 - by0))
            n_maps += 1
            mine = [p for p in rings if x0 <= (bbox(p)[0] + bbox(p)[2]) / 2
                    <= x1 and y0 <= (bbox(p)[1] + bbox(p)[3]) / 2 <= y1]
            if len(mine) != 1:
                fault("%s: %d rings in the highlight colour on the map" %
                      (kid, len(mine)))
                # the outlet's symbol is at most 4.5 pt across (the
                # style's largest radius, 2 mm, is not used on sheets)
                rb = (ox - 4.5, oy - 4.5, ox + 4.5, oy + 4.5)
            else:
                rb = bbox(mine[0])
                lw = mine[0]["lw"] / 2
                rb = (rb[0] - lw, rb[1] - lw, rb[2] + lw, rb[3] + lw)
            cx, cy = (rb[0] + rb[2]) / 2, (rb[1] + rb[3]) / 2
            if abs(cx - ox) > 1 or abs(cy - oy) > 1:
                fault("%s: ring at %.1f, %.1f; the printed outlet is at "
                      "%.1f, %.1f" % (kid, cx, cy, ox, oy))
            inside = [w for w in words if x0 <= w[0] and w[2] <= x1 and
                      y0 <= w[1] and w[3] <= y1]
            scale = [(a, b) for a in inside for b in inside
                     if re.fullmatch(r"\d+", a[4]) and b[4] in ("km", "m")
                     and abs(a[1] - b[1]) < 1 and 0 < b[0] - a[2] < 4]
            if len(scale) != 1:
                fault("%s: %d scale texts in the map" % (kid, len(scale)))
                continue
            a, b = scale[0]
            sb = (a[0], min(a[1], b[1]), b[2], max(a[3], b[3]))
            n_scale += 1
            if sb[0] < rb[2] and rb[0] < sb[2] and sb[1] < rb[3] and \
                    rb[1] < sb[3]:
                fault("%s: the scale text %s %s (%.1f %.1f %.1f %.1f) "
                      "overlaps the outlet (%.1f %.1f %.1f %.1f)" %
                      ((kid, a[4], b[4]) + sb + rb))
    print("%d sheets, %d maps, %d scale texts checked, "
          "%d one-language notes, %d faults" %
          (len(cards), n_maps, n_scale, n_marks, len(faults)))
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
