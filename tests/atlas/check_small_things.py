#!/usr/bin/env python3
"""check_small_things.py - typographic details of an atlas PDF read back
with poppler (pdftotext, pdffonts), never with kahriz-atlas:

- a negative number is printed with U+2212 MINUS SIGN, never a hyphen
  (no "-" before a digit unless it follows a letter or digit, as in the
  ids KZ-000123), and the atlas prints at least one, so that the check
  has something to read;
- no coordinate is written with a decimal comma ("40,2°"): coordinates
  take the point in both languages;
- "(debit > 0)" and "(discharge > 0)" are never broken across lines
  (their spaces are no-break spaces): each occurrence of "(discharge" or
  "(debit" stands on a line with its "0)";
- every statistics block (district pages) gives the change of discharge
  with its period ("first to last year"), even where it is a dash;
- the UTM maps carry a north arrow ("Ş/N"), the equal-area national
  maps ("Projection: LAEA") none: their meridians converge;
- the national density map gives districts without kahrizes a class of
  their own: a legend row "0" under its heading, and no class after it
  that reads "< 0,5" (the first class, where drawn, is ">0–<0,5");
- the cover carries no folio: no "1" in the bottom 60 pt of page 1,
  while page 2 carries its "2" there (the same test finds a folio);
- no text falls back to a font other than the bundled Kahriz Sans
  (pdffonts: no DejaVu or other family; cairo's Type 3 fonts are the
  symbols);
- the density classes' limits are unambiguous wherever printed: no two
  ranges of one legend or explanation share a limit ("0,5–2" and "2–5"):
  a legend row that starts with a range excludes its upper limit
  ("0,5–<2"), the classes holding their lower limits.

Prints one line per fault and a summary; exits 1 on any fault.

usage: check_small_things.py atlas.pdf
"""
import re
import subprocess
import sys

from pdfread import bbox_pages, page_texts

faults = []


def fault(msg):
    faults.append(msg)
    if len(faults) <= 40:
        print("FAULT:", msg)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    pdf = sys.argv[1]
    texts = page_texts(pdf)
    pages = bbox_pages(pdf)
    minus = 0
    for i, t in enumerate(texts):
        t = t.replace("\u00a0", " ")
        for m in re.finditer(r"(?<![\w\-/.])-\d", t):
            fault("page %d: hyphen as a minus: %r" %
                  (i + 1, t[max(0, m.start() - 20):m.end() + 10]))
        minus += len(re.findall("\u2212\\d", t))
        for m in re.finditer(r"\d,\d+ ?°", t):
            fault("page %d: coordinate with a decimal comma: %r" %
                  (i + 1, m.group(0)))
    if not minus:
        fault("no negative number printed with U+2212 anywhere")
    broken = kept = 0
    for i, (_, _, lines) in enumerate(pages):
        for ln in lines:
            text = " ".join(w[4] for w in ln).replace("\u00a0", " ")
            for word in ("(discharge", "(debit"):
                n = text.count(word)
                whole = text.count(word + " > 0)")
                kept += whole
                if n != whole:
                    broken += n - whole
                    fault("page %d: %r broken across lines: %r" %
                          (i + 1, word + " > 0)", text))
    if not kept:
        fault("no '(discharge > 0)' found to check")
    # every statistics block gives the change of discharge and says over
    # what period, a dash where no kahriz was measured in both years
    blocks = 0
    for i, (_, _, lines) in enumerate(pages):
        # poppler's lines in its reading order keep a wrapped label whole
        flat = " ".join(w[4] for ln in lines for w in ln)
        if "Statistika / Statistics" not in flat:
            continue
        blocks += 1
        if "Change of discharge, first to last year" not in flat:
            fault("page %d: statistics without the change of discharge "
                  "and its period" % (i + 1))
    if not blocks:
        fault("no statistics blocks found")
    # a north arrow ("Ş/N" over it) on the UTM maps, none on the
    # equal-area national maps, whose meridians converge
    laea = utm = 0
    for i, t in enumerate(texts):
        flat = " ".join(t.split())
        if "Projection: LAEA" in flat:
            laea += 1
            if "Ş/N" in flat:
                fault("page %d: a north arrow on an equal-area national map"
                      % (i + 1))
        elif "Projection: UTM" in flat and "Ş/N" not in flat:
            fault("page %d: no north arrow on a UTM map" % (i + 1))
        elif "Projection: UTM" in flat:
            utm += 1
    if not laea or not utm:
        fault("national maps %d, UTM maps with an arrow %d: nothing to "
              "compare" % (laea, utm))
    # the national density map (54 of the 77 districts of the bundled
    # survey have no kahriz) gives 0 a class of its own: a legend row
    # "0" and a first class that starts above it, ">0–<0,5"
    dens = 0
    for i, (_, _, lines) in enumerate(pages):
        rows = [" ".join(w[4] for w in ln) for ln in lines]
        if not any("Kahriz density by district" in r for r in rows):
            continue
        dens += 1
        head = [k for k, r in enumerate(rows)
                if r.endswith("Kahrizes per 100 km²")]
        after = rows[head[0] + 1:head[0] + 3] if head else []
        if not after or after[0] != "0":
            fault("page %d: no density class of its own for 0 under the "
                  "legend's heading: %r" % (i + 1, after))
        if len(after) < 2 or after[1].startswith("<"):
            fault("page %d: a density class under 0's that takes in 0: "
                  "%r" % (i + 1, after))
    if not dens:
        fault("no national density map found")
    folio = {}
    for pno in (1, 2):
        w, h, lines = pages[pno - 1]
        folio[pno] = [x[4] for ln in lines for x in ln
                      if x[1] > h - 60 and x[4] == str(pno)]
    if folio[1]:
        fault("the cover carries the folio 1")
    if not folio[2]:
        fault("page 2 has no folio '2' in its bottom 60 pt: the folio "
              "test reads nothing")
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]
    for f in fonts:
        name = f.split()[0]
        if name != "[none]" and not name.split("+")[-1].startswith(
                "KahrizSans"):
            fault("font %s: text fell back to a font not bundled" % name)
    ranges = 0
    for i, (_, _, lines) in enumerate(pages):
        for ln in lines:
            t = " ".join(w[4] for w in ln).replace("\u00a0", " ").replace(
                "\u202f", "")
            # a legend row starting "0,5–2,0" or "0.5 – 2": a class whose
            # ends are both plain numbers (prose ranges, "every 20–200
            # m", stand inside their lines)
            m = re.match(r"(\d+(?:[.,]\d+)?) ?– ?(\d+(?:[.,]\d+)?)"
                         r"(?![\d,.])", t)
            if m and not all(re.fullmatch(r"1[89]\d\d|20\d\d", g)
                             for g in m.groups()):  # years, "2008–2025"
                ranges += 1
                fault("page %d: class limits shared by neighbouring "
                      "ranges: %r in %r" % (i + 1, m.group(0), t))
    print("%d pages, %d negative numbers with U+2212, %d '(… > 0)' kept "
          "whole, %d ambiguous ranges, %d faults" %
          (len(texts), minus, kept, ranges, len(faults)))
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
