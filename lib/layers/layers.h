/*
 * layers.h - internals of lib/layers: what a map draws, one kind a file,
 * each asked by the composer (map/) in drawing order: the base fills and
 * borders (districts.c), reference geography (reference.c), the survey's
 * galleries, shafts and mother wells (galleries.c) and outlets
 * (outlets.c) with their symbols (symbols.c); cover.c keeps what symbols
 * drawn on top hide.  Names go to the labeller (label/).
 */
#ifndef KZ_LAYERS_H
#define KZ_LAYERS_H

#include <stdint.h>

#include "basemap/basemap.h"
#include "label/label.h"

/* --- symbols.c --- */
/* Radius of the circle holding the whole symbol (stroke included) and of
 * the circle inside which it is opaque (0 for strokes only). */
void kz__symbol_extent(const kz_style *st, int cond, double r, double *outer,
                       double *inner);
/* Draw one outlet symbol of condition cond, radius r. */
void kz__symbol_draw(cairo_t *cr, const kz_style *st, int cond, double x,
                     double y, double r);
/* The same with its colours taken fade (0-1) of the way toward the paper:
 * a neighbour's kahriz, muted. */
void kz__symbol_draw_faded(cairo_t *cr, const kz_style *st, int cond,
                           double x, double y, double r, double fade);

/* The mother well: a solid triangle pointing down (the well sunk below
 * the water table) in the shaft colour, edged in paper; its tip and base
 * corners KZ_MOTHER_WELL_R shaft radii from (x, y), times scale.  No
 * circle: dots are the towns' and villages', rings the shafts'. */
#define KZ_MOTHER_WELL_R 3.0
void kz__symbol_mother_well(cairo_t *cr, const kz_style *st, double x,
                            double y, double scale);

/* --- districts.c --- */
/* The sea and the neighbouring countries filled (the countries at opacity
 * fa, under relief); sg and ng receive the page geometry of each sea part
 * and country (NULL: off the page), for their names.  KZ_EGEOM. */
int kz__context_draw(kz_page *pg, GEOSGeometry **ng, GEOSGeometry **sg,
                     double fa);
/* The districts filled at opacity fa (plain, by density class with
 * KZ_FILL_DENSITY, the map's own lighter); dg receives the page geometry
 * of each district (NULL: off the page).  KZ_ENOMEM, KZ_EGEOM. */
int kz__districts_fill(kz_page *pg, GEOSGeometry **dg, double fa);
/* The districts' borders in one path, the state's land border over them
 * (where the country's outline runs along one of the nn neighbouring
 * countries of ng, as kz__context_draw made them), the map's own outlined
 * over all.  KZ_ERENDER, KZ_ENOMEM from cairo, KZ_EGEOM. */
int kz__districts_borders(kz_page *pg, GEOSGeometry *const *dg,
                          GEOSGeometry *const *ng, size_t nn);
/* Whether the state's land border drawn crosses the page box x, y, w, h
 * (a kahriz's name there would straddle it).  0 when none was drawn. */
int kz__districts_crossed(kz_page *pg, double x, double y, double w,
                          double h);
/* The state's land border kept for the labels, released. */
void kz__districts_release(kz_page *pg);

/* --- cover.c --- */
/* An outlet on the page, in label priority order. */
typedef struct kz_outlet {
    uint32_t k;
    double q; /* latest discharge, NAN when not measured */
    int cond, size_cls;
    int muted; /* a neighbour's on a district or region map */
    double x, y, r;
} kz_outlet;

typedef struct kz_idvec {
    uint32_t *ids;
    size_t n, cap;
} kz_idvec;

/* Symbols that would print on top of an identical one (same class and
 * size, centres in the same cell of a quarter of the radius) add bytes but
 * nothing visible: they are skipped, so a dense page costs what can be
 * seen, not what the survey holds.  Open addressing on the cell key. */
typedef struct kz_seen_set {
    uint64_t *keys; /* 0: empty */
    size_t mask;
} kz_seen_set;

/* Occlusion of outlet symbols: a raster over the frame whose cells are set
 * once they lie wholly inside the opaque part of a symbol drawn on top.
 * Walking the symbols from the top down, one whose every cell is set (or
 * outside the frame, where the clip hides it) cannot show and is not
 * drawn.  Conservative: a cell only partly covered counts as visible. */
