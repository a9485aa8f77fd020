#!/usr/bin/env python3
"""check_legend_symbols.py - on every map page of an atlas (a page with a
legend, its largest geospatial viewport the map frame), what the map
draws and what its legend lists, read back from the PDF's content
streams (pdfpaths.py) and word boxes (pdftotext -bbox-layout), with the
colours and sizes of the style file:

- a mother well (a filled triangle in the style's shaft colour), a city
  marker (a ring in the places' colour, its width 0.35 of the city
  radius) and a town or village dot (a filled circle in the places'
  colour of a town, village or hamlet radius) found in the frame outside
  the furniture boxes; the legend lists "Ana quyu / Mother well",
  "Şəhər / City" and "Qəsəbə, kənd / Town, village" (the style's words)
  exactly when the map draws them;
- no ring (a paper-filled circle) is drawn in the frame in a colour no
  legend key uses (the outlets' stroke, the conditions', the shafts',
  the places');
- the point symbols of each legend (condition classes and point
  features; the graduated discharge circles apart) are pairwise
  distinct: another shape, or a fill or stroke colour differing by more
  than 0.25 in a channel, or one at least 1.5 times the other's size.

Prints one line per fault and a summary; exits 1 on any fault.

usage: check_legend_symbols.py atlas.pdf style.json
"""
import json
import sys

from pdfread import bbox_pages, qpdf_json
from pdfpaths import Pdf, bbox, same_rgb, hex_rgb

faults = []
MM = 72 / 25.4


def fault(msg):
    faults.append(msg)
    print("FAULT: " + msg)


def frames(pdf):
    """Per page: the largest viewport's box (top-left origin) or None."""
    j, obj = qpdf_json(pdf, "pages")
    out = []
    for p in j["pages"]:
        page = obj(p["object"])
        height = float(obj(page["/MediaBox"])[3])
        best = None
        for vp in obj(page.get("/VP", [])):
            x0, y0, x1, y1 = (float(v) for v in obj(obj(vp)["/BBox"]))
            b = (min(x0, x1), height - max(y0, y1), max(x0, x1),
                 height - min(y0, y1))
            if not best or (b[2] - b[0]) * (b[3] - b[1]) > \
                    (best[2] - best[0]) * (best[3] - best[1]):
                best = b
        out.append(best)
    return out


def inside(pt, b, slack=0):
    return b[0] - slack <= pt[0] <= b[2] + slack and \
        b[1] - slack <= pt[1] <= b[3] + slack


def centre(p):
    b = bbox(p)
    return ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)


def vertices(sp):
    pts = []
    for q in sp:
        if not pts or abs(q[0] - pts[-1][0]) + abs(q[1] - pts[-1][1]) > 1e-3:
            pts.append(q)
    if len(pts) > 1 and abs(pts[0][0] - pts[-1][0]) + \
            abs(pts[0][1] - pts[-1][1]) < 1e-3:
        pts.pop()
    return pts


def is_down_triangle(p):
    if p["curves"] or len(p["subpaths"]) != 1:
        return False
    v = vertices(p["subpaths"][0])
    if len(v) != 3:
        return False
    v.sort(key=lambda q: q[1])
    # two corners at the top, the tip below (page y grows down)
    return abs(v[0][1] - v[1][1]) < 0.01 and v[2][1] > v[1][1] + 0.1


def classify(paths, st):
    """The mother wells, city markers and town/village dots drawn."""
    shaft = hex_rgb(st["colors"]["shaft"])
    place = hex_rgb(st["reference"]["places"]["color"])
    radii = [r * MM for r in st["reference"]["places"]["radii_mm"]]
    found = {"mother": [], "city": [], "settlement": []}
    rings = []
    for p in paths:
        b = bbox(p)
        w = b[2] - b[0]
        if p["fill"] is not None and same_rgb(p["fill"], shaft) and \
                is_down_triangle(p):
            found["mother"].append(centre(p))
        if p["stroke"] is not None and p["curves"] and \
                same_rgb(p["stroke"], place) and \
                abs(p["lw"] - 0.35 * radii[0]) < 0.02 and \
                abs(w - 2 * radii[0]) < 0.1:
            rings.append(centre(p))
    found["city"] = rings
    for p in paths:
        if p["fill"] is None or p["stroke"] is not None or \
                not p["curves"] or not same_rgb(p["fill"], place):
            continue
        c = centre(p)
        b = bbox(p)
        w = b[2] - b[0]
        if any(abs(c[0] - r[0]) < 0.05 and abs(c[1] - r[1]) < 0.05
               for r in rings):
            continue  # a city marker's dot
        if any(abs(w - 2 * r) < 0.1 for r in radii[1:]):
            found["settlement"].append(c)
    return found


