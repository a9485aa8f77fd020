#!/usr/bin/env python3
"""check_charts.py - the atlas's charts read back from the PDF with
pdftotext and, for marks, by rasterising with pdftoppm, never with
kahriz-atlas.

  check_charts.py atlas.pdf assessments.csv
    - the discharge histogram has a bar of its own for no discharge,
      labelled "0", whose printed count is the number of kahrizes whose
      latest assessment (by date) measured 0 l/s, counted from the CSV;
    - its bins are 1 l/s wide on the scale its x-axis labels give (the
      labels "5" and "10" at bin edges, "15+" under the last, open bin,
      its number the value at that bin's left edge); each bin's count,
      centred over its bin, is the number of latest discharges from the
      CSV in that bin;
    - in every condition chart and histogram each count sits on its bar:
      its foot at the height of its value on the y-axis (the scale read
      from the axis's own numbers), inside the chart (below the axis
      label, above the baseline) and, in a condition chart, centred over
      its class's name;
    - every chart has its y-axis label in both languages: "Kəhriz sayı /
      Number of kahrizes" once for each condition chart and histogram,
      "Debit, l/san / Discharge, l/s" once for every kahriz sheet;
    - the histogram's key under it says in both languages that its first
      bar counts the dry kahrizes (discharge 0), the width of its bars
      and where its last, open bar begins, and those numbers are the
      chart's own: the spacing of its bars (their filled rectangles read
      from the page's vector paths, pdfpaths.py) over the x-axis's scale
      (its labels "5" and "10") is the width stated, and the left edge of
      the last bar stands at the value stated;
    - every kahriz sheet's discharge chart labels its years at one step
      (1, 2, 5, 10... years, the interval to the last label shorter than
      two steps), from the first to the last year the kahriz's discharge
      was measured (from the CSV), each label at its year's place on one
      scale (centres in proportion to the years), no two labels' boxes
      within 1 pt of each other, and the step the smallest at which the
      labels keep 6 pt apart (the next smaller step would not).

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

from pdfpaths import Pdf, bbox
from pdfread import bbox_pages, run

faults = []
COUNT_AXIS = ["Kəhriz", "sayı", "/", "Number", "of", "kahrizes"]
DISCHARGE_AXIS = ["Debit,", "l/san", "/", "Discharge,", "l/s"]
KID = re.compile(r"KZ-\d+")
HIST_TITLE = ["Son", "debitin", "paylanması", "/", "Distribution", "of",
              "the", "latest", "discharge"]
SIZE = 6.5  # the charts' text, points (style: font_small)


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


def latest_discharges(csv_path):
    """The discharge of each kahriz's latest assessment (by date) that
    has one, from the CSV."""
    latest = {}
    for r in csv.DictReader(open(csv_path, encoding="utf-8")):
        k = r["kahriz_id"]
        if k not in latest or r["date"] >= latest[k]["date"]:
            latest[k] = r
    return [float(r["discharge_l_s"]) for r in latest.values()
            if r["discharge_l_s"]]


def zero_discharge(csv_path):
    return sum(1 for q in latest_discharges(csv_path) if q == 0)


NUMBER = re.compile(r"\d{1,3}(?:[\u202f\u00a0 ]\d{3})*")


def value(w):
    return int(re.sub(r"\D", "", w[4]))


def centre(w):
    return (w[0] + w[2]) / 2


def y_scale(p, ticks):
    """The y-axis as read from its numbers (each centred on its gridline):
    a function from a value to its height on the page."""
    if len(ticks) < 2:
        fault("page %d: %d numbers on a chart's y-axis" % (p, len(ticks)))
        return None
    pts = sorted((value(w), (w[1] + w[3]) / 2) for w in ticks)
    (v0, y0), (v1, y1) = pts[0], pts[-1]
    if v1 == v0:
        fault("page %d: a y-axis of one value" % p)
        return None

    def at(v):
        return y0 + (v - v0) * (y1 - y0) / (v1 - v0)
    for v, y in pts:
        if abs(at(v) - y) > 0.5:
            fault("page %d: y-axis number %d at %.1f pt, off the line "
                  "through %d and %d" % (p, v, y, v0, v1))
    return at


def chart_words(lines, title, right):
    """The words of the chart titled title (its phrase's boxes): from its
    y-axis label under the title down to its caption or class names, from
    the title's left edge to right."""
    label = [ph for ph in phrases(lines, COUNT_AXIS)
             if abs(ph[0][0] - title[0][0]) < 1 and ph[0][1] > title[0][1]]
    if not label:
        return None, []
    label = min(label, key=lambda ph: ph[0][1])
    return label, [w for ln in lines for w in ln
                   if w[1] >= label[0][3] - 0.5 and
                   title[0][0] - 1 <= w[0] and w[2] <= right + 1 and
                   w[1] < label[0][3] + 300]


def split_chart(lines, label, words, size):
    """(ticks, counts, below) of a chart: the y-axis numbers (right-aligned
    at the left of the plot), the counts over the bars, and the words
    under the plot's baseline (the y-axis's 0)."""
    left = label[0][0]
    nums = [w for w in words if NUMBER.fullmatch(w[4])]
    axis = [w for w in nums if w[2] < left + 4.5 * size]
    if not axis:
        return [], [], []
    edge = max(w[2] for w in axis)
    ticks = [w for w in axis if abs(w[2] - edge) < 0.6]
    base = max((w[1] + w[3]) / 2 for w in ticks)
    counts = [w for w in nums if w not in ticks and w[3] < base + 0.5]
    below = [w for w in words if w[1] > base and w not in ticks]
    return ticks, counts, below


def check_bars(p, what, at, counts, label, right, size):
    """Each count's foot at its value's height, inside the chart."""
    for w in counts:
        want = at(value(w))
        if abs(w[3] - want) > 1.5:
            fault("page %d: %s count %s with its foot at %.1f pt, its bar "
                  "ends at %.1f" % (p, what, w[4], w[3], want))
        if w[1] < label[0][3] - 0.5 or w[0] < label[0][0] + 4 * size - 1 \
                or w[2] > right + 1:
            fault("page %d: %s count %s outside the chart" %
                  (p, what, w[4]))


def check_atlas(pdf, csv_path):
    want_zero = zero_discharge(csv_path)
    discharges = latest_discharges(csv_path)
    measured = measured_years(csv_path)
    n_charts = n_bars = n_years = 0
    hist_pages = 0
    for p, (width, height, lines) in enumerate(pages(pdf), 1):
        words = [w for ln in lines for w in ln]
        cond = count(lines, "Vəziyyət sinifləri / Condition classes".split())
        hist = count(lines, HIST_TITLE)
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
        if "Kəhriz vərəqələri / Kahriz sheets" in heads:
            n_years += check_year_labels(p, lines, words, measured)
        if hist:
            hist_pages += 1
            check_zero_bar(p, lines, words, want_zero)
        for title in phrases(lines, "Vəziyyət sinifləri / Condition "
                                    "classes".split()):
            n_bars += check_condition_chart(p, width, lines, title)
        for title in phrases(lines, HIST_TITLE):
            n_bars += check_histogram(p, width, lines, title, discharges)
            check_histogram_key(pdf, p, width, lines, title)
    if not hist_pages:
        fault("no discharge histogram")
    print("%d charts, %d bar counts on their bars, zero-discharge bar %d, "
          "%d sheet charts' years, %d faults" %
          (n_charts, n_bars, want_zero, n_years, len(faults)))


def measured_years(csv_path):
    """Per kahriz id, the years of its assessments that measured a
    discharge, from the CSV."""
    out = {}
    for r in csv.DictReader(open(csv_path, encoding="utf-8")):
        if r["discharge_l_s"].strip():
            out.setdefault(r["kahriz_id"], set()).add(int(r["date"][:4]))
    return out


YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)


