/*
 * area.c - names of areas: districts, then neighbouring countries
 * and the sea.  District names come before kahriz labels and may sit over
 * outlet symbols (their halo keeps both legible), never over another
 * label or the furniture; districts with kahrizes on the page come first.
 * Cities (with district status) are the city marker, a ring round a dot
 * as the reference layers' cities, and a name beside it; each marker in
 * the frame and clear of the furniture is drawn (kz__label_seats, before
 * the legend is measured, so that the legend lists it).  A city in a
 * rayon of its name is left off (the rayon's name stands for both), as is
 * a district whose name a place of that name in it gives
 * (pg->named_by_place) or that is named as the map's own district.  Every
 * district of the map's own region (on the national map, every district)
 * is named: when its name finds no room in it, by a leader line or a
 * numbered list (leaders.c).
 */
#include "label/label.h"
#include "basemap/basemap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CROWD 80.0 /* points: small areas this close form one crowd */
#define LEADER_AREA_MAX 20.0
#define ANCHOR_ROOM 15.0 /* points round the anchor of an area to name */ /* points: an area name's leader at most */

typedef struct area_label {
    const char *az, *en;
    double x, y, area;
    int focus, city;
    int dot;    /* a city whose marker is drawn (pg->seat) */
    int must;   /* the map must name it */
    int placed; /* named: inside, on a leader or by a number */
    long number; /* its number in the list, 0 when none */
    size_t slot; /* the number's entry in pg->placed */
    double box[4]; /* the visible part's extent, page points */
    unsigned kahrizes;
    const GEOSGeometry *g; /* the area (map CRS), or NULL */
    int alt;       /* a second anchor, tried when the first finds no room */
    double ax, ay; /* (a country: the middle of its widest open land) */
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

int kz__area_anchor(kz_page *pg, const GEOSGeometry *g, double *x,
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

/* The city marker's radius (the reference layers' city, class 0). */
static double city_r(const kz_page *pg)
{
    return pg->st->place_radius[0];
}

/* A city's marker, kept clear of every label. */
static int city_dot(kz_page *pg, double x, double y)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    double r = city_r(pg);
    int rc;

    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * 3.14159265358979);
    kz__set_rgb(cr, &st->halo_color);
    cairo_fill_preserve(cr);
    kz__set_rgb(cr, &st->place);
    cairo_set_line_width(cr, r * 0.35);
    cairo_stroke(cr);
    cairo_arc(cr, x, y, r * 0.4, 0, 2 * 3.14159265358979);
    cairo_fill(cr);
    if ((rc = kz_collide_insert(pg->ctx, pg->grid, x - r, y - r, x + r,
                                y + r)) < 0)
        return rc;
    return kz__boxlog_add(pg->log, 0, x - r, y - r, x + r, y + r);
}

/* Whether city district i lies in a rayon of its name (Şəki in Şəki),
 * whose name stands for both. */
static int in_namesake(const kz_survey *sv, size_t i)
{
    const kz_district *c = kz_survey_district(sv, i);
    double x = (c->minx + c->maxx) / 2, y = (c->miny + c->maxy) / 2;
    size_t n = kz_survey_district_count(sv), j;

    for (j = 0; j < n; j++) {
        const kz_district *d = kz_survey_district(sv, j);
        if (j != i && x >= d->minx && x <= d->maxx && y >= d->miny &&
            y <= d->maxy && !(d->type && strcmp(d->type, "city") == 0) &&
            strcmp(d->name_az, c->name_az) == 0)
            return 1;
    }
    return 0;
}

/* Whether district i shares its name with one of the map's own. */
static int namesake_focus(const kz_page *pg, size_t i)
{
    const char *name = kz_survey_district(pg->sv, i)->name_az;
    size_t n = kz_survey_district_count(pg->sv), j;

    for (j = 0; pg->focus && j < n; j++)
        if (j != i && pg->focus[j] &&
            strcmp(kz_survey_district(pg->sv, j)->name_az, name) == 0)
            return 1;
    return 0;
}

