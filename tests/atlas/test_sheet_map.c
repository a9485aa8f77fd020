/*
 * test_sheet_map.c - the kahriz sheets of the bundled survey read back
 * (check_sheet_map.py): each location map's subject outlet ringed in the
 * highlight colour where its printed coordinates and the map's viewport
 * put it, the scale text clear of it, and every note given in one
 * language only marked so in the other's place (69 in the sample).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_sheet_maps(void)
{
    char pdf[600], args[1400], cmd[3000], *out;

    if (!kz_test_need(system("cs2cs < /dev/null > /dev/null 2>&1") == 0,
                      "cs2cs (PROJ)"))
        return;
    snprintf(pdf, sizeof(pdf), "%s/sheetmap.pdf", kz_test_tmpdir());
    remove(pdf);
    snprintf(args, sizeof(args), "build -q --sections sheets -o '%s'", pdf);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 '%s/check_sheet_map.py' '%s' "
             "'%s/data/survey/kahrizes.csv' "
             "'%s/data/survey/assessments.csv' '%s/styles/default.json' "
             "2>&1; echo rc=$?",
             kz_test_src("tests/atlas"), pdf, KZ_SOURCE_DIR, KZ_SOURCE_DIR,
             KZ_SOURCE_DIR);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, "rc=0\n"))
        fprintf(stderr, "\n%.4000s", out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "rc=0\n"));
    /* every sheet's map checked; the notes counted by hand from
     * assessments.csv (latest visit, one of notes_az, notes_en empty) */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "1500 sheets, 1500 maps, 1500 scale "
                                       "texts checked, 69 "
                                       "one-language notes, 0 faults"));
    free(out);
}

static const kz_test_case cases[] = {
    {"sheet maps: subject ringed, scale clear, one-language notes marked",
     test_sheet_maps},
    KZ_TEST_END};

KZ_TEST_SUITE("sheet_map", cases);
