/*
 * test_knn.c - k nearest neighbours, planar and great-circle, against the
 * sorted distances of a brute force, with max distance and a filter.
 */
#include "tindex.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int keep_mod3(void *ud, uint32_t id)
{
    (void)ud;
    return id % 3 == 0;
}

static double planar_dist(const double *b, double x, double y)
{
    double dx = x < b[0] ? b[0] - x : (x > b[2] ? x - b[2] : 0);
    double dy = y < b[1] ? b[1] - y : (y > b[3] ? y - b[3] : 0);
    return sqrt(dx * dx + dy * dy);
}

static int close_enough(double a, double b, int geo)
{
    double tol = geo ? 1e-6 + 1e-9 * fabs(b) : 1e-12 * (1 + fabs(b));
    return fabs(a - b) <= tol;
}

/* One query against the oracle; brute-force distances in bf (n). */
static void check_query(kz_rtree_knn_scratch *sc, const kz_rtree *t,
                        const double *items, size_t n, double x, double y,
                        size_t k, double max_dist, int filter, int geo)
{
    kz_rtree_knn_options o = KZ_RTREE_KNN_OPTIONS_INIT;
    double *bf = malloc((n + 1) * sizeof(double));
    uint32_t *ids = malloc((k + 1) * sizeof(uint32_t));
    double *d = malloc((k + 1) * sizeof(double));
    size_t nb = 0, found = 0, want;
    int rc;

    for (size_t i = 0; i < n; i++) {
        const double *b = items + 4 * i;
        double di;
        if (filter && i % 3 != 0)
            continue;
        if (!geo)
            di = planar_dist(b, x, y);
        else if (b[0] == b[2] && b[1] == b[3])
            di = oracle_geo_dist(x, y, b[0], b[1]);
        else
            di = oracle_geo_box_dist(x, y, b);
        if (max_dist >= 0 && di > max_dist)
            continue;
        bf[nb++] = di;
    }
    qsort(bf, nb, sizeof(*bf), cmp_double);
    want = nb < k ? nb : k;

    o.max_dist = max_dist;
    o.filter = filter ? keep_mod3 : NULL;
    rc = geo ? kz_rtree_knn_geo(&found, ids, d, kz_test_ctx, t, sc, x, y, k,
                                &o)
             : kz_rtree_knn(&found, ids, d, kz_test_ctx, t, sc, x, y, k, &o);
    CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
    /* near max_dist the two formulas may disagree by rounding */
    if (found != want && !(max_dist >= 0 && found + 1 == want &&
                           close_enough(bf[want - 1], max_dist, geo))) {
        fprintf(stderr, "knn (%.17g, %.17g) k=%zu: %zu found, %zu expected\n",
                x, y, k, found, want);
        CU_FAIL_FATAL("knn count differs from the brute force");
    }
    for (size_t i = 0; i < found; i++) {
        const double *b = items + 4 * (size_t)ids[i];
        double again = !geo ? planar_dist(b, x, y)
                       : (b[0] == b[2] && b[1] == b[3])
                           ? oracle_geo_dist(x, y, b[0], b[1])
                           : oracle_geo_box_dist(x, y, b);
        if (!close_enough(d[i], bf[i], geo) ||
            !close_enough(again, d[i], geo) ||
            (i > 0 && d[i] < d[i - 1]) || (filter && ids[i] % 3 != 0)) {
            fprintf(stderr,
                    "knn (%.17g, %.17g) k=%zu #%zu: id %u at %.17g, "
                    "expected %.17g (recomputed %.17g)\n",
                    x, y, k, i, ids[i], d[i], bf[i], again);
            CU_FAIL_FATAL("knn distance differs from the brute force");
        }
    }
    free(bf);
    free(ids);
    free(d);
}

static void check_set(trng *r, tset_kind kind, size_t n, unsigned node,
                      int geo, int queries)
{
    double *it = tset_make(r, kind, n);
    kz_rtree *t = tset_tree(it, n, node);
    kz_rtree_knn_scratch *sc = NULL;

    CU_ASSERT_EQUAL_FATAL(kz_rtree_knn_scratch_create(&sc, kz_test_ctx),
                          KZ_OK);
    for (int q = 0; t && q < queries; q++) {
        static const size_t ks[] = {1, 2, 10, 50, 1000};
        size_t k = ks[trng_next(r) % 5];
        double x, y, max_dist = -1;
        int filter = q % 4 == 1;
        if (kind == TSET_LONLAT) {
            x = trng_uniform(r, -180, 180);
            y = trng_uniform(r, -90, 90);
        } else {
            x = trng_uniform(r, 43, 52);
            y = trng_uniform(r, 37, 43);
        }
        if (q % 3 == 2)
            max_dist = geo ? trng_uniform(r, 0, 3e5) : trng_uniform(r, 0, 1);
        if (q % 7 == 6 && n) { /* exactly on an item */
            x = it[4 * (trng_next(r) % n)];
            y = it[4 * (trng_next(r) % n) + 1];
        }
        check_query(sc, t, it, n, x, y, k, max_dist, filter, geo);
    }
    kz_rtree_knn_scratch_destroy(sc);
    kz_rtree_destroy(t);
    free(it);
}

