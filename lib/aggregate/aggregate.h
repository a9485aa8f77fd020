/*
 * aggregate.h - internals of lib/aggregate shared with the rooms above:
 * a survey's kahrizes assigned to their districts, and districts united.
 * The district locator has its own header (locator.h).
 */
#ifndef KZ_AGGREGATE_H
#define KZ_AGGREGATE_H

#include "ingest/survey.h"

/* Assign every kahriz to the district containing its outlet (sets
 * kahriz->district) and report mismatches with the declared district and
 * points outside every district (assign.c). */
int kz__survey_assign(kz_ctx *ctx, kz_survey *sv, kz_report *report);

/* Union of the districts ds[0..n) (lon/lat); NULL on failure with the
 * context's error set: KZ_ENOMEM when an allocation failed, else
 * KZ_EGEOM.  Caller destroys it (stats.c). */
GEOSGeometry *kz__districts_union(kz_ctx *ctx, const kz_survey *sv,
                                  const uint32_t *ds, size_t n);

#endif
