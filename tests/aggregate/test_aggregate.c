/*
 * test_aggregate.c - point-in-district assignment on hand-made polygons
 * with known answers (edges, vertices, holes, multipolygon parts, an
 * exclave, outside), the grid against the exact test on the bundled
 * districts, and statistics checked against values computed by hand.
 */
#include "kztest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/locator.h"

static kz_survey *load_fixture(kz_ctx *ctx)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    char k[1024], a[1024], d[1024];
    int rc;
    snprintf(k, sizeof(k), "%s", kz_test_src("tests/data/aggregate/kahrizes.csv"));
    snprintf(a, sizeof(a), "%s",
             kz_test_src("tests/data/aggregate/assessments.csv"));
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    src.kahrizes = k;
    src.assessments = a;
    src.districts = d;
    src.today = 20261127;
    rc = kz_survey_load(&sv, ctx, &src, NULL);
    if (rc < 0)
        fprintf(stderr, "\n  load: %s\n", kz_ctx_error(ctx)->message);
    CU_ASSERT_EQUAL(rc, KZ_OK);
    return sv;
}

/* Kahrizes and districts from tests/data/aggregate/, with a report of
 * everything said while loading (caller destroys both). */
static kz_survey *load_reported(const char *kahrizes, const char *districts,
                                kz_report **rep)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    char k[1024], d[1024], rel[512];
    snprintf(rel, sizeof(rel), "tests/data/aggregate/%s", kahrizes);
    snprintf(k, sizeof(k), "%s", kz_test_src(rel));
    snprintf(rel, sizeof(rel), "tests/data/aggregate/%s", districts);
    snprintf(d, sizeof(d), "%s", kz_test_src(rel));
    src.kahrizes = k;
    src.districts = d;
    *rep = NULL;
    CU_ASSERT_EQUAL_FATAL(kz_report_create(rep, kz_test_ctx), KZ_OK);
    CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, *rep), KZ_OK);
    return sv;
}

static const char *district_of(const kz_survey *sv, const char *id)
{
    long k = kz_survey_find(sv, id);
    const kz_kahriz *kh;
    CU_ASSERT_TRUE(k >= 0);
    if (k < 0)
        return "?";
    kh = kz_survey_kahriz(sv, (size_t)k);
    if (kh->district < 0)
        return "";
    return kz_survey_district(sv, (size_t)kh->district)->code;
}

static void test_assignment_known_answers(void)
{
    kz_survey *sv = load_fixture(kz_test_ctx);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), 9);
    CU_ASSERT_STRING_EQUAL(district_of(sv, "K1"), "T-A"); /* interior */
    CU_ASSERT_STRING_EQUAL(district_of(sv, "K2"), "T-A"); /* shared edge */
    CU_ASSERT_STRING_EQUAL(district_of(sv, "K3"), "T-A"); /* shared vertex */
    CU_ASSERT_STRING_EQUAL(district_of(sv, "K4"), "T-H"); /* in the hole */
    CU_ASSERT_STRING_EQUAL(district_of(sv, "K5"), "T-A"); /* hole's edge */
    CU_ASSERT_STRING_EQUAL(district_of(sv, "K6"), "T-C"); /* first part */
    CU_ASSERT_STRING_EQUAL(district_of(sv, "K7"), "T-C"); /* exclave */
    CU_ASSERT_STRING_EQUAL(district_of(sv, "K8"), "");    /* outside */
    CU_ASSERT_STRING_EQUAL(district_of(sv, "K9"), "T-B");
    kz_survey_destroy(sv);
}

static void test_locate_outside_distance(void)
{
    kz_survey *sv = load_fixture(kz_test_ctx);
    long d = 0;
    double km = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    /* 0.1° east of T-E's east edge at 41.05° N: 0.1 * 111.32 * cos(41.05°)
     * = 8.395 km on the sphere */
    CU_ASSERT_EQUAL(kz_survey_locate(&d, &km, kz_test_ctx, sv, 47.2, 41.05),
                    KZ_OK);
    CU_ASSERT_EQUAL(d, -1);
    CU_ASSERT_DOUBLE_EQUAL(km, 8.395, 0.02);
    CU_ASSERT_EQUAL(kz_survey_locate(&d, &km, kz_test_ctx, sv, 46.85, 40.35),
                    KZ_OK);
    CU_ASSERT_STRING_EQUAL(kz_survey_district(sv, (size_t)d)->code, "T-C");
    CU_ASSERT_EQUAL(kz_survey_locate(&d, &km, kz_test_ctx, sv, NAN, 40.0),
                    KZ_EINVAL);
    /* the distance is optional, inside and outside */
    d = 0;
    CU_ASSERT_EQUAL(kz_survey_locate(&d, NULL, kz_test_ctx, sv, 47.2, 41.05),
                    KZ_OK);
    CU_ASSERT_EQUAL(d, -1);
    CU_ASSERT_EQUAL(kz_survey_locate(&d, NULL, kz_test_ctx, sv, 46.85, 40.35),
                    KZ_OK);
    CU_ASSERT_STRING_EQUAL(kz_survey_district(sv, (size_t)d)->code, "T-C");
    kz_survey_destroy(sv);
}

