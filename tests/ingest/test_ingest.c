/*
 * test_ingest.c - the ingest module: value parsing, reports, the survey
 * model, every source format, mixed CRSs against cs2cs, the bad-input
 * corpus (each case's report line) and allocation failures.
 */
#include "kztest.h"

#include "core/core.h"
#include "ingest/ingest.h"

#include <gdal_utils.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TODAY 20250101

static kz_report *rep;
static kz_survey *sv;

static char *dup_src(const char *rel)
{
    return strdup(kz_test_src(rel));
}

/* Load with fixed "today"; keeps rep and sv for the checks. */
static int load_full(const char *k, const char *a, const char *s,
                     const char *d, int decimal_comma)
{
    kz_sources src = KZ_SOURCES_INIT;
    char *kp = k ? dup_src(k) : NULL, *ap = a ? dup_src(a) : NULL;
    char *sp = s ? dup_src(s) : NULL, *dp = d ? dup_src(d) : NULL;
    int rc;

    kz_report_destroy(rep);
    kz_survey_destroy(sv);
    rep = NULL;
    sv = NULL;
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    src.kahrizes = kp;
    src.assessments = ap;
    src.shafts = sp;
    src.districts = dp;
    src.today = TODAY;
    src.decimal_comma = decimal_comma;
    rc = kz_survey_load(&sv, kz_test_ctx, &src, rep);
    free(kp);
    free(ap);
    free(sp);
    free(dp);
    return rc;
}

static int load(const char *k)
{
    return load_full(k, NULL, NULL, NULL, -1);
}

static void release(void)
{
    kz_report_destroy(rep);
    kz_survey_destroy(sv);
    rep = NULL;
    sv = NULL;
}

/* Is there an entry "file:row: field: ...substr..."? (file by suffix) */
static int has_entry(const char *file, long row, const char *field,
                     const char *substr)
{
    return kz_test_report_has(rep, file, row, field, substr);
}

static const kz_kahriz *find(const char *id)
{
    long i = kz_survey_find(sv, id);
    return i < 0 ? NULL : kz_survey_kahriz(sv, (size_t)i);
}

/* ------------------------------------------------------------- values */

static void test_numbers(void)
{
    double v;
    CU_ASSERT(kz__parse_number("12.5", 0, &v) == KZ_NUM_OK && v == 12.5);
    CU_ASSERT(kz__parse_number(" -0.25 ", 0, &v) == KZ_NUM_OK && v == -0.25);
    CU_ASSERT(kz__parse_number("1e3", 0, &v) == KZ_NUM_OK && v == 1000);
    CU_ASSERT(kz__parse_number("12,5", 1, &v) == KZ_NUM_OK && v == 12.5);
    CU_ASSERT(kz__parse_number("1 966,5", 1, &v) == KZ_NUM_OK &&
              v == 1966.5);
    CU_ASSERT(kz__parse_number("1\xc2\xa0" "966,5", 1, &v) == KZ_NUM_OK &&
              v == 1966.5);
    CU_ASSERT(kz__parse_number("12,5", 0, &v) == KZ_NUM_BAD);
    CU_ASSERT(kz__parse_number("1,234", 0, &v) == KZ_NUM_AMBIGUOUS);
    CU_ASSERT(kz__parse_number("1.234", 1, &v) == KZ_NUM_AMBIGUOUS);
    CU_ASSERT(kz__parse_number("12.5", 1, &v) == KZ_NUM_WRONG_MARK);
    CU_ASSERT(kz__parse_number("", 0, &v) == KZ_NUM_EMPTY);
    CU_ASSERT(kz__parse_number("  ", 0, &v) == KZ_NUM_EMPTY);
    CU_ASSERT(kz__parse_number("nan", 0, &v) == KZ_NUM_BAD);
    CU_ASSERT(kz__parse_number("inf", 0, &v) == KZ_NUM_BAD);
    CU_ASSERT(kz__parse_number("0x10", 0, &v) == KZ_NUM_BAD);
    CU_ASSERT(kz__parse_number("1e999", 0, &v) == KZ_NUM_BAD);
    CU_ASSERT(kz__parse_number("12 m", 0, &v) == KZ_NUM_BAD);
    CU_ASSERT(kz__parse_number("1 966", 0, &v) == KZ_NUM_BAD);
    CU_ASSERT(kz__parse_number(".5", 0, &v) == KZ_NUM_OK && v == 0.5);
    CU_ASSERT(kz__parse_number("-", 0, &v) == KZ_NUM_BAD);
    CU_ASSERT(kz__parse_number("45.950000020", 0, &v) == KZ_NUM_OK &&
              v == 45.95000002);
}