int kz__label_seats(kz_page *pg, GEOSGeometry *const *dg)
{
    size_t nd = kz_survey_district_count(pg->sv), i;
    double r = city_r(pg) + 0.6;

    pg->has_seat = 0;
    if (!nd)
        return KZ_OK;
    if (!pg->seat && !(pg->seat = kz__calloc(pg->ctx, nd, 1)))
        return KZ_ENOMEM;
    for (i = 0; i < nd; i++) {
        const kz_district *d = kz_survey_district(pg->sv, i);
        double x, y, area;
        int f, clear = 1;
        pg->seat[i] = 0;
        if (!d->type || strcmp(d->type, "city") != 0 ||
            (pg->focus && pg->focus[i]) || !dg[i] ||
            in_namesake(pg->sv, i) || namesake_focus(pg, i) ||
            !kz__area_anchor(pg, dg[i], &x, &y, &area))
            continue;
        if (x - r < pg->v.x0 || y - r < pg->v.y0 ||
            x + r > pg->v.x0 + pg->v.w || y + r > pg->v.y0 + pg->v.h)
            continue;
        for (f = 0; f < 3 && clear; f++) {
            const double *b = pg->fbox[f];
            if (pg->fcorner[f] >= 0 && x + r > b[0] && x - r < b[0] + b[2] &&
                y + r > b[1] && y - r < b[1] + b[3])
                clear = 0;
        }
        if (clear)
            pg->seat[i] = 1;
        pg->has_seat |= clear;
    }
    return KZ_OK;
}

/* A city: its dot, then its name right, left, above or below it. */
static int label_city(kz_page *pg, area_label *a, PangoLayout *l,
                      const kz_rgb *color)
{
    double w, h, gap = city_r(pg) + 1.0 + pg->st->halo, cand[4][2];

    if (!a->dot)
        return KZ_OK;
    kz__text_size(l, &w, &h);
    cand[0][0] = a->x + gap;     cand[0][1] = a->y - h / 2;
    cand[1][0] = a->x - gap - w; cand[1][1] = a->y - h / 2;
    cand[2][0] = a->x - w / 2;   cand[2][1] = a->y - gap - h;
    cand[3][0] = a->x - w / 2;   cand[3][1] = a->y + gap;
    return kz__label_place(pg, l, cand, 4, color, 1, &a->placed);
}

/* Candidates beyond the first 15 round an area's anchor: further up and
 * down, then to the sides, in widths and heights of the name. */
static const double far[][2] = {
    {0, -1.8},  {0, 1.8},   {0, -2.4},  {0, 2.4},  {-1, 0},   {1, 0},
    {-1, -1.2}, {1, -1.2},  {-1, 1.2},  {1, 1.2},  {-0.5, -1.8},
    {0.5, -1.8}, {-0.5, 1.8}, {0.5, 1.8}, {-1, -2.4}, {1, -2.4},
    {-1, 2.4},  {1, 2.4},   {-1.5, 0},  {1.5, 0}};
#define NCAND (15 + (int)(sizeof(far) / sizeof(*far)))

/* How many of the outlet symbols drawn the box (x, y, w, h) touches. */
static size_t covered(const kz_page *pg, double x, double y, double w,
                      double h)
{
    size_t i, n = 0;
    for (i = 0; i < pg->n_sym; i++) {
        const double *s = pg->sym + 3 * i;
        double dx = fmax(fmax(x - s[0], s[0] - (x + w)), 0);
        double dy = fmax(fmax(y - s[1], s[1] - (y + h)), 0);
        n += dx * dx + dy * dy < s[2] * s[2];
    }
    return n;
}

/* An area's name over the fewest symbols: of the first n candidates, the
 * free one that covers the fewest outlet symbols (the first of those)
 * goes first in cand, those beyond the first 15 only with their centre
 * in the area.  Returns how many of cand to try: 1, or n_all when none
 * of the n is free. */
