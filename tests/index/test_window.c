/*
 * test_window.c - window searches against a linear scan, over point and
 * box sets of many sizes and node sizes, both result forms.
 */
#include "tindex.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct collect {
    uint32_t *ids;
    size_t n, stop_after;
} collect;

static int collect_id(void *ud, uint32_t id)
{
    collect *c = ud;
    c->ids[c->n++] = id;
    return c->stop_after && c->n == c->stop_after ? 7 : 0;
}

/* Random window: small, large, degenerate, inverted or covering all. */
static void random_window(trng *r, double *w)
{
    uint64_t c = trng_next(r) % 20;
    double s = c < 8 ? 0.05 : (c < 14 ? 1.0 : 4.0);
    double x = trng_uniform(r, 44.5, 51.0), y = trng_uniform(r, 38.0, 42.2);
    w[0] = x;
    w[1] = y;
    w[2] = x + trng_uniform(r, 0, s);
    w[3] = y + trng_uniform(r, 0, s);
    if (c == 15) /* a point window */
        w[2] = w[0], w[3] = w[1];
    if (c == 16) { /* everything */
        w[0] = -1e300, w[1] = -INFINITY, w[2] = 1e300, w[3] = INFINITY;
    }
    if (c == 17) { /* inverted: nothing */
        double t = w[0];
        w[0] = w[2] + 0.1;
        w[2] = t;
    }
}

/* Compare every form of window search with the oracle on one set. */
static void check_set(trng *r, const double *items, size_t n,
                      unsigned node_size, int queries)
{
    kz_rtree *t = tset_tree(items, n, node_size);
    uint32_t *want = malloc((n + 1) * sizeof(uint32_t));
    uint32_t *got = malloc((n + 1) * sizeof(uint32_t));
    collect c = {got, 0, 0};

    if (!t)
        goto done;
    CU_ASSERT_EQUAL(kz_rtree_count(t), n);
    for (int q = 0; q < queries; q++) {
        double w[4];
        size_t nw, total = 0, cap;
        int rc;

        /* windows around items too, to hit duplicates and edges exactly */
        random_window(r, w);
        if (n && q % 4 == 3) {
            const double *b = items + 4 * (trng_next(r) % n);
            memcpy(w, b, sizeof(w));
        }
        nw = oracle_window(want, items, n, w);

        c.n = 0;
        rc = kz_rtree_search(kz_test_ctx, t, w[0], w[1], w[2], w[3],
                             collect_id, &c);
        CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
        qsort(got, c.n, sizeof(*got), cmp_u32);
        if (c.n != nw || memcmp(got, want, nw * sizeof(*got)) != 0) {
            fprintf(stderr,
                    "n=%zu node=%u window (%.17g %.17g %.17g %.17g): "
                    "%zu found, %zu expected\n",
                    n, node_size, w[0], w[1], w[2], w[3], c.n, nw);
            CU_FAIL_FATAL("visitor search differs from the linear scan");
        }

        cap = nw ? trng_next(r) % (nw + 2) : 0; /* sometimes too small */
        rc = kz_rtree_search_ids(&total, got, cap, kz_test_ctx, t, w[0],
                                 w[1], w[2], w[3]);
        CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
        CU_ASSERT_EQUAL_FATAL(total, nw);
        if (cap < nw) { /* the prefix is a subset; retry with room */
            qsort(got, cap, sizeof(*got), cmp_u32);
            for (size_t i = 0; i < cap; i++)
                CU_ASSERT_FATAL(bsearch(&got[i], want, nw, sizeof(*want),
                                        cmp_u32) != NULL);
            rc = kz_rtree_search_ids(&total, got, nw, kz_test_ctx, t, w[0],
                                     w[1], w[2], w[3]);
            CU_ASSERT_EQUAL_FATAL(total, nw);
        }
        qsort(got, nw, sizeof(*got), cmp_u32);
        CU_ASSERT_FATAL(memcmp(got, want, nw * sizeof(*got)) == 0);
    }
done:
    kz_rtree_destroy(t);
    free(want);
    free(got);
}

static void test_sizes_points(void)
{
    static const size_t sizes[] = {0, 1, 2, 3, 15, 16, 17, 255, 256, 257,
                                   1000, 4097, 30000, 100000};
    static const unsigned nodes[] = {2, 3, 15, 16, 17, 256};
    trng r;

    trng_init(&r, 1);
    for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++)
        for (size_t j = 0; j < sizeof(nodes) / sizeof(*nodes); j++) {
            size_t n = sizes[i];
            double *it;
            if (n >= 30000 && nodes[j] != 16 && nodes[j] != 3)
                continue;
            it = tset_make(&r, TSET_POINTS, n);
            check_set(&r, it, n, nodes[j], n >= 30000 ? 60 : 40);
            free(it);
        }
}

static void test_sizes_boxes(void)
{
    static const size_t sizes[] = {0, 1, 2, 16, 17, 500, 5000, 50000};
    static const unsigned nodes[] = {2, 15, 16, 17, 64};
    trng r;

    trng_init(&r, 2);
    for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++)
        for (size_t j = 0; j < sizeof(nodes) / sizeof(*nodes); j++) {
            double *it = tset_make(&r, TSET_BOXES, sizes[i]);
            check_set(&r, it, sizes[i], nodes[j], 40);
            free(it);
        }
}

static void test_duplicates(void)
{
    trng r;
    trng_init(&r, 3);
    for (unsigned node = 2; node <= 17; node += 15) {
        double *it = tset_make(&r, TSET_DUPLICATES, 20000);
        check_set(&r, it, 20000, node, 60);
        free(it);
    }
}

