/*
 * draw.c - text and tables on atlas pages.  Text goes through the map
 * renderer's pango layouts (one font family, 72 units per inch, no hinting
 * of metrics), so that what the plan measured is what the page draws.
 */
#include "atlas/atlas.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *kz__atlas_t(const atlas_doc *doc, const char *key,
                        const char *lang)
{
    const char *s = kz_style_text(doc->st, key, lang);
    return s ? s : "";
}

void kz__atlas_bi(const atlas_doc *doc, char *buf, size_t cap,
                  const char *key)
{
    long second;
    kz__text_catalog(buf, cap, &second, doc->st, key, 0);
}

static PangoLayout *layout(atlas_ctx *ac, const char *s, double size,
                           int bold, int italic, double width, int align)
{
    PangoLayout *l = kz__text_layout(&ac->txt, s, size, bold, italic, -1, 0);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l, align == 1   ? PANGO_ALIGN_CENTER
                                      : align == 2 ? PANGO_ALIGN_RIGHT
                                                   : PANGO_ALIGN_LEFT);
    }
    return l;
}

double kz__atlas_text(atlas_ctx *ac, const char *s, double size, int bold,
                      int italic, double x, double y, double width,
                      int align, const kz_rgb *color)
{
    PangoLayout *l;
    double w, h;
    if (!s || !*s)
        return 0;
    l = layout(ac, s, size, bold, italic, width, align);
    kz__text_size(l, &w, &h);
    kz__glyphs_add(ac->gl, ac->cr, l, x, y,
                   color ? color : &ac->doc->st->text);
    g_object_unref(l);
    return h;
}

void kz__atlas_measure(atlas_ctx *ac, const char *s, double size, int bold,
                       double width, double *w, double *h)
{
    PangoLayout *l;
    *w = *h = 0;
    if (!s || !*s)
        return;
    l = layout(ac, s, size, bold, 0, width, 0);
    kz__text_size(l, w, h);
    g_object_unref(l);
}

void kz__atlas_num(char *buf, size_t cap, double v, int decimals,
                   const char *lang)
{
    if (!isfinite(v))
        kz__text_printf(buf, cap, "–");
    else
        kz_format_number(buf, cap, v, decimals, lang);
}

void kz__atlas_class(const atlas_doc *doc, char *buf, size_t cap,
                     const char *prefix, const char *name, int two_lines)
{
    char key[64];
    long second;
    kz__text_printf(key, sizeof(key), "%s.%s", prefix, name && *name ? name
                                                              : "unknown");
    kz__text_catalog(buf, cap, &second, doc->st, key, two_lines);
}

void kz__atlas_table_metrics(atlas_table *t, double size)
{
    t->size = size;
    t->row_h = size * ATLAS_LINE * 2 + size * 0.7;
    /* a header's two languages may each take two lines: a heading wraps
     * before its unit rather than losing it */
    t->head_h = size * ATLAS_LINE * 4 + size * 1.2;
}

/* One cell: "az\nen" as two lines, the second in italics and grey. */
static void cell(atlas_ctx *ac, const atlas_table *t, const char *s,
                 double x, double y, double w, int align, int bold)
{
    const kz_style *st = ac->doc->st;
    static const kz_rgb grey = {0.38, 0.38, 0.38};
    const char *nl = strchr(s, '\n');
    char first[512];
    double pad = t->size * 0.35, lh = t->size * ATLAS_LINE, size = t->size;
    PangoLayout *l;

    if (nl) {
        kz__text_printf(first, sizeof(first), "%.*s", (int)(nl - s), s);
    } else {
        kz__text_printf(first, sizeof(first), "%s", s);
    }
    /* no clip: each line is cut to the column with an ellipsis, and the
     * text is shown with the rest of the page's (kz__glyphs_add) */
    if (bold) {
        /* a header is never cut: it shrinks to fit its column */
        double fw, fh, sw, sh;
        kz__atlas_measure(ac, first, t->size, 1, 0, &fw, &fh);
        kz__atlas_measure(ac, nl && nl[1] ? nl + 1 : "", t->size, 1, 0, &sw,
                          &sh);
        fw = fmax(fw, sw * 1.05);
        if (fw > w - 2 * pad)
            size = fmax(t->size * 0.7, t->size * (w - 2 * pad) / fw);
    }
    l = layout(ac, first, size, bold, 0, w - 2 * pad, align);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(l, -1); /* one line */
    kz__glyphs_add(ac->gl, ac->cr, l, x + pad, y + pad * 0.8, &st->text);
    g_object_unref(l);
    if (nl && nl[1]) {
        l = layout(ac, nl + 1, size, bold, st->second_italic,
                   w - 2 * pad, align);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(l, -1);
        kz__glyphs_add(ac->gl, ac->cr, l, x + pad, y + pad * 0.8 + lh,
                       &grey);
        g_object_unref(l);
    }
}

