/*
 * test_press_neutral.c - neutral greys print with black ink alone in the
 * printer's file, whatever carries them.  A page drawn here with cairo
 * holds nothing but greys, each in a band of its own: a hairline, a
 * fill, a translucent fill, linear gradients of two and of three stops
 * (as the legend's relief key draws them), a radial gradient, greys in a
 * transparency group and a grey image.  It is made into the printer's
 * file (kz__pdf_press, FOGRA39) and read back by Ghostscript's
 * separations (tests/finish/ink_plates.py): the cyan, magenta and yellow
 * plates carry no ink, the black one does.
 */
#include "kztest.h"

#include "finish/finish.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PYTHON "/usr/bin/python3"
#define W 200.0
#define H 300.0

static const char *icc(void)
{
    static char path[1024];
    const char *dir = getenv("KZ_ICC_DIR");
    snprintf(path, sizeof(path), "%s/FOGRA39.icc",
             dir && *dir ? dir : KZ_BINARY_DIR "/icc");
    return path;
}

static cairo_status_t to_file(void *fp, const unsigned char *data,
                              unsigned int len)
{
    return fwrite(data, 1, len, fp) == len ? CAIRO_STATUS_SUCCESS
                                           : CAIRO_STATUS_WRITE_ERROR;
}

/* A gradient of greys over the band at y. */
static void gradient(cairo_t *cr, cairo_pattern_t *p, double y)
{
    cairo_rectangle(cr, 10, y, W - 20, 20);
    cairo_set_source(cr, p);
    cairo_fill(cr);
    cairo_pattern_destroy(p);
}

static void draw_greys(cairo_t *cr)
{
    cairo_pattern_t *p;
    cairo_surface_t *img;
    unsigned char *px;
    int x, y, stride;

    /* a hairline and a fill */
    cairo_move_to(cr, 10, 15);
    cairo_line_to(cr, W - 10, 15);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.25);
    cairo_stroke(cr);
    cairo_rectangle(cr, 10, 25, W - 20, 20);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_fill(cr);
    /* a translucent fill */
    cairo_rectangle(cr, 10, 55, W - 20, 20);
    cairo_set_source_rgba(cr, 0.2, 0.2, 0.2, 0.5);
    cairo_fill(cr);
    /* linear gradients: two stops, three stops */
    p = cairo_pattern_create_linear(10, 0, W - 10, 0);
    cairo_pattern_add_color_stop_rgb(p, 0, 0.5, 0.5, 0.5);
    cairo_pattern_add_color_stop_rgb(p, 1, 1, 1, 1);
    gradient(cr, p, 85);
    p = cairo_pattern_create_linear(10, 0, W - 10, 0);
    cairo_pattern_add_color_stop_rgb(p, 0, 0.1, 0.1, 0.1);
    cairo_pattern_add_color_stop_rgb(p, 0.5, 0.7, 0.7, 0.7);
    cairo_pattern_add_color_stop_rgb(p, 1, 0.4, 0.4, 0.4);
    gradient(cr, p, 115);
    /* a radial gradient */
    p = cairo_pattern_create_radial(W / 2, 155, 2, W / 2, 155, 40);
    cairo_pattern_add_color_stop_rgb(p, 0, 0.25, 0.25, 0.25);
    cairo_pattern_add_color_stop_rgb(p, 1, 0.9, 0.9, 0.9);
    gradient(cr, p, 145);
    /* greys in a transparency group painted at half opacity */
    cairo_push_group(cr);
    cairo_rectangle(cr, 10, 175, W - 20, 20);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_fill(cr);
    cairo_pop_group_to_source(cr);
    cairo_paint_with_alpha(cr, 0.5);
    /* a grey image */
    img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 32, 8);
    cairo_surface_flush(img);
    px = cairo_image_surface_get_data(img);
    stride = cairo_image_surface_get_stride(img);
    for (y = 0; y < 8; y++)
        for (x = 0; x < 32; x++) {
            unsigned v = (unsigned)(40 + x * 6);
            *(uint32_t *)(px + y * stride + x * 4) = v << 16 | v << 8 | v;
        }
    cairo_surface_mark_dirty(img);
    cairo_save(cr);
    cairo_translate(cr, 10, 205);
    cairo_scale(cr, (W - 20) / 32, 20.0 / 8);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
}

static void test_greys_in_black_alone(void)
{
    kz_press_options opts = KZ_PRESS_OPTIONS_INIT;
    char path[700], cmd[2000], *out, *line;
    cairo_surface_t *s;
    cairo_t *cr;
    kz_outfile o;
    long n, max;

    CU_ASSERT_FATAL(kz_test_need(system("gs --version >/dev/null 2>&1") == 0,
                                 "Ghostscript (gs)"));
    snprintf(path, sizeof(path), "%s/greys.pdf", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(
        kz__outfile_open(&o, kz_test_ctx, path, KZ_EEXPORT), KZ_OK);
    s = cairo_pdf_surface_create_for_stream(to_file, o.fp, W, H);
    cr = cairo_create(s);
    draw_greys(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    CU_ASSERT_EQUAL_FATAL(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    opts.profile = icc();
    opts.condition = "FOGRA39";
    CU_ASSERT_EQUAL_FATAL(kz__pdf_press(kz_test_ctx, &o, W, H, &opts,
                                        1700000000, "greys"),
                          KZ_OK);
    CU_ASSERT_EQUAL_FATAL(kz__outfile_commit(&o, kz_test_ctx), KZ_OK);

    snprintf(cmd, sizeof(cmd), PYTHON " '%s' '%s' 1 144",
             kz_test_src("tests/finish/ink_plates.py"), path);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    for (line = out; line && *line; line = strchr(line, '\n'),
        line = line ? line + 1 : NULL) {
        char ink[16];
        if (sscanf(line, "%15s %ld %ld", ink, &n, &max) != 3)
            continue;
        if (strcmp(ink, "Black") == 0) {
            CU_ASSERT(n > 1000);
        } else if (n != 0) {
            fprintf(stderr, "\n  %.*s", (int)strcspn(line, "\n"), line);
            CU_FAIL("a grey in process ink");
        }
    }
    free(out);
}

static const kz_test_case cases[] = {
    {"greys in black ink alone, read back by separations",
     test_greys_in_black_alone},
    KZ_TEST_END};

KZ_TEST_SUITE("press neutral", cases);
