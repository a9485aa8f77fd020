/*
 * galleries.c - the survey's underground lines: each kahriz's gallery
 * from mother well through its surveyed shafts to the outlet (schematic,
 * thinner and dashed, when no shaft was surveyed), shafts as small
 * circles where the scale allows, mother wells as downward triangles.
 */
#include "layers/layers.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

static int gallery_collect(kz_page *pg, const kz_outlet *ol, size_t n,
                           gallery_pts *gp)
{
    size_t i, j;
    int rc;

    for (i = 0; i < n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(pg->sv, ol[i].k);
        int head = isfinite(k->head_lon) && isfinite(k->head_lat);
        size_t need = gp->n + k->n_shafts + 2, first = gp->n;
        if ((i & 255) == 0 && (rc = kz__stopped(pg)) < 0)
            return rc;
        /* a neighbour's muted kahriz is its outlet alone */
        if ((!head && k->n_shafts == 0) || ol[i].muted)
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
                            const unsigned char *keep, const kz_cover *cv,
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
        if ((g & 255) == 0 && (rc = kz__stopped(pg)) < 0)
            return rc;
        if ((gp->head[g] == 2) != schematic)
            continue;
        for (j = gp->start[g] + 1; j < gp->start[g + 1]; j++) {
            if (!keep[j])
                continue;
            if (!kz__cover_line_hidden(cv, gp->x[prev], gp->y[prev], gp->x[j],
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

/* Shafts as small circles, none closer to the last than the style's gap,
 * none where another gallery's is, none under an outlet.  KZ_ENOMEM. */
static int draw_shafts(kz_page *pg, const gallery_pts *gp,
                       const kz_cover *cv)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    kz_seen_set seen = {NULL, 0};
    double cell = st->shaft_min_gap > 0 ? st->shaft_min_gap : 1;
    size_t g, j;
    int rc;

    if ((rc = kz__seen_init(pg->ctx, &seen, gp->n)) < 0)
        return rc;
    cairo_new_path(cr);
    for (g = 0; g < gp->ng; g++) {
        double lastx = HUGE_VAL, lasty = HUGE_VAL;
        for (j = gp->start[g] + (gp->head[g] ? 1 : 0);
             j + 1 < gp->start[g + 1]; j++) {
            /* shafts closer than the gap would print as one blot */
            if (hypot(gp->x[j] - lastx, gp->y[j] - lasty) < st->shaft_min_gap)
                continue;
            lastx = gp->x[j];
            lasty = gp->y[j];
            if (kz__seen_add(&seen,
                             kz__grid_key(gp->x[j], gp->y[j], cell, 1)))
                continue; /* another gallery's shaft is there */
            if (kz__cover_hidden(cv, gp->x[j], gp->y[j],
                                 st->shaft_radius + st->lw_shaft))
                continue; /* under an outlet */
            cairo_new_sub_path(cr);
            cairo_arc(cr, gp->x[j], gp->y[j], st->shaft_radius, 0, 2 * M_PI);
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
    kz__free(pg->ctx, seen.keys);
    return KZ_OK;
}

/* Mother wells (kz__symbol_mother_well): one per cell of a quarter of
 * the shaft's radius, and none under an outlet, as outlets are (every
 * one with keep_hidden).  KZ_ENOMEM. */
static int draw_mother_wells(kz_page *pg, const gallery_pts *gp,
                             const kz_cover *cv)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    kz_seen_set seen = {NULL, 0};
    double cell = st->shaft_radius > 0 ? 0.4 * st->shaft_radius : 0.1;
    size_t g;
    int rc;

    if ((rc = kz__seen_init(pg->ctx, &seen, gp->ng)) < 0)
        return rc;
    for (g = 0; g < gp->ng; g++)
        if (gp->head[g]) {
            size_t h = gp->start[g];
            if (!pg->o->keep_hidden &&
                (kz__seen_add(&seen,
                              kz__grid_key(gp->x[h], gp->y[h], cell, 1)) ||
                 kz__cover_hidden(cv, gp->x[h], gp->y[h],
                                  st->shaft_radius * KZ_MOTHER_WELL_R)))
                continue;
            kz__symbol_mother_well(cr, st, gp->x[h], gp->y[h], 1);
            pg->has_mother = 1;
        }
    kz__free(pg->ctx, seen.keys);
    return KZ_OK;
}

int kz__galleries_draw(kz_page *pg, const kz_outlet *ol, size_t n,
                       const kz_cover *cv)
{
    gallery_pts gp;
    unsigned char *keep = NULL;
    size_t *stack = NULL, cap_stack = 0, g;
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
                                    gp.start[g + 1] - 1, KZ_TOL_PT, keep,
                                    &stack, &cap_stack)) < 0)
            goto done;
    if ((rc = stroke_galleries(pg, &gp, keep, cv, 0)) < 0 ||
        (rc = stroke_galleries(pg, &gp, keep, cv, 1)) < 0)
        goto done;
    if (pg->v.scale <= pg->st->shafts_max_scale &&
        (rc = draw_shafts(pg, &gp, cv)) < 0)
        goto done;
    rc = draw_mother_wells(pg, &gp, cv);
done:
    kz__free(pg->ctx, gp.x);
    kz__free(pg->ctx, gp.y);
    kz__free(pg->ctx, gp.start);
    kz__free(pg->ctx, gp.head);
    kz__free(pg->ctx, keep);
    kz__free(pg->ctx, stack);
    return rc;
}
