/*
 * test_outputs.c - the raster and SVG map files as a user opens them:
 * PNG size from the page size and --dpi (A4 worked out by hand), a real
 * picture in it; the SVG well-formed (Python's XML parser), A4 in points,
 * with its text as glyphs, and drawn by another renderer (librsvg's
 * rsvg-convert) it shows the same picture as the PNG.
 */
#include "kztest.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Mean absolute difference per channel of two RGB images of the same size
 * over white; -1 when the sizes differ. */
static double mean_diff(cairo_surface_t *a, cairo_surface_t *b)
{
    int w = cairo_image_surface_get_width(a),
        h = cairo_image_surface_get_height(a), x, y, c;
    const unsigned char *pa, *pb;
    int sa, sb;
    double sum = 0;
    if (w != cairo_image_surface_get_width(b) ||
        h != cairo_image_surface_get_height(b) || w == 0 || h == 0)
        return -1;
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    pa = cairo_image_surface_get_data(a);
    pb = cairo_image_surface_get_data(b);
    sa = cairo_image_surface_get_stride(a);
    sb = cairo_image_surface_get_stride(b);
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++)
            for (c = 0; c < 3; c++) {
                /* premultiplied over white */
                int va = pa[y * sa + 4 * x + c] + 255 - pa[y * sa + 4 * x + 3];
                int vb = pb[y * sb + 4 * x + c] + 255 - pb[y * sb + 4 * x + 3];
                sum += abs(va - vb);
            }
    return sum / (3.0 * w * h);
}

/* A white image of the same size. */
static cairo_surface_t *blank_like(cairo_surface_t *a)
{
    cairo_surface_t *s = cairo_image_surface_create(
        CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(a),
        cairo_image_surface_get_height(a));
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_destroy(cr);
    return s;
}

/* Ordubad's map into path, with extra options; it must succeed. */
static void map_to(const char *path, const char *extra)
{
    char args[1400];
    snprintf(args, sizeof(args), "map -q --district AZ-ORD %s -o '%s'", extra,
             path);
    kz_test_cli_ok(args);
}

static void test_png_size_and_picture(void)
{
    /* A4 is 595.276 x 841.890 pt: at 40 dpi 330.7 x 467.7 px, at the
     * default 150 dpi 1240.2 x 1753.9 px, rounded */
    static const struct {
        const char *opt;
        int w, h;
    } cases[] = {{"--dpi 40", 331, 468}, {"", 1240, 1754}};
    size_t i;
    for (i = 0; i < 2; i++) {
        char path[700];
        cairo_surface_t *png, *white;
        snprintf(path, sizeof(path), "%s/ord-%zu.png", kz_test_tmpdir(), i);
        map_to(path, cases[i].opt);
        png = cairo_image_surface_create_from_png(path);
        CU_ASSERT_EQUAL_FATAL(cairo_surface_status(png),
                              CAIRO_STATUS_SUCCESS);
        CU_ASSERT_EQUAL(cairo_image_surface_get_width(png), cases[i].w);
        CU_ASSERT_EQUAL(cairo_image_surface_get_height(png), cases[i].h);
        /* a map, not an empty page: far from white on average */
        white = blank_like(png);
        CU_ASSERT(mean_diff(png, white) > 12);
        cairo_surface_destroy(white);
        cairo_surface_destroy(png);
    }
}

static void test_svg_same_picture(void)
{
    char svg[700], png[700], ras[700], cmd[2400], script[700], *out;
    cairo_surface_t *a, *b, *white;
    double d;

    snprintf(svg, sizeof(svg), "%s/ord.svg", kz_test_tmpdir());
    snprintf(png, sizeof(png), "%s/ord-40.png", kz_test_tmpdir());
    snprintf(ras, sizeof(ras), "%s/ord-svg-40.png", kz_test_tmpdir());
    map_to(svg, "");
    map_to(png, "--dpi 40");

    /* well-formed, A4 in points, text drawn as glyphs: Python's parser */
    snprintf(script, sizeof(script),
             "import sys, xml.etree.ElementTree as E\n"
             "r = E.parse(sys.argv[1]).getroot()\n"
             "n = '{http://www.w3.org/2000/svg}'\n"
             "x = '{http://www.w3.org/1999/xlink}href'\n"
             "u = [e for e in r.iter(n + 'use')"
             " if e.get(x, '').startswith('#glyph')]\n"
             "g = [e for e in r.iter(n + 'symbol')"
             " if e.get('id', '').startswith('glyph')]\n"
             "print(r.get('width'), r.get('height'), len(g) > 40,"
             " len(u) > 500)\n");
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 -c \"$(cat <<'PY'\n%sPY\n)\" '%s'",
             script, svg);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "595.27559pt 841.889764pt True True\n");
    free(out);

    /* drawn by librsvg at 40 dpi: the PNG's size and its picture */
    if (!kz_test_need(system("command -v rsvg-convert >/dev/null") == 0,
                      "rsvg-convert not installed (librsvg2-bin): run "
                      "scripts/install-deps"))
        return;
    snprintf(cmd, sizeof(cmd),
             "rsvg-convert -d 40 -p 40 -b white '%s' -o '%s' && echo ok", svg,
             ras);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    free(out);
    a = cairo_image_surface_create_from_png(png);
    b = cairo_image_surface_create_from_png(ras);
    CU_ASSERT_EQUAL_FATAL(cairo_surface_status(a), CAIRO_STATUS_SUCCESS);
    CU_ASSERT_EQUAL_FATAL(cairo_surface_status(b), CAIRO_STATUS_SUCCESS);
    white = blank_like(a);
    /* renderers antialias differently (about 4.6 per channel here); an
     * empty or different map is several times that (about 19 for white) */
    d = mean_diff(a, b);
    if (d < 0 || d > 8)
        fprintf(stderr, "\nSVG and PNG differ by %.1f per channel\n", d);
    CU_ASSERT(d >= 0 && d <= 8);
    CU_ASSERT(mean_diff(b, white) > 12);
    cairo_surface_destroy(white);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
}

static const kz_test_case cases[] = {
    {"png size and picture", test_png_size_and_picture},
    {"svg same picture", test_svg_same_picture},
    KZ_TEST_END};

KZ_TEST_SUITE("render outputs", cases);
