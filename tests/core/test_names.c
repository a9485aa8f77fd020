/*
 * test_names.c - English kahriz names derived from the Azerbaijani: the
 * possessive "kəhrizi" of the last word reads "kahriz"; expectations
 * spelled out by hand from Resolution No. 498's letter table.
 */
#include "kztest.h"

#include "core/core.h"

#include <string.h>

static void expect(const char *az, const char *en)
{
    char buf[128];
    size_t n = kz__translit_kahriz_en(buf, sizeof(buf), az);
    CU_ASSERT_STRING_EQUAL(buf, en);
    CU_ASSERT_EQUAL(n, strlen(en));
    if (strcmp(buf, en) != 0)
        fprintf(stderr, "\n%s -> %s, want %s\n", az, buf, en);
}

static void test_kahriz_possessive(void)
{
    expect("Hacı Zeynal kəhrizi", "Haji Zeynal kahriz");
    expect("Göydərə kəhrizi", "Goydara kahriz");
    expect("Çəmənli Kəhrizi", "Chamanli Kahriz");
    /* already without the suffix: only transliterated */
    expect("Qara kəhriz", "Gara kahriz");
    expect("Böyük kəhriz", "Boyuk kahriz");
    /* not a last word, not a whole word, nothing to do */
    expect("Kəhrizi yolu", "Kahrizi yolu");
    expect("Sarıkəhrizi", "Sarikahrizi");
    expect("", "");
}

static void test_kahriz_possessive_cut(void)
{
    char buf[8];
    size_t n;

    /* the length needed is the shortened name's; a short buffer holds
     * its beginning, NUL-terminated */
    CU_ASSERT_EQUAL(kz__translit_kahriz_en(NULL, 0, "Rəhim kəhrizi"), 12);
    n = kz__translit_kahriz_en(buf, sizeof(buf), "Rəhim kəhrizi");
    CU_ASSERT_EQUAL(n, 12);
    CU_ASSERT_STRING_EQUAL(buf, "Rahim k");
    n = kz__translit_kahriz_en(buf, 1, "Rəhim kəhrizi");
    CU_ASSERT_EQUAL(n, 12);
    CU_ASSERT_STRING_EQUAL(buf, "");
}

static const kz_test_case cases[] = {
    {"kahriz names: kəhrizi reads kahriz", test_kahriz_possessive},
    {"kahriz names: lengths and short buffers", test_kahriz_possessive_cut},
    KZ_TEST_END};

KZ_TEST_SUITE("names", cases);
