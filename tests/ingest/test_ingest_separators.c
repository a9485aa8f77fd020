/*
 * test_ingest_separators.c - delimited text with the separator the user
 * names (kz_sources.csv_separator, --csv-separator): pipes, which the CSV
 * driver cannot detect, .psv and .txt files, quoted fields holding the
 * separator.  Expected values are those written into the files here.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kz_report *rep;
static kz_survey *sv;

static const char *put(const char *name, const char *text)
{
    static char path[4][4096];
    static int next;
    char *p = path[next++ % 4];
    FILE *fp;
    snprintf(p, 4096, "%s/%s", kz_test_tmpdir(), name);
    fp = fopen(p, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

static void release(void)
{
    kz_report_destroy(rep);
    kz_survey_destroy(sv);
    rep = NULL;
    sv = NULL;
}

static int load(const char *k, const char *a, char sep)
{
    kz_sources src = KZ_SOURCES_INIT;
    int rc;
    release();
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    src.kahrizes = k;
    src.assessments = a;
    src.csv_separator = sep;
    src.today = 20250101;
    rc = kz_survey_load(&sv, kz_test_ctx, &src, rep);
    if (rc != KZ_OK) {
        fprintf(stderr, "\n%s\n", kz_ctx_error(kz_test_ctx)->message);
        kz_report_write(kz_test_ctx, rep, stderr, KZ_REPORT_TEXT);
    }
    return rc;
}

static const kz_kahriz *find(const char *id)
{
    long i = kz_survey_find(sv, id);
    return i < 0 ? NULL : kz_survey_kahriz(sv, (size_t)i);
}

/* A quoted name holding the separator, a comma and a quote; a quoted
 * multi-line note; CRLF line ends: P-3 starts on text line 5. */
static const char piped[] =
    "id|name_az|x|y|length_m|owner\r\n"
    "P-1|\"Bir|iki, \"\"üç\"\"\"|45.95|38.91|1200|icma\r\n"
    "P-2|İki|46.36|40.68||\"sətir bir\r\nsətir iki\"\r\n"
    "P-3|Üç, dörd|47.17|41.19|2300.5|\r\n";

static void check_piped(void)
{
    const kz_kahriz *k;
    CU_ASSERT(kz_survey_kahriz_count(sv) == 3);
    CU_ASSERT(kz_report_errors(rep) == 0);
    k = find("P-1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_STRING_EQUAL(k->name_az, "Bir|iki, \"üç\"");
    CU_ASSERT(k->lon == 45.95 && k->lat == 38.91 && k->length_m == 1200);
    CU_ASSERT_STRING_EQUAL(k->owner, "icma");
    CU_ASSERT(k->source_row == 2);
    k = find("P-2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    /* as GDAL reads the same field from a comma-separated file (ogrinfo):
     * the line break inside quotes becomes "\n" */
    CU_ASSERT_STRING_EQUAL(k->owner, "sətir bir\nsətir iki");
    k = find("P-3");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_STRING_EQUAL(k->name_az, "Üç, dörd");
    CU_ASSERT(k->length_m == 2300.5);
    CU_ASSERT(kz_report_summary_get(rep, 0)->rows_read == 3);
    CU_ASSERT(kz_report_summary_get(rep, 0)->accepted == 3);
}

static void test_pipe_given(void)
{
    CU_ASSERT(load(put("piped.csv", piped), NULL, '|') == KZ_OK);
    check_piped();
    release();
}

static void test_pipe_detected(void)
{
    /* a header line with pipes and no other separator */
    CU_ASSERT(load(put("piped2.csv", piped), NULL, 0) == KZ_OK);
    check_piped();
    release();
}

static void test_psv(void)
{
    CU_ASSERT(load(put("survey.psv", piped), NULL, 0) == KZ_OK);
    check_piped();
    release();
    CU_ASSERT(load(put("survey2.psv", piped), NULL, '|') == KZ_OK);
    check_piped();
    release();
}

static void test_txt(void)
{
    const char *k = put("survey.txt", piped);
    const char *semi = put("semi.txt", "id;name_az;x;y;length_m\n"
                                       "T-1;Bir;45,95;38,91;1 250,5\n");
    CU_ASSERT(load(k, NULL, '|') == KZ_OK);
    check_piped();
    /* a ';'-separated .txt: decimal commas implied as for .csv */
    CU_ASSERT(load(semi, NULL, ';') == KZ_OK);
    CU_ASSERT(find("T-1") && find("T-1")->lon == 45.95 &&
              find("T-1")->length_m == 1250.5);
    release();
    /* without a separator a .txt file is not taken for CSV */
    CU_ASSERT(load(semi, NULL, 0) == KZ_EINPUT);
    CU_ASSERT(strstr(kz_ctx_error(kz_test_ctx)->message, "semi.txt") !=
              NULL);
    release();
}

/* The separator given wins over the one the header line suggests: a
 * tab-separated file whose header names hold commas. */
static void test_separator_overrides_header(void)
{
    const char *k = put("tabbed.txt", "kod, nömrə\tid\tname_az\tx\ty\n"
                                      "1\tW-1\tBir, iki\t45.95\t38.91\n");
    CU_ASSERT(load(k, NULL, '\t') == KZ_OK);
    CU_ASSERT(find("W-1") && strcmp(find("W-1")->name_az, "Bir, iki") == 0);
    release();
    k = put("semicolon_names.csv", "kod, nömrə;id;name_az;x;y\n"
                                   "1;W-2;Bir, iki;45,95;38,91\n");
    CU_ASSERT(load(k, NULL, ';') == KZ_OK);
    CU_ASSERT(find("W-2") && find("W-2")->lon == 45.95 &&
              strcmp(find("W-2")->name_az, "Bir, iki") == 0);
    release();
}

/* The command line option reaches the library. */
static void test_cli_pipe(void)
{
    char args[8192];
    const char *k = put("cli.txt", piped);

    snprintf(args, sizeof(args),
             "validate --kahrizes '%s' --assessments none --shafts none "
             "--csv-separator '|' --format csv",
             k);
    kz_test_cli_ok(args);
}

static const kz_test_case cases[] = {
    {"pipe given", test_pipe_given},
    {"pipe detected", test_pipe_detected},
    {"psv", test_psv},
    {"txt with a separator", test_txt},
    {"separator overrides the header", test_separator_overrides_header},
    {"command line pipe", test_cli_pipe},
    KZ_TEST_END};

KZ_TEST_SUITE("ingest separators", cases);
