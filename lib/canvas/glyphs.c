/*
 * glyphs.c - text gathered from many pango layouts and shown at once.
 *
 * A table page holds hundreds of short cells.  Drawn one layout at a time,
 * each cell is a separate text operation for cairo to record, replay and
 * write (colour, font, BT/ET), and the PDF writer, which runs on one
 * thread, spends most of a table page on that bookkeeping.  Here the runs
 * of every queued layout are collected per font and colour, with their
 * text and clusters (so that the PDF still carries the real text, also for
 * ligatures and ellipses), and shown with one cairo_show_text_glyphs per
 * font and colour when the page flushes.  A layout that cannot be queued
 * faithfully (right-to-left runs, missing glyphs, underlined or
 * backgrounded spans, a rotated or scaled matrix) is drawn at once
 * instead; spans in another colour go to that colour's batch.
 */
#include "canvas/canvas.h"

#include <string.h>

typedef struct bucket {
    cairo_scaled_font_t *font;
    kz_rgb color;
    cairo_glyph_t *g;
    size_t ng, cap_g;
    char *s;
    size_t ns, cap_s;
    cairo_text_cluster_t *cl;
    size_t ncl, cap_cl;
    size_t pend_g, pend_s, pend_cl; /* reserved for the layout being added */
} bucket;

struct kz_glyphs {
    kz_ctx *ctx;
    bucket *b;
    size_t nb, cap_b;
};

int kz__glyphs_create(kz_glyphs **out, kz_ctx *ctx)
{
    kz_glyphs *gl = kz__calloc(ctx, 1, sizeof(*gl));
    *out = gl;
    if (!gl)
        return KZ_ENOMEM;
    gl->ctx = ctx;
    return KZ_OK;
}

void kz__glyphs_destroy(kz_glyphs *gl)
{
    size_t i;
    if (!gl)
        return;
    for (i = 0; i < gl->cap_b; i++) {
        if (gl->b[i].font)
            cairo_scaled_font_destroy(gl->b[i].font);
        kz__free(gl->ctx, gl->b[i].g);
        kz__free(gl->ctx, gl->b[i].s);
        kz__free(gl->ctx, gl->b[i].cl);
    }
    kz__free(gl->ctx, gl->b);
    kz__free(gl->ctx, gl);
}

/* The colour of a run: its foreground attribute, else dflt; 0 when it
 * carries any other drawing attribute (underline, background...), which
 * only pango's renderer draws. */
static int run_color(const PangoLayoutRun *run, const kz_rgb *dflt,
                     kz_rgb *out)
{
    GSList *a;

    *out = *dflt;
    for (a = run->item->analysis.extra_attrs; a; a = a->next) {
        const PangoAttribute *at = a->data;
        const PangoColor *c;
        if (at->klass->type != PANGO_ATTR_FOREGROUND)
            return 0;
        c = &((const PangoAttrColor *)at)->color;
        out->r = c->red / 65535.0;
        out->g = c->green / 65535.0;
        out->b = c->blue / 65535.0;
    }
    return 1;
}

static bucket *find_bucket(kz_glyphs *gl, cairo_scaled_font_t *font,
                           const kz_rgb *color)
{
    size_t i;
    for (i = 0; i < gl->nb; i++)
        if (gl->b[i].font == font && gl->b[i].color.r == color->r &&
            gl->b[i].color.g == color->g && gl->b[i].color.b == color->b)
            return &gl->b[i];
    if (gl->nb == gl->cap_b) {
        size_t old = gl->cap_b;
        if (kz__grow(gl->ctx, (void **)&gl->b, &gl->cap_b, gl->nb + 1,
                     sizeof(bucket)) < 0)
            return NULL;
        memset(gl->b + old, 0, (gl->cap_b - old) * sizeof(bucket));
    }
    gl->b[gl->nb].font = cairo_scaled_font_reference(font);
    gl->b[gl->nb].color = *color;
    gl->b[gl->nb].ng = gl->b[gl->nb].ns = gl->b[gl->nb].ncl = 0;
    gl->b[gl->nb].pend_g = gl->b[gl->nb].pend_s = gl->b[gl->nb].pend_cl = 0;
    return &gl->b[gl->nb++];
}

/* Append one run (room reserved): its glyphs at (x, y) + run offsets, its
 * text and the clusters joining them (log_clusters are byte offsets into
 * the item's text). */