static size_t fewest_covered(kz_page *pg, const area_label *al,
                             size_t n_al, size_t self, double (*cand)[2],
                             size_t n, size_t n_all, double w, double h,
                             size_t *most)
{
    const kz_view *v = &pg->v;
    const area_label *a = &al[self];
    double in = pg->st->halo + 0.5;
    size_t k, j, best = n, least = (size_t)-1;

    *most = 0;
    for (k = 0; k < n && least; k++) {
        double x = cand[k][0], y = cand[k][1];
        size_t c;
        if (x < v->x0 + in || y < v->y0 + in || x + w > v->x0 + v->w - in ||
            y + h > v->y0 + v->h - in ||
            kz_collide_test(pg->lgrid, x, y, x + w, y + h))
            continue;
        if (k >= 15) {
            GEOSGeometry *p;
            char inside;
            if (!a->g)
                continue;
            p = GEOSGeom_createPointFromXY_r(
                pg->h, (x + w / 2 - v->x0 - v->w / 2) / v->s + v->cx,
                v->cy - (y + h / 2 - v->y0 - v->h / 2) / v->s);
            inside = p ? GEOSContains_r(pg->h, a->g, p) : 0;
            if (p)
                GEOSGeom_destroy_r(pg->h, p);
            if (inside != 1)
                continue;
        }
        c = covered(pg, x, y, w, h);
        if (c >= least)
            continue;
        /* a place better than the first free one keeps off the anchors
         * of the areas still to name, whose room it could take */
        if (best < n) {
            for (j = 0; j < n_al; j++)
                if (j != self && !al[j].placed &&
                    al[j].x > x - ANCHOR_ROOM && al[j].x < x + w + ANCHOR_ROOM &&
                    al[j].y > y - ANCHOR_ROOM / 2 &&
                    al[j].y < y + h + ANCHOR_ROOM / 2)
                    break;
            if (j < n_al)
                continue;
        }
        least = c;
        best = k;
    }
    if (best == n)
        return n_all;
    *most = least;
    cand[0][0] = cand[best][0];
    cand[0][1] = cand[best][1];
    return 1;
}

/* A country's or the sea's name l (w x h) about its anchor, then its
 * second anchor; with edge, the same places slid into the map area, over
 * symbols if need be. */
static int place_context(kz_page *pg, area_label *a, PangoLayout *l,
                         double w, double h, int edge, const kz_rgb *color)
{
    const kz_view *v = &pg->v;
    double cand[15][2];
    int k, pass, rc = KZ_OK;

    for (pass = 0; pass < (edge ? 4 : 1) && rc == KZ_OK && !a->placed;
         pass++) {
        double x = pass % 2 ? a->ax : a->x, y = pass % 2 ? a->ay : a->y;
        if (pass % 2 && !a->alt)
            continue;
        for (k = 0; k < 15; k++) {
            static const double dy[5] = {0, -0.6, 0.6, -1.2, 1.2};
            static const double dx[3] = {0, -0.5, 0.5};
            cand[k][0] = x - w / 2 + dx[k / 5] * w;
            cand[k][1] = y - h / 2 + dy[k % 5] * h;
            if (pass >= 2) {
                cand[k][0] = fmin(fmax(cand[k][0], v->x0 + 1),
                                  v->x0 + v->w - w - 1);
                cand[k][1] = fmin(fmax(cand[k][1], v->y0 + 1),
                                  v->y0 + v->h - h - 1);
            }
        }
        rc = kz__label_place(pg, l, cand, 15, color, pass >= 2,
                             &a->placed);
    }
    return rc;
}

/* District i's name l (w x h) where it covers the fewest kahriz symbols
 * (on the national map only up or down off its anchor: every district
 * is named there, and a name moved further takes another's room); on a
 * region or district map, when it would still cover some, beside them on
 * a leader where one finds room clear of every symbol. */
static int place_district(kz_page *pg, area_label *al, size_t n, size_t i,
                          PangoLayout *l, double w, double h,
                          const kz_rgb *color)
{
    double cand[NCAND][2];
    size_t nc, least = 0;
    int k, rc;

    for (k = 0; k < NCAND; k++) {
        static const double dy[5] = {0, -0.6, 0.6, -1.2, 1.2};
        static const double dx[3] = {0, -0.5, 0.5};
        double fx = k < 15 ? dx[k / 5] : far[k - 15][0];
        double fy = k < 15 ? dy[k % 5] : far[k - 15][1];
        cand[k][0] = al[i].x - w / 2 + fx * w;
        cand[k][1] = al[i].y - h / 2 + fy * h;
    }
    if (pg->o->kind == KZ_MAP_NATIONAL)
        nc = fewest_covered(pg, al, n, i, cand, 3, 15, w, h, &least);
    else
        nc = fewest_covered(pg, al, n, i, cand, NCAND, NCAND, w, h, &least);
    if (least && pg->o->kind != KZ_MAP_NATIONAL &&
        ((rc = kz__leader_clear(pg, l, al[i].x, al[i].y, LEADER_AREA_MAX,
                                color, &al[i].placed)) < 0 ||
         al[i].placed))
        return rc;
    return kz__label_place(pg, l, cand, nc, color, 1, &al[i].placed);
}

