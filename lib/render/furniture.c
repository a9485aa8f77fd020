/*
 * furniture.c - what makes a map readable: outlet symbols, the graticule
 * with edge labels, the scale bar (ground distance measured on the
 * ellipsoid at the frame centre), the north arrow (true north at the
 * centre), the inset locator and a legend of the classes on the page.
 */
#include "render/render.h"
#include "ingest/survey.h"

#include <geodesic.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PAD 4.0 /* points inside furniture boxes */

double kz__scalebar_choose(double max_km)
{
    static const double steps[3] = {5, 2, 1};
    double p;
    int i;

    if (!(max_km > 0) || !isfinite(max_km))
        return 0;
    p = pow(10, floor(log10(max_km)));
    for (;;) {
        for (i = 0; i < 3; i++)
            if (steps[i] * p <= max_km * (1 + 1e-9))
                return steps[i] * p;
        p /= 10;
    }
}

double kz__graticule_step(double span)
{
    if (span <= 0.8)
        return 0.1;
    if (span <= 2.0)
        return 0.25;
    if (span <= 4.0)
        return 0.5;
    return 1.0;
}

int kz__view_ground_m_per_pt(double *out, const kz_view *v)
{
    struct geod_geodesic g;
    double half = v->w / 10 / v->s; /* a tenth of the map width */
    double x[2] = {v->cx - half, v->cx + half}, y[2] = {v->cy, v->cy};
    double s12 = 0;
    int rc;

    if ((rc = kz__geo_apply(v->ctx, v->fwd, x, y, 2, PJ_INV)) < 0)
        return rc;
    if (!isfinite(x[0]) || !isfinite(x[1]) || x[0] == HUGE_VAL ||
        x[1] == HUGE_VAL)
        return kz__error(v->ctx, KZ_EPROJ, NULL, 0, NULL,
                         "the frame centre has no longitude/latitude");
    geod_init(&g, 6378137.0, 1 / 298.257223563); /* WGS84 */
    geod_inverse(&g, y[0], x[0], y[1], x[1], &s12, NULL, NULL);
    *out = s12 / (v->w / 5);
    return KZ_OK;
}

int kz__view_north_deg(double *out, const kz_view *v)
{
    double x[2] = {v->cx, 0}, y[2] = {v->cy, 0};
    int rc;

    if ((rc = kz__geo_apply(v->ctx, v->fwd, x, y, 1, PJ_INV)) < 0)
        return rc;
    x[1] = x[0];
    y[1] = y[0] + 0.01;
    if ((rc = kz__geo_apply(v->ctx, v->fwd, x, y, 2, PJ_FWD)) < 0)
        return rc;
    /* page y grows downwards; the CRS's y upwards */
    *out = atan2(x[1] - x[0], y[1] - y[0]) * 180 / M_PI;
    return KZ_OK;
}

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

