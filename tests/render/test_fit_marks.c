/*
 * test_fit_marks.c - which code points shortened text keeps with the
 * character before them: the first and last of every range of combining
 * marks, variation selectors, emoji modifiers and the joiners, and the
 * neighbours just outside, classified by the Unicode Character Database
 * (general category and name, as Python's unicodedata gives them).  "a",
 * the code point, "b" in two characters fits whole exactly when the code
 * point belongs to the "a" before it.
 */
#include "kztest.h"
#include "map/map.h"

#include <stdio.h>
#include <string.h>

static const struct {
    uint32_t cp;
    int joins; /* belongs to the character before it */
} cps[] = {
    {0x0300, 1},  /* Mn COMBINING GRAVE ACCENT */
    {0x036F, 1},  /* Mn COMBINING LATIN SMALL LETTER X */
    {0x1AB0, 1},  /* Mn COMBINING DOUBLED CIRCUMFLEX ACCENT */
    {0x1ABD, 1},  /* Mn COMBINING PARENTHESES BELOW */
    {0x1DC0, 1},  /* Mn COMBINING DOTTED GRAVE ACCENT */
    {0x1DFF, 1},  /* Mn COMBINING RIGHT ARROWHEAD AND DOWN ARROWHEAD BELOW */
    {0x20D0, 1},  /* Mn COMBINING LEFT HARPOON ABOVE */
    {0x20F0, 1},  /* Mn COMBINING ASTERISK ABOVE */
    {0xFE00, 1},  /* Mn VARIATION SELECTOR-1 */
    {0xFE0F, 1},  /* Mn VARIATION SELECTOR-16 */
    {0xFE20, 1},  /* Mn COMBINING LIGATURE LEFT HALF */
    {0xFE2F, 1},  /* Mn COMBINING CYRILLIC TITLO RIGHT HALF */
    {0x1F3FB, 1}, /* Sk EMOJI MODIFIER FITZPATRICK TYPE-1-2 */
    {0x1F3FF, 1}, /* Sk EMOJI MODIFIER FITZPATRICK TYPE-6 */
    {0xE0100, 1}, /* Mn VARIATION SELECTOR-17 */
    {0xE01EF, 1}, /* Mn VARIATION SELECTOR-256 */
    {0x200C, 1},  /* Cf ZERO WIDTH NON-JOINER */
    {0x02FF, 0},  /* Sk MODIFIER LETTER LOW LEFT ARROW */
    {0x0370, 0},  /* Lu GREEK CAPITAL LETTER HETA */
    {0x1AAD, 0},  /* Po TAI THAM SIGN CAANG */
    {0x1DBF, 0},  /* Lm MODIFIER LETTER SMALL THETA */
    {0x1E00, 0},  /* Lu LATIN CAPITAL LETTER A WITH RING BELOW */
    {0x2100, 0},  /* So ACCOUNT OF */
    {0xFE10, 0},  /* Po PRESENTATION FORM FOR VERTICAL COMMA */
    {0xFE30, 0},  /* Po PRESENTATION FORM FOR VERTICAL TWO DOT LEADER */
    {0x1F3FA, 0}, /* So AMPHORA */
    {0x1F400, 0}, /* So RAT */
    {0x200B, 0},  /* Cf ZERO WIDTH SPACE */
    {0x200E, 0},  /* Cf LEFT-TO-RIGHT MARK */
};

static size_t utf8(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static void test_marks_belong_before(void)
{
    size_t i;
    for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
        char src[16], dst[64];
        size_t n = 0;
        int cut;
        src[n++] = 'a';
        n += utf8(src + n, cps[i].cp);
        src[n++] = 'b';
        src[n] = '\0';
        cut = kz__text_fit(dst, sizeof(dst), src, 2);
        if (cut == cps[i].joins)
            fprintf(stderr, "\n  U+%04X: %s\n", (unsigned)cps[i].cp,
                    cps[i].joins ? "cut as a character of its own"
                                 : "kept with the one before");
        CU_ASSERT_EQUAL(cut, !cps[i].joins);
        if (!cut)
            CU_ASSERT_STRING_EQUAL(dst, src);
    }
}

/* A text of exactly the room left (cap - 1 bytes) fits whole; one byte
 * more is cut.  "ə" is two bytes, so "əə" takes 4. */
static void test_exact_fit(void)
{
    char dst[16];
    CU_ASSERT_EQUAL(kz__text_fit(dst, 4, "abc", 0), 0);
    CU_ASSERT_STRING_EQUAL(dst, "abc");
    CU_ASSERT_EQUAL(kz__text_fit(dst, 5, "\xc9\x99\xc9\x99", 0), 0);
    CU_ASSERT_STRING_EQUAL(dst, "\xc9\x99\xc9\x99");
    CU_ASSERT_EQUAL(kz__text_fit(dst, 4, "\xc9\x99\xc9\x99", 0), 1);
    CU_ASSERT_EQUAL(kz__text_fit(dst, 3, "abc", 0), 1);
    /* three characters in three: whole; in two: cut */
    CU_ASSERT_EQUAL(kz__text_fit(dst, sizeof(dst), "abc", 3), 0);
    CU_ASSERT_EQUAL(kz__text_fit(dst, sizeof(dst), "abc", 2), 1);
}

static const kz_test_case cases[] = {
    {"marks belong to the character before", test_marks_belong_before},
    {"exact fit", test_exact_fit},
    KZ_TEST_END};

KZ_TEST_SUITE("fit marks", cases);
