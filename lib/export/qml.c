/*
 * qml.c - the atlas's look as QGIS styles (QML), one per layer of the
 * GeoPackage: kahrizes by condition, the density choropleth of districts
 * and regions with bilingual labels, shafts and galleries as on the maps,
 * pick-lists for coded fields.  Colours, widths and classes come from the
 * atlas style (or its bundled defaults); numbers are written in the "C"
 * locale whatever the caller's.
 */
#include "export/export.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "style/style.h"

/* The bundled styles/default.json, for an export given no style. */
static const kz_export_look default_look = {
    {"#ffffff", "#2c7bb6", "#abd9e9", "#fdae61", "#d7191c", "#4d4d4d"},
    {"circle", "circle", "circle", "circle", "circle", "circle"},
    "#333333",
    0.15,
    {0.5, 2, 5, 10},
    {0.75, 1.0, 1.3, 1.65, 2.0},
    4,
    0.75,
    4,
    {0.5, 2, 5, 10},
    {"#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c"},
    "#9c968b",
    0.2,
    "#6b5a48",
    0.25,
    0.18,
    {0.9, 0.6},
    "#6b5a48",
    "#ffffff",
    0.12,
    0.22,
    "#222222",
    "#ffffff",
    {"Qiymətləndirilməyib / Not assessed", "Yaxşı / Good", "Kafi / Fair",
     "Pis / Poor", "Quru / Dry", "Uçmuş / Collapsed"}};

static void hex(char *out, const kz_rgb *c)
{
    int r = (int)lround(c->r * 255), g = (int)lround(c->g * 255),
        b = (int)lround(c->b * 255);
    snprintf(out, 8, "#%02x%02x%02x", r & 255, g & 255, b & 255);
}

/* "Yaxşı / Good": the condition's name in the style's Azerbaijani and
 * English, as the atlas's legends give it. */
static void cond_label(char *out, size_t cap, const kz_style *st,
                       kz_condition c)
{
    static const char *const keys[KZ_COND_COUNT] = {
        "condition.unassessed", "condition.good", "condition.fair",
        "condition.poor", "condition.dry", "condition.collapsed"};
    int az = kz__style_lang_index(st, "az");
    int en = kz__style_lang_index(st, "en");
    const char *a = az >= 0 ? kz__style_text_i(st, keys[c], (size_t)az) : "";
    const char *e = en >= 0 ? kz__style_text_i(st, keys[c], (size_t)en) : "";

    if (*a && *e)
        kz__text_printf(out, cap, "%s / %s", a, e);
    else
        kz__text_printf(out, cap, "%s", *a ? a : e);
}

void kz__export_look_init(kz_export_look *lk, const kz_style *st,
                          const char *const *condition_colors)
{
    size_t i;
    *lk = default_look;
    if (st) {
        /* kz_shape order; the maps' cross is QGIS's "cross2" (an x) */
        static const char *const qgis_shape[] = {"circle", "square",
                                                 "triangle", "diamond",
                                                 "cross2"};
        for (i = 0; i < KZ_COND_COUNT; i++)
            cond_label(lk->cond_label[i], sizeof(lk->cond_label[i]), st,
                       (kz_condition)i);
        for (i = 0; i < KZ_COND_COUNT; i++) {
            const kz_symbol *sym = &st->cond[i];
            hex(lk->cond[i], sym->fill == KZ_FILLMODE_OPEN ? &st->paper
                                                            : &sym->color);
            lk->cond_shape[i] =
                (size_t)sym->shape < sizeof(qgis_shape) / sizeof(*qgis_shape)
                    ? qgis_shape[sym->shape]
                    : "circle";
        }
        hex(lk->symbol_stroke, &st->symbol_stroke);
        lk->symbol_mm = st->lw_symbol / KZ_MM;
        lk->n_sizes = st->n_sizes < KZ_STYLE_MAX_SIZES ? st->n_sizes
                                                       : KZ_STYLE_MAX_SIZES;
        for (i = 0; i < lk->n_sizes; i++)
            lk->size_breaks[i] = st->size_breaks[i];
        for (i = 0; i <= lk->n_sizes; i++)
            lk->radius_mm[i] = st->size_radius[i] / KZ_MM;
        lk->radius_unmeasured_mm = st->radius_unmeasured / KZ_MM;
        lk->n_density = st->n_density < KZ_STYLE_MAX_CLASSES
                            ? st->n_density
                            : KZ_STYLE_MAX_CLASSES;
        for (i = 0; i < lk->n_density; i++)
            lk->density_breaks[i] = st->density_breaks[i];
        for (i = 0; i <= lk->n_density; i++)
            hex(lk->density_color[i], &st->density_color[i]);
        hex(lk->district_border, &st->district_border);
        lk->district_mm = st->lw_district / KZ_MM;
        hex(lk->gallery, &st->gallery);
        lk->gallery_mm = st->lw_gallery / KZ_MM;
        lk->gallery_schematic_mm = st->lw_gallery_schematic / KZ_MM;
        for (i = 0; i < 2; i++)
            lk->gallery_schematic_dash_mm[i] =
                st->dash_gallery_schematic[i] / KZ_MM;
        hex(lk->shaft, &st->shaft);
        hex(lk->paper, &st->paper);
        lk->shaft_mm = st->lw_shaft / KZ_MM;
        lk->shaft_radius_mm = st->shaft_radius / KZ_MM;
        hex(lk->text, &st->text);
        hex(lk->halo, &st->halo_color);
    }
    for (i = 0; condition_colors && i < KZ_COND_COUNT; i++)
        if (condition_colors[i] && strlen(condition_colors[i]) == 7 &&
            condition_colors[i][0] == '#')
            memcpy(lk->cond[i], condition_colors[i], 8);
}

