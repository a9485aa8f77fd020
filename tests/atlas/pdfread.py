"""pdfread.py - what the atlas checkers read back from a PDF, read one way:
poppler's word boxes (pdftotext -bbox-layout) and page text (pdftotext
-layout), qpdf's JSON with its object references resolved, and the pairs
of overlapping boxes among many (a sweep, not every pair).

Imported by check_atlas.py, check_charts.py, check_pages.py,
check_sheet_coords.py and check_tables.py (all in this directory).
"""
import functools
import html
import json
import re
import subprocess

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                  r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
SIZE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)"')


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, check=True).stdout


@functools.lru_cache(maxsize=4)
def bbox_pages(pdf):
    """Per page: (width, height, lines), each line the words poppler groups
    on it as (x0, y0, x1, y1, text), top-left origin, in points.  Read
    once per file and process: callers share it and must not change it."""
    xml = run("pdftotext", "-enc", "UTF-8", "-bbox-layout", pdf,
              "-").decode()
    out = []
    for chunk in xml.split("<page ")[1:]:
        w, h = (float(v) for v in SIZE.search("<page " + chunk).groups())
        lines = [[(float(a), float(b), float(c), float(d), html.unescape(t))
                  for a, b, c, d, t in WORD.findall(line)]
                 for line in chunk.split("</line>")]
        out.append((w, h, [ln for ln in lines if ln]))
    return out


def page_words(pdf):
    """Per page: its words (x0, y0, x1, y1, text), in reading order."""
    return [[w for line in lines for w in line]
            for _, _, lines in bbox_pages(pdf)]


@functools.lru_cache(maxsize=4)
def page_texts(pdf):
    """Plain text of each page (pdftotext -layout), index 0 is page 1
    (shared like bbox_pages)."""
    text = run("pdftotext", "-enc", "UTF-8", "-layout", pdf, "-").decode()
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def qpdf_json(pdf, *keys):
    """qpdf's JSON (version 2) of the keys given, and a resolver of its
    indirect references ("12 0 R" -> the object's value)."""
    args = ["qpdf", "--json=2"] + ["--json-key=" + k for k in keys]
    if "qpdf" not in keys:
        args.append("--json-key=qpdf")
    j = json.loads(run(*(args + [pdf])))
    objs = j["qpdf"][1]

    def obj(r):
        if isinstance(r, str) and r.endswith(" R"):
            return objs["obj:" + r]["value"]
        return r

    return j, obj


def overlap(a, b):
    """How far boxes a and b overlap across and down (negative: apart)."""
    return (min(a[2], b[2]) - max(a[0], b[0]),
            min(a[3], b[3]) - max(a[1], b[1]))


def overlapping_pairs(boxes, slack):
    """Every pair (a, b) of boxes overlapping by more than slack both
    across and down, a before b in the order given: a sweep down the boxes
    sorted by their top edge (text lines rarely share one), the same pairs
    as comparing every two."""
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][1])
    out = []
    for n, i in enumerate(order):
        ax0, ay0, ax1, ay1 = boxes[i][:4]
        for j in order[n + 1:]:
            bx0, by0, bx1, by1 = boxes[j][:4]
            if by0 >= ay1 - slack:
                break  # b and every box after it start below a's foot
            if (min(ax1, bx1) - max(ax0, bx0) > slack and
                    min(ay1, by1) - by0 > slack):
                out.append((boxes[i], boxes[j]) if i < j else
                           (boxes[j], boxes[i]))
    return out
