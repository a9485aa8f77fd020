/*
 * inset.c - the inset locator: the country (or the region) small, with
 * the map's own area highlighted and the frame's extent drawn on it.
 */
#include "furniture/furniture.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int kz__inset_view(kz_page *pg, kz_view *iv, double *w, double *h,
                   double maxw)
{
    double lon0 = 44.7, lat0 = 38.35, lon1 = 50.7, lat1 = 41.95;
    double x[8], y[8], ex0 = HUGE_VAL, ey0 = HUGE_VAL, ex1 = -HUGE_VAL,
                       ey1 = -HUGE_VAL;
    size_t i, nd = kz_survey_district_count(pg->sv);
    int rc;

    if (nd) {
        lon0 = lat0 = HUGE_VAL;
        lon1 = lat1 = -HUGE_VAL;
        for (i = 0; i < nd; i++) {
            const kz_district *d = kz_survey_district(pg->sv, i);
            lon0 = fmin(lon0, d->minx);
            lat0 = fmin(lat0, d->miny);
            lon1 = fmax(lon1, d->maxx);
            lat1 = fmax(lat1, d->maxy);
        }
    }
    memset(iv, 0, sizeof(*iv));
    iv->ctx = pg->ctx;
    if ((rc = kz__geo_transform(&iv->fwd, pg->ctx, KZ_CRS_WGS84,
                                KZ_CRS_EQUAL_AREA)) < 0)
        return rc;
    for (i = 0; i < 8; i++) {
        x[i] = i < 4 ? (i & 1 ? lon1 : lon0) : (lon0 + lon1) / 2;
        y[i] = i < 4 ? (i & 2 ? lat1 : lat0) : (i & 1 ? lat1 : lat0);
    }
    if ((rc = kz__geo_apply(pg->ctx, iv->fwd, x, y, 8, PJ_FWD)) < 0)
        return rc;
    for (i = 0; i < 8; i++) {
        ex0 = fmin(ex0, x[i]);
        ey0 = fmin(ey0, y[i]);
        ex1 = fmax(ex1, x[i]);
        ey1 = fmax(ey1, y[i]);
    }
    iv->w = maxw - 2 * KZ_PAD;
    iv->s = iv->w / (ex1 - ex0);
    iv->h = (ey1 - ey0) * iv->s;
    iv->cx = (ex0 + ex1) / 2;
    iv->cy = (ey0 + ey1) / 2;
    iv->lon0 = lon0 - 0.05;
    iv->lat0 = lat0 - 0.05;
    iv->lon1 = lon1 + 0.05;
    iv->lat1 = lat1 + 0.05;
    iv->deg_per_pt = (lat1 - lat0) / iv->h;
    *w = maxw;
    *h = iv->h + 2 * KZ_PAD;
    return KZ_OK;
}

int kz__inset_draw(kz_page *pg, double bx, double by)
{
    kz_view iv;
    double w, h, fx0 = HUGE_VAL, fy0 = HUGE_VAL, fx1 = -HUGE_VAL,
                 fy1 = -HUGE_VAL;
    size_t i, nd = kz_survey_district_count(pg->sv);
    cairo_t *cr = pg->cr;
    int rc, empty, pass;

    if ((rc = kz__inset_view(pg, &iv, &w, &h, pg->fbox[1][2])) < 0)
        return rc;
    iv.x0 = bx + KZ_PAD;
    iv.y0 = by + KZ_PAD;
    /* the country as one shape (or, without it, the other districts as
     * one path), then the focus outlined in paper colour */
    for (pass = 0; pass < 2; pass++) {
        int any = 0;
        cairo_new_path(cr);
        if (pass == 0 && pg->sv->country) {
            GEOSGeometry *g = kz__view_prepare(pg->ctx, &iv, pg->sv->country,
                                               0.3, 1, &empty);
            if (!g && !empty)
                return KZ_EGEOM;
            if (g) {
                kz__path_geom(cr, &iv, pg->h, g);
                GEOSGeom_destroy_r(pg->h, g);
                kz__set_rgb(cr, &pg->st->inset_land);
                cairo_fill(cr);
            }
            continue;
        }
        for (i = 0; i < nd; i++) {
            GEOSGeometry *g;
            int focus = pg->focus && pg->focus[i];
            if (!pg->sv->district_geoms || !pg->sv->district_geoms[i] ||
                focus != pass)
                continue;
            g = kz__view_prepare(pg->ctx, &iv, pg->sv->district_geoms[i],
                                 0.3, 1, &empty);
            if (!g) {
                if (empty)
                    continue;
                return KZ_EGEOM;
            }
            kz__path_geom(cr, &iv, pg->h, g);
            GEOSGeom_destroy_r(pg->h, g);
            any = 1;
        }
        if (!any)
            continue;
        if (pass == 1) {
            double a, b, c, d;
            cairo_path_extents(cr, &a, &b, &c, &d);
            fx0 = fmin(fx0, a);
            fy0 = fmin(fy0, b);
            fx1 = fmax(fx1, c);
            fy1 = fmax(fy1, d);
        }
        kz__set_rgb(cr, pass ? &pg->st->inset_highlight
                             : &pg->st->inset_land);
        cairo_fill_preserve(cr);
        kz__set_rgb(cr, &pg->st->paper);
        cairo_set_line_width(cr, 0.2);
        cairo_stroke(cr);
    }
    /* a small district would vanish at this scale: ring it */
    if (fx0 < fx1 && fmax(fx1 - fx0, fy1 - fy0) < 6) {
        cairo_new_path(cr);
        cairo_arc(cr, (fx0 + fx1) / 2, (fy0 + fy1) / 2, 4.5, 0, 2 * M_PI);
        kz__set_rgb(cr, &pg->st->inset_highlight);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
    }
    return KZ_OK;
}
