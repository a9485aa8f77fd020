/*
 * render.h - internals of lib/render: the parsed style, the basemap, the
 * page view (CRS to page points) and the helpers shared by the layers,
 * the labeller and the map furniture.  Page units are points, y down.
 */
#ifndef KZ_RENDER_H
#define KZ_RENDER_H

#include <cairo.h>
#include <gdal.h>
#include <ogr_api.h>
#include <pango/pangocairo.h>

#include "geo/geo.h"

#define KZ_MM 2.834645669 /* points per millimetre */
/* Geometry simplified for a page: 0.1 mm on paper. */
#define KZ_TOL_PT (0.1 * KZ_MM)
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
        inset_land, inset_highlight;
    double highlight_alpha;
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
    double shafts_max_scale, galleries_max_scale;
    /* relief (dem.c): hillshade resolution on paper, the greys of the
     * brightest and darkest shade (0..1), the fills' opacity over it, z
     * factor; contour colours, widths and label size */
    double relief_dpi, relief_light, relief_dark, relief_fill_alpha,
        relief_z, relief_jpeg; /* JPEG quality in the PDF; 0: deflate */
    kz_rgb contour, contour_text;
    double lw_contour, lw_contour_index, font_contour;

    size_t n_density; /* classes = breaks + 1 */
    double density_breaks[KZ_STYLE_MAX_CLASSES];
    kz_rgb density_color[KZ_STYLE_MAX_CLASSES + 1];

    /* reference geography (reference.c); arrays by class 0..3 */
    kz_rgb water_fill, water_border, water_text, river, river_text, road,
        place, place_text;
    double lw_water, water_min_area; /* area: square points on paper */
    double lw_river[4], lw_road[4], place_radius[4], place_pt[4];
    double river_max_scale[4], road_max_scale[4], place_max_scale[4];

    kz_catalog_entry *catalog;
    size_t n_catalog;
    const char *months[KZ_STYLE_MAX_LANGS][12];
};

/* One named lon/lat geometry of a context layer. */
typedef struct kz_basemap_feature {
    GEOSGeometry *geom;
    double minx, miny, maxx, maxy;
    const char *name_az, *name_en;
} kz_basemap_feature;

/* One feature of a reference layer (kz_basemap_add_reference), lon/lat.
 * cls by kind, 0 the most important: rivers 0 main river .. 3 stream or
 * canal; roads 0 motorway/trunk, 1 primary, 2 secondary, 3 other; places
 * 0 city, 1 town, 2 village, 3 hamlet.  A place named in the survey is
 * marked by kz_basemap_match_villages through the survey, not here. */
typedef struct kz_ref_feature {
    GEOSGeometry *geom;
    double minx, miny, maxx, maxy;
    const char *name_az, *name_en; /* "" when none */
    const char *key_az, *key_en;   /* names folded by kz__ref_name_key */
    int cls;
    double population;   /* places; NAN when unknown */
    double elevation_m;  /* places; NAN when unknown */
} kz_ref_feature;

struct kz_basemap {
    kz_ctx *ctx;
    kz_arena strings;
    kz_basemap_feature *neighbours, *sea;
    size_t n_neighbours, n_sea;
    kz_ref_feature *ref[KZ_REF_KINDS]; /* by kz_reference_kind */
    size_t n_ref[KZ_REF_KINDS], cap_ref[KZ_REF_KINDS];
    char *dem_path; /* kz_basemap_set_dem; NULL: no relief */
};

/* --- basemap.c: OGR features as lon/lat GEOS geometries --- */
/* path opened read-only as vector data, with at least one layer, into
 * *ds (caller closes); GDAL's messages must be routed (kz__gdal_push)
 * by the caller.  KZ_EINPUT naming path: why GDAL could not open it, or
 * "no layer". */
int kz__ogr_open(GDALDatasetH *ds, kz_ctx *ctx, const char *path);
/* The transformation from the layer's CRS to lon/lat; *op NULL when it
 * is lon/lat already or says nothing (taken as lon/lat).  KZ_EPROJ. */
