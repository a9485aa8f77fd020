/*
 * districts.c - the base layer of a map: sea, neighbouring countries and
 * the districts filled (plain, highlighted or by density class), their
 * borders in one path and the map's own district outlined over them.
 */
#include "layers/layers.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void fill_stroke(kz_page *pg, const GEOSGeometry *g,
                        const kz_rgb *fill, double alpha,
                        const kz_rgb *stroke, double lw)
{
    cairo_t *cr = pg->cr;
    cairo_new_path(cr);
    kz__path_geom(cr, &pg->v, pg->h, g);
    if (fill) {
        cairo_set_source_rgba(cr, fill->r, fill->g, fill->b, alpha);
        if (stroke)
            cairo_fill_preserve(cr);
        else
            cairo_fill(cr);
    }
    if (stroke) {
        kz__set_rgb(cr, stroke);
        cairo_set_line_width(cr, lw);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

/* Thin diagonal lines 1.2 mm apart across g, in color: the density
 * map's districts without kahrizes (the legend's swatch draws the same). */
static void hatch(kz_page *pg, const GEOSGeometry *g, const kz_rgb *color)
{
    cairo_t *cr = pg->cr;
    double x0, y0, x1, y1, d, step = 1.2 * KZ_MM;
    cairo_save(cr);
    cairo_new_path(cr);
    kz__path_geom(cr, &pg->v, pg->h, g);
    cairo_fill_extents(cr, &x0, &y0, &x1, &y1);
    cairo_clip(cr);
    for (d = floor((x0 - (y1 - y0)) / step) * step; d <= x1; d += step) {
        cairo_move_to(cr, d, y1);
        cairo_line_to(cr, d + (y1 - y0), y0);
    }
    kz__set_rgb(cr, color);
    cairo_set_line_width(cr, 0.35);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Whether g (map CRS) shows inside the map area itself, not only in the
 * margin a page geometry keeps beyond it: what the legend lists. */
static int shows(kz_page *pg, const GEOSGeometry *g)
{
    const double area[4] = {pg->v.x0, pg->v.y0, pg->v.w, pg->v.h};
    GEOSGeometry *r = kz__view_box(pg->h, &pg->v, area);
    char in;
    if (!r)
        return 1; /* out of memory: listed rather than left out */
    in = GEOSIntersects_r(pg->h, r, g);
    GEOSGeom_destroy_r(pg->h, r);
    return in != 0;
}

/* Kahrizes per 100 km² of each district (only for the choropleth). */
static int compute_density(kz_page *pg)
{
    size_t nd = kz_survey_district_count(pg->sv), n, i;
    long *count;

    if (!nd)
        return KZ_OK;
    if (!(pg->density = kz__mallocarray(pg->ctx, nd, sizeof(double))) ||
        !(count = kz__calloc(pg->ctx, nd, sizeof(long))))
        return KZ_ENOMEM;
    n = kz_survey_kahriz_count(pg->sv);
    for (i = 0; i < n; i++) {
        int32_t d = kz_survey_kahriz(pg->sv, i)->district;
        if (d >= 0 && (size_t)d < nd)
            count[d]++;
    }
    for (i = 0; i < nd; i++) {
        double a = kz_survey_district(pg->sv, i)->area_km2;
        pg->density[i] = a > 0 ? count[i] / a * 100.0 : NAN;
    }
    kz__free(pg->ctx, count);
    if (pg->o->breaks && pg->o->n_breaks) {
        pg->n_density = pg->o->n_breaks < pg->st->n_density
                            ? pg->o->n_breaks
                            : pg->st->n_density;
        memcpy(pg->density_breaks, pg->o->breaks,
               pg->n_density * sizeof(double));
    } else {
        pg->n_density = pg->st->n_density;
        memcpy(pg->density_breaks, pg->st->density_breaks,
               pg->n_density * sizeof(double));
    }
    return KZ_OK;
}

/* Sea, neighbours, districts and the highlight; keeps the projected
 * districts in dg for their labels. */
/* The sea, then the neighbouring countries, each prepared for the page
 * into sg and ng and filled (the land at opacity fa). */
int kz__context_draw(kz_page *pg, GEOSGeometry **ng, GEOSGeometry **sg,
                     double fa)
{
    const kz_style *st = pg->st;
    const kz_basemap *bm = pg->bm;
    const kz_view *v = &pg->v;
    size_t i;
    int empty, rc;

    for (i = 0; bm && i < bm->n_sea; i++) {
        const kz_basemap_feature *f = &bm->sea[i];
        if ((rc = kz__stopped(pg)) < 0)
            return rc;
        if (f->maxx < v->lon0 || f->minx > v->lon1 || f->maxy < v->lat0 ||
            f->miny > v->lat1)
            continue;
        sg[i] = kz__view_prepare(pg->ctx, v, f->geom, KZ_TOL_PT, 4, &empty);
        if (!sg[i] && !empty)
            return KZ_EGEOM;
        fill_stroke(pg, sg[i], &st->sea, 1, NULL, 0);
    }
    for (i = 0; bm && i < bm->n_neighbours; i++) {
        const kz_basemap_feature *f = &bm->neighbours[i];
        if ((rc = kz__stopped(pg)) < 0)
            return rc;
        if (f->maxx < v->lon0 || f->minx > v->lon1 || f->maxy < v->lat0 ||
            f->miny > v->lat1)
            continue;
        ng[i] = kz__view_prepare(pg->ctx, v, f->geom, KZ_TOL_PT, 4, &empty);
        if (!ng[i] && !empty)
            return KZ_EGEOM;
        fill_stroke(pg, ng[i], &st->neighbour, fa, &st->neighbour_border,
                    st->lw_neighbour);
        pg->has_countries |= ng[i] && shows(pg, ng[i]);
    }
    return KZ_OK;
}

/* Plain land is one colour: the country is filled as one shape, not
 * district by district (every shared border twice). */
static int country_fill(kz_page *pg, double fa)
{
    GEOSGeometry *cg;
    int empty;

    if (pg->density || !pg->sv->country)
        return KZ_OK;
    cg = kz__view_prepare(pg->ctx, &pg->v, pg->sv->country, KZ_TOL_PT, 4,
                          &empty);
    if (!cg && !empty)
        return KZ_EGEOM;
    if (cg) {
        fill_stroke(pg, cg, &pg->st->land, fa, NULL, 0);
        GEOSGeom_destroy_r(pg->h, cg);
    }
    return KZ_OK;
}

int kz__districts_fill(kz_page *pg, GEOSGeometry **dg, double fa)
{
    const kz_style *st = pg->st;
    size_t nd = kz_survey_district_count(pg->sv), i;
    const kz_view *v = &pg->v;
    int empty, rc;

    if (pg->o->fill == KZ_FILL_DENSITY && (rc = compute_density(pg)) < 0)
        return rc;
    if ((rc = country_fill(pg, fa)) < 0)
        return rc;
    for (i = 0; i < nd && pg->sv->district_geoms; i++) {
        const kz_district *d = kz_survey_district(pg->sv, i);
        const kz_rgb *fill = &st->land;
        if ((rc = kz__stopped(pg)) < 0)
            return rc;
        if (d->maxx < v->lon0 || d->minx > v->lon1 || d->maxy < v->lat0 ||
            d->miny > v->lat1 || !pg->sv->district_geoms[i])
            continue;
        dg[i] = kz__view_prepare(pg->ctx, v, pg->sv->district_geoms[i],
                                 KZ_TOL_PT, 4, &empty);
        if (!dg[i]) {
            if (!empty)
                return KZ_EGEOM;
            continue;
        }
        if (pg->density && pg->density[i] == 0) {
            /* no kahriz at all: a class of its own, the land hatched,
             * not the lightest class colour shared with a few */
            fill_stroke(pg, dg[i], fill, fa, NULL, 0);
            hatch(pg, dg[i], &st->district_border);
            pg->density_zero = 1;
            pg->has_others |= pg->n_focus > 0 && !pg->focus[i];
            continue;
        }
        if (pg->density && isfinite(pg->density[i])) {
            int c = kz__style_density_class(st, pg->density_breaks,
                                            pg->n_density, pg->density[i]);
            fill = &st->density_color[c];
            pg->res.density_classes |= 1u << c;
        }
        if (pg->density || !pg->sv->country)
            fill_stroke(pg, dg[i], fill, fa, NULL, 0);
        pg->has_others |= pg->n_focus > 0 && !pg->focus[i];
    }
    /* the focus is lighter than the land; on a choropleth it keeps its
     * class colour and gets its outline only */
    for (i = 0; i < nd && !pg->density; i++)
        if (dg[i] && pg->focus && pg->focus[i])
            fill_stroke(pg, dg[i], &st->highlight, st->highlight_alpha * fa,
                        NULL, 0);
    return KZ_OK;
}

/* Where a neighbour lies this close to the country's outline on paper,
 * the outline is the state's land border (the two layers are simplified
 * apart, each by KZ_TOL_PT). */
#define STATE_BORDER_NEAR (0.4 * KZ_MM)

/* The country's outline where it runs along a neighbouring country, in
 * map CRS on the page; NULL with *empty = 1 when there is none. */
static GEOSGeometry *state_border(kz_page *pg, GEOSGeometry *const *ng,
                                  size_t nn, int *empty)
{
    GEOSContextHandle_t h = pg->h;
    GEOSGeometry *cg = NULL, *line = NULL, *near = NULL, *out = NULL;
    GEOSGeometry **parts = NULL;
    size_t i, n = 0;

    *empty = 1;
    if (!pg->sv->country || !nn)
        return NULL;
    cg = kz__view_prepare(pg->ctx, &pg->v, pg->sv->country, KZ_TOL_PT, 4,
                          empty);
    if (!cg)
        return NULL;
    *empty = 0;
    if (!(line = GEOSBoundary_r(h, cg)) ||
        !(parts = kz__calloc(pg->ctx, nn, sizeof(*parts))))
        goto done;
    /* a stop asked for is heard between the steps, each a moment long */
    for (i = 0; i < nn; i++)
        if (ng[i] && (kz__interrupted(pg->ctx) ||
                      !(parts[n++] = GEOSBuffer_r(h, ng[i],
                                                  STATE_BORDER_NEAR / pg->v.s,
                                                  2))))
            goto done;
    if (!n) {
        *empty = 1;
        goto done;
    }
    if (!(near = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION,
                                             parts, (unsigned)n)))
        goto done;
    n = 0; /* owned by near now */
    if (kz__interrupted(pg->ctx))
        goto done;
    {
        GEOSGeometry *u = GEOSUnaryUnion_r(h, near), *cut;
        if (!u)
            goto done;
        cut = GEOSIntersection_r(h, line, u);
        GEOSGeom_destroy_r(h, u);
        if (cut && GEOSisEmpty_r(h, cut) == 1) {
            *empty = 1;
            GEOSGeom_destroy_r(h, cut);
        } else if (cut) {
            /* one line per stretch, so that the dashes run on */
            out = GEOSLineMerge_r(h, cut);
            GEOSGeom_destroy_r(h, cut);
        }
    }
done:
    for (i = 0; i < n; i++)
        GEOSGeom_destroy_r(h, parts[i]);
    kz__free(pg->ctx, parts);
    if (near)
        GEOSGeom_destroy_r(h, near);
    if (line)
        GEOSGeom_destroy_r(h, line);
    if (cg)
        GEOSGeom_destroy_r(h, cg);
    return out;
}

int kz__districts_borders(kz_page *pg, GEOSGeometry *const *dg,
                          GEOSGeometry *const *ng, size_t nn)
{
    const kz_style *st = pg->st;
    size_t nd = kz_survey_district_count(pg->sv), i;
    cairo_t *cr = pg->cr;
    GEOSGeometry *sb;
    int empty;

    /* the borders, one path */
    cairo_new_path(cr);
    for (i = 0; i < nd; i++)
        if (dg[i])
            kz__path_geom(cr, &pg->v, pg->h, dg[i]);
    kz__set_rgb(cr, &st->district_border);
    cairo_set_line_width(cr, st->lw_district);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    for (i = 0; i < nd; i++)
        if (dg[i] && pg->focus && pg->focus[i])
            fill_stroke(pg, dg[i], NULL, 0, &st->highlight_border,
                        st->lw_highlight);
    /* the state border: heavier, dash and dot, over the districts' and
     * the map's own outline (which shows in its gaps) */
    if (!(sb = state_border(pg, ng, nn, &empty)) && !empty)
        return kz__stopped(pg) < 0 ? KZ_EINTERRUPTED : KZ_EGEOM;
    if (sb) {
        cairo_save(cr);
        cairo_new_path(cr);
        kz__path_geom(cr, &pg->v, pg->h, sb);
        kz__set_rgb(cr, &st->state_border);
        cairo_set_line_width(cr, st->lw_state_border);
        cairo_set_dash(cr, st->dash_state_border, 4, 0);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_stroke(cr);
        cairo_restore(cr);
        pg->has_state_border |= shows(pg, sb);
        /* kept for the kahrizes' names, which keep off it */
        kz__districts_release(pg);
        pg->state_line = sb;
        if (!(pg->state_prep = GEOSPrepare_r(pg->h, sb)))
            return KZ_EGEOM;
    }
    return kz__cairo_check(pg->ctx, cr, "base layers");
}

void kz__districts_release(kz_page *pg)
{
    if (pg->state_prep)
        GEOSPreparedGeom_destroy_r(pg->h, pg->state_prep);
    if (pg->state_line)
        GEOSGeom_destroy_r(pg->h, pg->state_line);
    pg->state_prep = NULL;
    pg->state_line = NULL;
}

int kz__districts_crossed(kz_page *pg, double x, double y, double w,
                          double h)
{
    double b[4] = {x, y, w, h};
    GEOSGeometry *r;
    int hit;

    if (!pg->state_prep)
        return 0;
    if (!(r = kz__view_box(pg->h, &pg->v, b)))
        return 1; /* no memory: as if crossed, the name goes elsewhere */
    hit = GEOSPreparedIntersects_r(pg->h, pg->state_prep, r) != 0;
    GEOSGeom_destroy_r(pg->h, r);
    return hit;
}
