/*
 * test_robust.c - rejected input (NaN, infinity, misuse), allocation
 * failure at every step, and concurrent queries on one tree.
 */
#include "tindex.h"

#include "core/core.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void test_nonfinite_rejected(void)
{
    static const double bad[] = {NAN, INFINITY, -INFINITY};
    kz_rtree *t = NULL;
    double xy[40];

    for (int i = 0; i < 40; i++)
        xy[i] = 45 + i * 0.01;
    for (size_t b = 0; b < 3; b++)
        for (int c = 0; c < 2; c++) {
            xy[2 * 13 + c] = bad[b];
            CU_ASSERT_EQUAL(
                kz_rtree_build_points(&t, kz_test_ctx, xy, 20, NULL),
                KZ_EINVAL);
            CU_ASSERT_PTR_NULL(t);
            CU_ASSERT_PTR_NOT_NULL(
                strstr(kz_ctx_error(kz_test_ctx)->message, "point 13"));
            xy[2 * 13 + c] = 45;
        }
    CU_ASSERT_EQUAL_FATAL(kz_rtree_create(&t, kz_test_ctx, 3, NULL), KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_add_point(kz_test_ctx, t, 1, 1), KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_add(kz_test_ctx, t, 0, 0, INFINITY, 1),
                    KZ_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(kz_ctx_error(kz_test_ctx)->message, "item 1"));
    CU_ASSERT_EQUAL(kz_rtree_add(kz_test_ctx, t, NAN, 0, 1, 1), KZ_EINVAL);
    CU_ASSERT_EQUAL(kz_rtree_add(kz_test_ctx, t, 2, 0, 1, 1), KZ_EINVAL);
    CU_ASSERT_EQUAL(kz_rtree_count(t), 1);
    /* finishing early fails, the tree stays usable */
    CU_ASSERT_EQUAL(kz_rtree_finish(kz_test_ctx, t), KZ_EINVAL);
    CU_ASSERT_EQUAL(kz_rtree_add_point(kz_test_ctx, t, 2, 2), KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_add_point(kz_test_ctx, t, 3, 3), KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_add_point(kz_test_ctx, t, 4, 4), KZ_EINVAL);
    CU_ASSERT_EQUAL(kz_rtree_finish(kz_test_ctx, t), KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_finish(kz_test_ctx, t), KZ_EINVAL);
    CU_ASSERT_EQUAL(kz_rtree_count(t), 3);
    kz_rtree_destroy(t);
}

static int never(void *ud, uint32_t id)
{
    (void)ud;
    (void)id;
    return 1;
}

static void test_misuse(void)
{
    kz_rtree *t = NULL;
    kz_rtree_options o = KZ_RTREE_OPTIONS_INIT;
    size_t total = 5;
    uint32_t id;

    o.node_size = 1;
    CU_ASSERT_EQUAL(kz_rtree_create(&t, kz_test_ctx, 3, &o), KZ_EINVAL);
    o.node_size = 257;
    CU_ASSERT_EQUAL(kz_rtree_create(&t, kz_test_ctx, 3, &o), KZ_EINVAL);
    o.node_size = 256;
    CU_ASSERT_EQUAL(kz_rtree_create(&t, kz_test_ctx, 3, &o), KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_search_ids(&total, &id, 1, kz_test_ctx, t, 0, 0,
                                        1, 1),
                    KZ_EINVAL);
    CU_ASSERT_EQUAL(total, 0);
    CU_ASSERT_PTR_NULL(kz_rtree_data(t, &total));
    CU_ASSERT_EQUAL(kz_rtree_is_finished(t), 0);
    kz_rtree_destroy(t);
    kz_rtree_destroy(NULL);
    CU_ASSERT_EQUAL(kz_rtree_create(&t, kz_test_ctx, 0, NULL), KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_finish(kz_test_ctx, t), KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_search(kz_test_ctx, t, NAN, 0, 1, 1, never,
                                    NULL),
                    KZ_EINVAL);
    CU_ASSERT_EQUAL(kz_rtree_search(kz_test_ctx, t, -1e9, -1e9, 1e9, 1e9,
                                    never, NULL),
                    KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_bounds(t, NULL, NULL, NULL, NULL), 0);
    kz_rtree_destroy(t);
}

/* Everything the index allocates, in one go; KZ_OK or the first error. */
static int build_everything(kz_ctx *ctx, const double *xy, size_t n)
{
    kz_rtree *a = NULL, *b = NULL, *c = NULL;
    kz_rtree_knn_scratch *sc = NULL;
    kz_collide *col = NULL;
    uint32_t ids[64];
    double d[64];
    size_t found, len;
    const void *data;
    int rc;

    if ((rc = kz_rtree_build_points(&a, ctx, xy, n, NULL)) < 0)
        goto done;
    if ((rc = kz_rtree_create(&b, ctx, n, NULL)) < 0)
        goto done;
    for (size_t i = 0; i < n; i++)
        if ((rc = kz_rtree_add(ctx, b, xy[2 * i], xy[2 * i + 1],
                               xy[2 * i] + 0.01, xy[2 * i + 1])) < 0)
            goto done;
    if ((rc = kz_rtree_finish(ctx, b)) < 0)
        goto done;
    data = kz_rtree_data(a, &len);
    if ((rc = kz_rtree_load_buffer(&c, ctx, data, len)) < 0)
        goto done;
    if ((rc = kz_rtree_knn_scratch_create(&sc, ctx)) < 0)
        goto done;
    if ((rc = kz_rtree_knn(&found, ids, d, ctx, b, sc, 47, 40, 64, NULL)) <
        0)
        goto done;
    if ((rc = kz_rtree_knn_geo(&found, ids, d, ctx, c, sc, 47, 40, 64,
                               NULL)) < 0)
        goto done;
    if ((rc = kz_collide_create(&col, ctx, 0, 0, 100, 100, 5)) < 0)
        goto done;
    for (size_t i = 0; i < 200; i++)
        if ((rc = kz_collide_insert(ctx, col, (double)(i % 20) * 5,
                                    (double)(i / 20) * 5,
                                    (double)(i % 20) * 5 + 7,
                                    (double)(i / 20) * 5 + 3)) < 0)
            goto done;
done:
    kz_rtree_destroy(a);
    kz_rtree_destroy(b);
    kz_rtree_destroy(c);
    kz_rtree_knn_scratch_destroy(sc);
    kz_collide_destroy(col);
    return rc;
}