static void test_dates_and_words(void)
{
    int32_t d;
    kz_drinkable dr;
    kz_rehab rh;

    CU_ASSERT(kz__parse_date("2021-08-01", &d) && d == 20210801);
    CU_ASSERT(kz__parse_date("2021-08-01T10:30:00Z", &d) && d == 20210801);
    CU_ASSERT(kz__parse_date("2020-02-29", &d) && d == 20200229);
    CU_ASSERT(!kz__parse_date("2019-02-29", &d));
    CU_ASSERT(!kz__parse_date("2019-13-01", &d));
    /* day-first with dots, as Azerbaijani and Russian sheets write */
    CU_ASSERT(kz__parse_date("01.02.2019", &d) && d == 20190201);
    CU_ASSERT(kz__parse_date("29.02.2020 10:30", &d) && d == 20200229);
    CU_ASSERT(!kz__parse_date("29.02.2019", &d));
    CU_ASSERT(!kz__parse_date("01/02/2019", &d)); /* order unknown */
    CU_ASSERT(!kz__parse_date("1.2.2019", &d));
    CU_ASSERT(!kz__parse_date("2019-1-1", &d));
    CU_ASSERT(!kz__parse_date("2019-01-01x", &d));

    CU_ASSERT(kz_condition_parse("good") == KZ_COND_GOOD);
    CU_ASSERT(kz_condition_parse(" FAIR ") == KZ_COND_FAIR);
    CU_ASSERT(kz_condition_parse("yaxşı") == KZ_COND_GOOD);
    CU_ASSERT(kz_condition_parse("YAXŞI") == KZ_COND_GOOD);
    CU_ASSERT(kz_condition_parse("KAFİ") == KZ_COND_FAIR);
    CU_ASSERT(kz_condition_parse("Pis") == KZ_COND_POOR);
    CU_ASSERT(kz_condition_parse("quru") == KZ_COND_DRY);
    CU_ASSERT(kz_condition_parse("UÇMUŞ") == KZ_COND_COLLAPSED);
    CU_ASSERT(kz_condition_parse("5") == KZ_COND_COLLAPSED);
    CU_ASSERT(kz_condition_parse("6") == KZ_COND_UNASSESSED);
    CU_ASSERT(kz_condition_parse("excellent") == KZ_COND_UNASSESSED);
    CU_ASSERT(kz_condition_parse("") == KZ_COND_UNASSESSED);
    CU_ASSERT_STRING_EQUAL(kz_condition_name(KZ_COND_DRY), "dry");

    CU_ASSERT(kz__parse_drinkable("bəli", &dr) && dr == KZ_DRINK_YES);
    CU_ASSERT(kz__parse_drinkable("Hə", &dr) && dr == KZ_DRINK_YES);
    CU_ASSERT(kz__parse_drinkable("XEYR", &dr) && dr == KZ_DRINK_NO);
    CU_ASSERT(kz__parse_drinkable("yox", &dr) && dr == KZ_DRINK_NO);
    CU_ASSERT(kz__parse_drinkable("false", &dr) && dr == KZ_DRINK_NO);
    CU_ASSERT(kz__parse_drinkable("1", &dr) && dr == KZ_DRINK_YES);
    CU_ASSERT(kz__parse_drinkable("unknown", &dr) && dr == KZ_DRINK_UNKNOWN);
    CU_ASSERT(!kz__parse_drinkable("maybe", &dr));
    CU_ASSERT(kz__parse_rehab("Done", &rh) && rh == KZ_REHAB_DONE);
    CU_ASSERT(!kz__parse_rehab("soon", &rh));
}

static void test_locale_independent(void)
{
    /* a decimal-comma LC_NUMERIC must not change what is read: each
     * locale set for real (its decimal point checked), none skipped
     * silently */
    static const char *const locales[] = {"ru_RU.UTF-8", "de_DE.UTF-8",
                                          "az_AZ.UTF-8"};
    double v;
    const char *old = setlocale(LC_NUMERIC, NULL);
    char *saved = old ? strdup(old) : NULL;
    size_t i;

    for (i = 0; i < sizeof(locales) / sizeof(locales[0]); i++) {
        if (!kz_test_need_locale(locales[i]))
            continue;
        CU_ASSERT_PTR_NOT_NULL_FATAL(setlocale(LC_NUMERIC, locales[i]));
        CU_ASSERT_STRING_EQUAL(localeconv()->decimal_point, ",");
        CU_ASSERT(kz__parse_number("12.5", 0, &v) == KZ_NUM_OK && v == 12.5);
        CU_ASSERT(kz__parse_number("12,5", 1, &v) == KZ_NUM_OK && v == 12.5);
        CU_ASSERT(kz__parse_number("-0.25", 0, &v) == KZ_NUM_OK &&
                  v == -0.25);
        CU_ASSERT(kz__parse_number("1 966,5", 1, &v) == KZ_NUM_OK &&
                  v == 1966.5);
        /* a comma is not a decimal point in a decimal-point file */
        CU_ASSERT(kz__parse_number("12,5", 0, &v) != KZ_NUM_OK);
    }
    setlocale(LC_NUMERIC, saved ? saved : "C");
    free(saved);
    CU_ASSERT(kz__parse_number("12.5", 0, &v) == KZ_NUM_OK && v == 12.5);
}

/* ------------------------------------------------------------ reports */

static void test_report_formats(void)
{
    kz_report *r = NULL;
    size_t slot;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp;

    CU_ASSERT_FATAL(kz_report_create(&r, kz_test_ctx) == KZ_OK);
    CU_ASSERT(kz__report_begin_source(r, "kahrizes", "kahrizes.csv", &slot) ==
              KZ_OK);
    kz__report_add(r, slot, KZ_SEV_ERROR, "kahrizes", "kahrizes.csv", 412,
                   "depth_m", "%s is not a number", "\"12,5\"");
    kz__report_add(r, SIZE_MAX, KZ_SEV_WARNING, "kahrizes", "kahrizes.csv",
                   3, "", "line\nbreak, \"quoted\"");
    kz__report_count(r, slot, 3, 2, 1);
    CU_ASSERT(kz_report_count(r) == 2);
    CU_ASSERT(kz_report_errors(r) == 1);
    CU_ASSERT(kz_report_warnings(r) == 1);
    CU_ASSERT(kz_report_summary_get(r, 0)->warnings == 1);
    CU_ASSERT(kz_report_summary_get(r, 0)->rejected == 1);

    fp = open_memstream(&buf, &len);
    CU_ASSERT(kz_report_write(kz_test_ctx, r, fp, KZ_REPORT_TEXT) == KZ_OK);
    fclose(fp);
    CU_ASSERT(strstr(buf, "kahrizes.csv:412: depth_m: \"12,5\" is not a "
                          "number\n") != NULL);
    CU_ASSERT(strstr(buf, "kahrizes.csv:3: warning: line") != NULL);
    CU_ASSERT(strstr(buf, "1 error, 1 warning") != NULL);
    free(buf);

    fp = open_memstream(&buf, &len);
    CU_ASSERT(kz_report_write(kz_test_ctx, r, fp, KZ_REPORT_JSON) == KZ_OK);
    fclose(fp);
    CU_ASSERT(strstr(buf, "\"message\": \"\\\"12,5\\\" is not a number\"") !=
              NULL);
    CU_ASSERT(strstr(buf, "line\\nbreak") != NULL);
    CU_ASSERT(strstr(buf, "\"rows_read\": 3") != NULL);
    free(buf);

    fp = open_memstream(&buf, &len);
    CU_ASSERT(kz_report_write(kz_test_ctx, r, fp, KZ_REPORT_CSV) == KZ_OK);
    fclose(fp);
    CU_ASSERT(strncmp(buf, "severity,source,file,row,field,message\r\n", 40) ==
              0);
    CU_ASSERT(strstr(buf, "error,kahrizes,kahrizes.csv,412,depth_m,"
                          "\"\"\"12,5\"\" is not a number\"\r\n") != NULL);
    CU_ASSERT(strstr(buf, "warning,kahrizes,kahrizes.csv,3,,\"line\nbreak, "
                          "\"\"quoted\"\"\"\r\n") != NULL);
    free(buf);
    kz_report_destroy(r);
    kz_report_destroy(NULL);
}