static void test_declared_district_mismatch_reported(void)
{
    kz_report *rep = NULL;
    kz_survey *sv = load_reported("kahrizes.csv", "districts.geojson", &rep);
    size_t i, mismatches = 0, outside = 0;
    for (i = 0; i < kz_report_count(rep); i++) {
        const kz_report_entry *e = kz_report_get(rep, i);
        if (strcmp(e->field, "district") == 0 &&
            strstr(e->message, "declared in T-A but lies in T-H"))
            mismatches++;
        if (strstr(e->message, "outside every district") &&
            strstr(e->message, "K8"))
            outside++;
    }
    CU_ASSERT_EQUAL(mismatches, 1); /* K4; K9 declares T-B by code */
    CU_ASSERT_EQUAL(outside, 1);    /* K8, kept as unassigned */
    CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), 9);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* Area of a lon/lat rectangle on the authalic sphere, km². */
static double rect_km2(double w, double s, double e, double n)
{
    const double r = 6371.007, k = M_PI / 180.0;
    return r * r * (e - w) * k * (sin(n * k) - sin(s * k));
}

static const kz_stats_row *row(const kz_stats *st, const char *code)
{
    long i = kz_stats_find(st, code);
    CU_ASSERT_TRUE(i >= 0);
    return i >= 0 ? kz_stats_row_get(st, (size_t)i) : NULL;
}

/* The years of a district's measurements span all its kahrizes, whatever
 * their order: the second kahriz was measured first (2014) and last
 * (2022), worked by hand from the rows below. */
static void test_years_span_members(void)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv;
    kz_stats *st = NULL;
    const kz_stats_row *r;
    char k[700], a[700];
    FILE *fp;

    snprintf(k, sizeof(k), "%s/years-kahrizes.csv", kz_test_tmpdir());
    snprintf(a, sizeof(a), "%s/years-assessments.csv", kz_test_tmpdir());
    fp = fopen(k, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("id,name_az,district,x,y,crs\n"
          "Y1,Birinci,T-B,46.30,40.10,EPSG:4326\n"
          "Y2,İkinci,T-B,46.32,40.12,EPSG:4326\n", fp);
    CU_ASSERT_EQUAL_FATAL(fclose(fp), 0);
    fp = fopen(a, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("kahriz_id,date,discharge_l_s,condition\n"
          "Y1,2019-05-01,3.0,good\n"
          "Y1,2021-05-01,2.0,good\n"
          "Y2,2014-05-01,4.0,fair\n"
          "Y2,2022-05-01,1.0,poor\n", fp);
    CU_ASSERT_EQUAL_FATAL(fclose(fp), 0);
    src.kahrizes = k;
    src.assessments = a;
    src.districts = kz_test_src("tests/data/aggregate/districts.geojson");
    src.today = 20260101;
    sv = kz_test_load(&src);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(
        kz_stats_compute(&st, kz_test_ctx, sv, KZ_STATS_BY_DISTRICT), KZ_OK);
    r = row(st, "T-B");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->kahrizes, 2);
    CU_ASSERT_EQUAL(r->first_year, 2014);
    CU_ASSERT_EQUAL(r->last_year, 2022);
    kz_stats_destroy(st);
    kz_survey_destroy(sv);
}