static void test_oom_loop(void)
{
    trng r;
    size_t n = 3000;
    double *xy = malloc(2 * n * sizeof(double));
    long fail;
    int rc = KZ_ENOMEM;

    trng_init(&r, 31);
    for (size_t i = 0; i < 2 * n; i += 2) {
        xy[i] = trng_uniform(&r, 44.77, 50.63);
        xy[i + 1] = trng_uniform(&r, 38.39, 41.91);
    }
    for (fail = 1; fail < 10000 && rc != KZ_OK; fail++) {
        kz__ctx_fail_alloc_at(kz_test_ctx, fail);
        rc = build_everything(kz_test_ctx, xy, n);
        if (rc != KZ_OK && rc != KZ_ENOMEM) {
            fprintf(stderr, "allocation %ld failed: %s\n", fail,
                    kz_status_str(rc));
            CU_FAIL("allocation failure gave another error");
            break;
        }
    }
    kz__ctx_fail_alloc_at(kz_test_ctx, 0);
    CU_ASSERT_EQUAL(rc, KZ_OK);
    CU_ASSERT(fail > 5);
    free(xy);
}

/* ---------------------------------------------------------- threads */

#define T_QUERIES 300

typedef struct job {
    const kz_rtree *tree;
    const double *q; /* T_QUERIES x (x, y, size) */
    uint64_t sums[T_QUERIES];
    int rc;
} job;

/* A digest of one query's answers: window ids and knn ids/distances. */
static void *worker(void *arg)
{
    job *j = arg;
    kz_ctx *ctx = NULL;
    kz_rtree_knn_scratch *sc = NULL;
    uint32_t *ids = malloc(200000 * 4), kn[20];
    double d[20];

    j->rc = kz_ctx_create(&ctx, NULL);
    if (j->rc == KZ_OK)
        j->rc = kz_rtree_knn_scratch_create(&sc, ctx);
    for (int i = 0; j->rc == KZ_OK && i < T_QUERIES; i++) {
        const double *q = j->q + 3 * i;
        size_t total = 0, found = 0;
        uint64_t h = 0;
        j->rc = kz_rtree_search_ids(&total, ids, 200000, ctx, j->tree, q[0],
                                    q[1], q[0] + q[2], q[1] + q[2]);
        qsort(ids, total < 200000 ? total : 200000, 4, cmp_u32);
        for (size_t k = 0; k < total && k < 200000; k++)
            h = h * 1000003 + ids[k];
        if (j->rc == KZ_OK)
            j->rc = kz_rtree_knn_geo(&found, kn, d, ctx, j->tree, sc, q[0],
                                     q[1], 20, NULL);
        for (size_t k = 0; k < found; k++) {
            uint64_t bits;
            memcpy(&bits, &d[k], 8);
            h = h * 1000003 + bits;
        }
        j->sums[i] = h ^ total;
    }
    kz_rtree_knn_scratch_destroy(sc);
    kz_ctx_destroy(ctx);
    free(ids);
    return NULL;
}

static void test_threads(void)
{
    trng r;
    size_t n = 200000;
    double *xy = malloc(2 * n * sizeof(double)), q[3 * T_QUERIES];
    kz_rtree *t = NULL;
    job *jobs = calloc(5, sizeof(job));
    pthread_t th[4];

    trng_init(&r, 32);
    for (size_t i = 0; i < 2 * n; i += 2) {
        xy[i] = trng_uniform(&r, 44.77, 50.63);
        xy[i + 1] = trng_uniform(&r, 38.39, 41.91);
    }
    for (int i = 0; i < T_QUERIES; i++) {
        q[3 * i] = trng_uniform(&r, 44.77, 50.63);
        q[3 * i + 1] = trng_uniform(&r, 38.39, 41.91);
        q[3 * i + 2] = trng_uniform(&r, 0, 0.3);
    }
    CU_ASSERT_EQUAL_FATAL(kz_rtree_build_points(&t, kz_test_ctx, xy, n, NULL),
                          KZ_OK);
    for (int i = 0; i < 5; i++) {
        jobs[i].tree = t;
        jobs[i].q = q;
    }
    worker(&jobs[4]); /* the reference, alone */
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL_FATAL(pthread_create(&th[i], NULL, worker, &jobs[i]),
                              0);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(jobs[i].rc, KZ_OK);
    for (int i = 0; i < 4; i++)
        CU_ASSERT(memcmp(jobs[i].sums, jobs[4].sums, sizeof(jobs[i].sums)) ==
                  0);
    kz_rtree_destroy(t);
    free(xy);
    free(jobs);
}

const kz_test_case kz_index_robust_cases[] = {
    {"nonfinite_rejected", test_nonfinite_rejected},
    {"misuse", test_misuse},
    {"oom_loop", test_oom_loop},
    {"threads", test_threads},
    KZ_TEST_END};
