/*
 * legend.c - the legend of a map: a row for each kind drawn on the page
 * (condition classes with their symbols, discharge sizes, galleries,
 * districts, neighbours, reference layers, relief shading and contours,
 * density classes), in
 * both languages, measured first and then drawn in the corner chosen.
 */
#include "furniture/furniture.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void kz__legend_range(char *buf, size_t cap, const double *br, size_t nbr,
                      size_t cls, int zero, const char *lang)
{
    char a[40], b[40];
    if (cls == 0 && zero) {
        /* beside the row of 0, the first class starts above it */
        kz_format_number(a, sizeof(a), br[0], kz__decimals_of(br[0]), lang);
        kz__text_printf(buf, cap, ">0–<%s", a);
    } else if (cls == 0) {
        kz_format_number(a, sizeof(a), br[0], kz__decimals_of(br[0]), lang);
        kz__text_printf(buf, cap, "< %s", a);
    } else if (cls == nbr) {
        kz_format_number(a, sizeof(a), br[nbr - 1],
                         kz__decimals_of(br[nbr - 1]), lang);
        kz__text_printf(buf, cap, "%s+", a); /* Noto Sans has no ≥ */
    } else {
        kz_format_number(a, sizeof(a), br[cls - 1],
                         kz__decimals_of(br[cls - 1]), lang);
        kz_format_number(b, sizeof(b), br[cls], kz__decimals_of(br[cls]), lang);
        /* a class holds its lower limit, not its upper one: "0,5–<2" so
         * that no limit reads as in two classes */
        kz__text_printf(buf, cap, "%s–<%s", a, b);
    }
}

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

/* The key of a line row (galleries, district border, river, road) centred
 * on (sx, cy), symw wide. */