/* "#rrggbb" -> "r,g,b,255" */
static const char *rgba(char *out, const char *h)
{
    unsigned r = 128, g = 128, b = 128;
    if (sscanf(h, "#%2x%2x%2x", &r, &g, &b) != 3)
        r = g = b = 128;
    snprintf(out, 24, "%u,%u,%u,255", r, g, b);
    return out;
}

static int opt(kz_buf *b, const char *name, const char *value)
{
    int rc = kz__buf_printf(b, "<Option name=\"%s\" type=\"QString\" "
                               "value=\"", name);
    if (rc == KZ_OK)
        rc = kz__xml_escape(b, value);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "\"/>\n");
    return rc;
}

static int opt_num(kz_buf *b, const char *name, double v)
{
    char s[40];
    snprintf(s, sizeof(s), "%.6g", v);
    return opt(b, name, s);
}

static int head(kz_buf *b, int labels)
{
    return kz__buf_printf(b,
                          "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' "
                          "'SYSTEM'>\n<qgis version=\"3.22.0\" "
                          "styleCategories=\"AllStyleCategories\" "
                          "labelsEnabled=\"%d\">\n",
                          labels);
}

/* A marker: shape (a QGIS marker name) of diameter size_mm, fill and
 * stroke; size_expr, when given, sizes it by data. */
static int marker(kz_buf *b, const char *name, const char *shape,
                  const char *fill, const char *stroke, double stroke_mm,
                  double size_mm, const char *size_expr)
{
    char c1[24], c2[24];
    int rc = kz__buf_printf(b,
                            "<symbol type=\"marker\" name=\"%s\" "
                            "alpha=\"1\" clip_to_extent=\"1\" "
                            "force_rhr=\"0\">\n<layer class=\"SimpleMarker\" "
                            "enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                            "<Option type=\"Map\">\n",
                            name);
    if (rc == KZ_OK) rc = opt(b, "color", rgba(c1, fill));
    if (rc == KZ_OK) rc = opt(b, "name", shape);
    if (rc == KZ_OK) rc = opt(b, "outline_color", rgba(c2, stroke));
    if (rc == KZ_OK) rc = opt(b, "outline_style", "solid");
    if (rc == KZ_OK) rc = opt_num(b, "outline_width", stroke_mm);
    if (rc == KZ_OK) rc = opt(b, "outline_width_unit", "MM");
    if (rc == KZ_OK) rc = opt_num(b, "size", size_mm);
    if (rc == KZ_OK) rc = opt(b, "size_unit", "MM");
    if (rc == KZ_OK) rc = kz__buf_puts(b, "</Option>\n");
    if (rc == KZ_OK && size_expr) {
        rc = kz__buf_puts(b, "<data_defined_properties><Option type=\"Map\">"
                             "<Option name=\"name\" type=\"QString\" "
                             "value=\"\"/><Option name=\"properties\" "
                             "type=\"Map\"><Option name=\"size\" "
                             "type=\"Map\"><Option name=\"active\" "
                             "type=\"bool\" value=\"true\"/>");
        if (rc == KZ_OK) rc = opt(b, "expression", size_expr);
        if (rc == KZ_OK)
            rc = kz__buf_puts(b, "<Option name=\"type\" type=\"int\" "
                                 "value=\"3\"/></Option></Option>"
                                 "<Option name=\"type\" type=\"QString\" "
                                 "value=\"collection\"/></Option>"
                                 "</data_defined_properties>\n");
    }
    if (rc == KZ_OK) rc = kz__buf_puts(b, "</layer>\n</symbol>\n");
    return rc;
}