def check_year_labels(p, lines, words, measured):
    """The year labels of each sheet's discharge chart on page p; returns
    the number of charts checked."""
    ids = [w for w in words if KID.fullmatch(w[4])]
    axes = [ph[0] for ph in phrases(lines, DISCHARGE_AXIS)]
    checked = 0
    for card in ids:
        # the card's column: from the right edge of the card to its left,
        # down to the next card's title (or the foot of the page)
        left = max([o[2] for o in ids if o[2] < card[0]], default=0)
        below = [o[1] for o in ids if abs(o[2] - card[2]) < 1 and
                 o[1] > card[1]]
        foot = min(below, default=10 ** 6)
        axis = [a for a in axes if left <= a[0] < card[2] and
                card[1] < a[1] < foot]
        if len(axis) != 1:
            fault("page %d: %s: %d discharge charts on its sheet" %
                  (p, card[4], len(axis)))
            continue
        axis = axis[0]
        years = sorted((w for w in words
                        if re.fullmatch(r"(19|20)\d\d", w[4]) and
                        left <= w[0] and w[2] <= card[2] + 1 and
                        axis[3] < w[1] < foot), key=lambda w: w[0])
        want = measured.get(card[4], set())
        got = [int(w[4]) for w in years]
        checked += 1
        if not want:
            if got:
                fault("page %d: %s: years %s under a chart with no "
                      "measurement" % (p, card[4], got))
            continue
        where = "page %d: %s (measured %d-%d): years %s" % (
            p, card[4], min(want), max(want), got)
        if not got or got[0] != min(want) or got[-1] != max(want):
            fault(where + ": not from the first to the last year measured")
            continue
        if len(got) == 1:
            continue
        diffs = [b - a for a, b in zip(got, got[1:])]
        step = diffs[0] if len(diffs) > 1 else None
        if step is not None and (step not in YEAR_STEPS or
                                 any(d != step for d in diffs[:-1]) or
                                 not 0 < diffs[-1] < 2 * step):
            fault(where + ": not at one step")
            continue
        if step is None:
            # first and last alone: the step they imply is their interval
            # (or more) and must be one of the series
            step = diffs[0]
        for a, b in zip(years, years[1:]):
            if b[0] - a[2] < 1:
                fault(where + ": %s and %s %.1f pt apart" %
                      (a[4], b[4], b[0] - a[2]))
        c0, c1 = centre(years[0]), centre(years[-1])
        pitch = (c1 - c0) / (got[-1] - got[0])  # points a year
        for w, v in zip(years, got):
            if abs(c0 + (v - got[0]) * pitch - centre(w)) > 0.5:
                fault(where + ": %s %.1f pt off the scale of the others" %
                      (w[4], c0 + (v - got[0]) * pitch - centre(w)))
        tw = max(w[2] - w[0] for w in years)
        smaller = [s for s in YEAR_STEPS if s < step]
        if smaller and smaller[-1] * pitch - tw >= 6:
            fault(where + ": labels every %d years would stand %.1f pt "
                  "apart, yet the step is %d" %
                  (smaller[-1], smaller[-1] * pitch - tw, step))
    return checked


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


