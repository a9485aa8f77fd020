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

/* A round step for an axis up to max with about n ticks. */
static double nice_step(double max, int n)
{
    double raw = max / n, p = pow(10, floor(log10(raw))), f = raw / p;
    if (!(raw > 0))
        return 1;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/* The top of an axis for values up to max: the next multiple of its
 * round step (at least 1). */
static double axis_top(double max, int ticks, double eps)
{
    if (max <= 0)
        max = 1;
    return ceil(max / nice_step(max, ticks) + eps) * nice_step(max, ticks);
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

static void axis_y(atlas_ctx *ac, double x, double y, double w, double h,
                   double max, double size)
{
    cairo_t *cr = ac->cr;
    double step = nice_step(max, 4), v;
    char buf[32];

    for (v = 0; v <= max + step * 1e-6; v += step) {
        double py = y + h - v / max * h, tw, th;
        cairo_move_to(cr, x, py);
        cairo_line_to(cr, x + w, py);
        cairo_set_line_width(cr, 0.25);
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
        cairo_stroke(cr);
        kz__atlas_num(buf, sizeof(buf), v, step < 1 ? 1 : 0, "az");
        kz__atlas_measure(ac, buf, size, 0, 0, &tw, &th);
        kz__atlas_text(ac, buf, size, 0, 0, x - tw - 2, py - th / 2, 0, 0,
                       NULL);
    }
}

void kz__atlas_chart_conditions(atlas_ctx *ac, const long *counts, double x,
                                double y, double w, double h)
{
    const kz_style *st = ac->doc->st;
    cairo_t *cr = ac->cr;
    double size = st->font_small, max = 0, left = size * 4, bottom,
           bw, label_h = size * ATLAS_LINE * 2.2;
    char buf[160], key[64];
    long second;
    int order[KZ_COND_COUNT] = {1, 2, 3, 4, 5, 0}, i;

    for (i = 0; i < KZ_COND_COUNT; i++)
        if (counts[i] > max)
            max = (double)counts[i];
    max = axis_top(max, 4, 0);
    bottom = y + h - label_h;
    axis_y(ac, x + left, y + size, w - left, bottom - y - size, max, size);
    bw = (w - left) / KZ_COND_COUNT;
    for (i = 0; i < KZ_COND_COUNT; i++) {
        int c = order[i];
        double bh = counts[c] / max * (bottom - y - size);
        double bx = x + left + i * bw + bw * 0.15, tw, th;
        cairo_rectangle(cr, bx, bottom - bh, bw * 0.7, bh);
        kz__set_rgb(cr, &st->cond[c].color);
        cairo_fill_preserve(cr);
        kz__set_rgb(cr, &st->symbol_stroke);
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
        kz__atlas_num(buf, sizeof(buf), (double)counts[c], 0, "az");
        kz__atlas_measure(ac, buf, size, 1, 0, &tw, &th);
        kz__atlas_text(ac, buf, size, 1, 0, bx + bw * 0.35 - tw / 2,
                       bottom - bh - th, 0, 0, NULL);
        kz__text_printf(key, sizeof(key), "condition.%s", cond_keys[c]);
        kz__text_catalog(buf, sizeof(buf), &second, st, key, 1);
        kz__atlas_text(ac, buf, size * 0.92, 0, 0, x + left + i * bw,
                       bottom + 2, bw, 1, NULL);
    }
    baseline(cr, x + left, x + w, bottom, 0.5);
}

void kz__atlas_chart_histogram(atlas_ctx *ac, const double *values,
                               size_t n, double x, double y, double w,
                               double h)
{
    /* bins of 1 l/s up to 15, then one open bin */
    enum { NB = 16 };
    const kz_style *st = ac->doc->st;
    cairo_t *cr = ac->cr;
    long bins[NB] = {0};
    double size = st->font_small, max = 0, left = size * 4,
           bottom = y + h - size * ATLAS_LINE * 2.4, bw;
    char buf[160];
    size_t i;

    for (i = 0; i < n; i++) {
        int b;
        if (!isfinite(values[i]) || values[i] < 0)
            continue;
        b = (int)floor(values[i]);
        bins[b < NB - 1 ? b : NB - 1]++;
    }
    for (i = 0; i < NB; i++)
        if (bins[i] > max)
            max = (double)bins[i];
    max = axis_top(max, 4, 0);
    axis_y(ac, x + left, y + size, w - left, bottom - y - size, max, size);
    bw = (w - left) / NB;
    for (i = 0; i < NB; i++) {
        double bh = bins[i] / max * (bottom - y - size);
        cairo_rectangle(cr, x + left + i * bw + 0.5, bottom - bh, bw - 1,
                        bh);
        kz__set_rgb(cr, &st->cond[KZ_COND_GOOD].color);
        cairo_fill(cr);
        if (i % 5 == 0 || i == NB - 1) {
            double tw, th;
            if (i == NB - 1)
                kz__text_printf(buf, sizeof(buf), "%d+", NB - 1);
            else
                kz__text_printf(buf, sizeof(buf), "%zu", i);
            kz__atlas_measure(ac, buf, size, 0, 0, &tw, &th);
            kz__atlas_text(ac, buf, size, 0, 0,
                           x + left + i * bw + (i == NB - 1 ? bw / 2 : 0) -
                               tw / 2,
                           bottom + 1, 0, 0, NULL);
        }
    }
    baseline(cr, x + left, x + w, bottom, 0.5);
    kz__atlas_bi(ac->doc, buf, sizeof(buf), "legend.discharge");
    kz__atlas_text(ac, buf, size, 0, 1, x + left, bottom + size * ATLAS_LINE,
                   w - left, 1, NULL);
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
           bottom = y + h - size * ATLAS_LINE * 1.2, t0 = HUGE_VAL,
           t1 = -HUGE_VAL, tw, th;
    char buf[64];

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
    }
    cairo_rectangle(cr, x + left, y, w - left, bottom - y);
    cairo_set_source_rgb(cr, 0.97, 0.965, 0.95);
    cairo_fill(cr);
    if (m == 0) {
        long second;
        kz__text_catalog(buf, sizeof(buf), &second, st,
                         "legend.not_measured", 0);
        kz__atlas_text(ac, buf, size, 0, 1, x + left, y + (bottom - y) / 2 -
                       size / 2, w - left, 1, NULL);
        return;
    }
    max = axis_top(max, 2, 1e-9);
    if (t1 - t0 < 1) {
        t0 = floor(t0) - 0.5;
        t1 = t0 + 2;
    }
    axis_y(ac, x + left, y + size * 0.5, w - left, bottom - y - size * 0.5,
           max, size);
    cairo_new_path(cr);
    for (i = 0; i < n; i++) {
        double t = years(a[i].date);
        double px = x + left + 4 + (t - t0) / (t1 - t0) * (w - left - 8);
        double py = bottom - a[i].discharge_l_s / max *
                                 (bottom - y - size * 0.5);
        if (!isfinite(a[i].discharge_l_s))
            continue;
        cairo_line_to(cr, px, py);
    }
    kz__set_rgb(cr, &st->cond[KZ_COND_GOOD].color);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    for (i = 0; i < n; i++) {
        double t = years(a[i].date);
        double px = x + left + 4 + (t - t0) / (t1 - t0) * (w - left - 8);
        double py = bottom - a[i].discharge_l_s / max *
                                 (bottom - y - size * 0.5);
        int c = a[i].condition >= 0 && a[i].condition < KZ_COND_COUNT
                    ? (int)a[i].condition
                    : 0;
        if (!isfinite(a[i].discharge_l_s))
            continue;
        kz__symbol_draw(cr, st, c, px, py, 1.6);
    }
    /* the first and last years measured */
    {
        int y0 = 0, y1 = 0;
        for (i = 0; i < n; i++)
            if (isfinite(a[i].discharge_l_s)) {
                if (!y0)
                    y0 = a[i].date / 10000;
                y1 = a[i].date / 10000;
            }
        kz__text_printf(buf, sizeof(buf), "%d", y0);
        kz__atlas_text(ac, buf, size, 0, 0, x + left, bottom + 1, 0, 0,
                       NULL);
        if (y1 != y0) {
            kz__text_printf(buf, sizeof(buf), "%d", y1);
            kz__atlas_measure(ac, buf, size, 0, 0, &tw, &th);
            kz__atlas_text(ac, buf, size, 0, 0, x + w - tw, bottom + 1, 0, 0,
                           NULL);
        }
    }
    baseline(cr, x + left, x + w, bottom, 0.4);
}
