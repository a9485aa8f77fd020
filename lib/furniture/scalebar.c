/*
 * scalebar.c - the scale box: a bar of a round ground length (measured on
 * the ellipsoid at the frame centre), the scale as a ratio, the north
 * arrow (true north at the centre; none on the equal-area national maps)
 * and, with relief, the contour interval.
 */
#include "furniture/furniture.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <geodesic.h>

double kz__scalebar_choose(double max_km)
{
    static const double steps[3] = {5, 2, 1};
    double p;
    int i;

    if (!(max_km > 0) || !isfinite(max_km))
        return 0;
    p = pow(10, floor(log10(max_km)));
    for (;;) {
        for (i = 0; i < 3; i++)
            if (steps[i] * p <= max_km * (1 + 1e-9))
                return steps[i] * p;
        p /= 10;
    }
}

int kz__scalebar_compute(kz_page *pg, kz_scalebar *sb)
{
    double maxlen = fmin(pg->v.w * 0.28, 45 * KZ_MM);
    int rc;
    if ((rc = kz__view_ground_m_per_pt(&sb->mpp, &pg->v)) < 0)
        return rc;
    sb->km = kz__scalebar_choose(maxlen * sb->mpp / 1000);
    sb->len = sb->km * 1000 / sb->mpp;
    return KZ_OK;
}

#define NORTH_W (9 * KZ_MM)

/* Room for the north arrow: none on the national equal-area maps, whose
 * meridians converge across the frame (true north turns by degrees from
 * side to side, so one arrow would mislead; the graticule shows it). */
static double north_w(const kz_page *pg)
{
    return strcmp(pg->crs, KZ_CRS_EQUAL_AREA) == 0 ? 0 : NORTH_W + 4;
}

/* The relief under the scale, as topographic maps state the contour
 * interval there: "Relyef (DEM), horizontallar arası 100 m / Relief
 * (DEM), contour interval 100 m"; "" without relief.  The legend only
 * names the shading and the lines: a longer row there pushes it over
 * district names on the crowded region maps. */
static void relief_text(kz_page *pg, char *text, size_t cap)
{
    const kz_style *st = pg->st;
    const char *langs[2] = {"az", "en"};
    char part[2][160];
    long second;
    int i;

    text[0] = '\0';
    if (!pg->has_relief)
        return;
    for (i = 0; i < 2; i++) {
        int li = kz__style_lang_index(st, langs[i]);
        part[i][0] = '\0';
        if (li < 0)
            continue;
        if (pg->contour_step > 0)
            kz__text_printf(part[i], sizeof(part[i]), "%s, %s %.0f m",
                            kz__style_text_i(st, "legend.relief",
                                             (size_t)li),
                            kz__style_text_i(st, "legend.contours",
                                             (size_t)li),
                            pg->contour_step);
        else
            kz__text_printf(part[i], sizeof(part[i]), "%s",
                            kz__style_text_i(st, "legend.relief",
                                             (size_t)li));
    }
    kz__text_bilingual(text, cap, &second, st, part[0], part[1], 0);
}

/* "Miqyas 1:84 800 / Scale 1:84,800": the scale at the centre, three
 * significant figures. */
static void scale_text(kz_page *pg, char *text, size_t cap)
{
    const kz_style *st = pg->st;
    char parts[2][128], num[64];
    double p = pow(10, floor(log10(pg->v.scale)) - 2),
           rounded = round(pg->v.scale / p) * p;
    long second;
    size_t li;

    for (li = 0; li < st->n_langs && li < 2; li++) {
        kz_format_number(num, sizeof(num), rounded, 0, st->langs[li]);
        kz__text_printf(parts[li], sizeof(parts[li]), "%s 1:%s",
                        kz__style_text_i(st, "scale", li), num);
    }
    if (st->n_langs >= 2)
        kz__text_bilingual(text, cap, &second, st,
                           strcmp(st->langs[0], "az") == 0 ? parts[0]
                                                           : parts[1],
                           strcmp(st->langs[0], "az") == 0 ? parts[1]
                                                           : parts[0],
                           0);
    else
        kz__text_printf(text, cap, "%s", parts[0]);
}

void kz__scalebar_size(kz_page *pg, const kz_scalebar *sb, double *w, double *h)
{
    const kz_style *st = pg->st;
    char a[64], b[160];
    PangoLayout *l;
    double nw, bw, th, tail;

    /* the last number is centred on the bar's end and followed by its
     * unit: the box holds all of it, clear of the neatline */
    kz_format_number(a, sizeof(a), sb->km, kz__decimals_of(sb->km),
                     st->langs[0]);
    kz__text_printf(b, sizeof(b), "%s %s", a,
                    kz__style_text_i(st, "unit.km", 0));
    l = kz__text_layout(&pg->txt, a, st->font_small, 0, 0, -1, 0);
    kz__text_size(l, &nw, &th);
    g_object_unref(l);
    l = kz__text_layout(&pg->txt, b, st->font_small, 0, 0, -1, 0);
    kz__text_size(l, &bw, &th);
    g_object_unref(l);
    tail = bw - nw / 2 + 2;
    *w = north_w(pg) + sb->len + (tail > 12 ? tail : 12) + 2 * KZ_PAD;
    /* and the scale written out under the bar */
    {
        char text[512];
        scale_text(pg, text, sizeof(text));
        l = kz__text_layout(&pg->txt, text, st->font_small, 0, 0, -1, 0);
        kz__text_size(l, &bw, &th);
        g_object_unref(l);
        if (north_w(pg) + bw + 2 + 2 * KZ_PAD > *w)
            *w = north_w(pg) + bw + 2 + 2 * KZ_PAD;
        relief_text(pg, text, sizeof(text));
        if (*text) {
            l = kz__text_layout(&pg->txt, text, st->font_small, 0, 0, -1,
                                0);
            kz__text_size(l, &bw, &th);
            g_object_unref(l);
            if (north_w(pg) + bw + 2 + 2 * KZ_PAD > *w)
                *w = north_w(pg) + bw + 2 + 2 * KZ_PAD;
        }
    }
    *h = 2 * KZ_PAD + pg->st->font_small * (pg->has_relief ? 3.9 : 2.6) + 4 + 2;
    if (*h < 11 * KZ_MM)
        *h = 11 * KZ_MM;
}

