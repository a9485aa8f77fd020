#!/usr/bin/env python3
"""check_charts.py - the atlas's charts read back from the PDF with
pdftotext and, for marks, by rasterising with pdftoppm, never with
kahriz-atlas.

  check_charts.py atlas.pdf assessments.csv
    - the discharge histogram has a bar of its own for no discharge,
      labelled "0", whose printed count is the number of kahrizes whose
      latest assessment (by date) measured 0 l/s, counted from the CSV;
    - every chart has its y-axis label in both languages: "Kəhriz sayı /
      Number of kahrizes" once for each condition chart and histogram,
      "Debit, l/san / Discharge, l/s" once for every kahriz sheet.

  check_charts.py --single sheets.pdf
    - a sheets page with one kahriz: its discharge chart has one year
      label, and that label is centred (within 1 pt) under the plotted
      mark, found as the saturated pixels between the axis label and the
      year.

Prints one line per fault and a summary; exits 1 on any fault.
"""
import csv
import os
import re
import sys
import tempfile

from pdfread import bbox_pages, run

faults = []
COUNT_AXIS = ["Kəhriz", "sayı", "/", "Number", "of", "kahrizes"]
DISCHARGE_AXIS = ["Debit,", "l/san", "/", "Discharge,", "l/s"]
KID = re.compile(r"KZ-\d+")


def fault(msg):
    faults.append(msg)
    print("FAULT: " + msg)


def pages(pdf):
    """Per page: (width, height, lines), each line a list of words
    (x0, y0, x1, y1, text) as poppler groups them."""
    return bbox_pages(pdf)


def phrases(lines, phrase):
    """Word boxes of each occurrence of phrase (consecutive words of one
    line)."""
    found = []
    for ln in lines:
        texts = [w[4] for w in ln]
        for i in range(len(texts) - len(phrase) + 1):
            if texts[i:i + len(phrase)] == phrase:
                found.append(ln[i:i + len(phrase)])
    return found


def count(lines, phrase):
    return len(phrases(lines, phrase))


def text_has(lines, phrase):
    return count(lines, phrase.split()) > 0


def zero_discharge(csv_path):
    latest = {}
    for r in csv.DictReader(open(csv_path, encoding="utf-8")):
        k = r["kahriz_id"]
        if k not in latest or r["date"] >= latest[k]["date"]:
            latest[k] = r
    return sum(1 for r in latest.values()
               if r["discharge_l_s"] and float(r["discharge_l_s"]) == 0)


def check_atlas(pdf, csv_path):
    want_zero = zero_discharge(csv_path)
    n_charts = 0
    hist_pages = 0
    for p, (width, height, lines) in enumerate(pages(pdf), 1):
        words = [w for ln in lines for w in ln]
        cond = count(lines, "Vəziyyət sinifləri / Condition classes".split())
        hist = count(lines, ["Son", "debitin", "paylanması", "/",
                             "Distribution", "of", "the", "latest",
                             "discharge"])
        # the running head: a line at the top of the page
        heads = [" ".join(w[4] for w in ln) for ln in lines
                 if ln[0][1] < 50]
        cards = len([w for w in words if KID.fullmatch(w[4])])
        if cond + hist:
            got = count(lines, COUNT_AXIS)
            n_charts += cond + hist
            if got != cond + hist:
                fault("page %d: %d condition charts and histograms, %d "
                      "\"Kəhriz sayı / Number of kahrizes\"" %
                      (p, cond + hist, got))
        if "Kəhriz vərəqələri / Kahriz sheets" in heads:
            got = count(lines, DISCHARGE_AXIS)
            n_charts += cards
            if got != cards:
                fault("page %d: %d sheets, %d \"Debit, l/san / Discharge, "
                      "l/s\" axis labels" % (p, cards, got))
        if hist:
            hist_pages += 1
            check_zero_bar(p, lines, words, want_zero)
    if not hist_pages:
        fault("no discharge histogram")
    print("%d charts, zero-discharge bar %d, %d faults" %
          (n_charts, want_zero, len(faults)))


