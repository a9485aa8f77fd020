#!/usr/bin/env python3
"""Condition classes read in order when printed in grey.

For every style in styles/ (and any given on the command line): the
condition colours of good, fair, poor, dry and collapsed, converted here
from their sRGB hex to CIE L* (D65, the CIE 1976 formula; nothing from
lib/), must be monotonic in that order of condition with at least
MIN_STEP L* between neighbouring classes, and 'unassessed' must stand at
least MIN_STEP from every one of them.  A style that prints every class
in one colour (a monochrome style) carries the order by shape instead:
each class then needs a shape and fill of its own.
Exit 0 when every style passes, 1 naming each failure.
"""
import glob
import json
import os
import sys

ORDER = ["good", "fair", "poor", "dry", "collapsed"]
MIN_STEP = 15.0  # as render/palette asks of every pair


def lstar(hexcol):
    h = hexcol.lstrip("#")
    if len(h) != 6:
        raise ValueError("not #rrggbb: %r" % hexcol)
    rgb = [int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
           for c in rgb]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    eps, kappa = 216.0 / 24389.0, 24389.0 / 27.0
    return 116.0 * y ** (1.0 / 3.0) - 16.0 if y > eps else kappa * y


def check(path):
    errors = []
    with open(path, encoding="utf-8") as f:
        st = json.load(f)
    cols = st["colors"]["condition"]
    syms = st["symbols"]["condition"]
    name = os.path.basename(path)
    if len({cols[c].lower() for c in ORDER}) == 1:
        cues = [(syms[c]["shape"], syms[c]["fill"]) for c in ORDER +
                ["unassessed"]]
        if len(set(cues)) != len(cues):
            errors.append("%s: one colour for every class, and shapes "
                          "shared: %s" % (name, cues))
        return errors, "%s: one colour, shapes %s" % (name, cues)
    ls = [lstar(cols[c]) for c in ORDER]
    steps = [b - a for a, b in zip(ls, ls[1:])]
    desc = ", ".join("%s %.1f" % (c, v) for c, v in zip(ORDER, ls))
    if not (all(s < 0 for s in steps) or all(s > 0 for s in steps)):
        errors.append("%s: L* not monotonic by condition: %s" % (name, desc))
    for (a, b), s in zip(zip(ORDER, ORDER[1:]), steps):
        if abs(s) < MIN_STEP:
            errors.append("%s: %s and %s only %.1f L* apart (< %.0f)" %
                          (name, a, b, abs(s), MIN_STEP))
    lu = lstar(cols["unassessed"])
    for c, v in zip(ORDER, ls):
        if abs(v - lu) < MIN_STEP:
            errors.append("%s: unassessed (L* %.1f) and %s (%.1f) closer "
                          "than %.0f" % (name, lu, c, v, MIN_STEP))
    return errors, "%s: %s, unassessed %.1f" % (name, desc, lu)


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "..")
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(root, "styles",
                                                          "*.json")))
    if not paths:
        print("no styles found")
        return 1
    errors = []
    for p in paths:
        e, line = check(p)
        print(line)
        errors += e
    for e in errors:
        print("FAIL", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
