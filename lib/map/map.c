/*
 * map.c - one map frame, composed: the view (extent, CRS, scale) worked
 * out from the map's subject, then the rooms below called in drawing
 * order (relief, base fills, reference layers, galleries, outlets), the
 * labels placed by priority and drawn, the neatline and the furniture.
 * Invariant: cr's state is restored on every return.
 */
#include "map/map.h"
#include "ingest/survey.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEATLINE_GAP 2.0 /* points between the map area and tick labels */

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

/* The map's CRS: the one asked for, else equal-area for the country and
 * the UTM zone of a district (the one its kahriz sheets give) or region;
 * with the transformation from lon/lat. */
static int choose_crs(kz_page *pg, const double ll[4])
{
    const kz_map_options *o = pg->o;
    int rc;

    if (o->crs && *o->crs) {
        if (!kz__geo_crs_name(pg->crs, sizeof(pg->crs), o->crs))
            snprintf(pg->crs, sizeof(pg->crs), "%s", o->crs);
    } else if (o->kind == KZ_MAP_NATIONAL) {
        snprintf(pg->crs, sizeof(pg->crs), "%s", KZ_CRS_EQUAL_AREA);
    } else {
        const GEOSGeometry *g = NULL;
        if (o->kind == KZ_MAP_DISTRICT && pg->sv->district_geoms) {
            long d = kz_survey_find_district(pg->sv, o->code);
            g = d >= 0 ? pg->sv->district_geoms[d] : NULL;
        }
        kz__geo_utm_for_geom(pg->crs, sizeof(pg->crs), pg->ctx, g,
                             (ll[0] + ll[2]) / 2, (ll[1] + ll[3]) / 2);
    }
    if ((rc = kz__geo_transform(&pg->v.fwd, pg->ctx, KZ_CRS_WGS84,
                                pg->crs)) < 0)
        return rc;
    pg->v.ctx = pg->ctx;
    return KZ_OK;
}

/* Extent of what is shown, in map units: the districts in focus (every
 * one on the national map), else the lon/lat box ll projected. */
