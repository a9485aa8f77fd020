/*
 * test_halo_text.c - the label halos are text in Type 3 fonts, which
 * poppler would extract as U+FFFD per glyph: the finishing step wraps
 * that text in marked content with an empty ActualText.  The content
 * stream rewriting against streams worked by hand, then a map read back
 * with pdftotext (-bbox): no replacement character, no word twice.
 */
#include "kztest.h"

#include "finish/finish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int halo_font(void *ud, const char *name, size_t len)
{
    (void)ud;
    return len == 4 && memcmp(name, "/T3a", 4) == 0;
}

static void expect(const char *in, const char *want, size_t n_want)
{
    kz_buf b;
    size_t changed = 99;
    kz__buf_init(&b, kz_test_ctx);
    CU_ASSERT_EQUAL_FATAL(
        kz__content_mark_no_text(kz_test_ctx, (const unsigned char *)in,
                                 strlen(in), halo_font, NULL, &b, &changed),
        KZ_OK);
    CU_ASSERT_EQUAL(changed, n_want);
    CU_ASSERT_EQUAL(b.len, strlen(want));
    if (b.len != strlen(want) || memcmp(b.data, want, b.len) != 0) {
        fprintf(stderr, "\nin:   %s\ngot:  %.*s\nwant: %s\n", in,
                (int)b.len, b.data, want);
        CU_FAIL("stream differs");
    }
    kz__buf_release(&b);
}

#define S "/Span <</ActualText ()>> BDC\n"
#define E "EMC\n"

static void test_streams(void)
{
    /* halo run, then the real text in the same text object */
    expect("BT /T3a 1 Tf 1 0 0 1 5 6 Tm [<00>-5<01>]TJ /F1 9 Tf (ab) Tj ET",
           "BT /T3a 1 Tf 1 0 0 1 5 6 Tm " S "[<00>-5<01>]TJ " E
           "/F1 9 Tf (ab) Tj ET",
           2);
    /* the font outlives ET; q/Q restore it; strings hide operators */
    expect("BT /T3a 1 Tf (x) Tj ET BT (y) ' ET q /F1 1 Tf Q "
           "BT (z\\) Tj ET) Tj ET",
           "BT /T3a 1 Tf " S "(x) Tj " E "ET BT " S "(y) ' " E
           "ET q /F1 1 Tf Q BT " S "(z\\) Tj ET) Tj " E "ET",
           6);
    /* other fonts and no text: untouched; an unclosed object is closed */
    expect("q 1 0 0 rg BT /F1 1 Tf (a) Tj ET Q 0 0 m 1 1 l S",
           "q 1 0 0 rg BT /F1 1 Tf (a) Tj ET Q 0 0 m 1 1 l S", 0);
    expect("BT /T3a 1 Tf <00> Tj", "BT /T3a 1 Tf " S "<00> Tj\n" E, 1);
}

static void test_map_text_clean(void)
{
    char pdf[700], args[900], cmd[900], *text, *line;
    char **words = NULL;
    size_t n = 0, cap = 0, i, j;
    int dup = 0;

    snprintf(pdf, sizeof(pdf), "%s/halo-text.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args), "map --district AZ-ORD -q -o '%s'", pdf);
    kz_test_cli_ok(args);
    /* there are halos to hide */
    snprintf(cmd, sizeof(cmd), "pdffonts '%s'", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Type 3"));
    free(text);
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 -bbox '%s' -", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NULL(strstr(text, "\xef\xbf\xbd"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, ">Ordubad</word>"));
    /* every word once: the same word at the same place twice is a halo
     * read as text */
    for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strstr(line, "<word "))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            words = realloc(words, cap * sizeof(*words));
            CU_ASSERT_PTR_NOT_NULL_FATAL(words);
        }
        words[n++] = line;
    }
    CU_ASSERT(n > 100);
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            if (strcmp(words[i], words[j]) == 0 && dup++ < 5)
                fprintf(stderr, "\ntwice: %s\n", words[i]);
    CU_ASSERT_EQUAL(dup, 0);
    free(words);
    free(text);
}

static const kz_test_case cases[] = {
    {"content streams: halo text marked as none", test_streams},
    {"map text read back without the halos", test_map_text_clean},
    KZ_TEST_END};

KZ_TEST_SUITE("halo_text", cases);
