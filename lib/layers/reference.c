/*
 * reference.c - reference geography on a map page: water areas and
 * rivers by class, roads, settlement dots, and their names placed with the
 * kahriz and district labels (places beside their dot, rivers along their
 * line, lakes inside).  Places that are the survey's villages
 * (basemap/villages.c) are drawn at every scale and named first.
 */
#include "layers/layers.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* What a page keeps of the reference layers between drawing and naming. */
typedef struct ref_line {
    GEOSGeometry *g; /* page geometry (map CRS) */
    const kz_ref_feature *f;
} ref_line;

typedef struct ref_place {
    double x, y, r; /* page points */
    const kz_ref_feature *f;
    int village; /* named in the survey */
    int seat;    /* a district of its name lies round it */
    int named;   /* its label is placed: its dot is drawn */
} ref_place;

struct kz_refpage {
    ref_line *rivers, *lakes;
    size_t n_rivers, n_lakes, cap_rivers, cap_lakes;
    ref_place *places;
    size_t n_places, cap_places;
};

static struct kz_refpage *refpage(kz_page *pg)
{
    if (!pg->refp)
        pg->refp = kz__calloc(pg->ctx, 1, sizeof(*pg->refp));
    return pg->refp;
}

void kz__ref_page_release(kz_page *pg)
{
    struct kz_refpage *rp = pg->refp;
    size_t i;

    if (!rp)
        return;
    for (i = 0; i < rp->n_rivers; i++)
        GEOSGeom_destroy_r(pg->h, rp->rivers[i].g);
    for (i = 0; i < rp->n_lakes; i++)
        GEOSGeom_destroy_r(pg->h, rp->lakes[i].g);
    kz__free(pg->ctx, rp->rivers);
    kz__free(pg->ctx, rp->lakes);
    kz__free(pg->ctx, rp->places);
    kz__free(pg->ctx, rp);
    pg->refp = NULL;
    kz__free(pg->ctx, pg->named_by_place);
    pg->named_by_place = NULL;
}

static int in_window(const kz_view *v, const kz_ref_feature *f)
{
    return !(f->maxx < v->lon0 || f->minx > v->lon1 || f->maxy < v->lat0 ||
             f->miny > v->lat1);
}

static int keep_line(kz_page *pg, ref_line **arr, size_t *n, size_t *cap,
                     GEOSGeometry *g, const kz_ref_feature *f)
{
    int rc = kz__grow(pg->ctx, (void **)arr, cap, *n + 1, sizeof(**arr));
    if (rc < 0) {
        GEOSGeom_destroy_r(pg->h, g);
        return rc;
    }
    (*arr)[*n].g = g;
    (*arr)[*n].f = f;
    (*n)++;
    return KZ_OK;
}