static int subject_extent(kz_page *pg, const double ll[4], double env[4])
{
    const kz_map_options *o = pg->o;
    size_t i, nd = kz_survey_district_count(pg->sv);
    int rc;

    env[0] = env[1] = HUGE_VAL;
    env[2] = env[3] = -HUGE_VAL;
    for (i = 0; i < nd; i++) {
        const GEOSGeometry *g = pg->sv->district_geoms
                                    ? pg->sv->district_geoms[i]
                                    : NULL;
        if (!g || (o->kind != KZ_MAP_NATIONAL && !pg->focus[i]))
            continue;
        if ((rc = kz__map_envelope(pg->ctx, pg->v.fwd, g, env)) < 0)
            return rc;
    }
    if (env[0] > env[2]) {
        for (i = 0; i < 4; i++) {
            double x = ll[i & 1 ? 2 : 0], y = ll[i & 2 ? 3 : 1];
            if ((rc = kz__geo_apply(pg->ctx, pg->v.fwd, &x, &y, 1,
                                    PJ_FWD)) < 0)
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
    return KZ_OK;
}

/* The map area inside the frame (a margin for the coordinate labels, the
 * projection line under it) and the scale and centre that fit env in it
 * with a little room, beside the bands kept for the furniture
 * (pg->reserve). */
static int fit_extent(kz_page *pg, const double env[4])
{
    kz_view *v = &pg->v;
    const kz_map_options *o = pg->o;
    const double *r = pg->reserve;
    double m, ew, eh, pad, aw, ah;

    m = pg->st->font_small * 1.3 + NEATLINE_GAP * 2;
    v->x0 = pg->fx + m;
    v->y0 = pg->fy + m;
    v->w = pg->fw - 2 * m;
    v->h = pg->fh - 2 * m - kz__projection_line_h(pg->st);
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
    aw = v->w - r[0] - r[2];
    ah = v->h - r[1] - r[3];
    if (aw < 36 || ah < 36)
        return kz__error(pg->ctx, KZ_EINVAL, NULL, 0, NULL,
                         "map frame %gx%g pt leaves no room for the map "
                         "beside its legend",
                         pg->fw, pg->fh);
    v->s = fmin(aw / ew, ah / eh);
    /* a district map in its UTM zone (metres) takes the standard scale
     * planned for its region's districts in the whole area (series.c),
     * or, should the furniture find no room beside it there, the next
     * smaller standard scale that leaves it a band */
    if (o->kind == KZ_MAP_DISTRICT && !(o->crs && *o->crs)) {
        if (!(pg->plan_s > 0)) {
            long d = kz_survey_find_district(pg->sv, o->code);
            int rc = d >= 0 ? kz__district_scale(&pg->plan_s, pg->ctx,
                                                 pg->sv, d, v->w, v->h)
                            : KZ_OK;
            if (rc < 0)
                return rc;
        }
        v->s = kz__scale_standard(v->s);
        if (pg->plan_s > 0 && pg->plan_s < v->s)
            v->s = pg->plan_s;
    }
    /* the subject's centre at the centre of the area beside the bands */
    v->cx = (env[0] + env[2]) / 2 - (r[0] - r[2]) / 2 / v->s;
    v->cy = (env[1] + env[3]) / 2 + (r[1] - r[3]) / 2 / v->s;
    return KZ_OK;
}

/* Lon/lat window of the map area: its densified border, inverted. */
static int view_window(kz_page *pg)
{
    kz_view *v = &pg->v;
    double bx[64], by[64];
    size_t i;
    int rc;

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
    return KZ_OK;
}

/* The view fitted to the subject's extent (pg->env) beside the bands the
 * furniture keeps: scale, centre, lon/lat window, what the result says
 * of them. */
static int fit_view(kz_page *pg)
{
    kz_view *v = &pg->v;
    double mpp;
    int rc;

    if ((rc = fit_extent(pg, pg->env)) < 0 || (rc = view_window(pg)) < 0)
        return rc;
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
    if ((rc = kz__view_ground_m_per_pt(&mpp, v)) < 0)
        return rc;
    v->scale = mpp / (0.0254 / 72.0);
    pg->res.scale = v->scale;
    snprintf(pg->res.crs, sizeof(pg->res.crs), "%s", pg->crs);
    kz__view_georef(v, pg->cr, pg->res.frame, pg->res.ground);
    return KZ_OK;
}

static int setup_view(kz_page *pg)
{
    double ll[4];
    int rc;

    if ((rc = setup_focus(pg, ll)) < 0 || (rc = choose_crs(pg, ll)) < 0 ||
        (rc = subject_extent(pg, ll, pg->env)) < 0)
        return rc;
    return fit_view(pg);
}

int kz__map_options_read(kz_map_options *out, kz_ctx *ctx,
                         const kz_map_options *in)
{
    if (in->version < 2 || in->version > KZ_MAP_OPTIONS_VERSION)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "kz_map_options version %u, expected 2 to %u",
                         in->version, KZ_MAP_OPTIONS_VERSION);
    memset(out, 0, sizeof(*out));
    /* a version 2 struct ends before synthetic */
    memcpy(out, in,
           in->version == 2 ? offsetof(kz_map_options, synthetic)
                            : sizeof(*out));
    out->version = KZ_MAP_OPTIONS_VERSION;
    return KZ_OK;
}

int kz_map_render(kz_map_result *result, kz_ctx *ctx, cairo_t *cr,
                  const kz_survey *sv, const kz_basemap *bm,
                  const kz_style *st, const kz_map_options *opts)
{
    return kz__map_render_ex(result, ctx, cr, sv, bm, st, opts, NULL, NULL);
}

/* What one frame holds while it is composed, released at its end. */
typedef struct frame {
    GEOSGeometry **dg, **ng, **sg; /* districts, neighbours, sea on the page */
    size_t nd, nn, ns;
    unsigned *nk;                  /* per district: its outlets in the frame */
    kz_outlet *ol;                 /* outlets in label priority order */
    size_t n_ol;
    kz_cover cv;
    unsigned char *draw;           /* per outlet: 1 when it can show */
    kz_idvec ids;
} frame;

/* The options checked and pg set for cr: the frame is the options' or
 * cr's clip.  Nothing is allocated here. */
static int page_init(kz_page *pg, kz_ctx *ctx, cairo_t *cr,
                     const kz_survey *sv, const kz_basemap *bm,
                     const kz_style *st, const kz_map_options *opts,
                     kz_boxlog *log)
{
    int rc;

    if (opts->kind != KZ_MAP_NATIONAL && (!opts->code || !*opts->code))
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "a district or region map needs a code");
    if ((rc = kz_style_check_fonts(ctx, st)) < 0)
        return rc;
    memset(pg, 0, sizeof(*pg));
    pg->ctx = ctx;
    pg->cr = cr;
    pg->sv = sv;
    pg->bm = bm;
    pg->st = st;
    pg->o = opts; /* read through kz__map_options_read: every field */
    pg->log = log;
    if (!(pg->h = kz__geos(ctx)))
        return KZ_ENOMEM;
    if (opts->frame_w > 0 && opts->frame_h > 0) {
        pg->fx = opts->frame_x;
        pg->fy = opts->frame_y;
        pg->fw = opts->frame_w;
        pg->fh = opts->frame_h;
    } else {
        double x1, y1;
        cairo_clip_extents(cr, &pg->fx, &pg->fy, &x1, &y1);
        pg->fw = x1 - pg->fx;
        pg->fh = y1 - pg->fy;
    }
    return kz__cairo_check(ctx, cr, "context given");
}

