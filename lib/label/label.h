/*
 * label.h - internals of lib/label, the labeller: labels placed on a map
 * page clear of what is placed already (kz_page's collision grids), in
 * order of priority, straight, turned along a line, beside an anchor on a
 * leader line or as a number keyed in a list; area names (districts,
 * countries, the sea); then all drawn at once, halos first.  The layers
 * ask it to place; it never calls a layer or the composer.
 */
#ifndef KZ_LABEL_H
#define KZ_LABEL_H

#include "canvas/canvas.h"

/* Boxes placed on a page, for tests: kind (0 symbol, 1 label, 2
 * furniture, 3 label that may sit over symbols, 4 symbol of the map's own
 * district or region, 5 leader line from its anchor to its name, 6 list of
 * numbered area names), minx, miny, maxx, maxy per entry. */
typedef struct kz_boxlog {
    kz_ctx *ctx;
    double *b;
    size_t n, cap; /* entries */
} kz_boxlog;

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

/* --- place.c --- */
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

/* --- area.c --- */
/* Point inside the visible part of g (page geometry) where its name goes,
 * in page points, and that part's area; 0 when there is none. */
int kz__area_anchor(kz_page *pg, const GEOSGeometry *g, double *x,
                    double *y, double *area);
/* Which cities with district status get their marker (the cities'
 * ring round a dot) on this map: pg->seat[i] and pg->has_seat, before
 * the legend is measured.  A city beside the map's own districts, not in
 * a rayon of its name, whose anchor is in the frame and not under the
 * furniture planned.  dg as below.  KZ_ENOMEM. */
int kz__label_seats(kz_page *pg, GEOSGeometry *const *dg);
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
/* As kz__leader_place, at most max_r points off, clear of symbols. */
int kz__leader_clear(kz_page *pg, PangoLayout *l, double ax, double ay,
                     double max_r, const kz_rgb *color, int *placed);
/* Whether a caller refuses a label's box (x, y, w, h) on the page. */
typedef int (*kz_box_reject)(kz_page *pg, double x, double y, double w,
                             double h);
/* Place l at most max_r points off the rim of the symbol of radius r at
 * (x, y), clear of symbols, labels and furniture and of the boxes reject
 * refuses (may be NULL), with a leader line from the rim that crosses
 * none of them; *placed says whether it was.  KZ_ENOMEM. */
int kz__leader_symbol(kz_page *pg, PangoLayout *l, double x, double y,
                      double r, double max_r, kz_box_reject reject,
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

#endif
