/*
 * test_typeset.c - print legibility of the atlas, measured on the PDF: no
 * glyph set smaller than 6 pt (pdfminer's glyph matrices, which measure
 * text at any angle, such as a river's name along its line), and on
 * every line the gap between two words at least 0.2 em (poppler's
 * pdftotext -bbox-layout word boxes), on a whole atlas of one district
 * (every page type: maps, tables, charts, sheets, gazetteers).
 */
#include "kztest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* poppler's word boxes span the font's ascent plus descent: 1069 + 293
 * units per 1000 in Noto Sans (hhea), of which Kahriz Sans is a copy */
#define BOX_EM 1.362
#define MIN_PT 6.0
#define MIN_GAP_EM 0.2

typedef struct word {
    double x0, y0, x1, y1;
    char text[64];
} word;

/* Parse the attributes and text of the <word> element at p. */
static int parse_word(const char *p, word *w)
{
    const char *gt, *end;
    size_t n;
    if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"",
               &w->x0, &w->y0, &w->x1, &w->y1) != 4)
        return 0;
    if (!(gt = strchr(p, '>')) || !(end = strstr(gt, "</word>")))
        return 0;
    n = (size_t)(end - gt - 1);
    if (n >= sizeof(w->text))
        n = sizeof(w->text) - 1;
    memcpy(w->text, gt + 1, n);
    w->text[n] = '\0';
    return 1;
}

static int is_digit_end(const char *s, int last)
{
    size_t n = strlen(s);
    if (!n)
        return 0;
    return last ? s[n - 1] >= '0' && s[n - 1] <= '9'
                : s[0] >= '0' && s[0] <= '9';
}

static void test_sizes_and_gaps(void)
{
    char path[700], args[900], cmd[900], *xml, *p;
    int page = 0, words = 0, gaps = 0, small = 0, tight = 0;

    snprintf(path, sizeof(path), "%s/typeset.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args), "build -q --only-districts AZ-GA -o '%s'",
             path);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd), "pdftotext -q -bbox-layout '%s' -", path);
    xml = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    for (p = xml; (p = strstr(p, "<")) != NULL; p++) {
        char *end;
        word prev = {0}, w;
        int have = 0;
        if (strncmp(p, "<page ", 6) == 0)
            page++;
        if (strncmp(p, "<line ", 6) != 0)
            continue;
        if (!(end = strstr(p, "</line>")))
            break;
        *end = '\0';
        for (p = strstr(p, "<word "); p; p = strstr(p + 1, "<word ")) {
            double h, em;
            if (!parse_word(p, &w))
                continue;
            words++;
            h = w.y1 - w.y0;
            em = h / BOX_EM;
            /* the next word of the same run of text: same size and
             * baseline; digit groups ("1 268") are one number */
            if (have && fabs(w.y0 - prev.y0) < 0.01 &&
                fabs(w.y1 - prev.y1) < 0.01 &&
                !(is_digit_end(prev.text, 1) && is_digit_end(w.text, 0))) {
                double gap = w.x0 - prev.x1;
                gaps++;
                if (gap < MIN_GAP_EM * em && tight++ < 10)
                    fprintf(stderr,
                            "\np. %d: \"%s\" \"%s\" %.2f pt apart at "
                            "%.2f pt",
                            page, prev.text, w.text, gap, em);
            }
            prev = w;
            have = 1;
        }
        p = end;
    }
    free(xml);
    /* sizes: every glyph, at whatever angle it is set */
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' sizes '%s' %.1f",
             kz_test_src("tests/common/pdf_glyphs.py"), path, MIN_PT);
    xml = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    {
        const char *last = strstr(xml, "glyphs ");
        long glyphs = 0;
        CU_ASSERT_PTR_NOT_NULL_FATAL(last);
        CU_ASSERT_EQUAL(sscanf(last, "glyphs %ld small %d", &glyphs, &small),
                        2);
        if (small)
            fprintf(stderr, "\n%s", xml);
        CU_ASSERT(glyphs > 5000);
    }
    free(xml);
    CU_ASSERT(page >= 10);
    CU_ASSERT(words > 1000);
    CU_ASSERT(gaps > 500);
    CU_ASSERT_EQUAL(small, 0);
    CU_ASSERT_EQUAL(tight, 0);
}

static const kz_test_case cases[] = {
    {"no text under 6 pt, words at least 0.2 em apart", test_sizes_and_gaps},
    KZ_TEST_END};

KZ_TEST_SUITE("typeset", cases);
