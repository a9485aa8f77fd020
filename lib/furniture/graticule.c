/*
 * graticule.c - the graticule: meridians and parallels at a round step
 * inside the map area, their degrees on the frame's edges, and the line
 * under the map that names its projection.
 */
#include "furniture/furniture.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double kz__graticule_step(double span)
{
    if (span <= 0.8)
        return 0.1;
    if (span <= 2.0)
        return 0.25;
    if (span <= 4.0)
        return 0.5;
    return 1.0;
}

/* Degrees as a map edge writes them: 47°, 47°30′. */
static void fmt_deg(char *buf, size_t cap, double v, double step)
{
    int d = (int)floor(v + 1e-9), m = (int)lround((v - d) * 60);
    if (m == 60) {
        d++;
        m = 0;
    }
    if (step >= 1 || m == 0)
        kz__text_printf(buf, cap, "%d°", d);
    else
        kz__text_printf(buf, cap, "%d°%02d′", d, m);
}

/* Edge label of a graticule line crossing the neatline at (x, y). */
static void edge_label(kz_page *pg, const char *s, double x, double y,
                       int side)
{
    const kz_view *v = &pg->v;
    cairo_t *cr = pg->cr;
    PangoLayout *l = kz__text_layout(&pg->txt, s, pg->st->font_small, 0, 0,
                                     -1, 0);
    double w, h, cx, cy, tick = 2.0;

    kz__text_size(l, &w, &h);
    cairo_save(cr);
    kz__set_rgb(cr, &pg->st->frame);
    cairo_set_line_width(cr, pg->st->lw_graticule * 1.5);
    /* the tick at the line, the label over it, slid along the edge to
     * stay within the frame's side where the line meets it near a
     * corner: never left out */
    cx = fmin(fmax(x, v->x0 + w / 2), v->x0 + v->w - w / 2);
    cy = fmin(fmax(y, v->y0 + w / 2), v->y0 + v->h - w / 2);
    switch (side) {
    case 0: /* top */
        cairo_move_to(cr, x, v->y0);
        cairo_line_to(cr, x, v->y0 - tick);
        cairo_stroke(cr);
        kz__text_draw(cr, l, cx - w / 2, v->y0 - tick - h, &pg->st->text, 0,
                      NULL);
        break;
    case 1: /* bottom */
        cairo_move_to(cr, x, v->y0 + v->h);
        cairo_line_to(cr, x, v->y0 + v->h + tick);
        cairo_stroke(cr);
        kz__text_draw(cr, l, cx - w / 2, v->y0 + v->h + tick, &pg->st->text,
                      0, NULL);
        break;
    case 2: /* left, reading upwards */
        cairo_move_to(cr, v->x0, y);
        cairo_line_to(cr, v->x0 - tick, y);
        cairo_stroke(cr);
        cairo_translate(cr, v->x0 - tick - h, cy + w / 2);
        cairo_rotate(cr, -M_PI / 2);
        kz__text_draw(cr, l, 0, 0, &pg->st->text, 0, NULL);
        break;
    default: /* right, reading upwards */
        cairo_move_to(cr, v->x0 + v->w, y);
        cairo_line_to(cr, v->x0 + v->w + tick, y);
        cairo_stroke(cr);
        cairo_translate(cr, v->x0 + v->w + tick, cy + w / 2);
        cairo_rotate(cr, -M_PI / 2);
        kz__text_draw(cr, l, 0, 0, &pg->st->text, 0, NULL);
        break;
    }
    cairo_restore(cr);
    g_object_unref(l);
}

#define GRAT_N 48

