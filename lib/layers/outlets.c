/*
 * outlets.c - the kahrizes' outlets: found in the window (index or scan),
 * ordered by label priority (measured discharge, largest first), skipped
 * when hidden under symbols drawn over them, drawn by condition and
 * discharge class, and named beside their symbol where there is room.
 * On a district or region map the neighbours' kahrizes are muted:
 * smaller, paler, unnamed and without their galleries.  A name sits
 * beside its symbol only where that symbol is clearly the nearest to it;
 * else a little way off, on a leader from the symbol's rim.
 */
#include "layers/layers.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_CHARS 40 /* a longer name is cut with an ellipsis */
#define OWN_MARGIN 1.5  /* points: a name's own symbol is nearer by this */
#define LEADER_MAX 18.0 /* points: the farthest a name goes on a leader */

static int outlet_cmp(const void *pa, const void *pb)
{
    const kz_outlet *a = pa, *b = pb;
    int na = isnan(a->q), nb = isnan(b->q);
    if (na != nb)
        return na - nb;
    if (!na && a->q != b->q)
        return a->q > b->q ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

/* The kahrizes whose outlets fall in the lon/lat window. */
int kz__outlets_find(kz_page *pg, kz_idvec *out, double pad_deg)
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

static uint64_t cell_key(const kz_outlet *o)
{
    /* the size byte is at least 1 */
    return kz__grid_key(o->x, o->y, o->r > 0 ? 0.25 * o->r : 0.25,
                        (uint64_t)(o->muted != 0) << 16 |
                        (uint64_t)(o->cond & 0xFF) << 8 |
                        (uint64_t)((o->size_cls + 2) & 0xFF));
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

/* How a name tells its kahriz apart from another of the same name on the
 * map: by the name alone, with its village, or with its id. */
enum { TELL_NAME, TELL_VILLAGE, TELL_ID };

/* A named outlet as tell_apart sorts them. */
typedef struct named {
    const char *name, *village;
    size_t i; /* the outlet's index */
} named;

static int named_cmp(const void *pa, const void *pb)
{
    const named *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    c = strcmp(a->village, b->village);
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* tell[i] for each of the n outlets: whether its name is shared on the
 * map and how it is then told apart (its village when that is its own
 * among the namesakes, else its id).  KZ_ENOMEM. */
static int tell_apart(kz_page *pg, const kz_outlet *ol, size_t n,
                      unsigned char *tell)
{
    named *nm;
    size_t m = 0, i, j, k;

    memset(tell, TELL_NAME, n);
    if (!(nm = kz__mallocarray(pg->ctx, n, sizeof(*nm))))
        return KZ_ENOMEM;
    for (i = 0; i < n; i++) {
        const kz_kahriz *kh = kz_survey_kahriz(pg->sv, ol[i].k);
        if (ol[i].muted || !kh->name_az[0])
            continue;
        nm[m].name = kh->name_az;
        nm[m].village = kh->village_az;
        nm[m++].i = i;
    }
    if (m > 1)
        qsort(nm, m, sizeof(*nm), named_cmp);
    for (i = 0; i < m; i = j) {
        for (j = i + 1; j < m && strcmp(nm[j].name, nm[i].name) == 0; j++)
            ;
        if (j - i < 2)
            continue;
        /* namesakes nm[i..j), sorted by village: by the village where it
         * is theirs alone, else by id */
        for (k = i; k < j; k++) {
            const char *v = nm[k].village;
            int shared = (k > i && strcmp(nm[k - 1].village, v) == 0) ||
                         (k + 1 < j && strcmp(nm[k + 1].village, v) == 0);
            tell[nm[k].i] = !v[0] || shared ? TELL_ID : TELL_VILLAGE;
        }
    }
    kz__free(pg->ctx, nm);
    return KZ_OK;
}

/* The gap between the box (x, y, w, h) and the point (px, py). */
static double box_gap(double x, double y, double w, double h, double px,
                      double py)
{
    double dx = fmax(fmax(x - px, px - (x + w)), 0);
    double dy = fmax(fmax(y - py, py - (y + h)), 0);
    return hypot(dx, dy);
}

/* The symbols drawn near o, each a name beside o might be read as
 * naming: within reach points of it, less those in its own place (their
 * centre within its radius).  The indices go to near; their number. */
static size_t near_symbols(const kz_outlet *ol, size_t n,
                           const unsigned char *draw, const kz_outlet *o,
                           double reach, size_t *near)
{
    size_t i, m = 0;
    for (i = 0; i < n; i++) {
        double d = hypot(ol[i].x - o->x, ol[i].y - o->y);
        if (&ol[i] != o && draw[i] && d > o->r && d < reach + ol[i].r)
            near[m++] = i;
    }
    return m;
}

/* Whether a name in the box (x, y, w, h) reads as o's: its edge the
 * nearest to the box by OWN_MARGIN. */
static int reads_as_own(const kz_outlet *ol, const size_t *near, size_t nn,
                        const kz_outlet *o, double x, double y, double w,
                        double h)
{
    double own = box_gap(x, y, w, h, o->x, o->y) - o->r;
    size_t i;
    for (i = 0; i < nn; i++) {
        const kz_outlet *p = &ol[near[i]];
        if (box_gap(x, y, w, h, p->x, p->y) - p->r < own + OWN_MARGIN)
            return 0;
    }
    return 1;
}

/* The name of outlet o beside its symbol, at the first free of eight
 * places (Imhof's order) where it reads as o's, else a little way off on
 * a leader, or dropped; tell says how it is told apart from a namesake
 * on the map.  near has room for n indices. */
static int label_one(kz_page *pg, const kz_outlet *ol, size_t n,
                     const unsigned char *draw, size_t *near,
                     const kz_outlet *o, int tell)
{
    const kz_style *st = pg->st;
    const kz_kahriz *k = kz_survey_kahriz(pg->sv, o->k);
    char text[512], naz[LABEL_CHARS * 4 + 4], nen[LABEL_CHARS * 4 + 4];
    char taz[LABEL_CHARS * 8 + 8], ten[LABEL_CHARS * 8 + 8];
    PangoLayout *l;
    long second;
    double w, h, d, gap = 0.8 + st->halo, x = o->x, y = o->y;
    double cand[8][2];
    size_t nc = 0, nn, i;
    int placed, rc;

    kz__text_fit(naz, sizeof(naz), k->name_az, LABEL_CHARS);
    kz__text_fit(nen, sizeof(nen), k->name_en, LABEL_CHARS);
    if (tell != TELL_NAME) {
        const char *vaz = tell == TELL_VILLAGE ? k->village_az : k->id;
        const char *ven = tell == TELL_VILLAGE && k->village_en[0]
                              ? k->village_en
                              : vaz;
        kz__text_printf(taz, sizeof(taz), "%s (%s)", naz, vaz);
        kz__text_printf(ten, sizeof(ten), "%s (%s)", nen[0] ? nen : naz,
                        ven);
        kz__text_fit(naz, sizeof(naz), taz, LABEL_CHARS + 20);
        kz__text_fit(nen, sizeof(nen), ten, LABEL_CHARS + 20);
    }
    kz__text_bilingual(text, sizeof(text), &second, st, naz, nen,
                       st->two_lines);
    if (!text[0])
        return KZ_OK;
    d = o->r * 0.75 + gap;
    /* where no place beside the symbol is free and none around it within
     * a leader's reach could be, the name is dropped unshaped */
    if (!any_free(pg, x, y, d, o->r + gap) &&
        !any_free(pg, x, y, d + LEADER_MAX * 0.7, o->r + gap + LEADER_MAX)) {
        pg->res.labels_dropped++;
        return KZ_OK;
    }
    l = kz__text_layout(&pg->txt, text, st->font_label, 0, 0, second, 0);
    kz__text_size(l, &w, &h);
    nn = near_symbols(ol, n, draw, o, w + h + d, near);
    /* Imhof's order: upper right, lower right, upper left, lower left,
     * right, above, below, left */
    cand[0][0] = x + d;           cand[0][1] = y - d - h;
    cand[1][0] = x + d;           cand[1][1] = y + d;
    cand[2][0] = x - d - w;       cand[2][1] = y - d - h;
    cand[3][0] = x - d - w;       cand[3][1] = y + d;
    cand[4][0] = x + o->r + gap;  cand[4][1] = y - h / 2;
    cand[5][0] = x - w / 2;       cand[5][1] = y - o->r - gap - h;
    cand[6][0] = x - w / 2;       cand[6][1] = y + o->r + gap;
    cand[7][0] = x - o->r - gap - w; cand[7][1] = y - h / 2;
    /* never across the state's land border (nor the Araz along it), nor
     * where another symbol is as near as its own */
    for (i = 0; i < 8; i++)
        if (!kz__districts_crossed(pg, cand[i][0], cand[i][1], w, h) &&
            reads_as_own(ol, near, nn, o, cand[i][0], cand[i][1], w, h)) {
            cand[nc][0] = cand[i][0];
            cand[nc][1] = cand[i][1];
            nc++;
        }
    /* kz__label_place counts a drop; the leader is tried first */
    placed = 0;
    if (nc && (rc = kz__label_place(pg, l, cand, nc, &st->text, 0,
                                    &placed)) < 0)
        goto done;
    if (placed)
        goto done;
    if (nc)
        pg->res.labels_dropped--;
    if ((rc = kz__leader_symbol(pg, l, x, y, o->r, LEADER_MAX,
                                kz__districts_crossed, &st->text,
                                &placed)) < 0)
        goto done;
    if (!placed)
        pg->res.labels_dropped++;
done:
    g_object_unref(l);
    return rc;
}

int kz__outlets_label(kz_page *pg, const kz_outlet *ol, size_t n,
                      const unsigned char *draw)
{
    size_t i, seen = 0, *near = NULL;
    unsigned char *tell;
    int pass, rc = KZ_OK;

    if (!n)
        return KZ_OK;
    if (!(tell = kz__malloc(pg->ctx, n)))
        return KZ_ENOMEM;
    if (!(near = kz__mallocarray(pg->ctx, n, sizeof(*near)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    if ((rc = tell_apart(pg, ol, n, tell)) < 0)
        goto done;

    /* the map's own district's (or region's) kahrizes are named first,
     * then, on the national map, the others; a neighbour's muted kahriz
     * goes unnamed */
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < n; i++) {
            if (ol[i].muted ||
                kz__outlet_is_focus(pg, &ol[i]) != (pass == 0))
                continue;
            if ((seen++ & 63) == 0 && (rc = kz__stopped(pg)) < 0)
                goto done;
            if ((rc = label_one(pg, ol, n, draw, near, &ol[i], tell[i])) <
                0)
                goto done;
        }
done:
    kz__free(pg->ctx, near);
    kz__free(pg->ctx, tell);
    return rc;
}

/* Which outlets show: draw[i] is set for those to draw, cv holds what they
 * cover (for the layers below them too). */
int kz__outlets_visible(kz_page *pg, const kz_outlet *ol, size_t n,
                        kz_cover *cv, unsigned char *draw)
{
    const kz_view *v = &pg->v;
    kz_seen_set seen;
    size_t i;
    int rc;

    if ((rc = kz__seen_init(pg->ctx, &seen, n)) < 0)
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
        draw[i] = pg->o->keep_hidden || !kz__seen_add(&seen, cell_key(&ol[i]));
    }
    if (pg->o->keep_hidden)
        goto done;
    /* from the top down: what the symbols above hide is not drawn */
    for (i = n; i-- > 0;) {
        double outer, inner;
        if (!draw[i])
            continue;
        kz__symbol_extent(pg->st, ol[i].cond, ol[i].r, &outer, &inner);
        if (kz__cover_hidden(cv, ol[i].x, ol[i].y, outer)) {
            draw[i] = 0;
            pg->res.symbols_hidden++;
            continue;
        }
        kz__cover_mark(cv, ol[i].x, ol[i].y, inner);
    }
done:
    kz__free(pg->ctx, seen.keys);
    return KZ_OK;
}

/* Whether an outlet belongs to the map's own district or region. */
int kz__outlet_is_focus(const kz_page *pg, const kz_outlet *o)
{
    const kz_kahriz *k = kz_survey_kahriz(pg->sv, o->k);
    return pg->focus && k->district >= 0 && pg->focus[k->district];
}

int kz__outlets_draw(kz_page *pg, const kz_outlet *ol, size_t n,
                     const unsigned char *draw)
{
    cairo_t *cr = pg->cr;
    size_t i;
    int rc;

    for (i = 0; i < n; i++) {
        if ((i & 255) == 0 && (rc = kz__stopped(pg)) < 0)
            goto done;
        if (!draw[i])
            continue;
        kz__symbol_draw_faded(cr, pg->st, ol[i].cond, ol[i].x, ol[i].y,
                              ol[i].r,
                              ol[i].muted ? pg->st->neighbour_fade : 0);
        pg->has_muted |= ol[i].muted;
        if ((rc = kz__grow(pg->ctx, (void **)&pg->sym, &pg->cap_sym,
                           3 * (pg->n_sym + 1), sizeof(double))) < 0)
            goto done;
        pg->sym[3 * pg->n_sym] = ol[i].x;
        pg->sym[3 * pg->n_sym + 1] = ol[i].y;
        pg->sym[3 * pg->n_sym++ + 2] = ol[i].r;
        if ((rc = kz_collide_insert(pg->ctx, pg->grid, ol[i].x - ol[i].r,
                                    ol[i].y - ol[i].r, ol[i].x + ol[i].r,
                                    ol[i].y + ol[i].r)) < 0 ||
            (rc = kz__boxlog_add(pg->log,
                                 kz__outlet_is_focus(pg, &ol[i]) ? 4 : 0,
                                 ol[i].x - ol[i].r,
                                 ol[i].y - ol[i].r, ol[i].x + ol[i].r,
                                 ol[i].y + ol[i].r)) < 0)
            goto done;
    }
    rc = kz__cairo_check(pg->ctx, cr, "outlets");
done:
    return rc;
}

/* Page positions and classes of the outlets found. */
int kz__outlets_make(kz_page *pg, const kz_idvec *ids, kz_outlet **out,
                     size_t *n_out)
{
    kz_outlet *ol;
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
        kz_outlet *o = &ol[n];
        if (!isfinite(x[i]) || !isfinite(y[i]) || x[i] == HUGE_VAL)
            continue;
        o->k = ids->ids[i];
        o->q = a ? a->discharge_l_s : NAN;
        o->cond = a ? (int)a->condition : KZ_COND_UNASSESSED;
        if (o->cond < 0 || o->cond >= KZ_COND_COUNT)
            o->cond = KZ_COND_UNASSESSED;
        o->size_cls = kz__style_size_class(pg->st, o->q);
        o->r = kz__style_size_radius(pg->st, o->size_cls);
        /* a neighbour's kahriz, smaller and paler: the map is about its
         * own district's */
        o->muted = pg->n_focus && pg->o->kind != KZ_MAP_NATIONAL &&
                   !kz__outlet_is_focus(pg, o);
        if (o->muted)
            o->r *= pg->st->neighbour_scale;
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