static void test_planar_points(void)
{
    static const size_t sizes[] = {0, 1, 2, 17, 300, 5000, 100000};
    trng r;
    trng_init(&r, 11);
    for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
        check_set(&r, TSET_POINTS, sizes[i], 16, 0, sizes[i] > 10000 ? 40 : 60);
        check_set(&r, TSET_POINTS, sizes[i], 2, 0, 20);
        check_set(&r, TSET_POINTS, sizes[i], 17, 0, 20);
    }
}

static void test_planar_boxes(void)
{
    trng r;
    trng_init(&r, 12);
    check_set(&r, TSET_BOXES, 3000, 16, 0, 60);
    check_set(&r, TSET_BOXES, 3000, 5, 0, 30);
    check_set(&r, TSET_DUPLICATES, 3000, 16, 0, 60);
}

static void test_geo_points(void)
{
    trng r;
    trng_init(&r, 13);
    check_set(&r, TSET_POINTS, 20000, 16, 1, 60);
    check_set(&r, TSET_LONLAT, 20000, 16, 1, 80);
    check_set(&r, TSET_LONLAT, 500, 3, 1, 80);
    check_set(&r, TSET_LONLAT, 1, 16, 1, 5);
}

static void test_geo_boxes(void)
{
    trng r;
    trng_init(&r, 14);
    check_set(&r, TSET_BOXES, 800, 16, 1, 25);
}

static void test_geo_edges(void)
{
    /* the dateline and the poles */
    static const double pts[][2] = {{179.9, 0},    {-179.9, 0.1},
                                    {0, 89.99},    {180, 89.9},
                                    {-180, -89.9}, {90, -90},
                                    {179.999, -45}, {-0.001, 10}};
    static const double qs[][2] = {{180, 0}, {-180, 0.05}, {0, 90},
                                   {-90, 90}, {45, -90},   {179.9999, -45}};
    size_t n = sizeof(pts) / sizeof(*pts);
    double it[4 * 8];
    kz_rtree *t;
    kz_rtree_knn_scratch *sc = NULL;

    for (size_t i = 0; i < n; i++) {
        it[4 * i] = it[4 * i + 2] = pts[i][0];
        it[4 * i + 1] = it[4 * i + 3] = pts[i][1];
    }
    t = tset_tree(it, n, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(kz_rtree_knn_scratch_create(&sc, kz_test_ctx),
                          KZ_OK);
    for (size_t q = 0; q < sizeof(qs) / sizeof(*qs); q++)
        for (size_t k = 1; k <= n; k++)
            check_query(sc, t, it, n, qs[q][0], qs[q][1], k, -1, 0, 1);
    kz_rtree_knn_scratch_destroy(sc);
    kz_rtree_destroy(t);
}

static void test_knn_misuse(void)
{
    kz_rtree *t = NULL;
    kz_rtree_knn_scratch *sc = NULL;
    uint32_t id;
    size_t n = 9;

    CU_ASSERT_EQUAL_FATAL(kz_rtree_create(&t, kz_test_ctx, 1, NULL), KZ_OK);
    CU_ASSERT_EQUAL_FATAL(kz_rtree_knn_scratch_create(&sc, kz_test_ctx),
                          KZ_OK);
    /* unfinished */
    CU_ASSERT_EQUAL(kz_rtree_knn(&n, &id, NULL, kz_test_ctx, t, sc, 0, 0, 1,
                                 NULL),
                    KZ_EINVAL);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(kz_rtree_add_point(kz_test_ctx, t, 1, 2), KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_finish(kz_test_ctx, t), KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_knn(&n, &id, NULL, kz_test_ctx, t, sc, NAN, 0,
                                 1, NULL),
                    KZ_EINVAL);
    CU_ASSERT_EQUAL(kz_rtree_knn(&n, &id, NULL, kz_test_ctx, t, sc, 0, 0, 0,
                                 NULL),
                    KZ_OK);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(kz_rtree_knn(&n, &id, NULL, kz_test_ctx, t, sc, 0, 0, 5,
                                 NULL),
                    KZ_OK);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_EQUAL(id, 0);
    kz_rtree_knn_scratch_destroy(sc);
    kz_rtree_destroy(t);
}

const kz_test_case kz_index_knn_cases[] = {
    {"planar_points", test_planar_points},
    {"planar_boxes", test_planar_boxes},
    {"geo_points", test_geo_points},
    {"geo_boxes", test_geo_boxes},
    {"geo_edges", test_geo_edges},
    {"misuse", test_knn_misuse},
    KZ_TEST_END};