static void key_line(kz_page *pg, kz_legend_row kind, double sx, double cy,
                     double symw)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;

    cairo_save(cr);
    cairo_new_path(cr);
    cairo_move_to(cr, sx - symw / 2 + 1.5, cy);
    cairo_line_to(cr, sx + symw / 2 - 1.5, cy);
    if (kind == KZ_ROW_STATE) {
        kz__set_rgb(cr, &st->state_border);
        cairo_set_line_width(cr, st->lw_state_border);
        cairo_set_dash(cr, st->dash_state_border, 4, 0);
    } else if (kind == KZ_ROW_CONTOUR) {
        /* an index line over an ordinary one, as the map draws them */
        cairo_new_path(cr);
        cairo_move_to(cr, sx - symw / 2 + 1.5, cy - 1.5);
        cairo_curve_to(cr, sx - 1, cy - 3, sx + 1, cy, sx + symw / 2 - 1.5,
                       cy - 1.5);
        kz__set_rgb(cr, &st->contour);
        cairo_set_line_width(cr, st->lw_contour_index);
        cairo_stroke(cr);
        cairo_move_to(cr, sx - symw / 2 + 1.5, cy + 1.5);
        cairo_curve_to(cr, sx - 1, cy, sx + 1, cy + 3, sx + symw / 2 - 1.5,
                       cy + 1.5);
        cairo_set_line_width(cr, st->lw_contour);
    } else if (kind == KZ_ROW_RIVER || kind == KZ_ROW_ROAD) {
        kz__set_rgb(cr, kind == KZ_ROW_RIVER ? &st->river : &st->road);
        cairo_set_line_width(
            cr, kind == KZ_ROW_RIVER
                    ? st->lw_river[widest_drawn(pg->ref_drawn[KZ_REF_RIVERS])]
                    : st->lw_road[widest_drawn(pg->ref_drawn[KZ_REF_ROADS])]);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    } else {
        kz__set_rgb(cr, kind == KZ_ROW_DISTRICT ? &st->district_border
                                             : &st->gallery);
        cairo_set_line_width(cr, kind == KZ_ROW_GALLERY ? st->lw_gallery
                                 : kind == KZ_ROW_SCHEMATIC
                                     ? st->lw_gallery_schematic
                                     : st->lw_district);
        if (kind == KZ_ROW_SCHEMATIC)
            cairo_set_dash(cr, st->dash_gallery_schematic, 2, 0);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The key of a point row (outlet size, city, settlement, shaft, mother
 * well) centred on (sx, cy); r: the outlet's radius. */
static void key_point(kz_page *pg, kz_legend_row kind, double sx, double cy,
                      double r)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;

    cairo_new_path(cr);
    switch (kind) {
    case KZ_ROW_SIZE:
        cairo_arc(cr, sx, cy, r, 0, 2 * M_PI);
        kz__set_rgb(cr, &st->paper);
        cairo_fill_preserve(cr);
        kz__set_rgb(cr, &st->symbol_stroke);
        cairo_set_line_width(cr, st->lw_symbol);
        cairo_stroke(cr);
        break;
    case KZ_ROW_CITY:
        cairo_arc(cr, sx, cy, st->place_radius[0], 0, 2 * M_PI);
        kz__set_rgb(cr, &st->halo_color);
        cairo_fill_preserve(cr);
        kz__set_rgb(cr, &st->place);
        cairo_set_line_width(cr, st->place_radius[0] * 0.35);
        cairo_stroke(cr);
        cairo_arc(cr, sx, cy, st->place_radius[0] * 0.4, 0, 2 * M_PI);
        cairo_fill(cr);
        break;
    case KZ_ROW_SETTLEMENT:
        cairo_arc(cr, sx, cy, st->place_radius[2], 0, 2 * M_PI);
        kz__set_rgb(cr, &st->place);
        cairo_fill(cr);
        break;
    case KZ_ROW_SHAFT:
        cairo_arc(cr, sx, cy, st->shaft_radius, 0, 2 * M_PI);
        kz__set_rgb(cr, &st->paper);
        cairo_fill_preserve(cr);
        kz__set_rgb(cr, &st->shaft);
        cairo_set_line_width(cr, st->lw_shaft);
        cairo_stroke(cr);
        break;
    default: /* KZ_ROW_MOTHER */
        kz__symbol_mother_well(cr, st, sx, cy, 1);
        break;
    }
}

/* The relief shading's key: a swatch lit from the upper left, dark to
 * light in the style's range of greys under the land's translucent
 * fill, as the map shows it. */
static void relief_swatch(kz_page *pg, double sx, double cy)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    cairo_pattern_t *p = cairo_pattern_create_linear(sx + 4, cy + 3, sx - 4,
                                                     cy - 3);

    cairo_pattern_add_color_stop_rgb(p, 0, st->relief_dark, st->relief_dark,
                                     st->relief_dark);
    cairo_pattern_add_color_stop_rgb(p, 1, st->relief_light,
                                     st->relief_light, st->relief_light);
    cairo_new_path(cr);
    cairo_rectangle(cr, sx - 4, cy - 3, 8, 6);
    cairo_set_source(cr, p);
    cairo_fill_preserve(cr);
    cairo_pattern_destroy(p);
    cairo_set_source_rgba(cr, st->land.r, st->land.g, st->land.b,
                          st->relief_fill_alpha);
    cairo_fill_preserve(cr);
    kz__set_rgb(cr, &st->district_border);
    cairo_set_line_width(cr, st->lw_district);
    cairo_stroke(cr);
}