int kz__ref_draw_water(kz_page *pg)
{
    const kz_basemap *bm = pg->bm;
    const kz_style *st = pg->st;
    struct kz_refpage *rp;
    size_t i;
    int rc, empty;

    if (!bm || !bm->n_ref[KZ_REF_WATER])
        return KZ_OK;
    if (!(rp = refpage(pg)))
        return KZ_ENOMEM;
    for (i = 0; i < bm->n_ref[KZ_REF_WATER]; i++) {
        const kz_ref_feature *f = &bm->ref[KZ_REF_WATER][i];
        GEOSGeometry *g;
        double area = 0;

        if (!in_window(&pg->v, f))
            continue;
        if (!(g = kz__view_prepare(pg->ctx, &pg->v, f->geom, KZ_TOL_PT, 4,
                                   &empty))) {
            if (!empty)
                return KZ_EGEOM;
            continue;
        }
        GEOSArea_r(pg->h, g, &area);
        /* a pond smaller than a few square millimetres is a speck */
        if (area * pg->v.s * pg->v.s < st->water_min_area) {
            GEOSGeom_destroy_r(pg->h, g);
            continue;
        }
        cairo_new_path(pg->cr);
        kz__path_geom(pg->cr, &pg->v, pg->h, g);
        kz__set_rgb(pg->cr, &st->water_fill);
        cairo_fill_preserve(pg->cr);
        kz__set_rgb(pg->cr, &st->water_border);
        cairo_set_line_width(pg->cr, st->lw_water);
        cairo_set_line_join(pg->cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(pg->cr);
        pg->ref_drawn[KZ_REF_WATER] |= 1u << (f->cls & 3);
        if ((rc = keep_line(pg, &rp->lakes, &rp->n_lakes, &rp->cap_lakes, g,
                            f)) < 0)
            return rc;
    }
    return KZ_OK;
}

/* Lines of one kind, class by class from the least important up. */
static int draw_kind(kz_page *pg, int kind, const double *lw,
                     const double *max_scale, const kz_rgb *color)
{
    const kz_basemap *bm = pg->bm;
    struct kz_refpage *rp = NULL;
    int cls, rc, empty;
    size_t i;

    for (cls = 3; cls >= 0; cls--) {
        if (pg->v.scale > max_scale[cls])
            continue;
        for (i = 0; i < bm->n_ref[kind]; i++) {
            const kz_ref_feature *f = &bm->ref[kind][i];
            GEOSGeometry *g;
            if (f->cls != cls || !in_window(&pg->v, f))
                continue;
            if (!(g = kz__view_prepare(pg->ctx, &pg->v, f->geom, KZ_TOL_PT, 4,
                                       &empty))) {
                if (!empty)
                    return KZ_EGEOM;
                continue;
            }
            cairo_new_path(pg->cr);
            kz__path_geom(pg->cr, &pg->v, pg->h, g);
            kz__set_rgb(pg->cr, color);
            cairo_set_line_width(pg->cr, lw[cls]);
            cairo_set_line_join(pg->cr, CAIRO_LINE_JOIN_ROUND);
            cairo_set_line_cap(pg->cr, CAIRO_LINE_CAP_ROUND);
            cairo_stroke(pg->cr);
            pg->ref_drawn[kind] |= 1u << cls;
            if (kind == KZ_REF_RIVERS && f->name_az[0]) {
                if (!rp && !(rp = refpage(pg))) {
                    GEOSGeom_destroy_r(pg->h, g);
                    return KZ_ENOMEM;
                }
                if ((rc = keep_line(pg, &rp->rivers, &rp->n_rivers,
                                    &rp->cap_rivers, g, f)) < 0)
                    return rc;
            } else {
                GEOSGeom_destroy_r(pg->h, g);
            }
        }
    }
    cairo_set_line_cap(pg->cr, CAIRO_LINE_CAP_BUTT);
    return KZ_OK;
}

int kz__ref_draw_lines(kz_page *pg)
{
    const kz_style *st = pg->st;
    int rc;

    if (!pg->bm)
        return KZ_OK;
    if ((rc = draw_kind(pg, KZ_REF_RIVERS, st->lw_river, st->river_max_scale,
                        &st->river)) < 0)
        return rc;
    return draw_kind(pg, KZ_REF_ROADS, st->lw_road, st->road_max_scale,
                     &st->road);
}

/* Mark the places of the window that the survey's villages name. */
static void mark_villages(kz_page *pg, struct kz_refpage *rp)
{
    size_t n = kz_survey_kahriz_count(pg->sv), i, j;
    char kaz[KZ_NAME_KEY], ken[KZ_NAME_KEY];
    const kz_view *v = &pg->v;

    for (i = 0; i < n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(pg->sv, i);
        double best = KZ_VILLAGE_KM;
        long bi = -1;
        if (!(k->lon >= v->lon0 && k->lon <= v->lon1 && k->lat >= v->lat0 &&
              k->lat <= v->lat1) ||
            (!k->village_az[0] && !k->village_en[0]))
            continue;
        kz__ref_name_key(kaz, sizeof(kaz), k->village_az);
        kz__ref_name_key(ken, sizeof(ken), k->village_en);
        for (j = 0; j < rp->n_places; j++) {
            double plon, plat, d;
            if (!kz__ref_place_matches(rp->places[j].f, kaz, ken))
                continue;
            kz__ref_place_lonlat(rp->places[j].f, &plon, &plat);
            if ((d = kz__geo_km(k->lon, k->lat, plon, plat)) <= best) {
                best = d;
                bi = (long)j;
            }
        }
        if (bi >= 0)
            rp->places[bi].village = 1;
    }
}

/* Whether a dot of radius r at x, y would lie under the legend, the
 * inset or the scale box (its name could not be set beside it). */
static int under_furniture(const kz_page *pg, double x, double y, double r)
{
    int f;
    r += 0.6;
    for (f = 0; f < 3; f++) {
        const double *b = pg->fbox[f];
        if (pg->fcorner[f] >= 0 && x + r > b[0] && x - r < b[0] + b[2] &&
            y + r > b[1] && y - r < b[1] + b[3])
            return 1;
    }
    return 0;
}

/* How far (degrees, about 5 km) outside a district's extent a place of
 * its name still counts as in it: city outlines from small-scale sources
 * miss their own centre. */
#define SEAT_SLACK 0.05

/* The districts of the place's own name whose extent holds it (Şəki in
 * the city and the rayon of Şəki): their count; each flagged in flag when
 * not NULL. */
static size_t seat_of(const kz_page *pg, const ref_place *p,
                      unsigned char *flag)
{
    size_t n = kz_survey_district_count(pg->sv), i, found = 0;
    double lon, lat;
    char key[256];

    if (!p->f->key_az[0] && !p->f->key_en[0])
        return 0;
    kz__ref_place_lonlat(p->f, &lon, &lat);
    for (i = 0; i < n; i++) {
        const kz_district *d = kz_survey_district(pg->sv, i);
        if (lon < d->minx - SEAT_SLACK || lon > d->maxx + SEAT_SLACK ||
            lat < d->miny - SEAT_SLACK || lat > d->maxy + SEAT_SLACK)
            continue;
        kz__ref_name_key(key, sizeof(key), d->name_az);
        if (!key[0] || (strcmp(key, p->f->key_az) != 0 &&
                        strcmp(key, p->f->key_en) != 0))
            continue;
        found++;
        if (flag)
            flag[i] = 1;
    }
    return found;
}

/* Whether a district p names is one of the map's own. */
static int seat_in_focus(const kz_page *pg, const ref_place *p)
{
    size_t n = kz_survey_district_count(pg->sv), i;
    unsigned char *flag = kz__calloc(pg->ctx, n ? n : 1, 1);
    int in = 0;

    if (!flag)
        return 1; /* no memory: the plain colour */
    seat_of(pg, p, flag);
    for (i = 0; i < n && !in; i++)
        in = flag[i] && pg->focus && pg->focus[i];
    kz__free(pg->ctx, flag);
    return in;
}

int kz__ref_draw_places(kz_page *pg)
{
    const kz_basemap *bm = pg->bm;
    const kz_style *st = pg->st;
    struct kz_refpage *rp;
    size_t i, keep = 0;
    int rc;

    if (!bm || !bm->n_ref[KZ_REF_PLACES])
        return KZ_OK;
    if (!(rp = refpage(pg)))
        return KZ_ENOMEM;
    for (i = 0; i < bm->n_ref[KZ_REF_PLACES]; i++) {
        const kz_ref_feature *f = &bm->ref[KZ_REF_PLACES][i];
        ref_place *p;
        double lon, lat, x, y;

        if (!in_window(&pg->v, f))
            continue;
        kz__ref_place_lonlat(f, &lon, &lat);
        if (!kz__view_point(&pg->v, lon, lat, &x, &y) || x < pg->v.x0 ||
            y < pg->v.y0 || x > pg->v.x0 + pg->v.w || y > pg->v.y0 + pg->v.h ||
            under_furniture(pg, x, y, st->place_radius[f->cls & 3]))
            continue;
        if ((rc = kz__grow(pg->ctx, (void **)&rp->places, &rp->cap_places,
                           rp->n_places + 1, sizeof(*rp->places))) < 0)
            return rc;
        p = &rp->places[rp->n_places++];
        p->x = x;
        p->y = y;
        p->f = f;
        p->village = 0;
        p->r = st->place_radius[f->cls & 3];
    }
    if (pg->sv && pg->o->kind != KZ_MAP_NATIONAL)
        mark_villages(pg, rp);
    /* what the scale allows, and the survey's villages at any scale; the
     * dots are drawn once their names are placed (kz__ref_draw_dots) */
    for (i = 0; i < rp->n_places; i++) {
        ref_place *p = &rp->places[i];
        int cls = p->f->cls & 3;
        if (!p->village && pg->v.scale > st->place_max_scale[cls])
            continue;
        p->seat = seat_of(pg, p, NULL) > 0;
        /* on the national map a place in a district of its name is named
         * by the district's label, and not drawn */
        if (p->seat && pg->o->kind == KZ_MAP_NATIONAL)
            continue;
        rp->places[keep++] = *p;
        pg->ref_drawn[KZ_REF_PLACES] |= 1u << cls;
        if ((rc = kz_collide_insert(pg->ctx, pg->grid, p->x - p->r,
                                    p->y - p->r, p->x + p->r,
                                    p->y + p->r)) < 0)
            return rc;
    }
    rp->n_places = keep;
    return KZ_OK;
}

void kz__ref_draw_dots(kz_page *pg)
{
    const struct kz_refpage *rp = pg->refp;
    const kz_style *st = pg->st;
    size_t i;

    if (!rp)
        return;
    /* the legend lists the classes of the dots drawn */
    pg->ref_drawn[KZ_REF_PLACES] = 0;
    for (i = 0; i < rp->n_places; i++) {
        const ref_place *p = &rp->places[i];
        if (!p->named)
            continue; /* every dot drawn is named */
        pg->ref_drawn[KZ_REF_PLACES] |= 1u << (p->f->cls & 3);
        cairo_new_path(pg->cr);
        cairo_arc(pg->cr, p->x, p->y, p->r, 0, 2 * M_PI);
        if ((p->f->cls & 3) == 0) {
            /* a city: a ring round a dot */
            kz__set_rgb(pg->cr, &st->halo_color);
            cairo_fill_preserve(pg->cr);
            kz__set_rgb(pg->cr, &st->place);
            cairo_set_line_width(pg->cr, p->r * 0.35);
            cairo_stroke(pg->cr);
            cairo_arc(pg->cr, p->x, p->y, p->r * 0.4, 0, 2 * M_PI);
        }
        kz__set_rgb(pg->cr, &st->place);
        cairo_fill(pg->cr);
    }
}

static int place_order(const void *pa, const void *pb)
{
    const ref_place *a = pa, *b = pb;
    double pa_ = a->f->population, pb_ = b->f->population;
    if (a->village != b->village)
        return b->village - a->village;
    if (a->f->cls != b->f->cls)
        return a->f->cls - b->f->cls;
    if (isfinite(pa_) != isfinite(pb_))
        return isfinite(pb_) - isfinite(pa_);
    if (isfinite(pa_) && pa_ != pb_)
        return pa_ < pb_ ? 1 : -1;
    return strcmp(a->f->name_en, b->f->name_en);
}

/* Which of label_places' passes names p: 0 a place in a district of its
 * name (its label names both), 1 a village of the survey or a city, 2
 * the others. */
static int place_pass(const ref_place *p)
{
    if (p->seat)
        return 0;
    return p->village || (p->f->cls & 3) == 0 ? 1 : 2;
}

static int label_places(kz_page *pg, struct kz_refpage *rp, int pass)
{
    const kz_style *st = pg->st;
    size_t nd = kz_survey_district_count(pg->sv), i;
    int rc = KZ_OK;

    if (pass == 0 && rp->n_places)
        qsort(rp->places, rp->n_places, sizeof(*rp->places), place_order);
    if (pass == 0 && nd && !pg->named_by_place &&
        !(pg->named_by_place = kz__calloc(pg->ctx, nd, 1)))
        return KZ_ENOMEM;
    for (i = 0; i < rp->n_places; i++) {
        ref_place *p = &rp->places[i];
        char text[512];
        long second;
        double w, h, d, cand[8][2];
        const kz_rgb *color;
        PangoLayout *l;
        int placed, cls = p->f->cls & 3;

        if (place_pass(p) != pass)
            continue;
        /* a place naming a neighbouring district is in the neighbours'
         * colour, as that district's name would be */
        color = p->seat && pg->n_focus && !seat_in_focus(pg, p)
                    ? &st->neighbour_text
                    : &st->place_text;
        kz__text_bilingual(text, sizeof(text), &second, st, p->f->name_az,
                           p->f->name_en, 0);
        if (!text[0])
            continue;
        l = kz__text_layout(&pg->txt, text, st->place_pt[cls],
                            pass < 2, 0, second, 0);
        kz__text_size(l, &w, &h);
        d = p->r + 0.6 + st->halo;
        cand[0][0] = p->x + d;     cand[0][1] = p->y - h / 2;
        cand[1][0] = p->x + d * 0.7; cand[1][1] = p->y - d * 0.7 - h;
        cand[2][0] = p->x + d * 0.7; cand[2][1] = p->y + d * 0.7;
        cand[3][0] = p->x - d - w; cand[3][1] = p->y - h / 2;
        cand[4][0] = p->x - w / 2; cand[4][1] = p->y - d - h;
        cand[5][0] = p->x - w / 2; cand[5][1] = p->y + d;
        cand[6][0] = p->x - d * 0.7 - w; cand[6][1] = p->y - d * 0.7 - h;
        cand[7][0] = p->x - d * 0.7 - w; cand[7][1] = p->y + d * 0.7;
        rc = kz__label_place(pg, l, cand, 8, color, 0, &placed);
        /* a village the survey names, or a place that names its district,
         * is worth covering a symbol's edge: the halo keeps both legible */
        if (rc == KZ_OK && !placed && (p->village || p->seat))
            rc = kz__label_place(pg, l, cand, 8, color, 1, &placed);
        g_object_unref(l);
        if (rc < 0)
            break;
        p->named = placed;
        if (placed && p->seat)
            seat_of(pg, p, pg->named_by_place);
    }
    return rc;
}

/* A page point as map CRS coordinates. */
static void page_to_map(const kz_view *v, double px, double py, double *x,
                        double *y)
{
    *x = v->cx + (px - v->x0 - v->w / 2) / v->s;
    *y = v->cy - (py - v->y0 - v->h / 2) / v->s;
}

/* Whether a label box centred on (px, py) with half sides hw, hh, turned
 * by ang (page, y down), lies inside the water area: 1, 0, or -1 when
 * GEOS fails. */
static int box_in(kz_page *pg, const GEOSPreparedGeometry *water, double px,
                  double py, double hw, double hh, double ang)
{
    static const double corner[5][2] = {
        {-1, -1}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}};
    double c = cos(ang), sn = sin(ang);
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(pg->h, 5, 2);
    GEOSGeometry *ring, *poly;
    int i, in;

    if (!cs)
        return -1;
    for (i = 0; i < 5; i++) {
        double dx = corner[i][0] * hw, dy = corner[i][1] * hh, x, y;
        page_to_map(&pg->v, px + dx * c - dy * sn, py + dx * sn + dy * c, &x,
                    &y);
        GEOSCoordSeq_setXY_r(pg->h, cs, (unsigned)i, x, y);
    }
    if (!(ring = GEOSGeom_createLinearRing_r(pg->h, cs)))
        return -1;
    if (!(poly = GEOSGeom_createPolygon_r(pg->h, ring, NULL, 0))) {
        GEOSGeom_destroy_r(pg->h, ring);
        return -1;
    }
    in = GEOSPreparedContains_r(pg->h, water, poly);
    GEOSGeom_destroy_r(pg->h, poly);
    return in == 2 ? -1 : in;
}

