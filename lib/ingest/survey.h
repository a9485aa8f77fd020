/*
 * survey.h - the in-memory survey model shared by ingest, aggregate,
 * render, atlas and export.  The survey owns every record and string (in
 * one arena) and the district geometries (valid, WGS84).  Once loaded it is
 * read-only, so many threads may read it at once.
 */
#ifndef KZ_SURVEY_H
#define KZ_SURVEY_H

#include "geo/geo.h"

/* Open-addressing string → index map (ids, district codes). */
typedef struct kz_strmap {
    const char **keys; /* borrowed from the survey's arena */
    uint32_t *vals;
    size_t cap, n;
} kz_strmap;

int kz__strmap_put(kz_ctx *ctx, kz_strmap *m, const char *key, uint32_t val);
/* Returns 1 and *val when found. */
int kz__strmap_get(const kz_strmap *m, const char *key, uint32_t *val);
void kz__strmap_release(kz_ctx *ctx, kz_strmap *m);

struct kz_survey {
    kz_ctx *ctx;
    kz_arena strings;

    kz_kahriz *kahrizes;
    size_t n_kahrizes, cap_kahrizes;
    kz_assessment *assessments; /* grouped by kahriz, by date within */
    size_t n_assessments, cap_assessments;
    kz_shaft *shafts; /* grouped by kahriz, by seq within */
    size_t n_shafts, cap_shafts;
    kz_district *districts;
    size_t n_districts, cap_districts;
    GEOSGeometry **district_geoms; /* lon/lat, valid */
    GEOSGeometry *country;         /* their union (the inset map's land);
                                      NULL when it cannot be made */

    kz_strmap kahriz_ids;
    kz_strmap district_codes;

    /* point-in-district accelerator, built by kz__survey_assign */
    struct kz_locator *locator;
};

/* Release the locator (called by kz_survey_destroy; NULL is a no-op). */
void kz__locator_destroy(kz_ctx *ctx, struct kz_locator *loc);

/* Assign every kahriz to the district containing its outlet (sets
 * kahriz->district) and report mismatches with the declared district and
 * points outside every district (lib/aggregate/assign.c). */
int kz__survey_assign(kz_ctx *ctx, kz_survey *sv, kz_report *report);

/* Union of the districts ds[0..n) (lon/lat); NULL on failure with the
 * context's error set: KZ_ENOMEM when an allocation failed, else
 * KZ_EGEOM.  Caller destroys it (lib/aggregate/stats.c). */
GEOSGeometry *kz__districts_union(kz_ctx *ctx, const kz_survey *sv,
                                  const uint32_t *ds, size_t n);

/* --- reports (lib/ingest/report.c) --- */
/* Start counting rows of a source; returns the summary slot index. */
int kz__report_begin_source(kz_report *r, const char *source,
                            const char *file, size_t *slot);
void kz__report_count(kz_report *r, size_t slot, long read, long accepted,
                      long rejected);
/* Add an entry; message is printf-formatted from trusted format strings,
 * data enters only as arguments.  Also counts a warning in the summary of
 * the given slot (or no slot: SIZE_MAX).  NULL report: ignored. */
int kz__report_add(kz_report *r, size_t slot, kz_severity sev,
                   const char *source, const char *file, long row,
                   const char *field, const char *fmt, ...) KZ_PRINTF(8, 9);

#endif
