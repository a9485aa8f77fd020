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

/* Release everything the survey holds but what aggregate/ keeps in it
 * (the locator, released first by kz_survey_destroy); NULL is a no-op. */
void kz__survey_free(kz_survey *sv);

/* The rejections of one reading, for the load's error message: rows and
 * whole sources rejected, and where the first was. */
typedef struct kz_rejected {
    long rows, sources;
    char file[512], field[64], msg[768];
    long row;
} kz_rejected;

/* Read every source of sources into *out (the kahrizes sorted, their
 * assessments and shafts grouped; not yet assigned to districts), every
 * row used or reported in report; *rej says what was rejected (lib/
 * ingest/read.c).  KZ_EINVAL, KZ_EPROJ, KZ_EINPUT, KZ_ENOMEM; caller
 * destroys *out with kz_survey_destroy. */
int kz__survey_read(kz_survey **out, kz_ctx *ctx, const kz_sources *sources,
                    kz_report *report, kz_rejected *rej);

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