/* The key of a row (its symbol, line or swatch) centred on (sx, cy). */
static void row_key(kz_page *pg, kz_legend_row kind, int cls, double sx,
                    double cy, double r, double symw)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;

    switch (kind) {
    case KZ_ROW_COND:
        kz__symbol_draw(cr, st, cls, sx, cy, r);
        break;
    case KZ_ROW_GALLERY:
    case KZ_ROW_SCHEMATIC:
    case KZ_ROW_DISTRICT:
    case KZ_ROW_STATE:
    case KZ_ROW_RIVER:
    case KZ_ROW_ROAD:
    case KZ_ROW_CONTOUR:
        key_line(pg, kind, sx, cy, symw);
        break;
    case KZ_ROW_RELIEF:
        relief_swatch(pg, sx, cy);
        break;
    case KZ_ROW_SIZE:
    case KZ_ROW_CITY:
    case KZ_ROW_SETTLEMENT:
    case KZ_ROW_SHAFT:
    case KZ_ROW_MOTHER:
        key_point(pg, kind, sx, cy, r);
        break;
    case KZ_ROW_FOCUS:
        swatch(cr, sx, cy, pg->density ? NULL : &st->highlight,
               st->highlight_alpha, &st->highlight_border,
               fmin(st->lw_highlight, 1.2));
        break;
    case KZ_ROW_OTHERS:
        swatch(cr, sx, cy, &st->land, 1, &st->district_border,
               st->lw_district);
        /* their kahrizes, muted, when the map draws them: the pale
         * symbol on the neighbours' fill is their key */
        if (pg->has_muted)
            kz__symbol_draw_faded(cr, st, KZ_COND_GOOD, sx, cy,
                                  st->size_radius[st->n_sizes / 2] *
                                      st->neighbour_scale,
                                  st->neighbour_fade);
        break;
    case KZ_ROW_COUNTRIES:
        swatch(cr, sx, cy, &st->neighbour, 1, &st->neighbour_border,
               st->lw_neighbour);
        break;
    case KZ_ROW_WATER:
        swatch(cr, sx, cy, &st->water_fill, 1, &st->water_border,
               st->lw_water);
        break;
    case KZ_ROW_DENSITY:
        swatch(cr, sx, cy, &st->density_color[cls], 1, &st->district_border,
               st->lw_district);
        break;
    case KZ_ROW_DENSITY_ZERO:
        /* the land hatched, as the map draws a district without kahrizes */
        swatch(cr, sx, cy, &st->land, 1, &st->district_border,
               st->lw_district);
        cairo_save(cr);
        cairo_rectangle(cr, sx - 4, cy - 3, 8, 6);
        cairo_clip(cr);
        {
            double d;
            for (d = -10; d <= 4; d += 1.2 * KZ_MM) {
                cairo_move_to(cr, sx + d, cy + 3);
                cairo_line_to(cr, sx + d + 6, cy - 3);
            }
        }
        kz__set_rgb(cr, &st->district_border);
        cairo_set_line_width(cr, 0.35);
        cairo_stroke(cr);
        cairo_restore(cr);
        break;
    default:
        break;
    }
}

void kz__legend_key(cairo_t *cr, const kz_style *st, kz_legend_row kind,
                    int cls, double sx, double cy)
{
    /* a page that draws every kind, its lines in their widest class */
    kz_page pg;
    double r = 0;
    size_t i;

    memset(&pg, 0, sizeof(pg));
    pg.cr = cr;
    pg.st = st;
    for (i = 0; i < KZ_REF_KINDS; i++)
        pg.ref_drawn[i] = 1u;
    if (kind == KZ_ROW_SIZE)
        r = kz__style_size_radius(st, cls);
    else if (kind == KZ_ROW_COND)
        r = st->size_radius[st->n_sizes / 2];
    cairo_save(cr);
    row_key(&pg, kind, cls, sx, cy, r,
            2 * st->size_radius[st->n_sizes] + 5);
    cairo_restore(cr);
}

