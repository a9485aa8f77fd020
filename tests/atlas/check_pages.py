#!/usr/bin/env python3
"""check_pages.py - map and page invariants of an atlas PDF, read from the
file with qpdf (each map's frame: the /BBox of the page's /VP viewports)
and pdftotext -bbox-layout (every word's box), never from the renderer:

- no word crosses the edge of a map frame: labels, and the furniture
  inside the frame, lie wholly inside it;
- no two words inside a map frame overlap: labels neither overlap each
  other nor the furniture's text;
- on the kahriz sheet pages no two words overlap, and every word of the
  body stays in its card's column: none crosses the gutter between the
  two columns of cards or the page's margins (the attributes, the
  coordinates among them, stay inside the card);
- nothing on a page reaches down to its folio line (the page number)
  but the folio line's own words;
- in the introduction's legend, a name and its explanation (set in
  different sizes on one line) stand at least an em apart, as columns;
  the explanations start in one column, at most two ems (of the names)
  after the widest name (from "Yaxşı / Good", the first, to the last
  name beside an explanation);
- every number in a district's statistics box equals the `stats` value of
  that district (STATS.csv from `kahriz-atlas stats --format csv`), in the
  Azerbaijani (1 966,5) and the English (1,966.5) format;
- every map page (one viewport: cover, national, region and district maps)
  names its projection under the map, within the width of the viewport and
  at most 30 pt below it, "Proyeksiya / Projection: ..." at 6 pt or more,
  and the name is that of the coordinate system GDAL reads from the page's
  /VP /Measure: "UTM 38N, WGS84 (EPSG:32638)" for a UTM zone, "LAEA
  40.2°N 47.7°E, WGS84" for the national equal-area map;
- with DISTRICTS (the districts' GeoJSON, for the names of the economic
  regions), every district of the region of a region map page (headed
  "<region> iqtisadi rayonu / <region> Economic Region") is named inside
  the map frame in both languages, and on the national maps (the LAEA
  ones) every district with kahrizes in STATS.csv is;
- with --style STYLE.json (the style the atlas was built with), the
  colophon holds the style catalogue's sections (imprint, sources, licences,
  software, disclaimer) in that order, each its title and then its
  Azerbaijani and English text side by side, and nothing else before
  the version line.

Prints one line per fault and a summary; exits 1 on any fault.

usage: check_pages.py [--style STYLE.json] atlas.pdf STATS.csv
                      [DISTRICTS.geojson]
"""
import csv
from decimal import Decimal, ROUND_HALF_UP
import functools
import re
import sys

from osgeo import gdal, osr

from pdfread import (bbox_pages, overlap, overlapping_pairs, page_texts,
                     page_words, qpdf_json, run)

faults = []
SLACK = 0.5  # points: antialiasing and rounding of the boxes


def fault(msg):
    faults.append(msg)
    if len(faults) <= 40:
        print("FAULT: " + msg)


def frames_per_page(pdf):
    """Map frames per page, top-left origin (x0, y0, x1, y1)."""
    j, obj = qpdf_json(pdf, "pages")
    out = []
    for p in j["pages"]:
        page = obj(p["object"])
        height = float(obj(page["/MediaBox"])[3])
        frames = []
        for vp in obj(page.get("/VP", [])):
            x0, y0, x1, y1 = (float(v) for v in obj(obj(vp)["/BBox"]))
            frames.append((min(x0, x1), height - max(y0, y1), max(x0, x1),
                           height - min(y0, y1)))
        out.append(frames)
    return out


def check_maps(frames, words):
    n_frames = n_words = 0
    for p, (fr, ws) in enumerate(zip(frames, words), 1):
        for f in fr:
            n_frames += 1
            inside = []
            for w in ws:
                ox, oy = overlap(w, f)
                if ox <= 0 or oy <= 0:
                    continue  # outside the frame: page text
                if (w[0] < f[0] - SLACK or w[2] > f[2] + SLACK or
                        w[1] < f[1] - SLACK or w[3] > f[3] + SLACK):
                    fault("page %d: %r crosses the map frame "
                          "(%.1f %.1f %.1f %.1f in %.1f %.1f %.1f %.1f)" %
                          ((p, w[4]) + w[:4] + f))
                inside.append(w)
            n_words += len(inside)
            for a, b in overlapping_pairs(inside, SLACK):
                fault("page %d: %r and %r overlap" % (p, a[4], b[4]))
    return n_frames, n_words


