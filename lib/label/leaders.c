/*
 * leaders.c - names of areas that cannot sit inside their area (too
 * small, or crowded by other names): the name placed nearby with a leader
 * line to a dot in the area, or, when no leader finds room, a number in
 * the area and a numbered list on the map.  A kahriz's name whose place
 * beside its symbol would read as another's goes a little way off on a
 * leader from the symbol's rim.  A leader never crosses a
 * label or the furniture, and the list keeps off them as labels do.
 */
#include "label/label.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LEADER_LW 0.4     /* points */
#define LEADER_DOT 0.9    /* radius of the dot in the area, points */
#define LEADER_GAP 1.0    /* between the line's end and the name */
#define LEADER_STEP 1.5   /* points between the samples of a line */

/* Whether the segment from the anchor (x0, y0) to (x1, y1) crosses
 * nothing of grid g past its first from points (the anchor's own: its
 * symbol, or where the name could not sit). */
static int segment_free(const kz_collide *g, double x0, double y0,
                        double x1, double y1, double from)
{
    double len = hypot(x1 - x0, y1 - y0), t;
    for (t = from; t <= len; t += LEADER_STEP) {
        double x = x0 + (x1 - x0) * t / len, y = y0 + (y1 - y0) * t / len;
        if (kz_collide_test(g, x - 0.3, y - 0.3, x + 0.3, y + 0.3))
            return 0;
    }
    return 1;
}

/* The point of the box (x, y, w, h) nearest to (ax, ay), LEADER_GAP
 * short of it. */
static void leader_end(double ax, double ay, double x, double y, double w,
                       double h, double *ex, double *ey)
{
    double qx = fmax(x, fmin(ax, x + w)), qy = fmax(y, fmin(ay, y + h));
    double d = hypot(qx - ax, qy - ay);
    *ex = d > LEADER_GAP ? qx - (qx - ax) * LEADER_GAP / d : qx;
    *ey = d > LEADER_GAP ? qy - (qy - ay) * LEADER_GAP / d : qy;
}

/* Draw the leader now (under every label, which are drawn last) and keep
 * later labels off it: from the rim of a symbol of radius rim round the
 * anchor, or, rim 0, from a dot on it. */
static int leader_draw(kz_page *pg, double ax, double ay, double rim,
                       double ex, double ey, const kz_rgb *color)
{
    cairo_t *cr = pg->cr;
    double len = hypot(ex - ax, ey - ay), t;
    double sx = len > rim ? ax + (ex - ax) * rim / len : ax;
    double sy = len > rim ? ay + (ey - ay) * rim / len : ay;
    int rc;

    cairo_save(cr);
    cairo_new_path(cr);
    cairo_move_to(cr, sx, sy);
    cairo_line_to(cr, ex, ey);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    /* a casing in the halo colour keeps the line legible over symbols */
    kz__set_rgb(cr, &pg->st->halo_color);
    cairo_set_line_width(cr, LEADER_LW + 1.0);
    cairo_stroke_preserve(cr);
    kz__set_rgb(cr, color);
    cairo_set_line_width(cr, LEADER_LW);
    cairo_stroke(cr);
    if (rim <= 0) {
        cairo_arc(cr, ax, ay, LEADER_DOT, 0, 2 * M_PI);
        cairo_fill(cr);
    }
    cairo_restore(cr);
    /* nothing later covers the dot */
    if (rim <= 0 &&
        ((rc = kz_collide_insert(pg->ctx, pg->grid, ax - LEADER_DOT,
                                 ay - LEADER_DOT, ax + LEADER_DOT,
                                 ay + LEADER_DOT)) < 0 ||
         (rc = kz_collide_insert(pg->ctx, pg->lgrid, ax - LEADER_DOT,
                                 ay - LEADER_DOT, ax + LEADER_DOT,
                                 ay + LEADER_DOT)) < 0))
        return rc;
    if ((rc = kz__boxlog_add(pg->log, 5, fmin(sx, ex), fmin(sy, ey),
                             fmax(sx, ex), fmax(sy, ey))) < 0)
        return rc;
    for (t = rim; t <= len; t += LEADER_STEP) {
        double x = ax + (ex - ax) * t / len, y = ay + (ey - ay) * t / len;
        if ((rc = kz_collide_insert(pg->ctx, pg->grid, x - 0.5, y - 0.5,
                                    x + 0.5, y + 0.5)) < 0 ||
            (rc = kz_collide_insert(pg->ctx, pg->lgrid, x - 0.5, y - 0.5,
                                    x + 0.5, y + 0.5)) < 0)
            return rc;
    }
    return KZ_OK;
}