int kz__ogr_layer_op(PJ **op, kz_ctx *ctx, OGRLayerH layer,
                     const char *path);
/* g (not empty) as a valid lon/lat GEOS geometry the caller destroys;
 * errors name path and the feature id: KZ_EINPUT, KZ_EPROJ, KZ_EGEOM,
 * KZ_ENOMEM. */
int kz__ogr_geom_lonlat(GEOSGeometry **out, kz_ctx *ctx, OGRGeometryH g,
                        PJ *op, const char *path, long fid);
/* A name folded for matching: Azerbaijani lower case, romanised, letters
 * and digits only ("Nürgüt", "NURGUT", "Nurgut" give "nurgut"). */
void kz__ref_name_key(char *out, size_t cap, const char *s);
/* reference.c: free the reference layers of a basemap being destroyed. */
void kz__ref_release(kz_basemap *bm);

/* --- style.c --- */
struct json_object;
/* Every key of the document is one the schema knows (style_schema.c);
 * else KZ_ESTYLE naming file and the key's path. */
int kz__style_check_keys(kz_ctx *ctx, const char *file,
                         struct json_object *root);
/* Catalog text in the style's language index li; "" when missing. */
const char *kz__style_text_i(const kz_style *st, const char *key, size_t li);
int kz__style_lang_index(const kz_style *st, const char *lang);
/* Size class of a discharge (0..n_sizes), or -1 when not measured. */
int kz__style_size_class(const kz_style *st, double discharge_l_s);
double kz__style_size_radius(const kz_style *st, int cls);
int kz__style_density_class(const kz_style *st, const double *breaks,
                            size_t n_breaks, double density);

/* --- view: CRS coordinates to page points --- */
typedef struct kz_view {
    kz_ctx *ctx;
    PJ *fwd;          /* lon/lat -> map CRS (cached in ctx) */
    double cx, cy;    /* map CRS coordinates at the centre of the map */
    double s;         /* page points per CRS unit */
    double x0, y0, w, h; /* map area (inside the neatline), points */
    double lon0, lat0, lon1, lat1; /* lon/lat window covering the map */
    double deg_per_pt; /* degrees of latitude per page point, about */
    double scale;     /* scale denominator at the centre */
} kz_view;

static inline double kz__vx(const kz_view *v, double x)
{
    return v->x0 + v->w / 2 + (x - v->cx) * v->s;
}
static inline double kz__vy(const kz_view *v, double y)
{
    return v->y0 + v->h / 2 - (y - v->cy) * v->s;
}

/*
 * Geometry ready for the page: clipped to the lon/lat window, simplified
 * to tol page points, projected and clipped to the map area (plus pad
 * points).  NULL with *empty = 1 when nothing is left; NULL with
 * *empty = 0 on error.  Caller destroys with GEOSGeom_destroy_r.
 */
GEOSGeometry *kz__view_prepare(kz_ctx *ctx, const kz_view *v,
                               const GEOSGeometry *lonlat, double tol,
                               double pad, int *empty);
/* Add the geometry (in map CRS) as a cairo path in page points. */
void kz__path_geom(cairo_t *cr, const kz_view *v, GEOSContextHandle_t h,
                   const GEOSGeometry *g);
/* Project one lon/lat point to page points; 0 when not finite. */
int kz__view_point(const kz_view *v, double lon, double lat, double *px,
                   double *py);

/* --- text.c: pango layouts --- */
typedef struct kz_text {
    PangoContext *pc;
    const kz_style *st;
} kz_text;
int kz__text_init(kz_text *t, kz_ctx *ctx, cairo_t *cr, const kz_style *st);
void kz__text_release(kz_text *t);
/* Nothing is printed smaller: a layout asked for less gets this size. */
#define KZ_TEXT_MIN_PT 6.0
/* A layout of s (any UTF-8, never markup) in size pt (at least
 * KZ_TEXT_MIN_PT); italic_from: byte
 * offset from which the text is italic (-1: none); align centre when
 * centre.  Caller unrefs. */
PangoLayout *kz__text_layout(kz_text *t, const char *s, double size,
                             int bold, int italic, long italic_from,
                             int centre);
