/*
 * test_ingest_kobo.c - field form exports read with kz_sources.kobo.  The
 * exports are written here through GDAL (XLSX driver, /vsizip/) in the
 * layouts KoboToolbox and ODK Central document: headers with group paths,
 * split and combined geopoints, the exporters' metadata columns, a repeat
 * sheet joined by _parent_index or PARENT_KEY.  Expected values are the
 * ones planted in tests/data/kobo (its README), worked by hand.
 */
#include "kztest.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core.h"
#include "kobo_fixture.h"

/* ----------------------------------------------------------------- tests */

static char *tmp(const char *name)
{
    static char p[4][4200];
    static int next;
    char *s = p[next++ % 4];
    snprintf(s, 4200, "%s/%s", kz_test_tmpdir(), name);
    return s;
}

static kz_survey *load(const char *kobo, const char *attachments,
                       kz_report **rep, int expect)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    int rc;

    src.kobo = kobo;
    src.attachments = attachments;
    src.today = 20250101;
    CU_ASSERT_FATAL(kz_report_create(rep, kz_test_ctx) == KZ_OK);
    rc = kz_survey_load(&sv, kz_test_ctx, &src, *rep);
    if (rc != expect)
        fprintf(stderr, "\nload %s: %d (%s)\n", kobo, rc,
                kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL(rc, expect);
    return sv;
}

/* Count of report entries of severity sev whose file ends with file_end,
 * at row, in field, whose message holds text. */
static size_t entries(const kz_report *rep, kz_severity sev,
                      const char *file_end, long row, const char *field,
                      const char *text)
{
    size_t i, n = 0;
    for (i = 0; i < kz_report_count(rep); i++) {
        const kz_report_entry *e = kz_report_get(rep, i);
        size_t fl = strlen(e->file), el = strlen(file_end);
        if (e->severity == sev && e->row == row && fl >= el &&
            strcmp(e->file + fl - el, file_end) == 0 &&
            strcmp(e->field, field) == 0 && strstr(e->message, text))
            n++;
    }
    return n;
}

static void dump(const kz_report *rep)
{
    size_t i;
    for (i = 0; i < kz_report_count(rep); i++) {
        const kz_report_entry *e = kz_report_get(rep, i);
        fprintf(stderr, "  %s:%ld: %s: %s\n", e->file, e->row, e->field,
                e->message);
    }
}

