/*
 * test_legend_symbols.c - the map pages of the bundled atlas, in both
 * bundled styles, read back (check_legend_symbols.py): a mother well, a
 * city marker, a town or village dot drawn in the frame exactly when the
 * legend lists it, no ring that no legend key explains (the district
 * cities' old hollow ring), and no two point keys of a legend alike in
 * shape, colours and size.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_style(const char *style)
{
    char pdf[600], args[1400], cmd[3000], *out, *line;
    int maps = 0, keys = 0, mother = 0, city = 0, village = 0, faults = -1;

    snprintf(pdf, sizeof(pdf), "%s/legend-%s.pdf", kz_test_tmpdir(), style);
    remove(pdf);
    snprintf(args, sizeof(args),
             "build -q --sections overview,districts --style "
             "'%s/styles/%s.json' -o '%s'",
             KZ_SOURCE_DIR, style, pdf);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 '%s/check_legend_symbols.py' '%s' "
             "'%s/styles/%s.json' 2>&1; echo rc=$?",
             kz_test_src("tests/atlas"), pdf, KZ_SOURCE_DIR, style);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, "rc=0\n"))
        fprintf(stderr, "\n%s: %.4000s", style, out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "rc=0\n"));
    line = strstr(out, " maps, ");
    while (line && line > out && line[-1] != '\n')
        line--;
    CU_ASSERT_PTR_NOT_NULL_FATAL(line);
    CU_ASSERT_EQUAL(sscanf(line,
                           "%d maps, %d point keys; drawn on %d maps: "
                           "mother well, %d: city, %d: town or village; "
                           "%d faults",
                           &maps, &keys, &mother, &city, &village, &faults),
                    6);
    /* the bundled atlas has a map of the country, of each region with
     * kahrizes and of each such district: 30 or more; each kind is drawn
     * somewhere, so that no check passes for want of a case */
    CU_ASSERT(maps >= 30);
    CU_ASSERT(keys >= 6 * maps);
    CU_ASSERT(mother > 0 && mother < maps);
    CU_ASSERT(city > 0 && city < maps);
    CU_ASSERT(village > 0);
    CU_ASSERT_EQUAL(faults, 0);
    free(out);
}

static void test_legend_default(void)
{
    check_style("default");
}

static void test_legend_mono(void)
{
    check_style("a3-mono");
}

static const kz_test_case cases[] = {
    {"legend lists what the map draws, keys distinct (default)",
     test_legend_default},
    {"legend lists what the map draws, keys distinct (a3-mono)",
     test_legend_mono},
    KZ_TEST_END};

KZ_TEST_SUITE("legend_symbols", cases);
