/*
 * map.c - one map frame: the view (extent, CRS, scale), the layers in
 * drawing order, the outlets found through the index or one scan, and the
 * labels placed without overlap.  Furniture lives in furniture.c.
 * Invariant: cr's state is restored on every return.
 */
#include "render/render.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEATLINE_GAP 2.0 /* points between the map area and tick labels */
#define LABEL_CHARS 40 /* a longer name is cut with an ellipsis */

/* An outlet on the page, in label priority order. */
typedef struct outlet {
    uint32_t k;
    double q; /* latest discharge, NAN when not measured */
    int cond, size_cls;
    double x, y, r;
} outlet;

static int outlet_cmp(const void *pa, const void *pb)
{
    const outlet *a = pa, *b = pb;
    int na = isnan(a->q), nb = isnan(b->q);
    if (na != nb)
        return na - nb;
    if (!na && a->q != b->q)
        return a->q > b->q ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

static int cairo_check(kz_ctx *ctx, cairo_t *cr, const char *what)
{
    cairo_status_t s = cairo_status(cr);
    if (s == CAIRO_STATUS_SUCCESS)
        return KZ_OK;
    return kz__error(ctx, s == CAIRO_STATUS_NO_MEMORY ? KZ_ENOMEM
                                                      : KZ_ERENDER,
                     NULL, 0, NULL, "cairo: %s: %s", what,
                     cairo_status_to_string(s));
}

/* A stop asked for by a signal (kz_ctx_interrupt): the layers look at it
 * between features, so that even a 1200 dpi page stops within a moment. */
static int stopped(const kz_page *pg)
{
    if (!kz__interrupted(pg->ctx))
        return KZ_OK;
    return kz__error(pg->ctx, KZ_EINTERRUPTED, NULL, 0, NULL, "interrupted");
}

/* Envelope in map CRS of a lon/lat geometry (through its convex hull). */
static int crs_envelope(kz_page *pg, const GEOSGeometry *g, double env[4])
{
    GEOSGeometry *hull = GEOSConvexHull_r(pg->h, g), *t;
    double x0, y0, x1, y1;
    if (!hull)
        return KZ_EGEOM;
    t = kz__geo_transform_geom(pg->ctx, pg->v.fwd, hull);
    GEOSGeom_destroy_r(pg->h, hull);
    if (!t)
        return KZ_EPROJ;
    GEOSGeom_getXMin_r(pg->h, t, &x0);
    GEOSGeom_getYMin_r(pg->h, t, &y0);
    GEOSGeom_getXMax_r(pg->h, t, &x1);
    GEOSGeom_getYMax_r(pg->h, t, &y1);
    GEOSGeom_destroy_r(pg->h, t);
    if (x0 < env[0]) env[0] = x0;
    if (y0 < env[1]) env[1] = y0;
    if (x1 > env[2]) env[2] = x1;
    if (y1 > env[3]) env[3] = y1;
    return KZ_OK;
}

/* Which districts are highlighted, and the lon/lat box to show. */
static int setup_focus(kz_page *pg, double ll[4])
{
    const kz_survey *sv = pg->sv;
    const kz_map_options *o = pg->o;
    size_t i, nd = kz_survey_district_count(sv);

    ll[0] = ll[1] = HUGE_VAL;
    ll[2] = ll[3] = -HUGE_VAL;
    if (nd && !(pg->focus = kz__calloc(pg->ctx, nd, 1)))
        return KZ_ENOMEM;
    for (i = 0; i < nd; i++) {
        const kz_district *d = kz_survey_district(sv, i);
        int in;
        switch (o->kind) {
        case KZ_MAP_DISTRICT:
            in = strcmp(d->code, o->code) == 0;
            break;
        case KZ_MAP_REGION:
            in = strcmp(d->region_code, o->code) == 0;
            break;
        default:
            in = 1;
            break;
        }
        if (!in)
            continue;
        if (o->kind != KZ_MAP_NATIONAL) {
            pg->focus[i] = 1;
            pg->n_focus++;
        }
        if (d->minx < ll[0]) ll[0] = d->minx;
        if (d->miny < ll[1]) ll[1] = d->miny;
        if (d->maxx > ll[2]) ll[2] = d->maxx;
        if (d->maxy > ll[3]) ll[3] = d->maxy;
    }
    if (o->kind != KZ_MAP_NATIONAL && pg->n_focus == 0)
        return kz__error(pg->ctx, KZ_ENOTFOUND, NULL, 0, NULL,
                         "%s \"%s\" not found in the survey's districts",
                         o->kind == KZ_MAP_DISTRICT ? "district" : "region",
                         o->code);
    if (ll[0] > ll[2]) {
        /* no districts: the outlets, or else the country's box */
        size_t n = kz_survey_kahriz_count(sv);
        for (i = 0; i < n; i++) {
            const kz_kahriz *k = kz_survey_kahriz(sv, i);
            if (k->lon < ll[0]) ll[0] = k->lon;
            if (k->lat < ll[1]) ll[1] = k->lat;
            if (k->lon > ll[2]) ll[2] = k->lon;
            if (k->lat > ll[3]) ll[3] = k->lat;
        }
        if (ll[0] > ll[2]) {
            ll[0] = 44.77; ll[1] = 38.39; ll[2] = 50.63; ll[3] = 41.91;
        }
    }
    return KZ_OK;
}

double kz__scale_standard(double s)
{
    static const double series[] = {25000,  50000,  100000, 200000,
                                    250000, 500000, 1000000};
    /* points per metre to the scale denominator and back */
    double k = 0.0254 / 72.0, d = 1 / (s * k);
    size_t i;

    for (i = 0; i < sizeof(series) / sizeof(*series); i++)
        if (d <= series[i] * (1 + 1e-9))
            return 1 / (series[i] * k);
    return s;
}

static int setup_view(kz_page *pg)
{
    kz_view *v = &pg->v;
    const kz_style *st = pg->st;
    const kz_map_options *o = pg->o;
    double ll[4], env[4] = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    double m, ew, eh, pad;
    double bx[64], by[64];
    size_t i, nd = kz_survey_district_count(pg->sv);
    int rc;

    if ((rc = setup_focus(pg, ll)) < 0)
        return rc;
    if (o->crs && *o->crs) {
        snprintf(pg->crs, sizeof(pg->crs), "%s", o->crs);
    } else if (o->kind == KZ_MAP_NATIONAL) {
        snprintf(pg->crs, sizeof(pg->crs), "%s", KZ_CRS_EQUAL_AREA);
    } else {
        /* a district's zone is the one its kahriz sheets give */
        const GEOSGeometry *g = NULL;
        if (o->kind == KZ_MAP_DISTRICT && pg->sv->district_geoms) {
            long d = kz_survey_find_district(pg->sv, o->code);
            g = d >= 0 ? pg->sv->district_geoms[d] : NULL;
        }
        kz__geo_utm_for_geom(pg->crs, sizeof(pg->crs), pg->ctx, g,
                             (ll[0] + ll[2]) / 2, (ll[1] + ll[3]) / 2);
    }
    if ((rc = kz__geo_transform(&v->fwd, pg->ctx, KZ_CRS_WGS84, pg->crs)) <
        0)
        return rc;
    v->ctx = pg->ctx;

    /* extent of what is shown, in map units */
    for (i = 0; i < nd; i++) {
        const GEOSGeometry *g = pg->sv->district_geoms
                                    ? pg->sv->district_geoms[i]
                                    : NULL;
        if (!g || (o->kind != KZ_MAP_NATIONAL && !pg->focus[i]))
            continue;
        if ((rc = crs_envelope(pg, g, env)) < 0)
            return rc;
    }
    if (env[0] > env[2]) {
        for (i = 0; i < 4; i++) {
            double x = ll[i & 1 ? 2 : 0], y = ll[i & 2 ? 3 : 1];
            if ((rc = kz__geo_apply(pg->ctx, v->fwd, &x, &y, 1, PJ_FWD)) < 0)
                return rc;
            if (x < env[0]) env[0] = x;
            if (y < env[1]) env[1] = y;
            if (x > env[2]) env[2] = x;
            if (y > env[3]) env[3] = y;
        }
    }
    if (!isfinite(env[0]) || !isfinite(env[2]) || env[0] > env[2])
        return kz__error(pg->ctx, KZ_EPROJ, NULL, 0, NULL,
                         "the map extent cannot be projected to \"%s\"",
                         pg->crs);

    /* the map area leaves a margin for the coordinate labels */
    m = st->font_small * 1.3 + NEATLINE_GAP * 2;
    v->x0 = pg->fx + m;
    v->y0 = pg->fy + m;
    v->w = pg->fw - 2 * m;
    v->h = pg->fh - 2 * m - kz__projection_line_h(st);
    if (v->w < 36 || v->h < 36)
        return kz__error(pg->ctx, KZ_EINVAL, NULL, 0, NULL,
                         "map frame %gx%g pt is too small", pg->fw, pg->fh);
    pad = o->kind == KZ_MAP_NATIONAL ? 1.04 : 1.12;
    ew = (env[2] - env[0]) * pad;
    eh = (env[3] - env[1]) * pad;
    if (ew <= 0)
        ew = 1;
    if (eh <= 0)
        eh = 1;
    v->s = fmin(v->w / ew, v->h / eh);
    /* a district map in its UTM zone (metres) takes the next smaller of
     * the standard scales, so that the series reads 1:50 000, 1:100 000 */
    if (o->kind == KZ_MAP_DISTRICT && !(o->crs && *o->crs))
        v->s = kz__scale_standard(v->s);
    v->cx = (env[0] + env[2]) / 2;
    v->cy = (env[1] + env[3]) / 2;

    /* lon/lat window of the map area: its densified border, inverted */
    for (i = 0; i < 64; i++) {
        double t = (double)(i % 16) / 16.0, px, py;
        switch (i / 16) {
        case 0: px = t * v->w; py = 0; break;
        case 1: px = v->w; py = t * v->h; break;
        case 2: px = (1 - t) * v->w; py = v->h; break;
        default: px = 0; py = (1 - t) * v->h; break;
        }
        bx[i] = v->cx + (px - v->w / 2) / v->s;
        by[i] = v->cy - (py - v->h / 2) / v->s;
    }
    if ((rc = kz__geo_apply(pg->ctx, v->fwd, bx, by, 64, PJ_INV)) < 0)
        return rc;
    v->lon0 = v->lat0 = HUGE_VAL;
    v->lon1 = v->lat1 = -HUGE_VAL;
    for (i = 0; i < 64; i++) {
        if (!isfinite(bx[i]) || !isfinite(by[i]) || bx[i] == HUGE_VAL)
            continue;
        if (bx[i] < v->lon0) v->lon0 = bx[i];
        if (by[i] < v->lat0) v->lat0 = by[i];
        if (bx[i] > v->lon1) v->lon1 = bx[i];
        if (by[i] > v->lat1) v->lat1 = by[i];
    }
    if (!(v->lon0 < v->lon1 && v->lat0 < v->lat1))
        return kz__error(pg->ctx, KZ_EPROJ, NULL, 0, NULL,
                         "the map frame cannot be turned back into "
                         "longitude/latitude from \"%s\"",
                         pg->crs);
    {
        double tx = v->cx, ty = v->cy + v->h / 2 / v->s;
        double ux = v->cx, uy = v->cy - v->h / 2 / v->s;
        if ((rc = kz__geo_apply(pg->ctx, v->fwd, &tx, &ty, 1, PJ_INV)) < 0 ||
            (rc = kz__geo_apply(pg->ctx, v->fwd, &ux, &uy, 1, PJ_INV)) < 0)
            return rc;
        v->deg_per_pt = fabs(ty - uy) / v->h;
        if (!(v->deg_per_pt > 0) || !isfinite(v->deg_per_pt))
            v->deg_per_pt = (v->lat1 - v->lat0) / v->h;
    }
    {
        double mpp;
        if ((rc = kz__view_ground_m_per_pt(&mpp, v)) < 0)
            return rc;
        v->scale = mpp / (0.0254 / 72.0);
    }
    pg->res.scale = v->scale;
    snprintf(pg->res.crs, sizeof(pg->res.crs), "%s", pg->crs);
    kz__view_georef(v, pg->cr, pg->res.frame, pg->res.ground);
    return KZ_OK;
}

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
static int draw_base(kz_page *pg, GEOSGeometry **dg, GEOSGeometry **ng,
                     GEOSGeometry **sg)
{
    const kz_style *st = pg->st;
    const kz_basemap *bm = pg->bm;
    size_t nd = kz_survey_district_count(pg->sv), i;
    cairo_t *cr = pg->cr;
    const kz_view *v = &pg->v;
    double fa; /* opacity of the land fills: the relief shows through */
    int empty, rc;

    cairo_rectangle(cr, v->x0, v->y0, v->w, v->h);
    kz__set_rgb(cr, &st->background);
    cairo_fill(cr);
    if ((rc = kz__relief_draw(pg)) < 0)
        return rc;
    fa = pg->has_relief ? st->relief_fill_alpha : 1;

    for (i = 0; bm && i < bm->n_sea; i++) {
        const kz_basemap_feature *f = &bm->sea[i];
        if ((rc = stopped(pg)) < 0)
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
        if ((rc = stopped(pg)) < 0)
            return rc;
        if (f->maxx < v->lon0 || f->minx > v->lon1 || f->maxy < v->lat0 ||
            f->miny > v->lat1)
            continue;
        ng[i] = kz__view_prepare(pg->ctx, v, f->geom, KZ_TOL_PT, 4, &empty);
        if (!ng[i] && !empty)
            return KZ_EGEOM;
        fill_stroke(pg, ng[i], &st->neighbour, fa, &st->neighbour_border,
                    st->lw_neighbour);
        pg->has_countries |= ng[i] != NULL;
    }
    if (pg->o->fill == KZ_FILL_DENSITY && (rc = compute_density(pg)) < 0)
        return rc;
    /* plain land is one colour: the country is filled as one shape, not
     * district by district (every shared border twice) */
    if (!pg->density && pg->sv->country) {
        GEOSGeometry *cg = kz__view_prepare(pg->ctx, v, pg->sv->country,
                                            KZ_TOL_PT, 4, &empty);
        if (!cg && !empty)
            return KZ_EGEOM;
        if (cg) {
            fill_stroke(pg, cg, &st->land, fa, NULL, 0);
            GEOSGeom_destroy_r(pg->h, cg);
        }
    }
    for (i = 0; i < nd && pg->sv->district_geoms; i++) {
        const kz_district *d = kz_survey_district(pg->sv, i);
        const kz_rgb *fill = &st->land;
        if ((rc = stopped(pg)) < 0)
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
    /* lakes lie on the land, relief lines and rivers over both; the
     * borders go over all of them */
    if ((rc = stopped(pg)) < 0 || (rc = kz__ref_draw_water(pg)) < 0 ||
        (rc = kz__contours_draw(pg)) < 0 ||
        (rc = kz__ref_draw_lines(pg)) < 0 || (rc = stopped(pg)) < 0)
        return rc;
    /* the borders, one path */
    cairo_new_path(cr);
    for (i = 0; i < nd; i++)
        if (dg[i])
            kz__path_geom(cr, v, pg->h, dg[i]);
    kz__set_rgb(cr, &st->district_border);
    cairo_set_line_width(cr, st->lw_district);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    for (i = 0; i < nd; i++)
        if (dg[i] && pg->focus && pg->focus[i])
            fill_stroke(pg, dg[i], NULL, 0, &st->highlight_border,
                        st->lw_highlight);
    return cairo_check(pg->ctx, cr, "base layers");
}

typedef struct idvec {
    uint32_t *ids;
    size_t n, cap;
} idvec;

/* The kahrizes whose outlets fall in the lon/lat window. */
static int find_outlets(kz_page *pg, idvec *out, double pad_deg)
{
    const kz_view *v = &pg->v;
    double x0 = v->lon0 - pad_deg, y0 = v->lat0 - pad_deg,
           x1 = v->lon1 + pad_deg, y1 = v->lat1 + pad_deg;
    size_t n = kz_survey_kahriz_count(pg->sv), i, total = 0;
    int rc;

    if (pg->o->index) {
        if (kz_rtree_count(pg->o->index) != n)
            return kz__error(pg->ctx, KZ_EINVAL, NULL, 0, NULL,
                             "index holds %zu items, the survey %zu "
                             "kahrizes",
                             kz_rtree_count(pg->o->index), n);
        for (;;) {
            if ((rc = kz_rtree_search_ids(&total, out->ids, out->cap,
                                          pg->ctx, pg->o->index, x0, y0, x1,
                                          y1)) < 0)
                return rc;
            if (total <= out->cap)
                break;
            if ((rc = kz__grow(pg->ctx, (void **)&out->ids, &out->cap, total,
                               sizeof(uint32_t))) < 0)
                return rc;
        }
        out->n = total;
        return KZ_OK;
    }
    /* one page from an unindexed survey: a scan is cheaper than a tree */
    for (i = 0; i < n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(pg->sv, i);
        if (k->lon < x0 || k->lon > x1 || k->lat < y0 || k->lat > y1)
            continue;
        if ((rc = kz__grow(pg->ctx, (void **)&out->ids, &out->cap,
                           out->n + 1, sizeof(uint32_t))) < 0)
            return rc;
        out->ids[out->n++] = (uint32_t)i;
    }
    return KZ_OK;
}

/* Symbols that would print on top of an identical one (same class and
 * size, centres in the same cell of a quarter of the radius) add bytes but
 * nothing visible: they are skipped, so a dense page costs what can be
 * seen, not what the survey holds.  Open addressing on the cell key. */
typedef struct seen_set {
    uint64_t *keys; /* 0: empty */
    size_t mask;
} seen_set;

static int seen_init(kz_ctx *ctx, seen_set *s, size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    s->keys = kz__calloc(ctx, cap, sizeof(uint64_t));
    s->mask = cap - 1;
    return s->keys ? KZ_OK : KZ_ENOMEM;
}

/* 1 when the key was there already; else adds it. */
static int seen_add(seen_set *s, uint64_t key)
{
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 17) & s->mask;
    while (s->keys[h]) {
        if (s->keys[h] == key)
            return 1;
        h = (h + 1) & s->mask;
    }
    s->keys[h] = key;
    return 0;
}

/* Key of the grid cell (of size cell) holding (x, y), with tag in the low
 * 20 bits; tag must not be 0, so that no key is. */
static uint64_t grid_key(double x, double y, double cell, uint64_t tag)
{
    uint64_t cx = (uint64_t)(int64_t)floor(x / cell) & 0xFFFFFu;
    uint64_t cy = (uint64_t)(int64_t)floor(y / cell) & 0xFFFFFu;
    return cx << 40 | cy << 20 | tag;
}

static uint64_t cell_key(const outlet *o)
{
    /* the size byte is at least 1 */
    return grid_key(o->x, o->y, o->r > 0 ? 0.25 * o->r : 0.25,
                    (uint64_t)(o->cond & 0xFF) << 8 |
                        (uint64_t)((o->size_cls + 2) & 0xFF));
}

/* Occlusion of outlet symbols: a raster over the frame whose cells are set
 * once they lie wholly inside the opaque part of a symbol drawn on top.
 * Walking the symbols from the top down, one whose every cell is set (or
 * outside the frame, where the clip hides it) cannot show and is not
 * drawn.  Conservative: a cell only partly covered counts as visible. */
typedef struct cover {
    unsigned char *c;
    long nx, ny;
    double x0, y0, cell;
} cover;

#define COVER_CELL 0.5 /* points */
#define COVER_MAX 4096 /* cells a side */

static int cover_init(kz_ctx *ctx, cover *cv, const kz_view *v)
{
    cv->cell = COVER_CELL;
    if (v->w / cv->cell > COVER_MAX || v->h / cv->cell > COVER_MAX)
        cv->cell = fmax(v->w, v->h) / COVER_MAX;
    cv->x0 = v->x0;
    cv->y0 = v->y0;
    cv->nx = (long)ceil(v->w / cv->cell);
    cv->ny = (long)ceil(v->h / cv->cell);
    if (cv->nx < 1)
        cv->nx = 1;
    if (cv->ny < 1)
        cv->ny = 1;
    cv->c = kz__calloc(ctx, (size_t)cv->nx * (size_t)cv->ny, 1);
    return cv->c ? KZ_OK : KZ_ENOMEM;
}

/* The cells of the raster under the box of the disc (x, y, r), clamped to
 * the raster: rg[0..3] = first column, first row, last column, last row
 * (empty when first > last). */
static void cover_range(const cover *cv, double x, double y, double r,
                        long rg[4])
{
    rg[0] = (long)floor((x - r - cv->x0) / cv->cell);
    rg[1] = (long)floor((y - r - cv->y0) / cv->cell);
    rg[2] = (long)floor((x + r - cv->x0) / cv->cell);
    rg[3] = (long)floor((y + r - cv->y0) / cv->cell);
    if (rg[0] < 0)
        rg[0] = 0;
    if (rg[1] < 0)
        rg[1] = 0;
    if (rg[2] >= cv->nx)
        rg[2] = cv->nx - 1;
    if (rg[3] >= cv->ny)
        rg[3] = cv->ny - 1;
}

/* 1 when every cell the circle (x, y, r) touches is covered or clipped. */
static int cover_hidden(const cover *cv, double x, double y, double r)
{
    long rg[4], i, j;

    cover_range(cv, x, y, r, rg);
    for (j = rg[1]; j <= rg[3]; j++) {
        double cy0 = cv->y0 + j * cv->cell, cy1 = cy0 + cv->cell;
        double dy = y < cy0 ? cy0 - y : y > cy1 ? y - cy1 : 0;
        for (i = rg[0]; i <= rg[2]; i++) {
            double cx0 = cv->x0 + i * cv->cell, cx1 = cx0 + cv->cell;
            double dx = x < cx0 ? cx0 - x : x > cx1 ? x - cx1 : 0;
            if (!cv->c[j * cv->nx + i] && dx * dx + dy * dy <= r * r)
                return 0;
        }
    }
    return 1;
}

/* Set the cells wholly inside the disc (x, y, r). */
static void cover_mark(cover *cv, double x, double y, double r)
{
    long rg[4], i, j;

    if (r <= 0)
        return;
    cover_range(cv, x, y, r, rg);
    for (j = rg[1]; j <= rg[3]; j++) {
        double cy0 = cv->y0 + j * cv->cell, cy1 = cy0 + cv->cell;
        double dy = fmax(fabs(cy0 - y), fabs(cy1 - y));
        for (i = rg[0]; i <= rg[2]; i++) {
            double cx0 = cv->x0 + i * cv->cell, cx1 = cx0 + cv->cell;
            double dx = fmax(fabs(cx0 - x), fabs(cx1 - x));
            if (dx * dx + dy * dy <= r * r)
                cv->c[j * cv->nx + i] = 1;
        }
    }
}

/* 1 when a stroke of half-width hw along (x0, y0)-(x1, y1) is hidden:
 * discs of radius hw + step / 2 every step along it cover the stroke. */
static int cover_line_hidden(const cover *cv, double x0, double y0,
                             double x1, double y1, double hw)
{
    double len = hypot(x1 - x0, y1 - y0), step = cv->cell;
    long i, n = (long)ceil(len / step);

    if (n > 100000)
        return 0; /* a long line is not worth the test */
    for (i = 0; i <= n; i++) {
        double t = n ? (double)i / (double)n : 0;
        if (!cover_hidden(cv, x0 + t * (x1 - x0), y0 + t * (y1 - y0),
                          hw + step / 2))
            return 0;
    }
    return 1;
}

/* Galleries (mother well, shafts, outlet), then shafts, then mother wells,
 * each layer one path drawn once: a dense page then costs one set of
 * operators per layer, not per kahriz.  A gallery without surveyed shafts
 * is only known from its two ends: it is drawn schematic, thinner and
 * dashed, as its own path.  Shafts are thinned to what can be told apart
 * on paper: along a gallery closer than the minimum gap, and across
 * galleries one per cell of that gap. */
typedef struct gallery_pts {
    double *x, *y; /* page coordinates of every gallery, back to back */
    size_t n, cap;
    size_t *start; /* first point of gallery g; start[g + 1] ends it */
    int *head;     /* gallery g starts at a mother well; 2 when it has no
                    * surveyed shaft either (schematic) */
    size_t ng, capg;
} gallery_pts;

/* Grow two parallel arrays to hold at least need elements. */
static int grow_pair(kz_ctx *ctx, void **a, void **b, size_t *cap,
                     size_t need, size_t size_a, size_t size_b)
{
    size_t ncap = *cap ? *cap : 64;
    void *na, *nb;
    if (need <= *cap)
        return KZ_OK;
    while (ncap < need)
        ncap *= 2;
    if (!(na = kz__reallocarray(ctx, *a, ncap, size_a)))
        return KZ_ENOMEM;
    *a = na;
    if (!(nb = kz__reallocarray(ctx, *b, ncap, size_b)))
        return KZ_ENOMEM;
    *b = nb;
    *cap = ncap;
    return KZ_OK;
}

static int gallery_collect(kz_page *pg, const outlet *ol, size_t n,
                           gallery_pts *gp)
{
    size_t i, j;
    int rc;

    for (i = 0; i < n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(pg->sv, ol[i].k);
        int head = isfinite(k->head_lon) && isfinite(k->head_lat);
        size_t need = gp->n + k->n_shafts + 2, first = gp->n;
        if ((i & 255) == 0 && (rc = stopped(pg)) < 0)
            return rc;
        if (!head && k->n_shafts == 0)
            continue;
        if ((rc = grow_pair(pg->ctx, (void **)&gp->x, (void **)&gp->y,
                            &gp->cap, need, sizeof(double),
                            sizeof(double))) < 0 ||
            (rc = grow_pair(pg->ctx, (void **)&gp->start, (void **)&gp->head,
                            &gp->capg, gp->ng + 2, sizeof(size_t),
                            sizeof(int))) < 0)
            return rc;
        if (head) {
            gp->x[gp->n] = k->head_lon;
            gp->y[gp->n++] = k->head_lat;
        }
        for (j = 0; j < k->n_shafts; j++) {
            const kz_shaft *s = kz_survey_shaft(pg->sv, k->first_shaft + j);
            gp->x[gp->n] = s->lon;
            gp->y[gp->n++] = s->lat;
        }
        gp->x[gp->n] = k->lon;
        gp->y[gp->n++] = k->lat;
        if ((rc = kz__geo_apply(pg->ctx, pg->v.fwd, gp->x + first,
                                gp->y + first, gp->n - first, PJ_FWD)) < 0)
            return rc;
        for (j = first; j < gp->n; j++) {
            gp->x[j] = kz__vx(&pg->v, gp->x[j]);
            gp->y[j] = kz__vy(&pg->v, gp->y[j]);
        }
        gp->start[gp->ng] = first;
        gp->head[gp->ng] = head && k->n_shafts == 0 ? 2 : head;
        gp->ng++;
        gp->start[gp->ng] = gp->n;
    }
    return KZ_OK;
}

/* The surveyed galleries (schematic 0) or the schematic ones as one
 * path; the pieces under the outlets are left out.  Sets the page's flag
 * of the kind when any piece shows. */
static int stroke_galleries(kz_page *pg, const gallery_pts *gp,
                            const unsigned char *keep, const cover *cv,
                            int schematic)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    double lw = schematic ? st->lw_gallery_schematic : st->lw_gallery;
    size_t g, j;
    int any = 0, rc;

    cairo_new_path(cr);
    for (g = 0; g < gp->ng; g++) {
        size_t prev = gp->start[g];
        int pen = 0; /* the path is at prev */
        if ((g & 255) == 0 && (rc = stopped(pg)) < 0)
            return rc;
        if ((gp->head[g] == 2) != schematic)
            continue;
        for (j = gp->start[g] + 1; j < gp->start[g + 1]; j++) {
            if (!keep[j])
                continue;
            if (!cover_line_hidden(cv, gp->x[prev], gp->y[prev], gp->x[j],
                                   gp->y[j], lw / 2)) {
                if (!pen)
                    cairo_move_to(cr, gp->x[prev], gp->y[prev]);
                cairo_line_to(cr, gp->x[j], gp->y[j]);
                pen = any = 1;
            } else {
                pen = 0;
            }
            prev = j;
        }
    }
    if (!any) {
        cairo_new_path(cr);
        return KZ_OK;
    }
    cairo_save(cr);
    /* round caps would close a short gap: a dash ends square */
    cairo_set_line_cap(cr, schematic ? CAIRO_LINE_CAP_BUTT
                                     : CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (schematic)
        cairo_set_dash(cr, st->dash_gallery_schematic, 2, 0);
    kz__set_rgb(cr, &st->gallery);
    cairo_set_line_width(cr, lw);
    cairo_stroke(cr);
    cairo_restore(cr);
    if (schematic)
        pg->has_schematic = 1;
    else
        pg->has_gallery = 1;
    return KZ_OK;
}

static int draw_galleries(kz_page *pg, const outlet *ol, size_t n,
                          const cover *cv)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    gallery_pts gp;
    seen_set seen = {NULL, 0};
    unsigned char *keep = NULL;
    size_t *stack = NULL, cap_stack = 0, g, j;
    int shafts = pg->v.scale <= st->shafts_max_scale;
    int rc;

    memset(&gp, 0, sizeof(gp));
    if ((rc = gallery_collect(pg, ol, n, &gp)) < 0 || gp.ng == 0)
        goto done;
    if (!(keep = kz__calloc(pg->ctx, gp.n, 1))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (g = 0; g < gp.ng; g++)
        if ((rc = kz__simplify_keep(pg->ctx, gp.x, gp.y, gp.start[g],
                                gp.start[g + 1] - 1, KZ_TOL_PT, keep, &stack,
                                &cap_stack)) < 0)
            goto done;
    if ((rc = stroke_galleries(pg, &gp, keep, cv, 0)) < 0 ||
        (rc = stroke_galleries(pg, &gp, keep, cv, 1)) < 0)
        goto done;

    if (shafts) {
        if ((rc = seen_init(pg->ctx, &seen, gp.n)) < 0)
            goto done;
        cairo_new_path(cr);
        for (g = 0; g < gp.ng; g++) {
            double lastx = HUGE_VAL, lasty = HUGE_VAL;
            double cell = st->shaft_min_gap > 0 ? st->shaft_min_gap : 1;
            for (j = gp.start[g] + (gp.head[g] ? 1 : 0);
                 j + 1 < gp.start[g + 1]; j++) {
                /* shafts closer than the gap would print as one blot */
                if (hypot(gp.x[j] - lastx, gp.y[j] - lasty) <
                    st->shaft_min_gap)
                    continue;
                lastx = gp.x[j];
                lasty = gp.y[j];
                if (seen_add(&seen, grid_key(gp.x[j], gp.y[j], cell, 1)))
                    continue; /* another gallery's shaft is there */
                if (cover_hidden(cv, gp.x[j], gp.y[j],
                                 st->shaft_radius + st->lw_shaft))
                    continue; /* under an outlet */
                cairo_new_sub_path(cr);
                cairo_arc(cr, gp.x[j], gp.y[j], st->shaft_radius, 0,
                          2 * M_PI);
                pg->res.shafts_drawn++;
            }
        }
        if (pg->res.shafts_drawn) {
            kz__set_rgb(cr, &st->paper);
            cairo_fill_preserve(cr);
            kz__set_rgb(cr, &st->shaft);
            cairo_set_line_width(cr, st->lw_shaft);
            cairo_stroke(cr);
            pg->has_shaft = 1;
        }
        cairo_new_path(cr);
    }
    /* mother wells: one per cell of a quarter of their radius, as outlets */
    kz__free(pg->ctx, seen.keys);
    if ((rc = seen_init(pg->ctx, &seen, gp.ng)) < 0)
        goto done;
    cairo_new_path(cr);
    for (g = 0; g < gp.ng; g++)
        if (gp.head[g]) {
            size_t h = gp.start[g];
            double cell = st->shaft_radius > 0 ? 0.4 * st->shaft_radius : 0.1;
            if (!pg->o->keep_hidden &&
                (seen_add(&seen, grid_key(gp.x[h], gp.y[h], cell, 1)) ||
                 cover_hidden(cv, gp.x[h], gp.y[h], st->shaft_radius * 1.6)))
                continue;
            cairo_new_sub_path(cr);
            cairo_arc(cr, gp.x[h], gp.y[h], st->shaft_radius * 1.6, 0,
                      2 * M_PI);
            pg->has_mother = 1;
        }
    kz__set_rgb(cr, &st->shaft);
    cairo_fill(cr);
    rc = KZ_OK;
done:
    kz__free(pg->ctx, gp.x);
    kz__free(pg->ctx, gp.y);
    kz__free(pg->ctx, gp.start);
    kz__free(pg->ctx, gp.head);
    kz__free(pg->ctx, seen.keys);
    kz__free(pg->ctx, keep);
    kz__free(pg->ctx, stack);
    return rc;
}

/* Try the candidates of a label; insert and draw the first free one. */
int kz__label_place(kz_page *pg, PangoLayout *l, double (*cand)[2],
                    size_t n_cand, const kz_rgb *color, int over_symbols,
                    int *placed)
{
    const kz_view *v = &pg->v;
    double w, h, in = pg->st->halo + 0.5;
    size_t i;
    int rc;

    *placed = 0;
    kz__text_size(l, &w, &h);
    for (i = 0; i < n_cand; i++) {
        double x = cand[i][0], y = cand[i][1];
        /* clear of the neatline by the halo and a little paper */
        if (x < v->x0 + in || y < v->y0 + in || x + w > v->x0 + v->w - in ||
            y + h > v->y0 + v->h - in)
            continue;
        /* a label over symbols (its halo keeps it legible) still keeps
         * off other labels and the furniture */
        if (kz_collide_test(over_symbols ? pg->lgrid : pg->grid, x, y, x + w,
                            y + h))
            continue;
        if ((rc = kz_collide_insert(pg->ctx, pg->grid, x, y, x + w,
                                    y + h)) < 0 ||
            (rc = kz_collide_insert(pg->ctx, pg->lgrid, x, y, x + w,
                                    y + h)) < 0)
            return rc;
        if ((rc = kz__boxlog_add(pg->log, over_symbols ? 3 : 1, x, y, x + w,
                                 y + h)) < 0 ||
            (rc = kz__grow(pg->ctx, (void **)&pg->placed, &pg->cap_placed,
                           pg->n_placed + 1, sizeof(kz_placed))) < 0)
            return rc;
        pg->placed[pg->n_placed].layout = g_object_ref(l);
        pg->placed[pg->n_placed].x = x;
        pg->placed[pg->n_placed].y = y;
        pg->placed[pg->n_placed].color = color;
        pg->placed[pg->n_placed].angle = 0;
        pg->n_placed++;
        *placed = 1;
        pg->res.labels_placed++;
        return KZ_OK;
    }
    pg->res.labels_dropped++;
    return KZ_OK;
}

int kz__label_place_rotated(kz_page *pg, PangoLayout *l, double cx,
                            double cy, double bw, double bh, double angle,
                            const kz_rgb *color, int *placed)
{
    const kz_view *v = &pg->v;
    double in = pg->st->halo + 0.5, x0 = cx - bw, y0 = cy - bh,
           x1 = cx + bw, y1 = cy + bh;
    kz_placed *p;
    int rc;

    *placed = 0;
    if (x0 < v->x0 + in || y0 < v->y0 + in || x1 > v->x0 + v->w - in ||
        y1 > v->y0 + v->h - in || kz_collide_test(pg->grid, x0, y0, x1, y1))
        return KZ_OK;
    if ((rc = kz_collide_insert(pg->ctx, pg->grid, x0, y0, x1, y1)) < 0 ||
        (rc = kz_collide_insert(pg->ctx, pg->lgrid, x0, y0, x1, y1)) < 0 ||
        (rc = kz__boxlog_add(pg->log, 1, x0, y0, x1, y1)) < 0 ||
        (rc = kz__grow(pg->ctx, (void **)&pg->placed, &pg->cap_placed,
                       pg->n_placed + 1, sizeof(kz_placed))) < 0)
        return rc;
    p = &pg->placed[pg->n_placed++];
    p->layout = g_object_ref(l);
    p->x = cx;
    p->y = cy;
    p->color = color;
    p->angle = angle;
    *placed = 1;
    pg->res.labels_placed++;
    return KZ_OK;
}

/* Whether any of the eight label candidates around (x, y) might be free,
 * before the label is laid out.  Every candidate box, whatever its size,
 * holds the point at its corner or edge next to the symbol; when that
 * point lies inside a placed box or outside the frame, so does part of the
 * candidate.  On a dense page most labels are refused here, without
 * shaping their text. */
static int any_free(const kz_page *pg, double x, double y, double d,
                    double e)
{
    const kz_view *v = &pg->v;
    const double p[8][2] = {{x + d, y - d}, {x + d, y + d}, {x - d, y - d},
                            {x - d, y + d}, {x + e, y},     {x, y - e},
                            {x, y + e},     {x - e, y}};
    size_t i;

    for (i = 0; i < 8; i++) {
        if (p[i][0] < v->x0 || p[i][1] < v->y0 || p[i][0] > v->x0 + v->w ||
            p[i][1] > v->y0 + v->h)
            continue;
        if (!kz_collide_test(pg->grid, p[i][0], p[i][1], p[i][0], p[i][1]))
            return 1;
    }
    return 0;
}

static int label_outlets(kz_page *pg, const outlet *ol, size_t n)
{
    const kz_style *st = pg->st;
    char text[512], naz[LABEL_CHARS * 4 + 4], nen[LABEL_CHARS * 4 + 4];
    size_t i;
    int rc = KZ_OK;

    for (i = 0; i < n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(pg->sv, ol[i].k);
        PangoLayout *l;
        long second;
        double w, h, d, gap = 0.8 + st->halo, x = ol[i].x, y = ol[i].y;
        double cand[8][2];
        int placed;

        if ((i & 63) == 0 && (rc = stopped(pg)) < 0)
            break;
        kz__text_fit(naz, sizeof(naz), k->name_az, LABEL_CHARS);
        kz__text_fit(nen, sizeof(nen), k->name_en, LABEL_CHARS);
        kz__text_bilingual(text, sizeof(text), &second, st, naz, nen,
                           st->two_lines);
        if (!text[0])
            continue;
        d = ol[i].r * 0.75 + gap;
        if (!any_free(pg, x, y, d, ol[i].r + gap)) {
            pg->res.labels_dropped++;
            continue;
        }
        l = kz__text_layout(&pg->txt, text, st->font_label, 0, 0, second,
                            0);
        kz__text_size(l, &w, &h);
        /* Imhof's order: upper right, lower right, upper left, lower left,
         * right, above, below, left */
        cand[0][0] = x + d;           cand[0][1] = y - d - h;
        cand[1][0] = x + d;           cand[1][1] = y + d;
        cand[2][0] = x - d - w;       cand[2][1] = y - d - h;
        cand[3][0] = x - d - w;       cand[3][1] = y + d;
        cand[4][0] = x + ol[i].r + gap; cand[4][1] = y - h / 2;
        cand[5][0] = x - w / 2;       cand[5][1] = y - ol[i].r - gap - h;
        cand[6][0] = x - w / 2;       cand[6][1] = y + ol[i].r + gap;
        cand[7][0] = x - ol[i].r - gap - w; cand[7][1] = y - h / 2;
        rc = kz__label_place(pg, l, cand, 8, &st->text, 0, &placed);
        g_object_unref(l);
        if (rc < 0)
            break;
    }
    return rc;
}

/* Which outlets show: draw[i] is set for those to draw, cv holds what they
 * cover (for the layers below them too). */
static int outlets_visible(kz_page *pg, const outlet *ol, size_t n,
                           cover *cv, unsigned char *draw)
{
    const kz_view *v = &pg->v;
    seen_set seen;
    size_t i;
    int rc;

    if ((rc = seen_init(pg->ctx, &seen, n)) < 0)
        return rc;
    /* largest first, so that small outlets stay visible on top */
    for (i = 0; i < n; i++) {
        int inside;
        if (ol[i].x < v->x0 - ol[i].r || ol[i].x > v->x0 + v->w + ol[i].r ||
            ol[i].y < v->y0 - ol[i].r || ol[i].y > v->y0 + v->h + ol[i].r)
            continue;
        inside = ol[i].x >= v->x0 && ol[i].x <= v->x0 + v->w &&
                 ol[i].y >= v->y0 && ol[i].y <= v->y0 + v->h;
        if (inside) {
            pg->res.kahrizes_drawn++;
            pg->res.conditions |= 1u << ol[i].cond;
            pg->res.sizes |= ol[i].size_cls < 0 ? 1u << 31
                                                : 1u << ol[i].size_cls;
        }
        /* an identical symbol already covers this one */
        draw[i] = pg->o->keep_hidden || !seen_add(&seen, cell_key(&ol[i]));
    }
    if (pg->o->keep_hidden)
        goto done;
    /* from the top down: what the symbols above hide is not drawn */
    for (i = n; i-- > 0;) {
        double outer, inner;
        if (!draw[i])
            continue;
        kz__symbol_extent(pg->st, ol[i].cond, ol[i].r, &outer, &inner);
        if (cover_hidden(cv, ol[i].x, ol[i].y, outer)) {
            draw[i] = 0;
            pg->res.symbols_hidden++;
            continue;
        }
        cover_mark(cv, ol[i].x, ol[i].y, inner);
    }
done:
    kz__free(pg->ctx, seen.keys);
    return KZ_OK;
}

/* Whether an outlet belongs to the map's own district or region. */
static int is_focus(const kz_page *pg, const outlet *o)
{
    const kz_kahriz *k = kz_survey_kahriz(pg->sv, o->k);
    return pg->focus && k->district >= 0 && pg->focus[k->district];
}

static int draw_outlets(kz_page *pg, const outlet *ol, size_t n,
                        const unsigned char *draw)
{
    cairo_t *cr = pg->cr;
    size_t i;
    int rc;

    for (i = 0; i < n; i++) {
        if ((i & 255) == 0 && (rc = stopped(pg)) < 0)
            goto done;
        if (!draw[i])
            continue;
        kz__symbol_draw(cr, pg->st, ol[i].cond, ol[i].x, ol[i].y, ol[i].r);
        if ((rc = kz_collide_insert(pg->ctx, pg->grid, ol[i].x - ol[i].r,
                                    ol[i].y - ol[i].r, ol[i].x + ol[i].r,
                                    ol[i].y + ol[i].r)) < 0 ||
            (rc = kz__boxlog_add(pg->log, is_focus(pg, &ol[i]) ? 4 : 0,
                                 ol[i].x - ol[i].r,
                                 ol[i].y - ol[i].r, ol[i].x + ol[i].r,
                                 ol[i].y + ol[i].r)) < 0)
            goto done;
    }
    rc = cairo_check(pg->ctx, cr, "outlets");
done:
    return rc;
}

/* Page positions and classes of the outlets found. */
static int make_outlets(kz_page *pg, const idvec *ids, outlet **out,
                        size_t *n_out)
{
    outlet *ol;
    double *x = NULL, *y = NULL;
    size_t i, n = 0;
    int rc = KZ_OK;

    *out = NULL;
    *n_out = 0;
    if (!ids->n)
        return KZ_OK;
    ol = kz__mallocarray(pg->ctx, ids->n, sizeof(*ol));
    x = kz__mallocarray(pg->ctx, ids->n, sizeof(double));
    y = kz__mallocarray(pg->ctx, ids->n, sizeof(double));
    if (!ol || !x || !y) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < ids->n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(pg->sv, ids->ids[i]);
        x[i] = k->lon;
        y[i] = k->lat;
    }
    if ((rc = kz__geo_apply(pg->ctx, pg->v.fwd, x, y, ids->n, PJ_FWD)) < 0)
        goto done;
    for (i = 0; i < ids->n; i++) {
        const kz_assessment *a = kz_survey_latest(pg->sv, ids->ids[i]);
        outlet *o = &ol[n];
        if (!isfinite(x[i]) || !isfinite(y[i]) || x[i] == HUGE_VAL)
            continue;
        o->k = ids->ids[i];
        o->q = a ? a->discharge_l_s : NAN;
        o->cond = a ? (int)a->condition : KZ_COND_UNASSESSED;
        if (o->cond < 0 || o->cond >= KZ_COND_COUNT)
            o->cond = KZ_COND_UNASSESSED;
        o->size_cls = kz__style_size_class(pg->st, o->q);
        o->r = kz__style_size_radius(pg->st, o->size_cls);
        o->x = kz__vx(&pg->v, x[i]);
        o->y = kz__vy(&pg->v, y[i]);
        n++;
    }
    qsort(ol, n, sizeof(*ol), outlet_cmp);
    *out = ol;
    *n_out = n;
    ol = NULL;
done:
    kz__free(pg->ctx, ol);
    kz__free(pg->ctx, x);
    kz__free(pg->ctx, y);
    return rc;
}

