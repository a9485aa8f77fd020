/*
 * test_cli_kobo.c - a survey collected with the field form, end to end:
 * validate --kobo reports exactly the problems planted in the export,
 * stats from the export equal stats from the same survey typed as plain
 * CSV files, build and export make the atlas and the GeoPackage (read
 * back with sqlite3 and pdftotext).  Exports come from tests/data/kobo.
 */
#include "kztest.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kobo_fixture.h"

__attribute__((format(printf, 3, 4))) static int run(char **out, int want_err,
                                                     const char *fmt, ...)
{
    char args[8192];
    va_list ap;
    int rc;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    rc = kz_test_cli(out, want_err, args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(*out);
    return rc;
}

/* The arguments fmt makes, in a static buffer (valid until the next
 * call), for the commands that must succeed. */
__attribute__((format(printf, 1, 2))) static const char *
cli_args(const char *fmt, ...)
{
    static char args[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    return args;
}

static const char *tmp(const char *name)
{
    static char p[4][4200];
    static int next;
    char *s = p[next++ % 4];
    snprintf(s, 4200, "%s/%s", kz_test_tmpdir(), name);
    return s;
}

/* The export, its media download and the same survey as plain CSVs,
 * written once. */
static void fixtures(void)
{
    static int done;
    FILE *fp;
    if (done)
        return;
    done = 1;
    kobo_write_xlsx(tmp("field.xlsx"), "kahriz_survey", "kobo-main-groups.txt",
                    "kobo-shafts-groups.txt");
    kobo_write_central_zip(tmp("field-central.zip"), "kahriz_survey",
                           "central-main.txt", "central-shafts.txt");
    kobo_write_attachments(tmp("media"));
    /* the approved submissions as one would type them: the revisit's
     * outlet, the first visit's names, the first visit's shafts */
    fp = fopen(tmp("plain-kahrizes.csv"), "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(KZ_TEST_KAHRIZ_HEADER
          "ORD-101,Bənəniyar kəhrizi,Bananiyar kahriz,AZ-ORD,Bənəniyar,"
          "Bananiyar,45.8002,38.9501,EPSG:4326,45.81,38.96,1200,2,18,1890,"
          "community,\n"
          "ORD-102,Çay kəhrizi,Chay kahriz,AZ-ORD,Çaykənd,,45.9,38.95,"
          "EPSG:4326,,,800,,,,,\n",
          fp);
    fclose(fp);
    fp = fopen(tmp("plain-assessments.csv"), "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(KZ_TEST_ASSESSMENT_HEADER
          "ORD-101,2024-05-01,4.5,good,yes,40,2,0,none,,Yaxşı vəziyyətdə,"
          "In good condition,Aysel Məmmədova\n"
          "ORD-102,2024-06-10,1.2,fair,no,15,,,,,,,Aysel Məmmədova\n"
          "ORD-101,2024-09-01,2.0,poor,yes,42,1,1,planned,,,,Rauf Əliyev\n",
          fp);
    fclose(fp);
    fp = fopen(tmp("plain-shafts.csv"), "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("kahriz_id,seq,x,y,depth_m\n"
          "ORD-101,1,45.803,38.951,12\n"
          "ORD-101,2,45.806,38.952,9.5\n",
          fp);
    fclose(fp);
}

static void test_validate_kobo(void)
{
    char *out;

    fixtures();
    out = kz_test_cli_out(0, cli_args("validate --kobo '%s' --attachments '%s'",
                                      tmp("field.xlsx"), tmp("media")));
    /* the four planted problems, and nothing else */
    CU_ASSERT_EQUAL(kz_test_count(out, "warning:"), 4);
    CU_ASSERT_EQUAL(kz_test_count(out, "error"), 1); /* the "0 errors" line */
    CU_ASSERT_PTR_NOT_NULL(strstr(
        out, "field.xlsx|layername=kahriz_survey:4: warning: "
             "gps_precision_m: GPS precision of the outlet is 35 m, worse "
             "than 20 m"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "field.xlsx|layername=kahriz_survey:3: warning: photo: "
                    "\"missing.jpg\" is not in the attachments directory"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "field.xlsx|layername=kahriz_survey:5: warning: the "
                    "submission is not approved: left out"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "field.xlsx|layername=shafts:4: warning: a shaft of "
                    "the submission at row 5, which is not approved"));
    CU_ASSERT_PTR_NULL(strstr(out, "not used"));
    CU_ASSERT_PTR_NULL(strstr(out, "sample"));
    if (kz_test_count(out, "warning:") != 4)
        fprintf(stderr, "\n%s\n", out);
    free(out);

    /* a stricter threshold names the mother well's fix too */
    out =
        kz_test_cli_out(0, cli_args("validate --kobo '%s' --max-gps-error 5.5",
                                    tmp("field.xlsx")));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "mother well is 6 m, worse than "
                                       "5.5 m"));
    CU_ASSERT_EQUAL(kz_test_count(out, "warning:"), 4);
    free(out);
}

