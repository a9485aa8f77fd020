#!/usr/bin/env python3
"""check_gazetteer_tables.py - the gazetteers and the kahriz tables of an
atlas read back with poppler (pdftotext -bbox-layout, qpdf's links) and
checked against the style file and the survey's own CSV (coordinates
converted here with OSR), never with kahriz-atlas:

- no glyph on a gazetteer or table page is an ellipsis "…": names and
  headers wrap, they are not cut.  The glyphs are read with pdfminer,
  which reads each glyph's own character: poppler reads the text a
  shortened line stands for (its ActualText), the cut part included;
- each kahriz table's header band (between the "Kod" header and the first
  row) holds every word of every column's header in both languages as
  the style's catalog gives them (col.id ... col.rehab): the units "m",
  "l/san", "l/s" among them;
- every table page says the numbers are in the Azerbaijani form, with
  the English form beside it (the catalog's atlas.table.numbers);
- every gazetteer entry (one link each) carries one kahriz id, the page
  number of its sheet at the right of its first line, the coordinates of
  the outlet "lat° N, lon° E" with a decimal point, equal to the survey's
  (within 0.0001°), and "map p. N" / "xəritə s. N": page N is the district
  page whose title names the district the entry names, and the sheet's
  page prints the kahriz's name.

Prints one line per fault and a summary; exits 1 on any fault.

usage: check_gazetteer_tables.py atlas.pdf style.json kahrizes.csv
"""
import csv
import json
import re
import sys

from osgeo import osr
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar

from check_atlas import Doc, words_in, GAZETTEER
from pdfread import bbox_pages, page_texts

KID = re.compile(r"KZ-\d+")
COORD = re.compile(r"(\d+\.\d+)° ([NS]), (\d+\.\d+)° ([EW])")
TABLE_KEYS = ["col.id", "col.name", "col.village", "col.length",
              "col.shafts", "col.discharge", "col.condition",
              "col.drinkable", "col.households", "col.rehab"]
faults = []


def fault(msg):
    faults.append(msg)
    if len(faults) <= 60:
        print("FAULT:", msg)


def survey_coords(path):
    """id -> (lat, lon) of each outlet, from the survey CSV."""
    out = {}
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            try:
                x, y = float(row["x"]), float(row["y"])
            except ValueError:
                continue
            crs = row["crs"] or "EPSG:4326"
            if crs != "EPSG:4326":
                if crs not in tr:
                    src = osr.SpatialReference()
                    src.SetFromUserInput(crs)
                    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
                    tr[crs] = osr.CoordinateTransformation(src, wgs)
                x, y, _ = tr[crs].TransformPoint(x, y)
            out[row["id"]] = (y, x)
    return out


def glyphs(o):
    if isinstance(o, LTChar):
        yield o
    elif hasattr(o, "__iter__"):
        for c in o:
            yield from glyphs(c)


def check_ellipses(pdf, numbers, what):
    """Fault each page (1-based numbers) that draws an ellipsis glyph."""
    if not numbers:
        return
    for pno, page in zip(sorted(numbers), extract_pages(
            pdf, page_numbers=[n - 1 for n in sorted(numbers)],
            laparams=LAParams(all_texts=True))):
        cut = [c for c in glyphs(page) if "…" in c.get_text()]
        if cut:
            fault("%s page %d: %d ellipsis glyph(s), the first at x %.0f, "
                  "y %.0f" % (what, pno, len(cut), cut[0].x0,
                              page.height - cut[0].y1))


def check_tables(pdf, pages, texts, cat):
    n = 0
    numbers = []
    note = [cat["atlas.table.numbers"][lang] for lang in ("az", "en")]
    flat = lambda s: " ".join(s.split())
    for i, (_, _, lines) in enumerate(pages):
        words = [w for ln in lines for w in ln]
        if not any(w[4] == "Kod" for w in words) or not any(
                KID.fullmatch(w[4]) for w in words):
            continue
        n += 1
        numbers.append(i + 1)
        top = min(w[1] for w in words if w[4] == "Kod")
        first_row = min(w[1] for w in words if KID.fullmatch(w[4]))
        band = [w[4] for w in words if top - 1 <= w[1] < first_row]
        for key in TABLE_KEYS:
            for lang in ("az", "en"):
                for word in cat[key][lang].split():
                    if word not in band:
                        fault("table page %d: header %r lacks %r" %
                              (i + 1, cat[key][lang], word))
        text = flat(texts[i])
        for s in note:
            if flat(s) not in text:
                fault("table page %d: no note %r" % (i + 1, s))
    if not n:
        fault("no kahriz table pages")
    check_ellipses(pdf, numbers, "table")
    return n