/* The direction of a water area's length on the page (radians, y down,
 * upright) and its length over its breadth, from the narrowest
 * rectangle round it. */
static void long_axis(kz_page *pg, const GEOSGeometry *g, double *ang,
                      double *aspect)
{
    GEOSGeometry *r = GEOSMinimumRotatedRectangle_r(pg->h, g);
    const GEOSGeometry *ring;
    const GEOSCoordSequence *cs;
    double x[3], y[3], a, b;
    unsigned i;

    *ang = 0;
    *aspect = 1;
    if (!r)
        return;
    if (GEOSGeomTypeId_r(pg->h, r) == GEOS_POLYGON &&
        (ring = GEOSGetExteriorRing_r(pg->h, r)) &&
        (cs = GEOSGeom_getCoordSeq_r(pg->h, ring))) {
        for (i = 0; i < 3; i++)
            GEOSCoordSeq_getXY_r(pg->h, cs, i, &x[i], &y[i]);
        a = hypot(x[1] - x[0], y[1] - y[0]);
        b = hypot(x[2] - x[1], y[2] - y[1]);
        if (a > 0 && b > 0) {
            int first = a >= b;
            double dx = first ? x[1] - x[0] : x[2] - x[1];
            double dy = first ? y[1] - y[0] : y[2] - y[1];
            *ang = atan2(-dy, dx); /* the page's y runs down */
            if (*ang > M_PI / 2)
                *ang -= M_PI;
            else if (*ang <= -M_PI / 2)
                *ang += M_PI;
            *aspect = first ? a / b : b / a;
        }
    }
    GEOSGeom_destroy_r(pg->h, r);
}

