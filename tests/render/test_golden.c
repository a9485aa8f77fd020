/*
 * test_golden.c - golden images: each scene of golden_scene.c rendered and
 * compared with its reference in tests/golden/<name>.ref.png, kept in git
 * and never rewritten here (`make golden` does that, on purpose, when the
 * cartography changes).  The comparison is perceptual: CIE L*a*b* colour
 * difference per pixel, a pixel counting as changed when the difference is
 * plainly visible (delta E above 8), with a budget far smaller than the
 * pixels one label moved by one pixel changes.  On failure the picture and
 * a difference image are written beside the build.
 */
#include "kztest.h"

#include "golden_scene.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* visibly different: delta E 76 above this */
#define GOLDEN_DELTA_E 8.0
/* changed pixels allowed in a 360 x 360 picture */
#define GOLDEN_BUDGET 12

static double srgb_linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double lab_f(double t)
{
    return t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16) / 116;
}

/* A pixel of an ARGB32 image (premultiplied) over white, as CIE L*a*b*
 * (D65). */
static void pixel_lab(const unsigned char *p, double lab[3])
{
    double a = p[3] / 255.0, rgb[3], x, y, z;
    int c;
    /* cairo stores B, G, R, A in memory on little-endian machines */
    for (c = 0; c < 3; c++)
        rgb[c] = srgb_linear((p[2 - c] / 255.0) + (1 - a));
    x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    lab[0] = 116 * lab_f(y) - 16;
    lab[1] = 500 * (lab_f(x) - lab_f(y));
    lab[2] = 200 * (lab_f(y) - lab_f(z));
}

/* Pixels of a and b whose colours differ visibly; -1 when the sizes
 * differ.  *diff: the reference faded, changed pixels red. */
static long perceptual_diff(cairo_surface_t *a, cairo_surface_t *b,
                            cairo_surface_t **diff, double *worst)
{
    int w = cairo_image_surface_get_width(a),
        h = cairo_image_surface_get_height(a), x, y;
    long bad = 0;
    unsigned char *pa, *pb, *pd;
    int sa, sb, sd;

    *worst = 0;
    if (w != cairo_image_surface_get_width(b) ||
        h != cairo_image_surface_get_height(b))
        return -1;
    *diff = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    pa = cairo_image_surface_get_data(a);
    pb = cairo_image_surface_get_data(b);
    pd = cairo_image_surface_get_data(*diff);
    sa = cairo_image_surface_get_stride(a);
    sb = cairo_image_surface_get_stride(b);
    sd = cairo_image_surface_get_stride(*diff);
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            const unsigned char *qa = pa + y * sa + 4 * x,
                                *qb = pb + y * sb + 4 * x;
            unsigned char *qd = pd + y * sd + 4 * x;
            double la[3], lb[3], de;
            pixel_lab(qa, la);
            pixel_lab(qb, lb);
            de = sqrt((la[0] - lb[0]) * (la[0] - lb[0]) +
                      (la[1] - lb[1]) * (la[1] - lb[1]) +
                      (la[2] - lb[2]) * (la[2] - lb[2]));
            if (de > *worst)
                *worst = de;
            if (de > GOLDEN_DELTA_E) {
                bad++;
                qd[0] = 0;
                qd[1] = 0;
                qd[2] = 255;
            } else {
                qd[0] = (unsigned char)(qb[0] / 4 + 191);
                qd[1] = (unsigned char)(qb[1] / 4 + 191);
                qd[2] = (unsigned char)(qb[2] / 4 + 191);
            }
            qd[3] = 255;
        }
    cairo_surface_mark_dirty(*diff);
    return bad;
}

static void test_golden_scenes(void)
{
    size_t i;
    for (i = 0; kz_golden_scenes[i].name; i++) {
        const char *name = kz_golden_scenes[i].name;
        char refp[700], outp[700], diffp[700], src[600];
        cairo_surface_t *out, *ref, *diff = NULL;
        double worst;
        long bad;

        snprintf(src, sizeof(src), "%s", kz_test_src("."));
        snprintf(refp, sizeof(refp), "%s/tests/golden/%s.ref.png", src, name);
        snprintf(outp, sizeof(outp), "%s/%s.out.png", KZ_BINARY_DIR, name);
        snprintf(diffp, sizeof(diffp), "%s/%s.diff.png", KZ_BINARY_DIR,
                 name);
        out = kz_golden_render(i, kz_test_ctx, kz_test_tmpdir(), src);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        ref = cairo_image_surface_create_from_png(refp);
        if (cairo_surface_status(ref) != CAIRO_STATUS_SUCCESS)
            fprintf(stderr, "\nno reference %s: run `make golden`\n", refp);
        CU_ASSERT_EQUAL_FATAL(cairo_surface_status(ref),
                              CAIRO_STATUS_SUCCESS);
        bad = perceptual_diff(out, ref, &diff, &worst);
        if (bad < 0 || bad > GOLDEN_BUDGET) {
            cairo_surface_write_to_png(out, outp);
            if (diff)
                cairo_surface_write_to_png(diff, diffp);
            fprintf(stderr,
                    "\n%s: %ld pixels differ visibly (budget %d, worst "
                    "delta E %.1f): see %s, %s; if the change is meant, "
                    "`make golden` and commit the references\n",
                    name, bad, GOLDEN_BUDGET, worst, outp, diffp);
        }
        CU_ASSERT(bad >= 0 && bad <= GOLDEN_BUDGET);
        if (diff)
            cairo_surface_destroy(diff);
        cairo_surface_destroy(ref);
        cairo_surface_destroy(out);
    }
}

/* The metric itself: a picture equals itself, and the same picture with
 * one word moved by a single pixel is over budget. */
static void test_metric_sees_a_moved_word(void)
{
    cairo_surface_t *img[2], *diff = NULL;
    double worst;
    long bad;
    int k;
    for (k = 0; k < 2; k++) {
        cairo_t *cr;
        img[k] = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 60);
        cr = cairo_create(img[k]);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                               CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, 9);
        cairo_move_to(cr, 20 + k, 30);
        cairo_show_text(cr, "Şıxlı");
        cairo_destroy(cr);
    }
    CU_ASSERT_EQUAL(perceptual_diff(img[0], img[0], &diff, &worst), 0);
    cairo_surface_destroy(diff);
    bad = perceptual_diff(img[0], img[1], &diff, &worst);
    CU_ASSERT(bad > GOLDEN_BUDGET);
    cairo_surface_destroy(diff);
    cairo_surface_destroy(img[0]);
    cairo_surface_destroy(img[1]);
}

static const kz_test_case cases[] = {
    {"metric sees a moved word", test_metric_sees_a_moved_word},
    {"golden scenes", test_golden_scenes},
    KZ_TEST_END};

KZ_TEST_SUITE("render golden", cases);