void kz__symbol_draw(cairo_t *cr, const kz_style *st, int cond, double x,
                     double y, double r)
{
    const kz_symbol *s = &st->cond[cond];

    cairo_save(cr);
    shape_path(cr, s->shape, x, y, r);
    if (s->shape == KZ_SHAPE_CROSS) {
        /* a cross has no inside: its strokes carry the class */
        cairo_set_line_width(cr, st->lw_symbol * 3);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        kz__set_rgb(cr, &s->color);
        cairo_stroke(cr);
        cairo_restore(cr);
        return;
    }
    cairo_set_line_width(cr, st->lw_symbol);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    kz__set_rgb(cr, s->fill == KZ_FILLMODE_SOLID ? &s->color : &st->paper);
    cairo_fill(cr);
    if (s->fill == KZ_FILLMODE_HALF) {
        cairo_save(cr);
        cairo_rectangle(cr, x - 2 * r, y, 4 * r, 2 * r);
        cairo_clip(cr);
        shape_path(cr, s->shape, x, y, r);
        kz__set_rgb(cr, &s->color);
        cairo_fill(cr);
        cairo_restore(cr);
    }
    shape_path(cr, s->shape, x, y, r);
    kz__set_rgb(cr, s->fill == KZ_FILLMODE_OPEN ? &s->color
                                                 : &st->symbol_stroke);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Degrees as a map edge writes them: 47°, 47°30′. */
static void fmt_deg(char *buf, size_t cap, double v, double step)
{
    int d = (int)floor(v + 1e-9), m = (int)lround((v - d) * 60);
    if (m == 60) {
        d++;
        m = 0;
    }
    if (step >= 1 || m == 0)
        kz__text_printf(buf, cap, "%d°", d);
    else
        kz__text_printf(buf, cap, "%d°%02d′", d, m);
}

/* Edge label of a graticule line crossing the neatline at (x, y). */
static void edge_label(kz_page *pg, const char *s, double x, double y,
                       int side)
{
    const kz_view *v = &pg->v;
    cairo_t *cr = pg->cr;
    PangoLayout *l = kz__text_layout(&pg->txt, s, pg->st->font_small, 0, 0,
                                     -1, 0);
    double w, h, tick = 2.0;

    kz__text_size(l, &w, &h);
    cairo_save(cr);
    kz__set_rgb(cr, &pg->st->frame);
    cairo_set_line_width(cr, pg->st->lw_graticule * 1.5);
    switch (side) {
    case 0: /* top */
        if (x - w / 2 < v->x0 || x + w / 2 > v->x0 + v->w)
            break;
        cairo_move_to(cr, x, v->y0);
        cairo_line_to(cr, x, v->y0 - tick);
        cairo_stroke(cr);
        kz__text_draw(cr, l, x - w / 2, v->y0 - tick - h, &pg->st->text, 0,
                      NULL);
        break;
    case 1: /* bottom */
        if (x - w / 2 < v->x0 || x + w / 2 > v->x0 + v->w)
            break;
        cairo_move_to(cr, x, v->y0 + v->h);
        cairo_line_to(cr, x, v->y0 + v->h + tick);
        cairo_stroke(cr);
        kz__text_draw(cr, l, x - w / 2, v->y0 + v->h + tick, &pg->st->text,
                      0, NULL);
        break;
    case 2: /* left, reading upwards */
        if (y - w / 2 < v->y0 || y + w / 2 > v->y0 + v->h)
            break;
        cairo_move_to(cr, v->x0, y);
        cairo_line_to(cr, v->x0 - tick, y);
        cairo_stroke(cr);
        cairo_translate(cr, v->x0 - tick - h, y + w / 2);
        cairo_rotate(cr, -M_PI / 2);
        kz__text_draw(cr, l, 0, 0, &pg->st->text, 0, NULL);
        break;
    default: /* right, reading upwards */
        if (y - w / 2 < v->y0 || y + w / 2 > v->y0 + v->h)
            break;
        cairo_move_to(cr, v->x0 + v->w, y);
        cairo_line_to(cr, v->x0 + v->w + tick, y);
        cairo_stroke(cr);
        cairo_translate(cr, v->x0 + v->w + tick, y + w / 2);
        cairo_rotate(cr, -M_PI / 2);
        kz__text_draw(cr, l, 0, 0, &pg->st->text, 0, NULL);
        break;
    }
    cairo_restore(cr);
    g_object_unref(l);
}

#define GRAT_N 48

int kz__graticule_draw(kz_page *pg, int labels)
{
    const kz_view *v = &pg->v;
    cairo_t *cr = pg->cr;
    double step = kz__graticule_step(
        fmax(v->lon1 - v->lon0, v->lat1 - v->lat0));
    double x[GRAT_N], y[GRAT_N], val;
    unsigned char keep[GRAT_N];
    size_t *stack = NULL, cap = 0;
    char buf[32];
    int merid, i, rc = KZ_OK;

    /* all lines one path, each kept to 0.1 mm of its projected curve */
    cairo_new_path(cr);
    for (merid = 1; merid >= 0; merid--) {
        double lo = merid ? v->lon0 : v->lat0, hi = merid ? v->lon1 : v->lat1;
        for (val = ceil(lo / step - 1e-9) * step; val <= hi + 1e-9;
             val += step) {
            for (i = 0; i < GRAT_N; i++) {
                double t = (double)i / (GRAT_N - 1);
                if (merid) {
                    x[i] = val;
                    y[i] = v->lat0 + t * (v->lat1 - v->lat0);
                } else {
                    x[i] = v->lon0 + t * (v->lon1 - v->lon0);
                    y[i] = val;
                }
            }
            if ((rc = kz__geo_apply(pg->ctx, v->fwd, x, y, GRAT_N,
                                    PJ_FWD)) < 0)
                goto done;
            for (i = 0; i < GRAT_N; i++) {
                x[i] = kz__vx(v, x[i]);
                y[i] = kz__vy(v, y[i]);
            }
            if (!labels) {
                memset(keep, 0, sizeof(keep));
                if ((rc = kz__simplify_keep(pg->ctx, x, y, 0, GRAT_N - 1,
                                            KZ_TOL_PT, keep, &stack,
                                            &cap)) < 0)
                    goto done;
                cairo_new_sub_path(cr);
                for (i = 0; i < GRAT_N; i++)
                    if (keep[i])
                        cairo_line_to(cr, x[i], y[i]);
                continue;
            }
            fmt_deg(buf, sizeof(buf), val, step);
            for (i = 0; i + 1 < GRAT_N; i++) {
                int e;
                for (e = 0; e < 2; e++) {
                    double edge, a, b, t;
                    if (merid) {
                        edge = e ? v->y0 + v->h : v->y0;
                        a = y[i] - edge;
                        b = y[i + 1] - edge;
                    } else {
                        edge = e ? v->x0 + v->w : v->x0;
                        a = x[i] - edge;
                        b = x[i + 1] - edge;
                    }
                    if ((a < 0) == (b < 0) || a == b)
                        continue;
                    t = a / (a - b);
                    if (merid)
                        edge_label(pg, buf, x[i] + t * (x[i + 1] - x[i]),
                                   edge, e);
                    else
                        edge_label(pg, buf, edge,
                                   y[i] + t * (y[i + 1] - y[i]), 2 + e);
                }
            }
        }
    }
    if (!labels) {
        kz__set_rgb(cr, &pg->st->graticule);
        cairo_set_line_width(cr, pg->st->lw_graticule);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
done:
    kz__free(pg->ctx, stack);
    return rc;
}

/* ---- projection ---- */

double kz__projection_line_h(const kz_style *st)
{
    /* a line of small text (Noto's line is 1.36 em) and a little paper
     * between it and the edge labels above */
    return st->font_small * 1.4 + 1.0;
}

void kz__crs_name(char *buf, size_t cap, const char *crs)
{
    int zone;
    char ns[2]; /* the hemisphere digit and its NUL */

    if (sscanf(crs, "EPSG:32%1[67]%2d", ns, &zone) == 2 && zone >= 1 &&
        zone <= 60)
        kz__text_printf(buf, cap, "UTM %d%c, WGS84 (%s)", zone,
                        ns[0] == '6' ? 'N' : 'S', crs);
    else if (strcmp(crs, KZ_CRS_EQUAL_AREA) == 0)
        kz__text_printf(buf, cap, "LAEA 40.2°N 47.7°E, WGS84");
    else
        kz__text_printf(buf, cap, "%s", crs);
}

void kz__projection_draw(kz_page *pg)
{
    const kz_style *st = pg->st;
    const kz_view *v = &pg->v;
    char name[200], head[256], text[512], fit[512];
    long second;
    size_t max = 0;

    (void)second;
    double w, h;
    PangoLayout *l;

    kz__crs_name(name, sizeof(name), pg->crs);
    kz__text_catalog(head, sizeof(head), &second, st, "projection", 0);
    for (;;) {
        kz__text_printf(text, sizeof(text), "%s: %s", head, name);
        kz__text_fit(fit, sizeof(fit), text, max);
        l = kz__text_layout(&pg->txt, fit, st->font_small, 0, 0, -1, 0);
        kz__text_size(l, &w, &h);
        if (w <= v->w || (max && max < 12))
            break;
        g_object_unref(l);
        /* a CRS given as a long PROJ string is cut to the frame */
        max = (max ? max : strlen(fit)) * 9 / 10;
    }
    kz__text_draw(pg->cr, l, v->x0 + v->w - w,
                  pg->fy + pg->fh - kz__projection_line_h(st) +
                      (kz__projection_line_h(st) - h) / 2,
                  &st->text, 0, NULL);
    g_object_unref(l);
}

/* ---- legend ---- */

static int decimals_of(double v)
{
    if (fabs(v - round(v)) < 1e-9)
        return 0;
    if (fabs(v * 10 - round(v * 10)) < 1e-6)
        return 1;
    return 2;
}

/* "< 0,5", "0,5–2", "10+" in one language. */
static void range_text(char *buf, size_t cap, const double *br, size_t nbr,
                       size_t cls, const char *lang)
{
    char a[40], b[40];
    if (cls == 0) {
        kz_format_number(a, sizeof(a), br[0], decimals_of(br[0]), lang);
        kz__text_printf(buf, cap, "< %s", a);
    } else if (cls == nbr) {
        kz_format_number(a, sizeof(a), br[nbr - 1], decimals_of(br[nbr - 1]),
                         lang);
        kz__text_printf(buf, cap, "%s+", a); /* Noto Sans has no ≥ */
    } else {
        kz_format_number(a, sizeof(a), br[cls - 1], decimals_of(br[cls - 1]),
                         lang);
        kz_format_number(b, sizeof(b), br[cls], decimals_of(br[cls]), lang);
        kz__text_printf(buf, cap, "%s–%s", a, b);
    }
}

enum row_kind {
    ROW_HEAD, ROW_COND, ROW_SIZE, ROW_GALLERY, ROW_SCHEMATIC, ROW_SHAFT,
    ROW_MOTHER, ROW_DISTRICT, ROW_DENSITY, ROW_FOCUS, ROW_OTHERS,
    ROW_COUNTRIES, ROW_WATER, ROW_RIVER, ROW_ROAD, ROW_CITY, ROW_SETTLEMENT
};

/* The widest class of a reference kind drawn (bit cls of drawn). */
static int widest_drawn(unsigned drawn)
{
    int c;
    for (c = 0; c < 4; c++)
        if (drawn & (1u << c))
            return c;
    return 3;
}

/* An area swatch of the legend: fill (NULL: none) and outline. */
static void swatch(cairo_t *cr, double x, double y, const kz_rgb *fill,
                   double alpha, const kz_rgb *line, double lw)
{
    cairo_new_path(cr);
    cairo_rectangle(cr, x - 4, y - 3, 8, 6);
    if (fill) {
        cairo_set_source_rgba(cr, fill->r, fill->g, fill->b, alpha);
        cairo_fill_preserve(cr);
    }
    kz__set_rgb(cr, line);
    cairo_set_line_width(cr, lw);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);
}

/* Measure (draw = 0) or draw one row; returns its height. */
static double legend_row(kz_page *pg, int draw, double x, double y,
                         double symw, enum row_kind kind, int cls,
                         const char *text, long second, double *w)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    PangoLayout *l = kz__text_layout(&pg->txt, text, st->font_legend,
                                     kind == ROW_HEAD, 0, second, 0);
    double tw, th, rh, r = 0, cy;

    kz__text_size(l, &tw, &th);
    if (kind == ROW_SIZE)
        r = kz__style_size_radius(st, cls);
    else if (kind == ROW_COND)
        r = st->size_radius[st->n_sizes / 2];
    rh = fmax(th, 2 * r + 1.5);
    if (kind == ROW_HEAD)
        rh += 1.5;
    *w = (kind == ROW_HEAD ? 0 : symw) + tw;
    if (draw) {
        cy = y + rh / 2;
        double sx = x + symw / 2 - 1;
        switch (kind) {
        case ROW_COND:
            kz__symbol_draw(cr, st, cls, sx, cy, r);
            break;
        case ROW_SIZE:
            cairo_new_path(cr);
            cairo_arc(cr, sx, cy, r, 0, 2 * M_PI);
            kz__set_rgb(cr, &st->paper);
            cairo_fill_preserve(cr);
            kz__set_rgb(cr, &st->symbol_stroke);
            cairo_set_line_width(cr, st->lw_symbol);
            cairo_stroke(cr);
            break;
        case ROW_GALLERY:
        case ROW_SCHEMATIC:
        case ROW_DISTRICT:
            cairo_save(cr);
            cairo_new_path(cr);
            cairo_move_to(cr, sx - symw / 2 + 1.5, cy);
            cairo_line_to(cr, sx + symw / 2 - 1.5, cy);
            kz__set_rgb(cr, kind == ROW_DISTRICT ? &st->district_border
                                                 : &st->gallery);
            cairo_set_line_width(cr, kind == ROW_GALLERY ? st->lw_gallery
                                     : kind == ROW_SCHEMATIC
                                         ? st->lw_gallery_schematic
                                         : st->lw_district);
            if (kind == ROW_SCHEMATIC)
                cairo_set_dash(cr, st->dash_gallery_schematic, 2, 0);
            cairo_stroke(cr);
            cairo_restore(cr);
            break;
        case ROW_FOCUS:
            swatch(cr, sx, cy, pg->density ? NULL : &st->highlight,
                   st->highlight_alpha, &st->highlight_border,
                   fmin(st->lw_highlight, 1.2));
            break;
        case ROW_OTHERS:
            swatch(cr, sx, cy, &st->land, 1, &st->district_border,
                   st->lw_district);
            break;
        case ROW_COUNTRIES:
            swatch(cr, sx, cy, &st->neighbour, 1, &st->neighbour_border,
                   st->lw_neighbour);
            break;
        case ROW_WATER:
            swatch(cr, sx, cy, &st->water_fill, 1, &st->water_border,
                   st->lw_water);
            break;
        case ROW_RIVER:
        case ROW_ROAD:
            cairo_save(cr);
            cairo_new_path(cr);
            cairo_move_to(cr, sx - symw / 2 + 1.5, cy);
            cairo_line_to(cr, sx + symw / 2 - 1.5, cy);
            kz__set_rgb(cr, kind == ROW_RIVER ? &st->river : &st->road);
            cairo_set_line_width(
                cr, kind == ROW_RIVER
                        ? st->lw_river[widest_drawn(
                              pg->ref_drawn[KZ_REF_RIVERS])]
                        : st->lw_road[widest_drawn(
                              pg->ref_drawn[KZ_REF_ROADS])]);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
            cairo_stroke(cr);
            cairo_restore(cr);
            break;
        case ROW_CITY:
            cairo_new_path(cr);
            cairo_arc(cr, sx, cy, st->place_radius[0], 0, 2 * M_PI);
            kz__set_rgb(cr, &st->halo_color);
            cairo_fill_preserve(cr);
            kz__set_rgb(cr, &st->place);
            cairo_set_line_width(cr, st->place_radius[0] * 0.35);
            cairo_stroke(cr);
            cairo_arc(cr, sx, cy, st->place_radius[0] * 0.4, 0, 2 * M_PI);
            cairo_fill(cr);
            break;
        case ROW_SETTLEMENT:
            cairo_new_path(cr);
            cairo_arc(cr, sx, cy, st->place_radius[2], 0, 2 * M_PI);
            kz__set_rgb(cr, &st->place);
            cairo_fill(cr);
            break;
        case ROW_SHAFT:
            cairo_new_path(cr);
            cairo_arc(cr, sx, cy, st->shaft_radius, 0, 2 * M_PI);
            kz__set_rgb(cr, &st->paper);
            cairo_fill_preserve(cr);
            kz__set_rgb(cr, &st->shaft);
            cairo_set_line_width(cr, st->lw_shaft);
            cairo_stroke(cr);
            break;
        case ROW_MOTHER:
            cairo_new_path(cr);
            cairo_arc(cr, sx, cy, st->shaft_radius * 1.6, 0, 2 * M_PI);
            kz__set_rgb(cr, &st->shaft);
            cairo_fill(cr);
            break;
        case ROW_DENSITY:
            swatch(cr, sx, cy, &st->density_color[cls], 1,
                   &st->district_border, st->lw_district);
            break;
        default:
            break;
        }
        kz__text_draw(cr, l, kind == ROW_HEAD ? x : x + symw,
                      cy - th / 2 + (kind == ROW_HEAD ? 0.75 : 0), &st->text,
                      0, NULL);
    }
    g_object_unref(l);
    return rh;
}