static void test_bulk_points(void)
{
    /* kz_rtree_build_points answers like add/finish */
    trng r;
    size_t n = 20000;
    double *it, *xy = malloc(2 * n * sizeof(double));
    uint32_t *a = malloc(n * sizeof(uint32_t)), *b = malloc(n * 4);
    kz_rtree *t1 = NULL, *t2 = NULL;

    trng_init(&r, 4);
    it = tset_make(&r, TSET_POINTS, n);
    for (size_t i = 0; i < n; i++) {
        xy[2 * i] = it[4 * i];
        xy[2 * i + 1] = it[4 * i + 1];
    }
    CU_ASSERT_EQUAL_FATAL(
        kz_rtree_build_points(&t1, kz_test_ctx, xy, n, NULL), KZ_OK);
    t2 = tset_tree(it, n, 16);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t2);
    CU_ASSERT_EQUAL(kz_rtree_count(t1), n);
    for (int q = 0; q < 50; q++) {
        double w[4];
        size_t na, nb;
        random_window(&r, w);
        kz_rtree_search_ids(&na, a, n, kz_test_ctx, t1, w[0], w[1], w[2],
                            w[3]);
        kz_rtree_search_ids(&nb, b, n, kz_test_ctx, t2, w[0], w[1], w[2],
                            w[3]);
        CU_ASSERT_EQUAL_FATAL(na, nb);
        qsort(a, na, 4, cmp_u32);
        qsort(b, nb, 4, cmp_u32);
        CU_ASSERT_FATAL(memcmp(a, b, na * 4) == 0);
    }
    kz_rtree_destroy(t1);
    kz_rtree_destroy(t2);
    free(it);
    free(xy);
    free(a);
    free(b);
}

static void test_visitor_stops(void)
{
    trng r;
    size_t n = 5000;
    double *it;
    kz_rtree *t;
    uint32_t ids[16];
    collect c = {ids, 0, 10};

    trng_init(&r, 5);
    it = tset_make(&r, TSET_POINTS, n);
    t = tset_tree(it, n, 16);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(kz_rtree_search(kz_test_ctx, t, -1e9, -1e9, 1e9, 1e9,
                                    collect_id, &c),
                    7);
    CU_ASSERT_EQUAL(c.n, 10);
    kz_rtree_destroy(t);
    free(it);
}

static void test_rounding_exact(void)
{
    /* points one double ulp apart around float32-unrepresentable values:
     * float32 inner boxes must never lose them */
    kz_rtree *t = NULL;
    size_t n = 4000, total;
    double *xy = malloc(2 * n * sizeof(double));
    uint32_t *ids = malloc(n * sizeof(uint32_t));
    double base = 47.123456789012345;

    for (size_t i = 0; i < n; i++) {
        xy[2 * i] = base + (double)(i % 40) * 1e-15;
        xy[2 * i + 1] = 40.1 + (double)(i / 40) * 1e-15;
    }
    CU_ASSERT_EQUAL_FATAL(
        kz_rtree_build_points(&t, kz_test_ctx, xy, n, NULL), KZ_OK);
    for (size_t i = 0; i < n; i += 37) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        size_t want = 0;
        for (size_t j = 0; j < n; j++)
            want += xy[2 * j] == x && xy[2 * j + 1] == y;
        kz_rtree_search_ids(&total, ids, n, kz_test_ctx, t, x, y, x, y);
        CU_ASSERT_EQUAL_FATAL(total, want);
        kz_rtree_search_ids(&total, ids, n, kz_test_ctx, t, x, y,
                            nextafter(x, 100), nextafter(y, 100));
        want = 0;
        for (size_t j = 0; j < n; j++)
            want += xy[2 * j] >= x && xy[2 * j] <= nextafter(x, 100) &&
                    xy[2 * j + 1] >= y && xy[2 * j + 1] <= nextafter(y, 100);
        CU_ASSERT_EQUAL_FATAL(total, want);
    }
    kz_rtree_destroy(t);
    free(xy);
    free(ids);
}

static void test_huge_coordinates(void)
{
    /* extents beyond float32 and beyond half of DBL_MAX */
    static const double it[] = {-1e308, -1e308, -1e308, -1e308,
                                1e308,  1e308,  1e308,  1e308,
                                0,      0,      1e300,  1e39,
                                -5e-324, 0,     5e-324, 0};
    uint32_t want[4], got[4];
    trng r;
    kz_rtree *t = tset_tree(it, 4, 2);

    trng_init(&r, 6);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (int q = 0; q < 200; q++) {
        double w[4];
        size_t nw, total;
        for (int k = 0; k < 2; k++) {
            double a = ldexp(trng_uniform(&r, -1, 1), (int)(trng_next(&r) % 2100) - 1074);
            double b = ldexp(trng_uniform(&r, -1, 1), (int)(trng_next(&r) % 2100) - 1074);
            w[k] = a < b ? a : b;
            w[k + 2] = a < b ? b : a;
        }
        nw = oracle_window(want, it, 4, w);
        kz_rtree_search_ids(&total, got, 4, kz_test_ctx, t, w[0], w[1], w[2],
                            w[3]);
        CU_ASSERT_EQUAL_FATAL(total, nw);
        qsort(got, nw, 4, cmp_u32);
        CU_ASSERT_FATAL(memcmp(got, want, nw * 4) == 0);
    }
    kz_rtree_destroy(t);
}

const kz_test_case kz_index_window_cases[] = {
    {"sizes_points", test_sizes_points},
    {"sizes_boxes", test_sizes_boxes},
    {"duplicates", test_duplicates},
    {"bulk_points", test_bulk_points},
    {"visitor_stops", test_visitor_stops},
    {"rounding_exact", test_rounding_exact},
    {"huge_coordinates", test_huge_coordinates},
    KZ_TEST_END};
