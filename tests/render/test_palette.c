/*
 * test_palette.c - the condition classes stay apart for readers without
 * colour: printed in greyscale, every pair of classes (unassessed
 * included) differs by at least 15 in CIE L*; seen by a protanope
 * (Machado, Oliveira and Fernandes 2009, severity 1, on linear sRGB),
 * every pair is at least 15 apart in CIELAB (delta E 1976); dry and
 * collapsed also differ by shape from the flowing classes.  The colour
 * science is written out here from the published formulas, apart from
 * the renderer.  The monochrome style tells every class apart by shape
 * and fill alone.  The map's own district or region is outlined in a
 * colour at least 20 delta E (1976) from the galleries and from the other
 * districts' boundaries, in both bundled styles.
 */
#include "kztest.h"

#include "map/map.h"

#include <math.h>
#include <stdio.h>

static const char *const names[KZ_COND_COUNT] = {
    "unassessed", "good", "fair", "poor", "dry", "collapsed"};

static double linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double lab_f(double t)
{
    return t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116;
}

/* CIELAB (D65) of linear sRGB r, g, b. */
static void lab(const double rgb[3], double out[3])
{
    double x = 0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2];
    double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    double z = 0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2];
    double fx = lab_f(x / 0.95047), fy = lab_f(y), fz = lab_f(z / 1.08883);
    out[0] = 116 * fy - 16;
    out[1] = 500 * (fx - fy);
    out[2] = 200 * (fy - fz);
}

/* Linear sRGB of a class colour, as seen with protanopia when prot. */
static void seen(const kz_rgb *c, int prot, double out[3])
{
    static const double m[3][3] = {{0.152286, 1.052583, -0.204868},
                                   {0.114503, 0.786281, 0.099216},
                                   {-0.003882, -0.048116, 1.051998}};
    double l[3] = {linear(c->r), linear(c->g), linear(c->b)};
    int i;
    for (i = 0; i < 3; i++) {
        out[i] = l[i];
        if (prot) {
            out[i] = m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2];
            out[i] = out[i] < 0 ? 0 : out[i] > 1 ? 1 : out[i];
        }
    }
}

static kz_style *load(const char *rel)
{
    kz_style *st = NULL;
    int rc = kz_style_load(&st, kz_test_ctx, kz_test_src(rel));
    if (rc < 0)
        fprintf(stderr, "\n%s\n", kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL(rc, KZ_OK);
    return st;
}

static void test_greyscale_and_protanopia(void)
{
    kz_style *st = load("styles/default.json");
    int i, j;

    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    for (i = 0; i < KZ_COND_COUNT; i++)
        for (j = i + 1; j < KZ_COND_COUNT; j++) {
            double a[3], b[3], la[3], lb[3], dl, de;
            seen(&st->cond[i].color, 0, a);
            seen(&st->cond[j].color, 0, b);
            lab(a, la);
            lab(b, lb);
            dl = fabs(la[0] - lb[0]);
            if (dl < 15)
                fprintf(stderr, "\ngreyscale: %s and %s %.1f L* apart",
                        names[i], names[j], dl);
            CU_ASSERT(dl >= 15);
            seen(&st->cond[i].color, 1, a);
            seen(&st->cond[j].color, 1, b);
            lab(a, la);
            lab(b, lb);
            de = sqrt((la[0] - lb[0]) * (la[0] - lb[0]) +
                      (la[1] - lb[1]) * (la[1] - lb[1]) +
                      (la[2] - lb[2]) * (la[2] - lb[2]));
            if (de < 15)
                fprintf(stderr, "\nprotanopia: %s and %s dE %.1f", names[i],
                        names[j], de);
            CU_ASSERT(de >= 15);
        }
    /* the second cue: dry and collapsed by shape too */
    CU_ASSERT_NOT_EQUAL(st->cond[KZ_COND_DRY].shape,
                        st->cond[KZ_COND_GOOD].shape);
    CU_ASSERT_NOT_EQUAL(st->cond[KZ_COND_COLLAPSED].shape,
                        st->cond[KZ_COND_GOOD].shape);
    CU_ASSERT_NOT_EQUAL(st->cond[KZ_COND_DRY].shape,
                        st->cond[KZ_COND_COLLAPSED].shape);
    CU_ASSERT_EQUAL(st->cond[KZ_COND_GOOD].shape,
                    st->cond[KZ_COND_FAIR].shape);
    kz_style_destroy(st);
}

static void test_mono_by_shape(void)
{
    kz_style *st = load("styles/a3-mono.json");
    int i, j;

    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    for (i = 0; i < KZ_COND_COUNT; i++)
        for (j = i + 1; j < KZ_COND_COUNT; j++)
            CU_ASSERT(st->cond[i].shape != st->cond[j].shape ||
                      st->cond[i].fill != st->cond[j].fill);
    kz_style_destroy(st);
}

static double delta_e(const kz_rgb *p, const kz_rgb *q)
{
    double a[3], b[3], la[3], lb[3];
    seen(p, 0, a);
    seen(q, 0, b);
    lab(a, la);
    lab(b, lb);
    return sqrt((la[0] - lb[0]) * (la[0] - lb[0]) +
                (la[1] - lb[1]) * (la[1] - lb[1]) +
                (la[2] - lb[2]) * (la[2] - lb[2]));
}

static void test_focus_boundary_apart(void)
{
    static const char *const styles[] = {"styles/default.json",
                                         "styles/a3-mono.json"};
    size_t i;

    for (i = 0; i < 2; i++) {
        kz_style *st = load(styles[i]);
        double g, d;
        CU_ASSERT_PTR_NOT_NULL_FATAL(st);
        g = delta_e(&st->highlight_border, &st->gallery);
        d = delta_e(&st->highlight_border, &st->district_border);
        if (g < 20 || d < 20)
            fprintf(stderr,
                    "\n%s: focus boundary dE %.1f from the gallery, %.1f "
                    "from the district boundaries",
                    styles[i], g, d);
        CU_ASSERT(g >= 20);
        CU_ASSERT(d >= 20);
        kz_style_destroy(st);
    }
}

static const kz_test_case cases[] = {
    {"condition classes apart in greyscale and for protanopes",
     test_greyscale_and_protanopia},
    {"monochrome classes apart by shape and fill", test_mono_by_shape},
    {"focus boundary apart from galleries and boundaries",
     test_focus_boundary_apart},
    KZ_TEST_END};

KZ_TEST_SUITE("palette", cases);