/* The data, bottom up: the relief under the fills, the sea, countries
 * and districts, water, contours, rivers and roads, the borders, the
 * graticule, galleries, the outlets and the places' dots; the collision
 * grids made for the labels. */
static int draw_data(kz_page *pg, frame *fr)
{
    const kz_style *st = pg->st;
    kz_ctx *ctx = pg->ctx;
    const double area[4] = {pg->v.x0, pg->v.y0, pg->v.w, pg->v.h};
    double fa; /* opacity of the land fills: the relief shows through */
    int rc;

    cairo_rectangle(pg->cr, pg->v.x0, pg->v.y0, pg->v.w, pg->v.h);
    cairo_clip(pg->cr);
    kz__set_rgb(pg->cr, &st->background);
    if ((rc = kz__fill_area(ctx, pg->cr, area)) < 0 ||
        (rc = kz__relief_draw(pg)) < 0)
        return rc;
    fa = pg->has_relief ? st->relief_fill_alpha : 1;
    if ((rc = kz__context_draw(pg, fr->ng, fr->sg, fa)) < 0 ||
        (rc = kz__districts_fill(pg, fr->dg, fa)) < 0)
        return rc;
    /* lakes lie on the land, relief lines and rivers over both; the
     * borders go over all of them */
    if ((rc = kz__stopped(pg)) < 0 || (rc = kz__ref_draw_water(pg)) < 0 ||
        (rc = kz__contours_draw(pg)) < 0 ||
        (rc = kz__ref_draw_lines(pg)) < 0 || (rc = kz__stopped(pg)) < 0 ||
        (rc = kz__districts_borders(pg, fr->dg, fr->ng, fr->nn)) < 0 ||
        (rc = kz__stopped(pg)) < 0)
        return rc;
    if ((rc = kz__graticule_draw(pg, 0)) < 0 || (rc = kz__stopped(pg)) < 0)
        return rc;
    if (fr->n_ol && (rc = kz__cover_init(ctx, &fr->cv, &pg->v)) < 0)
        return rc;
    if (!(fr->draw = kz__calloc(ctx, fr->n_ol ? fr->n_ol : 1, 1)))
        return KZ_ENOMEM;
    if ((rc = kz__outlets_visible(pg, fr->ol, fr->n_ol, &fr->cv,
                                  fr->draw)) < 0)
        return rc;
    if (pg->v.scale <= st->galleries_max_scale &&
        (rc = kz__galleries_draw(pg, fr->ol, fr->n_ol, &fr->cv)) < 0)
        return rc;
    if ((rc = kz_collide_create(&pg->grid, ctx, pg->fx, pg->fy,
                                pg->fx + pg->fw, pg->fy + pg->fh,
                                st->font_label * 2)) < 0 ||
        (rc = kz_collide_create(&pg->lgrid, ctx, pg->fx, pg->fy,
                                pg->fx + pg->fw, pg->fy + pg->fh,
                                st->font_label * 2)) < 0)
        return rc;
    if ((rc = kz__stopped(pg)) < 0 ||
        (rc = kz__outlets_draw(pg, fr->ol, fr->n_ol, fr->draw)) < 0)
        return rc;
    return kz__ref_draw_places(pg);
}

/* The outlets that can show in the frame: its window plus the largest
 * symbol, in degrees. */
static int find_outlets(kz_page *pg, frame *fr)
{
    const kz_style *st = pg->st;
    int rc;

    kz__free(pg->ctx, fr->ol);
    fr->ol = NULL;
    fr->n_ol = 0;
    fr->ids.n = 0;
    if ((rc = kz__outlets_find(pg, &fr->ids,
                               st->size_radius[st->n_sizes] *
                                   pg->v.deg_per_pt * 2)) < 0)
        return rc;
    return kz__outlets_make(pg, &fr->ids, &fr->ol, &fr->n_ol);
}

