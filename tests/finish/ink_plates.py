#!/usr/bin/env python3
"""The inks of one page of a CMYK PDF as Ghostscript separates them
(tiffsep), for the press tests.

usage: ink_plates.py PDF PAGE DPI

Prints one line per process plate: "Cyan N MAX x0 y0 x1 y1", the pixels
carrying that ink (more than 1 of 255), the most ink on one pixel and the
box (points, top-left origin of the page's MediaBox) holding them, "- - - -"
for an empty plate.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image


def main():
    pdf, page, dpi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                        "-sDEVICE=tiffsep", "-r%d" % dpi,
                        "-dFirstPage=%d" % page, "-dLastPage=%d" % page,
                        "-sOutputFile=" + os.path.join(tmp, "p.tif"), pdf],
                       check=True)
        for ink in ("Cyan", "Magenta", "Yellow", "Black"):
            plate = Image.open(os.path.join(tmp, "p(%s).tif" % ink))
            a = 255 - np.asarray(plate.convert("L")).astype(int)
            ys, xs = np.nonzero(a > 1)
            if len(xs):
                k = 72.0 / dpi
                print("%s %d %d %.1f %.1f %.1f %.1f" %
                      (ink, len(xs), a.max(), xs.min() * k, ys.min() * k,
                       (xs.max() + 1) * k, (ys.max() + 1) * k))
            else:
                print("%s 0 0 - - - -" % ink)


if __name__ == "__main__":
    main()
