/*
 * test_number.c - the digits of the one rounding rule (kz__number_fixed):
 * half away from zero on the decimal value, '.' as the point whatever the
 * locale, no sign on a zero, no grouping; expectations worked by hand.
 */
#include "kztest.h"

#include <locale.h>
#include <string.h>

#include "core/core.h"

static void expect(double v, int decimals, const char *want)
{
    char buf[64];
    size_t n = kz__number_fixed(buf, sizeof(buf), v, decimals);
    if (strcmp(buf, want) != 0)
        fprintf(stderr, "\n%.17g to %d: \"%s\", want \"%s\"", v, decimals, buf,
                want);
    CU_ASSERT_STRING_EQUAL(buf, want);
    CU_ASSERT_EQUAL(n, strlen(want));
}

static void test_fixed_ties(void)
{
    expect(0.05, 1, "0.1");
    expect(1.25, 1, "1.3");
    expect(2.35, 1, "2.4");
    expect(1.2 + 1.15, 1, "2.4"); /* 2.3499999999999996 */
    expect(1.95, 1, "2.0");
    expect((0.95 + 1.0) / 2, 2, "0.98"); /* 0.97499999999999998 */
    expect(-2.35, 1, "-2.4");
    expect(0.005, 2, "0.01");
    expect(0.0049, 2, "0.00");
    expect(-0.04, 1, "0.0");
    expect(-0.0, 0, "0");
    expect(2.5, 0, "3");
    expect(612345.4999, 0, "612345");
    expect(4312345.5, 0, "4312346");
    expect(38.945125, 5, "38.94513");
    expect(45.612344, 5, "45.61234");
    expect(0.000012, 5, "0.00001");
    expect(7, 3, "7.000");
}

static void test_fixed_truncation_and_locale(void)
{
    char buf[4];
    CU_ASSERT_EQUAL(kz__number_fixed(buf, sizeof(buf), 1234.5, 1), 6);
    CU_ASSERT_STRING_EQUAL(buf, "123");
    CU_ASSERT_EQUAL(kz__number_fixed(NULL, 0, 1234.5, 1), 6);
    /* a decimal-comma locale does not reach the digits */
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8")) {
        expect(1.25, 1, "1.3");
        setlocale(LC_NUMERIC, "C");
    }
}

static const kz_test_case cases[] = {
    {"fixed digits round ties away from zero", test_fixed_ties},
    {"fixed digits: truncation, locale", test_fixed_truncation_and_locale},
    KZ_TEST_END};

KZ_TEST_SUITE("number", cases);