/* The survey every export of the fixture holds (see kobo_fixture.h). */
static void check_survey(const kz_survey *sv, int with_shafts)
{
    long k1, k2;
    const kz_kahriz *k;
    const kz_assessment *h;
    size_t n;

    CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), 2);
    CU_ASSERT_EQUAL(kz_survey_assessment_count(sv), 3);
    CU_ASSERT_EQUAL(kz_survey_find(sv, "ORD-103"), -1); /* not approved */
    k1 = kz_survey_find(sv, "ORD-101");
    k2 = kz_survey_find(sv, "ORD-102");
    CU_ASSERT_FATAL(k1 >= 0 && k2 >= 0);

    /* the revisit: names from the first visit, the outlet from the
     * second (a combined geopoint), two assessments */
    k = kz_survey_kahriz(sv, (size_t)k1);
    CU_ASSERT_STRING_EQUAL(k->name_az, "Bənəniyar kəhrizi");
    CU_ASSERT_STRING_EQUAL(k->name_en, "Bananiyar kahriz");
    CU_ASSERT_STRING_EQUAL(k->district_declared, "AZ-ORD");
    CU_ASSERT_DOUBLE_EQUAL(k->lon, 45.8002, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->lat, 38.9501, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->gps_precision_m, 35, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->head_lon, 45.81, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->head_lat, 38.96, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->head_gps_precision_m, 6, 1e-9);
    /* the geopoints' altitudes: the outlet's from the revisit (it comes
     * with its point), the mother well's from the first visit */
    CU_ASSERT_DOUBLE_EQUAL(k->elevation_m, 901, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->head_elevation_m, 950, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->length_m, 1200, 1e-9);
    CU_ASSERT_EQUAL(k->year_built, 1890);
    h = kz_survey_history(sv, (size_t)k1, &n);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_EQUAL(h[0].date, 20240501);
    CU_ASSERT_DOUBLE_EQUAL(h[0].discharge_l_s, 4.5, 1e-12);
    CU_ASSERT_EQUAL(h[0].condition, KZ_COND_GOOD);
    CU_ASSERT_EQUAL(h[0].drinkable, KZ_DRINK_YES);
    CU_ASSERT_EQUAL(h[0].households_served, 40);
    CU_ASSERT_STRING_EQUAL(h[0].notes_az, "Yaxşı vəziyyətdə");
    CU_ASSERT_EQUAL(h[1].date, 20240901);
    CU_ASSERT_DOUBLE_EQUAL(h[1].discharge_l_s, 2.0, 1e-12);
    CU_ASSERT_EQUAL(h[1].condition, KZ_COND_POOR);
    CU_ASSERT_EQUAL(h[1].rehab_status, KZ_REHAB_PLANNED);

    /* one visit, no shafts, the geopoint only combined */
    k = kz_survey_kahriz(sv, (size_t)k2);
    CU_ASSERT_STRING_EQUAL(k->name_az, "Çay kəhrizi");
    CU_ASSERT_DOUBLE_EQUAL(k->lon, 45.90, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->lat, 38.95, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->gps_precision_m, 4, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->elevation_m, 850, 1e-9);
    CU_ASSERT(isnan(k->head_elevation_m));
    CU_ASSERT_EQUAL(k->n_shafts, 0);
    CU_ASSERT_EQUAL(k->n_assessments, 1);

    k = kz_survey_kahriz(sv, (size_t)k1);
    if (!with_shafts) {
        CU_ASSERT_EQUAL(kz_survey_shaft_count(sv), 0);
        return;
    }
    CU_ASSERT_EQUAL_FATAL(kz_survey_shaft_count(sv), 2);
    CU_ASSERT_EQUAL_FATAL(k->n_shafts, 2);
    {
        const kz_shaft *s1 = kz_survey_shaft(sv, k->first_shaft);
        const kz_shaft *s2 = kz_survey_shaft(sv, k->first_shaft + 1);
        CU_ASSERT_EQUAL(s1->seq, 1);
        CU_ASSERT_EQUAL(s2->seq, 2);
        CU_ASSERT_DOUBLE_EQUAL(s1->lon, 45.803, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(s1->lat, 38.951, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(s1->depth_m, 12, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(s1->gps_precision_m, 3, 1e-9);
        CU_ASSERT_EQUAL(s1->collapsed, 0);
        CU_ASSERT_DOUBLE_EQUAL(s2->lon, 45.806, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(s2->lat, 38.952, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(s2->depth_m, 9.5, 1e-9);
        CU_ASSERT_EQUAL(s2->collapsed, 1);
    }
}

static void test_kobo_xlsx(void)
{
    const char *x = tmp("kobo.xlsx"), *att = tmp("kobo-media");
    kz_report *rep = NULL;
    kz_survey *sv;
    char want[4200];
    const kz_kahriz *k;

    kobo_write_xlsx(x, "kahriz_survey", "kobo-main-groups.txt",
                    "kobo-shafts-groups.txt");
    kobo_write_attachments(att);
    sv = load(x, att, &rep, KZ_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    check_survey(sv, 1);

    /* exactly the planted problems, all warnings */
    CU_ASSERT_EQUAL(kz_report_errors(rep), 0);
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 4);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING,
                            "kobo.xlsx|layername=kahriz_survey", 4,
                            "gps_precision_m", "35 m, worse than 20 m"),
                    1);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING,
                            "kobo.xlsx|layername=kahriz_survey", 3, "photo",
                            "\"missing.jpg\" is not in the attachments"),
                    1);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING,
                            "kobo.xlsx|layername=kahriz_survey", 5, "",
                            "not approved"),
                    1);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING, "kobo.xlsx|layername=shafts",
                            4, "", "not approved"),
                    1);
    if (kz_report_warnings(rep) != 4)
        dump(rep);

    /* submission time and uuid kept for tracing a visit back */
    {
        size_t n;
        const kz_assessment *h =
            kz_survey_history(sv, (size_t)kz_survey_find(sv, "ORD-101"), &n);
        CU_ASSERT_STRING_EQUAL(h[0].uuid, "uuid-a");
        CU_ASSERT_STRING_EQUAL(h[0].submitted_at, "2024-05-01T10:00:00");
        CU_ASSERT_STRING_EQUAL(h[1].uuid, "uuid-c");
    }

    /* the photo found in the media download, by its submission's uuid */
    k = kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "ORD-101"));
    {
        char *real;
        snprintf(want, sizeof(want),
                 "%s/kobo_user/attachments/aFormUid/uuid-a/p1.jpg", att);
        real = realpath(want, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(real);
        CU_ASSERT_STRING_EQUAL(k->photo, real);
        free(real);
    }
    k = kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "ORD-102"));
    CU_ASSERT_STRING_EQUAL(k->photo, "missing.jpg");
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* Headers without group names, and another group separator. */
static void test_kobo_xlsx_headers(void)
{
    const char *x = tmp("kobo-plain.xlsx");
    kz_report *rep = NULL;
    kz_survey *sv;

    kobo_write_xlsx(x, "kahriz survey form", "kobo-main-plain.txt",
                    "kobo-shafts-plain.txt");
    sv = load(x, NULL, &rep, KZ_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    check_survey(sv, 1);
    /* without --attachments no photo is looked up */
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 3);
    if (kz_report_warnings(rep) != 3)
        dump(rep);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);

    x = tmp("kobo-dots.xlsx");
    kobo_write_xlsx(x, "kahriz_survey", "kobo-main-dots.txt",
                    "kobo-shafts-dots.txt");
    sv = load(x, NULL, &rep, KZ_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    check_survey(sv, 1);
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 3);
    if (kz_report_warnings(rep) != 3)
        dump(rep);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* KoboToolbox's CSV export: ';' separated, the main sheet only. */