static int fill_symbol(kz_buf *b, const char *name, const char *fill,
                       const char *stroke, double stroke_mm)
{
    char c1[24], c2[24];
    int rc = kz__buf_printf(b,
                            "<symbol type=\"fill\" name=\"%s\" alpha=\"1\" "
                            "clip_to_extent=\"1\" force_rhr=\"0\">\n"
                            "<layer class=\"SimpleFill\" enabled=\"1\" "
                            "locked=\"0\" pass=\"0\">\n<Option type=\"Map\">\n",
                            name);
    if (rc == KZ_OK) rc = opt(b, "color", rgba(c1, fill));
    if (rc == KZ_OK) rc = opt(b, "style", "solid");
    if (rc == KZ_OK) rc = opt(b, "outline_color", rgba(c2, stroke));
    if (rc == KZ_OK) rc = opt(b, "outline_style", "solid");
    if (rc == KZ_OK) rc = opt_num(b, "outline_width", stroke_mm);
    if (rc == KZ_OK) rc = opt(b, "outline_width_unit", "MM");
    if (rc == KZ_OK) rc = opt(b, "joinstyle", "round");
    if (rc == KZ_OK) rc = kz__buf_puts(b, "</Option>\n</layer>\n</symbol>\n");
    return rc;
}

/* Simple labels from a QGIS expression, with the atlas's text colour and
 * halo, around the point or the polygon's centroid; min_scale 0: at every
 * scale (districts, whose areas must not be obstacles to the kahrizes'
 * labels), else up to that scale with points as obstacles (kahrizes). */
static int labels(kz_buf *b, const kz_export_look *lk, const char *expr,
                  double size_pt, double min_scale)
{
    char c1[24], c2[24];
    int rc = kz__buf_puts(b, "<labeling type=\"simple\">\n<settings "
                             "calloutType=\"simple\">\n<text-style "
                             "fieldName=\"");
    if (rc == KZ_OK) rc = kz__xml_escape(b, expr);
    if (rc == KZ_OK)
        rc = kz__buf_printf(
            b,
            "\" isExpression=\"1\" fontFamily=\"Noto Sans\" "
            "fontSize=\"%.6g\" fontSizeUnit=\"Point\" textColor=\"%s\" "
            "multilineAlign=\"3\">\n<text-buffer bufferDraw=\"1\" "
            "bufferSize=\"0.7\" bufferSizeUnits=\"MM\" bufferColor=\"%s\"/>\n"
            "</text-style>\n<text-format multilineAlign=\"3\" "
            "wrapChar=\"\"/>\n<placement placement=\"%d\" dist=\"1\" "
            "centroidInside=\"1\" fitInPolygonOnly=\"0\"/>\n"
            "<rendering scaleVisibility=\"%d\" scaleMin=\"1\" "
            "scaleMax=\"%.6g\" obstacle=\"%d\" displayAll=\"0\"/>\n"
            "</settings>\n</labeling>\n",
            size_pt, rgba(c1, lk->text), rgba(c2, lk->halo), 0,
            min_scale > 0, min_scale, min_scale > 0);
    return rc;
}

