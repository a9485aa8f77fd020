#!/usr/bin/env python3
"""check_tables.py - the statistics tables of an atlas (the national table
of economic regions and each region page's table of districts), read back
with pdftotext and checked against the bundled district boundaries read
with GDAL/OGR, never with kahriz-atlas:

- a region's table lists every district of the region in the boundaries
  file, those without kahrizes too, in Azerbaijani alphabetical order of
  their names, and every region with kahrizes in the national table has
  such a table;
- each column that is a count or a sum adds up: the rows as printed sum
  to the total as printed, or the total carries "*" and the footnote
  under the table says that totals come from unrounded values;
- every density (kahrizes per 100 km²), the total's too, is the row's
  kahrizes over the area of its districts, measured here with OGR in the
  atlas's equal-area projection (LAEA 40.2°N 47.7°E on WGS84);
- a district's table of kahrizes runs over pages numbered (1/N) to
  (N/N) in a row, headed "Kəhrizlər / Kahrizes" on the first and
  "Kəhrizlər (davamı) / Kahrizes (continued)" on the others, and no
  kahriz id is in the rows of two such pages or twice on one;
- the national table names each economic region in both languages as
  the boundaries file does (region_az / region_en), and lists them in
  Azerbaijani
  alphabetical order of their names (a b c ç d e ə f g ğ h x ı i j k q l
  m n o ö p r s ş t u ü v y z), as the contents and the outline do.

Prints one line per fault and a summary; exits 1 on any fault.

usage: check_tables.py atlas.pdf districts.geojson
"""
import re
import sys

from osgeo import ogr, osr

from pdfread import page_texts, qpdf_json

faults = []
ALPHABET = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
FOOTNOTE = ("* Cəm yuvarlaqlaşdırılmamış qiymətlərdən hesablanıb",
            "* Totals are computed from unrounded values")
LAEA = ("+proj=laea +lat_0=40.2 +lon_0=47.7 +x_0=0 +y_0=0 +ellps=WGS84 "
        "+units=m +no_defs")
SUMS = [1, 2, 3, 4, 5, 7]  # columns that are counts or sums
DECIMALS = [0, 0, 0, 1, 0, 1, 2, 0]


def fault(msg):
    faults.append(msg)
    print("FAULT: " + msg)


def az_key(name):
    """Sort key in the Azerbaijani alphabet (case-folded the Azerbaijani
    way: I -> ı, İ -> i); a space or a mark sorts before every letter, as
    in a dictionary ("Ağ su" before "Ağa")."""
    low = name.replace("I", "ı").replace("İ", "i").lower()
    return [ALPHABET.index(c) + 200 if c in ALPHABET
            else ord(c) if ord(c) < 128 else 1000 + ord(c) for c in low]


def districts(path):
    """name ("az / en", or az when both are the same) -> (region az name,
    area in km²) of every district."""
    src = osr.SpatialReference()
    src.ImportFromEPSG(4326)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference()
    dst.ImportFromProj4(LAEA)
    ct = osr.CoordinateTransformation(src, dst)
    out = {}
    ds = ogr.Open(path)
    for f in ds.GetLayer():
        g = f.GetGeometryRef().Clone()
        g.Transform(ct)
        az, en = f.GetField("name_az"), f.GetField("name_en")
        name = az if az == en else "%s / %s" % (az, en)
        out[name] = (f.GetField("region_az"), g.GetArea() / 1e6)
    return out


def number(text):
    text = re.sub(r"[\s\u202f\u00a0]", "", text).rstrip("*")
    return float(text.replace(",", "."))


def tables(pdf):
    """Each statistics table: (page, kind, rows, total, footnote), rows
    and total as (name, [7 numbers], [7 marked])."""
    out = []
    for p, page in enumerate(page_texts(pdf), 1):
        lines = page.split("\n")
        for i, line in enumerate(lines):
            m = re.match(r"\s*(Economic region|District)\s+Kahrizes\s", line)
            if not m:
                continue
            rows, total, note = [], None, False
            for row in lines[i + 1:]:
                if not row.strip():
                    continue
                cells = re.split(r"\s{2,}", row.strip())
                if len(cells) == 8 and total is None:
                    vals = [number(c) for c in cells[1:]]
                    marks = [c.endswith("*") for c in cells[1:]]
                    if cells[0] == "Cəmi / Total":
                        total = (cells[0], vals, marks)
                    else:
                        rows.append((cells[0], vals, marks))
                    continue
                if total is not None:
                    note = any(row.strip().startswith(f) for f in FOOTNOTE)
                break
            out.append((p, m.group(1), rows, total, note))
    return out


def check_sums(p, rows, total, note):
    if total is None:
        fault("page %d: a table without its total" % p)
        return
    marked = False
    for c in SUMS:
        j = c - 1
        s = round(sum(r[1][j] for r in rows), DECIMALS[c])
        adds = abs(s - total[1][j]) < 1e-6
        if adds and total[2][j]:
            fault("page %d: column %d adds up to %s but is marked" %
                  (p, c, total[1][j]))
        if not adds and not total[2][j]:
            fault("page %d: column %d rows add up to %s, the total prints "
                  "%s without a mark" % (p, c, s, total[1][j]))
        marked |= total[2][j]
    if marked and not note:
        fault("page %d: a marked total without the footnote" % p)
    if note and not marked:
        fault("page %d: the footnote without a marked total" % p)


def check_density(p, name, vals, area):
    want = vals[0] / area * 100 if area > 0 else 0
    if abs(vals[5] - want) > 0.0051:
        fault("page %d: %s prints %.2f kahrizes per 100 km², %d over "
              "%.1f km² is %.4f" % (p, name, vals[5], vals[0], area, want))