static void test_district_statistics(void)
{
    kz_survey *sv = load_fixture(kz_test_ctx);
    kz_stats *st = NULL;
    const kz_stats_row *r;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(
        kz_stats_compute(&st, kz_test_ctx, sv, KZ_STATS_BY_DISTRICT), KZ_OK);
    /* 5 districts, then UNASSIGNED and TOTAL */
    CU_ASSERT_EQUAL(kz_stats_count(st), 7);
    CU_ASSERT_STRING_EQUAL(kz_stats_row_get(st, 5)->code, "UNASSIGNED");
    CU_ASSERT_STRING_EQUAL(kz_stats_row_get(st, 6)->code, "TOTAL");

    r = row(st, "T-A");
    CU_ASSERT_EQUAL(r->kahrizes, 4);
    CU_ASSERT_EQUAL(r->functioning, 2);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_GOOD], 0);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_FAIR], 1);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_POOR], 1);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_DRY], 1);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_UNASSESSED], 1);
    CU_ASSERT_DOUBLE_EQUAL(r->discharge_l_s_total, 7.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r->discharge_l_s_median, 1.0, 1e-9);
    CU_ASSERT_EQUAL(r->households_served, 17);
    CU_ASSERT_DOUBLE_EQUAL(r->length_km, 3.5, 1e-9);
    CU_ASSERT_EQUAL(r->rehabilitated, 1);
    CU_ASSERT_EQUAL(r->first_year, 2015);
    CU_ASSERT_EQUAL(r->last_year, 2020);
    CU_ASSERT_DOUBLE_EQUAL(r->discharge_change_l_s, 1.0, 1e-9);
    {
        double a = rect_km2(46.0, 40.0, 46.2, 40.2) -
                   rect_km2(46.05, 40.05, 46.1, 40.1);
        CU_ASSERT_DOUBLE_EQUAL(r->area_km2, a, a * 0.01);
        CU_ASSERT_DOUBLE_EQUAL(r->density_per_100km2, 400.0 / r->area_km2,
                               1e-9);
    }

    r = row(st, "T-C");
    CU_ASSERT_EQUAL(r->kahrizes, 2);
    CU_ASSERT_EQUAL(r->functioning, 1);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_COLLAPSED], 1);
    CU_ASSERT_DOUBLE_EQUAL(r->discharge_l_s_median, 4.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r->discharge_change_l_s, -2.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r->length_km, 5.5, 1e-9);

    r = row(st, "T-E");
    CU_ASSERT_EQUAL(r->kahrizes, 0);
    CU_ASSERT_TRUE(isnan(r->discharge_l_s_median));
    CU_ASSERT_DOUBLE_EQUAL(r->density_per_100km2, 0.0, 1e-12);

    r = row(st, "UNASSIGNED");
    CU_ASSERT_EQUAL(r->kahrizes, 1);
    CU_ASSERT_DOUBLE_EQUAL(r->discharge_l_s_total, 5.0, 1e-9);

    r = row(st, "TOTAL");
    CU_ASSERT_EQUAL(r->kahrizes, 9);
    CU_ASSERT_EQUAL(r->functioning, 6);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_GOOD], 2);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_FAIR], 3);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_POOR], 1);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_DRY], 1);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_COLLAPSED], 1);
    CU_ASSERT_EQUAL(r->condition[KZ_COND_UNASSESSED], 1);
    CU_ASSERT_DOUBLE_EQUAL(r->discharge_l_s_total, 26.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r->discharge_l_s_median, 3.0, 1e-9);
    CU_ASSERT_EQUAL(r->households_served, 66);
    CU_ASSERT_DOUBLE_EQUAL(r->length_km, 12.5, 1e-9);
    CU_ASSERT_EQUAL(r->rehabilitated, 2);
    {
        /* districts plus unassigned equal the input rows */
        long sum = 0;
        size_t i;
        for (i = 0; i + 1 < kz_stats_count(st); i++)
            sum += kz_stats_row_get(st, i)->kahrizes;
        CU_ASSERT_EQUAL(sum, 9);
    }
    kz_stats_destroy(st);
    kz_survey_destroy(sv);
}

static void test_region_statistics(void)
{
    kz_survey *sv = load_fixture(kz_test_ctx);
    kz_stats *st = NULL;
    const kz_stats_row *r;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(
        kz_stats_compute(&st, kz_test_ctx, sv, KZ_STATS_BY_REGION), KZ_OK);
    CU_ASSERT_EQUAL(kz_stats_count(st), 4);
    r = row(st, "R1");
    CU_ASSERT_EQUAL(r->kahrizes, 6);
    CU_ASSERT_STRING_EQUAL(r->name_az, "Birinci");
    {
        /* the union of T-A, T-H and T-B fills the hole */
        double a = rect_km2(46.0, 40.0, 46.4, 40.2);
        CU_ASSERT_DOUBLE_EQUAL(r->area_km2, a, a * 0.01);
    }
    r = row(st, "R2");
    CU_ASSERT_EQUAL(r->kahrizes, 2);
    kz_stats_destroy(st);
    kz_survey_destroy(sv);
}