/* A ValueMap edit widget: the pick-list of a coded field. */
static int value_map(kz_buf *b, const char *field, const char *const *codes,
                     const char *const *texts)
{
    size_t i;
    int rc = kz__buf_printf(b,
                            "<field name=\"%s\" configurationFlags=\"None\">"
                            "<editWidget type=\"ValueMap\"><config>"
                            "<Option type=\"Map\"><Option name=\"map\" "
                            "type=\"List\">\n",
                            field);
    for (i = 0; codes[i] && rc == KZ_OK; i++) {
        rc = kz__buf_puts(b, "<Option type=\"Map\">");
        if (rc == KZ_OK) rc = opt(b, texts[i], codes[i]);
        if (rc == KZ_OK) rc = kz__buf_puts(b, "</Option>\n");
    }
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "</Option></Option></config></editWidget>"
                             "</field>\n");
    return rc;
}

static const char *const cond_codes[] = {"good", "fair", "poor", "dry",
                                         "collapsed", NULL};
static const char *const cond_texts[] = {
    "good / yaxşı", "fair / kafi", "poor / pis", "dry / quru",
    "collapsed / uçmuş", NULL};
static const char *const drink_codes[] = {"yes", "no", "unknown", NULL};
static const char *const drink_texts[] = {"yes / bəli", "no / xeyr",
                                          "unknown / məlum deyil", NULL};
static const char *const rehab_codes[] = {"none", "planned", "ongoing",
                                          "done", NULL};
static const char *const rehab_texts[] = {
    "none / yoxdur", "planned / planlaşdırılıb", "ongoing / davam edir",
    "done / başa çatıb", NULL};

/* The pick-lists of the three coded fields, named with prefix. */
static int coded_fields(kz_buf *b, const char *prefix)
{
    char n[64];
    int rc = kz__buf_puts(b, "<fieldConfiguration>\n");
    snprintf(n, sizeof(n), "%scondition", prefix);
    if (rc == KZ_OK) rc = value_map(b, n, cond_codes, cond_texts);
    snprintf(n, sizeof(n), "%sdrinkable", prefix);
    if (rc == KZ_OK) rc = value_map(b, n, drink_codes, drink_texts);
    snprintf(n, sizeof(n), "%srehab_status", prefix);
    if (rc == KZ_OK) rc = value_map(b, n, rehab_codes, rehab_texts);
    if (rc == KZ_OK) rc = kz__buf_puts(b, "</fieldConfiguration>\n");
    return rc;
}

static int qml_kahrizes(kz_buf *b, const kz_export_look *lk)
{
    static const struct {
        kz_condition c;
        const char *value;
    } cats[] = {{KZ_COND_GOOD, "good"},
                {KZ_COND_FAIR, "fair"},
                {KZ_COND_POOR, "poor"},
                {KZ_COND_DRY, "dry"},
                {KZ_COND_COLLAPSED, "collapsed"},
                /* "" is QGIS's category for every other value: no
                 * assessment leaves last_condition NULL */
                {KZ_COND_UNASSESSED, ""}};
    size_t i, nc = sizeof(cats) / sizeof(cats[0]);
    kz_buf expr;
    int rc;

    /* the symbol grows with the latest discharge, in the atlas's classes */
    kz__buf_init(&expr, b->ctx);
    rc = kz__buf_printf(&expr,
                        "CASE WHEN \"last_discharge_l_s\" IS NULL THEN %.6g",
                        2 * lk->radius_unmeasured_mm);
    for (i = 0; i < lk->n_sizes && rc == KZ_OK; i++)
        rc = kz__buf_printf(&expr,
                            " WHEN \"last_discharge_l_s\" < %.17g THEN %.6g",
                            lk->size_breaks[i], 2 * lk->radius_mm[i]);
    if (rc == KZ_OK)
        rc = kz__buf_printf(&expr, " ELSE %.6g END",
                            2 * lk->radius_mm[lk->n_sizes]);
    if (rc == KZ_OK) rc = head(b, 1);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "<renderer-v2 type=\"categorizedSymbol\" "
                             "attr=\"last_condition\" symbollevels=\"0\" "
                             "enableorderby=\"1\" forceraster=\"0\">\n"
                             "<categories>\n");
    for (i = 0; i < nc && rc == KZ_OK; i++) {
        rc = kz__buf_printf(b,
                            "<category symbol=\"%zu\" value=\"%s\" "
                            "label=\"",
                            i, cats[i].value);
        if (rc == KZ_OK)
            rc = kz__xml_escape(b, lk->cond_label[cats[i].c]);
        if (rc == KZ_OK)
            rc = kz__buf_puts(b, "\" render=\"true\"/>\n");
    }
    if (rc == KZ_OK) rc = kz__buf_puts(b, "</categories>\n<symbols>\n");
    for (i = 0; i < nc && rc == KZ_OK; i++) {
        char name[24];
        snprintf(name, sizeof(name), "%zu", i);
        rc = marker(b, name, lk->cond_shape[cats[i].c], lk->cond[cats[i].c],
                    lk->symbol_stroke, lk->symbol_mm,
                    2 * lk->radius_mm[lk->n_sizes / 2], expr.data);
    }
    /* small outlets drawn over large ones, as on the maps */
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "</symbols>\n<orderby><orderByClause "
                             "asc=\"0\" nullsFirst=\"0\">"
                             "\"last_discharge_l_s\"</orderByClause>"
                             "</orderby>\n</renderer-v2>\n");
    if (rc == KZ_OK)
        rc = labels(b, lk, "\"name_az\" || '\\n' || \"name_en\"", 6.5,
                    250000);
    if (rc == KZ_OK) rc = coded_fields(b, "last_");
    if (rc == KZ_OK) rc = kz__buf_puts(b, "</qgis>\n");
    kz__buf_release(&expr);
    return rc;
}

