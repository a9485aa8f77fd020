/*
 * parse.c - a style document's values read into a kz_style, field by
 * field: the page, the languages, the classes and symbols, the reference
 * geography and the bilingual catalog.  Every value the renderer uses
 * comes from the document: a missing or mistyped value is KZ_ESTYLE
 * naming the file and the JSON path, never a silent default.
 */
#include "style/style.h"

#include <errno.h>
#include <json-c/json.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum vtype { V_NUM, V_MM, V_PT, V_COLOR, V_BOOL };

typedef struct field {
    const char *path; /* dotted, under $ */
    enum vtype type;
    size_t off;
} field;

#define F(p, t, m) {p, t, offsetof(struct kz_style, m)}
static const field fields[] = {
    F("fonts.title_pt", V_PT, font_title),
    F("fonts.label_pt", V_PT, font_label),
    F("fonts.district_pt", V_PT, font_district),
    F("fonts.legend_pt", V_PT, font_legend),
    F("fonts.small_pt", V_PT, font_small),
    F("labels.second_italic", V_BOOL, second_italic),
    F("labels.halo_mm", V_MM, halo),
    F("labels.halo_raster_dpi", V_NUM, halo_dpi),
    F("labels.kahrizes_on_national", V_BOOL, label_kahrizes_national),
    F("colors.background", V_COLOR, background),
    F("colors.paper", V_COLOR, paper),
    F("colors.sea", V_COLOR, sea),
    F("colors.sea_text", V_COLOR, sea_text),
    F("colors.land", V_COLOR, land),
    F("colors.neighbour", V_COLOR, neighbour),
    F("colors.neighbour_border", V_COLOR, neighbour_border),
    F("colors.neighbour_text", V_COLOR, neighbour_text),
    F("colors.district_border", V_COLOR, district_border),
    F("colors.state_border", V_COLOR, state_border),
    F("colors.highlight", V_COLOR, highlight),
    F("colors.highlight_opacity", V_NUM, highlight_alpha),
    F("colors.highlight_border", V_COLOR, highlight_border),
    F("colors.gallery", V_COLOR, gallery),
    F("colors.shaft", V_COLOR, shaft),
    F("colors.graticule", V_COLOR, graticule),
    F("colors.text", V_COLOR, text),
    F("colors.halo", V_COLOR, halo_color),
    F("colors.frame", V_COLOR, frame),
    F("colors.inset_land", V_COLOR, inset_land),
    F("colors.inset_highlight", V_COLOR, inset_highlight),
    F("colors.symbol_stroke", V_COLOR, symbol_stroke),
    F("symbols.neighbour_scale", V_NUM, neighbour_scale),
    F("symbols.neighbour_fade", V_NUM, neighbour_fade),
    F("sizes.unmeasured_radius_mm", V_MM, radius_unmeasured),
    F("lines.district_mm", V_MM, lw_district),
    F("lines.highlight_mm", V_MM, lw_highlight),
    F("lines.neighbour_mm", V_MM, lw_neighbour),
    F("lines.state_border_mm", V_MM, lw_state_border),
    F("lines.gallery_mm", V_MM, lw_gallery),
    F("lines.gallery_schematic_mm", V_MM, lw_gallery_schematic),
    F("lines.shaft_mm", V_MM, lw_shaft),
    F("lines.graticule_mm", V_MM, lw_graticule),
    F("lines.frame_mm", V_MM, lw_frame),
    F("lines.symbol_mm", V_MM, lw_symbol),
    F("lines.shaft_radius_mm", V_MM, shaft_radius),
    F("lines.shaft_min_gap_mm", V_MM, shaft_min_gap),
    F("detail.shafts_max_scale", V_NUM, shafts_max_scale),
    F("detail.galleries_max_scale", V_NUM, galleries_max_scale),
    F("reference.water.fill", V_COLOR, water_fill),
    F("reference.water.border", V_COLOR, water_border),
    F("reference.water.text", V_COLOR, water_text),
    F("reference.water.border_mm", V_MM, lw_water),
    F("reference.water.min_area_mm2", V_NUM, water_min_area),
    F("reference.rivers.color", V_COLOR, river),
    F("reference.rivers.text", V_COLOR, river_text),
    F("reference.roads.color", V_COLOR, road),
    F("reference.places.color", V_COLOR, place),
    F("reference.places.text", V_COLOR, place_text),
    F("relief.dpi", V_NUM, relief_dpi),
    F("relief.light", V_NUM, relief_light),
    F("relief.dark", V_NUM, relief_dark),
    F("relief.fill_opacity", V_NUM, relief_fill_alpha),
    F("relief.z_factor", V_NUM, relief_z),
    F("relief.jpeg_quality", V_NUM, relief_jpeg),
    F("relief.contour_color", V_COLOR, contour),
    F("relief.contour_text", V_COLOR, contour_text),
    F("relief.contour_mm", V_MM, lw_contour),
    F("relief.contour_index_mm", V_MM, lw_contour_index),
    F("relief.contour_label_pt", V_PT, font_contour),
};
#undef F

