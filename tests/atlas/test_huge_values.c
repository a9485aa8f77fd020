/*
 * test_huge_values.c - values far past the field form's limits (a gallery
 * of 1e308 m, a mother well 99999999 m deep, a discharge of 1e300 l/s)
 * reach the pages of a district and its sheets: every number is written
 * in digits, never in exponent form ("1e+308"), read back with pdftotext.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* kz_format_number never writes an exponent, in either language. */
static void test_format_never_exponent(void)
{
    static const double v[] = {1e308,    -1e300,       1e15, 999999999999999.0,
                               99999999, 1e300 + 1e300};
    static const char *const lang[] = {"az", "en"};
    char buf[128];
    size_t i, j;
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        for (j = 0; j < 2; j++) {
            kz_format_number(buf, sizeof(buf), v[i], 1, lang[j]);
            if (strchr(buf, 'e'))
                fprintf(stderr, "\n  %.17g (%s): %s\n", v[i], lang[j], buf);
            CU_ASSERT_PTR_NULL(strchr(buf, 'e'));
        }
    kz_format_number(buf, sizeof(buf), 99999999, 0, "en");
    CU_ASSERT_STRING_EQUAL(buf, "99,999,999");
    kz_format_number(buf, sizeof(buf), 1e308, 0, "en");
    CU_ASSERT_STRING_EQUAL(buf, "\xe2\x89\xa5\xc2\xa0" /* ≥ and NBSP */
                                "1,000,000,000,000,000");
    /* cut short between characters, never inside one */
    kz_format_number(buf, 6, 1e308, 0, "az");
    CU_ASSERT_STRING_EQUAL(buf, "\xe2\x89\xa5\xc2\xa0");
}

static void test_pages_never_exponent(void)
{
    char dir[4096], k[4200], a[4200], pdf[4200], args[16384], *l, *text;
    long row;

    if (!kz_test_need(system("command -v pdftotext >/dev/null") == 0,
                      "pdftotext (poppler-utils)"))
        return;
    kz_test_nx_survey(dir, sizeof(dir), "huge");
    snprintf(k, sizeof(k), "%s/kahrizes.csv", dir);
    snprintf(a, sizeof(a), "%s/assessments.csv", dir);
    snprintf(pdf, sizeof(pdf), "%s/huge.pdf", dir);
    /* NX-07, NX-08 and NX-09 are in Ordubad */
    for (row = 2; (l = kz_test_line(k, row)) != NULL; row++) {
        char buf[1024], *p;
        if (strncmp(l, "NX-07,", 6) == 0 && (p = strstr(l, ",1800,")))
            snprintf(buf, sizeof(buf), "%.*s,1e308,%s", (int)(p - l), l, p + 6);
        else if (strncmp(l, "NX-08,", 6) == 0 && (p = strstr(l, ",27.5,")))
            snprintf(buf, sizeof(buf), "%.*s,99999999,%s", (int)(p - l), l,
                     p + 6);
        else
            snprintf(buf, sizeof(buf), "%s", l);
        kz_test_set_line(k, row, buf);
        free(l);
    }
    for (row = 2; (l = kz_test_line(a, row)) != NULL; row++) {
        char buf[1024], *p;
        if (strncmp(l, "NX-09,2023", 10) == 0 && (p = strstr(l, ",5.5,"))) {
            snprintf(buf, sizeof(buf), "%.*s,1e300,%s", (int)(p - l), l, p + 5);
            kz_test_set_line(a, row, buf);
        }
        free(l);
    }
    snprintf(args, sizeof(args),
             "build -q --kahrizes '%s' --assessments '%s' --shafts none "
             "--sections districts,sheets --only-districts AZ-ORD -o '%s'",
             k, a, pdf);
    kz_test_cli_ok(args);
    snprintf(args, sizeof(args), "pdftotext '%s' -", pdf);
    text = kz_test_output(args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    if (strstr(text, "e+"))
        fprintf(stderr, "\n  exponent on a page: ...%.60s...\n",
                strstr(text, "e+") > text + 30 ? strstr(text, "e+") - 30
                                               : text);
    CU_ASSERT_PTR_NULL(strstr(text, "e+"));
    /* the depth in full, the gallery and discharge as the bound */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "99,999,999"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "1,000,000,000,000,000"));
    free(text);
}

static const kz_test_case cases[] = {
    {"format never exponent", test_format_never_exponent},
    {"pages never exponent", test_pages_never_exponent},
    KZ_TEST_END};

KZ_TEST_SUITE("atlas huge values", cases);