/* Name the areas al in order; upper: in capitals (countries).  A
 * district's name (over_symbols) may sit over kahriz symbols, its halo
 * keeping both legible, where it covers the fewest; a country's (edge)
 * tries its second anchor, then the places slid into the map area: a
 * country showing at the frame's edge among its neighbours' kahrizes. */
static int label_areas(kz_page *pg, area_label *al, size_t n, double size,
                       int italic, int upper, int over_symbols, int edge,
                       const kz_rgb *color, const kz_rgb *focus_color)
{
    const kz_style *st = pg->st;
    char text[512], ua[256], ue[256];
    size_t i;
    int rc = KZ_OK;

    for (i = 0; i < n && rc == KZ_OK; i++) {
        PangoLayout *l;
        long second;
        double w, h;
        const char *az = al[i].az, *en = al[i].en;

        if (kz__interrupted(pg->ctx))
            return kz__error(pg->ctx, KZ_EINTERRUPTED, NULL, 0, NULL,
                             "interrupted");
        if (al[i].placed)
            continue; /* named before, on a leader */
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
        kz__text_size(l, &w, &h);
        if (al[i].city)
            rc = label_city(pg, &al[i], l, color);
        else if (over_symbols)
            rc = place_district(pg, al, n, i, l, w, h,
                                al[i].focus ? focus_color : color);
        else
            rc = place_context(pg, &al[i], l, w, h, edge,
                               al[i].focus ? focus_color : color);
        g_object_unref(l);
    }
    return rc;
}

/* The district name of a, as label_areas lays it out. */
static PangoLayout *district_layout(kz_page *pg, const area_label *a,
                                    double size)
{
    char text[512];
    long second;
    kz__text_bilingual(text, sizeof(text), &second, pg->st, a->az, a->en,
                       pg->st->two_lines);
    return kz__text_layout(&pg->txt, text, a->focus ? size * 1.15 : size,
                           a->focus, 0, second, !a->city);
}

/* Mark (small[i] = 1) the districts that must be named and whose name is
 * larger than their extent; their boxes go to avoid (*na of them). */
static void mark_small(kz_page *pg, const area_label *al, size_t n,
                       double size, unsigned char *small, double *avoid,
                       size_t *na)
{
    double w, h;
    size_t i;

    for (i = 0; i < n; i++) {
        PangoLayout *l;
        if (!al[i].must || al[i].city)
            continue;
        l = district_layout(pg, &al[i], size);
        kz__text_size(l, &w, &h);
        g_object_unref(l);
        if (w <= al[i].box[2] - al[i].box[0] &&
            h <= al[i].box[3] - al[i].box[1])
            continue;
        small[i] = 1;
        memcpy(avoid + 4 * (*na)++, al[i].box, 4 * sizeof(double));
    }
}

/* The small district still to name (small == 1) with the most small
 * districts within CROWD of it (*most), the first of those; n when none
 * is left. */
static size_t most_crowded(const area_label *al, size_t n,
                           const unsigned char *small, size_t *most)
{
    size_t best = n, i, j;

    *most = 0;
    for (i = 0; i < n; i++) {
        size_t near = 0;
        if (small[i] != 1)
            continue;
        for (j = 0; j < n; j++)
            near += small[j] &&
                    hypot(al[j].x - al[i].x, al[j].y - al[i].y) < CROWD;
        if (best == n || near > *most) {
            best = i;
            *most = near;
        }
    }
    return best;
}

/* The direction (page radians) from the centre of the most small
 * districts around district i to it; NAN when it is alone or central. */
static double away_from_crowd(const area_label *al, size_t n,
                              const unsigned char *small, size_t i,
                              size_t most)
{
    double cx = 0, cy = 0;
    size_t j;

    if (most <= 1)
        return NAN;
    for (j = 0; j < n; j++)
        if (small[j] && hypot(al[j].x - al[i].x, al[j].y - al[i].y) < CROWD) {
            cx += al[j].x / (double)most;
            cy += al[j].y / (double)most;
        }
    if (hypot(al[i].x - cx, al[i].y - cy) > 0.5)
        return atan2(al[i].y - cy, al[i].x - cx);
    return NAN;
}

