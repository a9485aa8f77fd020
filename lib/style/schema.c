/*
 * schema.c - the keys a style document may hold, level by level:
 * a key the renderer does not know (a misspelt "colors.seaa", a catalog
 * text no page asks for) is KZ_ESTYLE naming the file and its path, not
 * a setting silently ignored.  Checked before the values, so that the
 * misspelling is reported rather than the value it leaves missing.
 */
#include "style/style.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#define CONDITIONS "good fair poor dry collapsed unassessed"
#define LANGUAGES "az en"

/* Objects at a path and the keys each may hold (space-separated). */
static const struct {
    const char *path;
    const char *keys;
} objects[] = {
    {"", "name description page fonts languages labels colors symbols "
         "sizes lines detail reference relief choropleth catalog"},
    {"page", "size orientation margins_mm"},
    {"fonts", "family title_pt label_pt district_pt legend_pt small_pt"},
    {"labels", "format second_italic halo_mm halo_raster_dpi "
               "kahrizes_on_national"},
    {"colors", "background paper sea sea_text land neighbour "
               "neighbour_border neighbour_text district_border state_border "
               "highlight "
               "highlight_opacity highlight_border gallery shaft graticule "
               "text halo frame inset_land inset_highlight symbol_stroke "
               "condition"},
    {"colors.condition", CONDITIONS},
    {"symbols", "condition neighbour_scale neighbour_fade"},
    {"symbols.condition", CONDITIONS},
    {"symbols.condition.good", "shape fill"},
    {"symbols.condition.fair", "shape fill"},
    {"symbols.condition.poor", "shape fill"},
    {"symbols.condition.dry", "shape fill"},
    {"symbols.condition.collapsed", "shape fill"},
    {"symbols.condition.unassessed", "shape fill"},
    {"sizes", "breaks_l_s radii_mm unmeasured_radius_mm"},
    {"lines", "district_mm highlight_mm neighbour_mm state_border_mm "
              "state_border_dash_mm gallery_mm "
              "gallery_schematic_mm gallery_schematic_dash_mm shaft_mm "
              "graticule_mm frame_mm symbol_mm shaft_radius_mm "
              "shaft_min_gap_mm"},
    {"detail", "shafts_max_scale galleries_max_scale"},
    {"reference", "water rivers roads places"},
    {"reference.water", "fill border text border_mm min_area_mm2"},
    {"reference.rivers", "color text widths_mm max_scale"},
    {"reference.roads", "color widths_mm max_scale"},
    {"reference.places", "color text radii_mm label_pt max_scale"},
    {"relief", "dpi jpeg_quality light dark fill_opacity z_factor "
               "contour_color contour_text contour_mm contour_index_mm "
               "contour_label_pt"},
    {"choropleth", "breaks_per_100km2 colors"},
    {"catalog.months", LANGUAGES},
};