/* Keys the renderer asks the catalog for; a translation must give each. */
static const char *const required_keys[] = {
    "title.national", "title.kahrizes", "suffix.district", "suffix.city",
    "suffix.region", "legend.condition", "legend.discharge",
    "legend.features", "legend.density", "legend.gallery",
    "legend.gallery_schematic", "legend.shaft", "legend.mother_well",
    "legend.district", "legend.focus.district", "legend.focus.city",
    "legend.focus.region", "legend.neighbour_districts",
    "legend.neighbour_countries", "legend.not_measured", "condition.good",
    "condition.fair", "condition.poor", "condition.dry",
    "condition.collapsed", "condition.unassessed", "unit.km", "unit.l_s",
    "scale", "north", "source", "inset", "projection", "legend.relief",
    "legend.contours", "source.relief", "legend.state_border",
    "atlas.chart.dry_bar", "atlas.chart.bin_width", "atlas.chart.last_bin",
    "atlas.chart.and_more",
};

static const char *const cond_keys[KZ_COND_COUNT] = {
    "unassessed", "good", "fair", "poor", "dry", "collapsed"};

static const char *jtype(json_object *o)
{
    switch (json_object_get_type(o)) {
    case json_type_null: return "null";
    case json_type_boolean: return "boolean";
    case json_type_double:
    case json_type_int: return "number";
    case json_type_object: return "object";
    case json_type_array: return "array";
    case json_type_string: return "string";
    }
    return "value";
}

static int bad(kz_ctx *ctx, const kz_style *st, const char *path,
               const char *want, json_object *got)
{
    if (!got)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, path,
                         "expected %s, missing", want);
    return kz__error(ctx, KZ_ESTYLE, st->name, 0, path,
                     "expected %s, got %s", want,
                     jtype(got));
}

/* Value at a dotted path, NULL when any step is missing. */
static json_object *at(json_object *root, const char *path)
{
    char key[128];
    const char *p = path;
    json_object *o = root;

    while (o && *p) {
        size_t n = strcspn(p, ".");
        if (n >= sizeof(key))
            return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        if (!json_object_is_type(o, json_type_object) ||
            !json_object_object_get_ex(o, key, &o))
            return NULL;
        p += n;
        if (*p == '.')
            p++;
    }
    return o;
}

static int is_number(json_object *o)
{
    return o && (json_object_is_type(o, json_type_double) ||
                 json_object_is_type(o, json_type_int));
}

static int parse_color(kz_rgb *out, const char *s)
{
    unsigned v;
    size_t i;
    if (strlen(s) != 7 || s[0] != '#')
        return -1;
    for (i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", s[i]))
            return -1;
    sscanf(s + 1, "%x", &v);
    out->r = ((v >> 16) & 255) / 255.0;
    out->g = ((v >> 8) & 255) / 255.0;
    out->b = (v & 255) / 255.0;
    return 0;
}

static int get_color(kz_rgb *out, kz_ctx *ctx, const kz_style *st,
                     json_object *root, const char *path)
{
    json_object *o = at(root, path);
    if (!o || !json_object_is_type(o, json_type_string) ||
        parse_color(out, json_object_get_string(o)) < 0)
        return bad(ctx, st, path, "\"#rrggbb\" string", o);
    return KZ_OK;
}

static int get_num(double *out, kz_ctx *ctx, const kz_style *st,
                   json_object *root, const char *path, double min)
{
    json_object *o = at(root, path);
    if (!is_number(o))
        return bad(ctx, st, path, "number", o);
    *out = json_object_get_double(o);
    if (!isfinite(*out) || *out < min)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, path,
                         "expected a number >= %g, got %g",
                         min, *out);
    return KZ_OK;
}