#define LAKE_ANCHORS 48

typedef struct lake_anchor {
    double x, y, depth; /* page points; distance to the shore, points */
} lake_anchor;

static int anchor_deeper(const void *pa, const void *pb)
{
    const lake_anchor *a = pa, *b = pb;
    if (a->depth != b->depth)
        return a->depth < b->depth ? 1 : -1;
    if (a->y != b->y)
        return a->y < b->y ? -1 : 1;
    return (a->x > b->x) - (a->x < b->x);
}

/* Where in the visible water a name may be centred: the centre of the
 * widest circle, then points of a grid over it, deepest first (at most
 * LAKE_ANCHORS).  The count; -1 when GEOS fails. */
static int lake_anchors(kz_page *pg, const GEOSGeometry *vis,
                        const GEOSPreparedGeometry *prep, double step,
                        lake_anchor *out)
{
    const kz_view *v = &pg->v;
    GEOSGeometry *mic = NULL, *shore = NULL;
    double cx, cy, r, x0, y0, x1, y1, gx, gy;
    lake_anchor grid[400];
    size_t ng = 0, i;
    int n = -1;

    if (!(mic = GEOSMaximumInscribedCircle_r(pg->h, vis, 0.5 / v->s)) ||
        GEOSGeomTypeId_r(pg->h, mic) != GEOS_LINESTRING ||
        !GEOSCoordSeq_getXY_r(pg->h, GEOSGeom_getCoordSeq_r(pg->h, mic), 0,
                              &cx, &cy) ||
        !GEOSLength_r(pg->h, mic, &r) ||
        !(shore = GEOSBoundary_r(pg->h, vis)) ||
        !GEOSGeom_getXMin_r(pg->h, vis, &x0) ||
        !GEOSGeom_getYMin_r(pg->h, vis, &y0) ||
        !GEOSGeom_getXMax_r(pg->h, vis, &x1) ||
        !GEOSGeom_getYMax_r(pg->h, vis, &y1))
        goto cleanup;
    out[0].x = kz__vx(v, cx);
    out[0].y = kz__vy(v, cy);
    out[0].depth = r * v->s;
    n = 1;
    /* a grid of at most 20 x 20 points over the water's extent */
    step = fmax(step / v->s, fmax(x1 - x0, y1 - y0) / 20);
    for (gy = y0 + step / 2; gy < y1 && ng < 400; gy += step)
        for (gx = x0 + step / 2; gx < x1 && ng < 400; gx += step) {
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(pg->h, gx, gy);
            double d = 0;
            int in;
            if (!pt)
                goto fail;
            in = GEOSPreparedContains_r(pg->h, prep, pt);
            if (in == 1 && !GEOSDistance_r(pg->h, shore, pt, &d))
                in = 2;
            GEOSGeom_destroy_r(pg->h, pt);
            if (in == 2)
                goto fail;
            if (in == 1) {
                grid[ng].x = kz__vx(v, gx);
                grid[ng].y = kz__vy(v, gy);
                grid[ng].depth = d * v->s;
                ng++;
            }
        }
    qsort(grid, ng, sizeof(*grid), anchor_deeper);
    for (i = 0; i < ng && n < LAKE_ANCHORS; i++)
        out[n++] = grid[i];
    goto cleanup;
fail:
    n = -1;
cleanup:
    if (mic)
        GEOSGeom_destroy_r(pg->h, mic);
    if (shore)
        GEOSGeom_destroy_r(pg->h, shore);
    return n;
}

