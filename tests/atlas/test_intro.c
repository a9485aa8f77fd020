/*
 * test_intro.c - the introduction states the projections and the
 * rounding rule in both languages (pdftotext), and what it states about
 * the projections is what the maps use: the national maps' geospatial
 * viewports carry a Lambert azimuthal equal-area CRS centred at 40.2°N
 * 47.7°E, the district maps' a UTM zone (qpdf's view of the PDF).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every run of white space made one space. */
static void squeeze(char *s)
{
    char *o = s;
    int space = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\f') {
            space = 1;
            continue;
        }
        if (space && o != s)
            *o++ = ' ';
        space = 0;
        *o++ = *s;
    }
    *o = '\0';
}

static void expect_text(const char *text, const char *want)
{
    if (!strstr(text, want))
        fprintf(stderr, "\nthe introduction does not say \"%s\"", want);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
}

static void test_intro_projections(void)
{
    char pdf[600], args[900], cmd[900], *out = NULL, *text, *objs;

    snprintf(pdf, sizeof(pdf), "%s/intro.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args),
             "build -q --sections intro,overview,districts "
             "--only-districts AZ-ORD -o '%s'",
             pdf);
    CU_ASSERT_EQUAL_FATAL(kz_test_cli(&out, 1, args), 0);
    free(out);
    /* the introduction: the first pages, in reading order */
    snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 -f 1 -l 2 '%s' -", pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text = kz_test_output(cmd));
    squeeze(text);
    expect_text(text, "Xəritə proyeksiyaları / Map projections");
    expect_text(text, "Lambert azimuthal equal-area projection centred at "
                      "40.2°N 47.7°E (WGS84)");
    expect_text(text, "Lambertin azimutal bərabərsahəli proyeksiyası "
                      "(WGS84)");
    expect_text(text, "40,2° şm. e., 47,7° ş. u.");
    expect_text(text, "district maps use the UTM zone (WGS84)");
    expect_text(text, "38N west of 48°E, 39N east of it");
    expect_text(text, "rayon xəritələri göstərdikləri ərazinin UTM "
                      "zonasındadır (WGS84)");
    expect_text(text, "qərbdə 38N, şərqdə 39N");
    /* the rounding rule, with a tie worked by hand */
    expect_text(text, "halves away from zero (2.35 → 2.4, 1.95 → 2.0)");
    expect_text(text, "yarım vahid sıfırdan uzağa (2,35 → 2,4; 1,95 → 2,0)");
    free(text);

    /* what the maps use, from their geospatial viewports */
    CU_ASSERT_PTR_NOT_NULL_FATAL(objs = kz_test_pdf_objects(pdf, NULL));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "Lambert_Azimuthal_Equal_Area"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "\"latitude_of_center\",40.2]"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "\"longitude_of_center\",47.7]"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "/EPSG 32638"));
    free(objs);
}

static const kz_test_case cases[] = {
    {"introduction states the projections the maps use",
     test_intro_projections},
    KZ_TEST_END};

KZ_TEST_SUITE("intro", cases);
