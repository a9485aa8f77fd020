/*
 * draw.c - drawing the labels a page has placed.  Halos go first, all of
 * them, then the text, so that a halo never hides a neighbour's letters.
 * The text is always text (searchable, copyable).  On vector surfaces the
 * halo is each glyph's outline grown once and reused (halo.c); a style
 * may ask for a raster mask instead (labels.halo_raster_dpi), 1-bit: a
 * white halo needs no antialiasing at that resolution, and a stencil takes
 * an eighth of the bytes of an 8-bit soft mask.
 */
#include "label/label.h"

#include <math.h>

/* The glyph outlines of placed label p as a path in user space, turned
 * as the label is (the path stays where it was put when the matrix is
 * restored). */
static void label_path(cairo_t *cr, const kz_placed *p)
{
    if (p->angle == 0) {
        cairo_move_to(cr, p->x, p->y);
        pango_cairo_layout_path(cr, p->layout);
    } else {
        double w, h;
        kz__text_size(p->layout, &w, &h);
        cairo_save(cr);
        cairo_translate(cr, p->x, p->y);
        cairo_rotate(cr, p->angle);
        cairo_move_to(cr, -w / 2, -h / 2);
        pango_cairo_layout_path(cr, p->layout);
        cairo_restore(cr);
    }
}

static int halo_mask(kz_page *pg)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr, *mcr = NULL;
    cairo_surface_t *mask = NULL;
    double k = st->halo_dpi / 72.0;
    int w = (int)ceil(pg->fw * k), h = (int)ceil(pg->fh * k), rc = KZ_OK;
    size_t i;

    mask = cairo_image_surface_create(CAIRO_FORMAT_A1, w, h);
    mcr = cairo_create(mask);
    if (cairo_status(mcr) != CAIRO_STATUS_SUCCESS) {
        rc = kz__error(pg->ctx, KZ_ERENDER, NULL, 0, NULL,
                       "cairo: halo mask %dx%d: %s", w, h,
                       cairo_status_to_string(cairo_status(mcr)));
        goto done;
    }
    cairo_scale(mcr, k, k);
    cairo_translate(mcr, -pg->fx, -pg->fy);
    cairo_set_line_width(mcr, 2 * st->halo);
    cairo_set_line_join(mcr, CAIRO_LINE_JOIN_ROUND);
    for (i = 0; i < pg->n_placed; i++)
        label_path(mcr, &pg->placed[i]);
    cairo_stroke(mcr);
    cairo_surface_flush(mask);
    cairo_save(cr);
    cairo_translate(cr, pg->fx, pg->fy);
    cairo_scale(cr, 1 / k, 1 / k);
    kz__set_rgb(cr, &st->halo_color);
    cairo_mask_surface(cr, mask, 0, 0);
    cairo_restore(cr);
done:
    if (mcr)
        cairo_destroy(mcr);
    if (mask)
        cairo_surface_destroy(mask);
    return rc;
}

/* The halos as stroked outlines of the labels' glyphs: of every label,
 * or only of those along a line (turned). */
static void halo_outlines(kz_page *pg, int turned_only)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    size_t i;

    cairo_save(cr);
    cairo_new_path(cr);
    for (i = 0; i < pg->n_placed; i++)
        if (!turned_only || pg->placed[i].angle != 0)
            label_path(cr, &pg->placed[i]);
    cairo_set_line_width(cr, 2 * st->halo);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    kz__set_rgb(cr, &st->halo_color);
    cairo_stroke(cr);
    cairo_restore(cr);
}

int kz__labels_draw(kz_page *pg)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    cairo_surface_type_t type = cairo_surface_get_type(cairo_get_target(cr));
    size_t i;
    int rc;

    if (st->halo > 0 && pg->n_placed) {
        if (st->halo_dpi > 0 && type != CAIRO_SURFACE_TYPE_IMAGE) {
            if ((rc = halo_mask(pg)) < 0)
                return rc;
        } else if (type == CAIRO_SURFACE_TYPE_PDF ||
                   type == CAIRO_SURFACE_TYPE_RECORDING) {
            /* reused glyph outlines; cairo's SVG writer loses sources
             * shared this way, so SVG gets an outline per glyph */
            cairo_save(cr);
            rc = kz__halo_draw_vector(pg);
            cairo_restore(cr);
            if (rc < 0)
                return rc;
            /* labels along a line: their halos as outlines (few) */
            halo_outlines(pg, 1);
        } else {
            halo_outlines(pg, 0);
        }
    }
    for (i = 0; i < pg->n_placed; i++) {
        const kz_placed *p = &pg->placed[i];
        double w, h;
        if (p->angle == 0) {
            kz__text_draw(cr, p->layout, p->x, p->y, p->color, 0, NULL);
            continue;
        }
        kz__text_size(p->layout, &w, &h);
        cairo_save(cr);
        cairo_translate(cr, p->x, p->y);
        cairo_rotate(cr, p->angle);
        kz__text_draw(cr, p->layout, -w / 2, -h / 2, p->color, 0, NULL);
        cairo_restore(cr);
    }
    return KZ_OK;
}

void kz__labels_release(kz_page *pg)
{
    size_t i;
    for (i = 0; i < pg->n_placed; i++)
        g_object_unref(pg->placed[i].layout);
    kz__free(pg->ctx, pg->placed);
    pg->placed = NULL;
    pg->n_placed = pg->cap_placed = 0;
}