/* A label turned by ang centred on (x, y), by its upright bounding box. */
static int place_turned(kz_page *pg, PangoLayout *l, double x, double y,
                        double w, double h, double ang, int *placed)
{
    double c = fabs(cos(ang)), sn = fabs(sin(ang));
    return kz__label_place_rotated(pg, l, x, y, c * w / 2 + sn * h / 2,
                                   sn * w / 2 + c * h / 2, ang,
                                   &pg->st->water_text, placed);
}

/* A lake's name: inside the water where it fits level, else along the
 * lake's length; else beside its widest parts; else across it, over its
 * shores (the halo keeps the name legible on land). */
static int label_lake(kz_page *pg, const ref_line *rl)
{
    const kz_style *st = pg->st;
    const kz_view *v = &pg->v;
    double frame[4] = {v->x0, v->y0, v->w, v->h};
    GEOSGeometry *box = NULL, *vis = NULL;
    const GEOSPreparedGeometry *prep = NULL;
    PangoLayout *l = NULL, *l1 = NULL;
    lake_anchor an[LAKE_ANCHORS];
    char text[512], line[512];
    long second;
    double w, h, w1, h1, ang, aspect, area = 0, cand[16][2];
    double in_x = st->halo + 0.6;
    int rc = KZ_OK, placed = 0, in, n, i, k, turn;
    size_t dropped = 0;

    kz__text_bilingual(text, sizeof(text), &second, st, rl->f->name_az,
                       rl->f->name_en, 1);
    if (!text[0])
        return KZ_OK;
    /* the part of the lake inside the frame */
    if (!(box = kz__view_box(pg->h, v, frame)) ||
        !(vis = GEOSIntersection_r(pg->h, rl->g, box))) {
        rc = KZ_EGEOM;
        goto cleanup;
    }
    if (GEOSisEmpty_r(pg->h, vis) || !GEOSArea_r(pg->h, vis, &area) ||
        area * v->s * v->s < st->water_min_area)
        goto cleanup;
    l = kz__text_layout(&pg->txt, text, st->font_label, 0, 1, -1, 1);
    kz__text_size(l, &w, &h);
    /* turned along the lake, the name goes on one line, as a river's */
    kz__text_bilingual(line, sizeof(line), &second, st, rl->f->name_az,
                       rl->f->name_en, 0);
    l1 = kz__text_layout(&pg->txt, line, st->font_label, 0, 1, -1, 0);
    kz__text_size(l1, &w1, &h1);
    dropped = pg->res.labels_dropped;
    if (!(prep = GEOSPrepare_r(pg->h, vis)) ||
        (n = lake_anchors(pg, vis, prep, h / 2, an)) < 0) {
        rc = KZ_EGEOM;
        goto cleanup;
    }
    long_axis(pg, vis, &ang, &aspect);
    turn = aspect >= 1.5 && fabs(ang) > 0.05;
    for (i = 0; i < n && !placed; i++) {
        if ((in = box_in(pg, prep, an[i].x, an[i].y, w / 2, h / 2, 0)) < 0) {
            rc = KZ_EGEOM;
            goto cleanup;
        }
        if (in) {
            cand[0][0] = an[i].x - w / 2;
            cand[0][1] = an[i].y - h / 2;
            if ((rc = kz__label_place(pg, l, cand, 1, &st->water_text, 0,
                                      &placed)) < 0)
                goto cleanup;
        }
        if (placed || !turn)
            continue;
        if ((in = box_in(pg, prep, an[i].x, an[i].y, w1 / 2, h1 / 2,
                         ang)) < 0) {
            rc = KZ_EGEOM;
            goto cleanup;
        }
        if (in && (rc = place_turned(pg, l1, an[i].x, an[i].y, w1, h1, ang,
                                     &placed)) < 0)
            goto cleanup;
    }
    /* beside the widest parts: across the shore, then at the corners;
     * over symbols when nothing else is free (the halo keeps both
     * legible), never over other names */
    for (i = 0; i < 2 * (n < 3 ? n : 3) && !placed; i++) {
        int j = i % (n < 3 ? n : 3), over = i >= (n < 3 ? n : 3);
        double x = an[j].x, y = an[j].y, d = an[j].depth + 1.5;
        cand[0][0] = x - w / 2;         cand[0][1] = y - d - h;
        cand[1][0] = x - w / 2;         cand[1][1] = y + d;
        cand[2][0] = x + d;             cand[2][1] = y - h / 2;
        cand[3][0] = x - d - w;         cand[3][1] = y - h / 2;
        cand[4][0] = x + d * 0.7;       cand[4][1] = y - d * 0.7 - h;
        cand[5][0] = x - d * 0.7 - w;   cand[5][1] = y - d * 0.7 - h;
        cand[6][0] = x + d * 0.7;       cand[6][1] = y + d * 0.7;
        cand[7][0] = x - d * 0.7 - w;   cand[7][1] = y + d * 0.7;
        /* the same moved inside the frame: beside a lake the frame cuts */
        for (k = 0; k < 8; k++) {
            cand[8 + k][0] = fmin(fmax(cand[k][0], v->x0 + in_x),
                                  v->x0 + v->w - in_x - w);
            cand[8 + k][1] = fmin(fmax(cand[k][1], v->y0 + in_x),
                                  v->y0 + v->h - in_x - h);
        }
        if ((rc = kz__label_place(pg, l, cand, 16, &st->water_text, over,
                                  &placed)) < 0)
            goto cleanup;
    }
    /* across the water, over its shores */
    for (i = 0; i < n && !placed; i++) {
        if (turn) {
            if ((rc = place_turned(pg, l1, an[i].x, an[i].y, w1, h1, ang,
                                   &placed)) < 0)
                goto cleanup;
            if (placed)
                break;
        }
        cand[0][0] = an[i].x - w / 2;
        cand[0][1] = an[i].y - h / 2;
        if ((rc = kz__label_place(pg, l, cand, 1, &st->water_text, 0,
                                  &placed)) < 0)
            goto cleanup;
    }

cleanup:
    if (l) {
        /* one name, dropped once however many places were tried */
        pg->res.labels_dropped = dropped + (rc == KZ_OK && !placed);
        g_object_unref(l);
    }
    if (l1)
        g_object_unref(l1);
    if (prep)
        GEOSPreparedGeom_destroy_r(pg->h, prep);
    if (vis)
        GEOSGeom_destroy_r(pg->h, vis);
    if (box)
        GEOSGeom_destroy_r(pg->h, box);
    return rc;
}

