/*
 * rtree_build.c - building a packed Hilbert R-tree: items are ordered by
 * the Hilbert value of their centre on a 16-bit grid over the tree's
 * extent, then inner levels are packed bottom-up.  Invariant: each inner
 * box (float32) contains, rounded outward, the exact boxes below it.
 */
#include "index/rtree.h"

#include <float.h>
#include <math.h>
#include <string.h>

size_t kz__rtree_layout(kz_rtree *t, size_t n, unsigned node_size, int kind)
{
    size_t count = n, inner = 0, total;
    unsigned L = 0;

    t->level_count[0] = n;
    t->span[0] = 1;
    while (count > 1) {
        if (L + 1 >= KZ_RTREE_MAX_LEVELS)
            return 0;
        count = (count + node_size - 1) / node_size;
        L++;
        t->level_count[L] = count;
        t->level_start[L] = inner;
        t->span[L] = t->span[L - 1] * node_size;
        inner += count;
    }
    t->level_start[0] = 0;
    t->n_levels = L + 1;
    if ((size_t)t->n_levels * node_size > KZ_RTREE_STACK)
        return 0;
    t->n = n;
    t->node_size = node_size;
    t->kind = kind;
    /* n <= UINT32_MAX, so none of these can overflow a 64-bit size_t */
    total = sizeof(kz_rtree_header) + n * kz__rtree_leaf_doubles(kind) * 8 +
            inner * 16 + n * 4;
    return total;
}

void kz__rtree_bind(kz_rtree *t)
{
    size_t off = sizeof(kz_rtree_header);
    size_t inner = 0;
    unsigned L;

    for (L = 1; L < t->n_levels; L++)
        inner += t->level_count[L];
    t->leaves = (const double *)(void *)(t->buf + off);
    off += t->n * kz__rtree_leaf_doubles(t->kind) * 8;
    t->nodes = (const float *)(void *)(t->buf + off);
    off += inner * 16;
    t->ids = (const uint32_t *)(void *)(t->buf + off);
}

/* A fast 64-bit hash of whole words; detects corruption, not attacks. */
static uint64_t hash_bytes(const unsigned char *p, size_t len)
{
    uint64_t h[4] = {0x9e3779b97f4a7c15u, 0xbf58476d1ce4e5b9u,
                     0x94d049bb133111ebu, 0x2545f4914f6cdd1du};
    const uint64_t m = 0xff51afd7ed558ccdu;
    size_t i = 0;
    uint64_t w, r;

    for (; i + 32 <= len; i += 32) {
        for (int j = 0; j < 4; j++) {
            memcpy(&w, p + i + 8 * (size_t)j, 8);
            h[j] = (h[j] ^ w) * m;
            h[j] ^= h[j] >> 29;
        }
    }
    r = h[0] ^ (h[1] << 1) ^ (h[2] << 2) ^ (h[3] << 3) ^ (uint64_t)len;
    for (; i < len; i++)
        r = (r ^ p[i]) * m;
    r ^= r >> 31;
    r *= 0xc4ceb9fe1a85ec53u;
    return r ^ (r >> 33);
}

uint64_t kz__rtree_checksum(const unsigned char *buf, size_t len)
{
    kz_rtree_header h;

    memcpy(&h, buf, sizeof(h));
    h.checksum = 0;
    return hash_bytes((const unsigned char *)&h, sizeof(h)) ^
           (hash_bytes(buf + sizeof(h), len - sizeof(h)) *
            0x9e3779b97f4a7c15u);
}

/* Hilbert index of (x, y) on a 2^16 grid, computed bit-parallel (after
 * the public-domain construction of rawrunprojects/hilbert_curves). */
static uint32_t hilbert16(uint32_t x, uint32_t y)
{
    uint32_t a = x ^ y, b = 0xFFFF ^ a, c = 0xFFFF ^ (x | y);
    uint32_t d = x & (y ^ 0xFFFF);
    uint32_t A = a | (b >> 1), B = (a >> 1) ^ a;
    uint32_t C = ((c >> 1) ^ (b & (d >> 1))) ^ c;
    uint32_t D = ((a & (c >> 1)) ^ (d >> 1)) ^ d;
    uint32_t i0, i1;

    a = A, b = B, c = C, d = D;
    A = (a & (a >> 2)) ^ (b & (b >> 2));
    B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
    C ^= (a & (c >> 2)) ^ (b & (d >> 2));
    D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
    a = A, b = B, c = C, d = D;
    A = (a & (a >> 4)) ^ (b & (b >> 4));
    B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
    C ^= (a & (c >> 4)) ^ (b & (d >> 4));
    D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
    a = A, b = B, c = C, d = D;
    C ^= (a & (c >> 8)) ^ (b & (d >> 8));
    D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
    a = C ^ (C >> 1);
    b = D ^ (D >> 1);
    i0 = x ^ y;
    i1 = (b | (0xFFFF ^ (i0 | a))) & 0xFFFF;
    i0 = (i0 | (i0 << 8)) & 0x00FF00FF;
    i0 = (i0 | (i0 << 4)) & 0x0F0F0F0F;
    i0 = (i0 | (i0 << 2)) & 0x33333333;
    i0 = (i0 | (i0 << 1)) & 0x55555555;
    i1 = (i1 | (i1 << 8)) & 0x00FF00FF;
    i1 = (i1 | (i1 << 4)) & 0x0F0F0F0F;
    i1 = (i1 | (i1 << 2)) & 0x33333333;
    i1 = (i1 | (i1 << 1)) & 0x55555555;
    return (i1 << 1) | i0;
}

