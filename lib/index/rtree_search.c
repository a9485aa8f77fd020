/*
 * rtree_search.c - window searches of a finished tree: depth-first with an
 * explicit stack on the caller's (C) stack, no allocation.  A node whose
 * box lies inside the window emits its whole subtree at once: the leaves
 * under a node of a packed tree are one contiguous run of slots.
 */
#include "index/rtree.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum { MODE_VISIT, MODE_IDS };

typedef struct sink {
    kz_rtree_visit_fn visit;
    void *userdata;
    uint32_t *out;
    size_t cap;
    size_t total;
} sink;

/* The window: exact for leaves; as float32 for inner boxes, widened for
 * the overlap test and narrowed for the containment test, so that both
 * tests err on the safe side. */
typedef struct window {
    double w[4];
    float hit_lo[4], hit_hi[4]; /* box overlaps: lo <= b <= hi */
    float in_lo[4], in_hi[4];   /* box inside: lo <= b <= hi */
} window;

#define ALWAYS_INLINE inline __attribute__((always_inline))

static void window_init(window *q, double minx, double miny, double maxx,
                        double maxy)
{
    q->w[0] = minx;
    q->w[1] = miny;
    q->w[2] = maxx;
    q->w[3] = maxy;
    /* b.minx <= maxx, b.miny <= maxy, b.maxx >= minx, b.maxy >= miny */
    q->hit_lo[0] = q->hit_lo[1] = -INFINITY;
    q->hit_hi[0] = kz__round_up(maxx);
    q->hit_hi[1] = kz__round_up(maxy);
    q->hit_lo[2] = kz__round_down(minx);
    q->hit_lo[3] = kz__round_down(miny);
    q->hit_hi[2] = q->hit_hi[3] = INFINITY;
    /* b.minx >= minx, b.miny >= miny, b.maxx <= maxx, b.maxy <= maxy */
    q->in_lo[0] = kz__round_up(minx);
    q->in_lo[1] = kz__round_up(miny);
    q->in_hi[0] = q->in_hi[1] = INFINITY;
    q->in_lo[2] = q->in_lo[3] = -INFINITY;
    q->in_hi[2] = kz__round_down(maxx);
    q->in_hi[3] = kz__round_down(maxy);
}

/* Bits of the children [0, n) (n <= 64) of boxes b that overlap the
 * window, and of those inside it. */
static ALWAYS_INLINE void node_masks(const window *q, const float *b,
                                     size_t n, uint64_t *hit, uint64_t *in)
{
    uint64_t h = 0, i = 0;
#if defined(__SSE2__)
    const __m128 hl = _mm_loadu_ps(q->hit_lo), hh = _mm_loadu_ps(q->hit_hi);
    const __m128 il = _mm_loadu_ps(q->in_lo), ih = _mm_loadu_ps(q->in_hi);
    for (size_t c = 0; c < n; c++) {
        __m128 v = _mm_loadu_ps(b + 4 * c);
        int mh = _mm_movemask_ps(
            _mm_and_ps(_mm_cmpge_ps(v, hl), _mm_cmple_ps(v, hh)));
        int mi = _mm_movemask_ps(
            _mm_and_ps(_mm_cmpge_ps(v, il), _mm_cmple_ps(v, ih)));
        h |= (uint64_t)(mh == 15) << c;
        i |= (uint64_t)(mi == 15) << c;
    }
#else
    for (size_t c = 0; c < n; c++) {
        const float *v = b + 4 * c;
        int mh = 1, mi = 1;
        for (int k = 0; k < 4; k++) {
            mh &= (v[k] >= q->hit_lo[k]) & (v[k] <= q->hit_hi[k]);
            mi &= (v[k] >= q->in_lo[k]) & (v[k] <= q->in_hi[k]);
        }
        h |= (uint64_t)mh << c;
        i |= (uint64_t)mi << c;
    }
#endif
    *hit = h;
    *in = i & h;
}

