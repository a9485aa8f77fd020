/*
 * area_labels.c - names of areas: districts, then neighbouring countries
 * and the sea.  District names come before kahriz labels and may sit over
 * outlet symbols (their halo keeps both legible), never over another
 * label or the furniture; districts with kahrizes on the page come first.
 * Cities are a settlement dot and a name beside it, and are left off the
 * national map, where they would repeat the name of the rayon around them.
 */
#include "render/render.h"

#include <stdlib.h>
#include <string.h>

typedef struct area_label {
    const char *az, *en;
    double x, y, area;
    int focus, city;
    unsigned kahrizes;
} area_label;

static int area_cmp(const void *pa, const void *pb)
{
    const area_label *a = pa, *b = pb;
    if (a->focus != b->focus)
        return b->focus - a->focus;
    if ((a->kahrizes > 0) != (b->kahrizes > 0))
        return (b->kahrizes > 0) - (a->kahrizes > 0);
    return a->area > b->area ? -1 : a->area < b->area;
}

/* Point inside the visible part of g, and that part's area. */
static int label_point(kz_page *pg, const GEOSGeometry *g, double *x,
                       double *y, double *area)
{
    GEOSGeometry *p = GEOSPointOnSurface_r(pg->h, g);
    int ok = 0;
    if (p && !GEOSisEmpty_r(pg->h, p)) {
        GEOSGeomGetX_r(pg->h, p, x);
        GEOSGeomGetY_r(pg->h, p, y);
        GEOSArea_r(pg->h, g, area);
        *x = kz__vx(&pg->v, *x);
        *y = kz__vy(&pg->v, *y);
        ok = 1;
    }
    if (p)
        GEOSGeom_destroy_r(pg->h, p);
    return ok;
}

/* A city: its dot, then its name right, left, above or below it. */
static int label_city(kz_page *pg, const area_label *a, PangoLayout *l,
                      const kz_rgb *color)
{
    cairo_t *cr = pg->cr;
    double w, h, r = 1.6, gap = r + 1.0 + pg->st->halo, cand[4][2];
    int placed, rc;

    kz__text_size(l, &w, &h);
    cand[0][0] = a->x + gap;     cand[0][1] = a->y - h / 2;
    cand[1][0] = a->x - gap - w; cand[1][1] = a->y - h / 2;
    cand[2][0] = a->x - w / 2;   cand[2][1] = a->y - gap - h;
    cand[3][0] = a->x - w / 2;   cand[3][1] = a->y + gap;
    if ((rc = kz__label_place(pg, l, cand, 4, color, 1, &placed)) < 0 ||
        !placed)
        return rc;
    cairo_new_path(cr);
    cairo_arc(cr, a->x, a->y, r, 0, 2 * 3.14159265358979);
    kz__set_rgb(cr, &pg->st->paper);
    cairo_fill_preserve(cr);
    kz__set_rgb(cr, color);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    /* kahriz labels keep off the dot */
    if ((rc = kz_collide_insert(pg->ctx, pg->grid, a->x - r, a->y - r,
                                a->x + r, a->y + r)) < 0)
        return rc;
    return kz__boxlog_add(pg->log, 0, a->x - r, a->y - r, a->x + r,
                          a->y + r);
}