/* Catalog key of the map's own area in the legend: this district, city
 * or economic region. */
static const char *focus_key(const kz_page *pg)
{
    long d;
    if (pg->o->kind == KZ_MAP_REGION)
        return "legend.focus.region";
    d = kz_survey_find_district(pg->sv, pg->o->code);
    if (d >= 0) {
        const char *type = kz_survey_district(pg->sv, (size_t)d)->type;
        if (type && strcmp(type, "city") == 0)
            return "legend.focus.city";
    }
    return "legend.focus.district";
}

/* The whole legend at x, y; *w, *h receive its size. */
static void legend(kz_page *pg, int draw, double x, double y, double *w,
                   double *h)
{
    static const int order[KZ_COND_COUNT] = {
        KZ_COND_GOOD, KZ_COND_FAIR, KZ_COND_POOR,
        KZ_COND_DRY, KZ_COND_COLLAPSED, KZ_COND_UNASSESSED};
    static const char *const ckeys[KZ_COND_COUNT] = {
        "condition.unassessed", "condition.good", "condition.fair",
        "condition.poor", "condition.dry", "condition.collapsed"};
    const kz_style *st = pg->st;
    const kz_map_result *res = &pg->res;
    char text[512], az[128], en[128];
    long second;
    double symw = 2 * st->size_radius[st->n_sizes] + 5, rw, yy = y + PAD;
    size_t i;
    int li_az = kz__style_lang_index(st, "az") >= 0;

    *w = 0;
#define ROW(kind, cls)                                                        \
    do {                                                                      \
        yy += legend_row(pg, draw, x + PAD, yy, symw, kind, cls, text,        \
                         second, &rw);                                        \
        if (rw > *w)                                                          \
            *w = rw;                                                          \
    } while (0)
    if (res->conditions) {
        kz__text_catalog(text, sizeof(text), &second, st, "legend.condition",
                         0);
        ROW(ROW_HEAD, 0);
        for (i = 0; i < KZ_COND_COUNT; i++) {
            if (!(res->conditions & (1u << order[i])))
                continue;
            kz__text_catalog(text, sizeof(text), &second, st,
                             ckeys[order[i]], 0);
            ROW(ROW_COND, order[i]);
        }
        kz__text_catalog(text, sizeof(text), &second, st, "legend.discharge",
                         0);
        yy += 2;
        ROW(ROW_HEAD, 0);
        for (i = 0; i <= st->n_sizes; i++) {
            if (!(res->sizes & (1u << i)))
                continue;
            range_text(az, sizeof(az), st->size_breaks, st->n_sizes, i, "az");
            range_text(en, sizeof(en), st->size_breaks, st->n_sizes, i, "en");
            kz__text_bilingual(text, sizeof(text), &second, st, az, en, 0);
            ROW(ROW_SIZE, (int)i);
        }
        if (res->sizes & (1u << 31)) {
            kz__text_catalog(text, sizeof(text), &second, st,
                             "legend.not_measured", 0);
            ROW(ROW_SIZE, -1);
        }
    }
    if (pg->o->fill == KZ_FILL_DENSITY && res->density_classes) {
        kz__text_catalog(text, sizeof(text), &second, st, "legend.density",
                         0);
        yy += 2;
        ROW(ROW_HEAD, 0);
        for (i = 0; i <= pg->n_density; i++) {
            if (!(res->density_classes & (1u << i)))
                continue;
            range_text(az, sizeof(az), pg->density_breaks, pg->n_density, i,
                       "az");
            range_text(en, sizeof(en), pg->density_breaks, pg->n_density, i,
                       "en");
            kz__text_bilingual(text, sizeof(text), &second, st, az, en, 0);
            ROW(ROW_DENSITY, (int)i);
        }
    }
    kz__text_catalog(text, sizeof(text), &second, st, "legend.features", 0);
    yy += 2;
    ROW(ROW_HEAD, 0);
    if (pg->has_gallery) {
        kz__text_catalog(text, sizeof(text), &second, st, "legend.gallery",
                         0);
        ROW(ROW_GALLERY, 0);
    }
    if (pg->has_schematic) {
        kz__text_catalog(text, sizeof(text), &second, st,
                         "legend.gallery_schematic", 0);
        ROW(ROW_SCHEMATIC, 0);
    }
    if (pg->has_mother) {
        kz__text_catalog(text, sizeof(text), &second, st,
                         "legend.mother_well", 0);
        ROW(ROW_MOTHER, 0);
    }
    if (pg->has_shaft) {
        kz__text_catalog(text, sizeof(text), &second, st, "legend.shaft", 0);
        ROW(ROW_SHAFT, 0);
    }
    if (pg->n_focus) {
        kz__text_catalog(text, sizeof(text), &second, st, focus_key(pg), 0);
        ROW(ROW_FOCUS, 0);
    }
    if (pg->has_others && !pg->density) {
        kz__text_catalog(text, sizeof(text), &second, st,
                         "legend.neighbour_districts", 0);
        ROW(ROW_OTHERS, 0);
    }
    if (pg->has_countries) {
        kz__text_catalog(text, sizeof(text), &second, st,
                         "legend.neighbour_countries", 0);
        ROW(ROW_COUNTRIES, 0);
    }
    kz__text_catalog(text, sizeof(text), &second, st, "legend.district", 0);
    ROW(ROW_DISTRICT, 0);
    if (pg->ref_drawn[KZ_REF_WATER]) {
        kz__text_catalog(text, sizeof(text), &second, st, "legend.water", 0);
        ROW(ROW_WATER, 0);
    }
    if (pg->ref_drawn[KZ_REF_RIVERS]) {
        kz__text_catalog(text, sizeof(text), &second, st, "legend.river", 0);
        ROW(ROW_RIVER, 0);
    }
    if (pg->ref_drawn[KZ_REF_ROADS]) {
        kz__text_catalog(text, sizeof(text), &second, st, "legend.road", 0);
        ROW(ROW_ROAD, 0);
    }
    if (pg->ref_drawn[KZ_REF_PLACES] & 1u) {
        kz__text_catalog(text, sizeof(text), &second, st, "legend.city", 0);
        ROW(ROW_CITY, 0);
    }
    if (pg->ref_drawn[KZ_REF_PLACES] & ~1u) {
        kz__text_catalog(text, sizeof(text), &second, st,
                         "legend.settlement", 0);
        ROW(ROW_SETTLEMENT, 0);
    }
#undef ROW
    (void)li_az;
    *w += 2 * PAD;
    *h = yy - y + PAD;
}