static void test_kobo_csv(void)
{
    const char *c = tmp("kobo-export.csv");
    kz_report *rep = NULL;
    kz_survey *sv;

    kobo_write_csv(c, "kobo-main-groups.txt", ';');
    sv = load(c, NULL, &rep, KZ_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    check_survey(sv, 0);
    /* CSV rows are text lines: the header is line 1, as in the sheet */
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING, "kobo-export.csv", 4,
                            "gps_precision_m", "worse than 20 m"),
                    1);
    CU_ASSERT_EQUAL(
        entries(rep, KZ_SEV_WARNING, "kobo-export.csv", 5, "", "not approved"),
        1);
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 2);
    if (kz_report_warnings(rep) != 2)
        dump(rep);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

static void test_central_zip(void)
{
    const char *z = tmp("central.zip");
    kz_report *rep = NULL;
    kz_survey *sv;

    kobo_write_central_zip(z, "kahriz_survey", "central-main.txt",
                           "central-shafts.txt");
    sv = load(z, NULL, &rep, KZ_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    check_survey(sv, 1);
    {
        long k = kz_survey_find(sv, "ORD-101");
        size_t n;
        const kz_assessment *h = kz_survey_history(sv, (size_t)k, &n);
        CU_ASSERT_STRING_EQUAL(h[0].uuid, "uuid:aaaa");
        CU_ASSERT_STRING_EQUAL(h[0].submitted_at, "2024-05-01T10:00:00.000Z");
    }
    CU_ASSERT_EQUAL(kz_report_errors(rep), 0);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING,
                            "central.zip/kahriz_survey.csv", 4,
                            "gps_precision_m", "worse than 20 m"),
                    1);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING,
                            "central.zip/kahriz_survey.csv", 5, "",
                            "not approved"),
                    1);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING,
                            "central.zip/kahriz_survey-shafts.csv", 4, "",
                            "not approved"),
                    1);
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 3);
    if (kz_report_warnings(rep) != 3)
        dump(rep);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* Rows the reader cannot use are rejected naming the sheet, row and
 * field: a shaft whose submission is not in the main sheet, a combined
 * geopoint that is not "lat lon alt precision", a column that is no
 * question of the form. */