/* Try a river name along the line from a point at distance s of its
 * length: straight enough over the label's length, upright. */
static int river_try(kz_page *pg, PangoLayout *l, const double *xs,
                     const double *ys, const double *cum, size_t n,
                     double s, double w, double h, const kz_rgb *color,
                     int *placed)
{
    double a = s - w / 2, b = s + w / 2, ax, ay, bx, by, ang, dev = 0;
    double cx, cy, nx, ny, off, c, sn, hw, hh, bw, bh;
    size_t i, ia = 0, ib = 0;

    *placed = 0;
    if (a < 0 || b > cum[n - 1])
        return KZ_OK;
    while (ia + 1 < n && cum[ia + 1] < a)
        ia++;
    ib = ia;
    while (ib + 1 < n && cum[ib + 1] < b)
        ib++;
    /* the ends of the stretch */
    {
        double t = (a - cum[ia]) / fmax(cum[ia + 1] - cum[ia], 1e-9);
        ax = xs[ia] + t * (xs[ia + 1] - xs[ia]);
        ay = ys[ia] + t * (ys[ia + 1] - ys[ia]);
        t = (b - cum[ib]) / fmax(cum[ib + 1] - cum[ib], 1e-9);
        bx = xs[ib] + t * (xs[ib + 1] - xs[ib]);
        by = ys[ib] + t * (ys[ib + 1] - ys[ib]);
    }
    ang = atan2(by - ay, bx - ax);
    if (ang > M_PI / 2)
        ang -= M_PI;
    else if (ang < -M_PI / 2)
        ang += M_PI;
    c = cos(ang);
    sn = sin(ang);
    /* the line must not bend away from the chord by more than half the
     * text's height */
    for (i = ia + 1; i <= ib; i++) {
        double d = fabs((xs[i] - ax) * sn - (ys[i] - ay) * c);
        if (d > dev)
            dev = d;
    }
    if (dev > h / 2)
        return KZ_OK;
    /* beside the line, above it as read */
    off = h / 2 + 1.0;
    nx = sn;
    ny = -c;
    cx = (ax + bx) / 2 + nx * off;
    cy = (ay + by) / 2 + ny * off;
    hw = w / 2;
    hh = h / 2;
    bw = fabs(c) * hw + fabs(sn) * hh;
    bh = fabs(sn) * hw + fabs(c) * hh;
    return kz__label_place_rotated(pg, l, cx, cy, bw, bh, ang, color, placed);
}