def check_zero_bar(p, lines, words, want):
    """The histogram's "0" under its first bar, and the count printed
    above that bar (same centre, above it, in the chart)."""
    title = phrases(lines, ["Son", "debitin", "paylanması"])[0][0]
    caption = [ph for ph in phrases(lines, DISCHARGE_AXIS)
               if ph[0][1] > title[1]]
    if not caption:
        fault("page %d: the histogram has no x-axis caption" % p)
        return
    bottom = caption[0][0][1]
    zeros = [w for w in words if w[4] == "0" and w[0] >= title[0] - 1 and
             title[1] < w[1] < bottom]
    # the x-axis labels lie on the lowest line of numbers above the
    # caption; the y-axis's "0" is further left on a higher line
    zeros.sort(key=lambda w: (-w[1], -w[0]))
    if not zeros:
        fault("page %d: no \"0\" bar label" % p)
        return
    z = zeros[0]
    cx = (z[0] + z[2]) / 2
    above = [w for w in words if re.fullmatch(r"[\d\u202f ]+", w[4]) and
             abs((w[0] + w[2]) / 2 - cx) < 2 and title[1] < w[1] < z[1]]
    if len(above) != 1:
        fault("page %d: %d counts above the zero bar: %s" %
              (p, len(above), [w[4] for w in above]))
        return
    got = int(re.sub(r"\D", "", above[0][4]))
    if got != want:
        fault("page %d: the zero bar counts %d, the survey has %d "
              "kahrizes with 0 l/s" % (p, got, want))


def check_single(pdf):
    from PIL import Image
    dpi = 300
    checked = 0
    for p, (width, height, lines) in enumerate(pages(pdf), 1):
        words = [w for ln in lines for w in ln]
        if len([w for w in words if KID.fullmatch(w[4])]) != 1:
            continue
        axis = phrases(lines, DISCHARGE_AXIS)
        if len(axis) != 1:
            fault("page %d: %d discharge axis labels" % (p, len(axis)))
            continue
        top = max(w[3] for w in axis[0])
        years = [w for w in words if re.fullmatch(r"\d{4}", w[4]) and
                 w[1] > top]
        if len(years) != 1:
            fault("page %d: %d year labels under the chart: %s" %
                  (p, len(years), [w[4] for w in years]))
            continue
        yr = years[0]
        with tempfile.TemporaryDirectory() as tmp:
            run("pdftoppm", "-r", str(dpi), "-png", "-f", str(p), "-l",
                str(p), pdf, os.path.join(tmp, "p"))
            img = Image.open(os.path.join(tmp, os.listdir(tmp)[0]))
            img = img.convert("RGB")
            sc = dpi / 72.0
            x0, x1 = int(axis[0][0][0] * sc), int(width * sc)
            y0, y1 = int(top * sc) + 2, int(yr[1] * sc) - 2
            xs = []
            px = img.load()
            for y in range(y0, y1):
                for x in range(x0, min(x1, img.size[0])):
                    r, g, b = px[x, y]
                    if max(r, g, b) - min(r, g, b) > 90:
                        xs.append(x)
            if not xs:
                fault("page %d: no plotted mark in the chart" % p)
                continue
            mark = (min(xs) + max(xs)) / 2 / sc
            if max(xs) - min(xs) > 8 * sc:
                fault("page %d: the saturated pixels span %.1f pt, not one "
                      "mark" % (p, (max(xs) - min(xs)) / sc))
        label = (yr[0] + yr[2]) / 2
        if abs(label - mark) > 1:
            fault("page %d: year %s centred at %.2f pt, the mark at %.2f" %
                  (p, yr[4], label, mark))
        checked += 1
    if not checked:
        fault("no one-kahriz sheets page")
    print("%d one-visit charts, %d faults" % (checked, len(faults)))


def main():
    args = sys.argv[1:]
    if args and args[0] == "--single":
        check_single(args[1])
    else:
        check_atlas(args[0], args[1])
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