/* ---- inset locator ---- */

static int inset_view(kz_page *pg, kz_view *iv, double *w, double *h,
                      double maxw)
{
    double lon0 = 44.7, lat0 = 38.35, lon1 = 50.7, lat1 = 41.95;
    double x[8], y[8], ex0 = HUGE_VAL, ey0 = HUGE_VAL, ex1 = -HUGE_VAL,
                       ey1 = -HUGE_VAL;
    size_t i, nd = kz_survey_district_count(pg->sv);
    int rc;

    if (nd) {
        lon0 = lat0 = HUGE_VAL;
        lon1 = lat1 = -HUGE_VAL;
        for (i = 0; i < nd; i++) {
            const kz_district *d = kz_survey_district(pg->sv, i);
            lon0 = fmin(lon0, d->minx);
            lat0 = fmin(lat0, d->miny);
            lon1 = fmax(lon1, d->maxx);
            lat1 = fmax(lat1, d->maxy);
        }
    }
    memset(iv, 0, sizeof(*iv));
    iv->ctx = pg->ctx;
    if ((rc = kz__geo_transform(&iv->fwd, pg->ctx, KZ_CRS_WGS84,
                                KZ_CRS_EQUAL_AREA)) < 0)
        return rc;
    for (i = 0; i < 8; i++) {
        x[i] = i < 4 ? (i & 1 ? lon1 : lon0) : (lon0 + lon1) / 2;
        y[i] = i < 4 ? (i & 2 ? lat1 : lat0) : (i & 1 ? lat1 : lat0);
    }
    if ((rc = kz__geo_apply(pg->ctx, iv->fwd, x, y, 8, PJ_FWD)) < 0)
        return rc;
    for (i = 0; i < 8; i++) {
        ex0 = fmin(ex0, x[i]);
        ey0 = fmin(ey0, y[i]);
        ex1 = fmax(ex1, x[i]);
        ey1 = fmax(ey1, y[i]);
    }
    iv->w = maxw - 2 * PAD;
    iv->s = iv->w / (ex1 - ex0);
    iv->h = (ey1 - ey0) * iv->s;
    iv->cx = (ex0 + ex1) / 2;
    iv->cy = (ey0 + ey1) / 2;
    iv->lon0 = lon0 - 0.05;
    iv->lat0 = lat0 - 0.05;
    iv->lon1 = lon1 + 0.05;
    iv->lat1 = lat1 + 0.05;
    iv->deg_per_pt = (lat1 - lat0) / iv->h;
    *w = maxw;
    *h = iv->h + 2 * PAD;
    return KZ_OK;
}