BOX_EM = 1.362  # poppler's word box: ascent + descent of Noto Sans, in em


@functools.lru_cache(maxsize=None)
def crs_name(pdf, page):
    """The projection line a map page should carry, from the coordinate
    system GDAL reads from the page's geospatial viewport."""
    gdal.UseExceptions()
    srs = osr.SpatialReference(
        wkt=gdal.Open("PDF:%d:%s" % (page, pdf)).GetProjection())
    zone = srs.GetUTMZone()
    if zone > 0:
        return "UTM %dN, WGS84 (EPSG:326%02d)" % (zone, zone)
    if (srs.GetAttrValue("PROJECTION") ==
            "Lambert_Azimuthal_Equal_Area" and
            abs(srs.GetProjParm("latitude_of_center") - 40.2) < 1e-9 and
            abs(srs.GetProjParm("longitude_of_center") - 47.7) < 1e-9):
        return "LAEA 40.2°N 47.7°E, WGS84"
    return None


def check_projections(pdf, frames, words):
    n = 0
    for p, (fr, ws) in enumerate(zip(frames, words), 1):
        if len(fr) != 1:
            continue  # a sheet's small maps, or no map
        f = fr[0]
        inside = [w for w in ws if w[0] >= f[0] - SLACK and
                  w[2] <= f[2] + SLACK and w[1] >= f[3] and
                  w[3] <= f[3] + 30]
        want = crs_name(pdf, p)
        found = None
        for i, w in enumerate(inside):
            if inside[i:i + 3] and [x[4] for x in inside[i:i + 3]] == \
                    ["Proyeksiya", "/", "Projection:"]:
                line = [x for x in inside[i:] if abs(x[1] - w[1]) < 0.5]
                found = (" ".join(x[4] for x in line[3:]), line)
                break
        if not want:
            fault("page %d: GDAL reads no UTM zone or national LAEA" % p)
        elif not found:
            fault("page %d: no \"Proyeksiya / Projection:\" under the "
                  "map" % p)
        elif found[0] != want:
            fault("page %d: projection %r, the viewport says %r" %
                  (p, found[0], want))
        elif min((x[3] - x[1]) / BOX_EM for x in found[1]) < 6 - 0.02:
            fault("page %d: projection set under 6 pt" % p)
        else:
            n += 1
    return n


def check_names(pdf, frames, words, stats_csv, districts):
    """Region and national map pages name every district they must."""
    from osgeo import ogr
    rows = [r for r in csv.DictReader(open(stats_csv, encoding="utf-8"))
            if r["code"] not in ("TOTAL", "UNASSIGNED")]
    ds = ogr.Open(districts)
    region_names = {}
    for f in ds.GetLayer(0):
        region_names[f.GetField("region_code")] = (f.GetField("region_az"),
                                                   f.GetField("region_en"))
    ds = None
    texts = page_texts(pdf)
    n = 0
    for p, (fr, ws) in enumerate(zip(frames, words), 1):
        if len(fr) != 1:
            continue
        f = fr[0]
        inside = {w[4] for w in ws if w[0] >= f[0] - SLACK and
                  w[2] <= f[2] + SLACK and w[1] >= f[1] - SLACK and
                  w[3] <= f[3] + SLACK}
        head = heading(texts[p - 1])
        if crs_name(pdf, p) == "LAEA 40.2°N 47.7°E, WGS84":
            must = [r for r in rows if int(r["kahrizes"]) > 0]
            what = "national map"
        else:
            codes = [c for c, (az, en) in region_names.items()
                     if head == "%s iqtisadi rayonu / %s Economic Region"
                     % (az, en)]
            if not codes:
                continue
            must = [r for r in rows if r["region"] == codes[0]]
            what = "region map " + codes[0]
        n += 1
        for r in must:
            if r["name_az"] not in inside or r["name_en"] not in inside:
                fault("page %d (%s): %s / %s not named in the frame"
                      % (p, what, r["name_az"], r["name_en"]))
    return n