def chart_right(lines, title, width):
    """The right edge of a chart: the next chart title's left edge on the
    same line, or the page's right margin."""
    nxt = [ln[0][0] for ln in lines
           if abs(ln[0][1] - title[0][1]) < 0.5 and ln[0][0] > title[-1][2]]
    return min(nxt) - 4 * SIZE if nxt else width - 34


def check_condition_chart(p, width, lines, title):
    right = chart_right(lines, title, width)
    label, words = chart_words(lines, title, right)
    if not label:
        fault("page %d: a condition chart without its y-axis label" % p)
        return 0
    ticks, counts, below = split_chart(lines, label, words, SIZE)
    at = y_scale(p, ticks)
    if not at:
        return 0
    check_bars(p, "condition", at, counts, label, right, SIZE)
    # the class names: the first line under the baseline
    if below:
        top = min(w[1] for w in below)
        names = [w for w in below if abs(w[1] - top) < 0.5]
        for w in counts:
            near = [n for n in names if abs(centre(n) - centre(w)) < 1.5]
            if len(near) != 1:
                fault("page %d: condition count %s centred at %.1f pt, "
                      "over %d class names" % (p, w[4], centre(w),
                                               len(near)))
        if len(counts) > len(names):
            fault("page %d: %d condition counts over %d classes" %
                  (p, len(counts), len(names)))
    return len(counts)