static double legend_row(kz_page *pg, int draw, double x, double y,
                         double symw, kz_legend_row kind, int cls,
                         const char *text, long second, double *w)
{
    const kz_style *st = pg->st;
    PangoLayout *l = kz__text_layout(&pg->txt, text, st->font_legend,
                                     kind == KZ_ROW_HEAD, 0, second, 0);
    double tw, th, rh, r = 0, cy;

    kz__text_size(l, &tw, &th);
    if (kind == KZ_ROW_SIZE)
        r = kz__style_size_radius(st, cls);
    else if (kind == KZ_ROW_COND)
        r = st->size_radius[st->n_sizes / 2];
    rh = fmax(th, 2 * r + 1.5);
    if (kind == KZ_ROW_HEAD)
        rh += 1.5;
    *w = (kind == KZ_ROW_HEAD ? 0 : symw) + tw;
    if (draw) {
        cy = y + rh / 2;
        row_key(pg, kind, cls, x + symw / 2 - 1, cy, r, symw);
        kz__text_draw(pg->cr, l, kind == KZ_ROW_HEAD ? x : x + symw,
                      cy - th / 2 + (kind == KZ_ROW_HEAD ? 0.75 : 0), &st->text,
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

/* A legend being measured or drawn: rows go down from (x, y). */
typedef struct legend_at {
    kz_page *pg;
    int draw;
    double x, y, symw, w; /* w: the widest row so far */
    int zero;             /* density: a row of 0 stands before the classes */
} legend_at;

static void row(legend_at *lg, kz_legend_row kind, int cls, const char *text,
                long second)
{
    double rw;
    lg->y += legend_row(lg->pg, lg->draw, lg->x + KZ_PAD, lg->y, lg->symw,
                        kind, cls, text, second, &rw);
    if (rw > lg->w)
        lg->w = rw;
}

/* A row whose text is the catalog's key in every language. */
static void row_key_text(legend_at *lg, kz_legend_row kind, const char *key)
{
    char text[512];
    long second;
    kz__text_catalog(text, sizeof(text), &second, lg->pg->st, key, 0);
    row(lg, kind, 0, text, second);
}

/* Rows of classes between breaks (sizes of discharge, density), those
 * drawn (bit i of drawn) only. */
static void class_rows(legend_at *lg, kz_legend_row kind, const double *br,
                       size_t nbr, unsigned drawn)
{
    char text[512], az[128], en[128];
    long second;
    size_t i;

    for (i = 0; i <= nbr; i++) {
        if (!(drawn & (1u << i)))
            continue;
        kz__legend_range(az, sizeof(az), br, nbr, i, lg->zero, "az");
        kz__legend_range(en, sizeof(en), br, nbr, i, lg->zero, "en");
        kz__text_bilingual(text, sizeof(text), &second, lg->pg->st, az, en,
                           0);
        row(lg, kind, (int)i, text, second);
    }
}

/* The outlets' conditions and discharge sizes drawn on the map. */
static void outlet_rows(legend_at *lg)
{
    static const int order[KZ_COND_COUNT] = {
        KZ_COND_GOOD, KZ_COND_FAIR, KZ_COND_POOR,
        KZ_COND_DRY, KZ_COND_COLLAPSED, KZ_COND_UNASSESSED};
    static const char *const ckeys[KZ_COND_COUNT] = {
        "condition.unassessed", "condition.good", "condition.fair",
        "condition.poor", "condition.dry", "condition.collapsed"};
    const kz_style *st = lg->pg->st;
    const kz_map_result *res = &lg->pg->res;
    size_t i;

    row_key_text(lg, KZ_ROW_HEAD, "legend.condition");
    for (i = 0; i < KZ_COND_COUNT; i++)
        if (res->conditions & (1u << order[i])) {
            char text[512];
            long second;
            kz__text_catalog(text, sizeof(text), &second, st,
                             ckeys[order[i]], 0);
            row(lg, KZ_ROW_COND, order[i], text, second);
        }
    lg->y += 2;
    row_key_text(lg, KZ_ROW_HEAD, "legend.discharge");
    class_rows(lg, KZ_ROW_SIZE, st->size_breaks, st->n_sizes, res->sizes);
    if (res->sizes & (1u << 31)) {
        char text[512];
        long second;
        kz__text_catalog(text, sizeof(text), &second, st,
                         "legend.not_measured", 0);
        row(lg, KZ_ROW_SIZE, -1, text, second);
    }
}

/* The features drawn on the map, in the legend's order. */
static void feature_rows(legend_at *lg)
{
    kz_page *pg = lg->pg;
    const unsigned *ref = pg->ref_drawn;
    const struct {
        int on;
        const char *key;
        kz_legend_row kind;
    } rows[] = {
        {pg->has_gallery, "legend.gallery", KZ_ROW_GALLERY},
        {pg->has_schematic, "legend.gallery_schematic", KZ_ROW_SCHEMATIC},
        {pg->has_mother, "legend.mother_well", KZ_ROW_MOTHER},
        {pg->has_shaft, "legend.shaft", KZ_ROW_SHAFT},
        {pg->n_focus != 0, pg->n_focus ? focus_key(pg) : NULL, KZ_ROW_FOCUS},
        {pg->has_others && !pg->density, "legend.neighbour_districts",
         KZ_ROW_OTHERS},
        {pg->has_countries, "legend.neighbour_countries", KZ_ROW_COUNTRIES},
        {pg->has_state_border, "legend.state_border", KZ_ROW_STATE},
        {1, "legend.district", KZ_ROW_DISTRICT},
        {ref[KZ_REF_WATER] != 0, "legend.water", KZ_ROW_WATER},
        {ref[KZ_REF_RIVERS] != 0, "legend.river", KZ_ROW_RIVER},
        {ref[KZ_REF_ROADS] != 0, "legend.road", KZ_ROW_ROAD},
        {(ref[KZ_REF_PLACES] & 1u) != 0 || pg->has_seat, "legend.city",
         KZ_ROW_CITY},
        {(ref[KZ_REF_PLACES] & ~1u) != 0, "legend.settlement",
         KZ_ROW_SETTLEMENT},
        {pg->contour_step > 0, "legend.contour_lines", KZ_ROW_CONTOUR},
        {pg->has_relief, "legend.hillshade", KZ_ROW_RELIEF},
    };
    size_t i;

    lg->y += 2;
    row_key_text(lg, KZ_ROW_HEAD, "legend.features");
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        if (rows[i].on)
            row_key_text(lg, rows[i].kind, rows[i].key);
}

/* The whole legend at x, y, in pg->legend_cols columns (the kahrizes'
 * classes, then the features beside them when 2); *w, *h receive its
 * size. */
void kz__legend(kz_page *pg, int draw, double x, double y, double *w,
                double *h)
{
    legend_at lg;
    double h1 = 0, w1 = 0;

    lg.pg = pg;
    lg.draw = draw;
    lg.zero = 0;
    lg.x = x;
    lg.y = y + KZ_PAD;
    lg.symw = 2 * pg->st->size_radius[pg->st->n_sizes] + 5;
    lg.w = 0;
    if (pg->res.conditions)
        outlet_rows(&lg);
    if (pg->o->fill == KZ_FILL_DENSITY &&
        (pg->res.density_classes || pg->density_zero)) {
        lg.y += 2;
        row_key_text(&lg, KZ_ROW_HEAD, "legend.density");
        if (pg->density_zero)
            row(&lg, KZ_ROW_DENSITY_ZERO, 0, "0", -1);
        lg.zero = pg->density_zero;
        class_rows(&lg, KZ_ROW_DENSITY, pg->density_breaks, pg->n_density,
                   pg->res.density_classes);
        lg.zero = 0;
    }
    if (pg->legend_cols == 2 && lg.y > y + KZ_PAD) {
        /* the features in a second column beside the classes */
        h1 = lg.y - y;
        w1 = lg.w + KZ_PAD * 2;
        lg.x = x + w1;
        lg.y = y + KZ_PAD - 2; /* feature_rows begins with a gap */
        lg.w = 0;
    }
    feature_rows(&lg);
    *w = w1 + lg.w + 2 * KZ_PAD;
    *h = fmax(h1, lg.y - y) + KZ_PAD;
}