static int get_str(const char **out, kz_ctx *ctx, kz_style *st,
                   json_object *root, const char *path)
{
    json_object *o = at(root, path);
    if (!o || !json_object_is_type(o, json_type_string) ||
        !json_object_get_string_len(o))
        return bad(ctx, st, path, "non-empty string", o);
    *out = kz__arena_strdup(&st->strings, json_object_get_string(o));
    return *out ? KZ_OK : KZ_ENOMEM;
}

/* Ascending number array of n in [min_n, max_n] elements into out. */
static int get_array(double *out, size_t *n, kz_ctx *ctx, const kz_style *st,
                     json_object *root, const char *path, size_t min_n,
                     size_t max_n, int ascending)
{
    json_object *o = at(root, path);
    size_t i, len;
    char p[160];

    if (!o || !json_object_is_type(o, json_type_array))
        return bad(ctx, st, path, "array of numbers", o);
    len = json_object_array_length(o);
    if (len < min_n || len > max_n)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, path,
                         "expected %zu to %zu numbers, got %zu",
                         min_n, max_n, len);
    for (i = 0; i < len; i++) {
        json_object *e = json_object_array_get_idx(o, i);
        snprintf(p, sizeof(p), "%s[%zu]", path, i);
        if (!is_number(e))
            return bad(ctx, st, p, "number", e);
        out[i] = json_object_get_double(e);
        if (!isfinite(out[i]) || out[i] < 0 ||
            (ascending && i > 0 && out[i] <= out[i - 1]))
            return kz__error(ctx, KZ_ESTYLE, st->name, 0, p,
                             "expected a number %s, got %g",
                             i > 0 && ascending
                                 ? "greater than the one before"
                                 : ">= 0",
                             out[i]);
    }
    *n = len;
    return KZ_OK;
}

static int parse_page(kz_ctx *ctx, kz_style *st, json_object *root)
{
    static const struct {
        const char *name;
        double w, h;
    } sizes[] = {{"A5", 148, 210}, {"A4", 210, 297}, {"A3", 297, 420},
                 {"A2", 420, 594}, {"letter", 215.9, 279.4}};
    const char *size = NULL, *orient = NULL;
    double m[4];
    size_t i, n;
    int rc;

    if ((rc = get_str(&size, ctx, st, root, "page.size")) < 0 ||
        (rc = get_str(&orient, ctx, st, root, "page.orientation")) < 0)
        return rc;
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        if (strcasecmp(size, sizes[i].name) == 0)
            break;
    if (i == sizeof(sizes) / sizeof(sizes[0]))
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, "page.size",
                         "unknown page size \"%s\" "
                         "(A5, A4, A3, A2, letter)",
                         size);
    if (strcmp(orient, "portrait") == 0) {
        st->page_w = sizes[i].w * KZ_MM;
        st->page_h = sizes[i].h * KZ_MM;
    } else if (strcmp(orient, "landscape") == 0) {
        st->page_w = sizes[i].h * KZ_MM;
        st->page_h = sizes[i].w * KZ_MM;
    } else {
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, "page.orientation",
                         "expected \"portrait\" or "
                         "\"landscape\", got \"%s\"",
                         orient);
    }
    if ((rc = get_array(m, &n, ctx, st, root, "page.margins_mm", 4, 4, 0)) <
        0)
        return rc;
    for (i = 0; i < 4; i++)
        st->margin[i] = m[i] * KZ_MM;
    if (st->margin[1] + st->margin[3] > st->page_w * 0.8 ||
        st->margin[0] + st->margin[2] > st->page_h * 0.8)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, "page.margins_mm",
                         "margins leave no room "
                         "for the map");
    return KZ_OK;
}

static int parse_languages(kz_ctx *ctx, kz_style *st, json_object *root)
{
    json_object *o = at(root, "languages");
    size_t i, j, len;
    char p[64];

    if (!o || !json_object_is_type(o, json_type_array))
        return bad(ctx, st, "languages", "array of language codes", o);
    len = json_object_array_length(o);
    if (len < 1 || len > KZ_STYLE_MAX_LANGS)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, "languages",
                         "expected 1 to %d languages, "
                         "got %zu",
                         KZ_STYLE_MAX_LANGS, len);
    for (i = 0; i < len; i++) {
        json_object *e = json_object_array_get_idx(o, i);
        const char *s;
        snprintf(p, sizeof(p), "languages[%zu]", i);
        if (!e || !json_object_is_type(e, json_type_string))
            return bad(ctx, st, p, "language code string", e);
        s = json_object_get_string(e);
        if (strcmp(s, "az") != 0 && strcmp(s, "en") != 0)
            return kz__error(ctx, KZ_ESTYLE, st->name, 0, p,
                             "unknown language \"%s\" (az, en)",
                             s);
        for (j = 0; j < i; j++)
            if (strcmp(st->langs[j], s) == 0)
                return kz__error(ctx, KZ_ESTYLE, st->name, 0, p,
                                 "language \"%s\" given twice",
                                 s);
        if (!(st->langs[i] = kz__arena_strdup(&st->strings, s)))
            return KZ_ENOMEM;
    }
    st->n_langs = len;
    return KZ_OK;
}