def stray_rings(paths, st):
    """Paper-filled rings in a colour no legend key uses: not the outlets'
    stroke, a condition's colour (open symbols), the shafts' or the
    places' (a city's ring is filled with the halo colour), nor the
    outlets' colours taken symbols.neighbour_fade of the way toward the
    paper (a neighbour's kahriz, keyed by the pale symbol on the
    neighbouring districts' swatch)."""
    keys = [hex_rgb(st["colors"]["symbol_stroke"]),
            hex_rgb(st["colors"]["shaft"]),
            hex_rgb(st["reference"]["places"]["color"])] + \
        [hex_rgb(c) for c in st["colors"]["condition"].values()]
    paper = hex_rgb(st["colors"]["paper"])
    fade = st["symbols"]["neighbour_fade"]
    keys += [tuple(k[i] + (paper[i] - k[i]) * fade for i in range(3))
             for k in keys[:1] + keys[3:]]
    return [centre(p) for p in paths
            if p["curves"] and p["stroke"] is not None and
            p["fill"] is not None and same_rgb(p["fill"], paper) and
            not any(same_rgb(p["stroke"], k) for k in keys)]


def furniture(paths, frame, paper):
    """Boxes filled with paper inside the frame: legend, inset, scale."""
    out = []
    for p in paths:
        if p["curves"] or p["fill"] is None or \
                not same_rgb(p["fill"], paper) or len(p["subpaths"]) != 1:
            continue
        v = vertices(p["subpaths"][0])
        b = bbox(p)
        if len(v) == 4 and (b[2] - b[0]) * (b[3] - b[1]) > 400 and \
                inside(b[:2], frame, 1) and inside(b[2:], frame, 1) and \
                (b[2] - b[0]) < 0.9 * (frame[2] - frame[0]):
            out.append(b)
    return out


def signature(ps):
    """Shape, fill, stroke and size of one legend key's paths."""
    ps = [p for p in ps if p["fill"] is not None or p["stroke"] is not None]
    if not ps:
        return None
    boxes = [bbox(p) for p in ps]
    size = max(b[2] - b[0] for b in boxes)
    hgt = max(b[3] - b[1] for b in boxes)
    if hgt < 2 and size > 6:
        return None  # a line
    main = max(ps, key=lambda p: (bbox(p)[2] - bbox(p)[0]))
    if main["curves"]:
        rings = [p for p in ps if p["curves"] and p["stroke"] is not None]
        dots = [p for p in ps if p["curves"] and p["fill"] is not None and
                bbox(p)[2] - bbox(p)[0] < 0.6 * size]
        shape = "ring+dot" if rings and dots else "circle"
    else:
        v = vertices(main["subpaths"][0]) if len(main["subpaths"]) == 1 \
            else []
        if len(main["subpaths"]) == 2:
            shape = "cross"
        elif len(v) == 3:
            shape = "triangle-down" if is_down_triangle(main) else \
                "triangle-up"
        elif len(v) == 4:
            axis = all(abs(v[i][0] - v[i - 1][0]) < 0.01 or
                       abs(v[i][1] - v[i - 1][1]) < 0.01 for i in range(4))
            if axis and abs((bbox(main)[2] - bbox(main)[0]) -
                            (bbox(main)[3] - bbox(main)[1])) > 1:
                return None  # an area swatch
            shape = "square" if axis else "diamond"
        else:
            shape = "polygon%d" % len(v)
    # every colour the key is filled with (a half-filled symbol has two)
    fills = tuple(sorted({tuple(round(x, 3) for x in p["fill"])
                          for p in ps if p["fill"] is not None}))
    strokes = [p["stroke"] for p in ps if p["stroke"] is not None]
    return (shape, fills, strokes[0] if strokes else None, size)


