/*
 * place.c - where the furniture goes.  Before anything is drawn, the
 * legend (measured for the most it could list), the inset and the scale
 * box are planned where nothing of the map's subject is: not over the map's
 * own districts (every district on the national map), not over any of
 * their kahrizes.  Of the free places (the corners first, then along the
 * edges) the one over the sea or a neighbouring country wins, then the
 * one over the fewest other districts and kahrizes.  When no place is
 * free, the composer fits the subject beside a band the box keeps
 * (kz_page.reserve) and plans again.  The neighbours' kahrizes under a
 * box are left out (not clipped); after the data, each box shrinks to
 * what it holds, keeping the sides it was planned against, enters the
 * collision grids before any label, and is drawn (opaque) last.
 */
#include "furniture/furniture.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Candidate places of a box along each edge, besides the corners. */
#define EDGE_STEPS 8
/* Room between the subject and a band kept for a box: points. */
#define BAND_GAP 2.0

/* The map's subject and its surroundings, prepared for many box tests:
 * in map CRS, clipped to the map area. */
typedef struct subject {
    GEOSGeometry **g;
    const GEOSPreparedGeometry **p;
    unsigned char *own; /* 1: the map's subject, 0: a district beside */
    size_t n;
} subject;

static void subject_free(kz_page *pg, subject *s)
{
    size_t i;
    for (i = 0; i < s->n; i++) {
        if (s->p[i])
            GEOSPreparedGeom_destroy_r(pg->h, s->p[i]);
        if (s->g[i])
            GEOSGeom_destroy_r(pg->h, s->g[i]);
    }
    kz__free(pg->ctx, s->g);
    kz__free(pg->ctx, s->p);
    kz__free(pg->ctx, s->own);
    memset(s, 0, sizeof(*s));
}

/* One geometry of the subject (own) or beside it, when it reaches the
 * page. */
static int subject_add(kz_page *pg, subject *s, const GEOSGeometry *lonlat,
                       int own)
{
    int empty;
    GEOSGeometry *g = kz__view_prepare(pg->ctx, &pg->v, lonlat, KZ_TOL_PT,
                                       4, &empty);
    if (!g)
        return empty ? KZ_OK : KZ_EGEOM;
    s->g[s->n] = g;
    if (!(s->p[s->n] = GEOSPrepare_r(pg->h, g))) {
        GEOSGeom_destroy_r(pg->h, g);
        s->g[s->n] = NULL;
        return KZ_EGEOM;
    }
    s->own[s->n++] = (unsigned char)own;
    return KZ_OK;
}

/* The districts on the page: the map's own (all of them on the national
 * map, as the country when it is known) and those beside them. */
static int subject_make(kz_page *pg, subject *s)
{
    const kz_view *v = &pg->v;
    size_t nd = kz_survey_district_count(pg->sv), i;
    int national = pg->o->kind == KZ_MAP_NATIONAL, rc = KZ_OK;

    memset(s, 0, sizeof(*s));
    if (!(s->g = kz__calloc(pg->ctx, nd + 1, sizeof(*s->g))) ||
        !(s->p = kz__calloc(pg->ctx, nd + 1, sizeof(*s->p))) ||
        !(s->own = kz__calloc(pg->ctx, nd + 1, 1)))
        return KZ_ENOMEM;
    if (national && pg->sv->country)
        return subject_add(pg, s, pg->sv->country, 1);
    for (i = 0; i < nd && pg->sv->district_geoms && rc == KZ_OK; i++) {
        const kz_district *d = kz_survey_district(pg->sv, i);
        if (!pg->sv->district_geoms[i] || d->maxx < v->lon0 ||
            d->minx > v->lon1 || d->maxy < v->lat0 || d->miny > v->lat1)
            continue;
        rc = subject_add(pg, s, pg->sv->district_geoms[i],
                         national || (pg->focus && pg->focus[i]));
    }
    return rc;
}

static int boxes_meet(const double *a, const double *b)
{
    return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] &&
           b[1] < a[1] + a[3];
}