static void test_kobo_bad_rows(void)
{
    const char *x = tmp("kobo-bad.xlsx");
    kz_report *rep = NULL;
    kz_survey *sv;

    kobo_write_xlsx(x, "kahriz_survey", "kobo-main-bad.txt",
                    "kobo-shafts-bad.txt");
    sv = load(x, NULL, &rep, KZ_EDATA);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), 1);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_ERROR, "kobo-bad.xlsx|layername=shafts",
                            2, "_parent_index",
                            "no submission \"7\" in the main sheet"),
                    1);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_ERROR,
                            "kobo-bad.xlsx|layername=kahriz_survey", 3, "x",
                            "\"38.9 east\" is not a number"),
                    1);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING,
                            "kobo-bad.xlsx|layername=kahriz_survey", 1, "",
                            "column \"kahriz/favourite_colour\" is not a "
                            "question of the kahriz survey form"),
                    1);
    if (kz_report_errors(rep) + kz_report_warnings(rep) < 3)
        dump(rep);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* A sheet that is no export of the form at all: one error in the report
 * saying so, its one data row (not-the-form.txt) rejected, the load
 * failing on the rejected rows. */
static void test_kobo_not_form(void)
{
    const char *x = tmp("kobo-other.xlsx");
    kz_report *rep = NULL;
    kz_survey *sv;

    kobo_write_xlsx(x, "other", "not-the-form.txt", NULL);
    sv = load(x, NULL, &rep, KZ_EDATA);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(kz_ctx_error(kz_test_ctx)->message, "no kahriz_id column"));
    CU_ASSERT_EQUAL(kz_report_errors(rep), 1);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_ERROR, "kobo-other.xlsx", 1,
                            "kahriz_id", "1 rows rejected"),
                    1);
    CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), 0);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* Precision threshold from the sources; version 1 structs still load. */
static void test_kobo_threshold_and_v1(void)
{
    const char *x = tmp("kobo-thr.xlsx");
    kz_sources src = KZ_SOURCES_INIT;
    kz_report *rep = NULL;
    kz_survey *sv = NULL;

    kobo_write_xlsx(x, "kahriz_survey", "kobo-main-groups.txt",
                    "kobo-shafts-groups.txt");
    src.kobo = x;
    src.today = 20250101;
    src.max_gps_error_m = 4.5; /* fixes of 5, 6 and 35 m; shafts 3 and 4 */
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, rep), KZ_OK);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING,
                            "kobo-thr.xlsx|layername=kahriz_survey", 4,
                            "gps_precision_m", "worse than 4.5 m"),
                    1);
    CU_ASSERT_EQUAL(entries(rep, KZ_SEV_WARNING,
                            "kobo-thr.xlsx|layername=kahriz_survey", 4,
                            "head_gps_precision_m", "6 m, worse than 4.5 m"),
                    1);
    /* ORD-102's outlet (4 m) and the shafts (3 m, 4 m) are within */
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 4);
    if (kz_report_warnings(rep) != 4)
        dump(rep);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);

    {
        /* a caller built against version 1 sets fields up to today only */
        kz_sources v1 = KZ_SOURCES_INIT;
        v1.version = 1;
        v1.kahrizes = kz_test_src("data/survey/kahrizes.csv");
        v1.kobo = "garbage beyond a version 1 struct";
        v1.max_gps_error_m = -1;
        sv = NULL;
        CU_ASSERT(kz_survey_load(&sv, kz_test_ctx, &v1, NULL) >= 0 ||
                  kz_ctx_error(kz_test_ctx)->code == KZ_EDATA);
        CU_ASSERT_PTR_NOT_NULL(sv);
        kz_survey_destroy(sv);
    }
}

/* A crs column naming the UTM zone in words, as GPS units and forms
 * write it.  Eastings and northings from PROJ's cs2cs (WGS 84 to UTM 38N
 * for lon 45.8002, lat 38.9501; to UTM 39N for lon 48.5, lat 40.5). */