static void add_run(bucket *b, const char *text, const PangoGlyphItem *run,
                    double x, double y)
{
    const PangoGlyphString *gs = run->glyphs;
    const char *t = text + run->item->offset;
    int len = run->item->length, i = 0, x_acc = 0;

    memcpy(b->s + b->ns, t, (size_t)len);
    b->ns += (size_t)len;
    while (i < gs->num_glyphs) {
        int start = i == 0 ? 0 : gs->log_clusters[i], j = i, n = 0, next;
        for (; j < gs->num_glyphs &&
               (j == i || gs->log_clusters[j] == gs->log_clusters[i]);
             j++) {
            const PangoGlyphInfo *gi = &gs->glyphs[j];
            if (gi->glyph != PANGO_GLYPH_EMPTY) {
                cairo_glyph_t *cg = &b->g[b->ng++];
                cg->index = gi->glyph;
                cg->x = x + (double)(x_acc + gi->geometry.x_offset) /
                                PANGO_SCALE;
                cg->y = y + (double)gi->geometry.y_offset / PANGO_SCALE;
                n++;
            }
            x_acc += gi->geometry.width;
        }
        next = j < gs->num_glyphs ? gs->log_clusters[j] : len;
        if (next > start || n > 0) {
            b->cl[b->ncl].num_bytes = next - start;
            b->cl[b->ncl].num_glyphs = n;
            b->ncl++;
        }
        i = j;
    }
    if (gs->num_glyphs == 0 && len > 0) {
        b->cl[b->ncl].num_bytes = len;
        b->cl[b->ncl].num_glyphs = 0;
        b->ncl++;
    }
}

/* Whether a run can be shown from its glyphs as they are: left to right,
 * in a font cairo has, every glyph found, no drawing attribute but a
 * colour (which then goes to *c, else color). */
static int queueable(const PangoLayoutRun *run, const kz_rgb *color,
                     kz_rgb *c)
{
    int i;

    if ((run->item->analysis.level & 1) || !run_color(run, color, c) ||
        !run->item->analysis.font ||
        !pango_cairo_font_get_scaled_font(
            (PangoCairoFont *)run->item->analysis.font))
        return 0;
    for (i = 0; i < run->glyphs->num_glyphs; i++)
        if (run->glyphs->glyphs[i].glyph != PANGO_GLYPH_EMPTY &&
            (run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
            return 0;
    return 1;
}

/* Room in the buckets for every run of l, so that adding cannot fail
 * half-way.  Returns 1 when there is, 0 when a run cannot be queued or
 * memory is short; what was queued before stays intact either way (the
 * layout is then drawn at once). */
static int reserve(kz_glyphs *gl, PangoLayout *l, const kz_rgb *color)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    size_t i;
    int ok = 1;

    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        bucket *b;
        kz_rgb c;
        if (!run)
            continue;
        if (!queueable(run, color, &c) ||
            !(b = find_bucket(gl, pango_cairo_font_get_scaled_font(
                                      (PangoCairoFont *)run->item->analysis
                                          .font),
                              &c))) {
            ok = 0;
            break;
        }
        b->pend_g += (size_t)run->glyphs->num_glyphs;
        b->pend_cl += (size_t)run->glyphs->num_glyphs + 1;
        b->pend_s += (size_t)run->item->length;
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    for (i = 0; i < gl->nb; i++) {
        bucket *b = &gl->b[i];
        if (ok &&
            (kz__grow(gl->ctx, (void **)&b->g, &b->cap_g, b->ng + b->pend_g,
                      sizeof(cairo_glyph_t)) < 0 ||
             kz__grow(gl->ctx, (void **)&b->cl, &b->cap_cl,
                      b->ncl + b->pend_cl, sizeof(cairo_text_cluster_t)) < 0 ||
             kz__grow(gl->ctx, (void **)&b->s, &b->cap_s,
                      b->ns + b->pend_s + 1, 1) < 0))
            ok = 0;
        b->pend_g = b->pend_s = b->pend_cl = 0;
    }
    return ok;
}

void kz__glyphs_add(kz_glyphs *gl, cairo_t *cr, PangoLayout *l, double x,
                    double y, const kz_rgb *color)
{
    cairo_matrix_t m;
    PangoLayoutIter *it;
    const char *text = pango_layout_get_text(l);

    cairo_get_matrix(cr, &m);
    if (!gl || m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 ||
        !reserve(gl, l, color)) {
        kz__text_draw(cr, l, x, y, color, 0, NULL);
        return;
    }
    /* glyphs are kept in device space: the flush draws them unscaled */
    x += m.x0;
    y += m.y0;
    it = pango_layout_get_iter(l);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        PangoRectangle lr;
        kz_rgb c;
        if (!run)
            continue;
        run_color(run, color, &c);
        pango_layout_iter_get_run_extents(it, NULL, &lr);
        add_run(find_bucket(gl,
                            pango_cairo_font_get_scaled_font(
                                (PangoCairoFont *)run->item->analysis.font),
                            &c),
                text, run, x + (double)lr.x / PANGO_SCALE,
                y + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
}

void kz__glyphs_flush(kz_glyphs *gl, cairo_t *cr)
{
    size_t i;
    if (!gl || !gl->nb)
        return;
    cairo_save(cr);
    cairo_identity_matrix(cr);
    for (i = 0; i < gl->nb; i++) {
        bucket *b = &gl->b[i];
        if (b->ng || b->ns) {
            cairo_set_scaled_font(cr, b->font);
            kz__set_rgb(cr, &b->color);
            cairo_show_text_glyphs(cr, b->s, (int)b->ns, b->g, (int)b->ng,
                                   b->cl, (int)b->ncl, 0);
        }
        cairo_scaled_font_destroy(b->font);
        b->font = NULL;
        b->ng = b->ns = b->ncl = 0;
    }
    gl->nb = 0;
    cairo_restore(cr);
}