/* The texts the maps and the atlas ask the catalog for. */
static const char *const catalog_keys[] = {
    "title.national", "title.kahrizes", "title.neighbours", "suffix.district",
    "suffix.city", "suffix.region", "legend.condition", "legend.discharge",
    "legend.features", "legend.density", "legend.gallery",
    "legend.gallery_schematic", "legend.shaft", "legend.mother_well",
    "legend.district", "legend.state_border", "legend.focus.district",
    "legend.focus.city",
    "legend.focus.region", "legend.neighbour_districts",
    "legend.neighbour_countries", "legend.not_measured", "legend.water",
    "legend.river", "legend.road", "legend.city", "legend.settlement",
    "legend.relief", "legend.contours", "source.relief",
    "source.relief.model", "legend.hillshade", "legend.contour_lines",
    "condition.good", "condition.fair", "condition.poor", "condition.dry",
    "condition.collapsed", "condition.unassessed", "unit.km", "unit.l_s",
    "scale", "north", "source", "source.synthetic", "inset", "projection",
    "atlas.cover",
    "atlas.contents",
    "atlas.intro", "atlas.overview", "atlas.districts", "atlas.sheets",
    "atlas.gazetteer", "atlas.gazetteer.az", "atlas.gazetteer.en",
    "atlas.colophon", "atlas.subtitle", "atlas.author", "atlas.keywords",
    "atlas.synthetic.short", "atlas.intro.kahriz.title",
    "atlas.intro.kahriz.text", "atlas.intro.method.title",
    "atlas.intro.method.text", "atlas.intro.projections.title",
    "atlas.intro.projections.text", "atlas.intro.sources.title",
    "atlas.intro.sources.text", "atlas.intro.synthetic.title",
    "atlas.intro.synthetic.text", "atlas.intro.legend.title",
    "atlas.explain.good", "atlas.explain.fair", "atlas.explain.poor",
    "atlas.explain.dry", "atlas.explain.collapsed", "atlas.explain.unassessed",
    "atlas.explain.size", "atlas.explain.gallery",
    "atlas.explain.gallery_schematic", "atlas.explain.numbers",
    "atlas.overview.map", "atlas.overview.density", "atlas.chart.conditions",
    "atlas.chart.discharge", "atlas.chart.dry_bar", "atlas.chart.bin_width",
    "atlas.chart.last_bin", "atlas.chart.and_more", "atlas.table.regions", "atlas.total",
    "atlas.unassigned", "atlas.stats", "atlas.table.kahrizes",
    "atlas.table.continued", "atlas.assessments", "atlas.generated",
    "atlas.colophon.sources.title", "atlas.colophon.sources.text",
    "atlas.colophon.relief",
    "atlas.colophon.licences.title", "atlas.colophon.licences.text",
    "atlas.colophon.software.title", "atlas.colophon.software.text", "col.id",
    "col.name", "col.village", "col.length", "col.shafts", "col.discharge",
    "col.condition", "col.drinkable", "col.households", "col.rehab",
    "col.region", "col.district", "col.kahrizes", "col.functioning",
    "col.discharge_total", "col.length_km", "col.density", "col.rehabilitated",
    "stat.kahrizes", "stat.functioning", "stat.discharge_total",
    "stat.discharge_median", "stat.households", "stat.length", "stat.area",
    "stat.density", "stat.rehabilitated", "stat.years",
    "stat.discharge_change", "unit.km2", "drinkable.yes", "drinkable.no",
    "drinkable.unknown", "rehab.none", "rehab.planned", "rehab.ongoing",
    "rehab.done", "rehab.unknown", "sheet.district", "sheet.village",
    "sheet.length", "sheet.shafts", "sheet.depth", "sheet.built",
    "sheet.assessed", "sheet.discharge", "sheet.condition", "sheet.drinkable",
    "sheet.households", "sheet.rehab", "sheet.photo_missing",
    "sheet.note_az_only", "sheet.note_en_only",
    "sheet.outlet", "sheet.mother_well", "sheet.elevation",
    "sheet.head_elevation", "atlas.axis.kahrizes",
    "atlas.table.rounded_total",
    "atlas.contents.empty", "atlas.gazetteer.no_pages",
    "atlas.gazetteer.note", "atlas.gazetteer.map", "atlas.table.numbers",
    "atlas.colophon.imprint.title", "atlas.colophon.imprint.text",
    "atlas.colophon.disclaimer.title", "atlas.colophon.disclaimer.text",
    "months",
};

/* Whether key is one of the space-separated words of list. */
static int in_list(const char *list, const char *key)
{
    size_t n = strlen(key);
    const char *p = list;

    while (*p) {
        size_t w = strcspn(p, " ");
        if (w == n && strncmp(p, key, n) == 0)
            return 1;
        p += w;
        p += strspn(p, " ");
    }
    return 0;
}

/* The object at a dotted path of plain keys; NULL when not an object. */
static json_object *object_at(json_object *root, const char *path)
{
    char key[64];
    json_object *o = root;

    while (o && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof(key))
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        if (!json_object_is_type(o, json_type_object) ||
            !json_object_object_get_ex(o, key, &o))
            return NULL;
        path += n + (path[n] == '.');
    }
    return o && json_object_is_type(o, json_type_object) ? o : NULL;
}

static int unknown(kz_ctx *ctx, const char *file, const char *path,
                   const char *key)
{
    char where[256];
    /* a key with a dot of its own ("title.national") is quoted */
    if (strchr(key, '.'))
        kz__text_printf(where, sizeof(where), "%s%s\"%s\"", path,
                        *path ? "." : "", key);
    else
        kz__text_printf(where, sizeof(where), "%s%s%s", path,
                        *path ? "." : "", key);
    return kz__error(ctx, KZ_ESTYLE, file, 0, where, "unknown key");
}

int kz__style_check_keys(kz_ctx *ctx, const char *file, json_object *root)
{
    json_object *cat;
    size_t i;

    for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
        json_object *o = object_at(root, objects[i].path);
        if (!o)
            continue; /* missing or mistyped: the values' check says so */
        json_object_object_foreach(o, key, val)
        {
            (void)val;
            if (!in_list(objects[i].keys, key))
                return unknown(ctx, file, objects[i].path, key);
        }
    }
    if (!(cat = object_at(root, "catalog")))
        return KZ_OK;
    json_object_object_foreach(cat, key, val)
    {
        size_t j, n = sizeof(catalog_keys) / sizeof(catalog_keys[0]);
        for (j = 0; j < n && strcmp(catalog_keys[j], key) != 0; j++)
            ;
        if (j == n)
            return unknown(ctx, file, "catalog", key);
        if (strcmp(key, "months") == 0 ||
            !json_object_is_type(val, json_type_object))
            continue;
        json_object_object_foreach(val, lang, text)
        {
            char path[160];
            (void)text;
            if (in_list(LANGUAGES, lang))
                continue;
            kz__text_printf(path, sizeof(path),
                            strchr(key, '.') ? "catalog.\"%s\"" : "catalog.%s",
                            key);
            return unknown(ctx, file, path, lang);
        }
    }
    return KZ_OK;
}
