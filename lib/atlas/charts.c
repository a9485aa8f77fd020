/*
 * charts.c - the small charts of the atlas drawn with cairo: kahrizes by
 * condition class (bars in the map symbols' colours), a histogram of
 * discharge and one kahriz's discharge over its assessment years.  Axis
 * labels are bilingual and numbers are written the Azerbaijani way.
 */
#include "atlas/atlas.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const cond_keys[KZ_COND_COUNT] = {
    "unassessed", "good", "fair", "poor", "dry", "collapsed"};

/* A round step for an axis up to max with about n ticks; whole: the axis
 * counts (kahrizes), so its steps are whole numbers, 1 at least. */
static double nice_step(double max, int n, int whole)
{
    double raw = max / n, p = pow(10, floor(log10(raw))), f = raw / p;
    double step;
    if (!(raw > 0))
        return 1;
    step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    return whole && step < 1 ? 1 : step;
}

/* The next round step after step: 1, 2, 5, 10, 20... */
static double next_step(double step)
{
    double p = pow(10, floor(log10(step) + 1e-9)), f = step / p;
    return (f < 1.5 ? 2 : f < 3.5 ? 5 : 10) * p;
}

/* The top of an axis for values up to max: the next multiple of its
 * round step (at least 1). */
static double axis_top(double max, int ticks, double eps, int whole)
{
    if (max <= 0)
        max = 1;
    return ceil(max / nice_step(max, ticks, whole) + eps) *
           nice_step(max, ticks, whole);
}

/* The top of a bar chart's axis for bars up to max drawn h points high:
 * room above the tallest bar for its count (one line of size). */
static double bars_top(double max, double h, double size)
{
    double room = size * ATLAS_LINE * 1.1;
    if (h > room * 2)
        max /= 1 - room / h;
    return axis_top(max, 4, 0, 1);
}

/* The dark line under a chart's bars or points. */
static void baseline(cairo_t *cr, double x0, double x1, double y, double lw)
{
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_set_line_width(cr, lw);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_stroke(cr);
}

/* A yyyymmdd date as years, to the month. */
static double years(int32_t date)
{
    return date / 10000 + (date / 100 % 100 - 1) / 12.0;
}

/* Gridlines and values of a y-axis from 0 to max over the plot x, y, w,
 * h: round steps, never closer than a line and a half of their text. */
static void axis_y(atlas_ctx *ac, double x, double y, double w, double h,
                   double max, double size, int whole)
{
    cairo_t *cr = ac->cr;
    double step = nice_step(max, 4, whole), v;
    char buf[64];
    int decimals;

    while (step < max && step / max * h < size * 1.5)
        step = next_step(step);
    decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    for (v = 0; v <= max + step * 1e-6; v += step) {
        double py = y + h - v / max * h, tw, th;
        cairo_move_to(cr, x, py);
        cairo_line_to(cr, x + w, py);
        cairo_set_line_width(cr, 0.25);
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
        cairo_stroke(cr);
        kz__atlas_num(buf, sizeof(buf), v, decimals, "az");
        kz__atlas_measure(ac, buf, size, 0, 0, &tw, &th);
        kz__atlas_text(ac, buf, size, 0, 0, x - tw - 2, py - th / 2, 0, 0,
                       NULL);
    }
}

/* What the y-axis measures, "az / en" of a catalog key, set level above
 * the axis at the top left of the chart (x, y): read without turning the
 * page.  Returns the height it takes. */
static double axis_label(atlas_ctx *ac, const char *key, double x, double y,
                         double w, double size)
{
    static const kz_rgb grey = {0.38, 0.38, 0.38};
    char buf[256];
    kz__atlas_bi(ac->doc, buf, sizeof(buf), key);
    kz__atlas_text(ac, buf, size, 0, 0, x, y, w, 0, &grey);
    return size * ATLAS_LINE + size * 0.6;
}

/* A bar's count centred above it. */
static void bar_count(atlas_ctx *ac, long n, double cx, double top,
                      double size, int bold)
{
    char buf[64];
    double tw, th;
    kz__atlas_num(buf, sizeof(buf), (double)n, 0, "az");
    kz__atlas_measure(ac, buf, size, bold, 0, &tw, &th);
    kz__atlas_text(ac, buf, size, bold, 0, cx - tw / 2, top - th, 0, 0,
                   NULL);
}

