/*
 * test_legend_units.c - the discharge classes of the atlas's legend give
 * the unit in both languages and number formats; the class breaks 0.5, 2,
 * 5 and 10 l/s are those of styles/default.json ("sizes"), read back from
 * the introduction page with pdftotext.  The legend also explains both
 * kinds of gallery the maps draw (surveyed and schematic).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_size_classes_bilingual(void)
{
    char pdf[700], args[900], cmd[900], *text;

    snprintf(pdf, sizeof(pdf), "%s/legend.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args), "build -q --sections intro -o '%s'", pdf);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 '%s' -", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "< 0,5 l/san / < 0.5 l/s"));
    /* a class holds its lower limit, not its upper one; limits written
     * as the maps' legends write them, without a needless ",0" */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "0,5–<2 l/san / 0.5–<2 l/s"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "2–<5 l/san / 2–<5 l/s"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "5–<10 l/san / 5–<10 l/s"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "10+ l/san / 10+ l/s"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "Qalereya (ölçülmüş) / Gallery (surveyed)"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "Qalereya (sxematik) / Gallery (schematic)"));
    free(text);
}

static const kz_test_case cases[] = {
    {"legend discharge classes in both languages",
     test_size_classes_bilingual},
    KZ_TEST_END};

KZ_TEST_SUITE("legend_units", cases);