static void test_csv_output(void)
{
    kz_survey *sv = load_fixture(kz_test_ctx);
    kz_stats *st = NULL;
    char *buf = NULL, line[4096];
    size_t len = 0;
    FILE *fp;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(
        kz_stats_compute(&st, kz_test_ctx, sv, KZ_STATS_BY_DISTRICT), KZ_OK);
    fp = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(kz_stats_write(kz_test_ctx, st, fp, KZ_STATS_CSV), KZ_OK);
    fclose(fp);
    CU_ASSERT_EQUAL(
        strncmp(buf,
                "code,name_az,name_en,region,area_km2,kahrizes,functioning,"
                "good,fair,poor,dry,collapsed,unassessed,discharge_l_s_total,"
                "discharge_l_s_median,households_served,length_km,"
                "density_per_100km2,rehabilitated\r\n",
                strlen("code,name_az,name_en,region,area_km2,kahrizes,"
                       "functioning,good,fair,poor,dry,collapsed,unassessed,"
                       "discharge_l_s_total,discharge_l_s_median,"
                       "households_served,length_km,density_per_100km2,"
                       "rehabilitated\r\n")),
        0);
    snprintf(line, sizeof(line), "%s", strstr(buf, "\r\nTOTAL,") + 2);
    *strchr(line, '\r') = '\0';
    CU_ASSERT_PTR_NOT_NULL(strstr(line, ",9,6,2,3,1,1,1,1,26,3,66,"
                                        "12.5,"));
    free(buf);
    kz_stats_destroy(st);
    kz_survey_destroy(sv);
}

/* Field n (from 0) of a CSV line without quoted fields, into out. */
static void csv_field(const char *line, int n, char *out, size_t cap)
{
    const char *p = line, *e;
    while (n-- > 0 && p)
        p = (p = strchr(p, ',')) ? p + 1 : NULL;
    if (!p) {
        snprintf(out, cap, "<none>");
        return;
    }
    e = p + strcspn(p, ",\r\n");
    snprintf(out, cap, "%.*s", (int)(e - p), p);
}

/* The trend columns by hand from assessments.csv: T-H holds K4, seen in
 * 2018 only; T-A holds K1 (2015, 2020), K2 (2015, 2020), K3 (2020);
 * T-E holds no kahriz, so no years and no change: empty, never 0. */
static void test_csv_trend_columns(void)
{
    static const struct {
        const char *code, *first, *last;
    } want[] = {{"T-A", "2015", "2020"},
                {"T-H", "2018", "2018"},
                {"T-E", "", ""}};
    kz_survey *sv = load_fixture(kz_test_ctx);
    kz_stats *st = NULL;
    char *buf = NULL, key[32], got[64];
    size_t len = 0, i;
    FILE *fp;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(
        kz_stats_compute(&st, kz_test_ctx, sv, KZ_STATS_BY_DISTRICT), KZ_OK);
    fp = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(kz_stats_write_columns(kz_test_ctx, st, fp, KZ_STATS_CSV,
                                           KZ_STATS_COLUMNS_TREND),
                    KZ_OK);
    fclose(fp);
    /* the 19 base columns, then first_year, last_year, change */
    csv_field(buf, 19, got, sizeof(got));
    CU_ASSERT_STRING_EQUAL(got, "first_year");
    csv_field(buf, 20, got, sizeof(got));
    CU_ASSERT_STRING_EQUAL(got, "last_year");
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const char *line;
        snprintf(key, sizeof(key), "\n%s,", want[i].code);
        line = strstr(buf, key);
        CU_ASSERT_PTR_NOT_NULL_FATAL(line);
        csv_field(line + 1, 19, got, sizeof(got));
        CU_ASSERT_STRING_EQUAL(got, want[i].first);
        csv_field(line + 1, 20, got, sizeof(got));
        CU_ASSERT_STRING_EQUAL(got, want[i].last);
    }
    free(buf);
    kz_stats_destroy(st);
    kz_survey_destroy(sv);
}

static int stats_without_survey(void *arg)
{
    kz_stats *st = NULL;
    (void)arg;
    return kz_stats_compute(&st, kz_test_ctx, NULL, KZ_STATS_BY_DISTRICT);
}

