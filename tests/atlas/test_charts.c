/*
 * test_charts.c - a kahriz measured on one visit only: its discharge chart
 * names that one year, centred under the plotted mark (check_charts.py
 * --single finds the mark by rasterising the page and the year's box with
 * pdftotext), and its y-axis says what is plotted.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One kahriz in Ordubad with one assessment on date, its sheet built
 * into dir/name.pdf; returns the checker's verdict. */
static int single_visit(const char *name, const char *date)
{
    char dir[600], path[700], args[2400], cmd[1600], *out = NULL;
    FILE *fp;
    int ok;

    snprintf(dir, sizeof(dir), "%s/chart-%s", kz_test_tmpdir(), name);
    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/kahrizes.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "wb"));
    fputs(KZ_TEST_KAHRIZ_HEADER, fp);
    fputs("KZ-1,Tək kəhriz,,AZ-ORD,,,45.9,39.01,EPSG:4326,,,900,8,12,1900,"
          "icma,\n",
          fp);
    fclose(fp);
    snprintf(path, sizeof(path), "%s/assessments.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "wb"));
    fputs(KZ_TEST_ASSESSMENT_HEADER, fp);
    fprintf(fp, "KZ-1,%s,4.2,good,yes,10,8,0,none,,,,x\n", date);
    fclose(fp);
    snprintf(args, sizeof(args),
             "build -q --sections sheets --kahrizes '%s/kahrizes.csv' "
             "--assessments '%s/assessments.csv' --shafts none -o "
             "'%s/sheet.pdf'",
             dir, dir, dir);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 '%s/check_charts.py' --single '%s/sheet.pdf' "
             "2>&1; echo rc=$?",
             kz_test_src("tests/atlas"), dir);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    ok = strstr(out, "rc=0\n") != NULL &&
         strstr(out, "1 one-visit charts") != NULL;
    if (!ok)
        fprintf(stderr, "\n%s: %s", name, out);
    free(out);
    return ok;
}

static void test_one_visit_year_under_its_mark(void)
{
    CU_ASSERT(single_visit("june", "2019-06-15"));
    CU_ASSERT(single_visit("january", "2016-01-03"));
    CU_ASSERT(single_visit("december", "2023-12-28"));
}

static const kz_test_case cases[] = {
    {"one visit: its year under its mark", test_one_visit_year_under_its_mark},
    KZ_TEST_END};

KZ_TEST_SUITE("charts", cases);
