/*
 * test_caps.c - names in capitals on the national map: the Azerbaijani
 * line keeps its dotted İ ("İRAN", "RUSİYA"), the English line never has
 * one ("GEORGIA", "RUSSIA", "IRAN"); read back with pdftotext.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether word occurs in text as a whole word (not inside another). */
static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    const char *p = text;
    while ((p = strstr(p, word)) != NULL) {
        int start = p == text || p[-1] == ' ' || p[-1] == '\n' ||
                    p[-1] == '/';
        int end = p[n] == '\0' || p[n] == ' ' || p[n] == '\n' ||
                  p[n] == '/';
        if (start && end)
            return 1;
        p += n;
    }
    return 0;
}

static void test_english_capitals(void)
{
    char path[700], args[900], cmd[900], *text;

    snprintf(path, sizeof(path), "%s/caps.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args), "map --national -q -o '%s'", path);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd), "pdftotext -q '%s' -", path);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* the countries labelled on the national map, in both languages */
    CU_ASSERT_TRUE(has_word(text, "GÜRCÜSTAN"));
    CU_ASSERT_TRUE(has_word(text, "GEORGIA"));
    CU_ASSERT_TRUE(has_word(text, "RUSİYA"));
    CU_ASSERT_TRUE(has_word(text, "RUSSIA"));
    CU_ASSERT_TRUE(has_word(text, "İRAN"));
    CU_ASSERT_TRUE(has_word(text, "IRAN"));
    /* English names with Azerbaijani capitals */
    CU_ASSERT_PTR_NULL(strstr(text, "GEORGİA"));
    CU_ASSERT_PTR_NULL(strstr(text, "RUSSİA"));
    CU_ASSERT_PTR_NULL(strstr(text, "ARMENİA"));
    CU_ASSERT_PTR_NULL(strstr(text, "TÜRKİYE"));
    free(text);
}

static const kz_test_case cases[] = {
    {"English names in capitals have no dotted I", test_english_capitals},
    KZ_TEST_END};

KZ_TEST_SUITE("caps", cases);
