/*
 * test_halo_vector.c - label halos on a PDF map are vector: poppler's
 * pdfimages finds no image on the page, and the halos are there as text
 * in Type 3 fonts whose glyphs are filled outlines (read back by qpdf),
 * one glyph procedure per distinct glyph, shown many more times than
 * there are glyphs, all of it marked as having no text (ActualText).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int count(const char *s, const char *what)
{
    int n = 0;
    for (; (s = strstr(s, what)) != NULL; s++)
        n++;
    return n;
}

static void test_vector_halos(void)
{
    char pdf[700], args[900], cmd[900], *list, *obj, *out;
    int procs, fills, spans, shows, images = 0, labels = 0;
    const char *p;

    snprintf(pdf, sizeof(pdf), "%s/halo.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args), "map --district AZ-ORD -o '%s'", pdf);
    out = kz_test_cli_out(1, args); /* the summary is on stderr */
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    /* "ORD.pdf: 214 kahrizes (...), 40 labels placed, ..." */
    p = strstr(out, " labels placed");
    while (p && p > out && p[-1] >= '0' && p[-1] <= '9')
        p--;
    if (p)
        labels = atoi(p);
    free(out);
    CU_ASSERT(labels >= 10);
    snprintf(cmd, sizeof(cmd), "pdfimages -list '%s'", pdf);
    list = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(list);
    /* two header lines, then one line per image */
    for (p = list; (p = strchr(p, '\n')) != NULL; p++)
        images += p[1] != '\0';
    CU_ASSERT_EQUAL(images, 1); /* the second header line only */
    if (images != 1)
        fprintf(stderr, "\n%s", list);
    free(list);
    obj = kz_test_pdf_objects(pdf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
    CU_ASSERT(count(obj, "/Subtype /Type3") >= 1);
    /* a glyph procedure starts with its metrics and d1, then one fill
     * (none for a space) */
    procs = count(obj, " d1\n");
    fills = count(obj, " f*\n");
    spans = count(obj, "/Span <</ActualText ()>> BDC");
    shows = count(obj, "]TJ") + count(obj, "] TJ");
    CU_ASSERT(procs >= 30);
    CU_ASSERT(fills >= procs * 9 / 10);
    CU_ASSERT(spans >= 1);
    /* every label placed has its halo shown, each line a run of glyphs
     * (not a glyph at a time) */
    CU_ASSERT(shows >= labels);
    if (procs < 30 || fills < procs * 9 / 10 || spans < 1 || shows < labels)
        fprintf(stderr,
                "\n%d glyph procedures, %d fills, %d spans, %d runs shown, "
                "%d labels\n",
                procs, fills, spans, shows, labels);
    free(obj);
}

static const kz_test_case cases[] = {
    {"halos are Type 3 text of grown outlines, no image",
     test_vector_halos},
    KZ_TEST_END};

KZ_TEST_SUITE("halo_vector", cases);