/* Whether an outlet's symbol reaches into box b. */
static int outlet_in(const kz_outlet *o, const double *b)
{
    return o->x + o->r > b[0] && o->x - o->r < b[0] + b[2] &&
           o->y + o->r > b[1] && o->y - o->r < b[1] + b[3];
}

static int outlet_own(const kz_page *pg, const kz_outlet *o)
{
    return pg->o->kind == KZ_MAP_NATIONAL || kz__outlet_is_focus(pg, o);
}

/* The cost of box b: HUGE_VAL over the subject or one of its kahrizes;
 * else 10 per other kahriz and 3 per other district it covers. */
static double box_cost(kz_page *pg, const subject *s, const kz_outlet *ol,
                       size_t n, const double *b)
{
    GEOSGeometry *r = kz__view_box(pg->h, &pg->v, b);
    double own = HUGE_VAL, cost = 0;
    size_t i;

    if (!r)
        return HUGE_VAL;
    for (i = 0; i < s->n && cost < HUGE_VAL; i++)
        if (GEOSPreparedIntersects_r(pg->h, s->p[i], r) == 1)
            cost += s->own[i] ? own : 3;
    GEOSGeom_destroy_r(pg->h, r);
    for (i = 0; i < n && cost < HUGE_VAL; i++)
        if (outlet_in(&ol[i], b))
            cost += outlet_own(pg, &ol[i]) ? own : 10;
    return cost;
}

/* Candidate k of a w x h box: the four corners in the order pref gives,
 * then EDGE_STEPS places along each edge; its anchor (bit 0 right, bit 1
 * bottom) and corner (4: an edge) into a, c.  0 past the last. */
static int candidate(const kz_page *pg, const int pref[4], int k, double w,
                     double h, double *b, int *a, int *c)
{
    const kz_view *v = &pg->v;
    double t;
    int edge;

    b[2] = w;
    b[3] = h;
    if (k < 4) {
        *c = pref[k];
        *a = *c;
        b[0] = *c & 1 ? v->x0 + v->w - w : v->x0;
        b[1] = *c & 2 ? v->y0 + v->h - h : v->y0;
        return 1;
    }
    k -= 4;
    if (k >= 4 * (EDGE_STEPS - 1))
        return 0;
    edge = k / (EDGE_STEPS - 1);
    t = (double)(k % (EDGE_STEPS - 1) + 1) / EDGE_STEPS;
    *c = 4;
    switch (edge) {
    case 0: /* bottom */
        b[0] = v->x0 + (v->w - w) * t;
        b[1] = v->y0 + v->h - h;
        *a = 2;
        break;
    case 1: /* right */
        b[0] = v->x0 + v->w - w;
        b[1] = v->y0 + (v->h - h) * t;
        *a = 1;
        break;
    case 2: /* top */
        b[0] = v->x0 + (v->w - w) * t;
        b[1] = v->y0;
        *a = 0;
        break;
    default: /* left */
        b[0] = v->x0;
        b[1] = v->y0 + (v->h - h) * t;
        *a = 0;
        break;
    }
    return 1;
}

/* The legend measured for the most it could list on this map: every
 * class of the outlets in the frame, the features the scale and the
 * basemap allow; pg->legend_cols set for it. */