/* ----------------------------------------------------------- strmap */

static void test_strmap(void)
{
    kz_strmap m = {0};
    char (*keys)[16] = malloc(100000 * 16);
    uint32_t v, i;
    CU_ASSERT_FATAL(keys != NULL);
    for (i = 0; i < 100000; i++) {
        snprintf(keys[i], 16, "K-%u", i);
        CU_ASSERT_FATAL(kz__strmap_put(kz_test_ctx, &m, keys[i], i) == 0);
    }
    CU_ASSERT(m.n == 100000);
    for (i = 0; i < 100000; i += 7)
        CU_ASSERT(kz__strmap_get(&m, keys[i], &v) == 1 && v == i);
    CU_ASSERT(kz__strmap_get(&m, "K-100000", &v) == 0);
    CU_ASSERT(kz__strmap_get(&m, "", &v) == 0);
    kz__strmap_release(kz_test_ctx, &m);
    free(keys);
}

/* ------------------------------------------------------- full loads */

static void check_lonlat(const char *id, double lon, double lat)
{
    const kz_kahriz *k = find(id);
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    if (fabs(k->lon - lon) > 1e-6 || fabs(k->lat - lat) > 1e-6)
        fprintf(stderr, "\n%s: got %.9f %.9f, want %.9f %.9f\n", id, k->lon,
                k->lat, lon, lat);
    CU_ASSERT(fabs(k->lon - lon) <= 1e-6);
    CU_ASSERT(fabs(k->lat - lat) <= 1e-6);
}

