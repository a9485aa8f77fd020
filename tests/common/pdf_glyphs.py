#!/usr/bin/python3
"""Glyphs of a PDF as pdfminer reads them (an independent reader: every
transformation in force, form XObjects included, text at any angle).

  pdf_glyphs.py sizes FILE.pdf [MIN_PT]
      every glyph set smaller than MIN_PT (default 6), at most ten, then
      "glyphs N small M"; the size on the page is the square root of the
      determinant of the glyph's matrix, so a label along a river at 30
      degrees is measured as well as a horizontal one.
  pdf_glyphs.py turned FILE.pdf
      one line per glyph not set upright or at a right angle (a name along
      a line): "PAGE X0 Y0 X1 Y1 CHAR" in points from the page's top left,
      the box pdfminer gives it; poppler's word boxes do not follow such
      text.
"""
import math
import sys

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar


def chars(o):
    if isinstance(o, LTChar):
        yield o
    elif hasattr(o, "__iter__"):
        for c in o:
            yield from chars(c)


def pages(path):
    return enumerate(extract_pages(path, laparams=LAParams(all_texts=True)),
                     1)


def sizes(path, min_pt):
    n = small = 0
    for pno, page in pages(path):
        for ch in chars(page):
            a, b, c, d, _, _ = ch.matrix
            size = math.sqrt(abs(a * d - b * c))
            n += 1
            if size < min_pt - 0.02:
                small += 1
                if small <= 10:
                    print("p. %d: %r at %.2f pt (%s)"
                          % (pno, ch.get_text(), size, ch.fontname))
    print("glyphs %d small %d" % (n, small))


def turned(path):
    for pno, page in pages(path):
        h = page.height
        for ch in chars(page):
            a, b, _, _, _, _ = ch.matrix
            ang = math.degrees(math.atan2(b, a)) % 90
            if min(ang, 90 - ang) < 0.5:
                continue
            print("%d %.3f %.3f %.3f %.3f %s"
                  % (pno, ch.x0, h - ch.y1, ch.x1, h - ch.y0,
                     ch.get_text().strip() or "_"))


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("sizes", "turned"):
        print(__doc__, file=sys.stderr)
        return 2
    if sys.argv[1] == "sizes":
        sizes(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 6.0)
    else:
        turned(sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