def page_sizes(pdf):
    xml = run("pdftotext", "-bbox", "-l", "1", pdf, "-").decode()
    m = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', xml)
    return float(m.group(1)), float(m.group(2))


def check_sheets(texts, words, size, margin=34.0):
    """Sheet pages: words clear of each other, inside their column (the
    margins of the bundled style are 12 mm)."""
    n_pages = 0
    width, height = size
    mid = width / 2
    for p, (text, ws) in enumerate(zip(texts, words), 1):
        if not any(line.startswith("Kəhriz vərəqələri / Kahriz sheets")
                   for line in text.split("\n")[:3]):
            continue
        n_pages += 1
        # the body: above the folio and its line at the foot
        body = [w for w in ws if w[3] < height - margin - 20]
        for w in body:
            if w[0] < mid < w[2]:
                fault("page %d: %r crosses the gutter between the cards" %
                      (p, w[4]))
            if w[0] < margin - SLACK or w[2] > width - margin + SLACK:
                fault("page %d: %r is outside the margins" % (p, w[4]))
        for a, b in overlapping_pairs(ws, SLACK):
            fault("page %d: %r and %r overlap" % (p, a[4], b[4]))
    return n_pages


def check_folio_clear(words, size):
    """Words of the page's body end above its folio line: the line of the
    page number, found as that number's word at the foot."""
    width, height = size
    n = 0
    for p, ws in enumerate(words, 1):
        folio = [w for w in ws if w[4] == str(p) and w[1] > height * 0.9 and
                 abs((w[0] + w[2]) / 2 - width / 2) < 20]
        if len(folio) != 1:
            continue  # a page without its number (the cover)
        n += 1
        top = folio[0][1]
        for w in ws:
            if w[1] < top - 1 and w[3] > top + SLACK:
                fault("page %d: %r reaches the folio line" % (p, w[4]))
    return n


def check_legend_columns(texts, words):
    """Words of different sizes side by side on the introduction's pages
    (a legend's name, then its explanation): an em apart at least, so
    that they read as two columns, not one run of text.  A symbol alone
    (an arrow from a fallback font, with a box of its own height) is no
    word of either."""
    n = 0
    for p, (text, ws) in enumerate(zip(texts, words), 1):
        if not text.lstrip().startswith("Giriş və metodologiya"):
            continue
        for a in ws:
            for b in ws:
                ha, hb = a[3] - a[1], b[3] - b[1]
                if b[0] < a[2] or abs(ha - hb) < 0.3:
                    continue  # not to the right, or the same size
                if not (re.search(r"\w", a[4]) and re.search(r"\w", b[4])):
                    continue
                if min(a[3], b[3]) - max(a[1], b[1]) < 0.5 * min(ha, hb):
                    continue  # not on one line
                if b[0] - a[2] > 40:
                    continue  # not neighbours
                if min(w[0] for w in ws if w is not a and w[0] >= a[2] and
                       min(a[3], w[3]) - max(a[1], w[1]) >
                       0.5 * min(ha, w[3] - w[1])) < b[0]:
                    continue  # another word lies between them
                n += 1
                em = min(ha, hb) / 1.362
                if b[0] - a[2] < em:
                    fault("page %d: %r and %r only %.1f pt apart" %
                          (p, a[4], b[4], b[0] - a[2]))
    return n