/* Grid cell of v in [lo, hi]; halves keep a huge extent finite. */
static uint32_t grid16(double v, double lo, double half_width)
{
    double g;
    if (!(half_width > 0))
        return 0;
    g = (v * 0.5 - lo * 0.5) / half_width * 65535.0;
    if (!(g > 0))
        return 0;
    if (g >= 65535.0)
        return 65535;
    return (uint32_t)g;
}

/* Sort keys (Hilbert value << 32 | item) by their upper 32 bits: three
 * LSD radix passes of 11 bits, whose 2048-entry counts stay in L1. */
static void radix_sort(uint64_t *keys, uint64_t *tmp, size_t n)
{
    static const unsigned shift[3] = {32, 43, 54};
    size_t count[3][2048];
    size_t i;

    memset(count, 0, sizeof(count));
    for (i = 0; i < n; i++) {
        uint64_t k = keys[i];
        count[0][(k >> 32) & 2047]++;
        count[1][(k >> 43) & 2047]++;
        count[2][(k >> 54) & 2047]++;
    }
    for (int p = 0; p < 3; p++) {
        size_t sum = 0;
        uint64_t *t;
        for (i = 0; i < 2048; i++) {
            size_t c = count[p][i];
            count[p][i] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++) {
            uint64_t k = keys[i];
            tmp[count[p][(k >> shift[p]) & 2047]++] = k;
        }
        t = keys;
        keys = tmp;
        tmp = t;
    }
    /* three passes: the result is in the caller's tmp; copy back */
    memcpy(tmp, keys, n * sizeof(*keys));
}

/* Pack inner levels: level 1 from the exact leaves, then unions. */
static void pack_levels(kz_rtree *t, double *leaves, float *nodes)
{
    const size_t M = t->node_size, n = t->n;
    size_t j, i;
    unsigned L;

    if (t->n_levels < 2)
        return;
    for (j = 0; j < t->level_count[1]; j++) {
        size_t lo = j * M, hi = lo + M < n ? lo + M : n;
        double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
        float *o = nodes + 4 * j;
        if (t->kind == KZ_RTREE_KIND_POINTS) {
            for (i = lo; i < hi; i++) {
                const double *p = leaves + 2 * i;
                b[0] = p[0] < b[0] ? p[0] : b[0];
                b[1] = p[1] < b[1] ? p[1] : b[1];
                b[2] = p[0] > b[2] ? p[0] : b[2];
                b[3] = p[1] > b[3] ? p[1] : b[3];
            }
        } else {
            for (i = lo; i < hi; i++) {
                const double *p = leaves + 4 * i;
                b[0] = p[0] < b[0] ? p[0] : b[0];
                b[1] = p[1] < b[1] ? p[1] : b[1];
                b[2] = p[2] > b[2] ? p[2] : b[2];
                b[3] = p[3] > b[3] ? p[3] : b[3];
            }
        }
        o[0] = kz__round_down(b[0]);
        o[1] = kz__round_down(b[1]);
        o[2] = kz__round_up(b[2]);
        o[3] = kz__round_up(b[3]);
    }
    for (L = 2; L < t->n_levels; L++) {
        const float *child = nodes + 4 * t->level_start[L - 1];
        float *parent = nodes + 4 * t->level_start[L];
        size_t nc = t->level_count[L - 1];
        for (j = 0; j < t->level_count[L]; j++) {
            size_t lo = j * M, hi = lo + M < nc ? lo + M : nc;
            float b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
            for (i = lo; i < hi; i++) {
                const float *c = child + 4 * i;
                b[0] = c[0] < b[0] ? c[0] : b[0];
                b[1] = c[1] < b[1] ? c[1] : b[1];
                b[2] = c[2] > b[2] ? c[2] : b[2];
                b[3] = c[3] > b[3] ? c[3] : b[3];
            }
            memcpy(parent + 4 * j, b, sizeof(b));
        }
    }
}

