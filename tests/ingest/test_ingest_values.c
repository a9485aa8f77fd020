/*
 * test_ingest_values.c - values as users' files hold them: date cells of
 * spreadsheets written by GDAL itself (ogr2ogr), grouped decimal-comma
 * numbers, ids with blanks around them.  Expected values are worked by hand
 * from the files written here.
 */
#include "kztest.h"

#include "ingest/ingest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY 20250101

static kz_report *rep;
static kz_survey *sv;

static void release(void)
{
    kz_report_destroy(rep);
    kz_survey_destroy(sv);
    rep = NULL;
    sv = NULL;
}

/* Write text to a file of the test's temporary directory; its path. */
static const char *put(const char *name, const char *text)
{
    static char path[8][4096];
    static int next;
    char *p = path[next++ % 8];
    FILE *fp;

    snprintf(p, 4096, "%s/%s", kz_test_tmpdir(), name);
    fp = fopen(p, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

static int load(const char *k, const char *a, const char *s, int dc)
{
    kz_sources src = KZ_SOURCES_INIT;
    release();
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    src.kahrizes = k;
    src.assessments = a;
    src.shafts = s;
    src.today = TODAY;
    src.decimal_comma = dc;
    return kz_survey_load(&sv, kz_test_ctx, &src, rep);
}

/* Is there an entry "file:row: field: ...substr..."? (file by suffix) */
static int has_entry(const char *file, long row, const char *field,
                     const char *substr)
{
    return kz_test_report_has(rep, file, row, field, substr);
}

/* Every row read is accepted or rejected, in every source. */
static void check_counts(void)
{
    size_t i;
    for (i = 0; i < kz_report_summary_count(rep); i++) {
        const kz_report_summary *s = kz_report_summary_get(rep, i);
        CU_ASSERT(s->rows_read == s->accepted + s->rejected);
    }
}

static const char kahrizes_csv[] = "id,name_az,x,y\n"
                                   "P-1,Birinci,45.95,38.91\n"
                                   "P-2,İkinci,46.36,40.68\n";

/* ------------------------------------------------------ date cells */

/* ogr2ogr writes the CSV (typed by its .csvt) as a spreadsheet with real
 * date cells, as Excel and LibreOffice save them. */
static const char *sheet(const char *fmt, const char *ext, const char *type)
{
    char csvt[64], cmd[8192], name[64];
    const char *csv, *out;
    char *res;

    csv = put("visits.csv", "kahriz_id,date,discharge_l_s\n"
                            "P-1,2020-07-01,4\n"
                            "P-1,2019-05-02,3.5\n"
                            "P-2,2021-12-31,0\n");
    snprintf(csvt, sizeof(csvt), "\"String\",\"%s\",\"Real\"\n", type);
    put("visits.csvt", csvt);
    snprintf(name, sizeof(name), "visits-%s.%s", type, ext);
    out = put(name, "");
    remove(out);
    snprintf(cmd, sizeof(cmd),
             "ogr2ogr -f %s '%s' '%s' -nln assessments 2>&1 && "
             "ogrinfo -q -al '%s' | grep 'date (%s)' | head -1",
             fmt, out, csv, out, type);
    res = kz_test_output(cmd);
    /* the cells really are dates, as GDAL reads them back */
    if (!res || !strstr(res, "2020/07/01")) {
        fprintf(stderr, "\n%s gave: %s\n", cmd, res ? res : "(failed)");
        CU_FAIL("ogr2ogr did not write date cells");
        free(res);
        return NULL;
    }
    free(res);
    return out;
}

static void check_sheet_dates(const char *fmt, const char *ext,
                              const char *type)
{
    const char *k = put("kahrizes.csv", kahrizes_csv);
    const char *a = sheet(fmt, ext, type);
    const kz_assessment *h;
    size_t n;

    if (!a)
        return;
    if (load(k, a, NULL, -1) != KZ_OK) {
        fprintf(stderr, "\n%s %s: %s\n", fmt, type,
                kz_ctx_error(kz_test_ctx)->message);
        kz_report_write(kz_test_ctx, rep, stderr, KZ_REPORT_TEXT);
    }
    CU_ASSERT(kz_report_errors(rep) == 0);
    CU_ASSERT_FATAL(sv != NULL);
    CU_ASSERT(kz_survey_assessment_count(sv) == 3);
    h = kz_survey_history(sv, (size_t)kz_survey_find(sv, "P-1"), &n);
    CU_ASSERT_FATAL(h != NULL && n == 2);
    CU_ASSERT(h[0].date == 20190502 && h[0].discharge_l_s == 3.5);
    CU_ASSERT(h[1].date == 20200701 && h[1].discharge_l_s == 4);
    h = kz_survey_history(sv, (size_t)kz_survey_find(sv, "P-2"), &n);
    CU_ASSERT_FATAL(h != NULL && n == 1);
    CU_ASSERT(h[0].date == 20211231);
    check_counts();
    release();
}

static void test_xlsx_date_cells(void)
{
    check_sheet_dates("XLSX", "xlsx", "Date");
    check_sheet_dates("XLSX", "xlsx", "DateTime");
}

static void test_ods_date_cells(void)
{
    check_sheet_dates("ODS", "ods", "Date");
}

/* Dates as a spreadsheet formats them into text: year first with slashes
 * (a mixed column of an XLSX sheet, or a CSV saved from one). */
static void test_slashed_dates(void)
{
    int32_t d;
    const char *k, *a;
    size_t n;
    const kz_assessment *h;

    CU_ASSERT(kz__parse_date("2019/05/02", &d) && d == 20190502);
    CU_ASSERT(kz__parse_date("2020/02/29 10:30:00", &d) && d == 20200229);
    CU_ASSERT(!kz__parse_date("2019/02/29", &d));
    CU_ASSERT(!kz__parse_date("2019/5/2", &d));
    CU_ASSERT(!kz__parse_date("2019/05-02", &d));
    CU_ASSERT(!kz__parse_date("2019-05/02", &d));
    CU_ASSERT(!kz__parse_date("02/05/2019", &d)); /* day or month first? */

    k = put("kahrizes.csv", kahrizes_csv);
    a = put("slashed.csv", "kahriz_id,date\n"
                           "P-1,2019/05/02\n"
                           "P-1,2018/11/30 08:15\n"
                           "P-2,05/02/2019\n");
    CU_ASSERT(load(k, a, NULL, -1) == KZ_EDATA);
    CU_ASSERT(has_entry("slashed.csv", 4, "date",
                        "\"05/02/2019\" is not a date"));
    h = kz_survey_history(sv, (size_t)kz_survey_find(sv, "P-1"), &n);
    CU_ASSERT_FATAL(h != NULL && n == 2);
    CU_ASSERT(h[0].date == 20181130 && h[1].date == 20190502);
    check_counts();
    release();
}

/* Every prefix of a date, each in a heap block of its own size: under
 * AddressSanitizer a read past the end of a short value fails here. */
static void test_short_dates(void)
{
    static const char *const whole[] = {"2019-05-02", "2019/05/02",
                                        "02.05.2019", "2019-05-02T10:30"};
    size_t i, n;
    int32_t d;

    for (i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
        size_t len = strlen(whole[i]);
        for (n = 0; n < len; n++) {
            char *s = malloc(n + 1);
            CU_ASSERT_PTR_NOT_NULL_FATAL(s);
            memcpy(s, whole[i], n);
            s[n] = '\0';
            /* a prefix is never a date, but the date of "...T10:30" */
            CU_ASSERT_EQUAL(kz__parse_date(s, &d), n == 10);
            free(s);
        }
    }
}

/* ------------------------------------------------ grouped numbers */

static void test_grouped_numbers(void)
{
    double v;

    /* decimal comma: '.', space, U+00A0 or U+202F between thousands */
    CU_ASSERT(kz__parse_number("1.234,5", 1, &v) == KZ_NUM_OK && v == 1234.5);
    CU_ASSERT(kz__parse_number("1 234,5", 1, &v) == KZ_NUM_OK && v == 1234.5);
    CU_ASSERT(kz__parse_number("1\xc2\xa0" "234,5", 1, &v) == KZ_NUM_OK &&
              v == 1234.5);
    CU_ASSERT(kz__parse_number("1\xe2\x80\xaf" "234,5", 1, &v) ==
                  KZ_NUM_OK &&
              v == 1234.5);
    CU_ASSERT(kz__parse_number("-12.345.678,25", 1, &v) == KZ_NUM_OK &&
              v == -12345678.25);
    CU_ASSERT(kz__parse_number("1.234.567", 1, &v) == KZ_NUM_OK &&
              v == 1234567);
    CU_ASSERT(kz__parse_number("123 456", 1, &v) == KZ_NUM_OK && v == 123456);
    /* decimal point: ',' between thousands */
    CU_ASSERT(kz__parse_number("1,234.5", 0, &v) == KZ_NUM_OK && v == 1234.5);
    CU_ASSERT(kz__parse_number("1,234,567", 0, &v) == KZ_NUM_OK &&
              v == 1234567);
    /* malformed grouping */
    CU_ASSERT(kz__parse_number("1.23,4", 1, &v) == KZ_NUM_BAD_GROUPING);
    CU_ASSERT(kz__parse_number("1 23,4", 1, &v) == KZ_NUM_BAD_GROUPING);
    CU_ASSERT(kz__parse_number("1.2345,6", 1, &v) == KZ_NUM_BAD_GROUPING);
    CU_ASSERT(kz__parse_number("1234.567,5", 1, &v) == KZ_NUM_BAD_GROUPING);
    CU_ASSERT(kz__parse_number("1.234 567,5", 1, &v) == KZ_NUM_BAD_GROUPING);
    CU_ASSERT(kz__parse_number("1,23.4", 0, &v) == KZ_NUM_BAD_GROUPING);
    CU_ASSERT(kz__parse_number("1.234,5e3", 1, &v) == KZ_NUM_BAD);
    /* unchanged: one separator alone is ambiguous or the wrong mark */
    CU_ASSERT(kz__parse_number("1.234", 1, &v) == KZ_NUM_AMBIGUOUS);
    CU_ASSERT(kz__parse_number("1,234", 0, &v) == KZ_NUM_AMBIGUOUS);
    CU_ASSERT(kz__parse_number("12.5", 1, &v) == KZ_NUM_WRONG_MARK);
    CU_ASSERT(kz__parse_number("1 234", 0, &v) == KZ_NUM_BAD);
}

static void test_grouped_numbers_file(void)
{
    const char *k = put("grouped.csv",
                        "id;name_az;x;y;length_m\n"
                        "G-1;Bir;45,95;38,91;1.234,5\n"
                        "G-2;İki;45,95;38,91;1 234,5\n"
                        "G-3;Üç;45,95;38,91;1\xc2\xa0" "234,5\n"
                        "G-4;Dörd;45,95;38,91;12.345.678,25\n"
                        "G-5;Beş;45,95;38,91;1.23,4\n"
                        "G-6;Altı;45,95;38,91;1 2345,6\n");
    const kz_kahriz *g;

    CU_ASSERT(load(k, NULL, NULL, -1) == KZ_EDATA);
    CU_ASSERT(kz_survey_kahriz_count(sv) == 4);
    g = kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "G-1"));
    CU_ASSERT(g && g->length_m == 1234.5);
    g = kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "G-2"));
    CU_ASSERT(g && g->length_m == 1234.5);
    g = kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "G-3"));
    CU_ASSERT(g && g->length_m == 1234.5);
    g = kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "G-4"));
    CU_ASSERT(g && g->length_m == 12345678.25);
    CU_ASSERT(has_entry("grouped.csv", 6, "length_m",
                        "\"1.23,4\" is not a number: thousands separators "
                        "must group digits by three"));
    CU_ASSERT(has_entry("grouped.csv", 7, "length_m",
                        "\"1 2345,6\" is not a number"));
    CU_ASSERT(strstr(kz_ctx_error(kz_test_ctx)->message,
                     "grouped.csv:6: length_m: \"1.23,4\"") != NULL);
    CU_ASSERT(kz_report_summary_get(rep, 0)->rejected == 2);
    check_counts();
    release();
}