void kz__atlas_chart_conditions(atlas_ctx *ac, const long *counts, double x,
                                double y, double w, double h)
{
    const kz_style *st = ac->doc->st;
    cairo_t *cr = ac->cr;
    double size = st->font_small, max = 0, left = size * 4, bottom, top,
           bw = (w - left) / KZ_COND_COUNT, label_h = 0, lw, lh;
    char buf[160], key[64];
    long second;
    int order[KZ_COND_COUNT] = {1, 2, 3, 4, 5, 0}, i;

    /* room under the bars for the tallest class name as it wraps */
    for (i = 0; i < KZ_COND_COUNT; i++) {
        kz__text_printf(key, sizeof(key), "condition.%s", cond_keys[i]);
        kz__text_catalog(buf, sizeof(buf), &second, st, key, 1);
        kz__atlas_measure(ac, buf, size * 0.92, 0, bw, &lw, &lh);
        label_h = fmax(label_h, lh + 2);
    }
    top = y + axis_label(ac, "atlas.axis.kahrizes", x, y, w, size);
    bottom = y + h - label_h;
    for (i = 0; i < KZ_COND_COUNT; i++)
        if (counts[i] > max)
            max = (double)counts[i];
    max = bars_top(max, bottom - top, size);
    axis_y(ac, x + left, top, w - left, bottom - top, max, size, 1);
    for (i = 0; i < KZ_COND_COUNT; i++) {
        int c = order[i];
        double bh = counts[c] / max * (bottom - top);
        double bx = x + left + i * bw + bw * 0.15;
        cairo_rectangle(cr, bx, bottom - bh, bw * 0.7, bh);
        kz__set_rgb(cr, &st->cond[c].color);
        cairo_fill_preserve(cr);
        kz__set_rgb(cr, &st->symbol_stroke);
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
        bar_count(ac, counts[c], bx + bw * 0.35, bottom - bh, size, 1);
        kz__text_printf(key, sizeof(key), "condition.%s", cond_keys[c]);
        kz__text_catalog(buf, sizeof(buf), &second, st, key, 1);
        kz__atlas_text(ac, buf, size * 0.92, 0, 0, x + left + i * bw,
                       bottom + 2, bw, 1, NULL);
    }
    baseline(cr, x + left, x + w, bottom, 0.5);
}

/* The histogram's key in one language, from the bins as drawn: "First
 * bar: dry kahrizes (discharge 0); bars of 1 l/s; the last bar: 15 l/s
 * and more".  A number keeps its unit on its line. */
static void histogram_key(const atlas_doc *doc, char *buf, size_t cap,
                          const char *lang, double bin, double open)
{
    const char *unit = kz__atlas_t(doc, "unit.l_s", lang);
    char a[40], b[40];

    kz__atlas_num(a, sizeof(a), bin, bin == floor(bin) ? 0 : 1, lang);
    kz__atlas_num(b, sizeof(b), open, open == floor(open) ? 0 : 1, lang);
    kz__text_printf(buf, cap, "%s; %s %s\u00a0%s; %s %s\u00a0%s %s.",
                    kz__atlas_t(doc, "atlas.chart.dry_bar", lang),
                    kz__atlas_t(doc, "atlas.chart.bin_width", lang), a, unit,
                    kz__atlas_t(doc, "atlas.chart.last_bin", lang), b, unit,
                    kz__atlas_t(doc, "atlas.chart.and_more", lang));
}