static int parse_conditions(kz_ctx *ctx, kz_style *st, json_object *root)
{
    static const char *const shapes[] = {"circle", "square", "triangle",
                                         "diamond", "cross"};
    static const char *const fills[] = {"solid", "open", "half"};
    char p[96];
    const char *s;
    size_t c, i;
    int rc;

    for (c = 0; c < KZ_COND_COUNT; c++) {
        kz_symbol *sym = &st->cond[c];
        snprintf(p, sizeof(p), "colors.condition.%s", cond_keys[c]);
        if ((rc = get_color(&sym->color, ctx, st, root, p)) < 0)
            return rc;
        snprintf(p, sizeof(p), "symbols.condition.%s.shape", cond_keys[c]);
        if ((rc = get_str(&s, ctx, st, root, p)) < 0)
            return rc;
        for (i = 0; i < 5 && strcmp(s, shapes[i]) != 0; i++)
            ;
        if (i == 5)
            return kz__error(ctx, KZ_ESTYLE, st->name, 0, p,
                             "unknown shape \"%s\" (circle, "
                             "square, triangle, diamond, cross)",
                             s);
        sym->shape = (kz_shape)i;
        snprintf(p, sizeof(p), "symbols.condition.%s.fill", cond_keys[c]);
        if ((rc = get_str(&s, ctx, st, root, p)) < 0)
            return rc;
        for (i = 0; i < 3 && strcmp(s, fills[i]) != 0; i++)
            ;
        if (i == 3)
            return kz__error(ctx, KZ_ESTYLE, st->name, 0, p,
                             "unknown fill \"%s\" (solid, open, "
                             "half)",
                             s);
        sym->fill = (kz_fillmode)i;
    }
    return KZ_OK;
}

static int parse_classes(kz_ctx *ctx, kz_style *st, json_object *root)
{
    double radii[KZ_STYLE_MAX_SIZES + 1];
    size_t n, nr, i;
    int rc;
    json_object *colors;
    char p[64];

    if ((rc = get_array(st->size_breaks, &st->n_sizes, ctx, st, root,
                        "sizes.breaks_l_s", 1, KZ_STYLE_MAX_SIZES, 1)) < 0 ||
        (rc = get_array(radii, &nr, ctx, st, root, "sizes.radii_mm", 2,
                        KZ_STYLE_MAX_SIZES + 1, 1)) < 0)
        return rc;
    if (nr != st->n_sizes + 1)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, "sizes.radii_mm",
                         "expected %zu radii (one more "
                         "than breaks_l_s), got %zu",
                         st->n_sizes + 1, nr);
    for (i = 0; i < nr; i++)
        st->size_radius[i] = radii[i] * KZ_MM;
    if ((rc = get_array(st->dash_gallery_schematic, &n, ctx, st, root,
                        "lines.gallery_schematic_dash_mm", 2, 2, 0)) < 0)
        return rc;
    if (!(st->dash_gallery_schematic[0] > 0) ||
        !(st->dash_gallery_schematic[1] > 0))
        return kz__error(ctx, KZ_ESTYLE, st->name, 0,
                         "lines.gallery_schematic_dash_mm",
                         "expected a dash and a gap longer than 0");
    st->dash_gallery_schematic[0] *= KZ_MM;
    st->dash_gallery_schematic[1] *= KZ_MM;
    if ((rc = get_array(st->dash_state_border, &n, ctx, st, root,
                        "lines.state_border_dash_mm", 4, 4, 0)) < 0)
        return rc;
    for (i = 0; i < 4; i++) {
        if (!(st->dash_state_border[i] > 0))
            return kz__error(ctx, KZ_ESTYLE, st->name, 0,
                             "lines.state_border_dash_mm",
                             "expected a dash, a gap, a dot and a gap, "
                             "each longer than 0");
        st->dash_state_border[i] *= KZ_MM;
    }

    if ((rc = get_array(st->density_breaks, &st->n_density, ctx, st, root,
                        "choropleth.breaks_per_100km2", 1,
                        KZ_STYLE_MAX_CLASSES, 1)) < 0)
        return rc;
    colors = at(root, "choropleth.colors");
    if (!colors || !json_object_is_type(colors, json_type_array))
        return bad(ctx, st, "choropleth.colors", "array of colours", colors);
    n = json_object_array_length(colors);
    if (n != st->n_density + 1)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, "choropleth.colors",
                         "expected %zu colours (one "
                         "more than breaks_per_100km2), got %zu",
                         st->n_density + 1, n);
    for (i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(colors, i);
        snprintf(p, sizeof(p), "choropleth.colors[%zu]", i);
        if (!e || !json_object_is_type(e, json_type_string) ||
            parse_color(&st->density_color[i], json_object_get_string(e)) <
                0)
            return bad(ctx, st, p, "\"#rrggbb\" string", e);
    }
    return KZ_OK;
}