/* ------------------------------------------------------------- ids */

static void test_ids_trimmed(void)
{
    const char *k = put("ids.csv", "id,name_az,x,y\n"
                                   "ORD-1,Bir,45.95,38.91\n"
                                   "\" ORD-1 \",Yenə bir,45.95,38.91\n"
                                   " ORD-2\t,İki,45.96,38.92\n"
                                   "\"ORD-3\xc2\xa0\",Üç,45.97,38.93\n");
    const char *a = put("ids_visits.csv", "kahriz_id,date\n"
                                          "\" ORD-1\",2020-01-01\n"
                                          "ORD-2 ,2020-01-02\n"
                                          "\"\tORD-3 \",2020-01-03\n");
    const char *s = put("ids_shafts.csv", "kahriz_id,seq,x,y\n"
                                          "\"ORD-1  \",1,45.951,38.911\n"
                                          " ORD-2,1,45.961,38.921\n");
    size_t n;

    CU_ASSERT(load(k, a, s, -1) == KZ_EDATA);
    CU_ASSERT(has_entry("ids.csv", 3, "id",
                        "duplicate id \"ORD-1\" (first at row 2)"));
    CU_ASSERT(kz_report_errors(rep) == 1);
    CU_ASSERT(kz_survey_kahriz_count(sv) == 3);
    CU_ASSERT(kz_survey_find(sv, "ORD-2") >= 0);
    CU_ASSERT(kz_survey_find(sv, "ORD-3") >= 0);
    CU_ASSERT_STRING_EQUAL(
        kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "ORD-2"))->id,
        "ORD-2");
    CU_ASSERT(kz_survey_assessment_count(sv) == 3);
    CU_ASSERT(kz_survey_shaft_count(sv) == 2);
    kz_survey_history(sv, (size_t)kz_survey_find(sv, "ORD-3"), &n);
    CU_ASSERT(n == 1);
    check_counts();
    release();
}