void kz__atlas_chart_histogram(atlas_ctx *ac, const double *values,
                               size_t n, double x, double y, double w,
                               double h)
{
    /* a bar of its own for no discharge at all (the dry outlets), then
     * bins of BIN l/s from above 0 up to (NR - 1) * BIN, then one open
     * bin; the key under the chart says so in both languages */
    enum { NR = 16, NB = NR + 1 };
    static const double BIN = 1.0;
    static const kz_rgb grey = {0.38, 0.38, 0.38};
    const kz_style *st = ac->doc->st;
    cairo_t *cr = ac->cr;
    long bins[NB] = {0};
    double size = st->font_small, max = 0, left = size * 4, top, bottom,
           bw, gap, x0, kw, kaz, ken;
    char buf[160], key_az[400], key_en[400];
    size_t i;

    histogram_key(ac->doc, key_az, sizeof(key_az), "az", BIN,
                  (NR - 1) * BIN);
    histogram_key(ac->doc, key_en, sizeof(key_en), "en", BIN,
                  (NR - 1) * BIN);
    kz__atlas_measure(ac, key_az, size, 0, w, &kw, &kaz);
    kz__atlas_measure(ac, key_en, size, 0, w, &kw, &ken);
    bottom = y + h - size * ATLAS_LINE * 2.6 - kaz - ken;
    for (i = 0; i < n; i++) {
        double q = values[i];
        int b;
        if (!isfinite(q) || q < 0)
            continue;
        if (q == 0) {
            bins[0]++;
            continue;
        }
        b = (int)floor(q / BIN);
        bins[1 + (b < NR - 1 ? b : NR - 1)]++;
    }
    for (i = 0; i < NB; i++)
        if (bins[i] > max)
            max = (double)bins[i];
    top = y + axis_label(ac, "atlas.axis.kahrizes", x, y, w, size);
    max = bars_top(max, bottom - top, size);
    axis_y(ac, x + left, top, w - left, bottom - top, max, size, 1);
    /* the zero bar stands apart from the bins of the scale */
    bw = (w - left) / (NB + 0.6);
    gap = bw * 0.6;
    for (i = 0; i < NB; i++) {
        double bh = bins[i] / max * (bottom - top);
        double bx = x + left + (double)i * bw + (i ? gap : 0);
        cairo_rectangle(cr, bx + 0.5, bottom - bh, bw - 1, bh);
        kz__set_rgb(cr, i == 0 ? &st->cond[KZ_COND_DRY].color
                               : &st->cond[KZ_COND_GOOD].color);
        cairo_fill(cr);
        if (bins[i])
            bar_count(ac, bins[i], bx + bw / 2, bottom - bh, size, 0);
    }
    /* "0" under the zero bar, the scale at bin edges, "15+" under the
     * open bin */
    x0 = x + left + bw + gap; /* the edge of 0 l/s on the scale */
    for (i = 0; i <= NR; i++) {
        double tw, th, cx;
        if (i == 0) {
            kz__text_printf(buf, sizeof(buf), "0");
            cx = x + left + bw / 2;
        } else if (i == NR) {
            kz__atlas_num(buf, sizeof(buf), (NR - 1) * BIN, 0, "az");
            kz__text_printf(buf + strlen(buf), sizeof(buf) - strlen(buf),
                            "+");
            cx = x0 + (NR - 0.5) * bw;
        } else if (i % 5 == 0 && i < NR - 1) {
            kz__atlas_num(buf, sizeof(buf), (double)i * BIN, 0, "az");
            cx = x0 + (double)i * bw;
        } else {
            continue;
        }
        kz__atlas_measure(ac, buf, size, 0, 0, &tw, &th);
        kz__atlas_text(ac, buf, size, 0, 0, cx - tw / 2, bottom + 1, 0, 0,
                       NULL);
    }
    baseline(cr, x + left, x + w, bottom, 0.5);
    kz__atlas_bi(ac->doc, buf, sizeof(buf), "legend.discharge");
    kz__atlas_text(ac, buf, size, 0, 1, x + left, bottom + size * ATLAS_LINE,
                   w - left, 1, NULL);
    kz__atlas_text(ac, key_az, size, 0, 0, x, bottom + size * ATLAS_LINE * 2.6,
                   w, 0, &grey);
    kz__atlas_text(ac, key_en, size, 0, st->second_italic, x,
                   bottom + size * ATLAS_LINE * 2.6 + kaz, w, 0, &grey);
}

/* A year's label centred on cx, its top at top. */
static void year_label(atlas_ctx *ac, int yr, double cx, double top,
                       double size)
{
    char buf[32];
    double tw, th;
    kz__text_printf(buf, sizeof(buf), "%d", yr);
    kz__atlas_measure(ac, buf, size, 0, 0, &tw, &th);
    kz__atlas_text(ac, buf, size, 0, 0, cx - tw / 2, top, 0, 0, NULL);
}

/* The years y0 to y1 under a time axis whose year y0 begins at x0 and
 * whose years are pitch points long, each label in the middle of its
 * year: every step-th year from the first, the step the smallest of 1, 2,
 * 5, 10... that keeps a space between labels, and the last year always,
 * the label before it left out when too close to it. */
static void year_labels(atlas_ctx *ac, int y0, int y1, double x0,
                        double pitch, double top, double size)
{
    static const int steps[] = {1, 2, 5, 10, 20, 50, 100};
    char buf[32];
    double tw, th, need;
    size_t s = 0;
    int yr;

    kz__text_printf(buf, sizeof(buf), "%d", y1);
    kz__atlas_measure(ac, buf, size, 0, 0, &tw, &th);
    need = tw + size;
    while (s + 1 < sizeof(steps) / sizeof(steps[0]) &&
           steps[s] * pitch < need)
        s++;
    for (yr = y0; yr < y1; yr += steps[s])
        if (yr == y0 || (y1 - yr) * pitch >= need)
            year_label(ac, yr, x0 + (yr - y0 + 0.5) * pitch, top, size);
    year_label(ac, y1, x0 + (y1 - y0 + 0.5) * pitch, top, size);
}

