/*
 * test_cli_errors.c - the CLI with sources it cannot use and outputs it
 * cannot write: each run's exit code (1 failure, 2 usage, 3 data), a
 * message naming the file, and no output left; and the separator and
 * decimal-comma options that make a Russian-locale TSV readable (the
 * values are those written here: "46,5" is 46.5 only with the option);
 * on a terminal (script(1) gives it one) the build draws a progress bar
 * that ends full at the page count pdfinfo reads from the atlas.
 */
#include "kztest.h"

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

/* Run args (shell words); assert the exit code and that the output
 * (stderr too) holds says. */
static void expect(const char *args, int code, const char *says)
{
    char *out = NULL;
    int rc = kz_test_cli(&out, 1, args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (rc != code || !strstr(out, says))
        fprintf(stderr, "\n%s: exit %d, said:\n%s", args, rc, out);
    CU_ASSERT_EQUAL(rc, code);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, says));
    free(out);
}

static void test_unusable_sources(void)
{
    char dir[1024], args[3000];
    snprintf(dir, sizeof(dir), "%s/nosurvey", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    /* a directory is a survey when it holds kahrizes.csv */
    snprintf(args, sizeof(args), "stats '%s'", dir);
    expect(args, 2, "no kahrizes.csv in this directory");
    snprintf(args, sizeof(args), "validate '%s'", dir);
    expect(args, 2, "no kahrizes.csv in this directory");
    /* --survey reads named layers: a file without "kahrizes" is data */
    snprintf(args, sizeof(args), "stats --survey '%s'",
             kz_test_src("tests/data/ingest/districts.geojson"));
    expect(args, 3, "no layer named \"kahrizes\"");
}

static void test_unwritable_outputs(void)
{
    char dir[1024], args[3000];
    snprintf(dir, sizeof(dir), "%s/no/such/dir", kz_test_tmpdir());
    snprintf(args, sizeof(args), "stats -o '%s/x.csv'", dir);
    expect(args, 1, "x.csv: cannot create: No such file or directory");
    snprintf(args, sizeof(args), "map -q --district AZ-ORD -o '%s/m.png'",
             dir);
    expect(args, 1, "m.png: No such file or directory");
}

/* "46,5" and "40,1" in a tab-separated file: numbers with
 * --decimal-comma (one kahriz, inside the bundled districts: none
 * unassigned), errors by row and field without. */
static void test_tab_and_decimal_comma(void)
{
    char path[1024], args[3000], *out;
    snprintf(path, sizeof(path), "%s/ru.tsv", kz_test_tmpdir());
    write_file(path, "id\tname_az\tx\ty\nT-1\tBir\t46,5\t40,1\n");
    snprintf(args, sizeof(args),
             "stats -q --kahrizes '%s' --csv-separator tab --decimal-comma "
             "--format csv",
             path);
    out = kz_test_cli_out(0, args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nUNASSIGNED,Rayona aid edilməyən,"
                                       "Unassigned,,0,0,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nTOTAL,Cəmi,Total,,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(strstr(out, "\nTOTAL,"), ",1,0,0,"));
    free(out);
    snprintf(args, sizeof(args),
             "stats --kahrizes '%s' --csv-separator '\\t' "
             "--no-decimal-comma --format csv",
             path);
    expect(args, 3, "ru.tsv:2: x: \"46,5\" is not a number (decimal "
                    "commas are not enabled for this source)");
}

static void test_progress_on_a_terminal(void)
{
    char pdf[1024], cmd[3000], want[128], *out, *info, *p;
    long pages;
    snprintf(pdf, sizeof(pdf), "%s/tty.pdf", kz_test_tmpdir());
    snprintf(cmd, sizeof(cmd),
             "script -qec \"'%s' build --sections cover,contents,intro "
             "-o '%s'\" /dev/null",
             kz_test_cli_path(), pdf);
    if (!kz_test_need(system("command -v script >/dev/null") == 0,
                      "script(1) (bsdutils)"))
        return;
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", pdf);
    info = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    p = strstr(info, "Pages:");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    pages = strtol(p + 6, NULL, 10);
    CU_ASSERT(pages > 1);
    /* redrawn in place (\r), the last bar full */
    snprintf(want, sizeof(want), "\r[##############################] "
                                 "%ld/%ld pages",
             pages, pages);
    if (!strstr(out, want))
        fprintf(stderr, "\n  no \"%s\" in:\n%s", want + 1, out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r[##############"));
    free(info);
    free(out);
}

/* A file name with a tab, a backslash, a quote and a control byte, in
 * the JSON report: Python's json module reads back the very name (given
 * to both through the environment, so no shell quoting is involved). */
static void test_json_report_of_odd_name(void)
{
    static const char odd[] = "k\tx\\\"\001\r.csv";
    char dir[1024], path[1100], cmd[2000], *out;
    snprintf(dir, sizeof(dir), "%s/odd", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/%s", dir, odd);
    write_file(path, "id,name_az,x,y\nK-1,Ad,46.1,no\n");
    CU_ASSERT_EQUAL_FATAL(setenv("KZ_ODD_NAME", odd, 1), 0);
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && '%s' validate --kahrizes \"$KZ_ODD_NAME\" "
             "--format json | /usr/bin/python3 -c 'import json, os, sys; "
             "e = json.load(sys.stdin)[\"entries\"][0]; "
             "print(e[\"file\"] == os.environ[\"KZ_ODD_NAME\"], e[\"row\"], "
             "e[\"field\"])'",
             dir, kz_test_cli_path());
    out = kz_test_output(cmd);
    unsetenv("KZ_ODD_NAME");
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (strcmp(out, "True 2 y\n") != 0)
        fprintf(stderr, "\n  %s", out);
    CU_ASSERT_STRING_EQUAL(out, "True 2 y\n");
    free(out);
}

static const kz_test_case cases[] = {
    {"unusable sources", test_unusable_sources},
    {"unwritable outputs", test_unwritable_outputs},
    {"tab and decimal comma", test_tab_and_decimal_comma},
    {"progress on a terminal", test_progress_on_a_terminal},
    {"json report of an odd file name", test_json_report_of_odd_name},
    KZ_TEST_END};

KZ_TEST_SUITE("cli errors", cases);