/* Bits of the leaf slots [lo, lo + n) (n <= 64) inside the window. */
static ALWAYS_INLINE uint64_t leaf_mask(const kz_rtree *t, const window *q,
                                        int points, size_t lo, size_t n)
{
    const double *w = q->w;
    uint64_t m = 0;

    if (points) {
        const double *p = t->leaves + 2 * lo;
#if defined(__SSE2__)
        const __m128d wl = _mm_loadu_pd(w), wh = _mm_loadu_pd(w + 2);
        for (size_t i = 0; i < n; i++) {
            __m128d v = _mm_loadu_pd(p + 2 * i);
            int k = _mm_movemask_pd(
                _mm_and_pd(_mm_cmpge_pd(v, wl), _mm_cmple_pd(v, wh)));
            m |= (uint64_t)(k == 3) << i;
        }
#else
        for (size_t i = 0; i < n; i++) {
            const double *v = p + 2 * i;
            m |= (uint64_t)((v[0] >= w[0]) & (v[0] <= w[2]) &
                            (v[1] >= w[1]) & (v[1] <= w[3]))
                 << i;
        }
#endif
    } else {
        const double *p = t->leaves + 4 * lo;
        for (size_t i = 0; i < n; i++) {
            const double *v = p + 4 * i;
            m |= (uint64_t)((v[2] >= w[0]) & (v[0] <= w[2]) &
                            (v[3] >= w[1]) & (v[1] <= w[3]))
                 << i;
        }
    }
    return m;
}

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

/* Emit the slots base + bit of every set bit of m. */
static ALWAYS_INLINE int emit_mask(sink *s, int mode, const uint32_t *ids,
                                   size_t base, uint64_t m)
{
    if (mode == MODE_IDS) {
        size_t k = s->total;
        if (k + 64 <= s->cap) {
            for (; m; m &= m - 1)
                s->out[k++] = ids[base + (size_t)__builtin_ctzll(m)];
        } else {
            for (; m; m &= m - 1, k++)
                if (k < s->cap)
                    s->out[k] = ids[base + (size_t)__builtin_ctzll(m)];
        }
        s->total = k;
        return 0;
    }
    for (; m; m &= m - 1) {
        int rc = s->visit(s->userdata, ids[base + (size_t)__builtin_ctzll(m)]);
        if (rc)
            return rc;
    }
    return 0;
}

/* Test the leaves of leaf node j (level 1). */
static ALWAYS_INLINE int scan_leaf_node(sink *s, int mode, int points,
                                        const kz_rtree *t, const window *q,
                                        size_t lo)
{
    const size_t M = t->node_size, n = t->n;
    size_t hi = lo + M < n ? lo + M : n;
    int rc;

    for (size_t c = lo; c < hi; c += 64) {
        size_t k = hi - c < 64 ? hi - c : 64;
        uint64_t m = leaf_mask(t, q, points, c, k);
        if ((rc = emit_mask(s, mode, t->ids, c, m)) != 0)
            return rc;
    }
    return 0;
}

/* leaf nodes batched per flush: 32 x 320 bytes stay in L1 */
#define PENDING 32

static ALWAYS_INLINE int flush(sink *s, int mode, int points,
                               const kz_rtree *t, const window *q,
                               const size_t *pending, size_t np)
{
    int rc;
    for (size_t i = 0; i < np; i++)
        if ((rc = scan_leaf_node(s, mode, points, t, q,
                                 pending[i] * t->node_size)) != 0)
            return rc;
    return 0;
}