/* Whether the box (x, y, w, h) touches one of the n boxes of avoid. */
static int touches(const double *avoid, size_t n, double x, double y,
                   double w, double h)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const double *b = avoid + 4 * i;
        if (x < b[2] && b[0] < x + w && y < b[3] && b[1] < y + h)
            return 1;
    }
    return 0;
}

/* Whether the segment from (x0, y0) to (x1, y1) passes through one of
 * the n boxes of avoid other than the one holding (x0, y0). */
static int segment_crosses(const double *avoid, size_t n, double x0,
                           double y0, double x1, double y1)
{
    double len = hypot(x1 - x0, y1 - y0), t;
    size_t i;
    for (i = 0; i < n; i++) {
        const double *b = avoid + 4 * i;
        if (x0 >= b[0] && x0 <= b[2] && y0 >= b[1] && y0 <= b[3])
            continue;
        for (t = 0; t <= len; t += LEADER_STEP / 2) {
            double x = x0 + (x1 - x0) * t / len, y = y0 + (y1 - y0) * t / len;
            if (x > b[0] && x < b[2] && y > b[1] && y < b[3])
                return 1;
        }
    }
    return 0;
}

typedef struct leader_cand {
    double x, y, score;
} leader_cand;

static int cand_cmp(const void *pa, const void *pb)
{
    const leader_cand *a = pa, *b = pb;
    return a->score < b->score ? -1 : a->score > b->score;
}

/* What a leader may do: the symbol's radius round the anchor (0: a dot
 * on it), the farthest the name goes, over symbols or not. */
typedef struct leader_opt {
    double rim, max_r;
    int passes; /* 1: clear of symbols; 2: then over them */
    kz_box_reject reject; /* a place the caller refuses, or NULL */
} leader_opt;

static int leader_try(kz_page *pg, PangoLayout *l, double ax, double ay,
                      double dir, const double *avoid, size_t n_avoid,
                      const leader_opt *opt, const kz_rgb *color,
                      int *placed)
{
    static const double radii[] = {2, 5, 9, 14, 20, 28, 38, 50, 65, 85};
    enum { NR = sizeof(radii) / sizeof(*radii), ND = 16 };
    const kz_view *v = &pg->v;
    leader_cand cand[NR * ND];
    double w, h, in = pg->st->halo + 0.5;
    size_t r, k, n = 0;
    int pass, rc;

    *placed = 0;
    kz__text_size(l, &w, &h);
    /* the name just clear of the anchor, r points away from it, in 16
     * directions; nearest first, the upper right first as for point
     * labels, or, given a direction (away from a crowd of small areas),
     * a turn of 45 degrees from it weighing as 20 points of distance */
    for (r = 0; r < NR && radii[r] <= opt->max_r; r++)
        for (k = 0; k < ND; k++) {
            double a = (45 - 22.5 * (double)k) * M_PI / 180;
            double c = cos(a), s = -sin(a);
            double d = opt->rim + radii[r] + fabs(c) * w / 2 +
                       fabs(s) * h / 2;
            double turn = 0;
            cand[n].x = ax + c * d - w / 2;
            cand[n].y = ay + s * d - h / 2;
            if (isfinite(dir)) {
                turn = fabs(remainder(atan2(s, c) - dir, 2 * M_PI));
                turn *= 180 / M_PI * 20 / 45;
            }
            cand[n].score = radii[r] + turn + (double)k * 1e-3;
            n++;
        }
    qsort(cand, n, sizeof(*cand), cand_cmp);
    /* clear of symbols first, then over them, as the area names may */
    for (pass = 0; pass < opt->passes; pass++)
        for (k = 0; k < n; k++) {
            const kz_collide *g = pass ? pg->lgrid : pg->grid;
            double x = cand[k].x, y = cand[k].y, one[1][2], ex, ey;
            if (x < v->x0 + in || y < v->y0 + in ||
                x + w > v->x0 + v->w - in || y + h > v->y0 + v->h - in)
                continue;
            if (kz_collide_test(g, x, y, x + w, y + h) ||
                touches(avoid, n_avoid, x, y, w, h) ||
                (opt->reject && opt->reject(pg, x, y, w, h)))
                continue;
            leader_end(ax, ay, x, y, w, h, &ex, &ey);
            /* a symbol's leader keeps off other symbols, past its own
             * (whose box reaches its radius times the root of two) */
            if (!segment_free(opt->rim > 0 ? pg->grid : pg->lgrid, ax, ay,
                              ex, ey,
                              opt->rim > 0 ? opt->rim * M_SQRT2 + 0.5
                                           : LEADER_STEP) ||
                segment_crosses(avoid, n_avoid, ax, ay, ex, ey))
                continue;
            one[0][0] = x;
            one[0][1] = y;
            if ((rc = kz__label_place(pg, l, one, 1, color, pass,
                                      placed)) < 0)
                return rc;
            if (*placed)
                return leader_draw(pg, ax, ay, opt->rim, ex, ey, color);
        }
    return KZ_OK;
}

