#!/usr/bin/python3
"""Print every glyph of a PDF set smaller than a size, as pdfminer reads
it: the size on the page is the square root of the determinant of the
glyph's matrix (text matrix, font size and every transformation in force,
form XObjects included), so a label along a river at 30 degrees is
measured as well as a horizontal one.  Last line: "glyphs N small M".

usage: check_text_sizes.py FILE.pdf [MIN_PT]
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


def main():
    path = sys.argv[1]
    min_pt = float(sys.argv[2]) if len(sys.argv) > 2 else 6.0
    n = small = 0
    for pno, page in enumerate(
            extract_pages(path, laparams=LAParams(all_texts=True)), 1):
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