static void test_csv_mixed_crs(void)
{
    const kz_kahriz *k;
    int rc = load_full("tests/data/ingest/kahrizes.csv",
                       "tests/data/ingest/assessments.csv",
                       "tests/data/ingest/shafts.csv", NULL, -1);
    if (rc != KZ_OK)
        kz_report_write(kz_test_ctx, rep, stderr, KZ_REPORT_TEXT);
    CU_ASSERT_FATAL(rc == KZ_OK);
    CU_ASSERT(kz_report_errors(rep) == 0);
    CU_ASSERT(kz_survey_kahriz_count(sv) == 6);
    /* expected values: cs2cs -d 9 EPSG:<crs> EPSG:4326 on the file's
     * numbers, e.g. echo "614931.12 4504124.23" | cs2cs -d 9 EPSG:32638
     * EPSG:4326 -> 40.680000034 46.360000059 (lat lon) */
    check_lonlat("K-001", 45.95, 38.91);
    check_lonlat("K-002", 46.360000059, 40.680000034); /* 32638 */
    /* echo "4564035.21 8682156.69" | cs2cs -d 9 EPSG:28408 EPSG:4326 */
    check_lonlat("K-003", 47.170000034, 41.190000037);
    /* echo "291722.32 4581713.29" | cs2cs -d 9 EPSG:32639 EPSG:4326 */
    check_lonlat("K-004", 48.510000016, 41.359999982);
    /* echo "4293029.50 9313186.03" | cs2cs -d 9 EPSG:28409 EPSG:4326 */
    check_lonlat("K-005", 48.850000018, 38.750000038);
    /* echo "582367.08 4307218.18" | cs2cs -d 9 EPSG:32638 EPSG:4326 */
    check_lonlat("K-006", 45.949999965, 38.909999980);

    k = find("K-001");
    CU_ASSERT_STRING_EQUAL(k->name_az, "Çaykənd kəhrizi");
    CU_ASSERT_STRING_EQUAL(k->name_en, "Chaykand kahriz");
    CU_ASSERT(k->name_en_derived == 1);
    CU_ASSERT_STRING_EQUAL(k->district_declared, "ORD");
    CU_ASSERT_STRING_EQUAL(k->village_en, "");
    CU_ASSERT(fabs(k->head_lon - 45.951) < 1e-12);
    CU_ASSERT(k->length_m == 1200 && k->shafts == 35);
    CU_ASSERT(k->mother_well_depth_m == 18.5 && k->year_built == 1885);
    CU_ASSERT_STRING_EQUAL(k->photo, "photos/k001.jpg");
    CU_ASSERT(k->source_row == 2);
    k = find("K-002");
    CU_ASSERT_STRING_EQUAL(k->name_en, "Ganja kahriz");
    CU_ASSERT(k->name_en_derived == 0);
    CU_ASSERT(isnan(k->head_lon) && isnan(k->mother_well_depth_m));
    CU_ASSERT(k->shafts == 40 && k->year_built == 0);
    CU_ASSERT(k->village_az == find("K-003")->village_az); /* shared "" */

    /* assessments grouped by kahriz, by date; on one date the worse
     * condition (Kafi, row 4) is the later, whatever the file's order */
    {
        size_t n;
        const kz_assessment *h =
            kz_survey_history(sv, (size_t)kz_survey_find(sv, "K-001"), &n);
        CU_ASSERT_FATAL(n == 3);
        CU_ASSERT(h[0].date == 20150520 && h[0].condition == KZ_COND_GOOD);
        CU_ASSERT(h[1].date == 20190601 && h[1].discharge_l_s == 4.5);
        CU_ASSERT(h[2].date == 20190601 && h[2].condition == KZ_COND_FAIR);
        CU_ASSERT(h[2].drinkable == KZ_DRINK_NO);
        CU_ASSERT(h[1].households_served == 120 && h[2].households_served == -1);
        CU_ASSERT(h[1].rehab_status == KZ_REHAB_DONE && h[1].rehab_year == 2010);
        CU_ASSERT_STRING_EQUAL(h[1].assessor, "A. Məmmədov");
        CU_ASSERT(h[1].source_row == 2 && h[2].source_row == 4);
        CU_ASSERT(kz_survey_latest(sv, (size_t)kz_survey_find(sv, "K-001")) ==
                  &h[2]);
        h = kz_survey_history(sv, (size_t)kz_survey_find(sv, "K-002"), &n);
        CU_ASSERT_FATAL(n == 2);
        CU_ASSERT(h[0].date == 20180402 && h[0].condition == KZ_COND_POOR);
        CU_ASSERT(h[1].condition == KZ_COND_DRY && h[1].discharge_l_s == 0);
        h = kz_survey_history(sv, (size_t)kz_survey_find(sv, "K-003"), &n);
        CU_ASSERT(n == 1 && h[0].date == 20210801 &&
                  h[0].condition == KZ_COND_COLLAPSED);
        CU_ASSERT(kz_survey_history(sv, (size_t)kz_survey_find(sv, "K-004"),
                                    &n) == NULL &&
                  n == 0);
        CU_ASSERT(kz_survey_latest(sv, (size_t)kz_survey_find(sv, "K-004")) ==
                  NULL);
        CU_ASSERT(kz_survey_assessment_count(sv) == 6);
    }
    /* shafts grouped and sorted by seq */
    {
        k = find("K-001");
        CU_ASSERT_FATAL(k->n_shafts == 3);
        CU_ASSERT(kz_survey_shaft(sv, k->first_shaft)->seq == 1);
        CU_ASSERT(kz_survey_shaft(sv, k->first_shaft + 1)->seq == 2);
        CU_ASSERT(kz_survey_shaft(sv, k->first_shaft + 2)->depth_m == 7.25);
        k = find("K-002");
        CU_ASSERT(k->n_shafts == 1 &&
                  kz_survey_shaft(sv, k->first_shaft)->lon == 46.3605);
    }
    CU_ASSERT(kz_survey_find(sv, "K-999") == -1);
    CU_ASSERT(kz_survey_kahriz(sv, 6) == NULL);
    {
        const kz_report_summary *s = kz_report_summary_get(rep, 1);
        CU_ASSERT_STRING_EQUAL(s->source, "assessments");
        CU_ASSERT(s->rows_read == 6 && s->accepted == 6 && s->rejected == 0);
    }
    release();
}