void kz__text_size(PangoLayout *l, double *w, double *h);
/* Draw layout with its top-left at x, y: halo (outline path stroked in
 * the halo colour) when halo > 0, then the text itself as text. */
void kz__text_draw(cairo_t *cr, PangoLayout *l, double x, double y,
                   const kz_rgb *color, double halo, const kz_rgb *halo_c);
/* English text in capitals into out/cap: Azerbaijani letters keep their
 * capitals (Ü, Ş) but i and ı both give I, so that no İ appears. */
void kz__upper_en(char *out, size_t cap, const char *s);
/* --- fit.c: shortened text --- */
/* Copy src (NULL: "") into dst: whole when it fits in cap bytes and
 * max_chars characters (0: any number), else cut between characters (at
 * a word end when one is near) and ended with "…", still within both
 * limits.  dst may be src.  Returns 1 when cut. */
int kz__text_fit(char *dst, size_t cap, const char *src, size_t max_chars);
/* snprintf into buf whose overflow is cut as kz__text_fit cuts (never
 * inside a UTF-8 sequence).  Returns 1 when cut. */
int kz__text_printf(char *buf, size_t cap, const char *fmt, ...)
    KZ_PRINTF(3, 4);
/* --- page.c --- */
/* cairo write function for PDF, SVG and PNG streams: closure is a FILE *. */
cairo_status_t kz__cairo_write_fp(void *closure, const unsigned char *data,
                                  unsigned int len);

/* --- glyphs.c --- */
/* Text of many layouts queued per font and colour and shown at once (one
 * text operation per font and colour instead of one per layout). */
typedef struct kz_glyphs kz_glyphs;
int kz__glyphs_create(kz_glyphs **out, kz_ctx *ctx);
void kz__glyphs_destroy(kz_glyphs *gl);
/* Queue l with its top-left at x, y in color; drawn at once instead when
 * gl is NULL, l cannot be queued as glyphs or there is no memory to. */
void kz__glyphs_add(kz_glyphs *gl, cairo_t *cr, PangoLayout *l, double x,
                    double y, const kz_rgb *color);
/* Show everything queued, in the order the fonts and colours came. */
void kz__glyphs_flush(kz_glyphs *gl, cairo_t *cr);
/* Compose "az / en" or "az\nen" from the style's languages into buf;
 * *second receives the byte offset of the second name (-1 when one). */
void kz__text_bilingual(char *buf, size_t cap, long *second,
                        const kz_style *st, const char *az, const char *en,
                        int two_lines);
/* Catalog key in every language of the style, as kz__text_bilingual. */
void kz__text_catalog(char *buf, size_t cap, long *second,
                      const kz_style *st, const char *key, int two_lines);

/* Boxes placed on a page, for tests: kind (0 symbol, 1 label, 2
 * furniture, 3 label that may sit over symbols, 4 symbol of the map's own
 * district or region, 5 leader line from its anchor to its name, 6 list of
 * numbered area names), minx, miny, maxx, maxy per entry. */
typedef struct kz_boxlog {
    kz_ctx *ctx;
    double *b;
    size_t n, cap; /* entries */
} kz_boxlog;

/* kz_map_render() that also logs every placed box when log is not NULL. */
int kz__map_render_ex(kz_map_result *result, kz_ctx *ctx, cairo_t *cr,
                      const kz_survey *sv, const kz_basemap *bm,
                      const kz_style *st, const kz_map_options *opts,
                      kz_boxlog *log);
int kz__boxlog_add(kz_boxlog *log, int kind, double minx, double miny,
                   double maxx, double maxy);

/* A label placed on the page; drawn after all are placed so that no
 * halo covers another label's text. */
typedef struct kz_placed {
    PangoLayout *layout; /* one reference owned */
    double x, y;         /* top left; the centre when angle is not 0 */
    const kz_rgb *color;
    double angle;        /* radians, clockwise on the page (y down) */
} kz_placed;

/* Draw the placed labels: halos first (outlines on raster surfaces; on
 * vector surfaces, when the style asks, one raster mask so that a page
 * does not carry an outline per glyph), then the text as text. */