int kz__leader_place(kz_page *pg, PangoLayout *l, double ax, double ay,
                     double dir, const double *avoid, size_t n_avoid,
                     const kz_rgb *color, int *placed)
{
    const leader_opt opt = {0, HUGE_VAL, 2, NULL};
    return leader_try(pg, l, ax, ay, dir, avoid, n_avoid, &opt, color,
                      placed);
}

int kz__leader_clear(kz_page *pg, PangoLayout *l, double ax, double ay,
                     double max_r, const kz_rgb *color, int *placed)
{
    const leader_opt opt = {0, max_r, 1, NULL};
    return leader_try(pg, l, ax, ay, NAN, NULL, 0, &opt, color, placed);
}

int kz__leader_symbol(kz_page *pg, PangoLayout *l, double x, double y,
                      double r, double max_r, kz_box_reject reject,
                      const kz_rgb *color, int *placed)
{
    const leader_opt opt = {r, max_r, 1, reject};
    return leader_try(pg, l, x, y, NAN, NULL, 0, &opt, color, placed);
}

/* Candidates for a box of w x h over the whole map area, every step
 * points, from the top left; at most cap.  Returns their number. */
static size_t scan_candidates(const kz_page *pg, double w, double h,
                              double step, double (*cand)[2], size_t cap)
{
    const kz_view *v = &pg->v;
    double in = pg->st->halo + 0.5, x, y;
    size_t n = 0;

    for (y = v->y0 + in; y + h <= v->y0 + v->h - in && n < cap; y += step)
        for (x = v->x0 + in; x + w <= v->x0 + v->w - in && n < cap;
             x += step) {
            cand[n][0] = x;
            cand[n][1] = y;
            n++;
        }
    return n;
}

int kz__number_place(kz_page *pg, const char *num, double x, double y,
                     double size, const kz_rgb *color, int *placed)
{
    PangoLayout *l = kz__text_layout(&pg->txt, num, size, 1, 0, -1, 1);
    double w, h, c[17][2];
    int j, rc;

    kz__text_size(l, &w, &h);
    /* on the point, then around it, then a step further out */
    for (j = 0; j < 17; j++) {
        static const double d[9][2] = {{0, 0},  {1, 0},  {-1, 0},
                                       {0, -1}, {0, 1},  {1, -1},
                                       {-1, -1}, {1, 1}, {-1, 1}};
        double k = j < 9 ? 1 : 2;
        c[j][0] = x - w / 2 + d[j < 9 ? j : j - 8][0] * w * 0.8 * k;
        c[j][1] = y - h / 2 + d[j < 9 ? j : j - 8][1] * h * 0.5 * k;
    }
    rc = kz__label_place(pg, l, c, 17, color, 1, placed);
    g_object_unref(l);
    return rc;
}

int kz__keylist_place(kz_page *pg, const char *list, const kz_rgb *color,
                      int *placed)
{
    PangoLayout *l =
        kz__text_layout(&pg->txt, list, pg->st->font_legend, 0, 0, -1, 0);
    double (*cand)[2] = NULL, w, h;
    size_t nc, cap;
    int pass, rc = KZ_OK;

    *placed = 0;
    kz__text_size(l, &w, &h);
    cap = (size_t)((pg->v.w / 4 + 2) * (pg->v.h / 4 + 2));
    if (!(cand = kz__mallocarray(pg->ctx, cap, sizeof(*cand)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    nc = scan_candidates(pg, w, h, 4, cand, cap);
    /* clear of symbols where it can be */
    for (pass = 0; pass < 2 && !*placed; pass++)
        if ((rc = kz__label_place(pg, l, cand, nc, color, pass, placed)) <
            0)
            goto done;
    if (*placed)
        rc = kz__boxlog_add(pg->log, 6, pg->placed[pg->n_placed - 1].x,
                            pg->placed[pg->n_placed - 1].y,
                            pg->placed[pg->n_placed - 1].x + w,
                            pg->placed[pg->n_placed - 1].y + h);
done:
    kz__free(pg->ctx, cand);
    g_object_unref(l);
    return rc;
}