def far(a, b):
    return max(abs(x - y) for x, y in zip(a, b)) > 0.25


def differ(a, b):
    if a[0] != b[0] or len(a[1]) != len(b[1]):
        return True
    if any(far(x, y) for x, y in zip(a[1], b[1])):
        return True
    if (a[2] is None) != (b[2] is None) or \
            (a[2] is not None and far(a[2], b[2])):
        return True
    return max(a[3], b[3]) >= 1.5 * min(a[3], b[3])


def main():
    pdf, style = sys.argv[1:3]
    st = json.load(open(style, encoding="utf-8"))
    cat = st["catalog"]
    paper = hex_rgb(st["colors"]["paper"])
    names = {"mother": cat["legend.mother_well"]["az"],
             "city": cat["legend.city"]["az"],
             "settlement": cat["legend.settlement"]["az"]}
    head = cat["legend.features"]["az"]
    doc = Pdf(pdf)
    pages = bbox_pages(pdf)
    n_maps = 0
    drawn = {k: 0 for k in names}
    n_keys = 0
    for pi, frame in enumerate(frames(pdf)):
        if frame is None:
            continue
        width, height, lines = pages[pi]
        texts = [(ln[0][0], min(w[1] for w in ln), ln[-1][2],
                  max(w[3] for w in ln), " ".join(w[4] for w in ln))
                 for ln in lines]
        heads = [t for t in texts if t[4].startswith(head) and
                 inside((t[0], t[1]), frame)]
        if not heads:
            continue
        paths, _ = doc.page_paths(pi)
        boxes = furniture(paths, frame, paper)
        legend = [b for b in boxes if any(inside((t[0], t[1]), b)
                                          for t in heads)]
        if len(legend) != 1:
            fault("page %d: %d legend boxes" % (pi + 1, len(legend)))
            continue
        lb = legend[0]
        n_maps += 1
        on_map = classify([p for p in paths
                           if inside(centre(p), frame) and
                           not any(inside(centre(p), b, 0.5)
                                   for b in boxes)], st)
        stray = stray_rings([p for p in paths
                             if inside(centre(p), frame) and
                             not any(inside(centre(p), b, 0.5)
                                     for b in boxes)], st)
        if stray:
            fault("page %d: %d rings no legend key explains, at %.1f, %.1f"
                  % ((pi + 1, len(stray)) + stray[0]))
        rows = [t for t in texts if inside((t[0], t[1]), lb)]
        for k, name in names.items():
            listed = any(t[4] == name or t[4].startswith(name + " /")
                         for t in rows)
            drawn[k] += bool(on_map[k])
            if listed != bool(on_map[k]):
                fault("page %d: %d %s drawn, legend %s %r" %
                      (pi + 1, len(on_map[k]), k,
                       "lists" if listed else "does not list", name))
        # the legend's point keys, row by row
        in_legend = [p for p in paths if inside(centre(p), lb) and
                     bbox(p)[2] - bbox(p)[0] < 20]
        sigs = []
        for t in rows:
            if t[4].startswith(head) or any(c.isdigit() for c in t[4]) or \
                    t[4].startswith(cat["legend.not_measured"]["az"]):
                continue
            ps = [p for p in in_legend
                  if t[0] - 20 <= centre(p)[0] < t[0] and
                  t[1] - 3 <= centre(p)[1] <= t[3] + 3]
            s = signature(ps)
            if s:
                sigs.append((t[4], s))
        n_keys += len(sigs)
        for i in range(len(sigs)):
            for j in range(i + 1, len(sigs)):
                if not differ(sigs[i][1], sigs[j][1]):
                    fault("page %d: %r and %r alike: %r, %r" %
                          (pi + 1, sigs[i][0], sigs[j][0], sigs[i][1],
                           sigs[j][1]))
    print("%d maps, %d point keys; drawn on %d maps: mother well, %d: "
          "city, %d: town or village; %d faults" %
          (n_maps, n_keys, drawn["mother"], drawn["city"],
           drawn["settlement"], len(faults)))
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
