#!/usr/bin/env python3
"""check_stats.py - every value `kahriz-atlas stats` writes, field by
field, against the oracle's (oracle.py, from the survey files alone).

usage: check_stats.py SURVEY_DIR DISTRICTS district|region STATS.csv
                      [STATS.json]

STATS.csv is `stats --by district|region --format csv --trend`, STATS.json
the same in JSON.  A difference names the file, the row's code, the field
and both values.  Counts must be equal; sums and medians equal to 1e-9
(relative; the files give 15 significant digits); areas and densities
to 0.02 % (two equal-area projections); values that rest on visits the
README's rule does not order are not compared.  Exits 1 on any difference
or when a row is missing or extra.
"""
import csv
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

INTS = ("kahrizes", "functioning", "good", "fair", "poor", "dry",
        "collapsed", "unassessed", "households_served", "rehabilitated",
        "first_year", "last_year")
REALS = ("discharge_l_s_total", "discharge_l_s_median", "length_km",
         "discharge_change_l_s")
AREAL = ("area_km2", "density_per_100km2")
TIED = ("functioning", "good", "fair", "poor", "dry", "collapsed",
        "discharge_l_s_total", "discharge_l_s_median", "households_served",
        "rehabilitated", "discharge_change_l_s")


def value(v):
    if v is None or v == "":
        return None
    if isinstance(v, str):
        return float(v)
    if isinstance(v, float) and math.isnan(v):
        return None
    return float(v)


def differs(want, got, rel):
    if want is None or got is None:
        return (want is None) != (got is None)
    return abs(want - got) > rel * max(abs(want), abs(got), 1e-9)


def compare(name, rows, expect):
    bad = 0
    seen = set()
    for row in rows:
        code = row["code"]
        seen.add(code)
        if code not in expect:
            print("%s: row %s: not a district, region, UNASSIGNED or TOTAL"
                  % (name, code))
            bad += 1
            continue
        e = expect[code]
        for field in INTS + REALS + AREAL:
            if field not in row:
                continue
            if e["tied"] and field in TIED:
                continue
            want = e[field]
            want = None if want is None else float(want)
            got = value(row[field])
            if field in ("first_year", "last_year") and got == 0:
                got = None
            rel = 0 if field in INTS else (2e-4 if field in AREAL else 1e-9)
            if differs(want, got, rel):
                print("%s: row %s, %s: %s, the oracle %s"
                      % (name, code, field, row[field], want))
                bad += 1
        for field in ("name_az", "name_en", "region"):
            if field in row and e[field] is not None and \
                    (row[field] or "") != e[field]:
                print("%s: row %s, %s: %r, the oracle %r"
                      % (name, code, field, row[field], e[field]))
                bad += 1
    for code in sorted(set(expect) - seen):
        if code == "UNASSIGNED" and not expect[code]["kahrizes"]:
            continue
        print("%s: row %s missing" % (name, code))
        bad += 1
    return bad, len(seen)


def main():
    if len(sys.argv) not in (5, 6) or sys.argv[3] not in ("district",
                                                          "region"):
        sys.exit(__doc__)
    sv = oracle.Survey(sys.argv[1], sys.argv[2])
    expect = oracle.stats(sv, sys.argv[3])
    with open(sys.argv[4], newline="", encoding="utf-8") as f:
        bad, n = compare(sys.argv[4], list(csv.DictReader(f)), expect)
    if len(sys.argv) == 6:
        with open(sys.argv[5], encoding="utf-8") as f:
            b, _ = compare(sys.argv[5], json.load(f), expect)
        bad += b
    tied = sorted(set().union(*(e["tied"] for e in expect.values())))
    print("%d %s rows, %d kahrizes, %d differences (%d kahrizes' visits "
          "tied)" % (n, sys.argv[3], len(sv.kahrizes), bad, len(tied)))
    sys.exit(1 if bad or not n else 0)


if __name__ == "__main__":
    main()
