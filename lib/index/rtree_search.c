/*
 * rtree_search.c - window searches of a finished tree: depth-first with an
 * explicit stack on the caller's (C) stack, no allocation.  A node whose
 * box lies inside the window emits its whole subtree at once: the leaves
 * under a node of a packed tree are one contiguous run of slots.
 */
#include "index/rtree.h"

#include <math.h>
#include <string.h>

enum { MODE_VISIT, MODE_IDS };

typedef struct sink {
    kz_rtree_visit_fn visit;
    void *userdata;
    uint32_t *out;
    size_t cap;
    size_t total;
} sink;

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Emit leaf slots [lo, hi) without testing them. */
static ALWAYS_INLINE int emit_run(sink *s, int mode, const uint32_t *ids,
                                  size_t lo, size_t hi)
{
    if (mode == MODE_IDS) {
        if (s->total < s->cap) {
            size_t room = s->cap - s->total, k = hi - lo;
            memcpy(s->out + s->total, ids + lo,
                   (k < room ? k : room) * sizeof(*ids));
        }
        s->total += hi - lo;
        return 0;
    }
    for (size_t i = lo; i < hi; i++) {
        int rc = s->visit(s->userdata, ids[i]);
        if (rc)
            return rc;
    }
    return 0;
}

/* Test leaf slots [lo, hi) against the window w. */
static ALWAYS_INLINE int scan_leaves(sink *s, int mode, int points,
                                     const kz_rtree *t, const double *w,
                                     size_t lo, size_t hi)
{
    const double *lv = t->leaves;
    const uint32_t *ids = t->ids;

    if (mode == MODE_IDS && s->cap - (s->total < s->cap ? s->total : s->cap) >=
                                hi - lo) {
        /* room for every slot: store unconditionally, advance on a hit */
        uint32_t *o = s->out;
        size_t k = s->total;
        for (size_t i = lo; i < hi; i++) {
            const double *p = lv + (points ? 2 : 4) * i;
            int in = points ? (p[0] >= w[0]) & (p[0] <= w[2]) &
                                  (p[1] >= w[1]) & (p[1] <= w[3])
                            : (p[2] >= w[0]) & (p[0] <= w[2]) &
                                  (p[3] >= w[1]) & (p[1] <= w[3]);
            o[k] = ids[i];
            k += (size_t)in;
        }
        s->total = k;
        return 0;
    }
    for (size_t i = lo; i < hi; i++) {
        const double *p = lv + (points ? 2 : 4) * i;
        int in = points ? p[0] >= w[0] && p[0] <= w[2] && p[1] >= w[1] &&
                              p[1] <= w[3]
                        : p[2] >= w[0] && p[0] <= w[2] && p[3] >= w[1] &&
                              p[1] <= w[3];
        if (in) {
            if (mode == MODE_IDS) {
                if (s->total < s->cap)
                    s->out[s->total] = ids[i];
                s->total++;
            } else {
                int rc = s->visit(s->userdata, ids[i]);
                if (rc)
                    return rc;
            }
        }
    }
    return 0;
}

static ALWAYS_INLINE int node_hits(const float *b, const double *w)
{
    return b[0] <= w[2] && b[2] >= w[0] && b[1] <= w[3] && b[3] >= w[1];
}

static ALWAYS_INLINE int node_inside(const float *b, const double *w)
{
    return b[0] >= w[0] && b[2] <= w[2] && b[1] >= w[1] && b[3] <= w[3];
}

static ALWAYS_INLINE int search(sink *s, int mode, int points,
                                const kz_rtree *t, const double *w)
{
    uint64_t stack[KZ_RTREE_STACK];
    size_t sp = 0;
    const size_t M = t->node_size, n = t->n;
    unsigned top = t->n_levels - 1;
    const float *root;
    int rc;

    if (n == 0)
        return 0;
    if (top == 0)
        return scan_leaves(s, mode, points, t, w, 0, n);
    root = t->nodes + 4 * t->level_start[top];
    if (!node_hits(root, w))
        return 0;
    if (node_inside(root, w))
        return emit_run(s, mode, t->ids, 0, n);
    stack[sp++] = (uint64_t)top << 32;
    while (sp > 0) {
        uint64_t e = stack[--sp];
        unsigned L = (unsigned)(e >> 32);
        size_t j = (uint32_t)e, lo = j * M, hi, c;
        const float *b;
        size_t span;

        if (L == 1) {
            hi = lo + M < n ? lo + M : n;
            if ((rc = scan_leaves(s, mode, points, t, w, lo, hi)) != 0)
                return rc;
            continue;
        }
        hi = lo + M < t->level_count[L - 1] ? lo + M : t->level_count[L - 1];
        b = t->nodes + 4 * (t->level_start[L - 1] + lo);
        span = t->span[L - 1];
        for (c = lo; c < hi; c++, b += 4) {
            if (!node_hits(b, w))
                continue;
            if (node_inside(b, w)) {
                size_t r0 = c * span, r1 = r0 + span < n ? r0 + span : n;
                if ((rc = emit_run(s, mode, t->ids, r0, r1)) != 0)
                    return rc;
            } else {
                stack[sp++] = (uint64_t)(L - 1) << 32 | c;
            }
        }
    }
    return 0;
}

static int check_query(kz_ctx *ctx, const kz_rtree *tree, double minx,
                       double miny, double maxx, double maxy)
{
    if (!tree->finished)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree search: tree not finished");
    if (isnan(minx) || isnan(miny) || isnan(maxx) || isnan(maxy))
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree search: window has NaN coordinates");
    return KZ_OK;
}

int kz_rtree_search(kz_ctx *ctx, const kz_rtree *tree, double minx,
                    double miny, double maxx, double maxy,
                    kz_rtree_visit_fn visit, void *userdata)
{
    sink s = {visit, userdata, NULL, 0, 0};
    const double w[4] = {minx, miny, maxx, maxy};
    int rc;

    KZ_ASSERT_ARG(ctx, tree && visit);
    if ((rc = check_query(ctx, tree, minx, miny, maxx, maxy)) < 0)
        return rc;
    if (tree->kind == KZ_RTREE_KIND_POINTS)
        return search(&s, MODE_VISIT, 1, tree, w);
    return search(&s, MODE_VISIT, 0, tree, w);
}

int kz_rtree_search_ids(size_t *total, uint32_t *ids, size_t cap,
                        kz_ctx *ctx, const kz_rtree *tree, double minx,
                        double miny, double maxx, double maxy)
{
    sink s = {NULL, NULL, ids, cap, 0};
    const double w[4] = {minx, miny, maxx, maxy};
    int rc;

    KZ_ASSERT_ARG(ctx, total && tree && (ids || cap == 0));
    *total = 0;
    if ((rc = check_query(ctx, tree, minx, miny, maxx, maxy)) < 0)
        return rc;
    if (tree->kind == KZ_RTREE_KIND_POINTS)
        search(&s, MODE_IDS, 1, tree, w);
    else
        search(&s, MODE_IDS, 0, tree, w);
    *total = s.total;
    return KZ_OK;
}