def check_histogram(p, width, lines, title, discharges):
    right = chart_right(lines, title, width)
    label, words = chart_words(lines, title, right)
    if not label:
        fault("page %d: a histogram without its y-axis label" % p)
        return 0
    ticks, counts, below = split_chart(lines, label, words, SIZE)
    at = y_scale(p, ticks)
    if not at:
        return 0
    check_bars(p, "histogram", at, counts, label, right, SIZE)
    # the x-axis: the first line under the baseline
    top = min(w[1] for w in below)
    xlab = {w[4]: w for w in below if abs(w[1] - top) < 0.5}
    opened = [t for t in xlab if t.endswith("+")]
    if "5" not in xlab or "10" not in xlab or "0" not in xlab or \
            len(opened) != 1:
        fault("page %d: histogram x-axis labels %s, expected 0, 5, 10 and "
              "an open bin" % (p, sorted(xlab)))
        return len(counts)
    bw = (centre(xlab["10"]) - centre(xlab["5"])) / 5
    x0 = centre(xlab["5"]) - 5 * bw  # the edge of 0 l/s
    last = xlab[opened[0]]
    edge = (centre(last) - x0) / bw - 0.5
    nr = round(edge)
    if abs(edge - nr) > 0.05 or opened[0] != "%d+" % nr:
        fault("page %d: the open bin's label %r centred %.2f bins from 0 "
              "l/s: its bin starts at %.2f" % (p, opened[0], edge + 0.5,
                                               edge))
    if abs(centre(xlab["0"]) - x0) < bw:
        fault("page %d: the zero bar stands on the scale" % p)
    # each count over the middle of its bin: the bins from the CSV
    want = {}
    for q in discharges:
        if q > 0:
            b = min(int(q), nr) + 1
            want[b] = want.get(b, 0) + 1
    zero_bar = [w for w in counts
                if abs(centre(w) - centre(xlab["0"])) < 1]
    got = {}
    for w in counts:
        if w in zero_bar:
            continue
        pos = (centre(w) - x0) / bw + 0.5
        b = round(pos)
        if abs(pos - b) > 0.05 or not 1 <= b <= nr + 1:
            fault("page %d: histogram count %s centred %.2f bins from 0 "
                  "l/s, not over a bin" % (p, w[4], pos - 0.5))
            continue
        got[b] = value(w)
    if got != want:
        fault("page %d: histogram bins %s, the CSV gives %s" %
              (p, sorted(got.items()), sorted(want.items())))
    return len(counts)


KEY_EN = re.compile(r"First bar: dry kahrizes, discharge 0; bars of "
                    r"(\d+(?:\.\d+)?) l/s; the last bar: (\d+(?:\.\d+)?) "
                    r"l/s and more")
KEY_AZ = re.compile(r"Birinci sütun: quru kəhrizlər, debit 0; sütunların "
                    r"eni (\d+(?:,\d+)?) l/san; sonuncu sütun: "
                    r"(\d+(?:,\d+)?) l/san və çox")


def page_paths(pdf, p):
    """The vector paths of page p alone (qpdf splits it off first: the
    whole atlas's JSON is large)."""
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "p.pdf")
        run("qpdf", pdf, "--pages", pdf, str(p), "--", one)
        return Pdf(one).page_paths(0)[0]