static void test_semicolon_decimal_comma(void)
{
    const kz_kahriz *k;
    CU_ASSERT_FATAL(load("tests/data/ingest/semicolon.csv") == KZ_OK);
    k = find("S-1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT(k->lon == 45.45 && k->lat == 39.10);
    CU_ASSERT(k->length_m == 1250.5);
    CU_ASSERT_STRING_EQUAL(k->name_en, "Nehram kahriz");
    /* explicitly no decimal comma: every comma value is reported */
    CU_ASSERT(load_full("tests/data/ingest/semicolon.csv", NULL, NULL, NULL,
                        0) == KZ_EDATA);
    CU_ASSERT(has_entry("semicolon.csv", 2, "x", "\"45,45\" is not a number"));
    CU_ASSERT(has_entry("semicolon.csv", 3, "x",
                        "\"45,30\" is not a number"));
    CU_ASSERT(kz_survey_kahriz_count(sv) == 0);
    release();
}

static void test_mapping_file(void)
{
    kz_sources src = KZ_SOURCES_INIT;
    char kp[4096], mp[4096];
    snprintf(kp, sizeof(kp), "%s", kz_test_src("tests/data/ingest/mapped.csv"));
    snprintf(mp, sizeof(mp), "%s",
             kz_test_src("tests/data/ingest/mapping.txt"));
    src.kahrizes = kp;
    src.mapping = mp;
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    CU_ASSERT_FATAL(kz_survey_load(&sv, kz_test_ctx, &src, rep) == KZ_OK);
    CU_ASSERT(find("M-1") && find("M-1")->lon == 46.01);
    CU_ASSERT_STRING_EQUAL(find("M-1")->name_en, "Khanagha kahriz");
    release();
}

static void test_districts(void)
{
    long i;
    const kz_district *d;
    int rc = load_full("tests/data/ingest/kahrizes.csv", NULL, NULL,
                       "tests/data/ingest/districts.geojson", -1);
    CU_ASSERT(rc == KZ_EDATA);
    CU_ASSERT(kz_survey_district_count(sv) == 2);
    /* GeoJSON feature ids count from 0 */
    CU_ASSERT(has_entry("districts.geojson", 2, "code",
                        "duplicate district code \"ORD\" (first at row 0)"));
    CU_ASSERT(has_entry("districts.geojson", 3, "geometry", "empty geometry"));
    CU_ASSERT(has_entry("districts.geojson", 1, "geometry",
                        "invalid polygon repaired"));
    i = kz_survey_find_district(sv, "GNC");
    CU_ASSERT_FATAL(i >= 0);
    d = kz_survey_district(sv, (size_t)i);
    CU_ASSERT_STRING_EQUAL(d->name_en, "Ganja");
    CU_ASSERT_STRING_EQUAL(d->region_az, "Gəncə-Daşkəsən");
    CU_ASSERT_STRING_EQUAL(d->name_alt, "Ganja;Gyandzha");
    CU_ASSERT(GEOSGeomTypeId_r(kz__geos(kz_test_ctx),
                               sv->district_geoms[i]) == GEOS_MULTIPOLYGON);
    CU_ASSERT(GEOSisValid_r(kz__geos(kz_test_ctx), sv->district_geoms[i]) ==
              1);
    d = kz_survey_district(sv, (size_t)kz_survey_find_district(sv, "ORD"));
    /* 0.7° x 0.5° at 39°N: about 60.5 km x 55.6 km */
    CU_ASSERT(d->area_km2 > 3200 && d->area_km2 < 3500);
    CU_ASSERT(d->minx == 45.5 && d->maxy == 39.2);
    CU_ASSERT(find("K-001")->district ==
              (int32_t)kz_survey_find_district(sv, "ORD"));
    release();
}

/* Translate a CSV of EPSG:4326 points into another format with a point
 * geometry (x/y dropped), as partners' GeoPackages and shapefiles hold. */
static int translate(const char *csv, const char *out, const char *fmt,
                     const char *layer, int update)
{
    const char *oo[] = {"X_POSSIBLE_NAMES=x", "Y_POSSIBLE_NAMES=y",
                        "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES", NULL};
    char *argv[16];
    int argc = 0, err = 0;
    GDALDatasetH src, dst;
    GDALVectorTranslateOptions *opt;

    GDALAllRegister();
    src = GDALOpenEx(csv, GDAL_OF_VECTOR, NULL, oo, NULL);
    if (!src)
        return -1;
    argv[argc++] = (char *)"-f";
    argv[argc++] = (char *)fmt;
    argv[argc++] = (char *)"-a_srs";
    argv[argc++] = (char *)"EPSG:4326";
    if (layer) {
        argv[argc++] = (char *)"-nln";
        argv[argc++] = (char *)layer;
    }
    if (update)
        argv[argc++] = (char *)"-update";
    if (strcmp(fmt, "ESRI Shapefile") == 0) {
        argv[argc++] = (char *)"-lco";
        argv[argc++] = (char *)"ENCODING=UTF-8";
    }
    argv[argc] = NULL;
    opt = GDALVectorTranslateOptionsNew(argv, NULL);
    dst = GDALVectorTranslate(update ? NULL : out, update ? GDALOpenEx(out,
                              GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL,
                              NULL) : NULL, 1, &src, opt, &err);
    GDALVectorTranslateOptionsFree(opt);
    GDALClose(src);
    if (!dst)
        return -1;
    GDALClose(dst);
    return err ? -1 : 0;
}

/* A spreadsheet saved as XLSX whose cells are all text: the header row is
 * still the header, and rows are reported by the sheet's row numbers. */
static void test_xlsx(void)
{
    kz_sources src = KZ_SOURCES_INIT;
    char csv[4096], path[4200];
    char *argv[] = {(char *)"-f", (char *)"XLSX", (char *)"-nln",
                    (char *)"kahrizes", NULL};
    GDALDatasetH in, out;
    GDALVectorTranslateOptions *opt;
    int err = 0;

    GDALAllRegister();
    snprintf(csv, sizeof(csv), "%s",
             kz_test_src("tests/data/ingest/points.csv"));
    snprintf(path, sizeof(path), "%s/points.xlsx", kz_test_tmpdir());
    in = GDALOpenEx(csv, GDAL_OF_VECTOR, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    opt = GDALVectorTranslateOptionsNew(argv, NULL);
    out = GDALVectorTranslate(path, NULL, 1, &in, opt, &err);
    GDALVectorTranslateOptionsFree(opt);
    GDALClose(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    GDALClose(out);
    src.kahrizes = path;
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    CU_ASSERT(kz_survey_load(&sv, kz_test_ctx, &src, rep) == KZ_OK);
    CU_ASSERT(kz_survey_kahriz_count(sv) == 3);
    if (find("P-2")) {
        CU_ASSERT(find("P-2")->lon == 46.36 && find("P-2")->lat == 40.68);
        CU_ASSERT_STRING_EQUAL(find("P-2")->name_az, "Gəncə kəhrizi");
        CU_ASSERT(find("P-2")->source_row == 3); /* header is row 1 */
    } else {
        CU_FAIL("P-2 missing");
    }
    release();
}

static void test_other_formats(void)
{
    static const struct {
        const char *fmt, *ext;
    } f[] = {{"GeoJSON", "geojson"}, {"GPKG", "gpkg"},
             {"ESRI Shapefile", "shp"}};
    char csv[4096], path[4200], spec[4300];
    size_t i;

    snprintf(csv, sizeof(csv), "%s",
             kz_test_src("tests/data/ingest/points.csv"));
    for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
        kz_sources src = KZ_SOURCES_INIT;
        snprintf(path, sizeof(path), "%s/points.%s", kz_test_tmpdir(),
                 f[i].ext);
        CU_ASSERT_FATAL(translate(csv, path, f[i].fmt, "kahrizes", 0) == 0);
        src.kahrizes = path;
        CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
        CU_ASSERT(kz_survey_load(&sv, kz_test_ctx, &src, rep) == KZ_OK);
        CU_ASSERT(kz_survey_kahriz_count(sv) == 3);
        if (find("P-2")) {
            CU_ASSERT(find("P-2")->lon == 46.36 && find("P-2")->lat == 40.68);
            CU_ASSERT_STRING_EQUAL(find("P-2")->name_az, "Gəncə kəhrizi");
            CU_ASSERT(find("P-2")->length_m == 2300.5);
        } else {
            CU_FAIL("P-2 missing");
        }
        release();
    }
    /* a multi-layer GeoPackage: each role finds its layer by name */
    {
        kz_sources src = KZ_SOURCES_INIT;
        char acsv[4096];
        snprintf(path, sizeof(path), "%s/survey.gpkg", kz_test_tmpdir());
        snprintf(acsv, sizeof(acsv), "%s",
                 kz_test_src("tests/data/ingest/points_assessments.csv"));
        CU_ASSERT_FATAL(translate(csv, path, "GPKG", "kahrizes", 0) == 0);
        CU_ASSERT_FATAL(translate(acsv, path, "GPKG", "assessments", 1) == 0);
        src.kahrizes = path;
        src.assessments = path;
        src.today = TODAY;
        CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
        CU_ASSERT(kz_survey_load(&sv, kz_test_ctx, &src, rep) == KZ_OK);
        CU_ASSERT(kz_survey_assessment_count(sv) == 2);
        if (find("P-1") && find("P-1")->n_assessments == 2) {
            const kz_assessment *a = kz_survey_latest(
                sv, (size_t)kz_survey_find(sv, "P-1"));
            CU_ASSERT(a->date == 20200701 && a->discharge_l_s == 3.5);
        } else {
            CU_FAIL("P-1 assessments missing");
        }
        release();
        /* "|layername=" picks a layer explicitly */
        snprintf(spec, sizeof(spec), "%s|layername=kahrizes", path);
        src.assessments = NULL;
        src.kahrizes = spec;
        CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
        CU_ASSERT(kz_survey_load(&sv, kz_test_ctx, &src, rep) == KZ_OK);
        CU_ASSERT(kz_survey_kahriz_count(sv) == 3);
        release();
        snprintf(spec, sizeof(spec), "%s|layername=nosuch", path);
        CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
        CU_ASSERT(kz_survey_load(&sv, kz_test_ctx, &src, rep) == KZ_EINPUT);
        CU_ASSERT(strstr(kz_ctx_error(kz_test_ctx)->message,
                         "no layer named \"nosuch\"") != NULL);
        CU_ASSERT(sv == NULL);
        release();
    }
}

static void test_unopenable(void)
{
    CU_ASSERT(load("tests/data/ingest/no_such_file.csv") == KZ_EINPUT);
    CU_ASSERT(strstr(kz_ctx_error(kz_test_ctx)->message, "no_such_file.csv") !=
              NULL);
    CU_ASSERT(sv == NULL);
    release();
}

/* PostGIS through a PG: connection string; the tables are the CSV
 * fixtures (tests/ingest/pg_fixture.sh), so the results must agree. */
/* Start the throwaway cluster; its connection string into conn, or 0
 * when PostgreSQL cannot be started here. */
static int pg_start(char *conn, size_t cap)
{
    char cmd[2048];
    FILE *fp;
    size_t n;
    snprintf(cmd, sizeof(cmd), "sh '%s' start 2>/dev/null",
             kz_test_src("tests/ingest/pg_fixture.sh"));
    fp = popen(cmd, "r");
    if (!fp)
        return 0;
    if (!fgets(conn, (int)cap, fp))
        conn[0] = '\0';
    if (pclose(fp) != 0)
        return 0;
    n = strlen(conn);
    while (n && (conn[n - 1] == '\n' || conn[n - 1] == '\r'))
        conn[--n] = '\0';
    return strncmp(conn, "PG:", 3) == 0;
}

static void pg_stop(const char *conn)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "sh '%s' stop '%s' >/dev/null 2>&1",
             kz_test_src("tests/ingest/pg_fixture.sh"), conn);
    if (system(cmd) != 0)
        fprintf(stderr, "\n(could not stop the PostGIS fixture %s) ", conn);
}