def region_names(path):
    """"az / en" (az alone when both are the same) of every economic
    region in the boundaries file, by its Azerbaijani name."""
    out = {}
    ds = ogr.Open(path)  # kept: its layer dies with it
    for f in ds.GetLayer():
        az, en = f.GetField("region_az"), f.GetField("region_en")
        out[az] = az if az == en else "%s / %s" % (az, en)
    return out


def main():
    pdf, dpath = sys.argv[1], sys.argv[2]
    dist = districts(dpath)
    regions_bi = region_names(dpath)
    region_area = {}
    for region, area in dist.values():
        region_area[region] = region_area.get(region, 0) + area
    n_tables = n_rows = 0
    national = None
    tabled = set()  # regions with a table of their districts
    for p, kind, rows, total, note in tables(pdf):
        n_tables += 1
        n_rows += len(rows)
        check_sums(p, rows, total, note)
        if kind == "Economic region":
            national = (p, [r[0] for r in rows])
            with_kahrizes = {r[0].split(" / ")[0] for r in rows if r[1][0]}
            for name, vals, _ in rows:
                az = name.split(" / ")[0]
                if az in regions_bi and name != regions_bi[az]:
                    fault("page %d: region %r, the boundaries name it %r" %
                          (p, name, regions_bi[az]))
                if az in region_area:
                    check_density(p, name, vals, region_area[az])
            if total:
                check_density(p, "the total", total[1],
                              sum(a for _, a in dist.values()))
            continue
        # a region's table: every district of the region, and only those
        regions = {dist[r[0]][0] for r in rows if r[0] in dist}
        unknown = [r[0] for r in rows if r[0] not in dist]
        if unknown:
            fault("page %d: rows that are no district: %s" % (p, unknown))
            continue
        if len(regions) != 1:
            fault("page %d: districts of %d regions" % (p, len(regions)))
            continue
        region = regions.pop()
        tabled.add(region)
        want = sorted(n for n, (r, _) in dist.items() if r == region)
        got = sorted(r[0] for r in rows)
        if got != want:
            fault("page %d (%s): lists %s, the region has %s" %
                  (p, region, got, want))
        order = [r[0] for r in rows]
        if order != sorted(order, key=az_key):
            fault("page %d (%s): districts in the order %s, Azerbaijani "
                  "order is %s" % (p, region, order,
                                   sorted(order, key=az_key)))
        for name, vals, _ in rows:
            check_density(p, name, vals, dist[name][1])
        if total:
            check_density(p, "%s total" % region, total[1],
                          sum(dist[r[0]][1] for r in rows))
    if national is None:
        fault("no national table of economic regions")
    else:
        p, names = national
        az = [n.split(" / ")[0] for n in names]
        if az != sorted(az, key=az_key):
            fault("page %d: regions in the order %s, Azerbaijani order is "
                  "%s" % (p, az, sorted(az, key=az_key)))
        check_outline_order(pdf, p, az)
        for name in az:
            if name in with_kahrizes and name not in tabled:
                fault("no table of the districts of %s" % name)
    n_pages, n_ids = check_kahriz_tables(pdf)
    print("%d tables, %d rows, %d pages of kahriz tables listing %d ids, "
          "%d faults" % (n_tables, n_rows, n_pages, n_ids, len(faults)))
    sys.exit(1 if faults else 0)


PART = re.compile(r"^\s*(Kəhrizlər(?: \(davamı\))? / Kahrizes"
                  r"(?: \(continued\))?) \((\d+)/(\d+)\)(?: · .*)?$", re.M)
FIRST = "Kəhrizlər / Kahrizes"
REST = "Kəhrizlər (davamı) / Kahrizes (continued)"


def check_kahriz_tables(pdf):
    """The parts of each district's table of kahrizes, and each id in one
    row of one of them; the number of table pages."""
    seen = {}
    expect = None  # (part, parts) of the page that must come next
    n = 0
    for p, text in enumerate(page_texts(pdf), 1):
        m = PART.search(text)
        if not m:
            if expect:
                fault("page %d: part %d/%d of a table of kahrizes missing" %
                      ((p,) + expect))
                expect = None
            continue
        n += 1
        head, part, parts = m.group(1), int(m.group(2)), int(m.group(3))
        if expect and (part, parts) != expect:
            fault("page %d: part %d/%d, expected %d/%d" %
                  ((p, part, parts) + expect))
        elif not expect and part != 1:
            fault("page %d: a table of kahrizes starts at part %d/%d" %
                  (p, part, parts))
        if head != (FIRST if part == 1 else REST):
            fault("page %d: part %d/%d headed %r" % (p, part, parts, head))
        expect = (part + 1, parts) if part < parts else None
        body = text[m.end():]
        for kid in re.findall(r"^\s*(KZ-\d+)\s", body, re.M):
            if kid in seen:
                fault("page %d: %s listed again (first on page %d)" %
                      (p, kid, seen[kid]))
            else:
                seen[kid] = p
    return n, len(seen)


def check_outline_order(pdf, p, rows):
    """The regions of the outline (the districts' part) come in the order
    of the national table's rows."""
    j, _ = qpdf_json(pdf, "outlines")
    outline = []
    for o in j["outlines"]:
        for k in o.get("kids", []):
            if k.get("kids"):  # a region, with its districts
                name = k["title"].split(" / ")[0]
                if name in rows:
                    outline.append(name)
    listed = [r for r in rows if r in outline]
    if listed != outline:
        fault("page %d: regions in the order %s, the outline's %s" %
              (p, listed, outline))


if __name__ == "__main__":
    main()