struct kz_page;
int kz__labels_draw(struct kz_page *pg);
/* halo.c: the halos of the placed labels on a vector surface: text in a
 * Type 3 font of grown glyph outlines on a surface marked by
 * kz__halo_as_text, else stroked glyph outlines, one recording surface per
 * distinct glyph painted at each occurrence.  KZ_ENOMEM, KZ_EGEOM. */
int kz__halo_draw_vector(struct kz_page *pg);
/* Mark s (a PDF surface, or a recording replayed only into one) as
 * finished by kz__pdf_finish, which makes the Type 3 halo text silent for
 * text extraction: halos drawn on s may then be text.  KZ_ENOMEM. */
int kz__halo_as_text(kz_ctx *ctx, cairo_surface_t *s);
void kz__labels_release(struct kz_page *pg);

/* --- one page being drawn (map.c, furniture.c) --- */
typedef struct kz_page {
    kz_ctx *ctx;
    cairo_t *cr;
    const kz_survey *sv;
    const kz_basemap *bm;
    const kz_style *st;
    const kz_map_options *o;
    GEOSContextHandle_t h;
    kz_view v;
    kz_text txt;
    kz_collide *grid;       /* symbols, labels and furniture */
    kz_collide *lgrid;      /* labels and furniture only */
    double fx, fy, fw, fh;  /* frame, points */
    unsigned char *focus;   /* per district: 1 when highlighted */
    long n_focus;
    char crs[160];
    double density_breaks[KZ_STYLE_MAX_CLASSES];
    size_t n_density;
    double *density;        /* per district, NAN when unknown */
    int has_gallery, has_schematic, has_shaft, has_mother;
    int has_others;         /* districts beside the focus are drawn */
    int has_countries;      /* neighbouring countries are drawn */
    unsigned ref_drawn[KZ_REF_KINDS]; /* bit cls: reference class drawn */
    int has_relief;         /* hillshade under the fills (dem.c) */
    double contour_step;    /* contour interval drawn, m; 0: none */
    struct kz_contours *contours; /* lines kept for their labels (dem.c) */
    struct kz_refpage *refp; /* reference lines and places (reference_draw.c) */
    double fbox[3][4];      /* legend, inset, scale bar: x, y, w, h */
    int fcorner[3];         /* 0 TL, 1 TR, 2 BL, 3 BR; -1: not drawn */
    double *sym_xy;         /* outlets: x, y, radius, 1 when focus */
    size_t n_sym;
    double *focus_xy;       /* where the focus districts' names go: x, y */
    size_t n_focus_xy;
    kz_boxlog *log;
    struct kz_placed *placed; /* labels waiting to be drawn */
    size_t n_placed, cap_placed;
    kz_map_result res;
} kz_page;

/* --- dem.c: relief from the basemap's DEM --- */
/* Hillshade of the map area as one 8-bit grey image, clipped to the
 * frame, drawn before the district fills (which then go translucent);
 * nothing without a DEM or when it does not cover the window.  Sets
 * pg->has_relief.  KZ_EINPUT naming the DEM, KZ_ENOMEM. */
int kz__relief_draw(kz_page *pg);
/* Contour lines at an interval chosen from the scale, over the fills;
 * sets pg->contour_step.  Their elevation labels are placed by
 * kz__contours_label after the kahriz labels. */
int kz__contours_draw(kz_page *pg);
int kz__contours_label(kz_page *pg);
void kz__contours_release(kz_page *pg);
/* Elevations of many points from one opening of the DEM at path (a
 * sampler per thread: GDAL datasets are not shared).  kz__dem_open:
 * KZ_EINPUT naming the file, KZ_EPROJ, KZ_ENOMEM; caller closes with
 * kz__dem_close (NULL is a no-op).  kz__dem_sample: metres at lon/lat,
 * bilinear between pixel centres; KZ_ENOTFOUND outside the DEM or where
 * one of the four pixels has no data, KZ_EINPUT when unreadable. */