static ALWAYS_INLINE int search(sink *s, int mode, int points,
                                const kz_rtree *t, const window *q)
{
    uint64_t stack[KZ_RTREE_STACK];
    size_t pending[PENDING];
    size_t sp = 0, np = 0;
    const size_t M = t->node_size, n = t->n;
    unsigned top = t->n_levels - 1;
    uint64_t hit, in;
    int rc;

    if (n == 0)
        return 0;
    if (top == 0) /* a single item */
        return emit_mask(s, mode, t->ids, 0, leaf_mask(t, q, points, 0, 1));
    node_masks(q, t->nodes + 4 * t->level_start[top], 1, &hit, &in);
    if (in)
        return emit_run(s, mode, t->ids, 0, n);
    if (!hit)
        return 0;
    stack[sp++] = (uint64_t)top << 32;
    while (sp > 0) {
        uint64_t e = stack[--sp];
        unsigned L = (unsigned)(e >> 32);
        size_t lo = (size_t)(uint32_t)e * M, hi, c, span;

        if (L == 1) { /* only when the root is at level 1 */
            if ((rc = scan_leaf_node(s, mode, points, t, q, lo)) != 0)
                return rc;
            continue;
        }
        hi = lo + M < t->level_count[L - 1] ? lo + M : t->level_count[L - 1];
        span = t->span[L - 1];
        for (c = lo; c < hi; c += 64) {
            size_t k = hi - c < 64 ? hi - c : 64;
            uint64_t part;
            node_masks(q, t->nodes + 4 * (t->level_start[L - 1] + c), k,
                       &hit, &in);
            /* runs of adjacent children inside: one contiguous run */
            while (in) {
                unsigned b0 = (unsigned)__builtin_ctzll(in);
                uint64_t rest = ~in >> b0, run;
                unsigned b1 = rest ? b0 + (unsigned)__builtin_ctzll(rest) : 64;
                size_t r0 = (c + b0) * span, r1 = (c + b1) * span;
                if ((rc = emit_run(s, mode, t->ids, r0, r1 < n ? r1 : n)) !=
                    0)
                    return rc;
                run = (b1 < 64 ? (UINT64_C(1) << b1) - 1 : ~UINT64_C(0)) &
                      ~((UINT64_C(1) << b0) - 1);
                in &= ~run;
                hit &= ~run;
            }
            if (L == 2) {
                /* leaf nodes wait in a batch whose misses overlap */
                for (part = hit; part; part &= part - 1) {
                    size_t ch = c + (size_t)__builtin_ctzll(part);
                    kz__rtree_prefetch(t, 1, ch);
                    pending[np++] = ch;
                    if (np == PENDING) {
                        if ((rc = flush(s, mode, points, t, q, pending, np)))
                            return rc;
                        np = 0;
                    }
                }
                continue;
            }
            /* pushed last to first, so that the first child asked for
             * is the first visited */
            for (part = hit; part;) {
                unsigned b = 63u - (unsigned)__builtin_clzll(part);
                size_t ch = c + b;
                part &= ~(UINT64_C(1) << b);
                stack[sp++] = (uint64_t)(L - 1) << 32 | ch;
                kz__rtree_prefetch(t, L - 1, ch);
            }
        }
    }
    return flush(s, mode, points, t, q, pending, np);
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
    window q;
    int rc;

    KZ_ASSERT_ARG(ctx, tree && visit);
    if ((rc = check_query(ctx, tree, minx, miny, maxx, maxy)) < 0)
        return rc;
    window_init(&q, minx, miny, maxx, maxy);
    if (tree->kind == KZ_RTREE_KIND_POINTS)
        return search(&s, MODE_VISIT, 1, tree, &q);
    return search(&s, MODE_VISIT, 0, tree, &q);
}

int kz_rtree_search_ids(size_t *total, uint32_t *ids, size_t cap,
                        kz_ctx *ctx, const kz_rtree *tree, double minx,
                        double miny, double maxx, double maxy)
{
    sink s = {NULL, NULL, ids, cap, 0};
    window q;
    int rc;

    KZ_ASSERT_ARG(ctx, total && tree && (ids || cap == 0));
    *total = 0;
    if ((rc = check_query(ctx, tree, minx, miny, maxx, maxy)) < 0)
        return rc;
    window_init(&q, minx, miny, maxx, maxy);
    if (tree->kind == KZ_RTREE_KIND_POINTS)
        search(&s, MODE_IDS, 1, tree, &q);
    else
        search(&s, MODE_IDS, 0, tree, &q);
    *total = s.total;
    return KZ_OK;
}