static int inset_draw(kz_page *pg, double bx, double by)
{
    kz_view iv;
    double w, h, fx0 = HUGE_VAL, fy0 = HUGE_VAL, fx1 = -HUGE_VAL,
                 fy1 = -HUGE_VAL;
    size_t i, nd = kz_survey_district_count(pg->sv);
    cairo_t *cr = pg->cr;
    int rc, empty, pass;

    if ((rc = inset_view(pg, &iv, &w, &h, pg->fbox[1][2])) < 0)
        return rc;
    iv.x0 = bx + PAD;
    iv.y0 = by + PAD;
    /* the country as one shape (or, without it, the other districts as
     * one path), then the focus outlined in paper colour */
    for (pass = 0; pass < 2; pass++) {
        int any = 0;
        cairo_new_path(cr);
        if (pass == 0 && pg->sv->country) {
            GEOSGeometry *g = kz__view_prepare(pg->ctx, &iv, pg->sv->country,
                                               0.3, 1, &empty);
            if (!g && !empty)
                return KZ_EGEOM;
            if (g) {
                kz__path_geom(cr, &iv, pg->h, g);
                GEOSGeom_destroy_r(pg->h, g);
                kz__set_rgb(cr, &pg->st->inset_land);
                cairo_fill(cr);
            }
            continue;
        }
        for (i = 0; i < nd; i++) {
            GEOSGeometry *g;
            int focus = pg->focus && pg->focus[i];
            if (!pg->sv->district_geoms || !pg->sv->district_geoms[i] ||
                focus != pass)
                continue;
            g = kz__view_prepare(pg->ctx, &iv, pg->sv->district_geoms[i],
                                 0.3, 1, &empty);
            if (!g) {
                if (empty)
                    continue;
                return KZ_EGEOM;
            }
            kz__path_geom(cr, &iv, pg->h, g);
            GEOSGeom_destroy_r(pg->h, g);
            any = 1;
        }
        if (!any)
            continue;
        if (pass == 1) {
            double a, b, c, d;
            cairo_path_extents(cr, &a, &b, &c, &d);
            fx0 = fmin(fx0, a);
            fy0 = fmin(fy0, b);
            fx1 = fmax(fx1, c);
            fy1 = fmax(fy1, d);
        }
        kz__set_rgb(cr, pass ? &pg->st->inset_highlight
                             : &pg->st->inset_land);
        cairo_fill_preserve(cr);
        kz__set_rgb(cr, &pg->st->paper);
        cairo_set_line_width(cr, 0.2);
        cairo_stroke(cr);
    }
    /* a small district would vanish at this scale: ring it */
    if (fx0 < fx1 && fmax(fx1 - fx0, fy1 - fy0) < 6) {
        cairo_new_path(cr);
        cairo_arc(cr, (fx0 + fx1) / 2, (fy0 + fy1) / 2, 4.5, 0, 2 * M_PI);
        kz__set_rgb(cr, &pg->st->inset_highlight);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
    }
    return KZ_OK;
}

