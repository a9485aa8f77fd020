/*
 * test_standard_scale.c - district maps use the standard series 1:25,000,
 * 50,000, 75,000, 100,000, 150,000, 200,000, 250,000, 300,000, 400,000,
 * 500,000, 750,000, 1,000,000, 1,500,000 and 2,000,000: the scale
 * written under the scale bar of several district maps, read back with
 * pdftotext, is one of them; and the choice itself on numbers worked by
 * hand (72 points per inch, 0.0254 m per inch).
 */
#include "kztest.h"

#include "map/map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_series_by_hand(void)
{
    /* 1:60,000 is 72 / (0.0254 * 60000) = 0.047244 pt per metre: the
     * next smaller standard scale is 1:75,000 = 0.037795 pt/m */
    CU_ASSERT_DOUBLE_EQUAL(kz__scale_standard(72 / (0.0254 * 60000)),
                           72 / (0.0254 * 75000), 1e-9);
    /* 1:510,000 goes to 1:750,000, not 1:1,000,000 */
    CU_ASSERT_DOUBLE_EQUAL(kz__scale_standard(72 / (0.0254 * 510000)),
                           72 / (0.0254 * 750000), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(kz__scale_standard(72 / (0.0254 * 25000)),
                           72 / (0.0254 * 25000), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(kz__scale_standard(72 / (0.0254 * 10000)),
                           72 / (0.0254 * 25000), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(kz__scale_standard(72 / (0.0254 * 210000)),
                           72 / (0.0254 * 250000), 1e-9);
    /* beyond the series the scale stays */
    CU_ASSERT_DOUBLE_EQUAL(kz__scale_standard(72 / (0.0254 * 3e6)),
                           72 / (0.0254 * 3e6), 1e-12);
}

static void test_district_maps(void)
{
    static const char *const codes[] = {"AZ-ORD", "AZ-GA", "AZ-SKR",
                                        "AZ-BAB", "AZ-FUZ", "AZ-QAZ"};
    static const char *const series[] = {
        "Scale 1:25,000\n",    "Scale 1:50,000\n",    "Scale 1:75,000\n",
        "Scale 1:100,000\n",   "Scale 1:150,000\n",   "Scale 1:200,000\n",
        "Scale 1:250,000\n",   "Scale 1:300,000\n",   "Scale 1:400,000\n",
        "Scale 1:500,000\n",   "Scale 1:750,000\n",   "Scale 1:1,000,000\n",
        "Scale 1:1,500,000\n", "Scale 1:2,000,000\n"};
    size_t i, j;

    for (i = 0; i < sizeof(codes) / sizeof(*codes); i++) {
        char pdf[700], args[900], cmd[900], *text;
        int found = 0;
        snprintf(pdf, sizeof(pdf), "%s/%s.pdf", kz_test_tmpdir(), codes[i]);
        snprintf(args, sizeof(args), "map --district %s -q -o '%s'",
                 codes[i], pdf);
        kz_test_cli_ok(args);
        snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 '%s' -", pdf);
        text = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        for (j = 0; j < sizeof(series) / sizeof(*series); j++)
            found += strstr(text, series[j]) != NULL;
        if (found != 1) {
            const char *p = strstr(text, "Scale 1:");
            fprintf(stderr, "\n%s: %.20s", codes[i], p ? p : "no scale");
        }
        CU_ASSERT_EQUAL(found, 1);
        free(text);
    }
}

static const kz_test_case cases[] = {
    {"standard scales: the choice", test_series_by_hand},
    {"standard scales: district maps", test_district_maps},
    KZ_TEST_END};

KZ_TEST_SUITE("standard_scale", cases);