static int label_areas(kz_page *pg, area_label *al, size_t n, double size,
                       int italic, int upper, int over_symbols,
                       const kz_rgb *color, const kz_rgb *focus_color)
{
    const kz_style *st = pg->st;
    char text[512], ua[256], ue[256];
    size_t i;
    int rc = KZ_OK;

    qsort(al, n, sizeof(*al), area_cmp);
    for (i = 0; i < n; i++) {
        PangoLayout *l;
        long second;
        double w, h, cand[15][2];
        int placed, k;
        const char *az = al[i].az, *en = al[i].en;

        if (kz__interrupted(pg->ctx))
            return kz__error(pg->ctx, KZ_EINTERRUPTED, NULL, 0, NULL,
                             "interrupted");
        if (upper) {
            kz_upper_az(ua, sizeof(ua), az);
            kz__upper_en(ue, sizeof(ue), en);
            az = ua;
            en = ue;
        }
        kz__text_bilingual(text, sizeof(text), &second, st, az, en,
                           st->two_lines);
        if (!text[0])
            continue;
        l = kz__text_layout(&pg->txt, text,
                            al[i].focus ? size * 1.15 : size, al[i].focus,
                            italic, second, !al[i].city);
        if (al[i].city) {
            rc = label_city(pg, &al[i], l, color);
            g_object_unref(l);
            if (rc < 0)
                break;
            continue;
        }
        kz__text_size(l, &w, &h);
        /* centred on the point, then nudged up and down, then sideways */
        for (k = 0; k < 15; k++) {
            static const double dy[5] = {0, -0.6, 0.6, -1.2, 1.2};
            static const double dx[3] = {0, -0.5, 0.5};
            cand[k][0] = al[i].x - w / 2 + dx[k / 5] * w;
            cand[k][1] = al[i].y - h / 2 + dy[k % 5] * h;
        }
        rc = kz__label_place(pg, l, cand, 15,
                             al[i].focus ? focus_color : color, over_symbols,
                             &placed);
        g_object_unref(l);
        if (rc < 0)
            break;
    }
    return rc;
}

int kz__label_districts(kz_page *pg, GEOSGeometry *const *dg,
                        const unsigned *kahrizes)
{
    const kz_style *st = pg->st;
    size_t nd = kz_survey_district_count(pg->sv), i, n = 0;
    area_label *al;
    int rc;

    if (!nd)
        return KZ_OK;
    if (!(al = kz__calloc(pg->ctx, nd, sizeof(*al))))
        return KZ_ENOMEM;
    for (i = 0; i < nd; i++) {
        const kz_district *d = kz_survey_district(pg->sv, i);
        int focus = pg->focus && pg->focus[i],
            city = d->type && strcmp(d->type, "city") == 0;
        if (city && !focus && pg->o->kind == KZ_MAP_NATIONAL)
            continue;
        if (!dg[i] || !label_point(pg, dg[i], &al[n].x, &al[n].y,
                                   &al[n].area))
            continue;
        al[n].az = d->name_az;
        al[n].en = d->name_en;
        al[n].focus = focus;
        al[n].city = city && !focus;
        al[n].kahrizes = kahrizes ? kahrizes[i] : 0;
        n++;
    }
    rc = label_areas(pg, al, n, st->font_district, 0, 0, 1,
                     &st->neighbour_text, &st->text);
    kz__free(pg->ctx, al);
    return rc;
}

int kz__label_context(kz_page *pg, GEOSGeometry *const *ng,
                      GEOSGeometry *const *sg)
{
    const kz_style *st = pg->st;
    const kz_basemap *bm = pg->bm;
    size_t nn = bm ? bm->n_neighbours : 0, ns = bm ? bm->n_sea : 0, i, n;
    area_label *al;
    int rc;

    if (!nn && !ns)
        return KZ_OK;
    if (!(al = kz__calloc(pg->ctx, nn + ns, sizeof(*al))))
        return KZ_ENOMEM;
    for (i = 0, n = 0; i < nn; i++) {
        if (!ng[i] || !label_point(pg, ng[i], &al[n].x, &al[n].y,
                                   &al[n].area))
            continue;
        al[n].az = bm->neighbours[i].name_az;
        al[n].en = bm->neighbours[i].name_en;
        n++;
    }
    rc = label_areas(pg, al, n, st->font_district, 0, 1, 0,
                     &st->neighbour_text, &st->neighbour_text);
    for (i = 0, n = 0; rc == KZ_OK && i < ns; i++) {
        if (!sg[i] || !label_point(pg, sg[i], &al[n].x, &al[n].y,
                                   &al[n].area))
            continue;
        al[n].az = bm->sea[i].name_az;
        al[n].en = bm->sea[i].name_en;
        n++;
    }
    if (rc == KZ_OK)
        rc = label_areas(pg, al, n, st->font_district, 1, 0, 0,
                         &st->sea_text, &st->sea_text);
    kz__free(pg->ctx, al);
    return rc;
}