/* On a region or district map, the names of its own districts that
 * cannot sit inside them (the district's extent smaller than the name) go
 * out first on leader lines, none over such a district, before lesser
 * names take the room around them; a name that finds no room gets a
 * number in its district instead.  (On the national map every district is
 * small beside its name, and a name over its neighbours reads better than
 * a crowd of leaders: there they are only the way out for a name that
 * found no room at all.) */
static int label_small(kz_page *pg, area_label *al, size_t n, double size,
                       const kz_rgb *color, const kz_rgb *focus_color,
                       long *numbers)
{
    double *avoid = NULL;
    unsigned char *small = NULL;
    size_t i, na = 0, most;
    int rc = KZ_OK;

    if (!n || pg->o->kind == KZ_MAP_NATIONAL)
        return KZ_OK;
    if (!(avoid = kz__mallocarray(pg->ctx, n * 4, sizeof(double))) ||
        !(small = kz__calloc(pg->ctx, n, 1))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    mark_small(pg, al, n, size, small, avoid, &na);
    /* the most crowded first, each name away from the crowd */
    while (rc >= 0 && (i = most_crowded(al, n, small, &most)) < n) {
        double dir = away_from_crowd(al, n, small, i, most);
        PangoLayout *l = district_layout(pg, &al[i], size);
        small[i] = 2;
        rc = kz__leader_place(pg, l, al[i].x, al[i].y, dir, avoid, na,
                              al[i].focus ? focus_color : color,
                              &al[i].placed);
        g_object_unref(l);
    }
    /* a number in each that found no room, before any other name or line
     * can take the room in it */
    for (i = 0; i < n && rc == KZ_OK; i++) {
        char num[16];
        if (!small[i] || al[i].placed)
            continue;
        kz__text_printf(num, sizeof(num), "%ld", *numbers + 1);
        rc = kz__number_place(pg, num, al[i].x, al[i].y, pg->st->font_legend,
                              focus_color, &al[i].placed);
        if (rc == KZ_OK && al[i].placed) {
            al[i].number = ++*numbers;
            al[i].slot = pg->n_placed - 1;
        }
    }
done:
    kz__free(pg->ctx, avoid);
    kz__free(pg->ctx, small);
    return rc;
}

/* The names the map must give that found no room in their areas: a
 * leader line each, else a number; then the list of the numbers. */
static int label_unplaced(kz_page *pg, area_label *al, size_t n,
                          double size, const kz_rgb *color,
                          const kz_rgb *focus_color, long *numbers)
{
    const kz_style *st = pg->st;
    char *list = NULL, name[512];
    size_t i, len = 0, cap;
    long second, k;
    int rc = KZ_OK, placed;

    for (i = 0; i < n && rc == KZ_OK; i++) {
        PangoLayout *l;
        if (!al[i].must || al[i].placed ||
            (al[i].city && !al[i].dot))
            continue;
        l = district_layout(pg, &al[i], size);
        rc = kz__leader_place(pg, l, al[i].x, al[i].y, NAN, NULL, 0,
                              al[i].focus ? focus_color : color,
                              &al[i].placed);
        g_object_unref(l);
        if (rc == KZ_OK && !al[i].placed) {
            char num[16];
            kz__text_printf(num, sizeof(num), "%ld", *numbers + 1);
            rc = kz__number_place(pg, num, al[i].x, al[i].y,
                                  pg->st->font_legend, focus_color,
                                  &al[i].placed);
            if (rc == KZ_OK && al[i].placed) {
                al[i].number = ++*numbers;
                al[i].slot = pg->n_placed - 1;
            }
        }
    }
    if (rc < 0 || !*numbers)
        return rc;
    /* the list, in the numbers' order */
    cap = (size_t)*numbers * sizeof(name);
    if (!(list = kz__malloc(pg->ctx, cap)))
        return KZ_ENOMEM;
    list[0] = '\0';
    for (k = 1; k <= *numbers; k++)
        for (i = 0; i < n; i++) {
            if (al[i].number != k)
                continue;
            kz__text_bilingual(name, sizeof(name), &second, st, al[i].az,
                               al[i].en, 0);
            kz__text_printf(list + len, cap - len, "%s%ld %s",
                            k > 1 ? "\n" : "", k, name);
            len += strlen(list + len);
        }
    rc = kz__keylist_place(pg, list, focus_color, &placed);
    if (rc == KZ_OK && !placed) {
        /* numbers without their list name nothing: taken back, the
         * latest first so that the earlier slots stay where they are */
        for (k = *numbers; k >= 1; k--)
            for (i = 0; i < n; i++)
                if (al[i].number == k) {
                    kz__label_forget(pg, al[i].slot);
                    al[i].placed = 0;
                    al[i].number = 0;
                }
        *numbers = 0;
    }
    kz__free(pg->ctx, list);
    return rc;
}

int kz__label_districts(kz_page *pg, GEOSGeometry *const *dg,
                        const unsigned *kahrizes)
{
    const kz_style *st = pg->st;
    size_t nd = kz_survey_district_count(pg->sv), i, n = 0;
    area_label *al;
    long numbers = 0;
    int rc;

    if (!nd)
        return KZ_OK;
    if (!(al = kz__calloc(pg->ctx, nd, sizeof(*al))))
        return KZ_ENOMEM;
    for (i = 0; i < nd; i++) {
        const kz_district *d = kz_survey_district(pg->sv, i);
        int focus = pg->focus && pg->focus[i],
            city = d->type && strcmp(d->type, "city") == 0;
        /* named by the label of a place of its name in it (Yevlax the
         * town names Yevlax the district): no marker of its own either */
        if (pg->named_by_place && pg->named_by_place[i]) {
            if (pg->seat)
                pg->seat[i] = 0;
            continue;
        }
        /* a city in a rayon of its name (Şəki in Şəki) is named by the
         * rayon's label, and a district of the map's own one's name by
         * its */
        if (!focus && ((city && in_namesake(pg->sv, i)) ||
                       namesake_focus(pg, i)))
            continue;
        if (!dg[i] || !kz__area_anchor(pg, dg[i], &al[n].x, &al[n].y,
                                   &al[n].area))
            continue;
        al[n].az = d->name_az;
        al[n].en = d->name_en;
        al[n].g = dg[i];
        al[n].focus = focus;
        al[n].city = city && !focus;
        al[n].dot = al[n].city && pg->seat && pg->seat[i];
        if (al[n].dot && (rc = city_dot(pg, al[n].x, al[n].y)) < 0)
            goto done;
        al[n].kahrizes = kahrizes ? kahrizes[i] : 0;
        /* the national map is the atlas's index: it names every
         * district */
        al[n].must = pg->o->kind == KZ_MAP_NATIONAL ? 1 : focus;
        {
            double x0, y0, x1, y1;
            GEOSGeom_getXMin_r(pg->h, dg[i], &x0);
            GEOSGeom_getYMin_r(pg->h, dg[i], &y0);
            GEOSGeom_getXMax_r(pg->h, dg[i], &x1);
            GEOSGeom_getYMax_r(pg->h, dg[i], &y1);
            al[n].box[0] = kz__vx(&pg->v, x0);
            al[n].box[1] = kz__vy(&pg->v, y1);
            al[n].box[2] = kz__vx(&pg->v, x1);
            al[n].box[3] = kz__vy(&pg->v, y0);
        }
        n++;
    }
    qsort(al, n, sizeof(*al), area_cmp);
    if ((rc = label_small(pg, al, n, st->font_district, &st->neighbour_text,
                          &st->text, &numbers)) == KZ_OK &&
        (rc = label_areas(pg, al, n, st->font_district, 0, 0, 1, 0,
                          &st->neighbour_text, &st->text)) == KZ_OK)
        rc = label_unplaced(pg, al, n, st->font_district,
                            &st->neighbour_text, &st->text, &numbers);
done:
    /* the legend lists the city marker when one is still drawn */
    for (i = 0, pg->has_seat = 0; pg->seat && i < nd; i++)
        pg->has_seat |= pg->seat[i];
    kz__free(pg->ctx, al);
    return rc;
}

/* The map CRS box of page box (x, y, w, h), as a polygon. */
static GEOSGeometry *page_box(kz_page *pg, double x, double y, double w,
                              double h)
{
    const kz_view *v = &pg->v;
    double x0 = v->cx + (x - v->x0 - v->w / 2) / v->s,
           x1 = v->cx + (x + w - v->x0 - v->w / 2) / v->s,
           y0 = v->cy - (y + h - v->y0 - v->h / 2) / v->s,
           y1 = v->cy - (y - v->y0 - v->h / 2) / v->s;
    return GEOSGeom_createRectangle_r(pg->h, x0, y0, x1, y1);
}

/* A second place for a neighbouring country's name: the centre of the
 * largest circle inside its land in the map area and clear of the
 * furniture boxes, where a country showing in pieces, or partly under
 * the legend, has most room.  0 when none of its land shows. */
static int country_anchor(kz_page *pg, const GEOSGeometry *g, double *x,
                          double *y)
{
    GEOSGeometry *shown = NULL, *box, *rest, *mic = NULL;
    int f, ok = 0;

    if ((box = page_box(pg, pg->v.x0, pg->v.y0, pg->v.w, pg->v.h))) {
        shown = GEOSIntersection_r(pg->h, g, box);
        GEOSGeom_destroy_r(pg->h, box);
    }
    for (f = 0; shown && f < 3; f++) {
        const double *b = pg->fbox[f];
        if (pg->fcorner[f] < 0 ||
            !(box = page_box(pg, b[0], b[1], b[2], b[3])))
            continue;
        rest = GEOSDifference_r(pg->h, shown, box);
        GEOSGeom_destroy_r(pg->h, box);
        GEOSGeom_destroy_r(pg->h, shown);
        shown = rest;
    }
    if (shown && !GEOSisEmpty_r(pg->h, shown) &&
        (mic = GEOSMaximumInscribedCircle_r(pg->h, shown, 1 / pg->v.s)) &&
        GEOSGeomTypeId_r(pg->h, mic) == GEOS_LINESTRING) {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(pg->h, mic);
        double cx, cy;
        if (cs && GEOSCoordSeq_getXY_r(pg->h, cs, 0, &cx, &cy)) {
            *x = kz__vx(&pg->v, cx);
            *y = kz__vy(&pg->v, cy);
            ok = 1;
        }
    }
    if (mic)
        GEOSGeom_destroy_r(pg->h, mic);
    if (shown)
        GEOSGeom_destroy_r(pg->h, shown);
    return ok;
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
        if (!ng[i] || !kz__area_anchor(pg, ng[i], &al[n].x, &al[n].y,
                                   &al[n].area))
            continue;
        al[n].alt = country_anchor(pg, ng[i], &al[n].ax, &al[n].ay);
        al[n].az = bm->neighbours[i].name_az;
        al[n].en = bm->neighbours[i].name_en;
        n++;
    }
    qsort(al, n, sizeof(*al), area_cmp);
    rc = label_areas(pg, al, n, st->font_district, 0, 1, 0, 1,
                     &st->neighbour_text, &st->neighbour_text);
    /* the same entries for the seas, cleared of the countries' marks */
    memset(al, 0, (nn + ns) * sizeof(*al));
    for (i = 0, n = 0; rc == KZ_OK && i < ns; i++) {
        GEOSGeometry *mic;
        if (!sg[i] || !kz__area_anchor(pg, sg[i], &al[n].x, &al[n].y,
                                   &al[n].area))
            continue;
        /* a sea is named in its open water: the centre of the largest
         * circle inside the part on the map (to a point on paper) */
        mic = GEOSMaximumInscribedCircle_r(pg->h, sg[i], 1 / pg->v.s);
        if (mic && GEOSGeomTypeId_r(pg->h, mic) == GEOS_LINESTRING) {
            const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(pg->h, mic);
            double cx, cy;
            if (cs && GEOSCoordSeq_getXY_r(pg->h, cs, 0, &cx, &cy)) {
                al[n].x = kz__vx(&pg->v, cx);
                al[n].y = kz__vy(&pg->v, cy);
            }
        }
        if (mic)
            GEOSGeom_destroy_r(pg->h, mic);
        al[n].az = bm->sea[i].name_az;
        al[n].en = bm->sea[i].name_en;
        n++;
    }
    qsort(al, n, sizeof(*al), area_cmp);
    if (rc == KZ_OK)
        rc = label_areas(pg, al, n, st->font_district * 1.25, 1, 0, 0, 0,
                         &st->sea_text, &st->sea_text);
    kz__free(pg->ctx, al);
    return rc;
}