/* Four numbers, one per class of a reference kind; mm: in millimetres on
 * paper, kept in points. */
static int get_by_class(double out[4], kz_ctx *ctx, const kz_style *st,
                        json_object *root, const char *path, double unit)
{
    size_t n, i;
    int rc = get_array(out, &n, ctx, st, root, path, 4, 4, 0);
    for (i = 0; rc == KZ_OK && i < 4; i++)
        out[i] *= unit;
    return rc;
}

static int parse_reference(kz_ctx *ctx, kz_style *st, json_object *root)
{
    int rc;
    if ((rc = get_by_class(st->lw_river, ctx, st, root,
                           "reference.rivers.widths_mm", KZ_MM)) < 0 ||
        (rc = get_by_class(st->river_max_scale, ctx, st, root,
                           "reference.rivers.max_scale", 1)) < 0 ||
        (rc = get_by_class(st->lw_road, ctx, st, root,
                           "reference.roads.widths_mm", KZ_MM)) < 0 ||
        (rc = get_by_class(st->road_max_scale, ctx, st, root,
                           "reference.roads.max_scale", 1)) < 0 ||
        (rc = get_by_class(st->place_radius, ctx, st, root,
                           "reference.places.radii_mm", KZ_MM)) < 0 ||
        (rc = get_by_class(st->place_pt, ctx, st, root,
                           "reference.places.label_pt", 1)) < 0 ||
        (rc = get_by_class(st->place_max_scale, ctx, st, root,
                           "reference.places.max_scale", 1)) < 0)
        return rc;
    st->water_min_area *= KZ_MM * KZ_MM;
    return KZ_OK;
}

static int parse_catalog(kz_ctx *ctx, kz_style *st, json_object *root)
{
    json_object *cat = at(root, "catalog"), *months;
    size_t n, i, li;
    char p[256];

    if (!cat || !json_object_is_type(cat, json_type_object))
        return bad(ctx, st, "catalog", "object", cat);
    n = (size_t)json_object_object_length(cat);
    st->catalog = kz__calloc(ctx, n ? n : 1, sizeof(*st->catalog));
    if (!st->catalog)
        return KZ_ENOMEM;
    json_object_object_foreach(cat, key, val)
    {
        kz_catalog_entry *e;
        if (strcmp(key, "months") == 0)
            continue;
        e = &st->catalog[st->n_catalog];
        if (!(e->key = kz__arena_strdup(&st->strings, key)))
            return KZ_ENOMEM;
        for (li = 0; li < st->n_langs; li++) {
            json_object *t = NULL;
            snprintf(p, sizeof(p), "catalog.%s.%s", key, st->langs[li]);
            if (!json_object_is_type(val, json_type_object))
                return bad(ctx, st, p, "string", NULL);
            if (!json_object_object_get_ex(val, st->langs[li], &t) || !t ||
                !json_object_is_type(t, json_type_string))
                return bad(ctx, st, p, "string", t);
            if (!(e->text[li] = kz__arena_strdup(&st->strings,
                                                 json_object_get_string(t))))
                return KZ_ENOMEM;
        }
        st->n_catalog++;
    }
    for (i = 0; i < sizeof(required_keys) / sizeof(required_keys[0]); i++) {
        size_t j;
        for (j = 0; j < st->n_catalog; j++)
            if (strcmp(st->catalog[j].key, required_keys[i]) == 0)
                break;
        if (j == st->n_catalog) {
            snprintf(p, sizeof(p), "catalog.%s", required_keys[i]);
            return bad(ctx, st, p, "object of texts by language", NULL);
        }
    }
    if (!(months = at(root, "catalog.months")) ||
        !json_object_is_type(months, json_type_object))
        return bad(ctx, st, "catalog.months", "object of month names",
                   months);
    for (li = 0; li < st->n_langs; li++) {
        json_object *a = NULL;
        snprintf(p, sizeof(p), "catalog.months.%s", st->langs[li]);
        json_object_object_get_ex(months, st->langs[li], &a);
        if (!a || !json_object_is_type(a, json_type_array) ||
            json_object_array_length(a) != 12)
            return bad(ctx, st, p, "array of 12 month names", a);
        for (i = 0; i < 12; i++) {
            json_object *m = json_object_array_get_idx(a, i);
            if (!m || !json_object_is_type(m, json_type_string)) {
                snprintf(p, sizeof(p), "catalog.months.%s[%zu]",
                         st->langs[li], i);
                return bad(ctx, st, p, "string", m);
            }
            if (!(st->months[li][i] = kz__arena_strdup(
                      &st->strings, json_object_get_string(m))))
                return KZ_ENOMEM;
        }
    }
    return KZ_OK;
}