/* Lines of s wrapped to width at size, and whether a word overflows. */
static int wrapped_lines(atlas_ctx *ac, const char *s, double size,
                         double width, int *overflow)
{
    PangoLayout *l = layout(ac, s, size, 1, 0, width, 0);
    PangoRectangle ink, log;
    int n;
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    n = pango_layout_get_line_count(l);
    pango_layout_get_extents(l, &ink, &log);
    *overflow = log.width > (int)(width * PANGO_SCALE) + PANGO_SCALE / 4;
    g_object_unref(l);
    return n;
}

/* A header cell: "az\nen", each language wrapped to at most two lines at
 * word boundaries (never cut); the size goes down, to 70 %, only while a
 * word is wider than the column or a language needs a third line. */
static void head_cell(atlas_ctx *ac, const atlas_table *t, const char *s,
                      double x, double y, double w, int align)
{
    const kz_style *st = ac->doc->st;
    static const kz_rgb grey = {0.38, 0.38, 0.38};
    const char *nl = strchr(s, '\n');
    char part[2][512];
    double pad = t->size * 0.35, size = t->size, yy = y + pad * 0.8;
    int i, n[2] = {0, 0};

    kz__text_printf(part[0], sizeof(part[0]), "%.*s",
                    (int)(nl ? (size_t)(nl - s) : strlen(s)), s);
    kz__text_printf(part[1], sizeof(part[1]), "%s", nl ? nl + 1 : "");
    for (; size >= t->size * 0.7; size -= t->size * 0.05) {
        int ok = 1;
        for (i = 0; i < 2; i++) {
            int over = 0;
            n[i] = part[i][0] ? wrapped_lines(ac, part[i], size, w - 2 * pad,
                                              &over)
                              : 0;
            ok &= n[i] <= 2 && !over;
        }
        if (ok)
            break;
    }
    if (size < t->size * 0.7)
        size = t->size * 0.7;
    for (i = 0; i < 2; i++) {
        PangoLayout *l;
        double tw, th;
        if (!part[i][0])
            continue;
        l = layout(ac, part[i], size, 1, i == 1 && st->second_italic,
                   w - 2 * pad, align);
        /* a word wider than the column (past the smallest size) breaks
         * between characters rather than running into the next */
        kz__text_size(l, &tw, &th);
        kz__glyphs_add(ac->gl, ac->cr, l, x + pad, yy,
                       i == 0 ? &st->text : &grey);
        yy += th;
        g_object_unref(l);
    }
}

void kz__atlas_table_header(atlas_ctx *ac, const atlas_table *t, double x,
                            double y, double w, const char *const *cells)
{
    cairo_t *cr = ac->cr;
    double cx = x;
    size_t i;

    cairo_rectangle(cr, x, y, w, t->head_h);
    cairo_set_source_rgb(cr, 0.90, 0.88, 0.84);
    cairo_fill(cr);
    for (i = 0; i < t->n_cols; i++) {
        double cw = w * t->widths[i];
        head_cell(ac, t, cells[i], cx, y + t->size * 0.2, cw, t->align[i]);
        cx += cw;
    }
    cairo_move_to(cr, x, y + t->head_h);
    cairo_line_to(cr, x + w, y + t->head_h);
    cairo_set_line_width(cr, 0.6);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_stroke(cr);
}

void kz__atlas_table_row(atlas_ctx *ac, const atlas_table *t, double x,
                         double y, double w, const char *const *cells,
                         int shade, int bold)
{
    cairo_t *cr = ac->cr;
    double cx = x;
    size_t i;

    if (shade) {
        cairo_rectangle(cr, x, y, w, t->row_h);
        cairo_set_source_rgb(cr, 0.965, 0.957, 0.94);
        cairo_fill(cr);
    }
    for (i = 0; i < t->n_cols; i++) {
        double cw = w * t->widths[i];
        cell(ac, t, cells[i], cx, y, cw, t->align[i], bold);
        cx += cw;
    }
    if (bold) {
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x + w, y);
        cairo_set_line_width(cr, 0.5);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_stroke(cr);
    }
}