/* The key a water feature is named by: its folded Azerbaijani name, else
 * its English one ("" when unnamed). */
static const char *water_key(const kz_ref_feature *f)
{
    return f->key_az[0] ? f->key_az : f->key_en;
}

static int water_order(const void *pa, const void *pb)
{
    const ref_line *a = pa, *b = pb;
    int c = strcmp(water_key(a->f), water_key(b->f));
    return c ? c : a->f->cls - b->f->cls;
}

/* The features of one name, from rl[0] on (sorted by water_order), as
 * one geometry: lines merged where their ends meet, areas dissolved.  An
 * OpenStreetMap river is many ways, a lake may be many polygons; each is
 * named once.  *n_out: how many features the name has.  NULL when GEOS
 * fails. */
static GEOSGeometry *water_merge(kz_page *pg, const ref_line *rl, size_t n,
                                 int lines, size_t *n_out)
{
    const char *key = water_key(rl[0].f);
    GEOSGeometry **parts = NULL, *coll = NULL, *out = NULL;
    size_t m = 0, np = 0, cap = 0, i;
    int gi, ng;

    while (m < n && strcmp(water_key(rl[m].f), key) == 0)
        m++;
    *n_out = m;
    for (i = 0; i < m; i++) {
        ng = GEOSGetNumGeometries_r(pg->h, rl[i].g);
        for (gi = 0; gi < ng; gi++) {
            const GEOSGeometry *part = GEOSGetGeometryN_r(pg->h, rl[i].g, gi);
            int t = GEOSGeomTypeId_r(pg->h, part);
            if (t != (lines ? GEOS_LINESTRING : GEOS_POLYGON))
                continue;
            if (kz__grow(pg->ctx, (void **)&parts, &cap, np + 1,
                         sizeof(*parts)) < 0 ||
                !(parts[np] = GEOSGeom_clone_r(pg->h, part)))
                goto cleanup;
            np++;
        }
    }
    if (!np)
        goto cleanup;
    coll = GEOSGeom_createCollection_r(
        pg->h, lines ? GEOS_MULTILINESTRING : GEOS_GEOMETRYCOLLECTION, parts,
        (unsigned)np);
    if (!coll)
        goto cleanup;
    np = 0; /* the collection owns the parts */
    out = lines ? GEOSLineMerge_r(pg->h, coll) : GEOSUnaryUnion_r(pg->h, coll);

cleanup:
    for (i = 0; i < np; i++)
        GEOSGeom_destroy_r(pg->h, parts[i]);
    kz__free(pg->ctx, parts);
    if (coll)
        GEOSGeom_destroy_r(pg->h, coll);
    return out;
}

/* A river's name once along its longest stretch on the map where the
 * line is straight enough, from that stretch's middle outwards. */
