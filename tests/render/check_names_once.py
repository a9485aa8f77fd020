#!/usr/bin/env python3
"""check_names_once.py - a place is named once on a map: a district and
the town of the same name in it (Ordubad the rayon and Ordubad the town)
are not both named, in two styles, in one frame.

usage: check_names_once.py DISTRICTS TOWNS MAP.pdf[:PAGE|:all] ...

The names checked are those a district of DISTRICTS and a town of TOWNS
lying in it or within 5 km of it (OGR, on the WGS 84 ellipsoid's
degrees at the town's latitude) both have (name_az): one place, named
for both.  Within the map frame of each page (the single /VP viewport's
/BBox, read with qpdf through check_context.py), the words of poppler's
pdftotext -bbox-layout are read line by line; a name counts where its
words stand followed by nothing, by "/" or by a capitalised word (a
place or district label beside it), not by a lower-case word ("Ordubad
kəhrizi" is a kahriz), not within a longer name of TOWNS ("Qax
İngiloy", "Yuxarı Daşkəsən") nor after a number (the key list of
numbered districts).  A name two towns of TOWNS have (Qobustan the
district's and Qobustan south of Baku) is not checked: two places may be
named alike.  A name counted twice in one frame is a fault.

Kahrizes named alike are told apart: no two lines of a frame that name a
kahriz (a word "kəhrizi", "kəhriz" or "kahriz" in them) are the same.
"""
import math
import os
import sys

from osgeo import ogr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "atlas"))
import check_context as cc  # noqa: E402
from pdfread import bbox_pages  # noqa: E402 (poppler's word boxes)


def features(path):
    ds = ogr.Open(path)
    out = [(f.GetField("name_az"), f.GetGeometryRef().Clone())
           for f in ds.GetLayer(0) if f.GetField("name_az")]
    return out


def shared_names(districts, towns):
    """Names of a town lying in or within 5 km of a district of its name."""
    out = set()
    by_name = {}
    for name, g in districts:
        by_name.setdefault(name, []).append(g)
    seen = {}
    for name, _ in towns:
        seen[name] = seen.get(name, 0) + 1
    for name, pt in towns:
        if seen[name] > 1:
            continue
        for g in by_name.get(name, []):
            deg = 5.0 / (111.32 * math.cos(math.radians(pt.GetY())))
            if g.Distance(pt) <= deg:
                out.add(name)
    return out


def lines_in_frame(path, page):
    """The words of each text line of the page that lie in its frame."""
    mb, bb = cc.viewport(path, page)
    top, bottom = mb[3] - bb[3], mb[3] - bb[1]
    res = []
    for line in bbox_pages(path)[page - 1][2]:
        words = [w[4] for w in line
                 if bb[0] <= w[0] and w[2] <= bb[2]
                 and top <= w[1] and w[3] <= bottom]
        if words:
            res.append(words)
    return res


def count(lines, name, longer):
    parts = name.split()
    n = 0
    for words in lines:
        for i in range(len(words) - len(parts) + 1):
            if words[i:i + len(parts)] != parts:
                continue
            nxt = words[i + len(parts)] if i + len(parts) < len(words) \
                else None
            prev = words[i - 1] if i else None
            if prev is not None and prev.isdigit():
                continue
            if any(words[i - k:i - k + len(lp)] == lp
                   for lp, k in longer if i - k >= 0):
                continue
            if nxt is None or nxt == "/" or nxt[:1].isupper():
                n += 1
    return n


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    towns = features(sys.argv[2])
    both = sorted(shared_names(features(sys.argv[1]), towns))
    # the longer names holding a name, with the name's word offset in them
    longer = {}
    for name in both:
        parts = name.split()
        longer[name] = []
        for t, _ in towns:
            tp = t.split()
            for k in range(len(tp) - len(parts) + 1):
                if len(tp) > len(parts) and tp[k:k + len(parts)] == parts:
                    longer[name].append((tp, k))
    bad = checked = 0
    for spec in sys.argv[3:]:
        path, _, page = spec.partition(":")
        pages = cc.single_viewport_pages(path) if page == "all" \
            else [int(page) if page else 1]
        for p in pages:
            lines = lines_in_frame(path, p)
            checked += 1
            for name in both:
                k = count(lines, name, longer[name])
                if k > 1:
                    bad += 1
                    print("%s:%d: %s named %d times" % (path, p, name, k))
            seen = {}
            for words in lines:
                if any(w in ("kəhrizi", "kəhriz", "kahriz") for w in words):
                    t = " ".join(words)
                    seen[t] = seen.get(t, 0) + 1
            for t, k in sorted(seen.items()):
                if k > 1:
                    bad += 1
                    print("%s:%d: %d kahrizes named %r alike"
                          % (path, p, k, t))
    print("%d frames, %d names shared by a district and a town, %d faults"
          % (checked, len(both), bad))
    sys.exit(1 if bad or not checked else 0)


if __name__ == "__main__":
    main()
