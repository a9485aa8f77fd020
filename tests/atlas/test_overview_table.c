/*
 * test_overview_table.c - the headings of the overview's table of
 * economic regions, read back with pdftotext -layout: each column under
 * its own heading from the style's catalogue ("col.region",
 * "col.kahrizes", ... in styles/default.json), in both languages, in the
 * order of the columns; and the gazetteer's lines, each kahriz with its
 * district in the list's own language (Alfa in Azerbaijani, Alpha in
 * English: tests/data/aggregate/districts.geojson; the English kahriz
 * names by Resolution 498 by hand: içi -> ichi).  A district whose
 * kahrizes fill exactly one page of its table (31 rows in the bundled
 * style, counted on its atlas) gets that one page, numbered (1/1)
 * (check_tables.py follows the parts).  A region whose only kahriz is
 * in one of its districts (Abşeron-Xızı, the first region, with one
 * kahriz in Abşeron at a point OGR puts inside it) still lists all three
 * of its districts (check_tables.py against the boundaries).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    char *text;
    snprintf(pdf, sizeof(pdf), "%s/overview.pdf", kz_test_tmpdir());
    snprintf(k, sizeof(k), "%s",
             kz_test_src("tests/data/aggregate/kahrizes.csv"));
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    snprintf(args, sizeof(args),
             "build -q --kahrizes '%s' --districts '%s' --sections overview "
             "-o '%s'",
             k, d, pdf);
    kz_test_cli_ok(args);
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
    char *text;
    snprintf(pdf, sizeof(pdf), "%s/gazetteer.pdf", kz_test_tmpdir());
    snprintf(k, sizeof(k), "%s",
             kz_test_src("tests/data/aggregate/kahrizes.csv"));
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    snprintf(args, sizeof(args),
             "build -q --kahrizes '%s' --districts '%s' --sections "
             "gazetteer -o '%s'",
             k, d, pdf);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' -", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nAlfa içi · Alfa\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nHəyət içi · Həyət\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nAlfa ichi · Alpha\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nHayat ichi · Hayat\n"));
    /* the district first in the boundaries file (T-B) named too */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nBəta içi · Bəta\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nBata ichi · Beta\n"));
    CU_ASSERT_PTR_NULL(strstr(text, "Alfa içi · Alpha"));
    CU_ASSERT_PTR_NULL(strstr(text, "Alfa ichi · Alfa\n"));
    free(text);
}

static void test_table_one_full_page(void)
{
    char dir[700], path[800], pdf[800], args[2400], *out = NULL;
    FILE *fp;
    int i;

    snprintf(dir, sizeof(dir), "%s/full-page", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/kahrizes.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "w"));
    fputs(KZ_TEST_KAHRIZ_HEADER, fp);
    for (i = 1; i <= 31; i++) /* in Ordubad, 90 m apart */
        fprintf(fp, "KZ-%d,Kəhriz %d,,AZ-ORD,,,%.4f,39.0,EPSG:4326,,,900,8,"
                    "12,1900,icma,\n",
                i, i, 45.9 + i * 0.001);
    fclose(fp);
    snprintf(pdf, sizeof(pdf), "%s/atlas.pdf", dir);
    snprintf(args, sizeof(args),
             "build -q --kahrizes '%s' --sections overview,districts "
             "-o '%s'",
             path, pdf);
    kz_test_cli_ok(args);
    snprintf(path, sizeof(path), "%s", kz_test_src("data/districts.geojson"));
    snprintf(args, sizeof(args),
             "/usr/bin/python3 '%s' '%s' '%s' 2>&1; echo rc=$?",
             kz_test_src("tests/atlas/check_tables.py"), pdf, path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out = kz_test_output(args));
    if (!strstr(out, "\nrc=0\n") ||
        !strstr(out, " 1 pages of kahriz tables listing 31 ids"))
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nrc=0\n"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, " 1 pages of kahriz tables listing 31 ids"));
    free(out);
}

static void test_region_table_all_districts(void)
{
    char dir[700], path[800], pdf[800], args[2400], *out = NULL;
    FILE *fp;

    snprintf(dir, sizeof(dir), "%s/one-region", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/kahrizes.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "w"));
    fputs(KZ_TEST_KAHRIZ_HEADER, fp);
    fputs("KZ-1,Bir,,AZ-ABS,,,49.1856,40.2967,EPSG:4326,,,900,8,12,1900,"
          "icma,\n",
          fp);
    fclose(fp);
    snprintf(pdf, sizeof(pdf), "%s/atlas.pdf", dir);
    snprintf(args, sizeof(args),
             "build -q --kahrizes '%s' --sections overview,districts "
             "-o '%s'",
             path, pdf);
    kz_test_cli_ok(args);
    snprintf(path, sizeof(path), "%s", kz_test_src("data/districts.geojson"));
    snprintf(args, sizeof(args),
             "/usr/bin/python3 '%s' '%s' '%s' 2>&1; echo rc=$?",
             kz_test_src("tests/atlas/check_tables.py"), pdf, path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out = kz_test_output(args));
    /* the national table's 14 regions and Abşeron-Xızı's 3 districts */
    if (!strstr(out, "\nrc=0\n") || !strstr(out, "2 tables, 17 rows"))
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nrc=0\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "2 tables, 17 rows"));
    free(out);
}

static const kz_test_case cases[] = {
    {"region table headings", test_region_table_headings},
    {"gazetteer districts", test_gazetteer_districts},
    {"a district table of one full page", test_table_one_full_page},
    {"a region table lists all its districts",
     test_region_table_all_districts},
    KZ_TEST_END};

KZ_TEST_SUITE("overview table", cases);