static void test_postgis(void)
{
    kz_sources src = KZ_SOURCES_INIT;
    const char *conn = getenv("KZ_TEST_PG");
    char started[1024] = "";
    size_t n;

    if (!conn || !*conn) {
        if (!pg_start(started, sizeof(started))) {
            const char *ci = getenv("CI");
            fprintf(stderr, "\n(PostgreSQL with PostGIS cannot be started "
                            "here: PostGIS test skipped; install postgresql "
                            "and postgresql-15-postgis-3) ");
            if (ci && *ci)
                CU_FAIL("PostGIS test cannot be skipped in CI");
            return;
        }
        conn = started;
    }
    src.kahrizes = conn;
    src.assessments = conn;
    src.shafts = conn;
    src.today = TODAY;
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    if (kz_survey_load(&sv, kz_test_ctx, &src, rep) != KZ_OK) {
        fprintf(stderr, "\n%s\n", kz_ctx_error(kz_test_ctx)->message);
        kz_report_write(kz_test_ctx, rep, stderr, KZ_REPORT_TEXT);
        CU_FAIL("PostGIS load failed");
        release();
        if (started[0])
            pg_stop(started);
        return;
    }
    CU_ASSERT(kz_survey_kahriz_count(sv) == 6);
    CU_ASSERT(kz_survey_assessment_count(sv) == 6);
    CU_ASSERT(kz_survey_shaft_count(sv) == 4);
    check_lonlat("K-002", 46.360000059, 40.680000034);
    check_lonlat("K-005", 48.850000018, 38.750000038);
    CU_ASSERT(find("K-001") && find("K-001")->source_row == 1); /* fid */
    kz_survey_history(sv, (size_t)kz_survey_find(sv, "K-001"), &n);
    CU_ASSERT(n == 3);
    release();
    if (started[0])
        pg_stop(started);
}

