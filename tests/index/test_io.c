/*
 * test_io.c - saving and loading: a loaded tree answers like the original;
 * every truncation and every corrupted byte gives KZ_EFORMAT.
 */
#include "tindex.h"

#include <stdlib.h>
#include <string.h>

/* Same window and knn answers from two trees. */
static void same_answers(trng *r, const kz_rtree *a, const kz_rtree *b,
                         size_t n)
{
    uint32_t *x = malloc((n + 1) * 4), *y = malloc((n + 1) * 4);
    kz_rtree_knn_scratch *sc = NULL;
    double dx[8], dy[8];

    CU_ASSERT_EQUAL_FATAL(kz_rtree_knn_scratch_create(&sc, kz_test_ctx),
                          KZ_OK);
    CU_ASSERT_EQUAL(kz_rtree_count(a), kz_rtree_count(b));
    for (int q = 0; q < 50; q++) {
        double wx = trng_uniform(r, 44, 51), wy = trng_uniform(r, 38, 42);
        double s = trng_uniform(r, 0, 1);
        size_t na, nb;
        kz_rtree_search_ids(&na, x, n, kz_test_ctx, a, wx, wy, wx + s,
                            wy + s);
        kz_rtree_search_ids(&nb, y, n, kz_test_ctx, b, wx, wy, wx + s,
                            wy + s);
        CU_ASSERT_EQUAL_FATAL(na, nb);
        CU_ASSERT_FATAL(memcmp(x, y, na * 4) == 0); /* same order even */
        kz_rtree_knn(&na, x, dx, kz_test_ctx, a, sc, wx, wy, 8, NULL);
        kz_rtree_knn(&nb, y, dy, kz_test_ctx, b, sc, wx, wy, 8, NULL);
        CU_ASSERT_EQUAL_FATAL(na, nb);
        CU_ASSERT_FATAL(memcmp(dx, dy, na * sizeof(double)) == 0);
    }
    kz_rtree_knn_scratch_destroy(sc);
    free(x);
    free(y);
}

static void roundtrip(tset_kind kind, size_t n, unsigned node, uint64_t salt)
{
    trng r;
    double *it;
    kz_rtree *t, *m = NULL, *f = NULL;
    const void *data;
    size_t len, len2;
    char path[512];
    double b0[4], b1[4];

    trng_init(&r, salt);
    it = tset_make(&r, kind, n);
    t = tset_tree(it, n, node);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    data = kz_rtree_data(t, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    CU_ASSERT_EQUAL_FATAL(kz_rtree_load_buffer(&m, kz_test_ctx, data, len),
                          KZ_OK);
    CU_ASSERT(memcmp(kz_rtree_data(m, &len2), data, len) == 0);
    CU_ASSERT_EQUAL(len2, len);
    same_answers(&r, t, m, n);
    snprintf(path, sizeof(path), "%s/tree-%zu.kzr", kz_test_tmpdir(), n);
    CU_ASSERT_EQUAL_FATAL(kz_rtree_save(kz_test_ctx, t, path), KZ_OK);
    CU_ASSERT_EQUAL_FATAL(kz_rtree_load(&f, kz_test_ctx, path), KZ_OK);
    same_answers(&r, t, f, n);
    CU_ASSERT_EQUAL(kz_rtree_bounds(t, &b0[0], &b0[1], &b0[2], &b0[3]),
                    n > 0);
    CU_ASSERT_EQUAL(kz_rtree_bounds(f, &b1[0], &b1[1], &b1[2], &b1[3]),
                    n > 0);
    if (n > 0)
        CU_ASSERT(memcmp(b0, b1, sizeof(b0)) == 0);
    kz_rtree_destroy(t);
    kz_rtree_destroy(m);
    kz_rtree_destroy(f);
    free(it);
}

static void test_roundtrip(void)
{
    roundtrip(TSET_POINTS, 0, 16, 21);
    roundtrip(TSET_POINTS, 1, 16, 22);
    roundtrip(TSET_POINTS, 10000, 16, 23);
    roundtrip(TSET_BOXES, 3000, 7, 24);
    roundtrip(TSET_DUPLICATES, 999, 2, 25);
}

static void expect_eformat(const unsigned char *p, size_t len,
                           const char *what, size_t where)
{
    kz_rtree *t = NULL;
    int rc = kz_rtree_load_buffer(&t, kz_test_ctx, p, len);
    if (rc != KZ_EFORMAT) {
        fprintf(stderr, "%s at %zu: got %s\n", what, where,
                kz_status_str(rc));
        CU_FAIL("corrupt tree data accepted");
    }
    CU_ASSERT_PTR_NULL(t);
    kz_rtree_destroy(t);
}

static void test_corruption(void)
{
    trng r;
    double *it;
    kz_rtree *t;
    const unsigned char *data;
    unsigned char *copy;
    size_t len, i;

    trng_init(&r, 26);
    it = tset_make(&r, TSET_BOXES, 700);
    t = tset_tree(it, 700, 16);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    data = kz_rtree_data(t, &len);
    copy = malloc(len);

    /* every truncation length up to the header and a sample after it */
    for (i = 0; i < len; i += i < 200 ? 1 : 997)
        expect_eformat(data, i, "truncated", i);
    /* one byte more */
    memcpy(copy, data, len);
    {
        unsigned char *longer = malloc(len + 1);
        memcpy(longer, data, len);
        longer[len] = 0;
        expect_eformat(longer, len + 1, "extended", len);
        free(longer);
    }
    /* every header byte and a sample of the body, flipped */
    for (i = 0; i < len; i += i < 64 ? 1 : 1 + trng_next(&r) % 97) {
        unsigned char x = (unsigned char)(1 + trng_next(&r) % 255);
        memcpy(copy, data, len);
        copy[i] ^= x;
        expect_eformat(copy, len, "flipped byte", i);
    }
    /* garbage */
    for (i = 0; i < len; i++)
        copy[i] = (unsigned char)trng_next(&r);
    expect_eformat(copy, len, "garbage", 0);
    expect_eformat(NULL, 0, "empty", 0);
    free(copy);
    kz_rtree_destroy(t);
    free(it);
}

static void test_load_missing_file(void)
{
    kz_rtree *t = NULL;
    CU_ASSERT_EQUAL(kz_rtree_load(&t, kz_test_ctx, "/nonexistent/x.kzr"),
                    KZ_EIO);
    CU_ASSERT_PTR_NULL(t);
}

const kz_test_case kz_index_io_cases[] = {
    {"roundtrip", test_roundtrip},
    {"corruption", test_corruption},
    {"load_missing_file", test_load_missing_file},
    KZ_TEST_END};
