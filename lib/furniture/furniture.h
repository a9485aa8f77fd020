/*
 * furniture.h - internals of lib/furniture: what makes a map readable
 * around its data: the graticule and the projection line (graticule.c),
 * the legend (legend.c), the inset locator (inset.c) and the scale box
 * (scalebar.c), measured and put in the corners that cover least of the
 * map's subject (place.c).
 */
#ifndef KZ_FURNITURE_H
#define KZ_FURNITURE_H

#include <math.h>

#include "layers/layers.h"
#include "relief/relief.h"

/* Round scale bar length (1-2-5 series) in km not longer than max_km. */
double kz__scalebar_choose(double max_km);
/* Graticule step in degrees for a span of degrees. */
double kz__graticule_step(double span_deg);
/* Plan the furniture boxes (legend, inset, scale bar) off the map's
 * subject (place.c says how) for the outlets ol found in the frame.
 * *fits 0: no place was free and a band was added to pg->reserve; the
 * caller fits the view anew and plans again (last: take the best place
 * even over the subject).  KZ_ENOMEM, KZ_EGEOM, KZ_EPROJ. */
int kz__furniture_plan(kz_page *pg, const kz_outlet *ol, size_t n,
                       int last, int *fits);
/* Leave out of ol (*n shrinks) the neighbours' outlets under a box. */
void kz__furniture_outlets_free(const kz_page *pg, kz_outlet *ol, size_t *n);
/* The boxes shrunk to what they hold and inserted into the collision
 * grids (before any label); then drawn (after the labels). */
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
/* --- shared by the furniture's files --- */
#define KZ_PAD 4.0 /* points inside furniture boxes */

/* Decimals that show v (a class limit, a scale) exactly: 0, 1 or 2. */
static inline int kz__decimals_of(double v)
{
    if (fabs(v - round(v)) < 1e-9)
        return 0;
    if (fabs(v * 10 - round(v * 10)) < 1e-6)
        return 1;
    return 2;
}

typedef struct kz_scalebar {
    double km, len, mpp; /* km, page length, ground metres per point */
} kz_scalebar;

/* The kinds of a legend's rows. */
typedef enum kz_legend_row {
    KZ_ROW_HEAD, KZ_ROW_COND, KZ_ROW_SIZE, KZ_ROW_GALLERY, KZ_ROW_SCHEMATIC,
    KZ_ROW_SHAFT, KZ_ROW_MOTHER, KZ_ROW_DISTRICT, KZ_ROW_DENSITY,
    KZ_ROW_DENSITY_ZERO, KZ_ROW_FOCUS, KZ_ROW_OTHERS, KZ_ROW_COUNTRIES,
    KZ_ROW_WATER, KZ_ROW_RIVER, KZ_ROW_ROAD, KZ_ROW_CITY, KZ_ROW_SETTLEMENT,
    KZ_ROW_STATE, KZ_ROW_RELIEF, KZ_ROW_CONTOUR
} kz_legend_row;

/* legend.c: the key of a row of kind (cls: its class, the condition,
 * size or density class; size -1: not measured) centred on (sx, cy) as
 * a map's legend draws it, for a page that explains the maps (the
 * atlas's introduction): lines in their widest class, a district's swatch
 * as a map of conditions shows it.  The cairo state is kept. */
void kz__legend_key(cairo_t *cr, const kz_style *st, kz_legend_row kind,
                    int cls, double sx, double cy);
/* legend.c: a class between breaks br (nbr of them) in lang's numbers, as
 * the legends write it: "< 0,5", "0,5–<2", "10+"; zero: a row of 0 stands
 * before the classes, so the first reads ">0–<0,5". */
void kz__legend_range(char *buf, size_t cap, const double *br, size_t nbr,
                      size_t cls, int zero, const char *lang);
/* legend.c: the whole legend at x, y, drawn when draw; *w, *h receive its
 * size. */
void kz__legend(kz_page *pg, int draw, double x, double y, double *w,
                double *h);
/* inset.c: the inset's view at most maxw wide (its box's size in *w,
 * *h). */
int kz__inset_view(kz_page *pg, kz_view *iv, double *w, double *h,
                   double maxw);
/* inset.c: draw the inset with its top-left at bx, by. */
int kz__inset_draw(kz_page *pg, double bx, double by);
/* scalebar.c: the bar's round length for the map; its box's size; the box
 * drawn with its top-left at bx, by. */
int kz__scalebar_compute(kz_page *pg, kz_scalebar *sb);
void kz__scalebar_size(kz_page *pg, const kz_scalebar *sb, double *w,
                       double *h);
int kz__scalebar_draw(kz_page *pg, const kz_scalebar *sb, double bx,
                      double by, double bw, double bh);

#endif
