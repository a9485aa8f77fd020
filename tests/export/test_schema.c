/*
 * test_schema.c - what a partner's sqlite3 sees in the GeoPackage: which
 * columns may be NULL (what the survey always knows may not), each
 * shaft's state as surveyed, the metadata's extent for a one-kahriz
 * survey (a point: west = east, south = north), options versions, and
 * the SQL quoting of text (sqlite3 itself reads the quoted string back).
 */
#include "kztest.h"
#include "core/core.h"
#include "export/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Two kahrizes, one visit, three shafts of K-1 (open, collapsed, not
 * said) and no districts file: the bundled districts are not used by the
 * library, so the survey has none. */
static kz_survey *load_tiny(int one)
{
    char k[1024], a[1024], s[1024];
    kz_sources src = KZ_SOURCES_INIT;
    snprintf(k, sizeof(k), "%s/schema-k%d.csv", kz_test_tmpdir(), one);
    snprintf(a, sizeof(a), "%s/schema-a.csv", kz_test_tmpdir());
    snprintf(s, sizeof(s), "%s/schema-s.csv", kz_test_tmpdir());
    write_file(k, one ? KZ_TEST_KAHRIZ_HEADER
                   "K-1,Bir,,,,,46.1,40.2,,,,,,,,,\n"
                      : KZ_TEST_KAHRIZ_HEADER
                   "K-1,Bir,,,,,46.1,40.2,,,,,,,,,\n"
                   "K-2,İki,,,,,46.3,40.4,,,,,,,,,\n");
    write_file(a, KZ_TEST_ASSESSMENT_HEADER
               "K-1,2024-05-01,2.5,good,yes,10,3,1,none,,,,A\n");
    write_file(s, "kahriz_id,seq,x,y,crs,depth_m,state\n"
                  "K-1,1,46.09,40.19,,12,open\n"
                  "K-1,2,46.095,40.195,,8,collapsed\n"
                  "K-1,3,46.098,40.198,,5,\n");
    src.kahrizes = k;
    src.assessments = one ? NULL : a;
    src.shafts = one ? NULL : s;
    src.today = 20260101;
    return kz_test_load(&src);
}

static char *sql(const char *gpkg, const char *query)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "sqlite3 -separator , '%s' \"%s\"", gpkg,
             query);
    return kz_test_output(cmd);
}

static void expect_sql(const char *gpkg, const char *query, const char *want)
{
    char *out = sql(gpkg, query);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (strcmp(out, want) != 0)
        fprintf(stderr, "\n  %s\n  gave %s  wanted %s", query, out, want);
    CU_ASSERT_STRING_EQUAL(out, want);
    free(out);
}

static void test_columns_and_states(void)
{
    kz_survey *sv = load_tiny(0);
    char path[1024];
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/schema.gpkg", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(kz_export_gpkg(NULL, kz_test_ctx, sv, NULL, path),
                          KZ_OK);
    /* what every survey row has is NOT NULL; what it may lack is not */
    expect_sql(path,
               "SELECT name, \\\"notnull\\\" FROM pragma_table_info('kahrizes') "
               "WHERE name IN ('id', 'name_az', 'lon', 'lat', 'district', "
               "'length_m', 'last_date') ORDER BY name",
               "district,0\nid,1\nlast_date,0\nlat,1\nlength_m,0\nlon,1\n"
               "name_az,1\n");
    expect_sql(path,
               "SELECT name, \\\"notnull\\\" FROM "
               "pragma_table_info('assessments') WHERE name IN ('kahriz_id', "
               "'date', 'discharge_l_s', 'notes_en') ORDER BY name",
               "date,1\ndischarge_l_s,0\nkahriz_id,1\nnotes_en,0\n");
    /* each shaft's state as the survey gave it; none said: unknown */
    expect_sql(path,
               "SELECT seq, coalesce(state, 'NULL') FROM shafts ORDER BY seq",
               "1,open\n2,collapsed\n3,NULL\n");
    expect_sql(path,
               "SELECT id, last_condition, last_shafts_collapsed "
               "FROM kahrizes ORDER BY id",
               "K-1,good,1\nK-2,,\n");
    kz_survey_destroy(sv);
}

/* One kahriz and nothing else: the dataset's extent is its point. */
static void test_extent_of_one_point(void)
{
    kz_survey *sv = load_tiny(1);
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    char path[1024], *xml;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/point.gpkg", kz_test_tmpdir());
    o.timestamp = 1700000000; /* 2023-11-14 22:13:20 UTC (date -u -d @) */
    CU_ASSERT_EQUAL_FATAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                          KZ_OK);
    xml = sql(path, "SELECT metadata FROM gpkg_metadata");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(
        xml, "<gmd:westBoundLongitude><gco:Decimal>46.100000</gco:Decimal>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        xml, "<gmd:eastBoundLongitude><gco:Decimal>46.100000</gco:Decimal>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        xml, "<gmd:southBoundLatitude><gco:Decimal>40.200000</gco:Decimal>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        xml, "<gmd:northBoundLatitude><gco:Decimal>40.200000</gco:Decimal>"));
    /* the default title, in English with its Azerbaijani locale */
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "PropertyType\"><gco:CharacterString>"
                                       "Atlas of the kahrizes of "
                                       "Azerbaijan"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "Azərbaycan kəhrizlərinin atlası"));
    /* the citation's creation date is the generation time */
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<gmd:date><gmd:CI_Date><gmd:date>"
                                       "<gco:DateTime>2023-11-14T22:13:20"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "codeListValue=\"creation\""));
    free(xml);
    kz_survey_destroy(sv);
}

/* Options of version 1 (before the style) are taken; 0 and the next
 * version are a misuse. */
static void test_options_versions(void)
{
    kz_survey *sv = load_tiny(1);
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    char path[1024];
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/v.gpkg", kz_test_tmpdir());
    o.version = 0;
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                    KZ_EINVAL);
    o.version = KZ_EXPORT_OPTIONS_VERSION + 1;
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                    KZ_EINVAL);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    o.version = 1;
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path), KZ_OK);
    kz_survey_destroy(sv);
}

/* SQL's own quoting: a quote doubled, the string between single quotes;
 * sqlite3 gives back the text. */
static void test_sql_quote(void)
{
    static const char *const texts[] = {"it's", "''", "a'b'c", "plain", ""};
    size_t i;
    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        kz_buf b;
        char cmd[512], want[64], *out;
        kz__buf_init(&b, kz_test_ctx);
        CU_ASSERT_EQUAL_FATAL(kz__sql_quote(&b, texts[i]), KZ_OK);
        snprintf(cmd, sizeof(cmd), "printf '%%s' \"SELECT %s;\" | sqlite3",
                 b.data);
        out = kz_test_output(cmd);
        snprintf(want, sizeof(want), "%s\n", texts[i]);
        CU_ASSERT_PTR_NOT_NULL(out);
        if (out)
            CU_ASSERT_STRING_EQUAL(out, want);
        free(out);
        kz__buf_release(&b);
    }
}

static const kz_test_case cases[] = {
    {"nullable columns and shaft states", test_columns_and_states},
    {"extent of one point", test_extent_of_one_point},
    {"options versions", test_options_versions},
    {"sql quoting", test_sql_quote},
    KZ_TEST_END};

KZ_TEST_SUITE("export schema", cases);
