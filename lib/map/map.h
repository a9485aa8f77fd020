/*
 * map.h - internals of lib/map, the composer: one map frame drawn by
 * calling the rooms below in order (map.c), and a map page written to a
 * PDF, PNG or SVG file with its title band and footer (file.c).  Including
 * it brings every drawing room's header.
 */
#ifndef KZ_MAP_H
#define KZ_MAP_H

#include "furniture/furniture.h"
#include "layers/layers.h"
#include "relief/relief.h"

/* kz_map_render() that also logs every placed box when log is not NULL
 * and sets *relief (when not NULL) to 1 when a hillshade was drawn. */
int kz__map_render_ex(kz_map_result *result, kz_ctx *ctx, cairo_t *cr,
                      const kz_survey *sv, const kz_basemap *bm,
                      const kz_style *st, const kz_map_options *opts,
                      kz_boxlog *log, int *relief);
/* The caller's options (version 2 or 3) as the current struct in *out, the
 * fields a version lacks zero.  KZ_EINVAL for another version. */
int kz__map_options_read(kz_map_options *out, kz_ctx *ctx,
                         const kz_map_options *in);
/* Widen env (west, south, east, north) to the extent of the lon/lat
 * geometry g's convex hull put through fwd.  KZ_ENOMEM, KZ_EGEOM,
 * KZ_EPROJ. */
int kz__map_envelope(kz_ctx *ctx, PJ *fwd, const GEOSGeometry *g,
                     double env[4]);
/* The scale of survey district d's map in a map area aw x ah points, in
 * points per metre (series.c): the standard scale that the districts of
 * its economic region and type (rayons, cities) share where each still
 * fills 0.6 of the area's length or breadth there, else its own (the
 * largest at which it fits).  *out is 0 when d has no geometry.
 * KZ_ENOMEM, KZ_EGEOM, KZ_EPROJ. */
int kz__district_scale(double *out, kz_ctx *ctx, const kz_survey *sv,
                       long d, double aw, double ah);
#endif
