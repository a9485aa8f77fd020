/*
 * locator.h - exact point-in-district location.  A grid over the districts
 * answers most points at once: a cell that no district boundary crosses
 * lies wholly inside the same districts, so it carries one answer; only
 * points in boundary cells go to the exact GEOS test on prepared
 * geometries, after an envelope prefilter.
 */
#ifndef KZ_LOCATOR_H
#define KZ_LOCATOR_H

#include "ingest/survey.h"

#define KZ_LOC_BOUNDARY (-2) /* cell crossed by a boundary: exact test */
#define KZ_LOC_OUTSIDE (-1)  /* cell outside every district */

typedef struct kz_locator {
    size_t n;                        /* districts */
    const GEOSPreparedGeometry **prep;
    const GEOSGeometry **geoms;      /* borrowed from the survey */
    double *env;                     /* n * 4: minx, miny, maxx, maxy */
    uint32_t *order;                 /* districts by code: tie-break rank */
    uint32_t *rank;                  /* position of each district in order */
    kz_rtree *env_index;             /* district envelopes */
    /* grid */
    double x0, y0, cw, ch;
    uint32_t w, h;
    int16_t *cell; /* district, KZ_LOC_OUTSIDE or KZ_LOC_BOUNDARY */
    size_t boundary_cells;
} kz_locator;

/* Build over the survey's districts (which must outlive the locator). */
int kz__locator_create(kz_locator **out, kz_ctx *ctx, const kz_survey *sv,
                       uint32_t grid_size);
/* District index of (lon, lat) or -1; exact, deterministic on boundaries
 * (see kz__locator_exact). */
long kz__locator_find(kz_ctx *ctx, const kz_locator *loc, double lon,
                      double lat);
/* The exact test alone (no grid): interior beats boundary; among several
 * candidates (shared boundary, overlapping slivers) the smallest code wins.
 * Returns -1 outside, or KZ_ERROR-family codes < -1 on GEOS failure. */
long kz__locator_exact(kz_ctx *ctx, const kz_locator *loc, double lon,
                       double lat);
/* Great-circle distance in km from (lon, lat) to the nearest district. */
double kz__locator_nearest_km(kz_ctx *ctx, const kz_locator *loc,
                              double lon, double lat, long *district);

/* Release the locator (kz_survey_destroy; NULL is a no-op). */
void kz__locator_destroy(kz_ctx *ctx, struct kz_locator *loc);

#endif