/* ------------------------------------------------------- elevations */

/* Elevations under their names and aliases; bad cells reported with the
 * file, row and field like every other number. */
static void test_elevations(void)
{
    const char *k, *k2;
    const kz_kahriz *e;

    k = put("elev.csv", "id,name_az,x,y,elevation_m,head_elevation_m\n"
                        "E-1,Birinci,45.95,38.91,1012.5,1090\n"
                        "E-2,İkinci,46.36,40.68,,\n"
                        "E-3,Üçüncü,46.30,40.60,-27,\n"
                        "E-4,Dördüncü,46.31,40.61,yüksək,\n"
                        "E-5,Beşinci,46.32,40.62,12000,\n"
                        "E-6,Altıncı,46.33,40.63,900,-900\n");
    CU_ASSERT_EQUAL(load(k, NULL, NULL, 0), KZ_EDATA); /* rows rejected */
    CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), 3);
    e = kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "E-1"));
    CU_ASSERT_DOUBLE_EQUAL(e->elevation_m, 1012.5, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e->head_elevation_m, 1090, 1e-9);
    e = kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "E-2"));
    CU_ASSERT(isnan(e->elevation_m) && isnan(e->head_elevation_m));
    e = kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "E-3"));
    CU_ASSERT_DOUBLE_EQUAL(e->elevation_m, -27, 1e-9);
    CU_ASSERT(has_entry("elev.csv", 5, "elevation_m",
                        "\"yüksək\" is not a number"));
    CU_ASSERT(has_entry("elev.csv", 6, "elevation_m",
                        "12000 m is out of range"));
    CU_ASSERT(has_entry("elev.csv", 7, "head_elevation_m",
                        "-900 m is out of range"));
    check_counts();

    /* "altitude" names the outlet's elevation too */
    k2 = put("alt.csv", "id,name_az,x,y,altitude\n"
                        "A-1,Birinci,45.95,38.91,733\n");
    CU_ASSERT_EQUAL(load(k2, NULL, NULL, 0), KZ_OK);
    CU_ASSERT_EQUAL_FATAL(kz_survey_kahriz_count(sv), 1);
    CU_ASSERT_DOUBLE_EQUAL(kz_survey_kahriz(sv, 0)->elevation_m, 733, 1e-9);
    release();
}

static const kz_test_case cases[] = {
    {"elevations", test_elevations},
    {"xlsx date cells", test_xlsx_date_cells},
    {"ods date cells", test_ods_date_cells},
    {"slashed dates", test_slashed_dates},
    {"short dates", test_short_dates},
    {"grouped numbers", test_grouped_numbers},
    {"grouped numbers in a file", test_grouped_numbers_file},
    {"ids trimmed", test_ids_trimmed},
    KZ_TEST_END};

KZ_TEST_SUITE("ingest values", cases);