/* Districts or regions: the density choropleth in the atlas's classes
 * ([b(i-1), b(i)), written as QGIS's (lower, upper] ranges on the double
 * just below each break) and names on two lines. */
static int qml_density(kz_buf *b, const kz_export_look *lk)
{
    size_t i, n = lk->n_density;
    int rc = head(b, 1);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "<renderer-v2 type=\"graduatedSymbol\" "
                             "attr=\"density_per_100km2\" "
                             "graduatedMethod=\"GraduatedColor\" "
                             "symbollevels=\"0\" enableorderby=\"0\" "
                             "forceraster=\"0\">\n<ranges>\n");
    for (i = 0; i <= n && rc == KZ_OK; i++) {
        double lo = i == 0 ? 0 : nextafter(lk->density_breaks[i - 1], -1);
        double hi = i == n ? 1e9 : nextafter(lk->density_breaks[i], -1);
        char label[96];
        if (n == 0)
            snprintf(label, sizeof(label), "all");
        else if (i == 0)
            snprintf(label, sizeof(label), "< %g", lk->density_breaks[0]);
        else if (i == n)
            snprintf(label, sizeof(label), "%g+", lk->density_breaks[n - 1]);
        else
            snprintf(label, sizeof(label), "%g–%g", lk->density_breaks[i - 1],
                     lk->density_breaks[i]);
        rc = kz__buf_printf(b,
                            "<range lower=\"%.17g\" upper=\"%.17g\" "
                            "symbol=\"%zu\" label=\"",
                            lo, hi, i);
        if (rc == KZ_OK) rc = kz__xml_escape(b, label);
        if (rc == KZ_OK) rc = kz__buf_puts(b, "\" render=\"true\"/>\n");
    }
    if (rc == KZ_OK) rc = kz__buf_puts(b, "</ranges>\n<symbols>\n");
    for (i = 0; i <= n && rc == KZ_OK; i++) {
        char name[24];
        snprintf(name, sizeof(name), "%zu", i);
        rc = fill_symbol(b, name, lk->density_color[i], lk->district_border,
                         lk->district_mm);
    }
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "</symbols>\n<mode name=\"manual\"/>\n"
                             "<legendFormat format=\"%1 - %2\" "
                             "precision=\"1\" trimTrailingZeroes=\"1\"/>\n"
                             "</renderer-v2>\n");
    if (rc == KZ_OK)
        rc = labels(b, lk, "\"name_az\" || '\\n' || \"name_en\"", 7.5, 0);
    if (rc == KZ_OK) rc = kz__buf_puts(b, "</qgis>\n");
    return rc;
}

static int qml_shafts(kz_buf *b, const kz_export_look *lk)
{
    int rc = head(b, 0);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "<renderer-v2 type=\"singleSymbol\" "
                             "symbollevels=\"0\" enableorderby=\"0\" "
                             "forceraster=\"0\">\n<symbols>\n");
    if (rc == KZ_OK)
        rc = marker(b, "0", "circle", lk->paper, lk->shaft, lk->shaft_mm,
                    2 * lk->shaft_radius_mm, NULL);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "</symbols>\n</renderer-v2>\n</qgis>\n");
    return rc;
}

