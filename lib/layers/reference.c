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
            y < pg->v.y0 || x > pg->v.x0 + pg->v.w || y > pg->v.y0 + pg->v.h)
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
    /* what the scale allows, and the survey's villages at any scale */
    for (i = 0; i < rp->n_places; i++) {
        ref_place *p = &rp->places[i];
        int cls = p->f->cls & 3;
        if (!p->village && pg->v.scale > st->place_max_scale[cls])
            continue;
        rp->places[keep++] = *p;
        cairo_new_path(pg->cr);
        cairo_arc(pg->cr, p->x, p->y, p->r, 0, 2 * M_PI);
        if (cls == 0) {
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
        pg->ref_drawn[KZ_REF_PLACES] |= 1u << cls;
        if ((rc = kz_collide_insert(pg->ctx, pg->grid, p->x - p->r,
                                    p->y - p->r, p->x + p->r,
                                    p->y + p->r)) < 0)
            return rc;
    }
    rp->n_places = keep;
    return KZ_OK;
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

/* Whether the place lies in a district of its own name (Şəki in Şəki)
 * whose label the national map draws: the district's name then stands
 * for both. */
static int named_by_district(const kz_page *pg, const ref_place *p)
{
    size_t n = kz_survey_district_count(pg->sv), i;
    double lon, lat;
    char key[256];

    kz__ref_place_lonlat(p->f, &lon, &lat);
    for (i = 0; i < n; i++) {
        const kz_district *d = kz_survey_district(pg->sv, i);
        if (lon < d->minx || lon > d->maxx || lat < d->miny ||
            lat > d->maxy)
            continue;
        kz__ref_name_key(key, sizeof(key), d->name_az);
        if (!key[0] || strcmp(key, p->f->key_az) != 0)
            continue;
        /* a city district without kahrizes goes unnamed on the national
         * map (kz__label_districts): then the place names it */
        if (d->type && strcmp(d->type, "city") == 0) {
            size_t nk = kz_survey_kahriz_count(pg->sv), k;
            for (k = 0; k < nk; k++)
                if ((size_t)kz_survey_kahriz(pg->sv, k)->district == i)
                    return 1;
            continue; /* a rayon of the name around it may still */
        }
        return 1;
    }
    return 0;
}

static int label_places(kz_page *pg, struct kz_refpage *rp, int pass)
{
    const kz_style *st = pg->st;
    size_t i;
    int rc = KZ_OK;

    if (pass == 0 && rp->n_places)
        qsort(rp->places, rp->n_places, sizeof(*rp->places), place_order);
    for (i = 0; i < rp->n_places; i++) {
        const ref_place *p = &rp->places[i];
        char text[512];
        long second;
        double w, h, d, cand[8][2];
        PangoLayout *l;
        int placed, cls = p->f->cls & 3;

        if ((p->village || cls == 0) != (pass == 0) ||
            (pg->o->kind == KZ_MAP_NATIONAL && named_by_district(pg, p)))
            continue;
        kz__text_bilingual(text, sizeof(text), &second, st, p->f->name_az,
                           p->f->name_en, 0);
        if (!text[0])
            continue;
        l = kz__text_layout(&pg->txt, text, st->place_pt[cls],
                            cls == 0 || p->village, 0,
                            second, 0);
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
        rc = kz__label_place(pg, l, cand, 8, &st->place_text, 0, &placed);
        /* a village the survey names is worth covering a symbol's edge:
         * the halo keeps both legible */
        if (rc == KZ_OK && !placed && p->village)
            rc = kz__label_place(pg, l, cand, 8, &st->place_text, 1,
                                 &placed);
        g_object_unref(l);
        if (rc < 0)
            break;
    }
    return rc;
}

static int label_lakes(kz_page *pg, struct kz_refpage *rp)
{
    const kz_style *st = pg->st;
    size_t i;
    int rc = KZ_OK;

    for (i = 0; i < rp->n_lakes; i++) {
        const kz_ref_feature *f = rp->lakes[i].f;
        char text[512];
        long second;
        double x, y, area, w, h, cand[3][2];
        PangoLayout *l;
        int placed;

        if (!f->name_az[0] && !f->name_en[0])
            continue;
        if (!kz__area_anchor(pg, rp->lakes[i].g, &x, &y, &area))
            continue;
        kz__text_bilingual(text, sizeof(text), &second, st, f->name_az,
                           f->name_en, 1);
        l = kz__text_layout(&pg->txt, text, st->font_label, 0, 1, -1, 1);
        kz__text_size(l, &w, &h);
        /* inside when it fits, else beside */
        cand[0][0] = x - w / 2; cand[0][1] = y - h / 2;
        cand[1][0] = x - w / 2; cand[1][1] = y + 2;
        cand[2][0] = x - w / 2; cand[2][1] = y - h - 2;
        rc = kz__label_place(pg, l, cand, 3, &st->water_text, 0, &placed);
        g_object_unref(l);
        if (rc < 0)
            break;
    }
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

static int label_rivers(kz_page *pg, struct kz_refpage *rp)
{
    const kz_style *st = pg->st;
    double *xs = NULL, *ys = NULL, *cum = NULL;
    size_t cap = 0, i;
    int rc = KZ_OK, cls;

    for (cls = 0; cls < 4; cls++) {
        for (i = 0; i < rp->n_rivers && rc == KZ_OK; i++) {
            const ref_line *rl = &rp->rivers[i];
            char text[512];
            long second;
            PangoLayout *l;
            double w, h;
            int ng, gi, placed = 0;

            if (rl->f->cls != cls)
                continue;
            kz__text_bilingual(text, sizeof(text), &second, st,
                               rl->f->name_az, rl->f->name_en, 0);
            if (!text[0])
                continue;
            l = kz__text_layout(&pg->txt, text, st->font_label, 0, 1, -1, 0);
            kz__text_size(l, &w, &h);
            ng = GEOSGetNumGeometries_r(pg->h, rl->g);
            for (gi = 0; gi < ng && !placed && rc == KZ_OK; gi++) {
                const GEOSGeometry *part = GEOSGetGeometryN_r(pg->h, rl->g,
                                                              gi);
                const GEOSCoordSequence *cs;
                unsigned int np = 0, j;
                size_t t;

                if (GEOSGeomTypeId_r(pg->h, part) != GEOS_LINESTRING ||
                    !(cs = GEOSGeom_getCoordSeq_r(pg->h, part)) ||
                    !GEOSCoordSeq_getSize_r(pg->h, cs, &np) || np < 2)
                    continue;
                if (np > cap) {
                    kz__free(pg->ctx, xs);
                    kz__free(pg->ctx, ys);
                    kz__free(pg->ctx, cum);
                    cap = np;
                    xs = kz__mallocarray(pg->ctx, cap, sizeof(double));
                    ys = kz__mallocarray(pg->ctx, cap, sizeof(double));
                    cum = kz__mallocarray(pg->ctx, cap, sizeof(double));
                    if (!xs || !ys || !cum) {
                        rc = KZ_ENOMEM;
                        break;
                    }
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
                if (cum[np - 1] < w * 1.3)
                    continue;
                /* from the middle outwards, in twentieths of the line */
                for (t = 0; t < 19 && !placed; t++) {
                    double at = 0.5 + (t % 2 ? 1.0 : -1.0) *
                                          (double)((t + 1) / 2) / 20;
                    if ((rc = river_try(pg, l, xs, ys, cum, np,
                                        at * cum[np - 1], w, h,
                                        &st->river_text, &placed)) < 0)
                        break;
                }
            }
            g_object_unref(l);
        }
    }
    kz__free(pg->ctx, xs);
    kz__free(pg->ctx, ys);
    kz__free(pg->ctx, cum);
    return rc;
}

int kz__ref_label(kz_page *pg, int pass)
{
    struct kz_refpage *rp = pg->refp;
    int rc;

    if (!rp)
        return KZ_OK;
    if ((rc = label_places(pg, rp, pass)) < 0 || pass == 0 ||
        (rc = label_lakes(pg, rp)) < 0)
        return rc;
    return label_rivers(pg, rp);
}