def check_legend_gutter(texts, lines_of):
    """The legend's explanations: one column, at most two ems after the
    widest name.  Names are the lines starting where "Yaxşı" does, in its
    size; explanations the smaller lines starting right of them."""
    n = 0
    for p, text in enumerate(texts, 1):
        if not text.lstrip().startswith("Giriş və metodologiya"):
            continue
        lines = lines_of[p - 1]
        first = [ln[0] for ln in lines if ln[0][4] == "Yaxşı"]
        if not first:
            continue
        x, size = first[0][0], first[0][3] - first[0][1]
        names = [ln for ln in lines if abs(ln[0][0] - x) < 0.5 and
                 abs((ln[0][3] - ln[0][1]) - size) < 0.3 and
                 ln[0][1] >= first[0][1] - 0.5]
        expl = [ln for ln in lines if ln[0][0] > x + 20 and
                (ln[0][3] - ln[0][1]) < size - 0.3 and
                any(abs(ln[0][1] - nm[0][1]) < 0.5 for nm in names)]
        if not expl:
            fault("page %d: a legend without explanations" % p)
            continue
        beside = [nm for nm in names
                  if any(abs(nm[0][1] - e[0][1]) < 0.5 for e in expl)]
        widest = max(beside, key=lambda ln: ln[-1][2])
        lefts = sorted(e[0][0] for e in expl)
        em = size / 1.362
        n += 1
        if lefts[-1] - lefts[0] > 0.5:
            fault("page %d: the legend's explanations start at %.1f to "
                  "%.1f pt, not in one column" % (p, lefts[0], lefts[-1]))
        if lefts[0] - widest[-1][2] > 2 * em:
            fault("page %d: the legend's explanations start %.1f pt after "
                  "its widest name %r, more than two ems" %
                  (p, lefts[0] - widest[-1][2],
                   " ".join(w[4] for w in widest)))
    return n


def roundings(text, decimals):
    """The value of a CSV figure rounded to decimals places, half away from
    zero on the decimal the CSV writes (the median of 2.3 and 2.4 is
    written 2.35 and rounds to 2.4): the one rule of every printed number,
    so a tie has one right answer."""
    q = Decimal(1).scaleb(-decimals)
    return [Decimal(text).quantize(q, rounding=ROUND_HALF_UP)]


def en_number(v, decimals):
    return format(v, ",.%df" % decimals)


def az_number(v, decimals):
    """1 966,5: a space between thousands (a narrow no-break space on the
    page, which pdftotext reads as a space), decimal comma."""
    return en_number(v, decimals).replace(",", " ").replace(".", ",")


def heading(text):
    for line in text.split("\n"):
        if line.strip():
            return re.split(r"\s{3,}", line.strip())[0]
    return ""


def check_stats(texts, stats_csv):
    rows = list(csv.DictReader(open(stats_csv, encoding="utf-8")))
    n = 0
    for r in rows:
        if r["code"] in ("TOTAL", "UNASSIGNED") or int(r["kahrizes"]) == 0:
            continue
        # the district's page: headed "<az> rayonu / <en> District" (or
        # şəhəri / City), with the statistics box
        pages = [i for i, t in enumerate(texts)
                 if "Statistika / Statistics" in t and
                 re.match(re.escape(r["name_az"]) + r" \S+ / " +
                          re.escape(r["name_en"]) + r" \S+$",
                          heading(t))]
        if len(pages) != 1:
            fault("district %s: %d statistics pages" %
                  (r["code"], len(pages)))
            continue
        n += 1
        text = re.sub(r"[ \t\u00a0\u202f]+", " ", texts[pages[0]])
        pno = pages[0] + 1

        def want(label, field, decimals=0, unit_az="", unit_en="",
                 single=False):
            """The box's line label shows the field in both formats (or
            once when they read the same, or when single)."""
            shown = []
            for v in roundings(r[field], decimals):
                az, en = az_number(v, decimals), en_number(v, decimals)
                if single:
                    shown.append(az)
                    continue
                shown.append("%s%s / %s%s" % (az, unit_az, en, unit_en))
                if az + unit_az == en + unit_en:
                    shown.append(az + unit_az)
            if not any(re.search(re.escape(label) + " " + re.escape(x) +
                                 r"(\s|$)", text) for x in shown):
                m = re.search(re.escape(label) + r" ([^\n]*)", text)
                fault("page %d, %s: %s shows %r, stats say %r" %
                      (pno, r["code"], label, m.group(1) if m else None,
                       " or ".join(shown)))

        want("Kəhrizlər / Kahrizes", "kahrizes", single=True)
        want("Bərpa olunub / Rehabilitated", "rehabilitated", single=True)
        want("Ümumi debit / Total discharge", "discharge_l_s_total", 1,
             " l/san", " l/s")
        if r["discharge_l_s_median"]:
            want("Debitin medianı / Median discharge",
                 "discharge_l_s_median", 1, " l/san", " l/s")
        want("Xidmət olunan ailələr / Households served",
             "households_served")
        want("Qalereyaların uzunluğu / Length of galleries", "length_km", 1,
             " km", " km")
        want("Sahə / Area", "area_km2", 0, " km²", " km²")
        if r["density_per_100km2"]:
            want("100 km²-ə kəhriz / Kahrizes per 100 km²",
                 "density_per_100km2", 2)
    return n


