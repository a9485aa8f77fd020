#!/usr/bin/env python3
"""check_national_names.py - the national map names every district.

usage: check_national_names.py DISTRICTS MAP.pdf MAX_MISSING

Every district of DISTRICTS (OGR) must have its Azerbaijani name on the
page as a name: in a line of poppler's pdftotext -raw, its words
followed by nothing, by "/" or by a capitalised word (labels side by
side share a line), not by a lower-case one ("Mingəçevir su anbarı"
does not name the city); at most MAX_MISSING excepted, printed.
"""
import subprocess
import sys

from osgeo import ogr


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    ds = ogr.Open(sys.argv[1])
    names = sorted({f.GetField("name_az") for f in ds.GetLayer(0)})
    text = subprocess.run(["pdftotext", "-raw", sys.argv[2], "-"],
                          capture_output=True, check=True,
                          text=True).stdout
    lines = [t.split() for t in text.splitlines()]

    def named(name):
        parts = name.split()
        for ws in lines:
            for i in range(len(ws) - len(parts) + 1):
                if ws[i:i + len(parts)] != parts:
                    continue
                nxt = ws[i + len(parts)] if i + len(parts) < len(ws) \
                    else None
                if nxt is None or nxt == "/" or nxt[:1].isupper():
                    return True
        return False

    missing = [n for n in names if not named(n)]
    print("%d districts, %d unnamed: %s"
          % (len(names), len(missing), ", ".join(missing) or "-"))
    sys.exit(1 if len(missing) > int(sys.argv[3]) else 0)


if __name__ == "__main__":
    main()
