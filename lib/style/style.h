/*
 * style.h - internals of lib/style: a map style parsed from JSON (page,
 * fonts, colours, symbols, classes, the bilingual catalog) and the
 * numbers and dates written in the style's languages.  Nothing here draws.
 */
#ifndef KZ_STYLE_H
#define KZ_STYLE_H

#include "core/core.h"

#define KZ_MM 2.834645669 /* points per millimetre */
#define KZ_STYLE_MAX_LANGS 4
#define KZ_STYLE_MAX_SIZES 8
#define KZ_STYLE_MAX_CLASSES 9

typedef struct kz_rgb {
    double r, g, b;
} kz_rgb;

typedef enum kz_shape {
    KZ_SHAPE_CIRCLE = 0,
    KZ_SHAPE_SQUARE,
    KZ_SHAPE_TRIANGLE,
    KZ_SHAPE_DIAMOND,
    KZ_SHAPE_CROSS
} kz_shape;

typedef enum kz_fillmode {
    KZ_FILLMODE_SOLID = 0, /* the class colour */
    KZ_FILLMODE_OPEN,      /* paper colour inside, outline only */
    KZ_FILLMODE_HALF       /* lower half in the class colour */
} kz_fillmode;

typedef struct kz_symbol {
    kz_rgb color;
    kz_shape shape;
    kz_fillmode fill;
} kz_symbol;

typedef struct kz_catalog_entry {
    const char *key;
    const char *text[KZ_STYLE_MAX_LANGS]; /* by style language index */
} kz_catalog_entry;

struct kz_style {
    kz_ctx *ctx;
    kz_arena strings;
    char *name; /* file name, for messages */

    double page_w, page_h;               /* points */
    double margin[4];                    /* top right bottom left, points */
    const char *font;                    /* family */
    double font_title, font_label, font_district, font_legend, font_small;

    size_t n_langs;
    const char *langs[KZ_STYLE_MAX_LANGS];
    int two_lines;        /* label format: "two-lines" or "slash" */
    int second_italic;    /* second language in italics */
    double halo;          /* halo width, points */
    double halo_dpi;      /* vector output: halo mask resolution, 0: outlines */
    int label_kahrizes_national;

    kz_rgb background, paper, sea, sea_text, land, neighbour,
        neighbour_border, neighbour_text, district_border, highlight,
        highlight_border, gallery, shaft, graticule, text, halo_color, frame,
        inset_land, inset_highlight, state_border;
    double highlight_alpha;
    /* neighbours' kahrizes on a district or region map: radius factor and
     * how far their colours go toward the paper (0-1) */
    double neighbour_scale, neighbour_fade;
    kz_symbol cond[KZ_COND_COUNT];
    kz_rgb symbol_stroke;

    size_t n_sizes; /* classes = breaks + 1 */
    double size_breaks[KZ_STYLE_MAX_SIZES];
    double size_radius[KZ_STYLE_MAX_SIZES + 1]; /* points */
    double radius_unmeasured;

    double lw_district, lw_highlight, lw_neighbour, lw_gallery, lw_shaft,
        lw_graticule, lw_frame, lw_symbol, shaft_radius, shaft_min_gap;
    /* a gallery drawn straight from mother well to outlet, no shaft
     * surveyed: thinner and dashed (on, off; points) */
    double lw_gallery_schematic, dash_gallery_schematic[2];
    /* the state's land border: width and dash, dot pattern (dash, gap,
     * dot, gap; points) */
    double lw_state_border, dash_state_border[4];
    double shafts_max_scale, galleries_max_scale;
    /* relief (relief/): hillshade resolution on paper, the greys of the
     * brightest and darkest shade (0..1), the fills' opacity over it, z
     * factor; contour colours, widths and label size */
    double relief_dpi, relief_light, relief_dark, relief_fill_alpha,
        relief_z, relief_jpeg; /* JPEG quality in the PDF; 0: deflate */
    kz_rgb contour, contour_text;
    double lw_contour, lw_contour_index, font_contour;

    size_t n_density; /* classes = breaks + 1 */
    double density_breaks[KZ_STYLE_MAX_CLASSES];
    kz_rgb density_color[KZ_STYLE_MAX_CLASSES + 1];

    /* reference geography (basemap/, layers/reference.c); arrays by class
     * 0..3 */
    kz_rgb water_fill, water_border, water_text, river, river_text, road,
        place, place_text;
    double lw_water, water_min_area; /* area: square points on paper */
    double lw_river[4], lw_road[4], place_radius[4], place_pt[4];
    double river_max_scale[4], road_max_scale[4], place_max_scale[4];

    kz_catalog_entry *catalog;
    size_t n_catalog;
    const char *months[KZ_STYLE_MAX_LANGS][12];
};

/* --- style.c --- */
struct json_object;
/* Every key of the document is one the schema knows (schema.c);
 * else KZ_ESTYLE naming file and the key's path. */
int kz__style_check_keys(kz_ctx *ctx, const char *file,
                         struct json_object *root);
/* parse.c: every value of the document root (its keys checked) into st.
 * KZ_ESTYLE naming st->name and the value's path, KZ_ENOMEM. */
int kz__style_parse(kz_ctx *ctx, kz_style *st, struct json_object *root);
/* Catalog text in the style's language index li; "" when missing. */
const char *kz__style_text_i(const kz_style *st, const char *key, size_t li);
int kz__style_lang_index(const kz_style *st, const char *lang);
/* Size class of a discharge (0..n_sizes), or -1 when not measured. */
int kz__style_size_class(const kz_style *st, double discharge_l_s);
double kz__style_size_radius(const kz_style *st, int cls);
int kz__style_density_class(const kz_style *st, const double *breaks,
                            size_t n_breaks, double density);

#endif
