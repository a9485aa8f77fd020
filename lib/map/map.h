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
#endif