/*
 * Build the buffer of t from n items of src: stride 2 (points) or 4
 * (boxes, minx miny maxx maxy).  Items are already validated except when
 * check is set (bulk points), where non-finite coordinates are rejected.
 */
static int pack(kz_ctx *ctx, kz_rtree *t, const double *src, size_t n,
                unsigned stride, int check)
{
    double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    int kind = KZ_RTREE_KIND_POINTS;
    uint64_t *keys = NULL, *tmp = NULL;
    unsigned char *buf = NULL;
    kz_rtree_header h;
    kz_rtree probe = *t;
    double hw, hh, *leaves;
    size_t i, total;
    int rc = KZ_OK;

    for (i = 0; i < n; i++) {
        const double *p = src + stride * i;
        const double *q = stride == 4 ? p + 2 : p;
        if (check && !(isfinite(p[0]) && isfinite(p[1]))) {
            rc = kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                           "point %zu: coordinate is not finite (%g, %g)",
                           i, p[0], p[1]);
            goto done;
        }
        if (q[0] != p[0] || q[1] != p[1])
            kind = KZ_RTREE_KIND_BOXES;
        b[0] = p[0] < b[0] ? p[0] : b[0];
        b[1] = p[1] < b[1] ? p[1] : b[1];
        b[2] = q[0] > b[2] ? q[0] : b[2];
        b[3] = q[1] > b[3] ? q[1] : b[3];
    }
    total = kz__rtree_layout(&probe, n, t->node_size, kind);
    if (total == 0) {
        rc = kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                       "node size %u: tree too deep", t->node_size);
        goto done;
    }
    if (!(buf = kz__malloc(ctx, total)) ||
        !(keys = kz__mallocarray(ctx, n, sizeof(*keys))) ||
        !(tmp = kz__mallocarray(ctx, n, sizeof(*tmp)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    hw = b[2] * 0.5 - b[0] * 0.5;
    hh = b[3] * 0.5 - b[1] * 0.5;
    for (i = 0; i < n; i++) {
        const double *p = src + stride * i;
        const double *q = stride == 4 ? p + 2 : p;
        uint32_t gx = grid16(p[0] * 0.5 + q[0] * 0.5, b[0], hw);
        uint32_t gy = grid16(p[1] * 0.5 + q[1] * 0.5, b[1], hh);
        keys[i] = (uint64_t)hilbert16(gx, gy) << 32 | i;
    }
    radix_sort(keys, tmp, n);

    probe.buf = buf;
    probe.buf_len = total;
    kz__rtree_bind(&probe);
    leaves = (double *)(void *)(buf + sizeof(h));
    for (i = 0; i < n; i++) {
        uint32_t id = (uint32_t)keys[i];
        const double *p = src + (size_t)stride * id;
        ((uint32_t *)probe.ids)[i] = id;
        if (kind == KZ_RTREE_KIND_POINTS) {
            leaves[2 * i] = p[0];
            leaves[2 * i + 1] = p[1];
        } else {
            memcpy(leaves + 4 * i, p, 4 * sizeof(double));
        }
    }
    pack_levels(&probe, leaves, (float *)probe.nodes);

    memset(&h, 0, sizeof(h));
    memcpy(h.magic, KZ_RTREE_MAGIC, sizeof(KZ_RTREE_MAGIC));
    h.format = KZ_RTREE_FORMAT;
    h.coord = KZ_RTREE_COORD_F64_F32;
    h.kind = (uint8_t)kind;
    h.node_size = t->node_size;
    h.n_items = n;
    if (n == 0)
        b[0] = b[1] = b[2] = b[3] = 0;
    memcpy(h.bounds, b, sizeof(b));
    memcpy(buf, &h, sizeof(h));
    h.checksum = kz__rtree_checksum(buf, total);
    memcpy(buf, &h, sizeof(h));
    memcpy(probe.bounds, b, sizeof(b));

    kz__free(ctx, t->stage);
    probe.stage = NULL;
    probe.finished = 1;
    *t = probe;
    buf = NULL;
done:
    kz__free(ctx, keys);
    kz__free(ctx, tmp);
    kz__free(ctx, buf);
    return rc;
}

static int check_options(kz_ctx *ctx, unsigned *node_size,
                         const kz_rtree_options *opts, size_t n)
{
    *node_size = KZ_RTREE_NODE_DEFAULT;
    if (opts) {
        if (opts->version != KZ_RTREE_OPTIONS_VERSION)
            return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                             "rtree options: unknown version %u",
                             opts->version);
        if (opts->node_size != 0)
            *node_size = opts->node_size;
    }
    if (*node_size < KZ_RTREE_NODE_MIN || *node_size > KZ_RTREE_NODE_MAX)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree node size %u: not in %d..%d", *node_size,
                         KZ_RTREE_NODE_MIN, KZ_RTREE_NODE_MAX);
    if (n > UINT32_MAX)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree of %zu items: ids are 32-bit", n);
    return KZ_OK;
}

