/*
 * test_overview_table.c - the headings of the overview's table of
 * economic regions, read back with pdftotext -layout: each column under
 * its own heading from the style's catalogue ("col.region",
 * "col.kahrizes", ... in styles/default.json), in both languages, in the
 * order of the columns; and the gazetteer's lines, each kahriz with its
 * district in the list's own language (Alfa in Azerbaijani, Alpha in
 * English: tests/data/aggregate/districts.geojson; the English kahriz
 * names by Resolution 498 by hand: içi -> ichi).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The line of text holding first, with runs of blanks made one. */
static void squeezed_line(const char *text, const char *first, char *out,
                          size_t cap)
{
    const char *p = strstr(text, first), *e;
    size_t o = 0;
    out[0] = '\0';
    if (!p)
        return;
    e = strchr(p, '\n');
    if (!e)
        e = p + strlen(p);
    for (; p < e && o + 1 < cap; p++) {
        if (*p == ' ' && o && out[o - 1] == ' ')
            continue;
        out[o++] = *p;
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
}

static void test_region_table_headings(void)
{
    char pdf[1024], args[4000], cmd[1200], line[1024], k[1024], d[1024];
    char *out = NULL, *text;
    snprintf(pdf, sizeof(pdf), "%s/overview.pdf", kz_test_tmpdir());
    snprintf(k, sizeof(k), "%s",
             kz_test_src("tests/data/aggregate/kahrizes.csv"));
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    snprintf(args, sizeof(args),
             "build -q --kahrizes '%s' --districts '%s' --sections overview "
             "-o '%s'",
             k, d, pdf);
    CU_ASSERT_EQUAL_FATAL(kz_test_cli(&out, 1, args), 0);
    free(out);
    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    squeezed_line(text, "İqtisadi rayon ", line, sizeof(line));
    CU_ASSERT_STRING_EQUAL(line, "İqtisadi rayon Kəhriz İşləyən Debit, l/san "
                                 "Ailə Uzunluq, km 100 km²-ə Bərpa olunub");
    squeezed_line(text, "Economic region ", line, sizeof(line));
    CU_ASSERT_STRING_EQUAL(line, "Economic region Kahrizes Functioning "
                                 "Discharge, l/s Households Length, km Per "
                                 "100 km² Rehabilitated");
    free(text);
}

static void test_gazetteer_districts(void)
{
    char pdf[1024], args[4000], cmd[1200], k[1024], d[1024];
    char *out = NULL, *text;
    snprintf(pdf, sizeof(pdf), "%s/gazetteer.pdf", kz_test_tmpdir());
    snprintf(k, sizeof(k), "%s",
             kz_test_src("tests/data/aggregate/kahrizes.csv"));
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    snprintf(args, sizeof(args),
             "build -q --kahrizes '%s' --districts '%s' --sections "
             "gazetteer -o '%s'",
             k, d, pdf);
    CU_ASSERT_EQUAL_FATAL(kz_test_cli(&out, 1, args), 0);
    free(out);
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' -", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nAlfa içi · Alfa\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nHəyət içi · Həyət\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nAlfa ichi · Alpha\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nHayat ichi · Hayat\n"));
    CU_ASSERT_PTR_NULL(strstr(text, "Alfa içi · Alpha"));
    CU_ASSERT_PTR_NULL(strstr(text, "Alfa ichi · Alfa\n"));
    free(text);
}

static const kz_test_case cases[] = {
    {"region table headings", test_region_table_headings},
    {"gazetteer districts", test_gazetteer_districts},
    KZ_TEST_END};

KZ_TEST_SUITE("overview table", cases);
