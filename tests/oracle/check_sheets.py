#!/usr/bin/env python3
"""check_sheets.py - every value printed on every kahriz sheet of an
atlas, against the oracle (oracle.py, from the survey files alone) and
the style's catalog (its words for labels, classes and units).

usage: check_sheets.py SURVEY_DIR DISTRICTS STYLE.json ATLAS.pdf

Each card's attribute column is read with poppler's word boxes
(tests/atlas/check_sheet_coords.py's card_texts) and cut at the
catalog's labels ("Rayon / District" ... "Bərpa / Rehabilitation"); the
value after each label must be the oracle's, written as the README says:
both number forms (Azerbaijani "2 844,5", English "2,844.5"; one where
they read alike), rounded half away from zero (lengths to the metre,
depths and discharges to 0.1), a dash where nothing is known.  Fields:
district (the district whose polygon holds the outlet), village, length,
shafts, mother-well depth, year built, and from the latest visit by the
README's rule its date, discharge, condition, drinkable, households and
rehabilitation (the year after a done one).  Every kahriz must have one
sheet.  A difference names the kahriz, the field and both values; exits
1 on any.
"""
from decimal import Decimal, ROUND_HALF_UP
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "atlas"))
import oracle  # noqa: E402
import check_sheet_coords as cards  # noqa: E402 (poppler's card columns)

FIELDS = ("district", "village", "outlet", "mother_well", "elevation",
          "head_elevation", "length", "shafts", "depth", "built",
          "assessed", "discharge", "condition", "drinkable", "households",
          "rehab")
KEYS = {"mother_well": "sheet.head", "outlet": "sheet.outlet"}
DASH = "–"


def both(az, en):
    return az if az == en else "%s / %s" % (az, en)


def number(v, places):
    """v in both forms, rounded half away from zero."""
    q = Decimal(repr(float(v))).quantize(Decimal(1).scaleb(-places),
                                         rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)
    ip, _, frac = ("%s" % q).partition(".")
    neg = ip.startswith("-")
    ip = ip.lstrip("-")
    groups = []
    while len(ip) > 3:
        groups.insert(0, ip[-3:])
        ip = ip[:-3]
    groups.insert(0, ip)
    sign = "\u2212" if neg else ""
    az = sign + " ".join(groups) + ("," + frac if frac else "")
    en = sign + ",".join(groups) + ("." + frac if frac else "")
    return az, en


def with_unit(v, places, uaz, uen):
    if v is None:
        return DASH
    az, en = number(v, places)
    return both("%s %s" % (az, uaz), "%s %s" % (en, uen))


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sv = oracle.Survey(sys.argv[1], sys.argv[2])
    with open(sys.argv[3], encoding="utf-8") as f:
        cat = json.load(f)["catalog"]

    def word(key):
        return both(cat[key]["az"], cat[key]["en"])

    labels = {}
    for f in FIELDS:
        key = KEYS.get(f, "sheet." + f)
        if key in cat:
            labels[f] = "%s / %s" % (cat[key]["az"], cat[key]["en"])
    names = {d["code"]: both(d["name_az"], d["name_en"])
             for d in sv.districts}
    # ids on table and gazetteer pages head no card: not this check's
    cards.fault = lambda msg: None
    texts = cards.card_texts(sys.argv[4], set(sv.kahrizes))
    bad = checked = 0
    for kid, k in sorted(sv.kahrizes.items()):
        if kid not in texts:
            print("%s: no sheet" % kid)
            bad += 1
            continue
        text = re.sub(r"[\u202f\u00a0]", " ", texts[kid][0])
        # each label's place in the column, in the column's order
        at = sorted((text.find(lab + " "), f, lab)
                    for f, lab in labels.items() if text.find(lab + " ") >= 0)
        got = {}
        for i, (pos, f, lab) in enumerate(at):
            end = at[i + 1][0] if i + 1 < len(at) else len(text)
            got[f] = text[pos + len(lab) + 1:end].strip()
        last, _ = oracle.latest(k)
        want = {
            "district": names.get(k["district"], DASH),
            "length": with_unit(k["length_m"], 0, "m", "m"),
            "shafts": DASH if k["shafts"] is None
            else both(*number(k["shafts"], 0)),
            "depth": with_unit(k["mother_well_depth_m"], 1, "m", "m"),
            "built": DASH if k["year_built"] is None
            else "%d" % k["year_built"],
        }
        if k["village_az"]:
            want["village"] = both(k["village_az"], k["village_en"]) \
                if k["village_en"] else k["village_az"]
        if last is None:
            # never visited: nothing measured, not assessed
            want.update(assessed=DASH, discharge=DASH, households=DASH,
                        condition=word("condition.unassessed"),
                        drinkable=word("drinkable.unknown"),
                        rehab=word("rehab.unknown"))
        else:
            q = oracle.latest_value(k, "discharge")
            cond = oracle.latest_value(k, "condition")
            dr = oracle.latest_value(k, "drinkable")
            hh = oracle.latest_value(k, "households")
            rehab = oracle.latest_value(k, "rehab")
            want["assessed"] = last["date"]
            if q != "tied":
                want["discharge"] = with_unit(q, 1, cat["unit.l_s"]["az"],
                                              cat["unit.l_s"]["en"])
            if cond != "tied":
                want["condition"] = word("condition." + cond)
            if dr != "tied":
                want["drinkable"] = word("drinkable." + (dr or "unknown"))
            if hh != "tied":
                want["households"] = DASH if hh is None \
                    else both(*number(hh, 0))
            if rehab != "tied":
                want["rehab"] = word("rehab." + (rehab or "unknown"))
                if rehab == "done" and last["rehab_year"] is not None:
                    want["rehab"] += " %d" % last["rehab_year"]
        for f, w in want.items():
            g = got.get(f)
            # the column's last label runs into the note and the chart
            ok = g is not None and (g == w or (f == at[-1][1] and
                                               g.startswith(w + " ")))
            if f == "village" and not k["village_en"] and g:
                ok = g == w or g.startswith(w + " / ")
            checked += 1
            if not ok:
                bad += 1
                print("%s: %s: %r, the oracle %r" % (kid, f, g, w))
    print("%d sheets, %d values checked, %d differences"
          % (len(texts), checked, bad))
    sys.exit(1 if bad or not checked else 0)


if __name__ == "__main__":
    main()