int kz_rtree_create(kz_rtree **out, kz_ctx *ctx, size_t n_items,
                    const kz_rtree_options *opts)
{
    kz_rtree *t = NULL;
    unsigned node_size;
    int rc;

    KZ_ASSERT_ARG(ctx, out);
    *out = NULL;
    if ((rc = check_options(ctx, &node_size, opts, n_items)) < 0)
        return rc;
    if (!(t = kz__calloc(ctx, 1, sizeof(*t))))
        return KZ_ENOMEM;
    t->ctx = ctx;
    t->node_size = node_size;
    t->n = n_items;
    if (!(t->stage = kz__mallocarray(ctx, n_items, 4 * sizeof(double)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    *out = t;
    t = NULL;
done:
    kz_rtree_destroy(t);
    return rc;
}

int kz_rtree_add(kz_ctx *ctx, kz_rtree *tree, double minx, double miny,
                 double maxx, double maxy)
{
    double *p;

    KZ_ASSERT_ARG(ctx, tree);
    if (tree->finished || tree->added >= tree->n)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree item %zu: tree %s", tree->added,
                         tree->finished ? "already finished" : "is full");
    if (!(isfinite(minx) && isfinite(miny) && isfinite(maxx) &&
          isfinite(maxy)))
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree item %zu: coordinate is not finite "
                         "(%g, %g, %g, %g)",
                         tree->added, minx, miny, maxx, maxy);
    if (minx > maxx || miny > maxy)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree item %zu: min > max (%g, %g, %g, %g)",
                         tree->added, minx, miny, maxx, maxy);
    p = tree->stage + 4 * tree->added++;
    p[0] = minx;
    p[1] = miny;
    p[2] = maxx;
    p[3] = maxy;
    return KZ_OK;
}

int kz_rtree_add_point(kz_ctx *ctx, kz_rtree *tree, double x, double y)
{
    return kz_rtree_add(ctx, tree, x, y, x, y);
}

int kz_rtree_finish(kz_ctx *ctx, kz_rtree *tree)
{
    KZ_ASSERT_ARG(ctx, tree);
    if (tree->finished)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree already finished");
    if (tree->added != tree->n)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree: %zu of %zu items added", tree->added,
                         tree->n);
    return pack(ctx, tree, tree->stage, tree->n, 4, 0);
}

int kz_rtree_build_points(kz_rtree **out, kz_ctx *ctx, const double *xy,
                          size_t n, const kz_rtree_options *opts)
{
    kz_rtree *t = NULL;
    unsigned node_size;
    int rc;

    KZ_ASSERT_ARG(ctx, out && (xy || n == 0));
    *out = NULL;
    if ((rc = check_options(ctx, &node_size, opts, n)) < 0)
        return rc;
    if (!(t = kz__calloc(ctx, 1, sizeof(*t))))
        return KZ_ENOMEM;
    t->ctx = ctx;
    t->node_size = node_size;
    t->n = n;
    t->added = n;
    if ((rc = pack(ctx, t, xy, n, 2, 1)) < 0)
        goto done;
    *out = t;
    t = NULL;
done:
    kz_rtree_destroy(t);
    return rc;
}

void kz_rtree_destroy(kz_rtree *tree)
{
    if (!tree)
        return;
    kz__free(tree->ctx, tree->stage);
    kz__free(tree->ctx, tree->buf);
    kz__free(tree->ctx, tree);
}

size_t kz_rtree_count(const kz_rtree *tree)
{
    if (!tree)
        return 0;
    return tree->finished ? tree->n : tree->added;
}

int kz_rtree_is_finished(const kz_rtree *tree)
{
    return tree && tree->finished;
}

int kz_rtree_bounds(const kz_rtree *tree, double *minx, double *miny,
                    double *maxx, double *maxy)
{
    if (!tree || !tree->finished || tree->n == 0)
        return 0;
    if (minx)
        *minx = tree->bounds[0];
    if (miny)
        *miny = tree->bounds[1];
    if (maxx)
        *maxx = tree->bounds[2];
    if (maxy)
        *maxy = tree->bounds[3];
    return 1;
}