/* One line symbol of the galleries: traced (solid) or schematic (dashed,
 * thinner), as the maps draw them. */
static int gallery_symbol(kz_buf *b, const kz_export_look *lk,
                          const char *name, int schematic)
{
    char c[24], dash[64];
    int rc = kz__buf_printf(b,
                            "<symbol type=\"line\" name=\"%s\" alpha=\"1\" "
                            "clip_to_extent=\"1\" force_rhr=\"0\">\n"
                            "<layer class=\"SimpleLine\" enabled=\"1\" "
                            "locked=\"0\" pass=\"0\">\n"
                            "<Option type=\"Map\">\n",
                            name);
    if (rc == KZ_OK) rc = opt(b, "line_color", rgba(c, lk->gallery));
    if (rc == KZ_OK) rc = opt(b, "line_style", "solid");
    if (rc == KZ_OK)
        rc = opt_num(b, "line_width", schematic ? lk->gallery_schematic_mm
                                                : lk->gallery_mm);
    if (rc == KZ_OK) rc = opt(b, "line_width_unit", "MM");
    if (rc == KZ_OK) rc = opt(b, "capstyle", schematic ? "flat" : "round");
    if (rc == KZ_OK) rc = opt(b, "joinstyle", "round");
    if (rc == KZ_OK) rc = opt(b, "use_custom_dash", schematic ? "1" : "0");
    if (rc == KZ_OK && schematic) {
        snprintf(dash, sizeof(dash), "%.6g;%.6g",
                 lk->gallery_schematic_dash_mm[0],
                 lk->gallery_schematic_dash_mm[1]);
        rc = opt(b, "customdash", dash);
        if (rc == KZ_OK) rc = opt(b, "customdash_unit", "MM");
    }
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "</Option>\n</layer>\n</symbol>\n");
    return rc;
}

static int qml_galleries(kz_buf *b, const kz_export_look *lk)
{
    int rc = head(b, 0);
    if (rc == KZ_OK)
        rc = kz__buf_puts(
            b, "<renderer-v2 type=\"categorizedSymbol\" attr=\"schematic\" "
               "symbollevels=\"0\" enableorderby=\"0\" "
               "forceraster=\"0\">\n<categories>\n"
               "<category symbol=\"0\" value=\"0\" label=\"Qalereya "
               "(ölçülmüş) / Gallery (surveyed)\" render=\"true\"/>\n"
               "<category symbol=\"1\" value=\"1\" label=\"Qalereya "
               "(sxematik) / Gallery (schematic)\" render=\"true\"/>\n"
               "</categories>\n<symbols>\n");
    if (rc == KZ_OK) rc = gallery_symbol(b, lk, "0", 0);
    if (rc == KZ_OK) rc = gallery_symbol(b, lk, "1", 1);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "</symbols>\n</renderer-v2>\n</qgis>\n");
    return rc;
}

static int qml_assessments(kz_buf *b)
{
    int rc = head(b, 0);
    if (rc == KZ_OK) rc = coded_fields(b, "");
    if (rc == KZ_OK) rc = kz__buf_puts(b, "</qgis>\n");
    return rc;
}

int kz__export_qml(kz_buf *b, const kz_export_look *lk, const char *layer)
{
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), old;
    int rc;
    if (!c_locale)
        return kz__error(b->ctx, KZ_ENOMEM, NULL, 0, NULL,
                         "cannot create the C locale");
    old = uselocale(c_locale);
    if (strcmp(layer, "kahrizes") == 0)
        rc = qml_kahrizes(b, lk);
    else if (strcmp(layer, "districts") == 0 ||
             strcmp(layer, "regions") == 0)
        rc = qml_density(b, lk);
    else if (strcmp(layer, "shafts") == 0)
        rc = qml_shafts(b, lk);
    else if (strcmp(layer, "galleries") == 0)
        rc = qml_galleries(b, lk);
    else if (strcmp(layer, "assessments") == 0)
        rc = qml_assessments(b);
    else
        rc = kz__error(b->ctx, KZ_EINVAL, NULL, 0, NULL,
                       "no QGIS style for layer %s", layer);
    uselocale(old);
    freelocale(c_locale);
    return rc;
}
