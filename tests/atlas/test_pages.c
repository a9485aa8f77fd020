/*
 * test_pages.c - the bundled atlas as printed, every page of it: its
 * navigation (check_atlas.py: outline, contents links and page numbers,
 * gazetteer pages) and its maps and statistics boxes (check_pages.py:
 * words inside their map frames and clear of each other, box figures equal
 * to `stats` in both number formats, each map's projection named under
 * it, every district of a region map's region and every district with
 * kahrizes on the national maps named in the frame), its charts
 * (check_charts.py: the zero-discharge bar against the survey, y-axis
 * labels), its tables (check_tables.py: every district of a region, sums
 * or their footnote, densities over the areas OGR measures, regions in
 * Azerbaijani order) and every map frame covered by the context layers
 * (tests/render/check_context.py), all read back from the PDF.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run a checker script of tests/<dir> on args; 1 when it exits 0, its
 * report printed when not. */
static int run_checker_in(const char *dir, const char *script,
                          const char *args)
{
    char path[700], cmd[3000], *out;
    snprintf(path, sizeof(path), "%s", kz_test_src(dir));
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s/%s' %s 2>&1; echo rc=$?",
             path, script, args);
    out = kz_test_output(cmd);
    if (!out)
        return 0;
    if (!strstr(out, "\nrc=0\n") && strncmp(out, "rc=0\n", 5) != 0) {
        fprintf(stderr, "\n%s", out);
        free(out);
        return 0;
    }
    free(out);
    return 1;
}

static int run_checker(const char *script, const char *args)
{
    return run_checker_in("tests/atlas", script, args);
}

static void test_bundled_atlas_pages(void)
{
    char pdf[600], csv[600], args[1400], *out = NULL;
    snprintf(pdf, sizeof(pdf), "%s/bundled-atlas.pdf", kz_test_tmpdir());
    snprintf(csv, sizeof(csv), "%s/bundled-stats.csv", kz_test_tmpdir());
    snprintf(args, sizeof(args), "build -q --jobs 2 -o '%s'", pdf);
    CU_ASSERT_EQUAL_FATAL(kz_test_cli(&out, 1, args), 0);
    free(out);
    snprintf(args, sizeof(args), "stats -q --format csv -o '%s'", csv);
    CU_ASSERT_EQUAL_FATAL(kz_test_cli(&out, 1, args), 0);
    free(out);
    snprintf(args, sizeof(args), "--sheets '%s'", pdf);
    CU_ASSERT(run_checker("check_atlas.py", args));
    snprintf(args, sizeof(args), "'%s' '%s' '%s'", pdf, csv,
             kz_test_src("data/districts.geojson"));
    CU_ASSERT(run_checker("check_pages.py", args));
    snprintf(args, sizeof(args), "'%s' ",
             kz_test_src("data/neighbours.geojson"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s' ",
             kz_test_src("data/sea.geojson"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s' ",
             kz_test_src("data/districts.geojson"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s:all'",
             pdf);
    CU_ASSERT(run_checker_in("tests/render", "check_context.py", args));
    snprintf(args, sizeof(args), "'%s' '%s'", pdf,
             kz_test_src("data/survey/assessments.csv"));
    CU_ASSERT(run_checker("check_charts.py", args));
    snprintf(args, sizeof(args), "'%s' '%s'", pdf,
             kz_test_src("data/districts.geojson"));
    CU_ASSERT(run_checker("check_tables.py", args));
}

static const kz_test_case cases[] = {
    {"bundled atlas: every page", test_bundled_atlas_pages},
    KZ_TEST_END};

KZ_TEST_SUITE("atlas pages", cases);