static void legend_most(kz_page *pg, const kz_outlet *ol, size_t n,
                        double *w, double *h)
{
    kz_page most = *pg;
    const kz_basemap *bm = pg->bm;
    size_t i;
    int k;

    for (i = 0; i < n; i++) {
        most.res.conditions |= 1u << ol[i].cond;
        most.res.sizes |=
            ol[i].size_cls < 0 ? 1u << 31 : 1u << ol[i].size_cls;
    }
    /* mother wells come with the galleries, shafts at larger scales */
    if (n && pg->v.scale <= pg->st->galleries_max_scale)
        most.has_gallery = most.has_schematic = most.has_mother = 1;
    if (n && pg->v.scale <= pg->st->shafts_max_scale)
        most.has_shaft = 1;
    most.has_others = pg->n_focus > 0;
    most.has_muted = pg->n_focus > 0 && pg->o->kind != KZ_MAP_NATIONAL;
    for (i = 0; i < kz_survey_district_count(pg->sv) && !most.has_seat; i++) {
        const char *type = kz_survey_district(pg->sv, i)->type;
        most.has_seat = type && strcmp(type, "city") == 0;
    }
    most.has_countries = most.has_state_border =
        bm && bm->n_neighbours > 0;
    for (k = 0; k < KZ_REF_KINDS; k++)
        most.ref_drawn[k] = bm && bm->n_ref[k] ? 0xfu : 0;
    if (pg->o->fill == KZ_FILL_DENSITY) {
        most.res.density_classes = ~0u;
        most.density_zero = 1;
    }
    if (bm && bm->dem_path) {
        most.has_relief = 1;
        most.contour_step = 1;
    }
    /* a legend taller than 45% of the map area goes in two columns
     * (as drawn, whatever it then lists) */
    most.legend_cols = pg->legend_cols = 1;
    kz__legend(&most, 0, 0, 0, w, h);
    if (*h > 0.45 * pg->v.h) {
        double w2, h2;
        most.legend_cols = 2;
        kz__legend(&most, 0, 0, 0, &w2, &h2);
        /* unless two columns would be too wide for the frame */
        if (w2 <= 0.6 * pg->v.w) {
            pg->legend_cols = 2;
            *w = w2;
            *h = h2;
        }
    }
}

/* The band a box of size wh keeps beside the subject when no place is
 * free: on the side of its first corner, across or along, whichever
 * leaves the larger scale (the other way in pg->reserve_alt). */
static void reserve_band(kz_page *pg, int corner, const double *wh)
{
    const kz_view *v = &pg->v;
    double *r = pg->reserve;
    double ew = pg->env[2] - pg->env[0], eh = pg->env[3] - pg->env[1];
    double aw = v->w - r[0] - r[2], ah = v->h - r[1] - r[3];
    double bw = wh[0] + BAND_GAP, bh = wh[1] + BAND_GAP;
    double s_side = fmin((aw - bw) / fmax(ew, 1e-9), ah / fmax(eh, 1e-9));
    double s_end = fmin(aw / fmax(ew, 1e-9), (ah - bh) / fmax(eh, 1e-9));

    memcpy(pg->reserve_alt, r, sizeof(pg->reserve_alt));
    if (s_side >= s_end) {
        r[corner & 1 ? 2 : 0] += bw;
        pg->reserve_alt[corner & 2 ? 3 : 1] += bh;
    } else {
        r[corner & 2 ? 3 : 1] += bh;
        pg->reserve_alt[corner & 1 ? 2 : 0] += bw;
    }
}

int kz__furniture_plan(kz_page *pg, const kz_outlet *ol, size_t n,
                       int last, int *fits)
{
    /* preferred corners: legend bottom left, inset top right, scale bottom
     * right */
    static const int pref[3][4] = {
        {2, 0, 3, 1}, {1, 0, 3, 2}, {3, 2, 1, 0}};
    double sizes[3][2] = {{0, 0}, {0, 0}, {0, 0}};
    subject s;
    kz_scalebar sb;
    kz_view iv;
    int f, rc;

    *fits = 1;
    legend_most(pg, ol, n, &sizes[0][0], &sizes[0][1]);
    if (pg->o->kind != KZ_MAP_NATIONAL &&
        (rc = kz__inset_view(pg, &iv, &sizes[1][0], &sizes[1][1],
                             fmin(pg->v.w * 0.3, 60 * KZ_MM))) < 0)
        return rc;
    if ((rc = kz__scalebar_compute(pg, &sb)) < 0)
        return rc;
    {
        /* the contour interval, should relief be drawn, is said under
         * the bar: measured at its widest */
        kz_page most = *pg;
        if (pg->bm && pg->bm->dem_path && !most.contour_step)
            most.contour_step = 10000;
        kz__scalebar_size(&most, &sb, &sizes[2][0], &sizes[2][1]);
    }
    if ((rc = subject_make(pg, &s)) < 0)
        goto done;
    for (f = 0; f < 3; f++) {
        double best_cost = HUGE_VAL, b[4], cost;
        int k, a, c, best = -1, g;

        pg->fcorner[f] = -1;
        if (sizes[f][0] <= 0 || sizes[f][0] > pg->v.w * 0.6 ||
            sizes[f][1] > pg->v.h * 0.85)
            continue;
        for (k = 0; candidate(pg, pref[f], k, sizes[f][0], sizes[f][1], b,
                              &a, &c);
             k++) {
            for (g = 0; g < f; g++)
                if (pg->fcorner[g] >= 0 && boxes_meet(b, pg->fbox[g]))
                    break;
            if (g < f)
                continue;
            cost = box_cost(pg, &s, ol, n, b) + (k < 4 ? k * 0.5 : 4);
            if (cost < best_cost) {
                best_cost = cost;
                best = k;
            }
        }
        if (best < 0 && !last) {
            /* no free place: the subject moves aside */
            reserve_band(pg, pref[f][0], sizes[f]);
            *fits = 0;
            goto done;
        }
        if (best < 0) {
            /* the subject fills the frame however it is fitted: the
             * preferred corner */
            best = 0;
        }
        candidate(pg, pref[f], best, sizes[f][0], sizes[f][1],
                  pg->fbox[f], &pg->fanchor[f], &pg->fcorner[f]);
    }
done:
    subject_free(pg, &s);
    return rc;
}