/* Whether the view's lon/lat window reaches no further beyond what the
 * basemap's countries and sea cover than the window w did: a band must
 * not move the frame where no context is drawn. */
static int window_covered(const kz_page *pg, const double w[4])
{
    const kz_basemap *bm = pg->bm;
    double c[4] = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    const kz_view *v = &pg->v;
    size_t i;

    for (i = 0; bm && i < bm->n_neighbours + bm->n_sea; i++) {
        const kz_basemap_feature *f = i < bm->n_neighbours
                                          ? &bm->neighbours[i]
                                          : &bm->sea[i - bm->n_neighbours];
        c[0] = fmin(c[0], f->minx);
        c[1] = fmin(c[1], f->miny);
        c[2] = fmax(c[2], f->maxx);
        c[3] = fmax(c[3], f->maxy);
    }
    if (c[0] > c[2])
        return 1;
    return v->lon0 >= fmin(c[0], w[0]) && v->lat0 >= fmin(c[1], w[1]) &&
           v->lon1 <= fmax(c[2], w[2]) && v->lat1 <= fmax(c[3], w[3]);
}

/* The view fitted anew beside a band the furniture asked for, else the
 * band the other way; with neither inside the context, no band (*last:
 * the furniture takes its best place over the subject). */
static int fit_beside_band(kz_page *pg, const double before[4],
                           const double w[4], int *last)
{
    int rc;

    if ((rc = fit_view(pg)) < 0 || window_covered(pg, w))
        return rc;
    memcpy(pg->reserve, pg->reserve_alt, sizeof(pg->reserve));
    if ((rc = fit_view(pg)) < 0 || window_covered(pg, w))
        return rc;
    memcpy(pg->reserve, before, sizeof(pg->reserve));
    *last = 1;
    return fit_view(pg);
}

/* The furniture planned off the subject, the view fitted anew beside the
 * bands it keeps until it is (three bands at most); the neighbours'
 * outlets under it left out. */
static int plan_furniture(kz_page *pg, frame *fr)
{
    double before[4], w[4] = {pg->v.lon0, pg->v.lat0, pg->v.lon1,
                              pg->v.lat1};
    int attempt, fits = 0, last = 0, rc;

    for (attempt = 0; !fits; attempt++) {
        if ((rc = find_outlets(pg, fr)) < 0)
            return rc;
        memcpy(before, pg->reserve, sizeof(before));
        if ((rc = kz__furniture_plan(pg, fr->ol, fr->n_ol,
                                     last || attempt == 3, &fits)) < 0)
            return rc;
        if (!fits && (rc = fit_beside_band(pg, before, w, &last)) < 0)
            return rc;
    }
    kz__furniture_outlets_free(pg, fr->ol, &fr->n_ol);
    return KZ_OK;
}

/* The outlets of each district in the frame (fr->nk), then which cities
 * get their marker: both before the legend is measured. */
static int count_seats(kz_page *pg, frame *fr)
{
    const kz_view *v = &pg->v;
    size_t i;

    if (fr->nd && !(fr->nk = kz__calloc(pg->ctx, fr->nd, sizeof(*fr->nk))))
        return KZ_ENOMEM;
    for (i = 0; i < fr->n_ol; i++) {
        const kz_outlet *o = &fr->ol[i];
        const kz_kahriz *k = kz_survey_kahriz(pg->sv, o->k);
        if (k->district >= 0 && (size_t)k->district < fr->nd &&
            o->x >= v->x0 && o->x <= v->x0 + v->w && o->y >= v->y0 &&
            o->y <= v->y0 + v->h)
            fr->nk[k->district]++;
    }
    return kz__label_seats(pg, fr->dg);
}

/* Labels by priority: lakes, districts (those with kahrizes first), the
 * survey's villages and the cities, rivers, the kahrizes, the other
 * places, contour elevations, countries and sea. */
static int place_labels(kz_page *pg, frame *fr)
{
    int rc;

    if ((rc = kz__ref_label(pg, 0)) < 0 ||
        (rc = kz__label_districts(pg, fr->dg, fr->nk)) < 0 ||
        (rc = kz__ref_label(pg, 1)) < 0)
        return rc;
    if ((pg->o->kind != KZ_MAP_NATIONAL ||
         pg->st->label_kahrizes_national) &&
        (rc = kz__outlets_label(pg, fr->ol, fr->n_ol, fr->draw)) < 0)
        return rc;
    if ((rc = kz__ref_label(pg, 2)) < 0 ||
        (rc = kz__contours_label(pg)) < 0)
        return rc;
    kz__ref_draw_dots(pg);
    return kz__label_context(pg, fr->ng, fr->sg);
}