/* --------------------------------------------------------- bad corpus */

static void test_bad_empty_and_header(void)
{
    CU_ASSERT(load("tests/data/bad/empty.csv") == KZ_EDATA);
    CU_ASSERT(has_entry("empty.csv", 0, "", "the file is empty"));
    CU_ASSERT(sv && kz_survey_kahriz_count(sv) == 0);
    CU_ASSERT(load("tests/data/bad/header_only.csv") == KZ_OK);
    CU_ASSERT(has_entry("header_only.csv", 0, "", "no data rows"));
    CU_ASSERT(kz_report_warnings(rep) == 1);
    release();
}

static void test_bad_bom_crlf(void)
{
    CU_ASSERT(load("tests/data/bad/bom_crlf.csv") == KZ_OK);
    CU_ASSERT(kz_report_count(rep) == 0);
    CU_ASSERT(find("B-1") && find("B-1")->lat == 40.1);
    CU_ASSERT(find("B-2") && strcmp(find("B-2")->name_az, "İkinci") == 0);
    CU_ASSERT(find("B-2") && find("B-2")->source_row == 3);
    release();
}

static void test_bad_swapped(void)
{
    CU_ASSERT(load("tests/data/bad/swapped.csv") == KZ_EDATA);
    CU_ASSERT(has_entry("swapped.csv", 3, "x",
                        "outside Azerbaijan (44.7 to 50.7°E, 38.3 to 42.0°N); "
                        "latitude and longitude look swapped"));
    CU_ASSERT(kz_survey_kahriz_count(sv) == 1);
    CU_ASSERT(kz_report_summary_get(rep, 0)->rejected == 1);
    CU_ASSERT(kz_report_summary_get(rep, 0)->accepted == 1);
    CU_ASSERT(kz_ctx_error(kz_test_ctx)->code == KZ_EDATA);
    CU_ASSERT(kz_ctx_error(kz_test_ctx)->row == 3);
    release();
}

static void test_bad_duplicate_ids(void)
{
    CU_ASSERT(load("tests/data/bad/duplicate_ids.csv") == KZ_EDATA);
    CU_ASSERT(has_entry("duplicate_ids.csv", 4, "id",
                        "duplicate id \"D-1\" (first at row 2)"));
    CU_ASSERT(kz_survey_kahriz_count(sv) == 2);
    CU_ASSERT_STRING_EQUAL(find("D-1")->name_az, "Birinci");
    release();
}

static void test_bad_utf8(void)
{
    CU_ASSERT(load("tests/data/bad/invalid_utf8.csv") == KZ_EDATA);
    CU_ASSERT(has_entry("invalid_utf8.csv", 2, "name_az",
                        "invalid UTF-8 at byte 4 of \"Yax\\xFEi\""));
    CU_ASSERT(kz_survey_kahriz_count(sv) == 1);
    release();
}

static void test_bad_values(void)
{
    const char *f = "bad_values.csv";
    CU_ASSERT(load("tests/data/bad/bad_values.csv") == KZ_EDATA);
    CU_ASSERT(has_entry(f, 2, "length_m", "\"12,5\" is not a number"));
    CU_ASSERT(has_entry(f, 3, "length_m", "\"1,234\" is ambiguous"));
    CU_ASSERT(has_entry(f, 4, "crs", "unknown CRS \"EPSG:99999\""));
    CU_ASSERT(has_entry(f, 5, "name_az", "empty"));
    CU_ASSERT(has_entry(f, 6, "shafts", "12.5 is not a whole number"));
    CU_ASSERT(has_entry(f, 8, "y", "empty while x is given"));
    CU_ASSERT(has_entry(f, 9, "length_m", "-3 is negative"));
    CU_ASSERT(has_entry(f, 10, "x", "outside Azerbaijan"));
    CU_ASSERT(has_entry(f, 11, "x", "outside the area of use"));
    CU_ASSERT(kz_survey_kahriz_count(sv) == 1);
    CU_ASSERT(find("V-6") != NULL);
    CU_ASSERT(kz_report_summary_get(rep, 0)->rejected == 9);
    release();
}

static void test_bad_assessments(void)
{
    const char *f = "assessments_bad.csv";
    CU_ASSERT(load_full("tests/data/bad/kahrizes_ok.csv",
                        "tests/data/bad/assessments_bad.csv", NULL, NULL,
                        -1) == KZ_EDATA);
    CU_ASSERT(has_entry(f, 3, "condition", "unknown condition \"excellent\""));
    CU_ASSERT(has_entry(f, 4, "discharge_l_s", "-1.5 is negative"));
    CU_ASSERT(has_entry(f, 5, "date", "2999-01-01 is in the future"));
    CU_ASSERT(has_entry(f, 6, "kahriz_id", "unknown kahriz \"K-999\""));
    CU_ASSERT(has_entry(f, 7, "date", "\"2019-02-30\" is not a date"));
    CU_ASSERT(has_entry(f, 8, "drinkable", "\"maybe\" is not yes, no"));
    CU_ASSERT(has_entry(f, 9, "date", "empty"));
    CU_ASSERT(kz_survey_assessment_count(sv) == 1);
    CU_ASSERT(kz_report_summary_get(rep, 1)->rows_read == 8);
    CU_ASSERT(kz_report_summary_get(rep, 1)->rejected == 7);
    release();
}

/* ---------------------------------------------------------------- OOM */

/* Fail allocation n = 1, 2, ... until the load succeeds; every failing
 * run must end cleanly (the sanitizer build checks for leaks).  strict:
 * every failure must be KZ_ENOMEM; with districts, an allocation failing
 * inside the equal-area computation of lib/geo is reported as KZ_EGEOM. */