int kz__boxlog_add(kz_boxlog *log, int kind, double minx, double miny,
                   double maxx, double maxy)
{
    int rc;
    if (!log)
        return KZ_OK;
    if ((rc = kz__grow(log->ctx, (void **)&log->b, &log->cap, log->n + 1,
                       5 * sizeof(double))) < 0)
        return rc;
    log->b[5 * log->n] = kind;
    log->b[5 * log->n + 1] = minx;
    log->b[5 * log->n + 2] = miny;
    log->b[5 * log->n + 3] = maxx;
    log->b[5 * log->n + 4] = maxy;
    log->n++;
    return KZ_OK;
}

int kz_map_render(kz_map_result *result, kz_ctx *ctx, cairo_t *cr,
                  const kz_survey *sv, const kz_basemap *bm,
                  const kz_style *st, const kz_map_options *opts)
{
    return kz__map_render_ex(result, ctx, cr, sv, bm, st, opts, NULL);
}

int kz__map_render_ex(kz_map_result *result, kz_ctx *ctx, cairo_t *cr,
                      const kz_survey *sv, const kz_basemap *bm,
                      const kz_style *st, const kz_map_options *opts,
                      kz_boxlog *log)
{
    kz_page pg;
    GEOSGeometry **dg = NULL, **ng = NULL, **sg = NULL;
    unsigned *nk = NULL;
    outlet *ol = NULL;
    cover cv = {NULL, 0, 0, 0, 0, 0};
    unsigned char *draw = NULL;
    idvec ids = {NULL, 0, 0};
    size_t nd, nn, ns, n_ol = 0, i;
    int rc, saved = 0, text = 0;

    KZ_ASSERT_ARG(ctx, cr && sv && st && opts);
    if (result)
        memset(result, 0, sizeof(*result));
    if (opts->version != KZ_MAP_OPTIONS_VERSION)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "kz_map_options version %u, expected %u",
                         opts->version, KZ_MAP_OPTIONS_VERSION);
    if (opts->kind != KZ_MAP_NATIONAL && (!opts->code || !*opts->code))
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "a district or region map needs a code");
    if ((rc = kz_style_check_fonts(ctx, st)) < 0)
        return rc;
    memset(&pg, 0, sizeof(pg));
    pg.ctx = ctx;
    pg.cr = cr;
    pg.sv = sv;
    pg.bm = bm;
    pg.st = st;
    pg.o = opts;
    pg.log = log;
    if (!(pg.h = kz__geos(ctx)))
        return KZ_ENOMEM;
    if (opts->frame_w > 0 && opts->frame_h > 0) {
        pg.fx = opts->frame_x;
        pg.fy = opts->frame_y;
        pg.fw = opts->frame_w;
        pg.fh = opts->frame_h;
    } else {
        double x1, y1;
        cairo_clip_extents(cr, &pg.fx, &pg.fy, &x1, &y1);
        pg.fw = x1 - pg.fx;
        pg.fh = y1 - pg.fy;
    }
    if ((rc = cairo_check(ctx, cr, "context given")) < 0)
        return rc;
    cairo_save(cr);
    saved = 1;
    if ((rc = setup_view(&pg)) < 0)
        goto done;
    if ((rc = kz__text_init(&pg.txt, ctx, cr, st)) < 0)
        goto done;
    text = 1;

    nd = kz_survey_district_count(sv);
    nn = bm ? bm->n_neighbours : 0;
    ns = bm ? bm->n_sea : 0;
    if ((nd && !(dg = kz__calloc(ctx, nd, sizeof(*dg)))) ||
        (nn && !(ng = kz__calloc(ctx, nn, sizeof(*ng)))) ||
        (ns && !(sg = kz__calloc(ctx, ns, sizeof(*sg))))) {
        rc = KZ_ENOMEM;
        goto done;
    }

    cairo_rectangle(cr, pg.v.x0, pg.v.y0, pg.v.w, pg.v.h);
    cairo_clip(cr);
    if ((rc = draw_base(&pg, dg, ng, sg)) < 0 || (rc = stopped(&pg)) < 0)
        goto done;
    if ((rc = kz__graticule_draw(&pg, 0)) < 0 || (rc = stopped(&pg)) < 0)
        goto done;

    /* outlets: the window plus the largest symbol, in degrees */
    if ((rc = find_outlets(&pg, &ids,
                           st->size_radius[st->n_sizes] * pg.v.deg_per_pt *
                               2)) < 0 ||
        (rc = make_outlets(&pg, &ids, &ol, &n_ol)) < 0)
        goto done;
    if (n_ol && (rc = cover_init(ctx, &cv, &pg.v)) < 0)
        goto done;
    if (!(draw = kz__calloc(ctx, n_ol ? n_ol : 1, 1))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    if ((rc = outlets_visible(&pg, ol, n_ol, &cv, draw)) < 0)
        goto done;
    if (pg.v.scale <= st->galleries_max_scale &&
        (rc = draw_galleries(&pg, ol, n_ol, &cv)) < 0)
        goto done;
    if ((rc = kz_collide_create(&pg.grid, ctx, pg.fx, pg.fy, pg.fx + pg.fw,
                                pg.fy + pg.fh,
                                st->font_label * 2)) < 0 ||
        (rc = kz_collide_create(&pg.lgrid, ctx, pg.fx, pg.fy, pg.fx + pg.fw,
                                pg.fy + pg.fh, st->font_label * 2)) < 0)
        goto done;
    if ((rc = stopped(&pg)) < 0 ||
        (rc = draw_outlets(&pg, ol, n_ol, draw)) < 0 ||
        (rc = kz__ref_draw_places(&pg)) < 0)
        goto done;
    pg.sym_xy = NULL;
    if (n_ol && !(pg.sym_xy = kz__mallocarray(ctx, n_ol * 4,
                                              sizeof(double)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < n_ol; i++) {
        pg.sym_xy[4 * i] = ol[i].x;
        pg.sym_xy[4 * i + 1] = ol[i].y;
        pg.sym_xy[4 * i + 2] = ol[i].r;
        pg.sym_xy[4 * i + 3] = is_focus(&pg, &ol[i]);
    }
    pg.n_sym = n_ol;
    if (pg.n_focus &&
        !(pg.focus_xy = kz__mallocarray(ctx, (size_t)pg.n_focus * 2,
                                        sizeof(double)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < nd && pg.focus_xy; i++) {
        double area, *xy = pg.focus_xy + 2 * pg.n_focus_xy;
        if (pg.focus[i] && dg[i] &&
            kz__area_anchor(&pg, dg[i], &xy[0], &xy[1], &area))
            pg.n_focus_xy++;
    }
    if ((rc = kz__furniture_place(&pg)) < 0)
        goto done;

    /* labels by priority: districts (those with kahrizes first), the
     * outlets, countries and sea */
    if (nd && !(nk = kz__calloc(ctx, nd, sizeof(*nk)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < n_ol; i++) {
        const kz_kahriz *k = kz_survey_kahriz(sv, ol[i].k);
        if (k->district >= 0 && (size_t)k->district < nd &&
            ol[i].x >= pg.v.x0 && ol[i].x <= pg.v.x0 + pg.v.w &&
            ol[i].y >= pg.v.y0 && ol[i].y <= pg.v.y0 + pg.v.h)
            nk[k->district]++;
    }
    if ((rc = kz__label_districts(&pg, dg, nk)) < 0)
        goto done;
    /* the survey's villages and the cities, then the kahrizes, then the
     * other places, lakes and rivers */
    if ((rc = kz__ref_label(&pg, 0)) < 0)
        goto done;
    if ((opts->kind != KZ_MAP_NATIONAL || st->label_kahrizes_national) &&
        (rc = label_outlets(&pg, ol, n_ol)) < 0)
        goto done;
    if ((rc = kz__ref_label(&pg, 1)) < 0 || (rc = kz__contours_label(&pg)) < 0 ||
        (rc = kz__label_context(&pg, ng, sg)) < 0)
        goto done;

    if ((rc = stopped(&pg)) < 0 || (rc = kz__labels_draw(&pg)) < 0 ||
        (rc = stopped(&pg)) < 0)
        goto done;
    cairo_reset_clip(cr);
    /* neatline */
    cairo_rectangle(cr, pg.v.x0, pg.v.y0, pg.v.w, pg.v.h);
    kz__set_rgb(cr, &st->frame);
    cairo_set_line_width(cr, st->lw_frame);
    cairo_stroke(cr);
    if ((rc = kz__graticule_draw(&pg, 1)) < 0 ||
        (rc = kz__furniture_draw(&pg)) < 0)
        goto done;
    kz__projection_draw(&pg);
    if ((rc = cairo_check(ctx, cr, "map frame")) < 0)
        goto done;
    if (result)
        *result = pg.res;
done:
    for (i = 0; dg && i < kz_survey_district_count(sv); i++)
        if (dg[i])
            GEOSGeom_destroy_r(pg.h, dg[i]);
    for (i = 0; ng && i < bm->n_neighbours; i++)
        if (ng[i])
            GEOSGeom_destroy_r(pg.h, ng[i]);
    for (i = 0; sg && i < bm->n_sea; i++)
        if (sg[i])
            GEOSGeom_destroy_r(pg.h, sg[i]);
    kz__free(ctx, dg);
    kz__free(ctx, ng);
    kz__free(ctx, sg);
    kz__free(ctx, nk);
    kz__free(ctx, ol);
    kz__free(ctx, draw);
    kz__free(ctx, cv.c);
    kz__free(ctx, ids.ids);
    kz__free(ctx, pg.sym_xy);
    kz__free(ctx, pg.focus_xy);
    kz__free(ctx, pg.focus);
    kz__free(ctx, pg.density);
    kz_collide_destroy(pg.grid);
    kz_collide_destroy(pg.lgrid);
    kz__contours_release(&pg);
    kz__ref_page_release(&pg);
    kz__labels_release(&pg);
    if (text)
        kz__text_release(&pg.txt);
    if (saved)
        cairo_restore(cr);
    return rc;
}
