/*
 * canvas.h - internals of lib/canvas: what every drawing room draws on.
 * The view from a map's CRS to page points (y down), text laid out by
 * pango in the style's fonts, glyph runs queued per font, cairo's output
 * streams, and the state of one map page that the composer, the layers
 * and the labeller share (kz_page).  Page units are points.
 */
#ifndef KZ_CANVAS_H
#define KZ_CANVAS_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "geo/geo.h"
#include "style/style.h"

/* Geometry simplified for a page: 0.1 mm on paper. */
#define KZ_TOL_PT (0.1 * KZ_MM)

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
/* The page box (x, y, w, h points) as a rectangle in the map CRS; NULL
 * when GEOS has no memory. */
GEOSGeometry *kz__view_box(GEOSContextHandle_t h, const kz_view *v,
                           const double b[4]);
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
/* Douglas-Peucker: set keep[i] for the points of x[a..b], y[a..b] (page
 * points) that keep the line within tol; *stack and *cap are scratch the
 * caller frees (and may reuse).  KZ_ENOMEM. */
int kz__simplify_keep(kz_ctx *ctx, const double *x, const double *y,
                      size_t a, size_t b, double tol, unsigned char *keep,
                      size_t **stack, size_t *cap);

/* Page points per metre s made the next smaller standard scale (1:25 000,
 * 50 000, 75 000, 100 000, 150 000, 200 000, 250 000, 300 000, 400 000,
 * 500 000, 750 000, 1 000 000, 1 500 000, 2 000 000: no step over 1.5);
 * s itself beyond the series. */
double kz__scale_standard(double s);

/* Ground metres per page point at the centre of the view (geodesic). */
int kz__view_ground_m_per_pt(double *out, const kz_view *v);
/* The map area in cr's device units (x, y, w, h) and the map CRS
 * coordinates of its west, south, east and north edges. */
void kz__view_georef(const kz_view *v, cairo_t *cr, double frame[4],
                     double ground[4]);
/* True north at the centre of the view, degrees clockwise from up. */
int kz__view_north_deg(double *out, const kz_view *v);
/* cairo's status as ours: KZ_ENOMEM or KZ_ERENDER naming what was being
 * drawn ("cairo: map frame: ..."). */
int kz__cairo_check(kz_ctx *ctx, cairo_t *cr, const char *what);
/* Fill the rectangle r (x, y, w, h) with cr's source, or paint the whole
 * target when r is NULL.  On a raster target (a 1200 dpi page is half a
 * gigabyte of pixels) in bands of whole pixel rows, a stop asked for
 * heard between them: KZ_EINTERRUPTED, else KZ_OK.  The pixels and the
 * vector output are those of one fill or paint. */
int kz__fill_area(kz_ctx *ctx, cairo_t *cr, const double *r);

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

/* --- one map page being drawn: what the composer (map/), the layers and
 * the labeller share --- */
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
    unsigned char *seat;    /* per district: its city marker is drawn */
    int has_seat;           /* some city marker is drawn (label/area.c) */
    int has_others;         /* districts beside the focus are drawn */
    int has_muted;          /* neighbours' kahrizes are drawn, muted */
    int has_countries;      /* neighbouring countries are drawn */
    int has_state_border;   /* the state's land border is drawn */
    unsigned ref_drawn[KZ_REF_KINDS]; /* bit cls: reference class drawn */
    int has_relief;         /* hillshade under the fills (relief/) */
    int density_zero;       /* a district without kahrizes is hatched */
    double contour_step;    /* contour interval drawn, m; 0: none */
    struct kz_contours *contours; /* lines kept for their labels (relief/) */
    struct kz_refpage *refp; /* reference lines and places (layers/) */
    GEOSGeometry *state_line; /* the state's land border drawn (map CRS;
                                 layers/), which no kahriz name crosses */
    const GEOSPreparedGeometry *state_prep;
    double *sym;            /* the outlet symbols drawn: x, y, r (points;
                               layers/), which the district names keep off
                               where they can */
    size_t n_sym, cap_sym;
    unsigned char *named_by_place; /* per district: its name is given by
                                      the label of a place of that name
                                      in it (layers/); NULL: none */
    double fbox[3][4];      /* legend, inset, scale bar: x, y, w, h */
    int fcorner[3];         /* 0 TL, 1 TR, 2 BL, 3 BR, 4 along an edge;
                               -1: not drawn */
    int fanchor[3];         /* bit 0: the box keeps its right side when
                               it shrinks to what is drawn, bit 1 its
                               bottom */
    double reserve[4];      /* points of the map area the subject is fitted
                               beside, for the furniture: left, top,
                               right, bottom */
    double reserve_alt[4];  /* the band last kept the other way, unused */
    double env[4];          /* the subject's extent in map CRS */
    double plan_s;          /* a district map: the points per metre planned
                               for its region (map/series.c); 0: not yet */
    int legend_cols;        /* 1, or 2 when one column would be tall */
    struct kz_boxlog *log;  /* placed boxes, for tests (label/place.c) */
    struct kz_placed *placed; /* labels waiting to be drawn */
    size_t n_placed, cap_placed;
    kz_map_result res;
} kz_page;

/* A stop asked for by a signal (kz_ctx_interrupt): KZ_EINTERRUPTED, else
 * KZ_OK.  The layers look between features, so that even a 1200 dpi page
 * stops within a moment. */
int kz__stopped(const kz_page *pg);

static inline void kz__set_rgb(cairo_t *cr, const kz_rgb *c)
{
    cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

#endif
