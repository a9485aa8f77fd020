#!/usr/bin/env python3
"""check_intro_legend.py - the introduction's legend page explains every
row any map of the atlas puts in its legend, read back from the PDF
(pdftotext -bbox-layout word boxes, the content streams' paths through
pdfpaths.py), never from kahriz-atlas:

- a map page is a page with a geospatial viewport (the map frame); its
  legend is the paper-filled box in the frame that holds the heading
  "İşarələr / Features" (the style's words); its rows are the runs of
  words inside that box, a run ending where the next word starts more
  than 5 pt on (the key before a row's words, the second column of a
  legend);
- every such row but the headings (condition, discharge, density,
  features) is a run of words of the introduction's legend page (the page
  headed by the style's "atlas.intro.legend.title"), where a class of
  discharge may carry its unit ("0,5–<2 l/san / 0.5–<2 l/s": the maps
  give it in the heading above their classes).

Prints each row missing from the introduction and a summary; exits 1 on
any fault.

usage: check_intro_legend.py atlas.pdf style.json
"""
import json
import re
import sys

from check_legend_symbols import frames, furniture, inside
from pdfpaths import Pdf, hex_rgb
from pdfread import bbox_pages

faults = []
GAP = 5.0  # points between two runs of words on one line


def fault(msg):
    faults.append(msg)
    if len(faults) <= 60:
        print("FAULT: " + msg)


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace(
        "\u202f", " ")).strip()


def runs(lines):
    """Runs of words on each line, as (x0, y0, text)."""
    out = []
    for ln in lines:
        cur = [ln[0]]
        for w in ln[1:]:
            if w[0] - cur[-1][2] > GAP:
                out.append(cur)
                cur = []
            cur.append(w)
        out.append(cur)
    return [(r[0][0], r[0][1], norm(" ".join(w[4] for w in r))) for r in out]


def bi(cat, key):
    az, en = cat[key]["az"], cat[key]["en"]
    return norm(az if az == en else az + " / " + en)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    pdf, style = sys.argv[1:3]
    st = json.load(open(style, encoding="utf-8"))
    cat = st["catalog"]
    paper = hex_rgb(st["colors"]["paper"])
    heads = {bi(cat, k) for k in ("legend.condition", "legend.discharge",
                                  "legend.density", "legend.features")}
    features = bi(cat, "legend.features")
    title = bi(cat, "atlas.intro.legend.title")
    pages = bbox_pages(pdf)
    intro = [i for i, (_, _, lines) in enumerate(pages)
             if any(t == title for _, _, t in runs(lines))]
    if len(intro) != 1:
        fault("%d pages headed %r" % (len(intro), title))
        return 1
    explained = set()
    for _, _, t in runs(pages[intro[0]][2]):
        explained.add(t)
        explained.add(norm(re.sub(r" l/san\b| l/s\b", "", t)))
    doc = Pdf(pdf)
    n_maps = n_rows = 0
    missing = {}
    for pi, frame in enumerate(frames(pdf)):
        if frame is None or pi == intro[0]:
            continue
        lines = pages[pi][2]
        rs = [r for r in runs(lines) if inside(r[:2], frame)]
        if not any(t == features for _, _, t in rs):
            continue
        paths, _ = doc.page_paths(pi)
        boxes = [b for b in furniture(paths, frame, paper)
                 if any(t == features and inside((x, y), b)
                        for x, y, t in rs)]
        if len(boxes) != 1:
            fault("page %d: %d legend boxes" % (pi + 1, len(boxes)))
            continue
        n_maps += 1
        for x, y, t in rs:
            if not inside((x, y), boxes[0]) or t in heads:
                continue
            n_rows += 1
            if t not in explained:
                missing.setdefault(t, []).append(pi + 1)
    for t, ps in sorted(missing.items()):
        fault("legend row %r (pages %s) not on the introduction's legend, "
              "page %d" % (t, ", ".join(map(str, ps[:6])) +
                           (" ..." if len(ps) > 6 else ""), intro[0] + 1))
    if not n_maps:
        fault("no map legend found")
    print("%d map legends, %d rows, %d labels missing from page %d; %d "
          "faults" % (n_maps, n_rows, len(missing), intro[0] + 1,
                      len(faults)))
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