typedef struct kz_dem kz_dem;
/* The bilingual source line ("source" of the catalog), naming the DEM's
 * file for the relief when bm has one: "...; relyef: srtm.tif / ...;
 * relief: srtm.tif".  *second as kz__text_bilingual. */
void kz__source_text(char *buf, size_t cap, long *second,
                     const kz_style *st, const kz_basemap *bm);
/* The elevation model at path resampled to an nx x ny grid over ground
 * (xmin, ymin, xmax, ymax in crs; pixel centres at .5): *z (nx * ny
 * floats, rows from the top; caller frees with kz__free), KZ_DEM_NODATA
 * where the model has no data, *zmin / *zmax over the rest; *z NULL when
 * the model has none in the grid.  A pixel's place in the model comes
 * from PROJ at every few pixels, interpolated between to within a tenth
 * of the model's pixel; its value is bilinear between the model's pixel
 * centres (those with data, weighted anew), read from the model averaged
 * down to about the grid's pixel where it is finer.  KZ_EINPUT naming
 * the file, KZ_EPROJ, KZ_ENOMEM. */
#define KZ_DEM_NODATA -32768.0
int kz__dem_resample(kz_ctx *ctx, const char *path, const char *crs,
                     const double ground[4], int nx, int ny, float **z,
                     double *zmin, double *zmax);
int kz__dem_open(kz_dem **out, kz_ctx *ctx, const char *path);
int kz__dem_sample(kz_dem *d, double lon, double lat, double *metres);
void kz__dem_close(kz_dem *d);
/* Elevations from bm's DEM for the kahrizes of sv surveyed without one:
 * *out (caller frees with kz__free) holds two per kahriz, the outlet's
 * and the mother well's, NAN where the survey has its own or the DEM
 * none; *out NULL when bm has no DEM.  KZ_EINPUT naming the DEM,
 * KZ_ENOMEM. */
int kz__dem_sample_kahrizes(double **out, kz_ctx *ctx, const kz_basemap *bm,
                            const kz_survey *sv);

/* --- reference.c: rivers, lakes, roads, places --- */
int kz__ref_draw_water(kz_page *pg);  /* water areas, before the fills */
int kz__ref_draw_lines(kz_page *pg);  /* rivers, then roads */
int kz__ref_draw_places(kz_page *pg); /* settlement dots */
/* Names: first (pass 0) the survey's villages and the cities, before the
 * kahrizes; then (pass 1) the other places, lakes, rivers along the line. */
int kz__ref_label(kz_page *pg, int pass);
void kz__ref_page_release(kz_page *pg);

/* Douglas-Peucker: set keep[i] for the points of x[a..b], y[a..b] (page
 * points) that keep the line within tol; *stack and *cap are scratch the
 * caller frees (and may reuse).  KZ_ENOMEM. */
int kz__simplify_keep(kz_ctx *ctx, const double *x, const double *y,
                      size_t a, size_t b, double tol, unsigned char *keep,
                      size_t **stack, size_t *cap);

/* Place layout l at the first free candidate top-left corner (inside
 * the map area, clear of the collision grid; with over_symbols clear of
 * labels and furniture only) and queue it to be drawn in color; *placed
 * says whether it was.  KZ_ENOMEM. */
int kz__label_place(kz_page *pg, PangoLayout *l, double (*cand)[2],
                    size_t n_cand, const kz_rgb *color, int over_symbols,
                    int *placed);
/* Place l centred on (cx, cy) turned by angle (radians, y down) when its
 * bounding box (half width bw, half height bh) is inside the map area and
 * clear of symbols, labels and furniture.  KZ_ENOMEM. */
int kz__label_place_rotated(kz_page *pg, PangoLayout *l, double cx,
                            double cy, double bw, double bh, double angle,
                            const kz_rgb *color, int *placed);

/* --- area_labels.c --- */
/* Point inside the visible part of g (page geometry) where its name goes,
 * in page points, and that part's area; 0 when there is none. */
int kz__area_anchor(kz_page *pg, const GEOSGeometry *g, double *x,
                    double *y, double *area);