def check_histogram_key(pdf, p, width, lines, title):
    """The key's bin width and open bin against the bars as drawn."""
    right = chart_right(lines, title, width)
    below = [ln for ln in lines if ln[0][1] > title[0][1] and
             title[0][0] - 1 <= ln[0][0] < right]
    text = " ".join(w[4] for ln in below for w in ln).replace("\u00a0", " ")
    en, az = KEY_EN.search(text), KEY_AZ.search(text)
    if not en or not az:
        fault("page %d: the histogram's key is missing or incomplete "
              "(%s%s)" % (p, "" if en else "English ",
                          "" if az else "Azerbaijani"))
        return
    width_en, open_en = float(en.group(1)), float(en.group(2))
    if (float(az.group(1).replace(",", ".")),
            float(az.group(2).replace(",", "."))) != (width_en, open_en):
        fault("page %d: the key's languages disagree: %s" %
              (p, [en.group(0), az.group(0)]))
    label, words = chart_words(lines, title, right)
    ticks, _, under = split_chart(lines, label, words, SIZE) if label \
        else ([], [], [])
    if not under:
        fault("page %d: no histogram x-axis" % p)
        return
    top = min(w[1] for w in under)
    xlab = {w[4]: w for w in under if abs(w[1] - top) < 0.5}
    if "5" not in xlab or "10" not in xlab or "0" not in xlab:
        fault("page %d: histogram x-axis labels %s" % (p, sorted(xlab)))
        return
    unit = (centre(xlab["10"]) - centre(xlab["5"])) / 5  # points per l/s
    x0 = centre(xlab["5"]) - 5 * unit                   # 0 l/s
    # the bars: filled axis-parallel rectangles standing on the baseline
    # (just above the x-axis labels), inside the chart
    bars = []
    for path in page_paths(pdf, p):
        if path["fill"] is None or len(path["subpaths"]) != 1:
            continue
        bx0, by0, bx1, by1 = bbox(path)
        if title[0][0] - 1 <= bx0 and bx1 <= right + 1 and \
                title[0][3] < by0 and abs(by1 - (top - 1)) < 1.5 and \
                by1 - by0 > 0.2 and bx1 - bx0 < 4 * unit:
            bars.append((bx0, bx1))
    zero = [b for b in bars if b[0] <= centre(xlab["0"]) <= b[1]]
    scale = sorted(b for b in bars if b not in zero)
    if len(zero) != 1 or len(scale) < 3:
        fault("page %d: %d zero bars and %d bars on the scale read from the "
              "paths" % (p, len(zero), len(scale)))
        return
    steps = [b[0] - a[0] for a, b in zip(scale, scale[1:])]
    step = min(steps)
    for s in steps:
        if abs(s / step - round(s / step)) > 0.02:
            fault("page %d: histogram bars %.2f pt apart, not a multiple of "
                  "%.2f pt" % (p, s, step))
    drawn = step / unit
    if abs(drawn - width_en) > 0.02 * width_en:
        fault("page %d: the key says bars of %g l/s, the bars stand %.3f "
              "l/s apart on the axis" % (p, width_en, drawn))
    last = (scale[-1][0] + scale[-1][1]) / 2 - step / 2  # its bin's edge
    if abs((last - x0) / unit - open_en) > 0.05 * width_en:
        fault("page %d: the key says the last bar begins at %g l/s, it "
              "begins at %.2f l/s" % (p, open_en, (last - x0) / unit))
    print("page %d: histogram bars %.3f l/s apart, the last from %.2f l/s; "
          "the key says %g and %g" % (p, drawn, (last - x0) / unit,
                                       width_en, open_en))


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
                    # coloured, not grey: the mark (the lightest class,
                    # good #b2e0a2, spreads 62), not axes or text
                    if max(r, g, b) - min(r, g, b) > 45:
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
