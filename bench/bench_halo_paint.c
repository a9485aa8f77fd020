/*
 * bench_halo_paint.c - what one vector label halo costs cairo's PDF writer.
 *
 * lib/label/halo.c strokes each distinct glyph's outline once into a small
 * recording surface and paints it under every occurrence of the glyph
 * (cairo_set_source_surface + cairo_paint): the PDF holds one form per
 * glyph.  A dense district page paints ~1,900 of them.  This program paints
 * one glyph's halo N times onto a PDF page and times the drawing calls and
 * cairo_show_page (where cairo 1.16 analyses and writes the page), for the
 * recording holding the stroked outline (as halo.c does) or the same
 * outline filled, and for a new source pattern per paint (as halo.c) or one
 * pattern whose matrix moves.  The PDF goes to a sink: only cairo's work is
 * timed.  A benchmark, not a test.
 *
 *     build/bench/bench_halo_paint [N] [--runs R]     (default 2000, 5)
 */
#include <cairo-pdf.h>
#include <cairo.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static cairo_status_t sink(void *closure, const unsigned char *data,
                           unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

/* The halo of "g" at 6.5 pt, 0.35 mm wide: stroked (round joins) or the
 * outline filled.  Caller destroys. */
static cairo_surface_t *glyph_halo(int stroke)
{
    cairo_rectangle_t r = {-3, -10, 12, 14};
    cairo_surface_t *rec =
        cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
    cairo_t *cr = cairo_create(rec);

    cairo_select_font_face(cr, "Noto Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 6.5);
    cairo_move_to(cr, 0, 0);
    cairo_text_path(cr, "g");
    cairo_set_source_rgb(cr, 1, 1, 1);
    if (stroke) {
        cairo_set_line_width(cr, 2 * 0.35 * 72 / 25.4);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
    cairo_destroy(cr);
    return rec;
}

/* Paint the halo n times; *draw_ms and *page_ms receive the times of the
 * paints and of cairo_show_page. */
static int run(int stroke, int one_pattern, int n, double *draw_ms,
               double *page_ms)
{
    cairo_surface_t *rec = glyph_halo(stroke);
    cairo_surface_t *pdf =
        cairo_pdf_surface_create_for_stream(sink, NULL, 595, 842);
    cairo_t *cr = cairo_create(pdf);
    cairo_pattern_t *pat = cairo_pattern_create_for_surface(rec);
    double t0, t1, t2;
    int i, ok;

    t0 = bench_now_ms();
    for (i = 0; i < n; i++) {
        double x = 20 + (i % 50) * 11, y = 20 + (i / 50 % 50) * 15;
        if (one_pattern) {
            cairo_matrix_t m;
            cairo_matrix_init_translate(&m, -x, -y);
            cairo_pattern_set_matrix(pat, &m);
            cairo_set_source(cr, pat);
        } else {
            cairo_set_source_surface(cr, rec, x, y);
        }
        cairo_paint(cr);
    }
    t1 = bench_now_ms();
    cairo_show_page(cr);
    t2 = bench_now_ms();
    ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    cairo_pattern_destroy(pat);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    ok = ok && cairo_surface_status(pdf) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(pdf);
    cairo_surface_destroy(rec);
    *draw_ms = t1 - t0;
    *page_ms = t2 - t1;
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    static const struct {
        int stroke, one_pattern;
        const char *what;
    } modes[] = {
        {1, 0, "stroked outline, a pattern per paint (halo.c)"},
        {1, 1, "stroked outline, one pattern"},
        {0, 0, "filled outline, a pattern per paint"},
        {0, 1, "filled outline, one pattern"},
    };
    int n = 2000, runs = 5, i, m, r;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else
            n = atoi(argv[i]);
    }
    if (n < 1 || runs < 1 || runs > 99) {
        fprintf(stderr, "usage: bench_halo_paint [N] [--runs R]\n");
        return 2;
    }
    printf("%d paints of one glyph's halo onto a PDF page, median of %d "
           "runs, ms\n\n",
           n, runs);
    printf("| halo recording | paints | show_page | per paint (us) |\n");
    printf("|---|---:|---:|---:|\n");
    for (m = 0; m < (int)(sizeof(modes) / sizeof(modes[0])); m++) {
        double draw[99], page[99];
        for (r = 0; r < runs; r++)
            if (run(modes[m].stroke, modes[m].one_pattern, n, &draw[r],
                    &page[r]) < 0) {
                fprintf(stderr, "bench_halo_paint: cairo failed\n");
                return 1;
            }
        qsort(draw, (size_t)runs, sizeof(double), bench_cmp_double);
        qsort(page, (size_t)runs, sizeof(double), bench_cmp_double);
        printf("| %s | %.1f | %.1f | %.1f |\n", modes[m].what,
               draw[runs / 2], page[runs / 2],
               1000 * (draw[runs / 2] + page[runs / 2]) / n);
    }
    return 0;
}