static int stats_without_out(void *arg)
{
    return kz_stats_compute(NULL, kz_test_ctx, arg, KZ_STATS_BY_DISTRICT);
}

/* Statistics of no survey, or into nowhere, are a misuse. */
static void test_stats_misuse(void)
{
    kz_survey *sv = load_fixture(kz_test_ctx);
    CU_ASSERT(kz_test_refused(stats_without_survey, NULL));
    CU_ASSERT(kz_test_refused(stats_without_out, sv));
    kz_survey_destroy(sv);
}

/* A locator without a grid answers every point by the exact test: the
 * hand-worked districts of the fixture's kahrizes (see the assignment
 * test) come out the same. */
static void test_locator_without_grid(void)
{
    static const struct {
        const char *id, *code;
    } want[] = {{"K1", "T-A"}, {"K2", "T-A"}, {"K3", "T-A"}, {"K4", "T-H"},
                {"K5", "T-A"}, {"K6", "T-C"}, {"K7", "T-C"}, {"K8", ""},
                {"K9", "T-B"}};
    kz_survey *sv = load_fixture(kz_test_ctx);
    kz_locator *loc = NULL;
    size_t i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz__locator_create(&loc, kz_test_ctx, sv, 0),
                          KZ_OK);
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const kz_kahriz *k =
            kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, want[i].id));
        long d = kz__locator_find(kz_test_ctx, loc, k->lon, k->lat);
        CU_ASSERT_STRING_EQUAL(d >= 0 ? sv->districts[d].code : "",
                               want[i].code);
    }
    kz__locator_destroy(kz_test_ctx, loc);
    kz_survey_destroy(sv);
}

/* The table as a reader sees it (Python splits the lines): text columns
 * start under their heading, number columns end under theirs. */
static void test_table_alignment(void)
{
    kz_survey *sv = load_fixture(kz_test_ctx);
    kz_stats *st = NULL;
    char path[1024], cmd[3000], *out;
    FILE *fp;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(
        kz_stats_compute(&st, kz_test_ctx, sv, KZ_STATS_BY_DISTRICT), KZ_OK);
    snprintf(path, sizeof(path), "%s/table.txt", kz_test_tmpdir());
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_EQUAL(kz_stats_write(kz_test_ctx, st, fp, KZ_STATS_TABLE),
                    KZ_OK);
    fclose(fp);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c 'import sys\n"
             "rows = open(sys.argv[1], encoding=\"utf-8\").read()"
             ".splitlines()\n"
             "head = rows[0]\n"
             "bad = 0\n"
             "for word in (\"name_en\", \"kahrizes\", \"good\", "
             "\"rehabilitated\"):\n"
             "    a = head.index(word); b = a + len(word)\n"
             "    for r in rows[1:]:\n"
             "        if word == \"name_en\":\n"
             "            bad += r[a] == \" \" or r[a - 1] != \" \"\n"
             "        else:\n"
             "            bad += not r[b - 1].isdigit() or "
             "(len(r) > b and r[b] != \" \")\n"
             "print(len(rows), bad)' '%s'",
             path);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    /* heading, five districts, UNASSIGNED, TOTAL; nothing out of line */
    CU_ASSERT_STRING_EQUAL(out, "8 0\n");
    free(out);
    kz_stats_destroy(st);
    kz_survey_destroy(sv);
}

/* The JSON statistics as Python's json module reads them: one object per
 * row (five districts, UNASSIGNED, TOTAL), TOTAL's count the nine
 * kahrizes, a missing median null. */
static void test_json_output(void)
{
    kz_survey *sv = load_fixture(kz_test_ctx);
    kz_stats *st = NULL;
    char path[1024], cmd[2000], *out;
    FILE *fp;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(
        kz_stats_compute(&st, kz_test_ctx, sv, KZ_STATS_BY_DISTRICT), KZ_OK);
    snprintf(path, sizeof(path), "%s/stats.json", kz_test_tmpdir());
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_EQUAL(kz_stats_write(kz_test_ctx, st, fp, KZ_STATS_JSON),
                    KZ_OK);
    fclose(fp);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c 'import json, sys\n"
             "d = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
             "t = [r for r in d if r[\"code\"] == \"TOTAL\"][0]\n"
             "e = [r for r in d if r[\"code\"] == \"T-E\"][0]\n"
             "print(len(d), t[\"kahrizes\"], e[\"discharge_l_s_median\"])' "
             "'%s'",
             path);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "7 9 None\n");
    free(out);
    kz_stats_destroy(st);
    kz_survey_destroy(sv);
}