void kz__atlas_chart_history(atlas_ctx *ac, size_t k, double x, double y,
                             double w, double h)
{
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    cairo_t *cr = ac->cr;
    const kz_assessment *a;
    size_t n = 0, i, m = 0;
    double size = st->font_small * 0.9, max = 0, left = size * 3.2,
           bottom = y + h - size * ATLAS_LINE * 1.2, top, t0 = HUGE_VAL,
           t1 = -HUGE_VAL, tw, th, lo[2] = {HUGE_VAL, HUGE_VAL},
           hi[2] = {-HUGE_VAL, -HUGE_VAL};
    char buf[64];
    int y0 = 0, y1 = 0;
    size_t j;

    a = kz_survey_history(doc->sv, k, &n);
    for (i = 0; i < n; i++) {
        double t = years(a[i].date);
        if (!isfinite(a[i].discharge_l_s))
            continue;
        m++;
        if (a[i].discharge_l_s > max)
            max = a[i].discharge_l_s;
        if (t < t0)
            t0 = t;
        if (t > t1)
            t1 = t;
        if (!y0)
            y0 = a[i].date / 10000;
        y1 = a[i].date / 10000;
    }
    top = y + axis_label(ac, "legend.discharge", x, y, w, size);
    cairo_rectangle(cr, x + left, top, w - left, bottom - top);
    cairo_set_source_rgb(cr, 0.97, 0.965, 0.95);
    cairo_fill(cr);
    if (m == 0) {
        long second;
        kz__text_catalog(buf, sizeof(buf), &second, st,
                         "legend.not_measured", 0);
        kz__atlas_text(ac, buf, size, 0, 1, x + left,
                       top + (bottom - top) / 2 - size / 2, w - left, 1,
                       NULL);
        return;
    }
    max = axis_top(max, 2, 1e-9, 0);
    if (y1 == y0) {
        /* within one year: the visits in the middle of a two-year axis */
        double mid = (t0 + t1) / 2;
        t0 = mid - 1;
        t1 = mid + 1;
    } else {
        /* whole years, so that each year's label stands in the middle of
         * its year, at one pitch for all */
        t0 = y0;
        t1 = y1 + 1;
    }
    axis_y(ac, x + left, top + size * 0.5, w - left,
           bottom - top - size * 0.5, max, size, 0);
    cairo_new_path(cr);
    for (i = 0; i < n; i++) {
        double t = years(a[i].date);
        double px = x + left + 4 + (t - t0) / (t1 - t0) * (w - left - 8);
        double py = bottom - a[i].discharge_l_s / max *
                                 (bottom - top - size * 0.5);
        if (!isfinite(a[i].discharge_l_s))
            continue;
        cairo_line_to(cr, px, py);
    }
    /* a dark line under the condition symbols: the lightest class (good)
     * would fade against the paper */
    kz__set_rgb(cr, &st->symbol_stroke);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    for (i = 0; i < n; i++) {
        double t = years(a[i].date);
        double px = x + left + 4 + (t - t0) / (t1 - t0) * (w - left - 8);
        double py = bottom - a[i].discharge_l_s / max *
                                 (bottom - top - size * 0.5);
        int c = a[i].condition >= 0 && a[i].condition < KZ_COND_COUNT
                    ? (int)a[i].condition
                    : 0;
        if (!isfinite(a[i].discharge_l_s))
            continue;
        for (j = 0; j < 2; j++)
            if (a[i].date / 10000 == (j ? y1 : y0)) {
                lo[j] = fmin(lo[j], px);
                hi[j] = fmax(hi[j], px);
            }
        kz__symbol_draw(cr, st, c, px, py, 1.6);
    }
    if (y1 == y0) {
        /* one year measured: its label centred under its points, inside
         * the plot */
        kz__text_printf(buf, sizeof(buf), "%d", y0);
        kz__atlas_measure(ac, buf, size, 0, 0, &tw, &th);
        year_label(ac, y0, fmin(fmax((lo[0] + hi[0]) / 2, x + left + tw / 2),
                                x + w - tw / 2),
                   bottom + 1, size);
    } else {
        year_labels(ac, y0, y1, x + left + 4, (w - left - 8) / (t1 - t0),
                    bottom + 1, size);
    }
    baseline(cr, x + left, x + w, bottom, 0.4);
}