/* District names, before the kahriz labels: dg are the districts'
 * geometries on the page (NULL: off it), kahrizes (may be NULL) the
 * number of each district's outlets in the frame. */
int kz__label_districts(kz_page *pg, GEOSGeometry *const *dg,
                        const unsigned *kahrizes);
/* Neighbouring countries (in capitals) and the sea (italic). */
int kz__label_context(kz_page *pg, GEOSGeometry *const *ng,
                      GEOSGeometry *const *sg);

/* --- leaders.c --- */
/* Place l near the anchor (ax, ay) with a leader line from a dot at the
 * anchor, clear of labels, furniture and the n_avoid boxes of avoid (x0,
 * y0, x1, y1; may be NULL; nor does the line cross one but the anchor's
 * own), and of symbols when it can be; towards dir
 * (page radians, y down; NAN: upper right first); *placed says whether it
 * was.  KZ_ENOMEM. */
int kz__leader_place(kz_page *pg, PangoLayout *l, double ax, double ay,
                     double dir, const double *avoid, size_t n_avoid,
                     const kz_rgb *color, int *placed);
/* The number num (bold, size points) on (x, y) or just beside it, over
 * symbols if need be; when *placed, it is the last of pg->placed. */
int kz__number_place(kz_page *pg, const char *num, double x, double y,
                     double size, const kz_rgb *color, int *placed);
/* The list of numbered names ("1 Sədərək / Sadarak", a line each) as one
 * label wherever on the map it finds room. */
int kz__keylist_place(kz_page *pg, const char *list, const kz_rgb *color,
                      int *placed);
/* Take back entry index of pg->placed (its room stays taken). */
void kz__label_forget(kz_page *pg, size_t index);

/* Page points per metre s made the next smaller standard scale (1:25 000,
 * 50 000, 100 000, 200 000, 250 000, 500 000, 1 000 000); s itself
 * beyond the series. */
double kz__scale_standard(double s);

/* --- furniture.c --- */
/* Round scale bar length (1-2-5 series) in km not longer than max_km. */
double kz__scalebar_choose(double max_km);
/* Graticule step in degrees for a span of degrees. */
double kz__graticule_step(double span_deg);
/* Ground metres per page point at the centre of the view (geodesic). */
int kz__view_ground_m_per_pt(double *out, const kz_view *v);
/* The map area in cr's device units (x, y, w, h) and the map CRS
 * coordinates of its west, south, east and north edges. */
void kz__view_georef(const kz_view *v, cairo_t *cr, double frame[4],
                     double ground[4]);
/* True north at the centre of the view, degrees clockwise from up. */
int kz__view_north_deg(double *out, const kz_view *v);
/* Lay out the furniture boxes (legend, inset, scale bar) in the corners
 * and insert them into the collision grid; then draw them (after labels). */
int kz__furniture_place(kz_page *pg);
int kz__furniture_draw(kz_page *pg);
/* Graticule lines (inside the clip) and edge labels (outside). */
int kz__graticule_draw(kz_page *pg, int labels);
/* Height the map frame keeps under the bottom edge labels for the line
 * naming the projection. */
double kz__projection_line_h(const kz_style *st);
/* "UTM 38N, WGS84 (EPSG:32638)", "LAEA 40.2°N 47.7°E, WGS84", else the
 * CRS as given. */
void kz__crs_name(char *buf, size_t cap, const char *crs);
/* The projection under the map area, in the frame: "Proyeksiya /
 * Projection: UTM 38N, WGS84 (EPSG:32638)", cut to the frame's width. */
void kz__projection_draw(kz_page *pg);
/* Radius of the circle holding the whole symbol (stroke included) and of
 * the circle inside which it is opaque (0 for strokes only). */
void kz__symbol_extent(const kz_style *st, int cond, double r, double *outer,
                       double *inner);
/* Draw one outlet symbol of condition cond, radius r. */
void kz__symbol_draw(cairo_t *cr, const kz_style *st, int cond, double x,
                     double y, double r);

static inline void kz__set_rgb(cairo_t *cr, const kz_rgb *c)
{
    cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

#endif
