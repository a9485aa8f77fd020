/*
 * legend.c - the legend of a map: a row for each kind drawn on the page
 * (condition classes with their symbols, discharge sizes, galleries,
 * districts, neighbours, reference layers, relief, density classes), in
 * both languages, measured first and then drawn in the corner chosen.
 */
#include "furniture/furniture.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* "< 0,5", "0,5–2", "10+" in one language. */
static void range_text(char *buf, size_t cap, const double *br, size_t nbr,
                       size_t cls, const char *lang)
{
    char a[40], b[40];
    if (cls == 0) {
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
void kz__legend(kz_page *pg, int draw, double x, double y, double *w,
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
    double symw = 2 * st->size_radius[st->n_sizes] + 5, rw;
    double yy = y + KZ_PAD;
    size_t i;
    int li_az = kz__style_lang_index(st, "az") >= 0;

    *w = 0;
#define ROW(kind, cls)                                                        \
    do {                                                                      \
        yy += legend_row(pg, draw, x + KZ_PAD, yy, symw, kind, cls, text,     \
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
    *w += 2 * KZ_PAD;
    *h = yy - y + KZ_PAD;
}