/* A declared district may be written as its code or either name, in any
 * case; only a real difference is reported. */
static void test_declared_by_name(void)
{
    kz_report *rep = NULL;
    kz_survey *sv = load_reported("declared_names.csv", "districts.geojson",
                                  &rep);
    size_t i, mismatches = 0;
    for (i = 0; i < kz_report_count(rep); i++)
        if (strcmp(kz_report_get(rep, i)->field, "district") == 0) {
            mismatches++;
            CU_ASSERT_PTR_NOT_NULL(
                strstr(kz_report_get(rep, i)->message, "N4"));
        }
    CU_ASSERT_EQUAL(mismatches, 1);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* A self-intersecting district is repaired (and reported), and points in
 * both lobes of the bow tie belong to it. */
static void test_self_intersecting_district_repaired(void)
{
    kz_report *rep = NULL;
    kz_survey *sv = load_reported("bowtie_kahrizes.csv", "bowtie.geojson",
                                  &rep);
    size_t i, repaired = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    for (i = 0; i < kz_report_count(rep); i++)
        if (strstr(kz_report_get(rep, i)->message, "repaired"))
            repaired++;
    CU_ASSERT_EQUAL(repaired, 1);
    CU_ASSERT_STRING_EQUAL(district_of(sv, "L"), "T-X");
    CU_ASSERT_STRING_EQUAL(district_of(sv, "R"), "T-X");
    CU_ASSERT_STRING_EQUAL(district_of(sv, "B"), ""); /* between lobes */
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* The grid must give exactly the exact test's answer everywhere. */
static void test_grid_matches_exact_on_bundled_districts(void)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    char k[1024], d[1024];
    unsigned long seed = kz_test_seed();
    size_t i, n = 200000, mismatches = 0, boundary = 0;
    const kz_locator *loc;
    snprintf(k, sizeof(k), "%s", kz_test_src("data/survey/kahrizes.csv"));
    snprintf(d, sizeof(d), "%s", kz_test_src("data/districts.geojson"));
    src.kahrizes = k;
    src.districts = d;
    kz_survey_load(&sv, kz_test_ctx, &src, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    loc = sv->locator;
    CU_ASSERT_PTR_NOT_NULL_FATAL(loc);
    srand((unsigned)seed);
    for (i = 0; i < n; i++) {
        double lon = 44.7 + 6.0 * rand() / (double)RAND_MAX;
        double lat = 38.3 + 3.7 * rand() / (double)RAND_MAX;
        long a = kz__locator_find(kz_test_ctx, loc, lon, lat);
        long b = kz__locator_exact(kz_test_ctx, loc, lon, lat);
        if (a != b)
            mismatches++;
    }
    /* points on vertices of the district boundaries, the hardest case */
    for (i = 0; i < sv->n_kahrizes; i++) {
        const kz_kahriz *kh = &sv->kahrizes[i];
        long a = kz__locator_find(kz_test_ctx, loc, kh->lon, kh->lat);
        long b = kz__locator_exact(kz_test_ctx, loc, kh->lon, kh->lat);
        if (a != b)
            mismatches++;
    }
    boundary = loc->boundary_cells;
    CU_ASSERT_EQUAL(mismatches, 0);
    CU_ASSERT_TRUE(boundary > 0 && boundary < (size_t)loc->w * loc->h / 4);
    kz_survey_destroy(sv);
}

int main(void)
{
    static const kz_test_case cases[] = {
        {"assignment known answers", test_assignment_known_answers},
        {"outside: distance to nearest", test_locate_outside_distance},
        {"declared district mismatch", test_declared_district_mismatch_reported},
        {"district statistics", test_district_statistics},
        {"years span all members", test_years_span_members},
        {"region statistics", test_region_statistics},
        {"csv output", test_csv_output},
        {"csv trend columns", test_csv_trend_columns},
        {"statistics misuse", test_stats_misuse},
        {"locator without a grid", test_locator_without_grid},
        {"table alignment", test_table_alignment},
        {"json output", test_json_output},
        {"self-intersecting district", test_self_intersecting_district_repaired},
        {"declared district by name", test_declared_by_name},
        {"grid equals exact test", test_grid_matches_exact_on_bundled_districts},
        KZ_TEST_END};
    if (kz_test_add_suite("aggregate", cases) < 0)
        return 2;
    return kz_test_run();
}