int kz__style_parse(kz_ctx *ctx, kz_style *st, json_object *root)
{
    const char *format = NULL;
    size_t i;
    int rc;

    if (!json_object_is_type(root, json_type_object))
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, NULL,
                         "expected object, got %s", jtype(root));
    if ((rc = kz__style_check_keys(ctx, st->name, root)) < 0 ||
        (rc = parse_page(ctx, st, root)) < 0 ||
        (rc = get_str(&st->font, ctx, st, root, "fonts.family")) < 0 ||
        (rc = parse_languages(ctx, st, root)) < 0)
        return rc;
    if ((rc = get_str(&format, ctx, st, root, "labels.format")) < 0)
        return rc;
    if (strcmp(format, "two-lines") == 0)
        st->two_lines = 1;
    else if (strcmp(format, "slash") != 0)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, "labels.format",
                         "expected \"two-lines\" or "
                         "\"slash\", got \"%s\"",
                         format);
    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        const field *f = &fields[i];
        char *dst = (char *)st + f->off;
        json_object *o;
        double v = 0;
        switch (f->type) {
        case V_COLOR:
            rc = get_color((kz_rgb *)dst, ctx, st, root, f->path);
            break;
        case V_BOOL:
            o = at(root, f->path);
            if (!o || !json_object_is_type(o, json_type_boolean))
                return bad(ctx, st, f->path, "true or false", o);
            *(int *)dst = json_object_get_boolean(o);
            break;
        default:
            rc = get_num(&v, ctx, st, root, f->path, 0);
            *(double *)dst = f->type == V_MM ? v * KZ_MM : v;
            break;
        }
        if (rc < 0)
            return rc;
    }
    if (st->neighbour_scale <= 0 || st->neighbour_scale > 1)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0,
                         "symbols.neighbour_scale",
                         "expected a number above 0, at most 1, got %g",
                         st->neighbour_scale);
    if (st->neighbour_fade > 1)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0,
                         "symbols.neighbour_fade",
                         "expected a number from 0 to 1, got %g",
                         st->neighbour_fade);
    if (st->highlight_alpha > 1)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0,
                         "colors.highlight_opacity",
                         "expected a number "
                         "from 0 to 1, got %g",
                         st->highlight_alpha);
    if (st->relief_light > 1 || st->relief_dark > st->relief_light ||
        st->relief_fill_alpha > 1)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, "relief",
                         "expected 0 <= dark <= light <= 1 and "
                         "fill_opacity from 0 to 1");
    if (st->relief_dpi < 10 || st->relief_z <= 0 || st->relief_jpeg > 100)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, "relief",
                         "expected dpi >= 10, a positive z_factor and "
                         "jpeg_quality from 0 (deflate) to 100");
    if (st->font_label <= 0 || st->font_title <= 0 || st->font_legend <= 0 ||
        st->font_small <= 0 || st->font_district <= 0)
        return kz__error(ctx, KZ_ESTYLE, st->name, 0, "fonts",
                         "font sizes must be positive");
    if ((rc = parse_conditions(ctx, st, root)) < 0 ||
        (rc = parse_classes(ctx, st, root)) < 0 ||
        (rc = parse_reference(ctx, st, root)) < 0 ||
        (rc = parse_catalog(ctx, st, root)) < 0)
        return rc;
    return KZ_OK;
}
