/*
 * test_collide.c - the label-collision grid against a brute-force list:
 * greedy placement, touching edges, boxes beyond the page, clearing.
 */
#include "tindex.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int overlaps(const double *a, const double *b)
{
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

static int brute(const double *placed, size_t n, const double *b)
{
    for (size_t i = 0; i < n; i++)
        if (overlaps(placed + 4 * i, b))
            return 1;
    return 0;
}

static void random_label(trng *r, double *b)
{
    double w = trng_uniform(r, 0.5, 40), h = trng_uniform(r, 0.5, 12);
    /* snap to a coarse lattice now and then so edges touch exactly */
    int snap = trng_next(r) % 3 == 0;
    b[0] = trng_uniform(r, -30, 620);
    b[1] = trng_uniform(r, -30, 860);
    if (snap) {
        b[0] = floor(b[0] / 10) * 10, b[1] = floor(b[1] / 10) * 10;
        w = 10 * (double)(1 + trng_next(r) % 4);
        h = 10;
    }
    b[2] = b[0] + w;
    b[3] = b[1] + h;
}

static void test_vs_brute(void)
{
    static const double cells[] = {3, 17.5, 50, 1000, 1e-6};
    trng r;

    trng_init(&r, 41);
    for (size_t ci = 0; ci < sizeof(cells) / sizeof(*cells); ci++) {
        kz_collide *c = NULL;
        double *placed = malloc(3000 * 4 * sizeof(double));
        size_t np = 0;

        CU_ASSERT_EQUAL_FATAL(kz_collide_create(&c, kz_test_ctx, 0, 0, 595,
                                                842, cells[ci]),
                              KZ_OK);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3000; i++) {
                double b[4];
                int hit;
                random_label(&r, b);
                hit = kz_collide_test(c, b[0], b[1], b[2], b[3]);
                CU_ASSERT_EQUAL_FATAL(hit, brute(placed, np, b));
                if (!hit) {
                    CU_ASSERT_EQUAL_FATAL(kz_collide_insert(kz_test_ctx, c,
                                                            b[0], b[1], b[2],
                                                            b[3]),
                                          KZ_OK);
                    memcpy(placed + 4 * np++, b, sizeof(b));
                }
            }
            CU_ASSERT_EQUAL(kz_collide_count(c), np);
            CU_ASSERT(np > 50);
            kz_collide_clear(c);
            np = 0;
            CU_ASSERT_EQUAL(kz_collide_count(c), 0);
            CU_ASSERT_EQUAL(kz_collide_test(c, -1e9, -1e9, 1e9, 1e9), 0);
        }
        kz_collide_destroy(c);
        free(placed);
    }
}

static void test_edges(void)
{
    kz_collide *c = NULL;

    CU_ASSERT_EQUAL_FATAL(
        kz_collide_create(&c, kz_test_ctx, 0, 0, 100, 100, 10), KZ_OK);
    CU_ASSERT_EQUAL(kz_collide_insert(kz_test_ctx, c, 10, 10, 20, 20), KZ_OK);
    /* touching along an edge or at a corner: no collision */
    CU_ASSERT_EQUAL(kz_collide_test(c, 20, 10, 30, 20), 0);
    CU_ASSERT_EQUAL(kz_collide_test(c, 0, 20, 10, 30), 0);
    CU_ASSERT_EQUAL(kz_collide_test(c, 20, 20, 30, 30), 0);
    /* overlapping by a sliver, containing, contained */
    CU_ASSERT_EQUAL(kz_collide_test(c, 19.999, 10, 30, 20), 1);
    CU_ASSERT_EQUAL(kz_collide_test(c, 0, 0, 100, 100), 1);
    CU_ASSERT_EQUAL(kz_collide_test(c, 12, 12, 13, 13), 1);
    CU_ASSERT_EQUAL(kz_collide_test(c, 15, 15, 15, 15), 1);
    CU_ASSERT_EQUAL(kz_collide_test(c, NAN, 15, 15, 15), 0);
    /* beyond the page */
    CU_ASSERT_EQUAL(kz_collide_insert(kz_test_ctx, c, -50, -50, -40, -40),
                    KZ_OK);
    CU_ASSERT_EQUAL(kz_collide_test(c, -45, -45, -44, -44), 1);
    CU_ASSERT_EQUAL(kz_collide_test(c, -35, -45, -30, -44), 0);
    CU_ASSERT_EQUAL(kz_collide_insert(kz_test_ctx, c, 1e6, 1e6, 1e7, 1e7),
                    KZ_OK);
    CU_ASSERT_EQUAL(kz_collide_test(c, 2e6, 2e6, 3e6, 3e6), 1);
    CU_ASSERT_EQUAL(kz_collide_insert(kz_test_ctx, c, 0, 0, NAN, 1),
                    KZ_EINVAL);
    CU_ASSERT_EQUAL(kz_collide_insert(kz_test_ctx, c, 5, 0, 1, 1),
                    KZ_EINVAL);
    CU_ASSERT_EQUAL(kz_collide_count(c), 3);
    kz_collide_destroy(c);
    kz_collide_destroy(NULL);
    CU_ASSERT_EQUAL(kz_collide_create(&c, kz_test_ctx, 0, 0, 0, 100, 10),
                    KZ_EINVAL);
    CU_ASSERT_EQUAL(kz_collide_create(&c, kz_test_ctx, 0, 0, 10, 100, 0),
                    KZ_EINVAL);
    CU_ASSERT_PTR_NULL(c);
}

const kz_test_case kz_index_collide_cases[] = {
    {"vs_brute", test_vs_brute},
    {"edges", test_edges},
    KZ_TEST_END};
