/*
 * test_pages.c - the bundled atlas as printed, every page of it: its
 * navigation (check_atlas.py: outline, contents links and page numbers,
 * gazetteer pages) and its maps and statistics boxes (check_pages.py:
 * words inside their map frames and clear of each other, box figures equal
 * to `stats` in both number formats, each map's projection named under
 * it, every district of a region map's region and every district with
 * kahrizes on the national maps named in the frame, the colophon's
 * sections as the style's catalogue gives them), its charts
 * (check_charts.py: the zero-discharge bar against the survey, y-axis
 * labels), its tables (check_tables.py: every district of a region, sums
 * or their footnote, densities over the areas OGR measures, regions in
 * Azerbaijani order), the kahriz tables' headers and the gazetteers
 * (check_gazetteer_tables.py: nothing cut, units in the headers, map
 * pages and coordinates of the entries), its typography
 * (check_small_things.py), every map legend's row explained on the
 * introduction's legend page (check_intro_legend.py), every map frame
 * covered by the context layers (tests/render/check_context.py), its
 * graticule labelled where it meets the frame and its neighbouring
 * countries named (tests/render/check_edges.py), all read back from the
 * PDF.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The bundled atlas and its statistics, written once by the suite
 * "bundled atlas" (a ctest fixture: ctest runs it first, and alone when a
 * checker is asked for by name) and read by the checker suites below, so
 * that the four of them can run side by side. */
static const char *bundled(const char *name)
{
    static char path[4][600];
    static int n;
    char *p = path[n++ % 4];
    snprintf(p, sizeof(path[0]), "%s/tests/bundled-atlas/%s", KZ_BINARY_DIR,
             name);
    return p;
}

static void test_bundled_atlas_render(void)
{
    char dir[600], args[1600];

    snprintf(dir, sizeof(dir), "%s/tests/bundled-atlas", KZ_BINARY_DIR);
    mkdir(dir, 0755);
    /* never check an older atlas (the CLI writes a temporary file and
     * renames it: nothing is left of a failed build) */
    remove(bundled("atlas.pdf"));
    remove(bundled("stats.csv"));
    snprintf(args, sizeof(args), "build -q --jobs 2 -o '%s'",
             bundled("atlas.pdf"));
    kz_test_cli_ok(args);
    snprintf(args, sizeof(args), "stats -q --format csv -o '%s'",
             bundled("stats.csv"));
    kz_test_cli_ok(args);
}

/* The fixture's files, or a failed test saying they are missing. */
static int have_bundled(void)
{
    struct stat st;
    if (stat(bundled("atlas.pdf"), &st) != 0 ||
        stat(bundled("stats.csv"), &st) != 0) {
        fprintf(stderr, "\nno %s: run the suite \"bundled atlas\" first "
                        "(ctest does)\n",
                bundled("atlas.pdf"));
        return 0;
    }
    return 1;
}

static void test_bundled_navigation(void)
{
    char args[1400];
    CU_ASSERT_FATAL(have_bundled());
    snprintf(args, sizeof(args), "--sheets '%s'", bundled("atlas.pdf"));
    CU_ASSERT(run_checker("check_atlas.py", args));
}

static void test_bundled_maps(void)
{
    char args[1400];
    CU_ASSERT_FATAL(have_bundled());
    snprintf(args, sizeof(args), "--style '%s' ",
             kz_test_src("styles/default.json"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args),
             "'%s' '%s' '%s'", bundled("atlas.pdf"), bundled("stats.csv"),
             kz_test_src("data/districts.geojson"));
    CU_ASSERT(run_checker("check_pages.py", args));
    /* the overview maps' numbered districts and their lists */
    snprintf(args, sizeof(args), "'%s' '%s':all",
             kz_test_src("data/districts.geojson"), bundled("atlas.pdf"));
    CU_ASSERT(run_checker_in("tests/render", "check_number_keys.py", args));
}