static void oom_loop(int with_districts)
{
    long n;
    int rc = KZ_ENOMEM;
    for (n = 1; n < 100000 && rc != KZ_EDATA && rc != KZ_OK; n++) {
        kz_sources src = KZ_SOURCES_INIT;
        char kp[4096], ap[4096], sp[4096], dp[4096];
        kz_report *r = NULL;
        kz_survey *s = NULL;
        snprintf(kp, sizeof(kp), "%s",
                 kz_test_src("tests/data/ingest/kahrizes.csv"));
        snprintf(ap, sizeof(ap), "%s",
                 kz_test_src("tests/data/ingest/assessments.csv"));
        snprintf(sp, sizeof(sp), "%s",
                 kz_test_src("tests/data/ingest/shafts.csv"));
        snprintf(dp, sizeof(dp), "%s",
                 kz_test_src("tests/data/ingest/districts.geojson"));
        src.kahrizes = kp;
        src.assessments = ap;
        src.shafts = sp;
        src.districts = with_districts ? dp : NULL;
        src.today = TODAY;
        kz__ctx_fail_alloc_at(kz_test_ctx, n);
        rc = kz_report_create(&r, kz_test_ctx);
        if (rc == KZ_OK)
            rc = kz_survey_load(&s, kz_test_ctx, &src, r);
        if (rc != KZ_ENOMEM && rc != KZ_EDATA && rc != KZ_OK &&
            !(with_districts && rc == KZ_EGEOM))
            fprintf(stderr, "\nfail at %ld: rc %d: %s\n", n, rc,
                    kz_ctx_error(kz_test_ctx)->message);
        CU_ASSERT(rc == KZ_ENOMEM || rc == KZ_EDATA || rc == KZ_OK ||
                  (with_districts && rc == KZ_EGEOM));
        if (rc < 0 && rc != KZ_EDATA)
            CU_ASSERT(s == NULL);
        kz_survey_destroy(s);
        kz_report_destroy(r);
    }
    kz__ctx_fail_alloc_at(kz_test_ctx, 0);
    CU_ASSERT(rc == (with_districts ? KZ_EDATA : KZ_OK));
}

static void test_oom(void)
{
    oom_loop(0);
}

static void test_oom_districts(void)
{
    oom_loop(1);
}

/* ------------------------------------------------------ bundled data */

static void test_bundled_data(void)
{
    kz_sources src = KZ_SOURCES_INIT;
    char kp[4096], ap[4096], sp[4096], dp[4096];
    int rc;

    snprintf(kp, sizeof(kp), "%s", kz_test_src("data/survey/kahrizes.csv"));
    if (access(kp, R_OK) != 0) {
        const char *ci = getenv("CI");
        fprintf(stderr, "\n(no bundled survey in data/survey: skipped) ");
        if (ci && *ci)
            CU_FAIL("the bundled survey test cannot be skipped in CI");
        return;
    }
    snprintf(ap, sizeof(ap), "%s",
             kz_test_src("data/survey/assessments.csv"));
    snprintf(sp, sizeof(sp), "%s", kz_test_src("data/survey/shafts.csv"));
    snprintf(dp, sizeof(dp), "%s", kz_test_src("data/districts.geojson"));
    src.kahrizes = kp;
    src.assessments = access(ap, R_OK) == 0 ? ap : NULL;
    src.shafts = access(sp, R_OK) == 0 ? sp : NULL;
    src.districts = access(dp, R_OK) == 0 ? dp : NULL;
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    rc = kz_survey_load(&sv, kz_test_ctx, &src, rep);
    if (kz_report_errors(rep))
        kz_report_write(kz_test_ctx, rep, stderr, KZ_REPORT_TEXT);
    /* data/README.md: the only anomalies that reach the report are the 8
     * kahrizes declared in a neighbouring district (number 100 mod 200) */
    CU_ASSERT(rc == KZ_OK);
    CU_ASSERT(kz_report_errors(rep) == 0);
    CU_ASSERT(kz_survey_kahriz_count(sv) == 1500);
    if (src.districts) {
        size_t i, declared = 0;
        for (i = 0; i < kz_report_count(rep); i++)
            if (strcmp(kz_report_get(rep, i)->field, "district") == 0)
                declared++;
        CU_ASSERT(declared == 8);
        CU_ASSERT(has_entry("kahrizes.csv", 101, "district",
                            "KZ-000100 is declared in AZ-FUZ but lies in "
                            "AZ-CAB"));
    }
    release();
}

static const kz_test_case cases[] = {
    {"numbers", test_numbers},
    {"dates and words", test_dates_and_words},
    {"locale independent", test_locale_independent},
    {"report formats", test_report_formats},
    {"strmap", test_strmap},
    {"csv mixed crs", test_csv_mixed_crs},
    {"semicolon decimal comma", test_semicolon_decimal_comma},
    {"mapping file", test_mapping_file},
    {"districts", test_districts},
    {"geojson gpkg shapefile", test_other_formats},
    {"xlsx", test_xlsx},
    {"unopenable source", test_unopenable},
    {"postgis", test_postgis},
    {"bad: empty, header only", test_bad_empty_and_header},
    {"bad: bom crlf", test_bad_bom_crlf},
    {"bad: swapped", test_bad_swapped},
    {"bad: duplicate ids", test_bad_duplicate_ids},
    {"bad: invalid utf8", test_bad_utf8},
    {"bad: values", test_bad_values},
    {"bad: assessments", test_bad_assessments},
    {"oom", test_oom},
    {"oom with districts", test_oom_districts},
    {"bundled data", test_bundled_data},
    KZ_TEST_END};

int main(void)
{
    if (kz_test_add_suite("ingest", cases) < 0)
        return 2;
    return kz_test_run();
}