static void text_at(kz_page *pg, const char *s, double size, double x,
                    double y, double align)
{
    PangoLayout *l = kz__text_layout(&pg->txt, s, size, 0, 0, -1, 0);
    double w, h;
    kz__text_size(l, &w, &h);
    kz__text_draw(pg->cr, l, x - w * align, y, &pg->st->text, 0, NULL);
    g_object_unref(l);
}

/* The north arrow centred at ax, turned to true north, "Ş/N" above. */
static void north_arrow(kz_page *pg, double ax, double ay, double L,
                        double north, double by)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    char text[512];
    long second;

    cairo_save(cr);
    cairo_translate(cr, ax, ay + 2);
    cairo_rotate(cr, north * M_PI / 180);
    cairo_move_to(cr, 0, -L / 2);
    cairo_line_to(cr, L * 0.22, L / 2);
    cairo_line_to(cr, 0, L * 0.3);
    cairo_close_path(cr);
    kz__set_rgb(cr, &st->text);
    cairo_fill(cr);
    cairo_move_to(cr, 0, -L / 2);
    cairo_line_to(cr, -L * 0.22, L / 2);
    cairo_line_to(cr, 0, L * 0.3);
    cairo_close_path(cr);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    cairo_restore(cr);
    kz__text_catalog(text, sizeof(text), &second, st, "north", 0);
    text_at(pg, text, st->font_small, ax, by + 1, 0.5);
}

int kz__scalebar_draw(kz_page *pg, const kz_scalebar *sb, double bx, double by,
                      double bw, double bh)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    char a[64], b[160], text[512];
    double north, x0 = bx + KZ_PAD + north_w(pg);
    double ybar = by + KZ_PAD + st->font_small * 1.3;
    double p;
    int rc, i, segs;
    size_t li;

    /* north arrow, turned to true north at the frame centre */
    if ((rc = kz__view_north_deg(&north, &pg->v)) < 0)
        return rc;
    pg->res.north_deg = north;
    if (north_w(pg) > 0)
        north_arrow(pg, bx + KZ_PAD + NORTH_W / 2, by + bh / 2, 7 * KZ_MM,
                    north, by);

    /* bar: 4 segments for 1 and 2 series lengths, 5 for the 5 series */
    p = pow(10, floor(log10(sb->km) + 1e-9));
    segs = fabs(sb->km / p - 5) < 1e-6 ? 5 : 4;
    for (i = 0; i < segs; i++) {
        cairo_rectangle(cr, x0 + sb->len * i / segs, ybar, sb->len / segs, 3);
        kz__set_rgb(cr, i % 2 ? &st->paper : &st->text);
        cairo_fill_preserve(cr);
        kz__set_rgb(cr, &st->text);
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
    }
    pg->res.scalebar_km = sb->km;
    li = 0;
    kz_format_number(a, sizeof(a), 0, 0, st->langs[li]);
    text_at(pg, a, st->font_small, x0, ybar - st->font_small * 1.3, 0.5);
    kz_format_number(a, sizeof(a), sb->km / 2, kz__decimals_of(sb->km / 2),
                     st->langs[li]);
    text_at(pg, a, st->font_small, x0 + sb->len / 2,
            ybar - st->font_small * 1.3, 0.5);
    kz_format_number(a, sizeof(a), sb->km, kz__decimals_of(sb->km),
                     st->langs[li]);
    kz__text_printf(b, sizeof(b), "%s %s", a, kz__style_text_i(st, "unit.km", 0));
    {
        PangoLayout *l = kz__text_layout(&pg->txt, a, st->font_small, 0, 0,
                                         -1, 0);
        double w, h;
        kz__text_size(l, &w, &h);
        g_object_unref(l);
        text_at(pg, b, st->font_small, x0 + sb->len - w / 2,
                ybar - st->font_small * 1.3, 0);
    }
    scale_text(pg, text, sizeof(text));
    text_at(pg, text, st->font_small, x0, ybar + 5, 0);
    relief_text(pg, text, sizeof(text));
    if (*text)
        text_at(pg, text, st->font_small, x0,
                ybar + 5 + st->font_small * 1.3, 0);
    (void)bw;
    return KZ_OK;
}
