/*
 * symbols.c - the outlet symbol of a condition class: its shape (circle,
 * square, triangle, diamond, cross), fill (solid, open, half) and stroke,
 * and the circles that hold it whole and where it is opaque.  Drawn on
 * maps, in legends and in charts alike.
 */
#include "layers/layers.h"

#include <math.h>

static void shape_path(cairo_t *cr, kz_shape shape, double x, double y,
                       double r)
{
    double a;
    cairo_new_path(cr);
    switch (shape) {
    case KZ_SHAPE_SQUARE:
        a = r * 0.886; /* the circle's area */
        cairo_rectangle(cr, x - a, y - a, 2 * a, 2 * a);
        break;
    case KZ_SHAPE_TRIANGLE:
        a = r * 1.35;
        cairo_move_to(cr, x, y - a);
        cairo_line_to(cr, x + a * 0.866, y + a * 0.5);
        cairo_line_to(cr, x - a * 0.866, y + a * 0.5);
        cairo_close_path(cr);
        break;
    case KZ_SHAPE_DIAMOND:
        a = r * 1.25;
        cairo_move_to(cr, x, y - a);
        cairo_line_to(cr, x + a, y);
        cairo_line_to(cr, x, y + a);
        cairo_line_to(cr, x - a, y);
        cairo_close_path(cr);
        break;
    case KZ_SHAPE_CROSS:
        a = r * 0.8;
        cairo_move_to(cr, x - a, y - a);
        cairo_line_to(cr, x + a, y + a);
        cairo_move_to(cr, x + a, y - a);
        cairo_line_to(cr, x - a, y + a);
        break;
    default:
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        break;
    }
}

void kz__symbol_extent(const kz_style *st, int cond, double r, double *outer,
                       double *inner)
{
    /* from shape_path's sizes; a mitred corner reaches lw past the tip */
    double lw = st->lw_symbol;
    switch (st->cond[cond].shape) {
    case KZ_SHAPE_SQUARE:
        *outer = r * 0.886 * M_SQRT2 + lw;
        *inner = r * 0.886;
        break;
    case KZ_SHAPE_TRIANGLE:
        *outer = r * 1.35 + lw;
        *inner = r * 1.35 * 0.5;
        break;
    case KZ_SHAPE_DIAMOND:
        *outer = r * 1.25 + lw;
        *inner = r * 1.25 * M_SQRT1_2;
        break;
    case KZ_SHAPE_CROSS:
        *outer = r * 0.8 * M_SQRT2 + lw * 3;
        *inner = 0; /* strokes only: what is below shows through */
        break;
    default:
        *outer = r + lw;
        *inner = r;
        break;
    }
}

/* c taken fade of the way toward the paper. */
static void set_faded(cairo_t *cr, const kz_rgb *c, const kz_rgb *paper,
                      double fade)
{
    kz_rgb m;
    m.r = c->r + (paper->r - c->r) * fade;
    m.g = c->g + (paper->g - c->g) * fade;
    m.b = c->b + (paper->b - c->b) * fade;
    kz__set_rgb(cr, &m);
}

void kz__symbol_draw(cairo_t *cr, const kz_style *st, int cond, double x,
                     double y, double r)
{
    kz__symbol_draw_faded(cr, st, cond, x, y, r, 0);
}

void kz__symbol_draw_faded(cairo_t *cr, const kz_style *st, int cond,
                           double x, double y, double r, double fade)
{
    const kz_symbol *s = &st->cond[cond];
    const kz_rgb *paper = &st->paper;

    cairo_save(cr);
    shape_path(cr, s->shape, x, y, r);
    if (s->shape == KZ_SHAPE_CROSS) {
        /* a cross has no inside: its strokes carry the class */
        cairo_set_line_width(cr, st->lw_symbol * 3);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        set_faded(cr, &s->color, paper, fade);
        cairo_stroke(cr);
        cairo_restore(cr);
        return;
    }
    cairo_set_line_width(cr, st->lw_symbol);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    set_faded(cr, s->fill == KZ_FILLMODE_SOLID ? &s->color : &st->paper,
              paper, fade);
    cairo_fill(cr);
    if (s->fill == KZ_FILLMODE_HALF) {
        cairo_save(cr);
        cairo_rectangle(cr, x - 2 * r, y, 4 * r, 2 * r);
        cairo_clip(cr);
        shape_path(cr, s->shape, x, y, r);
        set_faded(cr, &s->color, paper, fade);
        cairo_fill(cr);
        cairo_restore(cr);
    }
    shape_path(cr, s->shape, x, y, r);
    set_faded(cr, s->fill == KZ_FILLMODE_OPEN ? &s->color
                                               : &st->symbol_stroke,
              paper, fade);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void kz__symbol_mother_well(cairo_t *cr, const kz_style *st, double x,
                            double y, double scale)
{
    double a = st->shaft_radius * KZ_MOTHER_WELL_R * scale;

    cairo_save(cr);
    cairo_new_path(cr);
    cairo_move_to(cr, x - a * 0.866, y - a * 0.5);
    cairo_line_to(cr, x + a * 0.866, y - a * 0.5);
    cairo_line_to(cr, x, y + a);
    cairo_close_path(cr);
    kz__set_rgb(cr, &st->shaft);
    cairo_fill_preserve(cr);
    kz__set_rgb(cr, &st->paper);
    cairo_set_line_width(cr, st->lw_shaft);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);
    cairo_restore(cr);
}