/* Statistics from the export equal those of the same survey as plain
 * CSVs: every value reached the model as typed. */
static void test_stats_equal_plain(void)
{
    char *a, *b, *c;

    fixtures();
    a = kz_test_cli_out(0, cli_args("stats --kobo '%s' --trend --format csv -q",
                                    tmp("field.xlsx")));
    b = kz_test_cli_out(0, cli_args("stats --kahrizes '%s' --assessments '%s' "
                                    "--shafts '%s' --trend --format csv -q",
                                    tmp("plain-kahrizes.csv"),
                                    tmp("plain-assessments.csv"),
                                    tmp("plain-shafts.csv")));
    c = kz_test_cli_out(0, cli_args("stats --kobo '%s' --trend --format csv -q",
                                    tmp("field-central.zip")));
    CU_ASSERT_STRING_EQUAL(a, b);
    CU_ASSERT_STRING_EQUAL(c, b);
    /* and the statistics are not empty: Ordubad has both kahrizes */
    CU_ASSERT_PTR_NOT_NULL(strstr(b, "AZ-ORD"));
    free(a);
    free(b);
    free(c);
}

static void test_build_and_export_kobo(void)
{
    char *out, cmd[8400];
    struct stat st;

    fixtures();
    out = kz_test_cli_out(1, cli_args("build --kobo '%s' --attachments '%s' "
                                      "--sections cover,districts -o '%s'",
                                      tmp("field.xlsx"), tmp("media"),
                                      tmp("field.pdf")));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "2 kahrizes from"));
    CU_ASSERT_PTR_NULL(strstr(out, "sample"));
    free(out);
    CU_ASSERT_EQUAL_FATAL(stat(tmp("field.pdf"), &st), 0);
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' -", tmp("field.pdf"));
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Bənəniyar kəhrizi"));
    free(out);

    /* the precision, submission ids and shaft states reach the
     * GeoPackage */
    kz_test_cli_ok(cli_args("export --kobo '%s' --overwrite -o '%s'",
                            tmp("field-central.zip"), tmp("field.gpkg")));
    snprintf(cmd, sizeof(cmd),
             "sqlite3 '%s' \"SELECT id, gps_precision_m, "
             "head_gps_precision_m FROM kahrizes ORDER BY id; SELECT uuid, "
             "submitted_at FROM assessments ORDER BY date; SELECT seq, "
             "gps_precision_m, state FROM shafts ORDER BY seq\"",
             tmp("field.gpkg"));
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "ORD-101|35.0|6.0\n"
                                "ORD-102|4.0|\n"
                                "uuid:aaaa|2024-05-01T10:00:00.000Z\n"
                                "uuid:bbbb|2024-06-10T09:00:00.000Z\n"
                                "uuid:cccc|2024-09-01T12:00:00.000Z\n"
                                "1|3.0|open\n"
                                "2|4.0|collapsed\n");
    free(out);
}

static void test_kobo_usage(void)
{
    char *out;

    fixtures();
    CU_ASSERT_EQUAL(run(&out, 1, "validate --kobo '%s' --kahrizes '%s'",
                        tmp("field.xlsx"), tmp("plain-kahrizes.csv")),
                    2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--kobo gives the kahrizes"));
    free(out);
    CU_ASSERT_EQUAL(run(&out, 1, "validate --attachments '%s'", tmp("media")),
                    2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--attachments goes with --kobo"));
    free(out);
    CU_ASSERT_EQUAL(run(&out, 1, "validate --kobo '%s' --max-gps-error -3",
                        tmp("field.xlsx")),
                    2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--max-gps-error: expected a "
                                       "positive number"));
    free(out);
    CU_ASSERT_EQUAL(
        run(&out, 1, "validate --kobo '%s'", tmp("no-such-export.xlsx")), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "no-such-export.xlsx: no such file"));
    free(out);
}

static const kz_test_case cases[] = {
    {"validate --kobo", test_validate_kobo},
    {"stats equal plain CSVs", test_stats_equal_plain},
    {"build and export --kobo", test_build_and_export_kobo},
    {"--kobo usage", test_kobo_usage},
    KZ_TEST_END};

KZ_TEST_SUITE("cli kobo", cases);
