/*
 * test_context_cover.c - the bundled context layers (neighbouring
 * countries, the Caspian) and the districts leave no empty band in any map
 * frame: the national map in both bundled styles and a region map are
 * rendered to PDF, and check_context.py reads each frame's ground extent
 * back with GDAL (the page's /VP /Measure) and with OGR finds it covered
 * by the union of the three layers.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A map with args into pdf; it must succeed. */
static void render(const char *pdf, const char *args)
{
    char cmd[1600];
    snprintf(cmd, sizeof(cmd), "map -q %s -o '%s'", args, pdf);
    kz_test_cli_ok(cmd);
}

static void test_context_covers_frames(void)
{
    char a[600], b[600], c[600], style[700], cmd[4000], *out;
    const char *tmp = kz_test_tmpdir();

    if (!kz_test_need(system("/usr/bin/python3 -c 'import osgeo.ogr' "
                             ">/dev/null 2>&1") == 0 &&
                          system("command -v qpdf >/dev/null") == 0,
                      "python3 with osgeo, and qpdf"))
        return;
    snprintf(a, sizeof(a), "%s/context-national.pdf", tmp);
    snprintf(b, sizeof(b), "%s/context-national-a3.pdf", tmp);
    snprintf(c, sizeof(c), "%s/context-region.pdf", tmp);
    snprintf(style, sizeof(style), "--national --style '%s'",
             kz_test_src("styles/a3-mono.json"));
    render(a, "--national");
    render(b, style);
    render(c, "--region GAZAKH-TOVUZ");
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 '%s' ",
             kz_test_src("tests/render/check_context.py"));
    snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "'%s' ",
             kz_test_src("data/neighbours.geojson"));
    snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "'%s' ",
             kz_test_src("data/sea.geojson"));
    snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "'%s' ",
             kz_test_src("data/districts.geojson"));
    snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
             "'%s' '%s' '%s' 2>&1; echo rc=$?", a, b, c);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, "rc=0\n"))
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "rc=0\n"));
    free(out);
}

static const kz_test_case cases[] = {
    {"context layers cover the national and region frames",
     test_context_covers_frames},
    KZ_TEST_END};

KZ_TEST_SUITE("context cover", cases);
