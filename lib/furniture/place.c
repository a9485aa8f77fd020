/*
 * place.c - where the furniture goes: the legend, the inset and the scale
 * box are measured, put in the corners that cover the fewest of the map's
 * own kahrizes and districts, entered in the collision grid before any
 * label is placed, and drawn (opaque) after the labels.
 */
#include "furniture/furniture.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void corner_xy(const kz_page *pg, int corner, double w, double h,
                      double *x, double *y)
{
    const kz_view *v = &pg->v;
    *x = corner & 1 ? v->x0 + v->w - w : v->x0;
    *y = corner & 2 ? v->y0 + v->h - h : v->y0;
}

/* The cost of a box: the outlets it would cover, even in part, those of
 * the map's own district or region counting a thousand times, and as much
 * again each place where one of the map's own districts is to be named
 * (a small district under the box would be hidden whole). */
static size_t symbols_in(const kz_page *pg, double x, double y, double w,
                         double h)
{
    size_t i, n = 0;
    for (i = 0; i < pg->n_sym; i++) {
        const double *s = pg->sym_xy + 4 * i;
        if (s[0] + s[2] >= x && s[0] - s[2] <= x + w && s[1] + s[2] >= y &&
            s[1] - s[2] <= y + h)
            n += s[3] != 0 ? 1000 : 1;
    }
    for (i = 0; i < pg->n_focus_xy; i++) {
        const double *s = pg->focus_xy + 2 * i;
        if (s[0] >= x && s[0] <= x + w && s[1] >= y && s[1] <= y + h)
            n += 1000;
    }
    return n;
}

int kz__furniture_place(kz_page *pg)
{
    /* preferred corners: legend bottom left, inset top right, scale bottom
     * right; the emptiest free corner wins */
    static const int pref[3][4] = {
        {2, 0, 3, 1}, {1, 0, 3, 2}, {3, 2, 1, 0}};
    double sizes[3][2] = {{0, 0}, {0, 0}, {0, 0}};
    int used[4] = {0, 0, 0, 0}, f, i, rc;
    kz_scalebar sb;
    kz_view iv;

    kz__legend(pg, 0, 0, 0, &sizes[0][0], &sizes[0][1]);
    if (pg->o->kind != KZ_MAP_NATIONAL &&
        (rc = kz__inset_view(pg, &iv, &sizes[1][0], &sizes[1][1],
                             fmin(pg->v.w * 0.3, 60 * KZ_MM))) < 0)
        return rc;
    if ((rc = kz__scalebar_compute(pg, &sb)) < 0)
        return rc;
    kz__scalebar_size(pg, &sb, &sizes[2][0], &sizes[2][1]);
    for (f = 0; f < 3; f++) {
        size_t best_n = (size_t)-1;
        int best = -1;
        pg->fcorner[f] = -1;
        if (sizes[f][0] <= 0 || sizes[f][0] > pg->v.w * 0.6 ||
            sizes[f][1] > pg->v.h * 0.6)
            continue;
        for (i = 0; i < 4; i++) {
            int c = pref[f][i];
            double x, y;
            size_t n;
            if (used[c])
                continue;
            corner_xy(pg, c, sizes[f][0], sizes[f][1], &x, &y);
            n = symbols_in(pg, x, y, sizes[f][0], sizes[f][1]);
            if (n < best_n) {
                best_n = n;
                best = c;
            }
        }
        if (best < 0)
            continue;
        used[best] = 1;
        pg->fcorner[f] = best;
        corner_xy(pg, best, sizes[f][0], sizes[f][1], &pg->fbox[f][0],
                  &pg->fbox[f][1]);
        pg->fbox[f][2] = sizes[f][0];
        pg->fbox[f][3] = sizes[f][1];
        if ((rc = kz_collide_insert(pg->ctx, pg->grid, pg->fbox[f][0],
                                    pg->fbox[f][1],
                                    pg->fbox[f][0] + sizes[f][0],
                                    pg->fbox[f][1] + sizes[f][1])) < 0 ||
            (rc = kz_collide_insert(pg->ctx, pg->lgrid, pg->fbox[f][0],
                                    pg->fbox[f][1],
                                    pg->fbox[f][0] + sizes[f][0],
                                    pg->fbox[f][1] + sizes[f][1])) < 0 ||
            (rc = kz__boxlog_add(pg->log, 2, pg->fbox[f][0], pg->fbox[f][1],
                                 pg->fbox[f][0] + sizes[f][0],
                                 pg->fbox[f][1] + sizes[f][1])) < 0)
            return rc;
    }
    return KZ_OK;
}

static void box_bg(kz_page *pg, const double *b)
{
    cairo_t *cr = pg->cr;
    const kz_rgb *p = &pg->st->paper;
    cairo_rectangle(cr, b[0], b[1], b[2], b[3]);
    /* opaque: nothing of the map shows through the furniture */
    cairo_set_source_rgba(cr, p->r, p->g, p->b, 1.0);
    cairo_fill_preserve(cr);
    kz__set_rgb(cr, &pg->st->frame);
    cairo_set_line_width(cr, pg->st->lw_graticule * 2);
    cairo_stroke(cr);
}

int kz__furniture_draw(kz_page *pg)
{
    double w, h;
    int rc;

    if (pg->fcorner[0] >= 0) {
        box_bg(pg, pg->fbox[0]);
        kz__legend(pg, 1, pg->fbox[0][0], pg->fbox[0][1], &w, &h);
    }
    if (pg->fcorner[1] >= 0) {
        box_bg(pg, pg->fbox[1]);
        if ((rc = kz__inset_draw(pg, pg->fbox[1][0], pg->fbox[1][1])) < 0)
            return rc;
    }
    if (pg->fcorner[2] >= 0) {
        kz_scalebar sb;
        box_bg(pg, pg->fbox[2]);
        if ((rc = kz__scalebar_compute(pg, &sb)) < 0 ||
            (rc = kz__scalebar_draw(pg, &sb, pg->fbox[2][0], pg->fbox[2][1],
                                    pg->fbox[2][2], pg->fbox[2][3])) < 0)
            return rc;
    } else {
        /* no room for the bar: still report the scale */
        kz_scalebar sb;
        if ((rc = kz__scalebar_compute(pg, &sb)) < 0)
            return rc;
        pg->res.scalebar_km = sb.km;
        if ((rc = kz__view_north_deg(&pg->res.north_deg, &pg->v)) < 0)
            return rc;
    }
    return KZ_OK;
}
