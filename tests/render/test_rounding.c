/*
 * test_rounding.c - one rounding rule for every number printed: half away
 * from zero on the decimal value, whatever its binary form (1.95 is
 * stored as 1.94999...); expectations worked by hand.
 */
#include "kztest.h"

#include <string.h>

static void expect(double v, int decimals, const char *lang,
                   const char *want)
{
    char buf[64];
    kz_format_number(buf, sizeof(buf), v, decimals, lang);
    if (strcmp(buf, want) != 0)
        fprintf(stderr, "\n%.17g to %d: \"%s\", want \"%s\"", v, decimals,
                buf, want);
    CU_ASSERT_STRING_EQUAL(buf, want);
}

static void test_half_away_from_zero(void)
{
    expect(1.95, 1, "en", "2.0");
    expect(1.75, 1, "en", "1.8");
    expect(1.85, 1, "az", "1,9");
    expect(0.125, 2, "en", "0.13");
    expect(2.675, 2, "en", "2.68");
    /* 1.005 * 100 is 100.49999999999999 in binary: still a half */
    expect(1.005, 2, "en", "1.01");
    expect(1.0049, 2, "en", "1.00");
    expect(2.5, 0, "en", "3");
    expect(-2.5, 0, "en", "\xe2\x88\x92" "3"); /* U+2212 */
    expect(-1.95, 1, "en", "\xe2\x88\x92" "2.0");
    expect(1966.45, 1, "en", "1,966.5");
    /* not a half: ordinary rounding */
    expect(1.94, 1, "en", "1.9");
    expect(1.96, 1, "en", "2.0");
    expect(123456789.25, 1, "en", "123,456,789.3");
    /* the ties a reader checks by hand, in both languages */
    expect(0.05, 1, "en", "0.1");
    expect(1.25, 1, "en", "1.3");
    expect(2.35, 1, "en", "2.4");
    expect(1.2 + 1.15, 1, "en", "2.4"); /* 2.3499999999999996 */
    expect(1.95, 1, "en", "2.0");
    expect(0.05, 1, "az", "0,1");
    expect(1.25, 1, "az", "1,3");
    expect(2.35, 1, "az", "2,4");
    expect(1.95, 1, "az", "2,0");
    expect(-0.04, 1, "az", "0,0");
}

static const kz_test_case cases[] = {
    {"numbers round half away from zero", test_half_away_from_zero},
    KZ_TEST_END};

KZ_TEST_SUITE("rounding", cases);