static void test_utm_names(void)
{
    const char *k = tmp("utm-kahrizes.csv");
    FILE *fp = fopen(k, "w");
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("id,name_az,x,y,crs\n"
          "U-1,Bir,569339.8423,4311543.5532,UTM 38N\n"
          "U-2,İki,569339.8423,4311543.5532,utm zone 38 n\n"
          "U-3,Üç,569339.8423,4311543.5532,WGS 84 / UTM zone 38N\n"
          "U-4,Dörd,288154.7089,4486257.3514,UTM 39N\n",
          fp);
    fclose(fp);
    src.kahrizes = k;
    CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, NULL), KZ_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz_survey_kahriz_count(sv), 4);
    for (i = 0; i < 3; i++) {
        CU_ASSERT_DOUBLE_EQUAL(kz_survey_kahriz(sv, i)->lon, 45.8002, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(kz_survey_kahriz(sv, i)->lat, 38.9501, 1e-6);
    }
    CU_ASSERT_DOUBLE_EQUAL(kz_survey_kahriz(sv, 3)->lon, 48.5, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(kz_survey_kahriz(sv, 3)->lat, 40.5, 1e-6);
    kz_survey_destroy(sv);
}

/* A form export loaded with each allocation failing in turn: KZ_ENOMEM
 * until it loads, and then the survey every export of the fixture
 * holds. */
static void oom_loop(const char *kobo, const char *attachments,
                     int with_shafts)
{
    long n;
    int rc = KZ_ENOMEM;
    for (n = 1; n < 100000; n++) {
        kz_sources src = KZ_SOURCES_INIT;
        kz_report *rep = NULL;
        kz_survey *sv = NULL;
        src.kobo = kobo;
        src.attachments = attachments;
        src.today = 20250101;
        kz__ctx_fail_alloc_at(kz_test_ctx, n);
        rc = kz_report_create(&rep, kz_test_ctx);
        if (rc == KZ_OK)
            rc = kz_survey_load(&sv, kz_test_ctx, &src, rep);
        kz__ctx_fail_alloc_at(kz_test_ctx, 0);
        if (rc == KZ_OK) {
            check_survey(sv, with_shafts);
            kz_survey_destroy(sv);
            kz_report_destroy(rep);
            break;
        }
        if (rc != KZ_ENOMEM)
            fprintf(stderr, "\n  allocation %ld failing: %s (%s)", n,
                    kz_status_str(rc), kz_ctx_error(kz_test_ctx)->message);
        CU_ASSERT_EQUAL(rc, KZ_ENOMEM);
        CU_ASSERT_PTR_NULL(sv);
        kz_report_destroy(rep);
    }
    CU_ASSERT_EQUAL(rc, KZ_OK);
    CU_ASSERT(n > 20); /* the loop went through the load's allocations */
}

static void test_kobo_oom(void)
{
    const char *x = tmp("kobo-oom.xlsx"), *att = tmp("kobo-oom-media"),
               *z = tmp("central-oom.zip");
    kobo_write_xlsx(x, "kahriz_survey", "kobo-main-groups.txt",
                    "kobo-shafts-groups.txt");
    kobo_write_attachments(att);
    oom_loop(x, att, 1);
    kobo_write_central_zip(z, "kahriz_survey", "central-main.txt",
                           "central-shafts.txt");
    oom_loop(z, NULL, 1);
}

static const kz_test_case cases[] = {
    {"kobo_xlsx", test_kobo_xlsx},
    {"kobo_xlsx_headers", test_kobo_xlsx_headers},
    {"kobo_csv", test_kobo_csv},
    {"central_zip", test_central_zip},
    {"kobo_bad_rows", test_kobo_bad_rows},
    {"kobo_not_form", test_kobo_not_form},
    {"kobo_threshold_and_v1", test_kobo_threshold_and_v1},
    {"utm zone names", test_utm_names},
    {"allocation failures", test_kobo_oom},
    KZ_TEST_END};

KZ_TEST_SUITE("ingest_kobo", cases);
