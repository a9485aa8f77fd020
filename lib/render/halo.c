/*
 * halo.c - label halos on vector surfaces, as vector: the outline of each
 * distinct glyph is stroked once into a small recording surface, which
 * the PDF writer keeps as one form XObject, and painted under every
 * occurrence of that glyph.  A document carries one stroked outline per
 * glyph of the fonts used, not one per letter printed, and no image.
 * The outlines live as long as the target surface (its user data): cairo
 * copies a source destroyed before the PDF is written, and loses that copy
 * when the PDF fails.  They are malloc'd, not taken from a kz_ctx, for the
 * same reason: the surface may outlive the context.
 */
#include "render/render.h"

#include <stdlib.h>
#include <string.h>

typedef struct halo_glyph {
    cairo_scaled_font_t *font; /* one reference owned */
    unsigned long index;
    cairo_surface_t *rec; /* the stroked outline, glyph origin at 0, 0 */
} halo_glyph;

typedef struct halo_cache {
    halo_glyph *g;
    size_t n, cap;
    double halo;
    kz_rgb color;
} halo_cache;

static const cairo_user_data_key_t cache_key;

static void cache_destroy(void *p)
{
    halo_cache *c = p;
    size_t i;
    for (i = 0; i < c->n; i++) {
        cairo_scaled_font_destroy(c->g[i].font);
        cairo_surface_destroy(c->g[i].rec);
    }
    free(c->g);
    free(c);
}

/* The target's cache for this halo width and colour (a new one replaces
 * a cache of another style); NULL when out of memory. */
static halo_cache *cache_get(cairo_surface_t *target, double halo,
                             const kz_rgb *color)
{
    halo_cache *c = cairo_surface_get_user_data(target, &cache_key);
    if (c && c->halo == halo && c->color.r == color->r &&
        c->color.g == color->g && c->color.b == color->b)
        return c;
    if (!(c = calloc(1, sizeof(*c))))
        return NULL;
    c->halo = halo;
    c->color = *color;
    if (cairo_surface_set_user_data(target, &cache_key, c, cache_destroy) !=
        CAIRO_STATUS_SUCCESS) {
        free(c);
        return NULL;
    }
    return c;
}

/* The stroked outline of glyph index of font; NULL when out of memory
 * (cairo's errors are sticky on the surface: the caller checks it). */
static cairo_surface_t *outline(halo_cache *c, cairo_scaled_font_t *font,
                                unsigned long index, double halo,
                                const kz_rgb *color)
{
    cairo_text_extents_t ext;
    cairo_glyph_t g = {index, 0, 0};
    cairo_rectangle_t r;
    cairo_surface_t *rec;
    cairo_t *rcr;
    size_t i;

    for (i = c->n; i-- > 0;)
        if (c->g[i].index == index && c->g[i].font == font)
            return c->g[i].rec;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        halo_glyph *grown = realloc(c->g, cap * sizeof(*grown));
        if (!grown)
            return NULL;
        c->g = grown;
        c->cap = cap;
    }
    cairo_scaled_font_glyph_extents(font, &g, 1, &ext);
    r.x = ext.x_bearing - halo - 1;
    r.y = ext.y_bearing - halo - 1;
    r.width = ext.width + 2 * halo + 2;
    r.height = ext.height + 2 * halo + 2;
    rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
    rcr = cairo_create(rec);
    cairo_set_scaled_font(rcr, font);
    cairo_glyph_path(rcr, &g, 1);
    cairo_set_line_width(rcr, 2 * halo);
    cairo_set_line_join(rcr, CAIRO_LINE_JOIN_ROUND);
    kz__set_rgb(rcr, color);
    cairo_stroke(rcr);
    cairo_destroy(rcr);
    c->g[c->n].font = cairo_scaled_font_reference(font);
    c->g[c->n].index = index;
    c->g[c->n].rec = rec;
    return c->g[c->n++].rec;
}

int kz__halo_draw_vector(kz_page *pg)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    halo_cache *c = cache_get(cairo_get_target(cr), st->halo,
                              &st->halo_color);
    size_t i;
    int rc = KZ_OK;

    if (!c)
        return kz__error(pg->ctx, KZ_ENOMEM, NULL, 0, NULL,
                         "no memory for the halos");
    for (i = 0; i < pg->n_placed && rc == KZ_OK; i++) {
        PangoLayoutIter *it = pango_layout_get_iter(pg->placed[i].layout);
        do {
            PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
            cairo_scaled_font_t *font;
            PangoRectangle lr;
            double x, y;
            int j, x_acc = 0;

            if (!run || !run->item->analysis.font ||
                !(font = pango_cairo_font_get_scaled_font(
                      (PangoCairoFont *)run->item->analysis.font)))
                continue;
            pango_layout_iter_get_run_extents(it, NULL, &lr);
            x = pg->placed[i].x + (double)lr.x / PANGO_SCALE;
            y = pg->placed[i].y +
                (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
            for (j = 0; j < run->glyphs->num_glyphs; j++) {
                const PangoGlyphInfo *gi = &run->glyphs->glyphs[j];
                cairo_surface_t *rec;
                if (gi->glyph != PANGO_GLYPH_EMPTY &&
                    !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
                    if (!(rec = outline(c, font, gi->glyph, st->halo,
                                        &st->halo_color))) {
                        rc = KZ_ENOMEM;
                        break;
                    }
                    cairo_set_source_surface(
                        cr, rec,
                        x + (double)(x_acc + gi->geometry.x_offset) /
                                PANGO_SCALE,
                        y + (double)gi->geometry.y_offset / PANGO_SCALE);
                    cairo_paint(cr);
                }
                x_acc += gi->geometry.width;
            }
        } while (rc == KZ_OK && pango_layout_iter_next_run(it));
        pango_layout_iter_free(it);
    }
    if (rc == KZ_ENOMEM)
        kz__error(pg->ctx, rc, NULL, 0, NULL, "no memory for the halos");
    return rc;
}