/* ---- scale bar and north arrow ---- */

typedef struct scalebar {
    double km, len, mpp; /* km, page length, ground metres per point */
} scalebar;

static int scalebar_compute(kz_page *pg, scalebar *sb)
{
    double maxlen = fmin(pg->v.w * 0.28, 45 * KZ_MM);
    int rc;
    if ((rc = kz__view_ground_m_per_pt(&sb->mpp, &pg->v)) < 0)
        return rc;
    sb->km = kz__scalebar_choose(maxlen * sb->mpp / 1000);
    sb->len = sb->km * 1000 / sb->mpp;
    return KZ_OK;
}

#define NORTH_W (9 * KZ_MM)

/* The relief under the scale, as topographic maps state the contour
 * interval there: "Relyef (DEM), horizontallar arası 100 m / Relief
 * (DEM), contour interval 100 m"; "" without relief.  Not in the legend:
 * a line more there pushes it over district names on the crowded
 * region maps. */
static void relief_text(kz_page *pg, char *text, size_t cap)
{
    const kz_style *st = pg->st;
    const char *langs[2] = {"az", "en"};
    char part[2][160];
    long second;
    int i;

    text[0] = '\0';
    if (!pg->has_relief)
        return;
    for (i = 0; i < 2; i++) {
        int li = kz__style_lang_index(st, langs[i]);
        part[i][0] = '\0';
        if (li < 0)
            continue;
        if (pg->contour_step > 0)
            kz__text_printf(part[i], sizeof(part[i]), "%s, %s %.0f m",
                            kz__style_text_i(st, "legend.relief",
                                             (size_t)li),
                            kz__style_text_i(st, "legend.contours",
                                             (size_t)li),
                            pg->contour_step);
        else
            kz__text_printf(part[i], sizeof(part[i]), "%s",
                            kz__style_text_i(st, "legend.relief",
                                             (size_t)li));
    }
    kz__text_bilingual(text, cap, &second, st, part[0], part[1], 0);
}

/* "Miqyas 1:84 800 / Scale 1:84,800": the scale at the centre, three
 * significant figures. */
static void scale_text(kz_page *pg, char *text, size_t cap)
{
    const kz_style *st = pg->st;
    char parts[2][128], num[64];
    double p = pow(10, floor(log10(pg->v.scale)) - 2),
           rounded = round(pg->v.scale / p) * p;
    long second;
    size_t li;

    for (li = 0; li < st->n_langs && li < 2; li++) {
        kz_format_number(num, sizeof(num), rounded, 0, st->langs[li]);
        kz__text_printf(parts[li], sizeof(parts[li]), "%s 1:%s",
                        kz__style_text_i(st, "scale", li), num);
    }
    if (st->n_langs >= 2)
        kz__text_bilingual(text, cap, &second, st,
                           strcmp(st->langs[0], "az") == 0 ? parts[0]
                                                           : parts[1],
                           strcmp(st->langs[0], "az") == 0 ? parts[1]
                                                           : parts[0],
                           0);
    else
        kz__text_printf(text, cap, "%s", parts[0]);
}