def check_gazetteer(pdf, pages, texts, coords, cat):
    doc = Doc(pdf)
    words = [[w for ln in lines for w in ln] for _, _, lines in pages]
    titles = [t.strip().split("\n")[0] for t in texts]
    words_map = {cat["atlas.gazetteer.map"][l].split()[-1] for l in
                 ("az", "en")}
    n = 0
    gaz = [i + 1 for i, t in enumerate(texts) if t.lstrip().startswith(
        GAZETTEER)]
    if not gaz:
        fault("no gazetteer pages")
    for p in gaz:
        h = pages[p - 1][1]
        for rect, target in doc.links(p):
            got = words_in(words[p - 1], rect, h)
            ids = [k for k, w in enumerate(got) if KID.fullmatch(w[4])]
            if len(ids) != 1:
                fault("gazetteer page %d: an entry with ids %s" %
                      (p, [got[k][4] for k in ids]))
                continue
            kid = got[ids[0]][4]
            n += 1
            name_words = got[:ids[0]]
            detail = " ".join(w[4] for w in got[ids[0]:])
            nums = [w for w in name_words if w[4].isdigit() and
                    w[1] < got[0][3]]
            text = [w[4] for w in name_words if w not in nums]
            if "·" not in text:
                fault("gazetteer page %d, %s: no 'name · district' in %r" %
                      (p, kid, text))
                continue
            dot = text.index("·")
            name, district = " ".join(text[:dot]), " ".join(text[dot + 1:])
            if not nums:
                fault("gazetteer page %d, %s: no page number" % (p, kid))
            else:
                sp = int(max(nums, key=lambda w: w[2])[4])
                if not 0 < sp <= len(texts) or name not in " ".join(
                        texts[sp - 1].split()):
                    fault("gazetteer page %d, %s: page %d does not print "
                          "%r" % (p, kid, sp, name))
            m = COORD.search(detail)
            if not m:
                fault("gazetteer page %d, %s: no coordinates in %r" %
                      (p, kid, detail))
            else:
                lat = float(m.group(1)) * (-1 if m.group(2) == "S" else 1)
                lon = float(m.group(3)) * (-1 if m.group(4) == "W" else 1)
                want = coords.get(kid)
                if not want or abs(want[0] - lat) > 1e-4 or \
                        abs(want[1] - lon) > 1e-4:
                    fault("gazetteer page %d, %s: coordinates %s, the "
                          "survey's %s" % (p, kid, m.group(0), want))
            mp = re.search(r"(?:%s) (\d+)" % "|".join(
                re.escape(w) for w in words_map), detail)
            if not mp:
                fault("gazetteer page %d, %s: no map page in %r" %
                      (p, kid, detail))
                continue
            page = int(mp.group(1))
            if not 0 < page <= len(texts) or district not in titles[
                    page - 1]:
                fault("gazetteer page %d, %s: map page %d is headed %r, "
                      "not the district %r" % (p, kid, page,
                                               titles[page - 1]
                                               if 0 < page <= len(texts)
                                               else None, district))
    check_ellipses(pdf, gaz, "gazetteer")
    return n


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    pdf, style, kcsv = sys.argv[1:]
    with open(style, encoding="utf-8") as f:
        cat = json.load(f)["catalog"]
    pages, texts = bbox_pages(pdf), page_texts(pdf)
    nt = check_tables(pdf, pages, texts, cat)
    ng = check_gazetteer(pdf, pages, texts, survey_coords(kcsv), cat)
    kinds = {}
    for f in faults:
        k = re.sub(r"^(table|gazetteer) page \d+(, KZ-\d+)?: ", "", f)
        k = re.sub(r"['\"].*|\d+ ellipsis.*", "", k).strip() or \
            "ellipsis glyphs"
        kinds[k] = kinds.get(k, 0) + 1
    for k, c in sorted(kinds.items()):
        print("  %5d x %s" % (c, k))
    print("%d table pages, %d gazetteer entries, %d faults" %
          (nt, ng, len(faults)))
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