/* The labels drawn over the data, then outside the clip the neatline,
 * the graticule's edge labels, the furniture and the projection line. */
static int draw_frame(kz_page *pg)
{
    cairo_t *cr = pg->cr;
    int rc;

    if ((rc = kz__stopped(pg)) < 0 || (rc = kz__labels_draw(pg)) < 0 ||
        (rc = kz__stopped(pg)) < 0)
        return rc;
    cairo_reset_clip(cr);
    cairo_rectangle(cr, pg->v.x0, pg->v.y0, pg->v.w, pg->v.h);
    kz__set_rgb(cr, &pg->st->frame);
    cairo_set_line_width(cr, pg->st->lw_frame);
    cairo_stroke(cr);
    if ((rc = kz__graticule_draw(pg, 1)) < 0 ||
        (rc = kz__furniture_draw(pg)) < 0)
        return rc;
    kz__projection_draw(pg);
    return kz__cairo_check(pg->ctx, cr, "map frame");
}

static void geoms_free(kz_page *pg, GEOSGeometry **g, size_t n)
{
    size_t i;
    for (i = 0; g && i < n; i++)
        if (g[i])
            GEOSGeom_destroy_r(pg->h, g[i]);
    kz__free(pg->ctx, g);
}

static void frame_release(kz_page *pg, frame *fr)
{
    kz_ctx *ctx = pg->ctx;

    geoms_free(pg, fr->dg, fr->nd);
    geoms_free(pg, fr->ng, fr->nn);
    geoms_free(pg, fr->sg, fr->ns);
    kz__free(ctx, fr->nk);
    kz__free(ctx, fr->ol);
    kz__free(ctx, fr->draw);
    kz__free(ctx, fr->cv.c);
    kz__free(ctx, fr->ids.ids);
    kz__free(ctx, pg->focus);
    kz__free(ctx, pg->seat);
    kz__free(ctx, pg->sym);
    pg->sym = NULL;
    pg->n_sym = pg->cap_sym = 0;
    kz__free(ctx, pg->density);
    kz_collide_destroy(pg->grid);
    kz_collide_destroy(pg->lgrid);
    kz__contours_release(pg);
    kz__ref_page_release(pg);
    kz__districts_release(pg);
    kz__labels_release(pg);
}

int kz__map_render_ex(kz_map_result *result, kz_ctx *ctx, cairo_t *cr,
                      const kz_survey *sv, const kz_basemap *bm,
                      const kz_style *st, const kz_map_options *opts,
                      kz_boxlog *log, int *relief)
{
    kz_map_options o;
    kz_page pg;
    frame fr;
    int rc, text = 0;

    KZ_ASSERT_ARG(ctx, cr && sv && st && opts);
    if (result)
        memset(result, 0, sizeof(*result));
    if (relief)
        *relief = 0;
    if ((rc = kz__map_options_read(&o, ctx, opts)) < 0 ||
        (rc = page_init(&pg, ctx, cr, sv, bm, st, &o, log)) < 0)
        return rc;
    memset(&fr, 0, sizeof(fr));
    cairo_save(cr);
    if ((rc = setup_view(&pg)) < 0)
        goto done;
    if ((rc = kz__text_init(&pg.txt, ctx, cr, st)) < 0)
        goto done;
    text = 1;
    fr.nd = kz_survey_district_count(sv);
    fr.nn = bm ? bm->n_neighbours : 0;
    fr.ns = bm ? bm->n_sea : 0;
    if ((fr.nd && !(fr.dg = kz__calloc(ctx, fr.nd, sizeof(*fr.dg)))) ||
        (fr.nn && !(fr.ng = kz__calloc(ctx, fr.nn, sizeof(*fr.ng)))) ||
        (fr.ns && !(fr.sg = kz__calloc(ctx, fr.ns, sizeof(*fr.sg))))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    if ((rc = plan_furniture(&pg, &fr)) < 0 ||
        (rc = draw_data(&pg, &fr)) < 0 || (rc = count_seats(&pg, &fr)) < 0 ||
        (rc = kz__furniture_place(&pg)) < 0 ||
        (rc = place_labels(&pg, &fr)) < 0 || (rc = draw_frame(&pg)) < 0)
        goto done;
    if (result)
        *result = pg.res;
    if (relief)
        *relief = pg.has_relief;
done:
    frame_release(&pg, &fr);
    if (text)
        kz__text_release(&pg.txt);
    cairo_restore(cr);
    return rc;
}