static int label_river(kz_page *pg, const kz_ref_feature *f,
                       const GEOSGeometry *g)
{
    const kz_style *st = pg->st;
    double *xs = NULL, *ys = NULL, *cum = NULL, w, h, *len = NULL;
    size_t *order = NULL, i, k = 0;
    char text[512];
    long second;
    PangoLayout *l;
    int rc = KZ_OK, ng = GEOSGetNumGeometries_r(pg->h, g), placed = 0;

    kz__text_bilingual(text, sizeof(text), &second, st, f->name_az,
                       f->name_en, 0);
    if (!text[0] || ng <= 0)
        return KZ_OK;
    l = kz__text_layout(&pg->txt, text, st->font_label, 0, 1, -1, 0);
    kz__text_size(l, &w, &h);
    if (!(len = kz__mallocarray(pg->ctx, (size_t)ng, sizeof(*len))) ||
        !(order = kz__mallocarray(pg->ctx, (size_t)ng, sizeof(*order)))) {
        rc = KZ_ENOMEM;
        goto cleanup;
    }
    /* the stretches, longest first (a stable insertion sort) */
    for (i = 0; i < (size_t)ng; i++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(pg->h, g, (int)i);
        len[i] = 0;
        if (GEOSGeomTypeId_r(pg->h, part) == GEOS_LINESTRING)
            GEOSLength_r(pg->h, part, &len[i]);
        for (k = i; k > 0 && len[order[k - 1]] < len[i]; k--)
            order[k] = order[k - 1];
        order[k] = i;
    }
    for (k = 0; k < (size_t)ng && !placed && rc == KZ_OK; k++) {
        const GEOSGeometry *part =
            GEOSGetGeometryN_r(pg->h, g, (int)order[k]);
        const GEOSCoordSequence *cs;
        unsigned int np = 0, j;
        size_t t, steps;

        if (len[order[k]] * pg->v.s < w * 1.3)
            break; /* this and every shorter stretch is too short */
        if (!(cs = GEOSGeom_getCoordSeq_r(pg->h, part)) ||
            !GEOSCoordSeq_getSize_r(pg->h, cs, &np) || np < 2)
            continue;
        kz__free(pg->ctx, xs);
        kz__free(pg->ctx, ys);
        kz__free(pg->ctx, cum);
        xs = kz__mallocarray(pg->ctx, np, sizeof(double));
        ys = kz__mallocarray(pg->ctx, np, sizeof(double));
        cum = kz__mallocarray(pg->ctx, np, sizeof(double));
        if (!xs || !ys || !cum) {
            rc = KZ_ENOMEM;
            break;
        }
        for (j = 0; j < np; j++) {
            double x, y;
            GEOSCoordSeq_getXY_r(pg->h, cs, j, &x, &y);
            xs[j] = kz__vx(&pg->v, x);
            ys[j] = kz__vy(&pg->v, y);
            cum[j] = j ? cum[j - 1] + hypot(xs[j] - xs[j - 1],
                                            ys[j] - ys[j - 1])
                       : 0;
        }
        /* from the middle outwards, a quarter of the label's length
         * apart (at least twenty places on the stretch) */
        steps = (size_t)fmin(fmax(cum[np - 1] / (w / 4), 20), 400);
        for (t = 0; t + 1 < steps && !placed; t++) {
            double at = 0.5 + (t % 2 ? 1.0 : -1.0) *
                                  (double)((t + 1) / 2) / (double)steps;
            if ((rc = river_try(pg, l, xs, ys, cum, np, at * cum[np - 1], w,
                                h, &st->river_text, &placed)) < 0)
                break;
        }
    }

cleanup:
    if (rc == KZ_OK && !placed && k > 0)
        pg->res.labels_dropped++; /* tried along a stretch long enough */
    g_object_unref(l);
    kz__free(pg->ctx, xs);
    kz__free(pg->ctx, ys);
    kz__free(pg->ctx, cum);
    kz__free(pg->ctx, len);
    kz__free(pg->ctx, order);
    return rc;
}

/* Each named lake once, and each river once from the main ones down (a
 * name's smallest class is its rank). */
static int label_lakes(kz_page *pg, struct kz_refpage *rp)
{
    size_t i, m;
    int rc = KZ_OK;

    if (rp->n_lakes)
        qsort(rp->lakes, rp->n_lakes, sizeof(*rp->lakes), water_order);
    for (i = 0; i < rp->n_lakes && rc == KZ_OK; i += m) {
        GEOSGeometry *g;
        ref_line one;
        m = 1;
        if (!water_key(rp->lakes[i].f)[0] &&
            !rp->lakes[i].f->name_az[0] && !rp->lakes[i].f->name_en[0])
            continue;
        if (!water_key(rp->lakes[i].f)[0]) {
            rc = label_lake(pg, &rp->lakes[i]);
            continue;
        }
        if (!(g = water_merge(pg, rp->lakes + i, rp->n_lakes - i, 0, &m))) {
            rc = KZ_EGEOM;
            break;
        }
        one.g = g;
        one.f = rp->lakes[i].f;
        rc = label_lake(pg, &one);
        GEOSGeom_destroy_r(pg->h, g);
    }
    return rc;
}

static int label_rivers(kz_page *pg, struct kz_refpage *rp)
{
    size_t i, m, n_groups = 0, *first = NULL;
    int cls, rc = KZ_OK;

    if (!rp->n_rivers)
        return KZ_OK;
    qsort(rp->rivers, rp->n_rivers, sizeof(*rp->rivers), water_order);
    if (!(first = kz__mallocarray(pg->ctx, rp->n_rivers, sizeof(*first))))
        return KZ_ENOMEM;
    for (i = 0; i < rp->n_rivers; i += m) {
        first[n_groups++] = i;
        m = 1;
        while (i + m < rp->n_rivers && water_key(rp->rivers[i].f)[0] &&
               strcmp(water_key(rp->rivers[i + m].f),
                      water_key(rp->rivers[i].f)) == 0)
            m++;
    }
    for (cls = 0; cls < 4 && rc == KZ_OK; cls++)
        for (i = 0; i < n_groups && rc == KZ_OK; i++) {
            const ref_line *rl = &rp->rivers[first[i]];
            GEOSGeometry *g;
            if (rl->f->cls != cls)
                continue;
            if (!(g = water_merge(pg, rl, rp->n_rivers - first[i], 1, &m))) {
                rc = KZ_EGEOM;
                break;
            }
            rc = label_river(pg, rl->f, g);
            GEOSGeom_destroy_r(pg->h, g);
        }
    kz__free(pg->ctx, first);
    return rc;
}

int kz__ref_label(kz_page *pg, int pass)
{
    struct kz_refpage *rp = pg->refp;
    int rc;

    if (!rp)
        return KZ_OK;
    if (pass == 0 && (rc = label_lakes(pg, rp)) < 0)
        return rc;
    if ((rc = label_places(pg, rp, pass)) < 0 || pass != 1)
        return rc;
    return label_rivers(pg, rp);
}