static void test_bundled_context(void)
{
    char args[1400];
    CU_ASSERT_FATAL(have_bundled());
    snprintf(args, sizeof(args), "'%s' ",
             kz_test_src("data/neighbours.geojson"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s' ",
             kz_test_src("data/sea.geojson"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s' ",
             kz_test_src("data/districts.geojson"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s:all'",
             bundled("atlas.pdf"));
    CU_ASSERT(run_checker_in("tests/render", "check_context.py", args));
}

static void test_bundled_charts_tables(void)
{
    char args[1400];
    CU_ASSERT_FATAL(have_bundled());
    snprintf(args, sizeof(args), "'%s' '%s'", bundled("atlas.pdf"),
             kz_test_src("data/survey/assessments.csv"));
    CU_ASSERT(run_checker("check_charts.py", args));
    snprintf(args, sizeof(args), "'%s' '%s'", bundled("atlas.pdf"),
             kz_test_src("data/districts.geojson"));
    CU_ASSERT(run_checker("check_tables.py", args));
}

/* Headers and gazetteer entries wrap, never cut (no ellipsis glyph,
 * read with pdfminer); every header word of the style's catalog in each
 * table's header band; each entry's sheet page prints its name, its map
 * page is its district's, its coordinates are the survey CSV's. */
static void test_bundled_gazetteer_tables(void)
{
    char args[1600];
    CU_ASSERT_FATAL(have_bundled());
    snprintf(args, sizeof(args), "'%s' ", bundled("atlas.pdf"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s' ",
             kz_test_src("styles/default.json"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s'",
             kz_test_src("data/survey/kahrizes.csv"));
    CU_ASSERT(run_checker("check_gazetteer_tables.py", args));
}

/* U+2212 for negative numbers, coordinates with a point, "(discharge >
 * 0)" whole on its line, no folio on the cover, no fallback font, class
 * limits that no two classes share (check_small_things.py). */
static void test_bundled_small_things(void)
{
    char args[700];
    CU_ASSERT_FATAL(have_bundled());
    snprintf(args, sizeof(args), "'%s'", bundled("atlas.pdf"));
    CU_ASSERT(run_checker("check_small_things.py", args));
}

/* Every row of every map's legend (read from its box on the page) is
 * explained on the introduction's legend page (check_intro_legend.py). */
static void test_bundled_intro_legend(void)
{
    char args[1400];
    CU_ASSERT_FATAL(have_bundled());
    snprintf(args, sizeof(args), "'%s' '%s'", bundled("atlas.pdf"),
             kz_test_src("styles/default.json"));
    CU_ASSERT(run_checker("check_intro_legend.py", args));
}

/* Every graticule line that meets an edge of a map frame is labelled on
 * that edge, and every neighbouring country showing 100 mm² of land on a
 * map is named on it (tests/render/check_edges.py). */
static void test_bundled_edges(void)
{
    char args[1400];
    CU_ASSERT_FATAL(have_bundled());
    snprintf(args, sizeof(args), "graticule '%s' '%s:all'",
             kz_test_src("styles/default.json"), bundled("atlas.pdf"));
    CU_ASSERT(run_checker_in("tests/render", "check_edges.py", args));
    snprintf(args, sizeof(args), "countries '%s' ",
             kz_test_src("data/neighbours.geojson"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args),
             "'%s' 100 '%s:all'", kz_test_src("styles/default.json"),
             bundled("atlas.pdf"));
    CU_ASSERT(run_checker_in("tests/render", "check_edges.py", args));
}

static const kz_test_case render_cases[] = {
    {"bundled atlas and its statistics", test_bundled_atlas_render},
    KZ_TEST_END};
static const kz_test_case navigation_cases[] = {
    {"outline, contents, gazetteers, sheets", test_bundled_navigation},
    KZ_TEST_END};
static const kz_test_case maps_cases[] = {
    {"maps, boxes, sheets, folios", test_bundled_maps}, KZ_TEST_END};
static const kz_test_case context_cases[] = {
    {"every frame covered by the context layers", test_bundled_context},
    KZ_TEST_END};
static const kz_test_case charts_tables_cases[] = {
    {"charts and tables", test_bundled_charts_tables}, KZ_TEST_END};
static const kz_test_case small_things_cases[] = {
    {"minus, coordinates, no-break, cover folio, fonts, class limits",
     test_bundled_small_things},
    KZ_TEST_END};
static const kz_test_case intro_legend_cases[] = {
    {"every map legend's row on the introduction's legend",
     test_bundled_intro_legend},
    KZ_TEST_END};
static const kz_test_case edges_cases[] = {
    {"graticule labelled where it meets the frame, countries named",
     test_bundled_edges},
    KZ_TEST_END};
static const kz_test_case gazetteer_tables_cases[] = {
    {"headers and entries wrap, entries give map page and coordinates",
     test_bundled_gazetteer_tables},
    KZ_TEST_END};

/* Registered in this order: the fixture before its readers when the
 * program runs every suite. */
__attribute__((constructor)) static void register_suites(void)
{
    if (kz_test_add_suite("bundled atlas", render_cases) < 0 ||
        kz_test_add_suite("bundled atlas navigation", navigation_cases) < 0 ||
        kz_test_add_suite("bundled atlas maps", maps_cases) < 0 ||
        kz_test_add_suite("bundled atlas context", context_cases) < 0 ||
        kz_test_add_suite("bundled atlas charts tables",
                          charts_tables_cases) < 0 ||
        kz_test_add_suite("bundled atlas gazetteer tables",
                          gazetteer_tables_cases) < 0 ||
        kz_test_add_suite("bundled atlas small things",
                          small_things_cases) < 0 ||
        kz_test_add_suite("bundled atlas intro legend",
                          intro_legend_cases) < 0 ||
        kz_test_add_suite("bundled atlas edges", edges_cases) < 0) {
        fprintf(stderr, "cannot register the bundled atlas suites\n");
        exit(2);
    }
}