COLOPHON = "Çap məlumatları / Colophon"


def catalogue(style):
    """Every "key": {"az": ..., "en": ...} of a style, by key."""
    import json
    out = {}

    def walk(o):
        for k, v in o.items():
            if isinstance(v, dict) and isinstance(v.get("az"), str):
                out[k] = v
            elif isinstance(v, dict):
                walk(v)
    walk(json.load(open(style, encoding="utf-8")))
    return out


def check_colophon(texts, style):
    """The colophon's sections as the style's catalogue gives them."""
    cat = catalogue(style)
    pages = [t for t in texts if heading(t) == COLOPHON]
    if len(pages) != 1:
        fault("%d colophon pages" % len(pages))
        return 0
    lines = [ln.strip() for ln in pages[0].split("\n") if ln.strip()]
    # after the running head and the page's title
    body = lines[lines.index(COLOPHON, 1) + 1:]
    got = []  # [title, az words, en words]
    for ln in body:
        if ln.startswith("kahriz-atlas "):
            break
        left, right = (re.split(r"\s{3,}", ln, maxsplit=1) + [""])[:2]
        if not right and " / " in left and (not got or got[-1][1]):
            got.append([left, [], []])
        elif got:
            got[-1][1] += left.split()
            got[-1][2] += right.split()
        else:
            got.append([None, left.split(), right.split()])
    want = []
    for sec in ("imprint", "sources", "licences", "software", "disclaimer"):
        t = cat["atlas.colophon.%s.title" % sec]
        x = cat["atlas.colophon.%s.text" % sec]
        want.append([t["az"] if t["az"] == t["en"] else
                     "%s / %s" % (t["az"], t["en"]),
                     x["az"].split(), x["en"].split()])
    if got != want:
        fault("colophon sections %s, the style's are %s" %
              ([g[0] for g in got], [w[0] for w in want]))
        for g, w in zip(got, want):
            if g != w:
                fault("colophon section %r: %r / %r, the style gives %r / "
                      "%r" % (w[0], " ".join(g[1]), " ".join(g[2]),
                              " ".join(w[1]), " ".join(w[2])))
    return len(got)


def main():
    args = sys.argv[1:]
    style = None
    if args[:1] == ["--style"]:
        style = args[1]
        args = args[2:]
    sys.argv[1:] = args
    pdf, stats_csv = sys.argv[1], sys.argv[2]
    frames = frames_per_page(pdf)
    words = page_words(pdf)
    if len(frames) != len(words):
        fault("qpdf reads %d pages, pdftotext %d" %
              (len(frames), len(words)))
    n_frames, n_words = check_maps(frames, words)
    texts = page_texts(pdf)
    n_stats = check_stats(texts, stats_csv)
    n_proj = check_projections(pdf, frames, words)
    n_names = (check_names(pdf, frames, words, stats_csv, sys.argv[3])
               if len(sys.argv) > 3 else 0)
    n_sheets = check_sheets(texts, words, page_sizes(pdf))
    check_legend_columns(texts, words)
    check_legend_gutter(texts, [lines for _, _, lines in bbox_pages(pdf)])
    check_folio_clear(words, page_sizes(pdf))
    if style:
        check_colophon(texts, style)
    print("%d pages, %d map frames, %d words in them, %d statistics boxes, "
          "%d map pages naming their projection, %d national and region "
          "maps naming their districts, %d sheet pages, %d faults"
          % (len(frames), n_frames, n_words, n_stats, n_proj, n_names,
             n_sheets, len(faults)))
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