typedef struct kz_cover {
    unsigned char *c;
    long nx, ny;
    double x0, y0, cell;
} kz_cover;

#define KZ_COVER_CELL 0.5 /* points */
#define KZ_COVER_MAX 4096 /* cells a side */

/* A set of n keys at most (never 0).  KZ_ENOMEM. */
int kz__seen_init(kz_ctx *ctx, kz_seen_set *s, size_t n);
/* 1 when the key was there already; else adds it. */
int kz__seen_add(kz_seen_set *s, uint64_t key);
/* Key of the grid cell (of size cell) holding (x, y), with tag in the low
 * 20 bits; tag must not be 0, so that no key is. */
uint64_t kz__grid_key(double x, double y, double cell, uint64_t tag);
/* An empty cover over the map area of v, in cells of KZ_COVER_CELL
 * (coarser where that would pass KZ_COVER_MAX a side).  KZ_ENOMEM. */
int kz__cover_init(kz_ctx *ctx, kz_cover *cv, const kz_view *v);
/* 1 when every cell the circle (x, y, r) touches is covered or clipped. */
int kz__cover_hidden(const kz_cover *cv, double x, double y, double r);
/* Cover the cells wholly inside the circle at (x, y) of radius r. */
void kz__cover_mark(kz_cover *cv, double x, double y, double r);
/* Whether the segment from (x0, y0) to (x1, y1), hw either side, is
 * wholly covered. */
int kz__cover_line_hidden(const kz_cover *cv, double x0, double y0,
                          double x1, double y1, double hw);

/* --- galleries.c --- */
/* Galleries, shafts and mother wells of the outlets ol (not those hidden
 * under cv).  KZ_ENOMEM, KZ_EGEOM. */
int kz__galleries_draw(kz_page *pg, const kz_outlet *ol, size_t n,
                       const kz_cover *cv);

/* --- outlets.c --- */
/* The kahrizes whose outlets fall in the lon/lat window grown by pad_deg
 * (through the map options' index, else one scan).  KZ_ENOMEM, KZ_EINVAL
 * when the index does not hold the survey. */
int kz__outlets_find(kz_page *pg, kz_idvec *out, double pad_deg);
/* Outlets of ids on the page, in label priority order: *out (caller
 * frees with kz__free).  KZ_ENOMEM. */
int kz__outlets_make(kz_page *pg, const kz_idvec *ids, kz_outlet **out,
                     size_t *n_out);
/* draw[i] set for the outlets that can show (not under an identical one
 * nor wholly covered by those over them; every one with keep_hidden),
 * marking cv.  KZ_ENOMEM. */
int kz__outlets_visible(kz_page *pg, const kz_outlet *ol, size_t n,
                        kz_cover *cv, unsigned char *draw);
/* Draw the outlets marked in draw, in the reverse of priority order. */
int kz__outlets_draw(kz_page *pg, const kz_outlet *ol, size_t n,
                     const unsigned char *draw);
/* Name the outlets beside their symbols where there is room and the name
 * reads as theirs (among the symbols draw marks), else on a leader. */
int kz__outlets_label(kz_page *pg, const kz_outlet *ol, size_t n,
                      const unsigned char *draw);
/* Whether o is a kahriz of the map's own district or region. */
int kz__outlet_is_focus(const kz_page *pg, const kz_outlet *o);

/* --- reference.c: rivers, lakes, roads, places --- */
int kz__ref_draw_water(kz_page *pg);  /* water areas, before the fills */
int kz__ref_draw_lines(kz_page *pg);  /* rivers, then roads */
int kz__ref_draw_places(kz_page *pg); /* settlement dots to name */
/* Names: the lakes and the places in a district of their own name (pass
 * 0, before the districts' names: such a place's label names the district
 * too, pg->named_by_place); the survey's villages, the cities and the
 * rivers along their lines (pass 1, before the kahrizes); the other
 * places (pass 2).  Each water body is named once, however many features
 * (OpenStreetMap ways) it is drawn from. */
int kz__ref_label(kz_page *pg, int pass);
/* The settlement dots whose names were placed (after the last pass):
 * every dot drawn is named. */
void kz__ref_draw_dots(kz_page *pg);
void kz__ref_page_release(kz_page *pg);

#endif
