/*
 * test_halo_raster.c - a style asking for raster label halos
 * (labels.halo_raster_dpi) gets one 1-bit image mask per map frame in
 * the PDF, at that resolution, while the labels stay text; the default
 * style (0) gets none.  Read back with qpdf (the mask's /Width and
 * /Height, the frame's /VP /BBox) and pdftotext.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A copy of the bundled style with halo_raster_dpi set to dpi. */
static const char *style_with_dpi(int dpi)
{
    static char path[1024];
    char *text = kz_test_slurp(kz_test_src("styles/default.json"), NULL), *p;
    FILE *fp;
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    p = strstr(text, "\"halo_raster_dpi\": 0");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    snprintf(path, sizeof(path), "%s/halo-%d.json", kz_test_tmpdir(), dpi);
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fprintf(fp, "%.*s\"halo_raster_dpi\": %d%s", (int)(p - text), text, dpi,
            p + strlen("\"halo_raster_dpi\": 0"));
    fclose(fp);
    free(text);
    return path;
}

/* The first number after key in s, or -1. */
static double after(const char *s, const char *key)
{
    const char *p = s ? strstr(s, key) : NULL;
    double v;
    return p && sscanf(p + strlen(key), " %lf", &v) == 1 ? v : -1;
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (; s && (s = strstr(s, what)); s++)
        n++;
    return n;
}

static void test_raster_halo_mask(void)
{
    char pdf[1024], args[3000], cmd[2200], *obj, *text, *m, *b;
    double w, h, x0, y0, x1, y1;
    snprintf(pdf, sizeof(pdf), "%s/halo-raster.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args),
             "map -q --district AZ-ORD --style '%s' -o '%s'",
             style_with_dpi(300), pdf);
    kz_test_cli_ok(args);
    obj = kz_test_pdf_objects(pdf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
    CU_ASSERT_EQUAL(count(obj, "/ImageMask true"), 1);
    m = strstr(obj, "/ImageMask true");
    /* the mask's dictionary: back to its "<<", then its size */
    while (m && m > obj && strncmp(m, "<<", 2) != 0)
        m--;
    w = after(m, "/Width");
    h = after(m, "/Height");
    b = strstr(obj, "/BBox [");
    CU_ASSERT_FATAL(b != NULL && sscanf(b + 7, " %lf %lf %lf %lf", &x0, &y0,
                                        &x1, &y1) == 4);
    /* at 300 dpi the mask covers at least the frame and at most the A4
     * page (595.28 × 841.89 pt): 72 pt an inch */
    if (!(w * 72 / 300 >= x1 - x0 - 1 && w * 72 / 300 <= 595.28 + 1 &&
          h * 72 / 300 >= y1 - y0 - 1 && h * 72 / 300 <= 841.89 + 1))
        fprintf(stderr, "\n  mask %.0f x %.0f px, frame %.1f x %.1f pt\n", w,
                h, x1 - x0, y1 - y0);
    CU_ASSERT(w * 72 / 300 >= x1 - x0 - 1 && w * 72 / 300 <= 595.28 + 1);
    CU_ASSERT(h * 72 / 300 >= y1 - y0 - 1 && h * 72 / 300 <= 841.89 + 1);
    free(obj);
    /* the labels are still text */
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' -", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Ordubad"));
    free(text);
    /* the default style draws vector halos: no mask at all */
    snprintf(pdf, sizeof(pdf), "%s/halo-vector.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args),
             "map -q --district AZ-ORD --style '%s' -o '%s'",
             style_with_dpi(0), pdf);
    kz_test_cli_ok(args);
    obj = kz_test_pdf_objects(pdf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
    CU_ASSERT_EQUAL(count(obj, "/ImageMask true"), 0);
    free(obj);
}

static const kz_test_case cases[] = {
    {"raster halo mask", test_raster_halo_mask},
    KZ_TEST_END};

KZ_TEST_SUITE("halo raster", cases);
