/*
 * test_cli_cover.c - the CLI paths users take that the other suites do
 * not: validate with sources given as positional paths (a directory, files
 * named by their role), build's --only-districts list, map --date, an
 * output that is a pipe.
 * Expected rows counted by hand in tests/data/ingest (6 kahrizes, 6
 * assessments, 4 shafts), pages read back with pdftotext.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run(char **out, const char *args)
{
    int rc = kz_test_cli(out, 1, args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(*out);
    return rc;
}

static void test_validate_positional(void)
{
    char args[2048], *out;
    long c[4];
    const char *dir = KZ_SOURCE_DIR "/tests/data/ingest";

    /* a directory: its kahrizes.csv, assessments.csv and shafts.csv */
    snprintf(args, sizeof(args), "validate '%s'", dir);
    out = kz_test_cli_out(1, args);
    CU_ASSERT(kz_test_role_counts(out, "kahrizes", c) && c[0] == 6 &&
              c[1] == 6 && c[2] == 0 && c[3] == 6);
    /* six declared district codes the bundled districts do not have, and
     * K-001 visited twice on 2019-06-01 */
    CU_ASSERT(kz_test_role_counts(out, "assessments", c) && c[0] == 6 &&
              c[1] == 6 && c[3] == 1);
    CU_ASSERT(kz_test_role_counts(out, "shafts", c) && c[0] == 4 && c[1] == 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "0 errors, 7 warnings"));
    free(out);

    /* files whose names say their roles, in any order; no shafts given */
    snprintf(args, sizeof(args), "validate '%s/assessments.csv' "
                                 "'%s/kahrizes.csv'",
             dir, dir);
    out = kz_test_cli_out(1, args);
    CU_ASSERT(kz_test_role_counts(out, "kahrizes", c) && c[0] == 6);
    CU_ASSERT(kz_test_role_counts(out, "assessments", c) && c[0] == 6);
    CU_ASSERT_FALSE(kz_test_role_counts(out, "shafts", c));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "shafts: none given"));
    free(out);

    /* a rejected row: exit 3, named by file and row */
    snprintf(args, sizeof(args), "validate '%s/tests/data/bad/"
                                 "duplicate_ids.csv'",
             KZ_SOURCE_DIR);
    CU_ASSERT_EQUAL(run(&out, args), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "duplicate_ids.csv:4: id: duplicate "
                                       "id \"D-1\" (first at row 2)"));
    CU_ASSERT(kz_test_role_counts(out, "kahrizes", c) && c[0] == 3 &&
              c[1] == 2 && c[2] == 1);
    free(out);

    /* a path that does not exist: a data error naming it */
    CU_ASSERT_EQUAL(run(&out, "validate /nonexistent/kahrizes.csv"), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "/nonexistent/kahrizes.csv"));
    free(out);
}

/* Running headers of every page of a PDF, one per line. */
static char *headers(const char *pdf)
{
    char cmd[1200];
    snprintf(cmd, sizeof(cmd),
             "pdftotext -enc UTF-8 -layout '%s' - | awk 'BEGIN{RS=\"\\f\"}"
             "{ n = split($0, l, \"\\n\"); for (i = 1; i <= n; i++)"
             " if (l[i] ~ /[^ ]/) { sub(/^ +/, \"\", l[i]);"
             " sub(/   .*/, \"\", l[i]); print l[i]; break } }' | sort -u",
             pdf);
    return kz_test_output(cmd);
}

static void test_build_only_districts(void)
{
    char pdf[700], args[1600], *out, *h;
    snprintf(pdf, sizeof(pdf), "%s/only.pdf", kz_test_tmpdir());
    /* blanks, case and empty items in the list are forgiven */
    snprintf(args, sizeof(args),
             "build -q --sections districts --only-districts "
             "' AZ-ORD, az-cul ,,' -o '%s'",
             pdf);
    kz_test_cli_ok(args);
    h = headers(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    /* the two districts and their region, nothing else */
    CU_ASSERT_STRING_EQUAL(h, "Culfa rayonu / Julfa District\n"
                              "Naxçıvan iqtisadi rayonu / Nakhchivan "
                              "Economic Region\n"
                              "Ordubad rayonu / Ordubad District\n");
    free(h);
    /* an unknown code: a usage error naming it, no file */
    snprintf(pdf, sizeof(pdf), "%s/nope.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args),
             "build -q --sections districts --only-districts AZ-ORD,AZ-NOPE "
             "-o '%s'",
             pdf);
    CU_ASSERT_EQUAL(run(&out, args), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "no district \"AZ-NOPE\""));
    free(out);
    CU_ASSERT_PTR_NULL(kz_test_slurp(pdf, NULL));
}

static void test_map_date(void)
{
    char pdf[700], args[1600], cmd[1000], *out;
    snprintf(pdf, sizeof(pdf), "%s/dated.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args),
             "map -q --no-synthetic --district AZ-ORD --date 2024-05-01 -o '%s'", pdf);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' - | grep '^Mənbə'",
             pdf);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "Mənbə: kəhrizlərin sahə tədqiqatı / Source: "
                                "field survey of kahrizes · 1 may 2024 / 1 "
                                "May 2024\n");
    free(out);
    /* none: the footer without a date */
    snprintf(args, sizeof(args),
             "map -q --overwrite --no-synthetic --district AZ-ORD --date none -o '%s'",
             pdf);
    kz_test_cli_ok(args);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "Mənbə: kəhrizlərin sahə tədqiqatı / Source: "
                                "field survey of kahrizes\n");
    free(out);
    /* a month 13: a usage error */
    snprintf(args, sizeof(args),
             "map -q --district AZ-ORD --date 2024-13-01 -o '%s'", pdf);
    CU_ASSERT_EQUAL(run(&out, args), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--date"));
    free(out);
}

/* An output that is no regular file (here a named pipe, read by cat into
 * a file): the map's bytes go through it and it stays a pipe (never
 * renamed over, as /dev/null would be); what came through is a PDF qpdf
 * checks, of one page (pdfinfo).  (The reader gives up after 30 s, so
 * that a pipe renamed over fails the test instead of hanging it.) */
static void test_output_to_a_pipe(void)
{
    char fifo[1024], got[1024], cmd[4096], *out = NULL;
    struct stat sb;

    snprintf(fifo, sizeof(fifo), "%s/pipe.pdf", kz_test_tmpdir());
    snprintf(got, sizeof(got), "%s/through-pipe.pdf", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0644), 0);
    snprintf(cmd, sizeof(cmd),
             "timeout 30 cat '%s' > '%s' & "
             "'%s' map --district AZ-ORD -q -o '%s'; "
             "rc=$?; wait; exit $rc",
             fifo, got, kz_test_cli_path(), fifo);
    CU_ASSERT_EQUAL(system(cmd), 0);
    CU_ASSERT_EQUAL_FATAL(stat(fifo, &sb), 0);
    CU_ASSERT(S_ISFIFO(sb.st_mode));
    snprintf(cmd, sizeof(cmd), "qpdf --check '%s' >/dev/null 2>&1", got);
    CU_ASSERT_EQUAL(system(cmd), 0);
    snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", got);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Pages:           1"));
    free(out);
}

static const kz_test_case cases[] = {
    {"output to a pipe", test_output_to_a_pipe},
    {"validate positional sources", test_validate_positional},
    {"build --only-districts", test_build_only_districts},
    {"map --date", test_map_date},
    KZ_TEST_END};

KZ_TEST_SUITE("cli paths", cases);