static void scale_size(kz_page *pg, const scalebar *sb, double *w, double *h)
{
    const kz_style *st = pg->st;
    char a[64], b[160];
    PangoLayout *l;
    double nw, bw, th, tail;

    /* the last number is centred on the bar's end and followed by its
     * unit: the box holds all of it, clear of the neatline */
    kz_format_number(a, sizeof(a), sb->km, decimals_of(sb->km),
                     st->langs[0]);
    kz__text_printf(b, sizeof(b), "%s %s", a,
                    kz__style_text_i(st, "unit.km", 0));
    l = kz__text_layout(&pg->txt, a, st->font_small, 0, 0, -1, 0);
    kz__text_size(l, &nw, &th);
    g_object_unref(l);
    l = kz__text_layout(&pg->txt, b, st->font_small, 0, 0, -1, 0);
    kz__text_size(l, &bw, &th);
    g_object_unref(l);
    tail = bw - nw / 2 + 2;
    *w = NORTH_W + 4 + sb->len + (tail > 12 ? tail : 12) + 2 * PAD;
    /* and the scale written out under the bar */
    {
        char text[512];
        scale_text(pg, text, sizeof(text));
        l = kz__text_layout(&pg->txt, text, st->font_small, 0, 0, -1, 0);
        kz__text_size(l, &bw, &th);
        g_object_unref(l);
        if (NORTH_W + 4 + bw + 2 + 2 * PAD > *w)
            *w = NORTH_W + 4 + bw + 2 + 2 * PAD;
        relief_text(pg, text, sizeof(text));
        if (*text) {
            l = kz__text_layout(&pg->txt, text, st->font_small, 0, 0, -1,
                                0);
            kz__text_size(l, &bw, &th);
            g_object_unref(l);
            if (NORTH_W + 4 + bw + 2 + 2 * PAD > *w)
                *w = NORTH_W + 4 + bw + 2 + 2 * PAD;
        }
    }
    *h = 2 * PAD + pg->st->font_small * (pg->has_relief ? 3.9 : 2.6) + 4 +
         2;
    if (*h < 11 * KZ_MM)
        *h = 11 * KZ_MM;
}

static void text_at(kz_page *pg, const char *s, double size, double x,
                    double y, double align)
{
    PangoLayout *l = kz__text_layout(&pg->txt, s, size, 0, 0, -1, 0);
    double w, h;
    kz__text_size(l, &w, &h);
    kz__text_draw(pg->cr, l, x - w * align, y, &pg->st->text, 0, NULL);
    g_object_unref(l);
}

static int scale_draw(kz_page *pg, const scalebar *sb, double bx, double by,
                      double bw, double bh)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    char a[64], b[160], text[512];
    long second;
    double ax = bx + PAD + NORTH_W / 2, ay = by + bh / 2, north, L = 7 * KZ_MM;
    double x0 = bx + PAD + NORTH_W + 4, ybar = by + PAD + st->font_small * 1.3;
    double p;
    int rc, i, segs;
    size_t li;

    /* north arrow, turned to true north at the frame centre */
    if ((rc = kz__view_north_deg(&north, &pg->v)) < 0)
        return rc;
    pg->res.north_deg = north;
    cairo_save(cr);
    cairo_translate(cr, ax, ay + 2);
    cairo_rotate(cr, north * M_PI / 180);
    cairo_move_to(cr, 0, -L / 2);
    cairo_line_to(cr, L * 0.22, L / 2);
    cairo_line_to(cr, 0, L * 0.3);
    cairo_close_path(cr);
    kz__set_rgb(cr, &st->text);
    cairo_fill(cr);
    cairo_move_to(cr, 0, -L / 2);
    cairo_line_to(cr, -L * 0.22, L / 2);
    cairo_line_to(cr, 0, L * 0.3);
    cairo_close_path(cr);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    cairo_restore(cr);
    kz__text_catalog(text, sizeof(text), &second, st, "north", 0);
    text_at(pg, text, st->font_small, ax, by + 1, 0.5);

    /* bar: 4 segments for 1 and 2 series lengths, 5 for the 5 series */
    p = pow(10, floor(log10(sb->km) + 1e-9));
    segs = fabs(sb->km / p - 5) < 1e-6 ? 5 : 4;
    for (i = 0; i < segs; i++) {
        cairo_rectangle(cr, x0 + sb->len * i / segs, ybar, sb->len / segs, 3);
        kz__set_rgb(cr, i % 2 ? &st->paper : &st->text);
        cairo_fill_preserve(cr);
        kz__set_rgb(cr, &st->text);
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
    }
    pg->res.scalebar_km = sb->km;
    li = 0;
    kz_format_number(a, sizeof(a), 0, 0, st->langs[li]);
    text_at(pg, a, st->font_small, x0, ybar - st->font_small * 1.3, 0.5);
    kz_format_number(a, sizeof(a), sb->km / 2, decimals_of(sb->km / 2),
                     st->langs[li]);
    text_at(pg, a, st->font_small, x0 + sb->len / 2,
            ybar - st->font_small * 1.3, 0.5);
    kz_format_number(a, sizeof(a), sb->km, decimals_of(sb->km),
                     st->langs[li]);
    kz__text_printf(b, sizeof(b), "%s %s", a, kz__style_text_i(st, "unit.km", 0));
    {
        PangoLayout *l = kz__text_layout(&pg->txt, a, st->font_small, 0, 0,
                                         -1, 0);
        double w, h;
        kz__text_size(l, &w, &h);
        g_object_unref(l);
        text_at(pg, b, st->font_small, x0 + sb->len - w / 2,
                ybar - st->font_small * 1.3, 0);
    }
    scale_text(pg, text, sizeof(text));
    text_at(pg, text, st->font_small, x0, ybar + 5, 0);
    relief_text(pg, text, sizeof(text));
    if (*text)
        text_at(pg, text, st->font_small, x0,
                ybar + 5 + st->font_small * 1.3, 0);
    (void)bw;
    return KZ_OK;
}

/* ---- placement ---- */

