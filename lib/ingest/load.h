/*
 * load.h - state of one reading of a survey's sources (read.c), shared by
 * the row readers (load.c, kobo.c, districts.c), the CRSs (crs.c) and the
 * row report (report.c).
 */
#ifndef KZ_LOAD_H
#define KZ_LOAD_H

#include "ingest/ingest.h"

/* A CRS met in the input, resolved once per load. */
typedef struct kz_crs {
    char *crs;    /* normalised: "EPSG:32638", WKT or a PROJ string */
    PJ *op;       /* to WGS84 lon/lat, borrowed from the context's cache */
    int ok;       /* PROJ knows it */
    int identity; /* already WGS84 lon/lat */
    int has_area;
    double w, s, e, n; /* area of use, degrees */
} kz_crs;

typedef struct kz_load {
    kz_ctx *ctx;
    const kz_sources *opts;
    kz_report *report;
    kz_survey *sv;
    kz_mappings map;
    const char *default_crs;
    int32_t today;
    double max_gps_error_m; /* precision worse than this is a warning */
    kz_crs *crs, *last_crs;
    size_t n_crs, cap_crs;
    int fatal;              /* sticky KZ_ENOMEM and the like */
    long rejected_rows;     /* rows reported as errors */
    long rejected_sources;  /* sources unusable as a whole */
    kz_strmap rejected_ids; /* kahriz id -> row of its rejected record */
    kz_strmap shaft_seqs;   /* "kahriz:seq" -> row of its first shaft */
    kz_strmap visit_dates;  /* "kahriz:date" -> its first visit, index into
                               the survey's assessments */
    int row_left_out;       /* the row being read is left out (a warning
                               says why): neither accepted nor rejected */
    kz_arena scratch;       /* keys of rejected_ids */
    kz_buf id;              /* the id of the row being read */
    /* the first error, for the context's message */
    char first_file[512], first_field[64], first_msg[768];
    long first_row;
} kz_load;

typedef struct kz_row {
    kz_load *ls;
    kz_src *src;
    long row;
    int errors;
} kz_row;

void kz__row_error(kz_row *rs, const char *field, const char *fmt, ...)
    KZ_PRINTF(3, 4);
void kz__row_warning(kz_row *rs, const char *field, const char *fmt, ...)
    KZ_PRINTF(3, 4);
/* Leave the row being read out of the survey: it was reported with a
 * warning saying why, and is counted as read but neither accepted nor
 * rejected. */
void kz__row_leave_out(kz_row *rs);
/* Account for a row once it was read: counted as accepted or rejected in
 * its source's summary (or as left out).  Returns the load's fatal code
 * (0 when none). */
int kz__row_done(const kz_row *rs);
kz_crs *kz__crs_get(kz_load *ls, const char *crs);
int kz__locate(kz_row *rs, const kz_crs *c, const char *field, double x,
               double y, double *lon, double *lat);
/* The tables of a survey, as kz__read_source reads them. */
typedef enum kz_table {
    KZ_TABLE_KAHRIZES,
    KZ_TABLE_ASSESSMENTS,
    KZ_TABLE_SHAFTS
} kz_table;

/* The columns a table may have, in their order. */
void kz__table_cols(kz_table table, const kz_colspec **specs, size_t *n);
/* Bind the columns of an opened source (src->layer, role, spec; its report
 * slot begun unless src->slot is SIZE_MAX) to a table and read every row
 * into ls->sv.  The caller closes src.  Returns KZ_OK (rows rejected are
 * counted in ls) or a fatal code. */
int kz__read_source(kz_load *ls, kz_src *src, kz_table table);
/* Read a KoboToolbox or ODK Central export of the kahriz survey form
 * (kobo.c): kahrizes, assessments and shafts. */
int kz__read_kobo(kz_load *ls, const char *path);
/* Read the district polygons into ls->sv. */
int kz__read_districts(kz_load *ls, const char *spec);

#endif