int kz__graticule_draw(kz_page *pg, int labels)
{
    const kz_view *v = &pg->v;
    cairo_t *cr = pg->cr;
    double step = kz__graticule_step(
        fmax(v->lon1 - v->lon0, v->lat1 - v->lat0));
    double x[GRAT_N], y[GRAT_N], val;
    unsigned char keep[GRAT_N];
    size_t *stack = NULL, cap = 0;
    char buf[32];
    int merid, i, rc = KZ_OK;

    /* all lines one path, each kept to 0.1 mm of its projected curve */
    cairo_new_path(cr);
    for (merid = 1; merid >= 0; merid--) {
        double lo = merid ? v->lon0 : v->lat0, hi = merid ? v->lon1 : v->lat1;
        /* each line runs a little past the view's bounds, so that it
         * crosses the frame's edge rather than end on it: the meridian
         * of a UTM zone's centre meets the top edge at the view's
         * northernmost latitude */
        double mlat = (v->lat1 - v->lat0) * 0.05,
               mlon = (v->lon1 - v->lon0) * 0.05;
        for (val = ceil(lo / step - 1e-9) * step; val <= hi + 1e-9;
             val += step) {
            for (i = 0; i < GRAT_N; i++) {
                double t = (double)i / (GRAT_N - 1);
                if (merid) {
                    x[i] = val;
                    y[i] = v->lat0 - mlat +
                           t * (v->lat1 - v->lat0 + 2 * mlat);
                } else {
                    x[i] = v->lon0 - mlon +
                           t * (v->lon1 - v->lon0 + 2 * mlon);
                    y[i] = val;
                }
            }
            if ((rc = kz__geo_apply(pg->ctx, v->fwd, x, y, GRAT_N,
                                    PJ_FWD)) < 0)
                goto done;
            for (i = 0; i < GRAT_N; i++) {
                x[i] = kz__vx(v, x[i]);
                y[i] = kz__vy(v, y[i]);
            }
            if (!labels) {
                memset(keep, 0, sizeof(keep));
                if ((rc = kz__simplify_keep(pg->ctx, x, y, 0, GRAT_N - 1,
                                            KZ_TOL_PT, keep, &stack,
                                            &cap)) < 0)
                    goto done;
                cairo_new_sub_path(cr);
                for (i = 0; i < GRAT_N; i++)
                    if (keep[i])
                        cairo_line_to(cr, x[i], y[i]);
                continue;
            }
            fmt_deg(buf, sizeof(buf), val, step);
            for (i = 0; i + 1 < GRAT_N; i++) {
                int e;
                for (e = 0; e < 2; e++) {
                    double edge, a, b, t;
                    if (merid) {
                        edge = e ? v->y0 + v->h : v->y0;
                        a = y[i] - edge;
                        b = y[i + 1] - edge;
                    } else {
                        edge = e ? v->x0 + v->w : v->x0;
                        a = x[i] - edge;
                        b = x[i + 1] - edge;
                    }
                    if ((a < 0) == (b < 0) || a == b)
                        continue;
                    t = a / (a - b);
                    if (merid)
                        edge_label(pg, buf, x[i] + t * (x[i + 1] - x[i]),
                                   edge, e);
                    else
                        edge_label(pg, buf, edge,
                                   y[i] + t * (y[i + 1] - y[i]), 2 + e);
                }
            }
        }
    }
    if (!labels) {
        kz__set_rgb(cr, &pg->st->graticule);
        cairo_set_line_width(cr, pg->st->lw_graticule);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
done:
    kz__free(pg->ctx, stack);
    return rc;
}

double kz__projection_line_h(const kz_style *st)
{
    /* a line of small text (Noto's line is 1.36 em) and a little paper
     * between it and the edge labels above */
    return st->font_small * 1.4 + 1.0;
}

void kz__crs_name(char *buf, size_t cap, const char *crs)
{
    int zone;
    char ns[2]; /* the hemisphere digit and its NUL */

    if (sscanf(crs, "EPSG:32%1[67]%2d", ns, &zone) == 2 && zone >= 1 &&
        zone <= 60)
        kz__text_printf(buf, cap, "UTM %d%c, WGS84 (%s)", zone,
                        ns[0] == '6' ? 'N' : 'S', crs);
    else if (strcmp(crs, KZ_CRS_EQUAL_AREA) == 0)
        kz__text_printf(buf, cap, "LAEA 40.2°N 47.7°E, WGS84");
    else
        kz__text_printf(buf, cap, "%s", crs);
}

void kz__projection_draw(kz_page *pg)
{
    const kz_style *st = pg->st;
    const kz_view *v = &pg->v;
    char name[200], head[256], text[512], fit[512];
    long second;
    size_t max = 0;

    (void)second;
    double w, h;
    PangoLayout *l;

    kz__crs_name(name, sizeof(name), pg->crs);
    kz__text_catalog(head, sizeof(head), &second, st, "projection", 0);
    for (;;) {
        kz__text_printf(text, sizeof(text), "%s: %s", head, name);
        kz__text_fit(fit, sizeof(fit), text, max);
        l = kz__text_layout(&pg->txt, fit, st->font_small, 0, 0, -1, 0);
        kz__text_size(l, &w, &h);
        if (w <= v->w || (max && max < 12))
            break;
        g_object_unref(l);
        /* a CRS given as a long PROJ string is cut to the frame */
        max = (max ? max : strlen(fit)) * 9 / 10;
    }
    kz__text_draw(pg->cr, l, v->x0 + v->w - w,
                  pg->fy + pg->fh - kz__projection_line_h(st) +
                      (kz__projection_line_h(st) - h) / 2,
                  &st->text, 0, NULL);
    g_object_unref(l);
}