static void corner_xy(const kz_page *pg, int corner, double w, double h,
                      double *x, double *y)
{
    const kz_view *v = &pg->v;
    *x = corner & 1 ? v->x0 + v->w - w : v->x0;
    *y = corner & 2 ? v->y0 + v->h - h : v->y0;
}

/* The cost of a box: the outlets it would cover, even in part, those of
 * the map's own district or region counting a thousand times, and as much
 * again each place where one of the map's own districts is to be named
 * (a small district under the box would be hidden whole). */
static size_t symbols_in(const kz_page *pg, double x, double y, double w,
                         double h)
{
    size_t i, n = 0;
    for (i = 0; i < pg->n_sym; i++) {
        const double *s = pg->sym_xy + 4 * i;
        if (s[0] + s[2] >= x && s[0] - s[2] <= x + w && s[1] + s[2] >= y &&
            s[1] - s[2] <= y + h)
            n += s[3] != 0 ? 1000 : 1;
    }
    for (i = 0; i < pg->n_focus_xy; i++) {
        const double *s = pg->focus_xy + 2 * i;
        if (s[0] >= x && s[0] <= x + w && s[1] >= y && s[1] <= y + h)
            n += 1000;
    }
    return n;
}

int kz__furniture_place(kz_page *pg)
{
    /* preferred corners: legend bottom left, inset top right, scale bottom
     * right; the emptiest free corner wins */
    static const int pref[3][4] = {
        {2, 0, 3, 1}, {1, 0, 3, 2}, {3, 2, 1, 0}};
    double sizes[3][2] = {{0, 0}, {0, 0}, {0, 0}};
    int used[4] = {0, 0, 0, 0}, f, i, rc;
    scalebar sb;
    kz_view iv;

    legend(pg, 0, 0, 0, &sizes[0][0], &sizes[0][1]);
    if (pg->o->kind != KZ_MAP_NATIONAL &&
        (rc = inset_view(pg, &iv, &sizes[1][0], &sizes[1][1],
                         fmin(pg->v.w * 0.3, 60 * KZ_MM))) < 0)
        return rc;
    if ((rc = scalebar_compute(pg, &sb)) < 0)
        return rc;
    scale_size(pg, &sb, &sizes[2][0], &sizes[2][1]);
    for (f = 0; f < 3; f++) {
        size_t best_n = (size_t)-1;
        int best = -1;
        pg->fcorner[f] = -1;
        if (sizes[f][0] <= 0 || sizes[f][0] > pg->v.w * 0.6 ||
            sizes[f][1] > pg->v.h * 0.6)
            continue;
        for (i = 0; i < 4; i++) {
            int c = pref[f][i];
            double x, y;
            size_t n;
            if (used[c])
                continue;
            corner_xy(pg, c, sizes[f][0], sizes[f][1], &x, &y);
            n = symbols_in(pg, x, y, sizes[f][0], sizes[f][1]);
            if (n < best_n) {
                best_n = n;
                best = c;
            }
        }
        if (best < 0)
            continue;
        used[best] = 1;
        pg->fcorner[f] = best;
        corner_xy(pg, best, sizes[f][0], sizes[f][1], &pg->fbox[f][0],
                  &pg->fbox[f][1]);
        pg->fbox[f][2] = sizes[f][0];
        pg->fbox[f][3] = sizes[f][1];
        if ((rc = kz_collide_insert(pg->ctx, pg->grid, pg->fbox[f][0],
                                    pg->fbox[f][1],
                                    pg->fbox[f][0] + sizes[f][0],
                                    pg->fbox[f][1] + sizes[f][1])) < 0 ||
            (rc = kz_collide_insert(pg->ctx, pg->lgrid, pg->fbox[f][0],
                                    pg->fbox[f][1],
                                    pg->fbox[f][0] + sizes[f][0],
                                    pg->fbox[f][1] + sizes[f][1])) < 0 ||
            (rc = kz__boxlog_add(pg->log, 2, pg->fbox[f][0], pg->fbox[f][1],
                                 pg->fbox[f][0] + sizes[f][0],
                                 pg->fbox[f][1] + sizes[f][1])) < 0)
            return rc;
    }
    return KZ_OK;
}

static void box_bg(kz_page *pg, const double *b)
{
    cairo_t *cr = pg->cr;
    const kz_rgb *p = &pg->st->paper;
    cairo_rectangle(cr, b[0], b[1], b[2], b[3]);
    /* opaque: nothing of the map shows through the furniture */
    cairo_set_source_rgba(cr, p->r, p->g, p->b, 1.0);
    cairo_fill_preserve(cr);
    kz__set_rgb(cr, &pg->st->frame);
    cairo_set_line_width(cr, pg->st->lw_graticule * 2);
    cairo_stroke(cr);
}

int kz__furniture_draw(kz_page *pg)
{
    double w, h;
    int rc;

    if (pg->fcorner[0] >= 0) {
        box_bg(pg, pg->fbox[0]);
        legend(pg, 1, pg->fbox[0][0], pg->fbox[0][1], &w, &h);
    }
    if (pg->fcorner[1] >= 0) {
        box_bg(pg, pg->fbox[1]);
        if ((rc = inset_draw(pg, pg->fbox[1][0], pg->fbox[1][1])) < 0)
            return rc;
    }
    if (pg->fcorner[2] >= 0) {
        scalebar sb;
        box_bg(pg, pg->fbox[2]);
        if ((rc = scalebar_compute(pg, &sb)) < 0 ||
            (rc = scale_draw(pg, &sb, pg->fbox[2][0], pg->fbox[2][1],
                             pg->fbox[2][2], pg->fbox[2][3])) < 0)
            return rc;
    } else {
        /* no room for the bar: still report the scale */
        scalebar sb;
        if ((rc = scalebar_compute(pg, &sb)) < 0)
            return rc;
        pg->res.scalebar_km = sb.km;
        if ((rc = kz__view_north_deg(&pg->res.north_deg, &pg->v)) < 0)
            return rc;
    }
    return KZ_OK;
}