void kz__furniture_outlets_free(const kz_page *pg, kz_outlet *ol, size_t *n)
{
    size_t i, m = 0;
    int f;

    for (i = 0; i < *n; i++) {
        int under = 0;
        for (f = 0; f < 3 && !under; f++)
            under = pg->fcorner[f] >= 0 && !outlet_own(pg, &ol[i]) &&
                    outlet_in(&ol[i], pg->fbox[f]);
        if (!under)
            ol[m++] = ol[i];
    }
    *n = m;
}

/* Box f shrunk to (w, h) toward the sides it was planned against; never
 * past the map area should it hold more than planned. */
static void shrink_box(kz_page *pg, int f, double w, double h)
{
    double *b = pg->fbox[f];
    if (w < b[2]) {
        if (pg->fanchor[f] & 1)
            b[0] += b[2] - w;
        b[2] = w;
    }
    if (h < b[3]) {
        if (pg->fanchor[f] & 2)
            b[1] += b[3] - h;
        b[3] = h;
    }
    if (w > b[2] || h > b[3]) {
        b[2] = w;
        b[3] = h;
        b[0] = fmax(pg->v.x0, fmin(b[0], pg->v.x0 + pg->v.w - w));
        b[1] = fmax(pg->v.y0, fmin(b[1], pg->v.y0 + pg->v.h - h));
    }
}

int kz__furniture_place(kz_page *pg)
{
    double w = 0, h = 0;
    int f, rc;

    /* the legend and the scale box as drawn hold less than the most
     * they could: each shrinks toward the sides it was planned against */
    if (pg->fcorner[0] >= 0) {
        kz__legend(pg, 0, 0, 0, &w, &h);
        shrink_box(pg, 0, w, h);
    }
    if (pg->fcorner[2] >= 0) {
        kz_scalebar sb;
        if ((rc = kz__scalebar_compute(pg, &sb)) < 0)
            return rc;
        kz__scalebar_size(pg, &sb, &w, &h);
        shrink_box(pg, 2, w, h);
    }
    for (f = 0; f < 3; f++) {
        const double *b = pg->fbox[f];
        if (pg->fcorner[f] < 0)
            continue;
        if ((rc = kz_collide_insert(pg->ctx, pg->grid, b[0], b[1],
                                    b[0] + b[2], b[1] + b[3])) < 0 ||
            (rc = kz_collide_insert(pg->ctx, pg->lgrid, b[0], b[1],
                                    b[0] + b[2], b[1] + b[3])) < 0 ||
            (rc = kz__boxlog_add(pg->log, 2, b[0], b[1], b[0] + b[2],
                                 b[1] + b[3])) < 0)
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
        /* a row can go after the labels (settlements none of whose names
         * found room are not drawn): the box shrinks to what is left */
        kz__legend(pg, 0, 0, 0, &w, &h);
        if (w <= pg->fbox[0][2] && h <= pg->fbox[0][3])
            shrink_box(pg, 0, w, h);
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
